"""EscPosPrinter: encoding against literal ESC/POS vectors (PROTOCOLS.md), and the driver
against a raw TCP peer scripted here (status replies, ASB pushes, refusals)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from device_peers import TcpPeer

from drivers.escpos_printer import (
    EscPosPrinter,
    encode_qr,
    encode_receipt,
    encode_text,
    text_width,
)
from drivers.interfaces import DeviceError
from kiosk.devices.status import CoverStatus, DeviceState, PaperStatus, StatusChanged
from kiosk.receipt import Feed, Pair, QrCode, Receipt, Rule, Text

# -- encoding -----------------------------------------------------------------------------------


def test_chinese_text_is_gb18030_inside_fs_and() -> None:
    assert encode_text("电费") == b"\x1c\x26\xb5\xe7\xb7\xd1\x1c\x2e"


def test_yen_and_chinese_punctuation_are_not_question_marks() -> None:
    assert encode_text("金额：¥12.50") == (b"\x1c\x26\xbd\xf0\xb6\xee\xa3\xba\xa3\xa4\x1c\x2e12.50")
    assert encode_text("￥") == b"\x1c\x26\xa3\xa4\x1c\x2e"
    assert encode_text("，。") == b"\x1c\x26\xa3\xac\xa1\xa3\x1c\x2e"
    assert b"?" not in encode_text("¥，。￥")


def test_control_characters_in_data_cannot_become_commands() -> None:
    assert encode_text("A\x1b@B\x1d\n") == b"A @B  "


def test_hanzi_take_two_columns() -> None:
    assert text_width("电费 ¥1.00") == 4 + 1 + 2 + 4


def test_native_qr_sequence() -> None:
    assert encode_qr("https://x", 6) == (
        b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"  # model 2
        b"\x1d\x28\x6b\x03\x00\x31\x43\x06"  # module size 6
        b"\x1d\x28\x6b\x03\x00\x31\x45\x31"  # error level M
        b"\x1d\x28\x6b\x0c\x00\x31\x50\x30https://x"  # store, pL = 9 + 3
        b"\x1d\x28\x6b\x03\x00\x31\x51\x30"  # print
    )


def test_qr_store_length_uses_both_bytes() -> None:
    data = "9" * 300
    assert encode_qr(data, 4)[25:33] == b"\x1d\x28\x6b\x2f\x01\x31\x50\x30"


def test_whole_receipt_bytes() -> None:
    receipt = Receipt(
        (
            Text("缴费成功", align="center", bold=True, double=True),
            Pair("户号", "0012345678"),
            Pair("电费", "¥1.00"),
            Rule(),
            QrCode("A1", module_size=4),
            Feed(2),
        )
    )
    assert encode_receipt(receipt, columns=24) == (
        b"\x1b\x40"
        b"\x1b\x61\x01\x1b\x45\x01\x1d\x21\x11"
        b"\x1c\x26\xbd\xc9\xb7\xd1\xb3\xc9\xb9\xa6\x1c\x2e\x0a"
        b"\x1d\x21\x00\x1b\x45\x00\x1b\x61\x00"
        b"\x1c\x26\xbb\xa7\xba\xc5\x1c\x2e" + b" " * 10 + b"0012345678\x0a"
        b"\x1c\x26\xb5\xe7\xb7\xd1\x1c\x2e" + b" " * 14 + b"\x1c\x26\xa3\xa4\x1c\x2e1.00\x0a"
        + b"-" * 24 + b"\x0a"
        b"\x1b\x61\x01"
        b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"
        b"\x1d\x28\x6b\x03\x00\x31\x43\x04"
        b"\x1d\x28\x6b\x03\x00\x31\x45\x31"
        b"\x1d\x28\x6b\x05\x00\x31\x50\x30A1"
        b"\x1d\x28\x6b\x03\x00\x31\x51\x30\x0a"
        b"\x1b\x61\x00"
        b"\x1b\x64\x02"
        b"\x1d\x56\x42\x00"
    )  # fmt: skip


def test_pair_too_long_for_one_line_moves_value_right_aligned() -> None:
    job = encode_receipt(Receipt((Pair("Address", "X" * 20),)), columns=24)
    assert job == b"\x1b\x40Address\x0a" + b" " * 4 + b"X" * 20 + b"\x0a\x1d\x56\x42\x00"


# -- the driver against a raw peer ------------------------------------------------------------


class ScriptedPrinter:
    """Answers DLE EOT n from `replies` (`after_cut` once a cut has arrived) and records every
    other byte (test-local, tiny)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.replies: dict[int, bytes] = {1: b"\x12", 2: b"\x12", 4: b"\x12"}
        self.queries: list[int] = []
        self.other = bytearray()
        self.after_cut: dict[int, bytes] | None = None
        self.task = asyncio.create_task(self._serve())

    async def _serve(self) -> None:
        pending = b""
        while chunk := await self.reader.read(4096):
            pending += chunk
            while pending:
                at = pending.find(b"\x10\x04")
                if at < 0 or at + 2 >= len(pending):
                    keep = pending[-1:] if pending.endswith(b"\x10") else b""
                    self.other += pending[: len(pending) - len(keep)]
                    pending = keep
                    break
                self.other += pending[:at]
                if self.after_cut is not None and b"\x1d\x56\x42\x00" in self.other:
                    self.replies = self.after_cut
                n = pending[at + 2]
                pending = pending[at + 3 :]
                self.queries.append(n)
                self.writer.write(self.replies.get(n, b""))

    def push(self, data: bytes) -> None:
        self.writer.write(data)

    async def close(self) -> None:
        self.writer.close()
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await self.task


@pytest.fixture
async def printer_and_peer(
    tcp_peer: TcpPeer,
) -> AsyncIterator[tuple[EscPosPrinter, ScriptedPrinter]]:
    printer = EscPosPrinter("receipt_printer", tcp_peer.url, columns=24, status_timeout_s=0.3)
    opening = asyncio.create_task(printer.open())
    reader, writer = await tcp_peer.accept()
    peer = ScriptedPrinter(reader, writer)
    await asyncio.wait_for(opening, 3.0)
    yield printer, peer
    await printer.close()
    await peer.close()


async def test_open_initialises_enables_asb_and_reads_status(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    assert bytes(peer.other) == b"\x1b\x40\x1d\x61\x0e"
    assert peer.queries == [1, 2, 4]
    assert printer.status.device == DeviceState.ONLINE
    assert printer.status.paper == PaperStatus.FULL
    assert printer.status.cover == CoverStatus.CLOSED
    assert printer.status.can_print


@pytest.mark.parametrize(
    ("sensor", "paper"),
    [(b"\x12", PaperStatus.FULL), (b"\x1e", PaperStatus.LOW), (b"\x72", PaperStatus.OUT)],
)
async def test_roll_paper_sensor_replies(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter], sensor: bytes, paper: PaperStatus
) -> None:
    printer, peer = printer_and_peer
    peer.replies[4] = sensor
    if paper == PaperStatus.OUT:
        peer.replies[1] = b"\x1a"  # offline bit: a printer out of paper stops
    status = await printer.query_status()
    assert status.paper == paper
    assert status.device == DeviceState.ONLINE


async def test_cover_open_from_offline_cause(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.replies[1], peer.replies[2] = b"\x1a", b"\x16"
    status = await printer.query_status()
    assert status.cover == CoverStatus.OPEN
    assert not status.can_print


async def test_unexplained_offline_is_offline(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.replies[1] = b"\x1a"
    assert (await printer.query_status()).device == DeviceState.OFFLINE


async def test_silent_printer_gives_unknown_not_offline(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.replies[2] = b""
    status = await printer.query_status()
    assert status.device == DeviceState.ONLINE
    assert status.paper == PaperStatus.UNKNOWN
    assert status.cover == CoverStatus.UNKNOWN
    assert "DLE EOT 2" in (status.last_error or "")


async def test_asb_pushes_are_told_apart_from_replies(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    events: list[StatusChanged] = []
    got_event = asyncio.Event()

    def on_change(event: StatusChanged) -> None:
        events.append(event)
        got_event.set()

    printer.add_listener(on_change)
    peer.push(b"\x38\x00\x00\x00")  # ASB: offline, cover open
    await asyncio.wait_for(got_event.wait(), 2.0)
    assert events[-1].changes == {"cover": CoverStatus.OPEN}
    # An ASB arriving just before a reply must not be taken for the reply, nor break it.
    peer.replies[1] = b"\x10\x00\x0f\x00\x12"  # ASB: paper end, cover closed; then reply 0x12
    peer.replies[4] = b"\x72"
    status = await printer.query_status()
    assert status.paper == PaperStatus.OUT
    assert status.cover == CoverStatus.CLOSED
    assert printer.ignored_bytes == 0


async def test_print_sends_the_job_between_status_checks(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    receipt = Receipt((Text("电费"), QrCode("A1")))
    peer.other.clear()
    peer.queries.clear()
    await printer.print_receipt(receipt)
    assert peer.queries == [1, 2, 4, 1, 2, 4]
    assert bytes(peer.other) == encode_receipt(receipt, 24)


async def test_out_of_paper_is_refused_and_nothing_is_sent(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.replies[1], peer.replies[4] = b"\x1a", b"\x72"
    peer.other.clear()
    with pytest.raises(DeviceError, match="out of paper"):
        await printer.print_receipt(Receipt((Text("x"),)))
    await printer.query_status()  # a round trip, so anything sent would have arrived
    assert bytes(peer.other) == b""


async def test_cover_open_is_refused(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.replies[1], peer.replies[2] = b"\x1a", b"\x16"
    with pytest.raises(DeviceError, match="cover open"):
        await printer.print_receipt(Receipt((Text("x"),)))


async def test_paper_out_after_the_job_is_reported_not_retried(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    peer.after_cut = {1: b"\x1a", 2: b"\x32", 4: b"\x72"}  # the roll ends during the job
    peer.other.clear()
    receipt = Receipt((Text("once"),))
    with pytest.raises(DeviceError, match="incomplete"):
        await printer.print_receipt(receipt)
    assert bytes(peer.other).count(b"once") == 1


async def test_connection_drop_marks_no_device(
    printer_and_peer: tuple[EscPosPrinter, ScriptedPrinter],
) -> None:
    printer, peer = printer_and_peer
    gone = asyncio.Event()
    printer.add_listener(lambda e: gone.set() if e.status.device == DeviceState.NO_DEVICE else None)
    await peer.close()
    await asyncio.wait_for(gone.wait(), 2.0)
    with pytest.raises(DeviceError):
        await printer.print_receipt(Receipt((Text("x"),)))
