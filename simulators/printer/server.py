"""The receipt-printer simulator: a raw TCP port (9100) and optionally a pseudo-terminal.

It answers status in real time from its state (paper full / near end / out, cover open / closed),
pushes automatic status back on a change to connections that enabled it, keeps every printed job
(raw bytes, text, QR payloads, a PNG on demand), and stops printing while out of paper or with the
cover open, as a real printer stays offline. Not thread-safe: use it from the loop it runs in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulators.counting import GrowthWatch
from simulators.printer.parser import EscPosParser, Paper, ParsedJob, PrintedLine, PrinterState
from simulators.printer.render import job_text, render_png

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintedJob:
    """One receipt as it came out of the printer (a job ends at a cut)."""

    raw: bytes
    lines: tuple[PrintedLine, ...]
    columns: int = 42
    complete: bool = True

    @property
    def text(self) -> str:
        """The paper as text, QR codes as `[QR:data]`."""
        return job_text(self.lines, self.columns)

    @property
    def qr_payloads(self) -> list[str]:
        """The data of every QR symbol printed."""
        return [line.qr for line in self.lines if line.qr is not None]

    def png(self) -> bytes:
        """The paper as a PNG image, 576 dots wide."""
        return render_png(self.lines, self.columns)


class _Connection(asyncio.Protocol):
    def __init__(self, printer: PrinterSimulator) -> None:
        self.printer = printer
        self.transport: asyncio.Transport | None = None
        self.parser = EscPosParser(printer.state, self.send, printer._job_done)
        self.held = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.printer._connections.add(self)

    def data_received(self, data: bytes) -> None:
        if self.printer.stalled:
            self.held += data  # a stalled printer reads nothing and answers nothing
            return
        self.parser.feed(data)

    def release(self) -> None:
        held, self.held = bytes(self.held), bytearray()
        if held:
            self.parser.feed(held)

    def connection_lost(self, exc: Exception | None) -> None:
        self.printer._connections.discard(self)

    def send(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)


class _PtyFrontEnd:
    def __init__(self, printer: PrinterSimulator, link: Path | None) -> None:
        self.printer = printer
        self.link = link
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.slave = slave
        os.set_blocking(self.master, False)
        self.path = os.ttyname(slave)
        self.parser = EscPosParser(printer.state, self.send, printer._job_done)
        if link is not None:
            link.parent.mkdir(parents=True, exist_ok=True)
            temp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            temp.symlink_to(self.path)
            os.replace(temp, link)
        asyncio.get_running_loop().add_reader(self.master, self._on_readable)

    def _on_readable(self) -> None:
        try:
            data = os.read(self.master, 4096)
        except OSError:
            return
        self.parser.feed(data)

    def send(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self.master, data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self.master)
        os.close(self.master)
        os.close(self.slave)
        if self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()


class PrinterSimulator:
    """An ESC/POS receipt printer on `host:port` (port 0 picks a free one) and an optional pty.

    `pty_link`: also offer a pseudo-terminal front end, symlinked there. `on_job` is called with
    each finished job; `job_completed` is set at each one (clear it yourself), and
    `wait_jobs(n)` returns once n jobs exist.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 9100,
        *,
        pty_link: Path | None = None,
        pty: bool = False,
        columns: int = 42,
        on_job: Callable[[PrintedJob], None] | None = None,
    ) -> None:
        self.host = host
        self.stalled = False
        self.port = port
        self.pty_link = pty_link
        self.use_pty = pty or pty_link is not None
        self.columns = columns
        self.on_job = on_job
        self.state = PrinterState()
        self.jobs: list[PrintedJob] = []
        self.job_completed = asyncio.Event()
        self._growth = GrowthWatch()
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()
        self._pty: _PtyFrontEnd | None = None

    @property
    def url(self) -> str:
        """The driver's URL for the TCP front end."""
        return f"socket://{self.host}:{self.port}"

    @property
    def pty_path(self) -> str | None:
        """The pty slave (or its link) for a `serial://` URL, if the pty front end is on."""
        if self._pty is None:
            return None
        return str(self.pty_link) if self.pty_link is not None else self._pty.path

    @property
    def plugged(self) -> bool:
        """Whether the printer is listening."""
        return self._server is not None

    async def start(self) -> None:
        """Listen (and open the pty) in the running loop."""
        if self._server is not None:
            return
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Connection(self), self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        if self.use_pty:
            self._pty = _PtyFrontEnd(self, self.pty_link)
        log.info("printer simulator on %s", self.url)

    async def stop(self) -> None:
        """Stop listening, drop connections, close the pty."""
        self.unplug()

    def unplug(self) -> None:
        """Pull the cable: stop listening, close every connection and the pty."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for connection in list(self._connections):
            if connection.transport is not None:
                connection.transport.abort()
        self._connections.clear()
        if self._pty is not None:
            self._pty.close()
            self._pty = None

    async def replug(self) -> None:
        """Plug back in on the same port (and a new pty behind the same link)."""
        self.unplug()
        await self.start()

    def set_stalled(self, stalled: bool) -> None:
        """Stall (True): bytes received over TCP are held, unanswered, as by a printer whose
        firmware hangs; resuming processes them in order."""
        self.stalled = stalled
        if not stalled:
            for connection in list(self._connections):
                connection.release()

    def set_paper(self, paper: Paper | str) -> None:
        """Paper `full`, `near_end` or `out`."""
        self._change(paper=Paper(paper))

    def set_cover(self, open_: bool) -> None:
        """Open (True) or close the cover."""
        self._change(cover_open=open_)

    def _change(self, **values: object) -> None:
        was_offline = self.state.offline
        before = self.state.asb()
        for name, value in values.items():
            setattr(self.state, name, value)
        if self.state.offline and not was_offline:
            for parser in self._parsers():
                parser.printer_stopped()
        block = self.state.asb()
        if block == before:
            return
        for parser in self._parsers():
            if parser.asb_enabled:
                parser.answer(block)

    def _parsers(self) -> list[EscPosParser]:
        parsers = [c.parser for c in self._connections]
        if self._pty is not None:
            parsers.append(self._pty.parser)
        return parsers

    def _job_done(self, parsed: ParsedJob) -> None:
        job = PrintedJob(parsed.raw, tuple(parsed.lines), self.columns, parsed.complete)
        self.jobs.append(job)
        self.job_completed.set()
        log.info("printer simulator: job %d printed (%d lines)", len(self.jobs), len(job.lines))
        if self.on_job is not None:
            self.on_job(job)
        self._growth.grown_to(len(self.jobs))

    async def wait_jobs(self, count: int, timeout: float = 5.0) -> list[PrintedJob]:
        """The jobs once at least `count` have been printed; TimeoutError after `timeout` s."""
        await self._growth.wait(len(self.jobs), count, timeout)
        return list(self.jobs)
