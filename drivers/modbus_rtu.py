"""Modbus RTU framing for the host (master) side: requests out, responses found in a byte stream.

A frame is unit, function, payload, CRC-16/MODBUS (low byte first). A serial line delivers a
response in pieces, sometimes behind noise; `ResponseParser` finds whole frames whose CRC checks
and discards everything else, counting what it threw away. It never raises on input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

READ_COILS = 0x01
READ_DISCRETE_INPUTS = 0x02
READ_HOLDING_REGISTERS = 0x03
READ_INPUT_REGISTERS = 0x04
READ_FUNCTIONS = (READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS)
EXCEPTION_FLAG = 0x80
MAX_FRAME = 256  # an RTU frame is at most 256 bytes (unit + PDU of 253 + CRC)
MIN_FRAME = 5  # an exception response: unit, function | 0x80, code, CRC

EXCEPTION_NAMES = {
    0x01: "illegal function",
    0x02: "illegal data address",
    0x03: "illegal data value",
    0x04: "server device failure",
    0x06: "server device busy",
}


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc16(data: bytes) -> int:
    """CRC-16/MODBUS of `data` (poly 0xA001 reflected, init 0xFFFF); sent low byte first."""
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def with_crc(frame: bytes) -> bytes:
    """`frame` followed by its CRC, low byte first."""
    return frame + crc16(frame).to_bytes(2, "little")


def crc_ok(frame: bytes) -> bool:
    """Whether the last two bytes of `frame` are the CRC of the rest."""
    return len(frame) >= 4 and crc16(frame[:-2]).to_bytes(2, "little") == frame[-2:]


def read_discrete_inputs_request(unit: int, start: int, count: int) -> bytes:
    """Function 02 "Read Discrete Inputs": unit, 02, start (BE), count (BE), CRC."""
    if not 0 <= unit <= 247:
        raise ValueError(f"unit {unit} outside 0..247")
    if not 0 <= start <= 0xFFFF or not 1 <= count <= 2000:
        raise ValueError(f"start {start} / count {count} out of range")
    pdu = bytes([unit, READ_DISCRETE_INPUTS]) + start.to_bytes(2, "big") + count.to_bytes(2, "big")
    return with_crc(pdu)


@dataclass(frozen=True)
class ModbusResponse:
    """One response frame with a good CRC. `exception_code` is set for an exception response
    (function | 0x80), `data` holds the bytes after the byte count for a read response."""

    unit: int
    function: int  # without the exception flag
    data: bytes = b""
    exception_code: int | None = None
    raw: bytes = field(default=b"", repr=False)

    @property
    def is_exception(self) -> bool:
        """Whether the device refused the request."""
        return self.exception_code is not None

    def describe_exception(self) -> str:
        """e.g. "exception 02 (illegal data address)" for logs and the dashboard."""
        code = self.exception_code or 0
        return f"exception {code:02X} ({EXCEPTION_NAMES.get(code, 'unknown')})"

    def bit(self, index: int) -> bool:
        """Input `index` of a read-bits response (LSB of the first byte is input 0)."""
        return bool(self.data[index // 8] >> (index % 8) & 1)


def _frame_length(buffer: bytearray, at: int) -> int | None:
    """The length the frame starting at `at` claims, or None if no response starts there.
    May exceed what is buffered (then the frame is incomplete)."""
    if len(buffer) - at < 3:
        return MIN_FRAME if len(buffer) - at < 2 or _plausible(buffer[at + 1]) else None
    function = buffer[at + 1]
    if function & EXCEPTION_FLAG:
        return MIN_FRAME if function & 0x7F in READ_FUNCTIONS else None
    if function in READ_FUNCTIONS and 0 < buffer[at + 2] <= MAX_FRAME - 5:
        return 3 + buffer[at + 2] + 2
    return None


def _plausible(function: int) -> bool:
    return function in READ_FUNCTIONS or (function & 0x7F) in READ_FUNCTIONS


class ResponseParser:
    """Finds response frames in the bytes from the line, across split reads.

    Bytes that cannot be part of a frame with a good CRC are discarded (`discarded_bytes`); a
    complete frame at the head of the buffer whose CRC is wrong counts in `crc_errors`.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.discarded_bytes = 0
        self.crc_errors = 0
        self.frames = 0

    def reset(self) -> None:
        """Forget a partial frame (before a new request)."""
        self.discarded_bytes += len(self._buffer)
        self._buffer.clear()

    def feed(self, data: bytes) -> list[ModbusResponse]:
        """Every frame completed by `data`, in order."""
        self._buffer += data
        found: list[ModbusResponse] = []
        while True:
            frame = self._next_frame()
            if frame is None:
                break
            found.append(frame)
        if len(self._buffer) > MAX_FRAME:
            # nothing within a frame's length of the head can still complete: drop the excess
            excess = len(self._buffer) - MAX_FRAME
            del self._buffer[:excess]
            self.discarded_bytes += excess
        return found

    def _next_frame(self) -> ModbusResponse | None:
        buffer = self._buffer
        keep_from: int | None = None  # first offset where a frame may still be arriving
        for at in range(len(buffer)):
            length = _frame_length(buffer, at)
            if length is None:
                continue
            if at + length > len(buffer):
                if keep_from is None:
                    keep_from = at
                continue
            candidate = bytes(buffer[at : at + length])
            if not crc_ok(candidate):
                if at == 0:
                    self.crc_errors += 1
                continue
            self.discarded_bytes += at
            del buffer[: at + length]
            self.frames += 1
            return _decode(candidate)
        cut = len(buffer) if keep_from is None else keep_from
        self.discarded_bytes += cut
        del buffer[:cut]
        return None


def _decode(frame: bytes) -> ModbusResponse:
    unit, function = frame[0], frame[1]
    if function & EXCEPTION_FLAG:
        return ModbusResponse(unit, function & 0x7F, b"", frame[2], frame)
    return ModbusResponse(unit, function, frame[3:-2], None, frame)


__all__ = [
    "READ_DISCRETE_INPUTS",
    "ModbusResponse",
    "ResponseParser",
    "crc16",
    "crc_ok",
    "read_discrete_inputs_request",
    "with_crc",
]
