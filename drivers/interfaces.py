"""The interfaces of each device class. Flows and the DeviceManager see only these."""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.devices.status import (
    BarcodeScannerStatus,
    CameraStatus,
    CardReaderStatus,
    DeviceStatus,
    PaymentModuleStatus,
    PrinterStatus,
    SensorsStatus,
    StatusChanged,
    diff_status,
)
from kiosk.receipt import Receipt

StatusListener = Callable[[StatusChanged], None]
JobListener = Callable[[str, int], None]
"""Called with (device name, lines printed) after each receipt a printer finished."""
log = logging.getLogger(__name__)


class DeviceError(Exception):
    """A device command failed; `str()` is for logs, never shown to a customer as is."""


class DeviceGone(DeviceError):
    """The device disappeared (unplugged, connection lost) during or before a command."""


class DeviceTimeout(DeviceError):
    """The device did not answer within the command's time-out."""


class Device(abc.ABC):
    """Common part of every device: open/close, a status, status-change listeners.

    One command at a time per device (drivers serialise with a lock); status reads skip the queue.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[StatusListener] = []

    @property
    @abc.abstractmethod
    def status(self) -> DeviceStatus:
        """The last known status (no I/O)."""

    @abc.abstractmethod
    async def open(self) -> None:
        """Connect to the device. Raises DeviceGone if it is not there."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Disconnect; safe to call twice."""

    def add_listener(self, listener: StatusListener) -> None:
        """Call `listener` with every `StatusChanged` of this device."""
        self._listeners.append(listener)

    def _status_changed(self, old: DeviceStatus, new: DeviceStatus) -> None:
        """Log and publish what changed from `old` to `new` (nothing if nothing did)."""
        event = diff_status(self.name, old, new)
        if event is not None:
            log.info("%s: status %s", self.name, {k: str(v) for k, v in event.changes.items()})
        self._publish(event)

    def _publish(self, event: StatusChanged | None) -> None:
        if event is None:
            return
        for listener in list(self._listeners):
            listener(event)


class BarcodeScanner(Device):
    """A QR / barcode scanner that reports decoded codes."""

    @property
    @abc.abstractmethod
    def status(self) -> BarcodeScannerStatus: ...

    @abc.abstractmethod
    async def read_code(self) -> str:
        """Wait for the next decoded code (debounced). Cancel to stop waiting.

        Raises DeviceGone if the scanner disappears while waiting.
        """

    @abc.abstractmethod
    async def set_scanning(self, on: bool) -> None:
        """Turn the scanner's reading on or off (trigger command)."""


class ReceiptPrinter(Device):
    """A receipt printer.

    Drivers call `_job_printed(lines)` after each receipt that printed whole, so that maintenance
    can count receipts since the last paper refill.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._job_listeners: list[JobListener] = []

    def add_job_listener(self, listener: JobListener) -> None:
        """Call `listener` after every receipt printed whole."""
        self._job_listeners.append(listener)

    def _job_printed(self, lines: int) -> None:
        for listener in list(self._job_listeners):
            listener(self.name, lines)

    @property
    @abc.abstractmethod
    def status(self) -> PrinterStatus: ...

    @abc.abstractmethod
    async def query_status(self) -> PrinterStatus:
        """Ask the printer now (real-time status). A failed query gives paper/cover `unknown`."""

    @abc.abstractmethod
    async def print_receipt(self, receipt: Receipt) -> None:
        """Print and cut, checking status before and after the job.

        Raises DeviceError if the job could not be printed (the caller records that and offers a
        reprint); never retries a job on its own, so a receipt is never printed twice.
        """


# -- bank-card payment module ---------------------------------------------------------------------


class SaleEvent(StrEnum):
    """What the payment module reports while a sale runs (execute events of the sale command)."""

    INSERT_CARD = "insert_card"  # waiting for the customer's card
    CARD_READ = "card_read"  # card read; the PIN pad is next
    ENTER_PIN = "enter_pin"  # the customer is typing the PIN on the module's keypad
    AUTHORISING = "authorising"  # online to the bank (cannot be cancelled any more)


APPROVED = "00"
"""Response code of an approved sale (ISO 8583 field 39)."""


@dataclass(frozen=True)
class CardSaleResult:
    """The module's answer to a sale, query, void or reversal.

    Never holds more of the card number than first 6 / last 4 (`masked_pan`, e.g.
    "622202******1234"); the terminal never sees a PIN, track data or a full card number.
    `response_code` is ISO 8583 field 39 ("00" approved, "51" insufficient funds, "55" wrong PIN,
    "54" expired card, "75" PIN tries exceeded, "05" do not honour, ...) or the module's own
    "U1" cancelled by the customer / "U2" no card inserted in time.
    """

    response_code: str
    trace_no: str  # 6 digits, given by the terminal with the sale
    amount_fen: int
    masked_pan: str | None = None
    auth_code: str | None = None  # 6 characters from the issuer
    rrn: str | None = None  # retrieval reference number, 12 characters
    message: str = ""  # the module's text, for logs

    @property
    def approved(self) -> bool:
        """The issuer approved the sale."""
        return self.response_code == APPROVED

    @property
    def last4(self) -> str | None:
        """Last 4 digits of the card, for the receipt."""
        return self.masked_pan[-4:] if self.masked_pan else None


SaleEventListener = Callable[[SaleEvent], None]


class PaymentModule(Device):
    """A certified payment module (PIN pad + card reader) driven over a framed serial protocol.

    Outcome rules: a sale that raises `DeviceTimeout` or `DeviceGone` after the command was
    acknowledged has an UNKNOWN outcome (the caller must reverse it); a `DeviceError` raised before
    the module acknowledged the command means it never ran.
    """

    @property
    @abc.abstractmethod
    def status(self) -> PaymentModuleStatus: ...

    @abc.abstractmethod
    async def sale(
        self,
        amount_fen: int,
        trace_no: str,
        order_ref: str,
        on_event: SaleEventListener | None = None,
    ) -> CardSaleResult:
        """Run a sale: the module asks for the card and the PIN, goes online, answers.

        Waits up to the driver's sale time-out. Cancelling the awaiting task sends `cancel` first.
        """

    @abc.abstractmethod
    async def cancel_sale(self) -> bool:
        """Abort a sale still waiting for the card or PIN; False if it is already authorising."""

    @abc.abstractmethod
    async def query(self, trace_no: str) -> CardSaleResult | None:
        """The module's record of the sale with that trace number, or None if it has none."""

    @abc.abstractmethod
    async def reverse(self, trace_no: str, reason: str = "timeout") -> CardSaleResult | None:
        """Reverse a sale (ISO 8583 0400). The result's code is "00" when reversed; None when the
        module has no approved sale with that trace number (nothing was taken)."""

    @abc.abstractmethod
    async def void(self, trace_no: str) -> CardSaleResult:
        """Void (cancel) an approved sale of today on staff request."""

    @abc.abstractmethod
    async def echo(self) -> None:
        """Link test (self-test). Raises DeviceError if the module does not answer."""

    @abc.abstractmethod
    async def card_present(self) -> bool:
        """Whether a card is in the module's slot now."""

    @abc.abstractmethod
    async def wait_card_removed(self, timeout_s: float) -> bool:
        """Wait until the slot is empty; False if the card is still there after `timeout_s`."""

    @abc.abstractmethod
    async def retain_card(self) -> bool:
        """Keep a card left in the slot (capture bin); False if the module cannot."""


# -- smart-card reader (PC/SC) --------------------------------------------------------------------


class SmartCardReader(Device):
    """A PC/SC smart-card reader. APDUs run in a worker thread; the loop never blocks.

    Card errors raise `CardRemoved` (pulled out mid-command), `CardUnreadable` (no or bad ATR, card
    mute: inserted the wrong way, damaged), or DeviceGone (the reader itself vanished).
    """

    @property
    @abc.abstractmethod
    def status(self) -> CardReaderStatus: ...

    @abc.abstractmethod
    async def wait_for_card(self) -> bytes:
        """Wait until a card is inserted (edge: a card already present counts only once it was
        removed and inserted again) and return its ATR."""

    @abc.abstractmethod
    async def wait_for_removal(self, timeout_s: float) -> bool:
        """Wait until no card is present; False if one still is after `timeout_s`."""

    @abc.abstractmethod
    def card_present(self) -> bool:
        """Whether a card is in the reader now (last known, no I/O)."""

    @abc.abstractmethod
    async def connect_card(self) -> bytes:
        """Power the card and open an exclusive session; returns the ATR."""

    @abc.abstractmethod
    async def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU in the open session; returns response data + SW1 SW2."""

    @abc.abstractmethod
    async def disconnect_card(self) -> None:
        """End the session (leave the card powered down); safe to call twice."""

    @property
    @abc.abstractmethod
    def apdu_count(self) -> int:
        """APDUs sent since the reader was opened (for the benchmark)."""


# -- auxiliaries (door, operator switch) ----------------------------------------------------------


class Sensors(Device):
    """The auxiliaries I/O module: cabinet door and operator key switch, read by polling.

    A change of door or switch is published as a `StatusChanged` like any other status change.
    """

    @property
    @abc.abstractmethod
    def status(self) -> SensorsStatus: ...

    @abc.abstractmethod
    async def read_inputs(self) -> SensorsStatus:
        """Read the inputs now (self-test); raises DeviceError if the module does not answer."""


class CardRemoved(DeviceError):
    """The card was pulled out during a command: its effect on the card is unknown."""


class CardUnreadable(DeviceError):
    """No usable answer from the card: inserted the wrong way, damaged, or not a CPU card."""


# -- camera ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CameraFrame:
    """One captured picture: `bgr` is a (height, width, 3) uint8 numpy array in OpenCV's BGR
    order (never written to once published); `seq` counts frames since the camera was opened;
    `at` is the capture time on the driver's monotonic clock."""

    bgr: Any  # numpy.ndarray; typed loosely so that this module does not import numpy
    seq: int
    at: float


FrameListener = Callable[[CameraFrame], None]


class Camera(Device):
    """A camera whose frames a capture thread keeps fresh (video teller, document photos).

    The capture thread calls frame listeners with every frame: they must be cheap and
    thread-safe (put the frame in a mailbox, never touch Qt or the asyncio loop directly).
    """

    @property
    @abc.abstractmethod
    def status(self) -> CameraStatus: ...

    @abc.abstractmethod
    def latest_frame(self) -> CameraFrame | None:
        """The newest frame, or None before the first one (no I/O)."""

    @abc.abstractmethod
    async def snapshot_jpeg(self) -> bytes:
        """The latest frame as JPEG. Raises DeviceError when there is no frame to give."""

    @abc.abstractmethod
    def add_frame_listener(self, cb: FrameListener) -> None:
        """Call `cb` from the capture thread with each new frame."""

    @abc.abstractmethod
    def remove_frame_listener(self, cb: FrameListener) -> None:
        """Stop calling `cb`; unknown listeners are ignored."""
