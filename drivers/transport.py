"""Async byte transports opened from a URL: `serial://path?baud=N` and `socket://host:port`.

A transport moves bytes and reports when the far end is gone; it knows nothing of any device
protocol. Received bytes land in a bounded buffer that `read()` drains, so a device that floods
the line cannot eat the terminal's memory. A serial port is read through `loop.add_reader` on its
non-blocking file descriptor, so the event loop never blocks on a device.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import errno
import logging
import os
import termios
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from drivers.interfaces import DeviceError, DeviceGone, DeviceTimeout

log = logging.getLogger(__name__)

BUFFER_LIMIT = 64 * 1024
"""Bytes kept unread before the oldest are dropped (a device talking to nobody)."""


class Transport(abc.ABC):
    """A bidirectional byte stream to one device.

    `read()` raises `DeviceGone` once the line has dropped and the buffer is drained, and
    `DeviceTimeout` when nothing arrives in time; `wait_closed()` returns when the line drops.
    """

    def __init__(self, description: str) -> None:
        self.description = description
        self._buffer = bytearray()
        self._data = asyncio.Event()
        self._closed = asyncio.Event()
        self._closed.set()
        self._write_lock = asyncio.Lock()
        self.dropped_bytes = 0

    @property
    def closed(self) -> bool:
        """True before `open()`, after `close()`, and once the device has gone."""
        return self._closed.is_set()

    async def wait_closed(self) -> None:
        """Return when the transport is closed (by us or because the device went away)."""
        await self._closed.wait()

    @abc.abstractmethod
    async def open(self) -> None:
        """Connect. Raises DeviceGone if the device is not there."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Disconnect; safe to call twice."""

    @abc.abstractmethod
    async def _write_all(self, data: bytes) -> None: ...

    async def write(self, data: bytes) -> None:
        """Send all of `data`; concurrent writes never interleave. Raises DeviceGone."""
        if self.closed:
            raise DeviceGone(f"{self.description}: not connected")
        async with self._write_lock:
            await self._write_all(data)

    async def read(self, max_bytes: int = 4096, timeout: float | None = None) -> bytes:
        """Up to `max_bytes` received bytes, waiting at most `timeout` seconds for the first."""
        while not self._buffer:
            if self.closed:
                raise DeviceGone(f"{self.description}: connection closed")
            self._data.clear()
            waiter = asyncio.ensure_future(self._data.wait())
            closer = asyncio.ensure_future(self._closed.wait())
            try:
                done, _ = await asyncio.wait(
                    {waiter, closer}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                waiter.cancel()
                closer.cancel()
            if not done:
                raise DeviceTimeout(f"{self.description}: nothing received in {timeout} s")
        chunk = bytes(self._buffer[:max_bytes])
        del self._buffer[:max_bytes]
        return chunk

    def discard_input(self) -> None:
        """Forget every byte received and not yet read."""
        self._buffer.clear()

    def __aiter__(self) -> Transport:
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.read()
        except DeviceGone:
            raise StopAsyncIteration from None

    def _feed(self, data: bytes) -> None:
        self._buffer += data
        overflow = len(self._buffer) - BUFFER_LIMIT
        if overflow > 0:
            del self._buffer[:overflow]
            self.dropped_bytes += overflow
            log.warning("%s: receive buffer full, dropped %d bytes", self.description, overflow)
        self._data.set()

    def _mark_open(self) -> None:
        self._buffer.clear()
        self._closed.clear()

    def _mark_closed(self, reason: str) -> None:
        if not self._closed.is_set():
            log.info("%s: closed (%s)", self.description, reason)
        self._closed.set()
        self._data.set()


class SerialTransport(Transport):
    """A serial port (or pseudo-terminal) through pyserial, read with `loop.add_reader`."""

    def __init__(self, path: Path, baud: int) -> None:
        super().__init__(f"serial {path}")
        self.path = path
        self.baud = baud
        self._port: object | None = None
        self._fd: int | None = None

    async def open(self) -> None:
        import serial  # pyserial; imported here so socket-only set-ups do not need it

        if not self.closed:
            return
        try:
            port = serial.Serial(str(self.path), baudrate=self.baud, timeout=0, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceGone(f"{self.description}: cannot open: {exc}") from None
        self._port = port
        self._fd = port.fileno()
        self._mark_open()
        asyncio.get_running_loop().add_reader(self._fd, self._on_readable)

    def _on_readable(self) -> None:
        assert self._fd is not None
        try:
            data = os.read(self._fd, 4096)
        except BlockingIOError:
            return
        except OSError as exc:
            # EIO is how a pty says its master closed, and a USB adapter says it was unplugged.
            self._shutdown(f"read failed: {errno.errorcode.get(exc.errno or 0, exc)}")
            return
        if not data:
            self._shutdown("end of file")
            return
        self._feed(data)

    def discard_input(self) -> None:
        """Forget unread bytes, including those still in the kernel's tty queue."""
        if self._fd is not None:
            with contextlib.suppress(termios.error):
                termios.tcflush(self._fd, termios.TCIFLUSH)
        super().discard_input()

    async def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        loop = asyncio.get_running_loop()
        while view:
            if self._fd is None:
                raise DeviceGone(f"{self.description}: connection closed")
            try:
                sent = os.write(self._fd, view)
            except BlockingIOError:
                ready = loop.create_future()
                fd = self._fd
                loop.add_writer(fd, ready.set_result, None)
                try:
                    await asyncio.wait_for(ready, timeout=5.0)
                except TimeoutError:
                    raise DeviceTimeout(f"{self.description}: write stalled") from None
                finally:
                    loop.remove_writer(fd)
                continue
            except OSError as exc:
                self._shutdown(f"write failed: {exc.strerror}")
                raise DeviceGone(f"{self.description}: write failed: {exc.strerror}") from None
            view = view[sent:]

    def _shutdown(self, reason: str) -> None:
        if self._fd is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._fd)
            self._fd = None
        if self._port is not None:
            with contextlib.suppress(Exception):
                self._port.close()  # type: ignore[attr-defined]
            self._port = None
        self._mark_closed(reason)

    async def close(self) -> None:
        self._shutdown("closed by host")


class _StreamProtocol(asyncio.Protocol):
    def __init__(self, owner: SocketTransport) -> None:
        self.owner = owner
        self.can_write = asyncio.Event()
        self.can_write.set()

    def data_received(self, data: bytes) -> None:
        self.owner._feed(data)

    def eof_received(self) -> bool | None:
        self.owner._mark_closed("end of stream")
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.owner._mark_closed(f"connection lost: {exc}" if exc else "connection lost")
        self.can_write.set()

    def pause_writing(self) -> None:
        self.can_write.clear()

    def resume_writing(self) -> None:
        self.can_write.set()


class SocketTransport(Transport):
    """A TCP connection (a network printer's raw port, 9100)."""

    def __init__(self, host: str, port: int, connect_timeout_s: float = 3.0) -> None:
        super().__init__(f"socket {host}:{port}")
        self.host = host
        self.port = port
        self.connect_timeout_s = connect_timeout_s
        self._transport: asyncio.Transport | None = None
        self._protocol: _StreamProtocol | None = None

    async def open(self) -> None:
        if not self.closed:
            return
        loop = asyncio.get_running_loop()
        try:
            transport, protocol = await asyncio.wait_for(
                loop.create_connection(lambda: _StreamProtocol(self), self.host, self.port),
                timeout=self.connect_timeout_s,
            )
        except (OSError, TimeoutError) as exc:
            raise DeviceGone(f"{self.description}: cannot connect: {exc}") from None
        self._transport, self._protocol = transport, protocol
        self._mark_open()

    async def _write_all(self, data: bytes) -> None:
        if self._transport is None or self._protocol is None or self._transport.is_closing():
            raise DeviceGone(f"{self.description}: connection closed")
        self._transport.write(data)
        try:
            # A printer that stops reading (paper out on some models) must not hang a job forever.
            await asyncio.wait_for(self._protocol.can_write.wait(), timeout=10.0)
        except TimeoutError:
            raise DeviceTimeout(f"{self.description}: write stalled") from None
        if self.closed:
            raise DeviceGone(f"{self.description}: connection lost while writing")

    async def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        self._mark_closed("closed by host")


def transport_from_url(url: str, base_dir: Path | None = None) -> Transport:
    """A (not yet opened) transport for `url`; relative serial paths resolve against base_dir.

    `serial:///dev/ttyUSB0?baud=115200` is absolute, `serial://var/run/scanner.tty` relative.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme == "serial":
        raw_path = parts.netloc + parts.path
        if not raw_path:
            raise DeviceError(f"{url}: no serial device path")
        path = Path(raw_path)
        if not path.is_absolute():
            path = (base_dir or Path.cwd()) / path
        try:
            baud = int(query.get("baud", ["9600"])[0])
        except ValueError:
            raise DeviceError(f"{url}: baud must be a number") from None
        return SerialTransport(path, baud)
    if parts.scheme == "socket":
        if not parts.hostname or parts.port is None:
            raise DeviceError(f"{url}: expected socket://host:port")
        return SocketTransport(parts.hostname, parts.port)
    raise DeviceError(f"{url}: unsupported transport {parts.scheme!r}")
