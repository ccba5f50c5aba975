"""A serial QR scanner on a pseudo-terminal: the driver opens the slave side as its serial port.

Speaks what a Honeywell scanner speaks on its serial interface: decoded text plus a terminator
out, `SYN T CR` / `SYN U CR` trigger commands in. Scriptable from tests and the hardware panel:
present a code, send raw garbage, unplug (the driver sees EIO / hang-up), replug.
Not thread-safe: call it from the loop it was started in (simulators.host wraps it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from simulators.counting import GrowthWatch
from simulators.pty_port import OnPtyPort, PtyPort

log = logging.getLogger(__name__)

SYN, CR = 0x16, 0x0D


class ScannerSimulator(OnPtyPort):
    """A scanner behind a pty. `link_path`, if given, is a symlink kept pointing at the slave.

    `start_on`: reading enabled at power-on (presentation mode); False models host-trigger
    mode, where nothing is read until the host sends trigger on.
    """

    def __init__(self, link_path: Path | None = None, *, start_on: bool = True) -> None:
        self._port = PtyPort("scanner", link_path, 9600, self._on_readable)
        self.start_on = start_on
        self.scanning = start_on
        self.commands: list[bytes] = []
        """Every command received from the host, e.g. b"\\x16T\\r", in order."""
        self.received = bytearray()
        self._inbox = bytearray()
        self._growth = GrowthWatch()

    async def start(self) -> None:
        """Create the pty (and link) in the running loop."""
        self._plug()

    def _plug(self) -> None:
        if self._port.open():
            self.scanning = self.start_on
            self._inbox.clear()

    async def stop(self) -> None:
        """Close the pty and remove the link."""
        self._port.close(remove_link=True)

    def unplug(self) -> None:
        """Pull the cable: the master closes, the driver's reads fail with EIO; link removed."""
        self._port.close(remove_link=True)

    def replug(self) -> None:
        """Plug back in: a new pty, the link re-pointed at it, power-on trigger state."""
        self._port.close(remove_link=False)
        self._plug()

    def present(self, code: str, terminator: bytes = b"\r") -> bool:
        """Show a code to the scanner; False if it is not reading (triggered off or unplugged)."""
        if not self.scanning or self._master is None:
            return False
        self.send_raw(code.encode("utf-8") + terminator)
        return True

    def send_raw(self, data: bytes) -> bool:
        """Put bytes on the line as they are (garbage, half frames); False if unplugged."""
        if self._master is None:
            return False
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self._master, view) :]
            except BlockingIOError:
                # Nobody reads the slave and its buffer is full: a real line would lose them too.
                log.warning("scanner simulator: %d bytes lost, nobody reading", len(view))
                break
        return True

    def _on_readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 1024)
        except BlockingIOError:
            return
        except OSError:
            # EIO here only means no process holds the slave open right now.
            return
        self.received += data
        self._inbox += data
        self._parse_commands()

    def _parse_commands(self) -> None:
        while True:
            start = self._inbox.find(bytes([SYN]))
            if start < 0:
                self._inbox.clear()
                return
            end = self._inbox.find(bytes([CR]), start)
            if end < 0:
                del self._inbox[:start]
                if len(self._inbox) > 256:
                    self._inbox.clear()
                return
            command = bytes(self._inbox[start : end + 1])
            del self._inbox[: end + 1]
            self.commands.append(command)
            log.info("scanner simulator: command %r", command)
            if command == b"\x16T\r":
                self.scanning = True
            elif command == b"\x16U\r":
                self.scanning = False
            self._growth.grown_to(len(self.commands))

    async def wait_commands(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The commands once at least `count` have arrived; TimeoutError after `timeout` s."""
        await self._growth.wait(len(self.commands), count, timeout)
        return list(self.commands)
