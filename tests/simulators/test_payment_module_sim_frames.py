"""The simulator's own frame builder and deframer against the vectors of docs/payment-module.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulators.payment_module.frames import (
    Ack,
    BadFrame,
    Deframer,
    Message,
    Nak,
    SimFrameError,
    build,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "payment-module.md"
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
        [
            "00",
            "622202*********0123",
            "123456",
            "000000000001",
            "000123",
            "000000012345",
            "APPROVED",
        ],
        "02 00 48 A0 30 30 1C 36 32 32 32 30 32 2A 2A 2A 2A 2A 2A 2A 2A 2A 30 31 32 33 1C 31 32"
        " 33 34 35 36 1C 30 30 30 30 30 30 30 30 30 30 30 31 1C 30 30 30 31 32 33 1C 30 30 30 30"
        " 30 30 30 31 32 33 34 35 1C 41 50 50 52 4F 56 45 44 03 CB",
    ),
    (
        "declined",
        0xA0,
        [
            "51",
            "622202*********0123",
            "",
            "000000000002",
            "000123",
            "000000012345",
            "INSUFFICIENT FUNDS",
        ],
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


@pytest.mark.parametrize(("name", "cmd", "fields", "wire"), VECTORS, ids=[v[0] for v in VECTORS])
def test_builder_matches_vector(name: str, cmd: int, fields: list[str], wire: str) -> None:
    assert build(cmd, *fields) == bytes.fromhex(wire)


@pytest.mark.parametrize(("name", "cmd", "fields", "wire"), VECTORS, ids=[v[0] for v in VECTORS])
def test_deframer_matches_vector(name: str, cmd: int, fields: list[str], wire: str) -> None:
    deframer = Deframer()
    (message,) = deframer.push(bytes.fromhex(wire))
    assert isinstance(message, Message) and message.command == cmd
    assert message.text_fields() == (fields or [""])
    assert not deframer.pending


def test_vectors_are_the_documented_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    for _, _, _, wire in VECTORS:
        assert f"`{wire}`" in text


def test_ack_nak_noise_and_corrupt_frames() -> None:
    deframer = Deframer()
    wire = b"\x06noise" + bytes.fromhex("02 00 01 10 03 13") + b"\x15"
    assert deframer.push(wire) == [Ack(), BadFrame("lrc"), Nak()]
    assert deframer.push(bytes.fromhex("02 00 01 10 04 12")) == [BadFrame("etx")]
    assert deframer.push(bytes.fromhex("02 00 00")) == [BadFrame("length")]


def test_abandoned_partial_frame_gives_back_the_frame_behind_it() -> None:
    deframer = Deframer()
    assert deframer.push(bytes.fromhex("02 01 00 02 00 01 21 03 23")) == []
    assert deframer.abandon() == [BadFrame("incomplete"), Message(0x21, b"")]


def test_builder_refuses_oversize() -> None:
    with pytest.raises(SimFrameError):
        build(0xA0, "x" * 1024)
