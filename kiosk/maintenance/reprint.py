"""Reprinting a receipt from the journal: one rule for the customer's reprint screen, `kiosk
reprint` and the staff journal. Only a payment the back office has posted (POSTED, COMPLETED) is
reprinted, always marked as a reprint, and the first successful print is recorded in the journal.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING

from drivers.interfaces import (
    BarcodeScanner,
    DeviceError,
    PaymentModule,
    ReceiptPrinter,
    SmartCardReader,
)
from kiosk.accounts import is_well_formed_reference
from kiosk.flows.devices import DeviceAccess, ready_printer
from kiosk.flows.ports import Language
from kiosk.journal import JournalRecord, PaymentJournal, TxState
from kiosk.receipts import build_receipt

if TYPE_CHECKING:
    # Only for annotations: the customer flows import this module, and must not load maintenance.
    from kiosk.maintenance.context import DeviceControl, MaintenanceContext

log = logging.getLogger(__name__)

REPRINTABLE = (TxState.POSTED, TxState.COMPLETED)


class ReprintFailure(StrEnum):
    """Why a reprint did not happen."""

    UNKNOWN_REFERENCE = "unknown_reference"  # no such payment, or not posted
    PRINTER_NOT_READY = "printer_not_ready"  # absent, out of paper, cover open, not answering
    PRINT_FAILED = "print_failed"  # the job itself failed


class ReprintError(Exception):
    """The receipt was not reprinted; `detail` is short English for logs and the staff screen."""

    def __init__(self, detail: str, reason: ReprintFailure = ReprintFailure.PRINT_FAILED) -> None:
        super().__init__(detail)
        self.detail = detail
        self.reason = reason


class _PrinterOnly:
    """A `DeviceAccess` offering only the receipt printer of a maintenance `DeviceControl`."""

    def __init__(self, devices: DeviceControl) -> None:
        self._devices = devices

    def receipt_printer(self) -> ReceiptPrinter | None:
        return self._devices.receipt_printer()

    def scanner(self) -> BarcodeScanner | None:
        return None

    def payment_module(self) -> PaymentModule | None:
        return None

    def card_reader(self) -> SmartCardReader | None:
        return None


def printer_access(devices: DeviceControl) -> DeviceAccess:
    """`devices` seen as a `DeviceAccess` that has a receipt printer and nothing else, for the
    customer flows' helpers (`ready_printer`)."""
    return _PrinterOnly(devices)


def reprintable(journal: PaymentJournal, reference: str) -> JournalRecord:
    """The posted payment with that reference; ReprintError(UNKNOWN_REFERENCE) otherwise."""
    reference = reference.strip()
    record = journal.find_by_reference(reference) if is_well_formed_reference(reference) else None
    if record is None or record.state not in REPRINTABLE:
        raise ReprintError(
            f"no posted payment with reference {reference}", ReprintFailure.UNKNOWN_REFERENCE
        )
    return record


async def reprint_receipt(
    journal: PaymentJournal,
    devices: DeviceAccess,
    reference: str,
    *,
    hall_name: str,
    language: Language,
) -> JournalRecord:
    """Print the receipt of `reference` again, marked as a reprint; the record. Raises
    ReprintError (unknown reference, printer not ready, the job failed). The one reprint rule
    shared by the customer screen, `kiosk reprint` and maintenance."""
    record = reprintable(journal, reference)
    printer = await ready_printer(devices)
    if printer is None:
        raise ReprintError("the receipt printer cannot print now", ReprintFailure.PRINTER_NOT_READY)
    receipt = build_receipt(record, hall_name=hall_name, language=language, reprint=True)
    try:
        await printer.print_receipt(receipt)
    except DeviceError as exc:
        log.warning("reprint of %s failed: %s", record.reference, exc)
        raise ReprintError(f"the receipt was not printed: {exc}") from exc
    if record.receipt_printed_at is None:
        record = journal.mark_receipt_printed(record.out_trade_no, receipt.plain_text())
    return record


async def reprint_reference(ctx: MaintenanceContext, reference: str) -> None:
    """Staff reprint from the journal screen (in the terminal's default language)."""
    await reprint_receipt(
        ctx.journal,
        printer_access(ctx.devices),
        reference,
        hall_name=ctx.settings.terminal.hall_name,
        language=Language(ctx.settings.terminal.default_language),
    )
