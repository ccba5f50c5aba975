"""The payment module's framing as the module sees it; written apart from the driver's on purpose,
so that a mistake in one is caught by the byte vectors instead of being shared.

`STX | LEN hi lo | CMD | DATA | ETX | LRC`, LRC = XOR over LEN..ETX; ACK / NAK single bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import xor

STX = b"\x02"
ETX = b"\x03"
ACK = b"\x06"
NAK = b"\x15"
FS = b"\x1c"
BODY_LIMIT = 1024


class SimFrameError(ValueError):
    """Data the simulator cannot put in a frame."""


@dataclass(frozen=True)
class Message:
    """One frame from the host."""

    command: int
    payload: bytes

    def text_fields(self) -> list[str]:
        """The payload's FS-separated fields, non-ASCII bytes replaced."""
        return [part.decode("ascii", "replace") for part in self.payload.split(FS)]


@dataclass(frozen=True)
class Ack:
    """An ACK byte from the host."""


@dataclass(frozen=True)
class Nak:
    """A NAK byte from the host."""


@dataclass(frozen=True)
class BadFrame:
    """A frame that failed its length, ETX or LRC check; the module NAKs it."""

    why: str


Incoming = Message | Ack | Nak | BadFrame


def check_byte(body: bytes) -> int:
    """The LRC of LEN..ETX."""
    return reduce(xor, body, 0)


def build(command: int, *fields: str) -> bytes:
    """A frame whose data is `fields` joined by FS."""
    return build_raw(command, FS.join(f.encode("ascii") for f in fields))


def build_raw(command: int, payload: bytes) -> bytes:
    """A frame carrying `payload` as it is."""
    size = len(payload) + 1
    if size > BODY_LIMIT or not 0 <= command < 256:
        raise SimFrameError("frame too long or bad command")
    body = size.to_bytes(2, "big") + command.to_bytes(1, "big") + payload + ETX
    return STX + body + check_byte(body).to_bytes(1, "big")


class Deframer:
    """The host's byte stream into messages; never raises, holds at most one frame's bytes."""

    def __init__(self) -> None:
        self.pending = bytearray()

    def push(self, chunk: bytes) -> list[Incoming]:
        """Whatever is complete after `chunk`."""
        self.pending.extend(chunk)
        out: list[Incoming] = []
        while self.pending:
            head = self.pending[0:1]
            if head == ACK:
                out.append(Ack())
                del self.pending[0]
            elif head == NAK:
                out.append(Nak())
                del self.pending[0]
            elif head != STX:
                # Skip noise up to the next byte that can start something.
                starts = [i for i in (self.pending.find(b) for b in (STX, ACK, NAK)) if i > 0]
                del self.pending[: min(starts) if starts else len(self.pending)]
            else:
                result = self._take_frame()
                if result is None:
                    break
                out.append(result)
        return out

    def abandon(self) -> list[Incoming]:
        """The sender stopped mid-frame: drop its STX and look again at what followed."""
        if not self.pending:
            return []
        del self.pending[0]
        return [BadFrame("incomplete"), *self.push(b"")]

    def _take_frame(self) -> Incoming | None:
        if len(self.pending) < 3:
            return None
        size = (self.pending[1] << 8) | self.pending[2]
        if not 1 <= size <= BODY_LIMIT:
            del self.pending[0]
            return BadFrame("length")
        end = 3 + size  # index of ETX
        if len(self.pending) < end + 2:
            return None
        body = bytes(self.pending[1 : end + 1])
        if self.pending[end : end + 1] != ETX:
            del self.pending[0]
            return BadFrame("etx")
        if check_byte(body) != self.pending[end + 1]:
            del self.pending[0]
            return BadFrame("lrc")
        message = Message(self.pending[3], bytes(self.pending[4:end]))
        del self.pending[: end + 2]
        return message
