"""The printer simulator's own ESC/POS byte-stream parser (never shared with the driver).

Fed bytes as they arrive, it keeps the print modes, builds printed lines and QR symbols, answers
real-time status requests from the printer's current state, and ends a job at each cut. A command
split across chunks waits for its remaining bytes; unknown bytes are skipped and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

ESC, GS, FS, DLE, EOT, LF, CR, HT = 0x1B, 0x1D, 0x1C, 0x10, 0x04, 0x0A, 0x0D, 0x09
MAX_PENDING = 70_000
"""Longest command kept while waiting for its end (a GS ( k store may carry ~7 KB, len ≤ 65535)."""

# Parameter bytes of the ESC / GS / FS commands this printer accepts but does not render.
_ESC_ARGS = {
    0x20: 1, 0x21: 1, 0x24: 2, 0x2D: 1, 0x32: 0, 0x33: 1, 0x3D: 1, 0x3F: 1, 0x44: -1,
    0x47: 1, 0x4A: 1, 0x4D: 1, 0x52: 1, 0x54: 1, 0x56: 1, 0x74: 1, 0x7B: 1, 0x63: 2, 0x70: 3,
}  # fmt: skip
_GS_ARGS = {0x42: 1, 0x48: 1, 0x4C: 2, 0x57: 2, 0x66: 1, 0x68: 1, 0x77: 1, 0x62: 1, 0x49: 1}
_FS_ARGS = {0x21: 1, 0x2D: 1, 0x43: 1, 0x53: 2, 0x57: 1}
# Parameter bytes of the commands this printer acts on.
_RENDERED_ARGS = {
    (ESC, 0x40): 0, (ESC, 0x61): 1, (ESC, 0x45): 1, (ESC, 0x64): 1, (GS, 0x21): 1,
    (GS, 0x61): 1, (GS, 0x72): 1, (FS, 0x26): 0, (FS, 0x2E): 0,
}  # fmt: skip


class Paper(StrEnum):
    """Roll paper as the sensors see it."""

    FULL = "full"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass
class PrinterState:
    """The mechanism's state shared by every interface of one printer."""

    paper: Paper = Paper.FULL
    cover_open: bool = False

    @property
    def offline(self) -> bool:
        """A printer stops (goes offline) with its cover open or out of paper."""
        return self.cover_open or self.paper == Paper.OUT

    def dle_eot(self, n: int) -> int | None:
        """The one-byte answer to DLE EOT n (Epson: 0xx1xx10), None for an unknown n."""
        if n == 1:
            return 0x12 | (0x08 if self.offline else 0)
        if n == 2:
            return (
                0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper == Paper.OUT else 0)
            )
        if n == 3:
            return 0x12
        if n == 4:
            return {Paper.FULL: 0x12, Paper.NEAR_END: 0x1E, Paper.OUT: 0x72}[self.paper]
        return None

    def asb(self) -> bytes:
        """The 4-byte automatic status back block (first byte 0xx1xx00)."""
        first = 0x10 | (0x08 if self.offline else 0) | (0x20 if self.cover_open else 0)
        paper = {Paper.FULL: 0x00, Paper.NEAR_END: 0x03, Paper.OUT: 0x0F}[self.paper]
        return bytes([first, 0x00, paper, 0x00])


@dataclass
class Segment:
    """Text printed with one set of modes."""

    text: str
    bold: bool = False
    double_width: bool = False
    double_height: bool = False


@dataclass
class PrintedLine:
    """One printed line: text segments, or a QR symbol when `qr` is set."""

    align: int = 0
    segments: list[Segment] = field(default_factory=list)
    qr: str | None = None
    qr_module: int = 3

    @property
    def text(self) -> str:
        """The line's characters, modes dropped."""
        return "".join(s.text for s in self.segments)


@dataclass
class ParsedJob:
    """What came out between two cuts."""

    raw: bytes
    lines: list[PrintedLine]
    complete: bool = True


class EscPosParser:
    """Incremental ESC/POS parser for one connection to a printer in `state`.

    `answer(bytes)` is called with status bytes to send back; `on_job(job)` at each cut (and
    with an incomplete job when the printer stops mid-job).
    """

    def __init__(
        self,
        state: PrinterState,
        answer: Callable[[bytes], None],
        on_job: Callable[[ParsedJob], None],
    ) -> None:
        self.state = state
        self.answer = answer
        self.on_job = on_job
        self.unknown_bytes = 0
        self.discarded_bytes = 0
        self.asb_enabled = 0
        self._pending = bytearray()
        self._raw = bytearray()
        self._lines: list[PrintedLine] = []
        self._reset_modes()

    def _reset_modes(self) -> None:
        self.align = 0
        self.bold = False
        self.double_width = False
        self.double_height = False
        self.chinese = False
        self.qr_module = 3
        self.qr_data: bytes | None = None
        self._line = PrintedLine()
        self._text = bytearray()

    def feed(self, data: bytes) -> None:
        """Process received bytes; never raises."""
        self._pending += data
        pos = 0
        while pos < len(self._pending):
            used = self._step(pos)
            if used == 0:
                break
            pos += used
        del self._pending[:pos]
        if len(self._pending) > MAX_PENDING:
            self.unknown_bytes += len(self._pending)
            self._pending.clear()

    def printer_stopped(self) -> None:
        """Paper ran out or the cover opened: what was printed so far comes out incomplete."""
        self._flush_text()
        if self._line.segments:
            self._lines.append(self._line)
            self._line = PrintedLine(self.align)
        if self._lines:
            self.on_job(ParsedJob(bytes(self._raw), self._lines, complete=False))
        self._lines = []
        self._raw.clear()

    # -- one command ---------------------------------------------------------------------------

    def _step(self, pos: int) -> int:
        """Bytes used by the command at `pos`, 0 if it is not complete yet."""
        buf = self._pending
        b = buf[pos]
        if b == DLE:
            if pos + 2 >= len(buf):
                return 0
            if buf[pos + 1] == EOT:
                reply = self.state.dle_eot(buf[pos + 2])
                if reply is not None:
                    self.answer(bytes([reply]))
                    return 3
            self.unknown_bytes += 1
            return 1
        if b in (ESC, GS, FS):
            if pos + 1 >= len(buf):
                return 0
            size = self._command_size(pos)
            if size == 0 or pos + size > len(buf):
                return 0
            self._command(bytes(buf[pos : pos + size]))
            return size
        self._record(bytes([b]))
        if not self._printing():
            return 1
        if b == LF:
            self._end_line()
        elif b in (CR,):
            pass
        elif b == HT:
            self._text += b"    "
        elif b < 0x20 or b == 0x7F:
            self.unknown_bytes += 1
        else:
            self._text.append(b)
        return 1

    def _command_size(self, pos: int) -> int:
        buf, lead, code = self._pending, self._pending[pos], self._pending[pos + 1]
        if lead == GS and code == 0x28:  # GS ( fn pL pH ...
            if pos + 4 >= len(buf):
                return 0
            return 5 + buf[pos + 3] + (buf[pos + 4] << 8)
        if lead == GS and code == 0x56:  # GS V m [n]
            if pos + 2 >= len(buf):
                return 0
            return 4 if buf[pos + 2] in (65, 66, 97, 98, 103, 104) else 3
        if lead == ESC and code == 0x44:  # ESC D n1 ... NUL
            end = buf.find(0, pos + 2)
            return 0 if end < 0 else end - pos + 1
        table = {ESC: _ESC_ARGS, GS: _GS_ARGS, FS: _FS_ARGS}[lead]
        args = _RENDERED_ARGS.get((lead, code), table.get(code, 0))
        return 2 + args

    def _command(self, cmd: bytes) -> None:
        lead, code, args = cmd[0], cmd[1], cmd[2:]
        if lead == GS and code == 0x61:
            self.asb_enabled = args[0]
            if args[0]:
                self.answer(self.state.asb())
            return
        if lead == GS and code == 0x72:  # GS r n: queued status, answered like the sensors
            self.answer(bytes([self.state.dle_eot(4 if args[0] in (1, 49) else 3) or 0x12]))
            return
        self._record(cmd)
        if not self._printing():
            return
        key = (lead, code)
        if key == (ESC, 0x40):
            self._flush_text()
            self._reset_modes()
        elif key == (ESC, 0x61):
            self.align = args[0] % 48 if args[0] >= 48 else args[0]
            if not self._line.segments and not self._text:
                self._line.align = self.align
        elif key == (ESC, 0x45):
            self._set_mode(bold=bool(args[0] & 1))
        elif key == (ESC, 0x21):
            self._set_mode(
                bold=bool(args[0] & 0x08),
                double_height=bool(args[0] & 0x10),
                double_width=bool(args[0] & 0x20),
            )
        elif key == (GS, 0x21):
            self._set_mode(double_width=args[0] & 0xF0 != 0, double_height=args[0] & 0x0F != 0)
        elif key == (FS, 0x26):
            self._flush_text()
            self.chinese = True
        elif key == (FS, 0x2E):
            self._flush_text()
            self.chinese = False
        elif key == (ESC, 0x64):
            self._end_line(only_if_text=True)
            for _ in range(args[0]):
                self._end_line()
        elif key == (GS, 0x28) and cmd[2] == 0x6B:
            self._qr(cmd[5:])
        elif key == (GS, 0x56):
            self._cut()
        elif (
            key not in _RENDERED_ARGS
            and code not in {ESC: _ESC_ARGS, GS: _GS_ARGS, FS: _FS_ARGS}[lead]
        ):
            self.unknown_bytes += 1

    def _qr(self, body: bytes) -> None:
        if len(body) < 3 or body[0] != 0x31:
            return
        fn = body[1]
        if fn == 0x43:
            self.qr_module = body[2]
        elif fn == 0x50 and body[2] == 0x30:
            self.qr_data = body[3:]
        elif fn == 0x51 and self.qr_data is not None:
            self._end_line(only_if_text=True)
            text = self.qr_data.decode("utf-8", errors="replace")
            self._lines.append(PrintedLine(self.align, qr=text, qr_module=self.qr_module))

    def _printing(self) -> bool:
        return not self.state.offline

    def _record(self, data: bytes) -> None:
        if self._printing():
            self._raw += data
        else:
            self.discarded_bytes += len(data)

    def _set_mode(self, **modes: bool) -> None:
        self._flush_text()
        for name, value in modes.items():
            setattr(self, name, value)

    def _flush_text(self) -> None:
        if not self._text:
            return
        data, self._text = bytes(self._text), bytearray()
        text = data.decode("gb18030", errors="replace") if self.chinese else data.decode("cp437")
        if not self._line.segments:
            self._line.align = self.align
        self._line.segments.append(Segment(text, self.bold, self.double_width, self.double_height))

    def _end_line(self, only_if_text: bool = False) -> None:
        self._flush_text()
        if only_if_text and not self._line.segments:
            return
        self._lines.append(self._line)
        self._line = PrintedLine(self.align)

    def _cut(self) -> None:
        self._end_line(only_if_text=True)
        job = ParsedJob(bytes(self._raw), self._lines)
        self._lines = []
        self._raw.clear()
        self.on_job(job)
