"""The interfaces of each device class. Flows and the DeviceManager see only these."""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable

from kiosk.devices.status import (
    BarcodeScannerStatus,
    DeviceStatus,
    PrinterStatus,
    StatusChanged,
    diff_status,
)
from kiosk.receipt import Receipt

StatusListener = Callable[[StatusChanged], None]
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
    """A receipt printer."""

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
