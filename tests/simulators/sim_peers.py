"""A host-side pty reader for simulator tests (raw bytes, never a driver)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class HostEnd:
    """The host's side of a simulator's pty, opened by path like a serial port."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        tty.setraw(self.fd)
        self._received = bytearray()

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    async def read_exactly(self, count: int, timeout: float = 2.0) -> bytes:
        """`count` bytes; EOFError or OSError (EIO) once the device side has hung up."""
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout):
            while len(self._received) < count:
                ready: asyncio.Future[None] = loop.create_future()
                loop.add_reader(self.fd, _wake, ready)
                try:
                    await ready
                finally:
                    loop.remove_reader(self.fd)
                with contextlib.suppress(BlockingIOError):
                    chunk = os.read(self.fd, 4096)
                    if not chunk:
                        raise EOFError("pty hung up")
                    self._received += chunk
        data = bytes(self._received[:count])
        del self._received[:count]
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
