"""A serial QR / barcode scanner sending CR- (or CR LF-) terminated frames (PROTOCOLS.md).

Reading is host-triggered with Honeywell's serial commands (SYN T CR on, SYN U CR off). The
framing is defensive: a scanner that sends garbage, half a frame or nothing never blocks the
terminal. Decoded codes can be payment codes, so a code's content never reaches a log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drivers.interfaces import BarcodeScanner, DeviceGone
from drivers.transport import Transport, transport_from_url
from kiosk.clock import Clock, SystemClock
from kiosk.devices.status import BarcodeScannerStatus, DeviceState, ScannerStatus

log = logging.getLogger(__name__)

TRIGGER_ON = b"\x16T\r"
TRIGGER_OFF = b"\x16U\r"
MAX_FRAME = 512
"""Longest frame accepted; anything longer without a terminator is garbage."""


@dataclass
class FrameDecoder:
    """Splits a scanner's byte stream into codes; bounded, never raises on any input.

    CR and LF both end a frame (so CR LF is one frame plus an empty one, which is ignored). A
    frame that is not printable UTF-8, or grows past `max_frame` bytes, is discarded whole; a
    partial frame left alone for `frame_gap_s` is dropped so that it cannot glue itself onto the
    next scan.
    """

    max_frame: int = MAX_FRAME
    frame_gap_s: float = 1.0
    on_discard: Callable[[str, int], None] | None = None
    _partial: bytearray = field(default_factory=bytearray)
    _overflowing: bool = False
    _last_byte_at: float | None = None

    def feed(self, data: bytes, now: float) -> list[str]:
        """The complete, valid codes found after adding `data` received at time `now`."""
        if (
            self._partial
            and self._last_byte_at is not None
            and now - self._last_byte_at > self.frame_gap_s
        ):
            self._discard("stale partial frame", len(self._partial))
            self._partial.clear()
        if data:
            self._last_byte_at = now
        codes: list[str] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if self._overflowing:
                    self._overflowing = False
                elif self._partial:
                    code = self._decode(bytes(self._partial))
                    if code is not None:
                        codes.append(code)
                self._partial.clear()
                continue
            if self._overflowing:
                continue
            self._partial.append(byte)
            if len(self._partial) > self.max_frame:
                self._discard("over-long frame", len(self._partial))
                self._partial.clear()
                self._overflowing = True
        return codes

    def reset(self) -> None:
        """Forget a partial frame."""
        self._partial.clear()
        self._overflowing = False

    def _decode(self, frame: bytes) -> str | None:
        try:
            text = frame.decode("utf-8")
        except UnicodeDecodeError:
            self._discard("frame is not UTF-8", len(frame))
            return None
        if not text.isprintable() or not text.strip():
            self._discard("non-printable bytes in frame", len(frame))
            return None
        return text

    def _discard(self, reason: str, length: int) -> None:
        if self.on_discard is not None:
            self.on_discard(reason, length)


@dataclass(frozen=True)
class _Code:
    text: str
    at: float


class SerialScanner(BarcodeScanner):
    """A scanner on a serial line or pseudo-terminal (`serial://...`), or any transport URL.

    `debounce_s`: the same code seen again within this time of its last sighting is dropped
    (a code held under a presentation scanner is read over and over). `max_code_age_s`: a code
    that waited longer than this for a reader is stale and dropped, because a payment code
    shown a while ago must not be charged by the next flow that asks for a code.
    """

    def __init__(
        self,
        name: str,
        url: str,
        *,
        debounce_s: float = 3.0,
        clock: Clock | None = None,
        base_dir: Path | None = None,
        max_code_age_s: float = 10.0,
        frame_gap_s: float = 1.0,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.debounce_s = debounce_s
        self.max_code_age_s = max_code_age_s
        self.clock: Clock = clock or SystemClock()
        self._base_dir = base_dir
        self._transport: Transport | None = None
        self._reader: asyncio.Task[None] | None = None
        self._decoder = FrameDecoder(frame_gap_s=frame_gap_s, on_discard=self._log_discard)
        self._codes: deque[_Code] = deque(maxlen=8)
        self._code_ready = asyncio.Event()
        self._last_seen: dict[str, float] = {}
        self._want_scanning = True
        self._status = BarcodeScannerStatus()
        self.discarded_frames = 0

    @property
    def status(self) -> BarcodeScannerStatus:
        return self._status

    def _set_status(self, new: BarcodeScannerStatus) -> None:
        old, self._status = self._status, new
        self._status_changed(old, new)

    async def open(self) -> None:
        """Open the line; re-sends trigger off if scanning was turned off before a reconnect."""
        if self._transport is not None and not self._transport.closed:
            return
        transport = transport_from_url(self.url, self._base_dir)
        try:
            await transport.open()
        except DeviceGone as exc:
            self._set_status(BarcodeScannerStatus(DeviceState.NO_DEVICE, str(exc)))
            raise
        self._transport = transport
        self._decoder = FrameDecoder(
            frame_gap_s=self._decoder.frame_gap_s, on_discard=self._log_discard
        )
        self._codes.clear()
        if not self._want_scanning:
            await transport.write(TRIGGER_OFF)
        self._reader = asyncio.create_task(self._read_loop(transport), name=f"{self.name}-reader")
        scanner = ScannerStatus.ON if self._want_scanning else ScannerStatus.OFF
        self._set_status(BarcodeScannerStatus(DeviceState.ONLINE, None, scanner))

    async def close(self) -> None:
        """Close the line; a waiting `read_code()` raises DeviceGone."""
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        if self._transport is not None:
            await self._transport.close()
        self._code_ready.set()
        if self._status.device != DeviceState.NO_DEVICE:
            self._set_status(BarcodeScannerStatus(DeviceState.NO_DEVICE, "closed"))

    async def _read_loop(self, transport: Transport) -> None:
        try:
            async for chunk in transport:
                now = self.clock.monotonic()
                for code in self._decoder.feed(chunk, now):
                    self._accept(code, now)
        finally:
            self._code_ready.set()
            if transport is self._transport and self._reader is asyncio.current_task():
                self._set_status(
                    BarcodeScannerStatus(
                        DeviceState.NO_DEVICE, "line dropped", ScannerStatus.INOPERATIVE
                    )
                )

    def _accept(self, code: str, now: float) -> None:
        last = self._last_seen.get(code)
        self._last_seen[code] = now
        if len(self._last_seen) > 64:
            self._last_seen = {
                c: t for c, t in self._last_seen.items() if now - t <= self.debounce_s
            }
        if last is not None and now - last < self.debounce_s:
            log.debug("%s: repeated code dropped (debounce)", self.name)
            return
        if not self._want_scanning:
            log.debug("%s: code received while scanning is off, dropped", self.name)
            return
        self._codes.append(_Code(code, now))
        self._code_ready.set()

    def _log_discard(self, reason: str, length: int) -> None:
        self.discarded_frames += 1
        log.warning("%s: discarded %d bytes: %s", self.name, length, reason)

    async def read_code(self) -> str:
        """The next decoded, debounced, fresh code. Raises DeviceGone if the line drops."""
        while True:
            while self._codes:
                item = self._codes.popleft()
                if self.clock.monotonic() - item.at <= self.max_code_age_s:
                    return item.text
                log.info("%s: stale code dropped", self.name)
            transport = self._transport
            if transport is None or transport.closed or self._reader is None:
                raise DeviceGone(f"{self.name}: scanner not connected")
            self._code_ready.clear()
            await self._code_ready.wait()

    async def set_scanning(self, on: bool) -> None:
        """Send the Honeywell trigger command; codes not yet read are forgotten either way."""
        self._want_scanning = on
        self._codes.clear()
        transport = self._transport
        if transport is None or transport.closed:
            raise DeviceGone(f"{self.name}: scanner not connected")
        if on:
            # Whatever the scanner sent while it was off predates this request.
            transport.discard_input()
            self._decoder.reset()
        await transport.write(TRIGGER_ON if on else TRIGGER_OFF)
        scanner = ScannerStatus.ON if on else ScannerStatus.OFF
        self._set_status(BarcodeScannerStatus(DeviceState.ONLINE, None, scanner))
