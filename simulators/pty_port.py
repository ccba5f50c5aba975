"""A simulated serial device's end of a pseudo-terminal, shared by the pty simulators.

The driver opens the slave side (through a symlink kept pointing at it, when one is given), exactly
as it would open a USB-serial adapter; the simulator reads and writes the master side. Unplugging
closes the master, so the driver's reads fail as they do when a cable is pulled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tty
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class PtyPort:
    """One pseudo-terminal at a time: `open()` plugs it in, `close()` pulls it out."""

    def __init__(
        self, name: str, link: Path | None, baud: int, on_readable: Callable[[], None]
    ) -> None:
        self.name = name
        self.link = link
        self.baud = baud
        self.master: int | None = None
        self.slave_path: str | None = None
        self._slave: int | None = None
        self._on_readable = on_readable

    @property
    def plugged(self) -> bool:
        """Whether the pty exists (between open and close)."""
        return self.master is not None

    @property
    def path(self) -> str:
        """The path the driver opens: the link if there is one, else the slave device."""
        if self.link is not None:
            return str(self.link)
        if self.slave_path is None:
            raise RuntimeError(f"{self.name} simulator not started")
        return self.slave_path

    @property
    def url(self) -> str:
        """A `serial://` URL for the driver."""
        return f"serial://{self.path}?baud={self.baud}"

    def open(self) -> bool:
        """Create the pty, point the link at it and start reading; False if already open."""
        if self.master is not None:
            return False
        master, slave = os.openpty()
        # Raw: no echo of what the host sends, no CR/LF translation, binary frames pass as they are.
        tty.setraw(slave)
        os.set_blocking(master, False)
        self.master, self._slave = master, slave
        self.slave_path = os.ttyname(slave)
        if self.link is not None:
            self.link.parent.mkdir(parents=True, exist_ok=True)
            temp = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            temp.symlink_to(self.slave_path)
            os.replace(temp, self.link)  # the driver never sees a missing or half-made link
        asyncio.get_running_loop().add_reader(master, self._on_readable)
        log.info("%s simulator at %s", self.name, self.path)
        return True

    def close(self, remove_link: bool) -> None:
        """Close both ends; with `remove_link`, the link goes too (unplugged, not replugging)."""
        if self.master is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self.master)
            os.close(self.master)
            self.master = None
        if self._slave is not None:
            os.close(self._slave)
            self._slave = None
        if remove_link and self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()


class OnPtyPort:
    """What a pty simulator shows of its port: mixed into the scanner and payment-module
    simulators, which set `self._port`."""

    _port: PtyPort

    @property
    def link(self) -> Path | None:
        """The symlink kept pointing at the pty's slave, if any."""
        return self._port.link

    @property
    def slave_path(self) -> str | None:
        """The pty's slave device, while plugged."""
        return self._port.slave_path

    @property
    def _master(self) -> int | None:
        return self._port.master

    @property
    def plugged(self) -> bool:
        """Whether the pty exists (between start/replug and unplug/stop)."""
        return self._port.plugged

    @property
    def path(self) -> str:
        """The path the driver opens: the link if there is one, else the slave device."""
        return self._port.path

    @property
    def url(self) -> str:
        """A `serial://` URL for the driver."""
        return self._port.url
