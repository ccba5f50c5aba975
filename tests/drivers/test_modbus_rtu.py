"""Modbus RTU framing: CRC vectors, the discrete-inputs request, the stream parser (fuzzed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.modbus_rtu import (
    ResponseParser,
    crc16,
    crc_ok,
    read_discrete_inputs_request,
    with_crc,
)


def bitwise_crc(data: bytes) -> int:
    """CRC-16/MODBUS the table-less way, written apart from the driver's table version."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            if crc & 0x0001:
                crc = (crc >> 1) ^ 0xA001
            else:
                crc >>= 1
    return crc


def test_well_known_vector_read_holding_registers() -> None:
    assert crc16(bytes.fromhex("01 03 00 00 00 0A")) == 0xCDC5  # sent C5 CD
    assert with_crc(bytes.fromhex("01 03 00 00 00 0A")) == bytes.fromhex("01 03 00 00 00 0A C5 CD")
    assert bitwise_crc(bytes.fromhex("01 03 00 00 00 0A")) == 0xCDC5


def test_check_value_of_the_crc_catalogue() -> None:
    # CRC-16/MODBUS check value over "123456789" (reveng catalogue): 0x4B37
    assert crc16(b"123456789") == 0x4B37 == bitwise_crc(b"123456789")


def test_read_discrete_inputs_request_bytes() -> None:
    frame = read_discrete_inputs_request(1, 0, 8)
    # 01 02 00 00 00 08, then CRC 0xCC79 low byte first (computed bit by bit: 79 CC)
    assert frame == bytes.fromhex("01 02 00 00 00 08 79 CC")
    assert bitwise_crc(frame[:-2]).to_bytes(2, "little") == frame[-2:]
    assert read_discrete_inputs_request(17, 0, 8)[:6] == bytes.fromhex("11 02 00 00 00 08")
    assert crc_ok(read_discrete_inputs_request(17, 0, 8))


@given(st.binary(max_size=64))
def test_table_crc_equals_bitwise_crc(data: bytes) -> None:
    assert crc16(data) == bitwise_crc(data)


def response(body: str) -> bytes:
    raw = bytes.fromhex(body)
    return raw + bitwise_crc(raw).to_bytes(2, "little")


def test_parser_finds_a_read_response() -> None:
    parser = ResponseParser()
    (frame,) = parser.feed(response("01 02 01 03"))
    assert (frame.unit, frame.function, frame.data, frame.is_exception) == (1, 2, b"\x03", False)
    assert frame.bit(0) and frame.bit(1) and not frame.bit(2)
    assert parser.discarded_bytes == 0


def test_parser_exception_response() -> None:
    (frame,) = ResponseParser().feed(response("01 82 02"))
    assert frame.is_exception and frame.function == 2 and frame.exception_code == 2
    assert frame.describe_exception() == "exception 02 (illegal data address)"


def test_parser_garbage_before_and_split_reads() -> None:
    parser = ResponseParser()
    wire = b"\xff\x00\x13\x01\x02\xfa" + response("01 02 01 01")
    found = []
    for i in range(len(wire)):
        found += parser.feed(wire[i : i + 1])
    assert [f.data for f in found] == [b"\x01"]
    assert parser.discarded_bytes == 6


def test_parser_bad_crc_is_discarded_and_counted() -> None:
    parser = ResponseParser()
    bad = bytearray(response("01 02 01 01"))
    bad[-1] ^= 0x40
    assert parser.feed(bytes(bad)) == []
    assert parser.crc_errors == 1
    (frame,) = parser.feed(response("01 02 01 02"))  # the next good one still comes through
    assert frame.data == b"\x02"


def test_two_frames_in_one_read() -> None:
    parser = ResponseParser()
    frames = parser.feed(response("01 02 01 01") + response("02 02 01 00"))
    assert [(f.unit, f.data) for f in frames] == [(1, b"\x01"), (2, b"\x00")]


@settings(max_examples=300)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), max_size=20))
def test_fuzz_never_raises_and_accepts_only_good_crcs(data: bytes, cuts: list[int]) -> None:
    parser = ResponseParser()
    at = 0
    frames = []
    for size in [*cuts, len(data)]:
        frames += parser.feed(data[at : at + size])
        at += size
    for frame in frames:
        assert bitwise_crc(frame.raw[:-2]).to_bytes(2, "little") == frame.raw[-2:]


@settings(max_examples=200)
@given(
    st.binary(max_size=40),
    st.integers(1, 247),
    st.binary(min_size=1, max_size=4),
    st.integers(1, 7),
)
def test_fuzz_frame_behind_garbage_is_found(
    garbage: bytes, unit: int, bits: bytes, chunk: int
) -> None:
    frame = response(f"{unit:02X} 02 {len(bits):02X} {bits.hex()}")
    wire = garbage + frame
    parser = ResponseParser()
    found = []
    for i in range(0, len(wire), chunk):
        found += parser.feed(wire[i : i + chunk])
    assert frame in [f.raw for f in found]
