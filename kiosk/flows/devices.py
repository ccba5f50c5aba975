"""What the flows need of the devices, and small helpers to use them safely.

Flows depend on `DeviceAccess` only, never on the DeviceManager, so tests hand them fakes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from drivers.interfaces import (
    BarcodeScanner,
    DeviceError,
    PaymentModule,
    ReceiptPrinter,
    SmartCardReader,
)

log = logging.getLogger(__name__)

# Longer than the driver's worst case (three real-time status queries of 1 s each), so a slow
# but healthy printer is not judged absent.
STATUS_QUERY_TIMEOUT_S = 5.0


class DeviceAccess(Protocol):
    """The devices a flow may use; None when the device is absent or down."""

    def scanner(self) -> BarcodeScanner | None:
        """The QR / barcode scanner, if it is there."""
        ...

    def receipt_printer(self) -> ReceiptPrinter | None:
        """The receipt printer, if it is there."""
        ...

    def payment_module(self) -> PaymentModule | None:
        """The bank-card payment module (PIN pad + card reader), if it is there."""
        ...

    def card_reader(self) -> SmartCardReader | None:
        """The PC/SC reader of prepaid meter cards, if it is there."""
        ...


def usable_scanner(devices: DeviceAccess) -> BarcodeScanner | None:
    """The scanner if the device layer offers it (no I/O).

    The DeviceManager already debounces a scanner that blinks out, so the flows trust its answer
    instead of second-guessing a momentary status; a scanner that really vanishes mid-read
    raises DeviceGone, which the journeys handle.
    """
    return devices.scanner()


async def ready_printer(devices: DeviceAccess) -> ReceiptPrinter | None:
    """The receipt printer if it can print now, asking it (real-time status) to be sure."""
    printer = devices.receipt_printer()
    if printer is None:
        return None
    try:
        status = await asyncio.wait_for(printer.query_status(), STATUS_QUERY_TIMEOUT_S)
    except (DeviceError, TimeoutError) as exc:
        log.warning("receipt printer status unknown: %s", exc)
        return None
    return printer if status.can_print else None
