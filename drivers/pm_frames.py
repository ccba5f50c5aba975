"""Frames of the payment module's serial protocol (docs/payment-module.md), terminal side.

A frame is `STX | LEN (2, big-endian) | CMD | DATA | ETX | LRC`, LEN = len(CMD) + len(DATA) and
LRC the XOR of every byte from LEN through ETX. Single ACK / NAK bytes between frames acknowledge
them. DATA is ASCII fields separated by FS.

The decoder never raises on any input and keeps at most one frame's worth of bytes: garbage
between frames is skipped, a frame that fails its length or LRC check is reported (so that the
receiver can NAK it) and the scan restarts on the byte after its STX, so a real frame hiding
behind a stray STX is still found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

STX, ETX, ACK, NAK, FS = 0x02, 0x03, 0x06, 0x15, 0x1C
MAX_BODY = 1024
"""Largest LEN accepted (CMD + DATA); a larger one is a corrupt frame."""
MAX_FRAME = MAX_BODY + 5


class FrameError(ValueError):
    """A frame or field that cannot be encoded or decoded as the protocol requires."""


class Command:
    """Command codes; an answer is the command's code | 0x80."""

    ECHO = 0x10
    SALE = 0x20
    CANCEL = 0x21
    QUERY = 0x22
    REVERSAL = 0x23
    VOID = 0x24
    CARD_STATUS = 0x30
    RETAIN = 0x31
    EVENT = 0x50
    CARD_REMOVED = 0x51
    CARD_INSERTED = 0x52


def answer_to(command: int) -> int:
    """The code of the module's answer to `command`."""
    return command | 0x80


@dataclass(frozen=True)
class Frame:
    """A well-formed frame."""

    cmd: int
    data: bytes = b""

    def fields(self) -> list[str]:
        """DATA split on FS, each field ASCII; FrameError if it is not."""
        return split_fields(self.data)


class Control(Enum):
    """A one-byte acknowledgement."""

    ACK = ACK
    NAK = NAK


@dataclass(frozen=True)
class Corrupt:
    """Something that started like a frame but failed its checks; the receiver NAKs it."""

    reason: str


Received = Frame | Control | Corrupt


def lrc(data: bytes | bytearray) -> int:
    """XOR of `data`."""
    value = 0
    for byte in data:
        value ^= byte
    return value


def encode_frame(cmd: int, data: bytes = b"") -> bytes:
    """The bytes of one frame."""
    if not 0 <= cmd <= 0xFF:
        raise FrameError(f"command {cmd!r} is not one byte")
    length = 1 + len(data)
    if length > MAX_BODY:
        raise FrameError(f"frame body of {length} bytes exceeds {MAX_BODY}")
    body = length.to_bytes(2, "big") + bytes([cmd]) + data + bytes([ETX])
    return bytes([STX]) + body + bytes([lrc(body)])


def encode_fields(*fields: str) -> bytes:
    """ASCII fields joined by FS; FrameError on a character a field may not hold."""
    for text in fields:
        if not text.isascii() or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
            raise FrameError("a field must be printable ASCII")
    return bytes([FS]).join(text.encode("ascii") for text in fields)


def split_fields(data: bytes) -> list[str]:
    """DATA split on FS; FrameError if a field is not printable ASCII."""
    fields: list[str] = []
    for raw in data.split(bytes([FS])):
        if any(b < 0x20 or b > 0x7E for b in raw):
            raise FrameError("field is not printable ASCII")
        fields.append(raw.decode("ascii"))
    return fields


@dataclass
class FrameDecoder:
    """Turns a byte stream into frames, ACK/NAK and corrupt-frame reports; bounded, never raises.

    `garbage_bytes` counts bytes skipped between frames (for logs and tests).
    """

    max_body: int = MAX_BODY
    garbage_bytes: int = 0
    _buffer: bytearray = field(default_factory=bytearray)

    @property
    def buffered(self) -> int:
        """Bytes held waiting for the rest of a frame (at most max_body + 5)."""
        return len(self._buffer)

    @property
    def partial(self) -> bool:
        """Whether a frame has started and not yet ended."""
        return bool(self._buffer)

    def feed(self, data: bytes) -> list[Received]:
        """Everything complete in the stream after adding `data`."""
        self._buffer += data
        return self._parse()

    def drop_partial(self) -> list[Received]:
        """Give up on a frame that stopped arriving (its sender went quiet mid-frame); the bytes
        after its STX are scanned again."""
        if not self._buffer:
            return []
        del self._buffer[0]
        return [Corrupt("incomplete frame"), *self._parse()]

    def _parse(self) -> list[Received]:
        found: list[Received] = []
        buf = self._buffer
        while buf:
            first = buf[0]
            if first in (ACK, NAK):
                found.append(Control(first))
                del buf[0]
                continue
            if first != STX:
                skip = 1
                while skip < len(buf) and buf[skip] not in (STX, ACK, NAK):
                    skip += 1
                self.garbage_bytes += skip
                del buf[:skip]
                continue
            if len(buf) < 3:
                break
            length = int.from_bytes(buf[1:3], "big")
            if length == 0 or length > self.max_body:
                found.append(Corrupt(f"bad length {length}"))
                del buf[0]
                continue
            total = length + 5
            if len(buf) < total:
                break
            if buf[3 + length] != ETX:
                found.append(Corrupt("no ETX where the length ends"))
                del buf[0]
                continue
            if lrc(buf[1 : 4 + length]) != buf[4 + length]:
                found.append(Corrupt("bad LRC"))
                del buf[0]
                continue
            found.append(Frame(buf[3], bytes(buf[4 : 3 + length])))
            del buf[:total]
        return found
