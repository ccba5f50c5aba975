"""Test doubles for driver tests: a fake clock, and raw peers (a pty, a TCP server) written here.

The peers are deliberately not the simulators: a driver is checked against byte vectors from
PROTOCOLS.md, not against code that could share its mistakes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty
from datetime import UTC, datetime, timedelta


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class FakeClock:
    """A clock tests move by hand; `sleep()` returns when `advance()` passes its deadline."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._changed = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.now)

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self.now + seconds, future)
        self._sleepers.append(entry)
        self._changed.set()
        try:
            await future
        finally:
            self._sleepers.remove(entry)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for due, future in list(self._sleepers):
            if due <= self.now + 1e-9 and not future.done():
                future.set_result(None)

    def sleeping(self) -> list[float]:
        """Durations still to go of every pending sleep."""
        return sorted(due - self.now for due, f in self._sleepers if not f.done())

    async def wait_for_sleeper(self, duration: float | None = None, timeout: float = 3.0) -> None:
        """Return once some task sleeps (for exactly `duration` s to go, if given)."""

        def found() -> bool:
            pending = self.sleeping()
            if duration is None:
                return bool(pending)
            return any(abs(d - duration) < 1e-6 for d in pending)

        async with asyncio.timeout(timeout):
            while not found():
                self._changed.clear()
                await self._changed.wait()


class PtyPeer:
    """The device end of a pseudo-terminal, driven byte by byte from a test."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self.slave)
        self.url = f"serial://{self.path}?baud=9600"
        self._received = bytearray()

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    async def read_exactly(self, count: int, timeout: float = 2.0) -> bytes:
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout):
            while len(self._received) < count:
                ready: asyncio.Future[None] = loop.create_future()
                loop.add_reader(self.master, _wake, ready)
                try:
                    await ready
                finally:
                    loop.remove_reader(self.master)
                with contextlib.suppress(BlockingIOError):
                    self._received += os.read(self.master, 4096)
        data = bytes(self._received[:count])
        del self._received[:count]
        return data

    def hang_up(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpPeer:
    """A one-connection TCP server standing in for a network printer."""

    def __init__(self) -> None:
        self.server: asyncio.Server | None = None
        self.connections: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.port = 0

    async def start(self) -> None:
        async def accept(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            await self.connections.put((r, w))

        self.server = await asyncio.start_server(accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    async def accept(
        self, timeout: float = 2.0
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.wait_for(self.connections.get(), timeout)

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
