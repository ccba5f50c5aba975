"""The driver's frame encoder/decoder against the byte vectors of docs/payment-module.md, and the
driver's ACK / NAK / retransmission bytes against a raw pty peer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from device_peers import PtyPeer

from drivers.interfaces import DeviceError
from drivers.payment_module import SerialPaymentModule, mask_pan, parse_result
from drivers.pm_frames import (
    Control,
    Corrupt,
    Frame,
    FrameDecoder,
    FrameError,
    encode_fields,
    encode_frame,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "payment-module.md"
APPROVED_FIELDS = [
    "00",
    "622202*********0123",
    "123456",
    "000000000001",
    "000123",
    "000000012345",
    "APPROVED",
]
DECLINED_FIELDS = [
    "51",
    "622202*********0123",
    "",
    "000000000002",
    "000123",
    "000000012345",
    "INSUFFICIENT FUNDS",
]
VECTORS: list[tuple[str, int, list[str], str]] = [
    ("echo", 0x10, [], "02 00 01 10 03 12"),
    ("echo answer", 0x90, [], "02 00 01 90 03 92"),
    (
        "sale",
        0x20,
        ["000000012345", "000123", "P20260101000001"],
        "02 00 24 20 30 30 30 30 30 30 30 31 32 33 34 35 1C 30 30 30 31 32 33 1C 50 32 30 32 36"
        " 30 31 30 31 30 30 30 30 30 31 03 51",
    ),
    (
        "event insert_card",
        0x50,
        ["insert_card"],
        "02 00 0C 50 69 6E 73 65 72 74 5F 63 61 72 64 03 03",
    ),
    (
        "event authorising",
        0x50,
        ["authorising"],
        "02 00 0C 50 61 75 74 68 6F 72 69 73 69 6E 67 03 30",
    ),
    ("card inserted", 0x52, [], "02 00 01 52 03 50"),
    ("card removed", 0x51, [], "02 00 01 51 03 53"),
    (
        "approved",
        0xA0,
        APPROVED_FIELDS,
        "02 00 48 A0 30 30 1C 36 32 32 32 30 32 2A 2A 2A 2A 2A 2A 2A 2A 2A 30 31 32 33 1C 31 32"
        " 33 34 35 36 1C 30 30 30 30 30 30 30 30 30 30 30 31 1C 30 30 30 31 32 33 1C 30 30 30 30"
        " 30 30 30 31 32 33 34 35 1C 41 50 50 52 4F 56 45 44 03 CB",
    ),
    (
        "declined",
        0xA0,
        DECLINED_FIELDS,
        "02 00 4C A0 35 31 1C 36 32 32 32 30 32 2A 2A 2A 2A 2A 2A 2A 2A 2A 30 31 32 33 1C 1C 30"
        " 30 30 30 30 30 30 30 30 30 30 32 1C 30 30 30 31 32 33 1C 30 30 30 30 30 30 30 31 32 33"
        " 34 35 1C 49 4E 53 55 46 46 49 43 49 45 4E 54 20 46 55 4E 44 53 03 B3",
    ),
    ("cancel", 0x21, [], "02 00 01 21 03 23"),
    ("cancel too late", 0xA1, ["01"], "02 00 03 A1 30 31 03 A0"),
    ("query", 0x22, ["000123"], "02 00 07 22 30 30 30 31 32 33 03 26"),
    (
        "query no record",
        0xA2,
        ["25", "", "", "", "000123", "", "NO RECORD"],
        "02 00 18 A2 32 35 1C 1C 1C 1C 30 30 30 31 32 33 1C 1C 4E 4F 20 52 45 43 4F 52 44 03 92",
    ),
    (
        "reversal",
        0x23,
        ["000123", "timeout"],
        "02 00 0F 23 30 30 30 31 32 33 1C 74 69 6D 65 6F 75 74 03 48",
    ),
    ("card status", 0x30, [], "02 00 01 30 03 32"),
    ("card status present", 0xB0, ["1"], "02 00 02 B0 31 03 80"),
    ("retained", 0xB1, ["00"], "02 00 03 B1 30 30 03 B1"),
]
CORRUPT_ECHO = "02 00 01 10 03 13"


@pytest.mark.parametrize(("name", "cmd", "fields", "wire"), VECTORS, ids=[v[0] for v in VECTORS])
def test_encoder_matches_vector(name: str, cmd: int, fields: list[str], wire: str) -> None:
    data = encode_fields(*fields) if fields else b""
    assert encode_frame(cmd, data) == bytes.fromhex(wire)


@pytest.mark.parametrize(("name", "cmd", "fields", "wire"), VECTORS, ids=[v[0] for v in VECTORS])
def test_decoder_matches_vector(name: str, cmd: int, fields: list[str], wire: str) -> None:
    decoder = FrameDecoder()
    (frame,) = decoder.feed(bytes.fromhex(wire))
    assert isinstance(frame, Frame) and frame.cmd == cmd
    assert frame.fields() == (fields or [""])
    assert decoder.buffered == 0


def test_every_vector_is_in_the_document() -> None:
    text = DOC.read_text(encoding="utf-8")
    for _, _, _, wire in VECTORS:
        assert f"`{wire}`" in text
    assert f"`{CORRUPT_ECHO}`" in text


def test_results_parse_to_masked_card_and_integer_fen() -> None:
    approved = parse_result(APPROVED_FIELDS)
    assert approved.approved and approved.amount_fen == 12345
    assert approved.last4 == "0123" and approved.auth_code == "123456"
    assert approved.rrn == "000000000001" and approved.trace_no == "000123"
    declined = parse_result(DECLINED_FIELDS)
    assert not declined.approved and declined.response_code == "51"
    assert declined.auth_code is None
    with pytest.raises(FrameError):
        parse_result(["00", "", "", "", "123", "", ""])  # trace not 6 digits
    with pytest.raises(FrameError):
        parse_result(["00", "", "", "", "000123", "12.5", ""])  # amount never a decimal


def test_a_full_card_number_from_a_module_is_masked() -> None:
    assert mask_pan("6222021234567890123") == "622202*********0123"
    assert mask_pan("622202*********0123") == "622202*********0123"
    fields = ["00", "6222021234567890123", "1", "2", "000123", "000000000100", ""]
    assert parse_result(fields).masked_pan == "622202*********0123"


def test_ack_nak_and_garbage_between_frames() -> None:
    decoder = FrameDecoder()
    wire = b"\xff\x00ab" + bytes.fromhex("06") + b"zz" + bytes.fromhex("02 00 01 10 03 12 15")
    assert decoder.feed(wire) == [Control.ACK, Frame(0x10, b""), Control.NAK]
    assert decoder.garbage_bytes == 6


def test_corrupt_frame_is_reported_and_the_frame_behind_it_found() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(bytes.fromhex(CORRUPT_ECHO)) == [Corrupt("bad LRC")]
    # A stray STX claiming a long frame swallows a real one; the gap timer gives it back.
    items = decoder.feed(bytes.fromhex("02 00 30") + bytes.fromhex("02 00 01 90 03 92"))
    assert items == []
    assert decoder.drop_partial() == [Corrupt("incomplete frame"), Frame(0x90, b"")]
    assert decoder.feed(bytes.fromhex("02 04 01 10")) == [Corrupt("bad length 1025")]


def test_frame_split_byte_by_byte() -> None:
    decoder = FrameDecoder()
    found: list[object] = []
    for byte in bytes.fromhex(VECTORS[7][3]):
        found += decoder.feed(bytes([byte]))
    assert found == [Frame(0xA0, encode_fields(*APPROVED_FIELDS))]


def test_encoder_refuses_what_the_protocol_cannot_carry() -> None:
    with pytest.raises(FrameError):
        encode_fields("a\x1cb")
    with pytest.raises(FrameError):
        encode_fields("金额")
    with pytest.raises(FrameError):
        encode_frame(0x20, b"x" * 1024)


# -- the driver's bytes on a raw pty -------------------------------------------------------------

ECHO = bytes.fromhex("02 00 01 10 03 12")
ECHO_ANSWER = bytes.fromhex("02 00 01 90 03 92")


async def test_echo_exchange_bytes(pty_peer: PtyPeer) -> None:
    module = SerialPaymentModule("pm", pty_peer.url, ack_timeout_s=0.5)
    await module.open()
    task = asyncio.create_task(module.echo())
    assert await pty_peer.read_exactly(6) == ECHO
    pty_peer.write(b"\x06" + ECHO_ANSWER)
    await asyncio.wait_for(task, 2.0)
    assert await pty_peer.read_exactly(1) == b"\x06"  # the terminal ACKs the answer
    await module.close()


async def test_retransmits_the_same_bytes_after_nak(pty_peer: PtyPeer) -> None:
    module = SerialPaymentModule("pm", pty_peer.url, ack_timeout_s=0.5)
    await module.open()
    task = asyncio.create_task(module.echo())
    assert await pty_peer.read_exactly(6) == ECHO
    pty_peer.write(b"\x15")
    assert await pty_peer.read_exactly(6) == ECHO
    pty_peer.write(b"\x06" + ECHO_ANSWER)
    await asyncio.wait_for(task, 2.0)
    assert module.retransmissions == 1
    await module.close()


async def test_no_ack_four_sends_then_not_acknowledged(pty_peer: PtyPeer) -> None:
    module = SerialPaymentModule("pm", pty_peer.url, ack_timeout_s=0.05)
    await module.open()
    with pytest.raises(DeviceError, match="not acknowledged"):
        await module.echo()
    assert await pty_peer.read_exactly(24) == ECHO * 4
    assert module.status.last_error == "not answering"
    await module.close()


async def test_terminal_naks_a_corrupt_frame_and_acks_a_good_one(pty_peer: PtyPeer) -> None:
    module = SerialPaymentModule("pm", pty_peer.url)
    await module.open()
    pty_peer.write(b"\xaa\x55" + bytes.fromhex(CORRUPT_ECHO))
    assert await pty_peer.read_exactly(1) == b"\x15"
    pty_peer.write(bytes.fromhex("02 00 01 51 03 53"))
    assert await pty_peer.read_exactly(1) == b"\x06"
    assert module.naks_sent == 1
    await module.close()
