"""The printer simulator's ESC/POS parser against literal byte vectors (PROTOCOLS.md)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from simulators.printer.parser import EscPosParser, Paper, ParsedJob, PrinterState
from simulators.printer.render import cjk_font_path, job_text, render_png

QR_A1 = (
    b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"
    b"\x1d\x28\x6b\x03\x00\x31\x43\x05"
    b"\x1d\x28\x6b\x03\x00\x31\x45\x31"
    b"\x1d\x28\x6b\x05\x00\x31\x50\x30A1"
    b"\x1d\x28\x6b\x03\x00\x31\x51\x30"
)
CUT = b"\x1d\x56\x42\x00"


class Harness:
    def __init__(self, state: PrinterState | None = None) -> None:
        self.state = state or PrinterState()
        self.answers = bytearray()
        self.jobs: list[ParsedJob] = []
        self.parser = EscPosParser(self.state, self.answers.extend, self.jobs.append)


@pytest.mark.parametrize(
    ("paper", "cover_open", "expected"),
    [
        (Paper.FULL, False, b"\x12\x12\x12\x12"),
        (Paper.NEAR_END, False, b"\x12\x12\x12\x1e"),
        (Paper.OUT, False, b"\x1a\x32\x12\x72"),
        (Paper.FULL, True, b"\x1a\x16\x12\x12"),
    ],
)
def test_dle_eot_answers(paper: Paper, cover_open: bool, expected: bytes) -> None:
    h = Harness(PrinterState(paper, cover_open))
    h.parser.feed(b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04")
    assert bytes(h.answers) == expected


def test_chinese_text_in_fs_and_is_gb18030() -> None:
    h = Harness()
    h.parser.feed(
        b"\x1b\x40\x1c\x26\xb5\xe7\xb7\xd1\x1c\x2e 12\x0a"
        b"\x1c\x26\xbd\xf0\xb6\xee\xa3\xba\xa3\xa4\x1c\x2e12.50\x0a"
        b"\x1c\x26\xa3\xac\xa1\xa3\x1c\x2e\x0a" + CUT
    )
    assert [line.text for line in h.jobs[0].lines] == ["电费 12", "金额：￥12.50", "，。"]


def test_bytes_outside_chinese_mode_are_not_hanzi() -> None:
    h = Harness()
    h.parser.feed(b"\xb5\xe7\x0a" + CUT)
    assert h.jobs[0].lines[0].text != "电"


def test_modes_alignment_and_feed() -> None:
    h = Harness()
    h.parser.feed(
        b"\x1b\x40\x1b\x61\x01\x1b\x45\x01\x1d\x21\x11TITLE\x0a\x1d\x21\x00\x1b\x45\x00"
        b"\x1b\x61\x00left\x0a\x1b\x64\x02" + CUT
    )
    title, left, *feed = h.jobs[0].lines
    assert title.align == 1 and title.text == "TITLE"
    segment = title.segments[0]
    assert segment.bold and segment.double_width and segment.double_height
    assert left.align == 0 and not left.segments[0].bold
    assert len(feed) == 2 and all(not line.segments for line in feed)


def test_native_qr_is_stored_and_printed() -> None:
    h = Harness()
    h.parser.feed(b"\x1b\x61\x01" + QR_A1 + b"\x0a" + CUT)
    qr_line = h.jobs[0].lines[0]
    assert (qr_line.qr, qr_line.qr_module, qr_line.align) == ("A1", 5, 1)


def test_a_job_ends_at_each_cut_and_keeps_its_raw_bytes() -> None:
    h = Harness()
    first = b"\x1b\x40one\x0a" + CUT
    h.parser.feed(first + b"two\x0a\x1d\x56\x00")
    assert [j.lines[0].text for j in h.jobs] == ["one", "two"]
    assert h.jobs[0].raw == first


def test_status_is_answered_mid_job() -> None:
    h = Harness()
    h.parser.feed(b"\x1b\x40half a li")
    h.parser.feed(b"\x10\x04\x04")
    assert bytes(h.answers) == b"\x12"
    h.parser.feed(b"ne\x0a" + CUT)
    assert h.jobs[0].lines[0].text == "half a line"


def test_every_split_of_the_stream_parses_the_same() -> None:
    stream = b"\x1b\x40\x1c\x26\xb5\xe7\x1c\x2eX\x0a" + QR_A1 + b"\x10\x04\x01" + CUT
    whole = Harness()
    whole.parser.feed(stream)
    for at in range(1, len(stream)):
        h = Harness()
        h.parser.feed(stream[:at])
        h.parser.feed(stream[at:])
        assert bytes(h.answers) == b"\x12"
        assert [(ln.text, ln.qr) for ln in h.jobs[0].lines] == [
            (ln.text, ln.qr) for ln in whole.jobs[0].lines
        ]


def test_asb_enable_sends_the_current_status() -> None:
    h = Harness(PrinterState(Paper.OUT, cover_open=True))
    h.parser.feed(b"\x1d\x61\x0e")
    assert bytes(h.answers) == b"\x38\x00\x0f\x00"
    assert h.parser.asb_enabled == 0x0E
    h.answers.clear()
    h.parser.feed(b"\x1d\x61\x00")
    assert bytes(h.answers) == b""


def test_nothing_prints_while_out_of_paper() -> None:
    h = Harness(PrinterState(Paper.OUT))
    h.parser.feed(b"\x1b\x40lost\x0a\x10\x04\x04" + CUT)
    assert h.jobs == []
    assert bytes(h.answers) == b"\x72"
    assert h.parser.discarded_bytes > 0


def test_unknown_bytes_are_skipped_and_counted() -> None:
    h = Harness()
    h.parser.feed(b"\x1b\x40A\x01\x1b\x7f\x10\x05B\x0a" + CUT)
    assert h.jobs[0].lines[0].text == "AB"
    assert h.parser.unknown_bytes == 4  # SOH, ESC DEL, DLE (not EOT), ENQ


def test_render_text_and_png() -> None:
    h = Harness()
    h.parser.feed(
        b"\x1b\x61\x01\x1c\x26\xb5\xe7\xb7\xd1\x1c\x2e\x0a\x1b\x61\x00"
        b"\x1c\x26\xa3\xa4\x1c\x2e1.00\x0a" + QR_A1 + CUT
    )
    lines = h.jobs[0].lines
    assert job_text(lines, 10) == "   电费\n￥1.00\n[QR:A1]"
    image = Image.open(io.BytesIO(render_png(lines, 42)))
    assert image.format == "PNG"
    assert image.width == 576
    assert image.height > 24 * 2 + 21 * 5
    assert cjk_font_path() is not None, "a font with Chinese glyphs is needed to render receipts"
