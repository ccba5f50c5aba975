"""The auxiliaries I/O module on a pseudo-terminal: a Modbus RTU slave with 8 discrete inputs.

Input 0 is the cabinet door (1 open), input 1 the operator key switch (1 maintenance), the rest
read 0. Like a real slave it answers only frames for its own unit with a good CRC, refuses other
functions (exception 01) and addresses beyond its 8 inputs (exception 02), and stays silent on a
bad CRC. Scriptable: door, switch, garbage before the next answer, silence, a module fault
(every request refused with an exception), unplug and replug. It parses requests with its own
code (never the driver's), so the two are tested against the documented bytes separately.
Not thread-safe: call it from the loop it was started in (simulators.host wraps it).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from kiosk.devices.status import DoorStatus, SwitchPosition
from simulators.counting import GrowthWatch
from simulators.pty_port import OnPtyPort, PtyPort

log = logging.getLogger(__name__)

INPUTS = 8
ILLEGAL_FUNCTION, ILLEGAL_ADDRESS, ILLEGAL_VALUE = 0x01, 0x02, 0x03
BROADCAST = 0
MAX_REQUESTS_KEPT = 200
# RTU frames end with 3.5 characters of silence (4 ms at 9600 baud); a pty has no baud timing,
# so a pause this long between reads ends whatever partial frame was waiting.
FRAME_GAP_S = 0.05


def modbus_crc(data: bytes) -> int:
    """CRC-16/MODBUS, bit by bit (the slave's own implementation)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def _framed(pdu: bytes) -> bytes:
    return pdu + modbus_crc(pdu).to_bytes(2, "little")


def _request_length(inbox: bytearray) -> int:
    """Bytes the request at the head of `inbox` takes (by its function code)."""
    function = inbox[1]
    if function in (0x0F, 0x10):  # write multiple: a byte count at offset 6
        return 9 + inbox[6] if len(inbox) > 6 else 9
    return 8  # reads and single writes: unit, function, 4 bytes, CRC


class SensorsSimulator(OnPtyPort):
    """A digital-input module behind a pty; `link_path`, if given, is kept pointing at it."""

    def __init__(self, link_path: Path | None = None, *, unit: int = 1) -> None:
        self._port = PtyPort("sensors", link_path, 9600, self._on_readable)
        self.unit = unit
        self.door = DoorStatus.CLOSED
        self.switch = SwitchPosition.RUN
        self.silent = False
        self.fault: int | None = None  # answer every request with this exception code
        self._garbage = b""
        self._inbox = bytearray()
        self.requests: list[bytes] = []
        """Every well-formed request seen (any unit, any function), in order."""
        self.answers = 0
        self.bad_frames = 0
        self._growth = GrowthWatch()
        self._seen = 0
        self._last_read = 0.0

    async def start(self) -> None:
        """Create the pty (and link) in the running loop."""
        self._plug()

    async def stop(self) -> None:
        """Close the pty and remove the link."""
        self._port.close(remove_link=True)

    def _plug(self) -> None:
        if self._port.open():
            self._inbox.clear()

    def unplug(self) -> None:
        """Pull the cable: the driver's reads fail with EIO; the link is removed."""
        self._port.close(remove_link=True)

    def replug(self) -> None:
        """Plug back in: a new pty, the link re-pointed at it."""
        self._port.close(remove_link=False)
        self._plug()

    def set_door(self, door: DoorStatus | str) -> None:
        """Open or close the cabinet door."""
        door = DoorStatus(door)
        if door == DoorStatus.UNKNOWN:
            raise ValueError("the door is open or closed")
        self.door = door

    def set_switch(self, position: SwitchPosition | str) -> None:
        """Turn the operator key switch to run or maintenance."""
        position = SwitchPosition(position)
        if position == SwitchPosition.UNKNOWN:
            raise ValueError("the switch is at run or maintenance")
        self.switch = position

    def inject_garbage(self, data: bytes) -> None:
        """Send `data` on the line just before the next answer (noise on the line)."""
        self._garbage += data

    def set_silent(self, silent: bool) -> None:
        """Stop (or resume) answering, as a module without power behind a live adapter."""
        self.silent = silent

    def set_fault(self, code: int | None) -> None:
        """Refuse every request with exception `code` (e.g. 4, server device failure)."""
        if code is not None and not 1 <= code <= 0xFF:
            raise ValueError("an exception code is 1..255")
        self.fault = code

    def inputs(self) -> list[bool]:
        """The 8 inputs as the module reads them now."""
        bits = [False] * INPUTS
        bits[0] = self.door == DoorStatus.OPEN
        bits[1] = self.switch == SwitchPosition.MAINTENANCE
        return bits

    def state(self) -> dict[str, object]:
        """What the control API shows (GET /sensors)."""
        return {
            "plugged": self.plugged,
            "unit": self.unit,
            "door": self.door.value,
            "switch": self.switch.value,
            "silent": self.silent,
            "fault": self.fault,
            "garbage_pending": len(self._garbage),
            "requests": self._seen,
            "answers": self.answers,
            "bad_frames": self.bad_frames,
            "last_requests": [r.hex().upper() for r in self.requests[-5:]],
        }

    async def wait_requests(self, count: int, timeout: float = 5.0) -> int:
        """Return once `count` requests in all were seen; TimeoutError after `timeout` s."""
        await self._growth.wait(self._seen, count, timeout)
        return self._seen

    # -- the line ---------------------------------------------------------------------------------

    def _on_readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 1024)
        except BlockingIOError:
            return
        except OSError:
            return  # EIO: no process holds the slave open right now
        now = time.monotonic()
        if self._inbox and now - self._last_read > FRAME_GAP_S:
            self.bad_frames += 1
            self._inbox.clear()
        self._last_read = now
        self._inbox += data
        self._take_requests()

    def _take_requests(self) -> None:
        inbox = self._inbox
        while len(inbox) >= 2:
            length = _request_length(inbox)
            if len(inbox) < length:
                return
            frame = bytes(inbox[:length])
            if modbus_crc(frame[:-2]).to_bytes(2, "little") != frame[-2:]:
                # resynchronise a byte further on: what a slave does after a broken frame
                self.bad_frames += 1
                del inbox[:1]
                continue
            del inbox[:length]
            self._record(frame)
            answer = self._answer(frame)
            if answer is not None and not self.silent:
                self._send(self._garbage + answer)
                self._garbage = b""
                self.answers += 1

    def _record(self, frame: bytes) -> None:
        self.requests.append(frame)
        del self.requests[:-MAX_REQUESTS_KEPT]
        self._seen += 1
        self._growth.grown_to(self._seen)

    def _answer(self, frame: bytes) -> bytes | None:
        unit, function = frame[0], frame[1]
        if unit != self.unit:
            return None  # another slave's frame (or a broadcast, which is never answered)
        if self.fault is not None:
            return _framed(bytes([unit, function | 0x80, self.fault]))
        if function != 0x02:
            return _framed(bytes([unit, function | 0x80, ILLEGAL_FUNCTION]))
        start = int.from_bytes(frame[2:4], "big")
        count = int.from_bytes(frame[4:6], "big")
        if not 1 <= count <= 2000:
            return _framed(bytes([unit, 0x82, ILLEGAL_VALUE]))
        if start + count > INPUTS:
            return _framed(bytes([unit, 0x82, ILLEGAL_ADDRESS]))
        bits = self.inputs()[start : start + count]
        packed = bytearray((count + 7) // 8)
        for i, on in enumerate(bits):
            if on:
                packed[i // 8] |= 1 << (i % 8)
        return _framed(bytes([unit, 0x02, len(packed)]) + bytes(packed))

    def _send(self, data: bytes) -> None:
        if self._master is None:
            return
        try:
            os.write(self._master, data)
        except OSError as exc:
            log.warning("sensors simulator: answer lost (%s)", exc)


__all__ = ["SensorsSimulator", "modbus_crc"]
