"""ESC/POS receipt printer (Chinese models) over a byte transport (PROTOCOLS.md).

Chinese text goes out in GB18030 inside `FS &` ... `FS .` (encoded here, byte for byte, because
generic encoders send "￥" and "，。" as "?"). QR codes are printed natively with `GS ( k`.
Status comes from real-time `DLE EOT n` queries and from automatic status back (`GS a n`) pushes,
which the reader tells apart by their first byte (Epson: DLE EOT replies are 0xx1xx10, the first
ASB byte is 0xx1xx00, the three following ASB bytes are 0xx0xxxx).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from drivers.interfaces import DeviceError, DeviceGone, DeviceTimeout, ReceiptPrinter
from drivers.transport import Transport, transport_from_url
from kiosk.devices.status import CoverStatus, DeviceState, PaperStatus, PrinterStatus
from kiosk.receipt import Feed, Pair, QrCode, Receipt, Rule, Text

log = logging.getLogger(__name__)

ESC, GS, FS, DLE, EOT, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x04, 0x0A
INIT = bytes([ESC, 0x40])
CHINESE_ON = bytes([FS, 0x26])
CHINESE_OFF = bytes([FS, 0x2E])
CUT = bytes([GS, 0x56, 66, 0])
ASB_ENABLE = bytes([GS, 0x61, 0x0E])  # online/offline (incl. cover), errors, roll paper sensor
_ALIGN = {"left": 0, "center": 1, "right": 2}
_QR_ERROR_M = 0x31


def text_width(text: str) -> int:
    """Printed width in columns: a double-byte (Chinese-mode) character takes two."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


def _clean(text: str) -> str:
    # Control characters in data (a name, an address) must never become printer commands; the
    # half-width yen has no double-byte GB2312 form, the full-width one (A3 A4) prints everywhere.
    return "".join(" " if ord(ch) < 0x20 or ch == "\x7f" else ch for ch in text).replace(
        "\u00a5", "\uffe5"
    )


def encode_text(text: str) -> bytes:
    """`text` as printer bytes: ASCII as is, every other run in GB18030 inside FS & ... FS ."""
    out = bytearray()
    run: list[str] = []

    def flush_run() -> None:
        if run:
            out.extend(CHINESE_ON + "".join(run).encode("gb18030") + CHINESE_OFF)
            run.clear()

    for ch in _clean(text):
        if ord(ch) < 0x80:
            flush_run()
            out.append(ord(ch))
        else:
            run.append(ch)
    flush_run()
    return bytes(out)


def _pair_lines(label: str, value: str, columns: int) -> list[str]:
    label, value = _clean(label), _clean(value)
    gap = columns - text_width(label) - text_width(value)
    if gap >= 1:
        return [label + " " * gap + value]
    return [label, " " * max(0, columns - text_width(value)) + value]


def encode_qr(data: str, module_size: int) -> bytes:
    """Native QR: model 2, module size, error level M, store, print (GS ( k)."""
    payload = data.encode("utf-8")
    store_len = len(payload) + 3
    if store_len > 0xFFFF:
        raise DeviceError(f"QR payload too long ({len(payload)} bytes)")
    size = max(1, min(16, module_size))
    return b"".join(
        [
            bytes([GS, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
            bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, size]),
            bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, _QR_ERROR_M]),
            bytes([GS, 0x28, 0x6B, store_len & 0xFF, store_len >> 8, 0x31, 0x50, 0x30]),
            payload,
            bytes([GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]),
        ]
    )


def encode_receipt(receipt: Receipt, columns: int = 42) -> bytes:
    """The whole job: init, every item, feed and partial cut (GS V 66 0)."""
    out = bytearray(INIT)
    for item in receipt.items:
        if isinstance(item, Text):
            out += bytes([ESC, 0x61, _ALIGN[item.align]])
            if item.bold:
                out += bytes([ESC, 0x45, 1])
            if item.double:
                out += bytes([GS, 0x21, 0x11])
            out += encode_text(item.text) + bytes([LF])
            if item.double:
                out += bytes([GS, 0x21, 0x00])
            if item.bold:
                out += bytes([ESC, 0x45, 0])
            out += bytes([ESC, 0x61, 0])
        elif isinstance(item, Pair):
            for line in _pair_lines(item.label, item.value, columns):
                out += encode_text(line) + bytes([LF])
        elif isinstance(item, Rule):
            char = _clean(item.char)[:1] or "-"
            out += encode_text(char * (columns // text_width(char))) + bytes([LF])
        elif isinstance(item, QrCode):
            out += bytes([ESC, 0x61, 1]) + encode_qr(item.data, item.module_size) + bytes([LF])
            out += bytes([ESC, 0x61, 0])
        elif isinstance(item, Feed):
            out += bytes([ESC, 0x64, max(0, min(255, item.lines))])
    out += CUT
    return bytes(out)


def is_status_reply(byte: int) -> bool:
    """A reply to DLE EOT: bit pattern 0xx1xx10."""
    return byte & 0x93 == 0x12


def is_asb_header(byte: int) -> bool:
    """The first byte of an automatic status back block: bit pattern 0xx1xx00."""
    return byte & 0x93 == 0x10


def paper_from_sensor(byte: int) -> PaperStatus:
    """Roll paper sensor (DLE EOT 4 reply or ASB byte 3 shifted): end bits win over near end."""
    if byte & 0x60:
        return PaperStatus.OUT
    if byte & 0x0C:
        return PaperStatus.LOW
    return PaperStatus.FULL


class EscPosPrinter(ReceiptPrinter):
    """An ESC/POS receipt printer at `url` (`socket://host:9100` or `serial://...`)."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        columns: int = 42,
        base_dir: Path | None = None,
        status_timeout_s: float = 1.0,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.columns = columns
        self.status_timeout_s = status_timeout_s
        self._base_dir = base_dir
        self._transport: Transport | None = None
        self._reader: asyncio.Task[None] | None = None
        self._reply: asyncio.Future[int] | None = None
        self._query_lock = asyncio.Lock()
        self._job_lock = asyncio.Lock()
        self._status = PrinterStatus()
        self.ignored_bytes = 0

    @property
    def status(self) -> PrinterStatus:
        return self._status

    def _set_status(self, new: PrinterStatus) -> None:
        old, self._status = self._status, new
        self._status_changed(old, new)

    async def open(self) -> None:
        """Connect, initialise (ESC @), enable automatic status back and read the status."""
        if self._transport is not None and not self._transport.closed:
            return
        transport = transport_from_url(self.url, self._base_dir)
        try:
            await transport.open()
        except DeviceGone as exc:
            self._set_status(PrinterStatus(DeviceState.NO_DEVICE, str(exc)))
            raise
        self._transport = transport
        self._reader = asyncio.create_task(self._read_loop(transport), name=f"{self.name}-reader")
        self._set_status(PrinterStatus(DeviceState.ONLINE))
        await transport.write(INIT + ASB_ENABLE)
        await self.query_status()

    async def close(self) -> None:
        """Disconnect; safe to call twice."""
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        if self._transport is not None:
            await self._transport.close()
        if self._status.device != DeviceState.NO_DEVICE:
            self._set_status(PrinterStatus(DeviceState.NO_DEVICE, "closed"))

    async def _read_loop(self, transport: Transport) -> None:
        asb: list[int] = []
        try:
            async for chunk in transport:
                for byte in chunk:
                    if asb:
                        asb.append(byte)
                        if len(asb) == 4:
                            self._on_asb(asb)
                            asb = []
                    elif is_asb_header(byte):
                        asb = [byte]
                    elif is_status_reply(byte) and self._reply is not None:
                        if not self._reply.done():
                            self._reply.set_result(byte)
                    else:
                        self.ignored_bytes += 1
        finally:
            if self._reply is not None and not self._reply.done():
                self._reply.set_exception(DeviceGone(f"{self.name}: connection lost"))
            if transport is self._transport and self._reader is asyncio.current_task():
                self._set_status(PrinterStatus(DeviceState.NO_DEVICE, "connection lost"))

    def _on_asb(self, block: list[int]) -> None:
        first, errors, paper, _ = block
        cover = CoverStatus.OPEN if first & 0x20 else CoverStatus.CLOSED
        # ASB byte 3 carries near end in bits 0-1 and paper end in bits 2-3.
        sensor = (0x0C if paper & 0x03 else 0) | (0x60 if paper & 0x0C else 0)
        self._set_status(
            PrinterStatus(
                self._device_state(first, errors & 0x6C != 0, cover, sensor),
                None,
                paper_from_sensor(sensor),
                cover,
            )
        )

    @staticmethod
    def _device_state(first: int, error: bool, cover: CoverStatus, sensor: int) -> DeviceState:
        # A printer goes offline when its cover opens or paper runs out; that is told by the
        # paper and cover fields, so only an unexplained offline makes the device offline.
        if error:
            return DeviceState.HARDWARE_ERROR
        explained = cover == CoverStatus.OPEN or paper_from_sensor(sensor) == PaperStatus.OUT
        if first & 0x08 and not explained:
            return DeviceState.OFFLINE
        return DeviceState.ONLINE

    async def _query(self, n: int) -> int:
        transport = self._transport
        if transport is None or transport.closed:
            raise DeviceGone(f"{self.name}: printer not connected")
        self._reply = asyncio.get_running_loop().create_future()
        try:
            await transport.write(bytes([DLE, EOT, n]))
            return await asyncio.wait_for(asyncio.shield(self._reply), self.status_timeout_s)
        except TimeoutError:
            raise DeviceTimeout(f"{self.name}: no answer to DLE EOT {n}") from None
        finally:
            self._reply = None

    async def query_status(self) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4 now; a query that fails leaves paper and cover `unknown`."""
        async with self._query_lock:
            try:
                printer = await self._query(1)
                offline_cause = await self._query(2)
                sensor = await self._query(4)
            except DeviceTimeout as exc:
                log.warning("%s: %s", self.name, exc)
                device = self._status.device
                if device == DeviceState.NO_DEVICE:
                    device = DeviceState.ONLINE
                self._set_status(
                    PrinterStatus(device, str(exc), PaperStatus.UNKNOWN, CoverStatus.UNKNOWN)
                )
                return self._status
            except DeviceGone as exc:
                self._set_status(PrinterStatus(DeviceState.NO_DEVICE, str(exc)))
                return self._status
        cover = CoverStatus.OPEN if offline_cause & 0x04 else CoverStatus.CLOSED
        error = offline_cause & 0x40 != 0
        self._set_status(
            PrinterStatus(
                self._device_state(printer, error, cover, sensor),
                None,
                paper_from_sensor(sensor),
                cover,
            )
        )
        return self._status

    async def print_receipt(self, receipt: Receipt) -> None:
        """Check status, send the job once, check status again. Never retries."""
        job = encode_receipt(receipt, self.columns)
        async with self._job_lock:
            before = await self.query_status()
            if before.device == DeviceState.NO_DEVICE:
                raise DeviceGone(f"{self.name}: printer not connected")
            if not before.can_print:
                raise DeviceError(f"{self.name}: cannot print: {self._explain(before)}")
            transport = self._transport
            if transport is None or transport.closed:
                raise DeviceGone(f"{self.name}: printer not connected")
            await transport.write(job)
            # The paper is used whether or not the job comes out whole: count it now.
            self._job_printed(len(receipt.plain_text(self.columns).splitlines()))
            after = await self.query_status()
            if after.device == DeviceState.NO_DEVICE:
                raise DeviceGone(f"{self.name}: connection lost after the job was sent")
            if after.paper == PaperStatus.UNKNOWN:
                # The job left; we cannot tell whether it came out. Reporting a failure would
                # invite a second copy, so it counts as printed and is logged.
                log.warning("%s: status unknown after the job", self.name)
                return
            if not after.can_print:
                raise DeviceError(f"{self.name}: job may be incomplete: {self._explain(after)}")

    @staticmethod
    def _explain(status: PrinterStatus) -> str:
        if status.device not in (DeviceState.ONLINE,):
            return f"printer {status.device}"
        if status.paper == PaperStatus.OUT:
            return "out of paper"
        if status.paper == PaperStatus.JAMMED:
            return "paper jammed"
        if status.cover == CoverStatus.OPEN:
            return "cover open"
        return f"status unknown ({status.last_error or 'no answer'})"
