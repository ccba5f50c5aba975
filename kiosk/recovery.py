"""Resolving unfinished payments on start (and whenever the terminal is idle again).

For each transaction left in INTENT, AWAITING, PAID or POSTED: ask the back office by its
idempotency key and finish it. Paid → posted → completed, with the receipt printed if it never was
and the printer can; still waiting → queried until its deadline, then reversed; never arrived →
reversed anyway so that a late arrival cannot charge. An unreachable back office leaves it for
later. Never charges twice (every call reuses the same key), never loses a payment.

Bank cards: a sale left in INTENT has an unknown outcome and is reversed through the payment module
(MANUAL_REVIEW after repeated failure); a PAID sale is posted (the module's record gives the masked
card number the posting needs). The terminal's QR: an order left open is queried once and closed.
Prepaid: POSTED gets its record issued (-> PAID_NOT_WRITTEN, which waits for the card to come
back), WRITTEN is confirmed to the back office and completed. Recovery never prints a receipt of
those; they stay reprintable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.interfaces import DeviceError
from kiosk.backoffice import BackOffice, BackOfficeError
from kiosk.backoffice.models import PaymentState, WrittenReport
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.flows.card_payment import CardPaymentProcess
from kiosk.flows.devices import DeviceAccess, ready_printer
from kiosk.flows.payment import PaymentKind, PaymentProcess
from kiosk.flows.ports import Language
from kiosk.journal import Channel, JournalRecord, PaymentJournal, Purpose, TxState
from kiosk.receipts import build_receipt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    """What recovery did with one unfinished transaction."""

    reference: str
    out_trade_no: str
    before: TxState
    after: TxState
    receipt_printed: bool = False

    @property
    def pending(self) -> bool:
        """Still unfinished: to be tried again later."""
        return self.after in (
            TxState.INTENT,
            TxState.AWAITING,
            TxState.PAID,
            TxState.POSTED,
            TxState.WRITTEN,
        )


async def recover_unfinished(
    journal: PaymentJournal,
    backoffice: BackOffice,
    devices: DeviceAccess,
    settings: Settings,
    clock: Clock,
    *,
    print_receipts: bool = True,
) -> list[Recovered]:
    """Resolve every unfinished transaction; returns what happened to each (`pending` ones are
    left for later because the back office could not be reached)."""
    process = PaymentProcess(backoffice, journal, clock, settings.payment, posting_checks=1)
    done: list[Recovered] = []
    for record in journal.unfinished():
        if record.state == TxState.PAID_NOT_WRITTEN:
            continue  # needs its card: finished when the card is inserted again (补写卡)
        try:
            after, printed = await _recover(
                record, journal, backoffice, devices, settings, clock, process, print_receipts
            )
        except Exception:  # one bad record must not stop the others
            log.exception("recovery of %s failed; left for later", record.reference)
            after, printed = journal.get(record.out_trade_no), False
        done.append(
            Recovered(record.reference, record.out_trade_no, record.state, after.state, printed)
        )
        log.info("recovered %s: %s -> %s", record.reference, record.state.value, after.state.value)
    return done


async def _recover(
    record: JournalRecord,
    journal: PaymentJournal,
    backoffice: BackOffice,
    devices: DeviceAccess,
    settings: Settings,
    clock: Clock,
    process: PaymentProcess,
    print_receipts: bool,
) -> tuple[JournalRecord, bool]:
    if record.state == TxState.WRITTEN:
        return await _confirm_written(record, journal, backoffice, settings, clock), False
    if record.state == TxState.POSTED:
        return await _after_posted(record, journal, backoffice, devices, settings, print_receipts)
    if record.channel == Channel.CARD:
        return await _recover_card(
            record, journal, backoffice, devices, settings, clock, print_receipts
        )
    try:
        result = await backoffice.query_payment(record.out_trade_no, record.provider)
    except BackOfficeError as exc:
        return journal.note_error(record.out_trade_no, f"recovery query: {exc}"), False
    if record.state == TxState.PAID and result.state != PaymentState.SUCCESS:
        if result.state in (PaymentState.REVERSED, PaymentState.CLOSED):
            outcome = await process.settle(record, result)
            return (outcome.record if outcome else journal.get(record.out_trade_no)), False
        # We saw it paid; the back office now says otherwise: a person must look at it.
        return journal.transition(
            record.out_trade_no,
            TxState.MANUAL_REVIEW,
            note=f"paid here, back office says {result.state.value}",
        ), False
    if record.channel == Channel.QR and result.state in (
        PaymentState.PAYING,
        PaymentState.UNKNOWN,
        PaymentState.NOT_FOUND,
    ):
        # The customer who was to scan it is long gone: close it now (paid on close stands).
        outcome = await process.reverse(record, "left open", leave_if_unreachable=True)
    elif result.state == PaymentState.NOT_FOUND:
        # Never arrived; reverse anyway so a request still in the network cannot charge later.
        outcome = await process.reverse(record, "request never arrived", leave_if_unreachable=True)
    elif result.state in (PaymentState.PAYING, PaymentState.UNKNOWN):
        if record.state == TxState.INTENT:
            record = journal.transition(
                record.out_trade_no,
                TxState.AWAITING,
                note=result.state.value,
                provider_code=result.provider_code,
            )
        outcome = await process.resolve(record, last_state=result.state, leave_if_unreachable=True)
    else:
        settled = await process.settle(record, result)
        if settled is None:  # not reachable: every other state is handled above
            return journal.get(record.out_trade_no), False
        outcome = settled
    if outcome.kind == PaymentKind.PAID and outcome.record.state == TxState.POSTED:
        return await _after_posted(
            outcome.record, journal, backoffice, devices, settings, print_receipts
        )
    return outcome.record, False


async def _after_posted(
    record: JournalRecord,
    journal: PaymentJournal,
    backoffice: BackOffice,
    devices: DeviceAccess,
    settings: Settings,
    print_receipts: bool,
) -> tuple[JournalRecord, bool]:
    """A posted bill payment is completed; a posted prepaid purchase gets its record issued."""
    if record.purpose != Purpose.PREPAID:
        return await _complete(record, journal, devices, settings, print_receipts)
    try:
        issued = await backoffice.issue_prepaid_purchase(record.out_trade_no)
    except BackOfficeError as exc:
        return journal.note_error(record.out_trade_no, f"recovery issue: {exc}"), False
    return journal.transition(
        record.out_trade_no,
        TxState.PAID_NOT_WRITTEN,
        note="record issued by recovery",
        purchase_count=issued.count,
        purchase_mac=issued.mac,
    ), False


async def _confirm_written(
    record: JournalRecord,
    journal: PaymentJournal,
    backoffice: BackOffice,
    settings: Settings,
    clock: Clock,
) -> JournalRecord:
    """Verified on the card here, not yet acknowledged by the back office: confirm, complete."""
    if record.written_confirmed_at is None:
        assert record.card_serial is not None and record.purchase_count is not None
        report = WrittenReport(
            terminal_id=settings.terminal.id,
            card_serial=record.card_serial,
            count=record.purchase_count,
        )
        try:
            await backoffice.confirm_prepaid_written(record.out_trade_no, report)
        except BackOfficeError as exc:
            return journal.note_error(record.out_trade_no, f"recovery confirm: {exc}")
        record = journal.record_details(record.out_trade_no, written_confirmed_at=clock.wall())
    return journal.transition(record.out_trade_no, TxState.COMPLETED)


async def _recover_card(
    record: JournalRecord,
    journal: PaymentJournal,
    backoffice: BackOffice,
    devices: DeviceAccess,
    settings: Settings,
    clock: Clock,
    print_receipts: bool,
) -> tuple[JournalRecord, bool]:
    """INTENT: the sale's outcome is unknown, reverse it. PAID: post it."""
    module = devices.payment_module()
    if module is None:
        return journal.note_error(record.out_trade_no, "recovery: no payment module"), False
    cards = CardPaymentProcess(module, backoffice, journal, clock, settings.payment.card)
    if record.state == TxState.INTENT:
        return (await cards.reverse(record, "timeout")).record, False
    if record.state != TxState.PAID or record.trace_no is None:
        return record, False
    try:
        sale = await module.query(record.trace_no)
    except DeviceError as exc:
        return journal.note_error(record.out_trade_no, f"recovery query: {exc}"), False
    if sale is None or not sale.approved or not sale.masked_pan:
        # Paid here, unknown to the module now: a person must look at it.
        return journal.transition(
            record.out_trade_no, TxState.MANUAL_REVIEW, note="module has no such sale"
        ), False
    record = await cards.post(record, sale.masked_pan)
    if record.state == TxState.POSTED:
        return await _after_posted(record, journal, backoffice, devices, settings, print_receipts)
    return record, False


async def _complete(
    record: JournalRecord,
    journal: PaymentJournal,
    devices: DeviceAccess,
    settings: Settings,
    print_receipts: bool,
) -> tuple[JournalRecord, bool]:
    """POSTED → COMPLETED, printing the receipt first if it never came out and the printer can;
    otherwise it stays reprintable by its reference."""
    printed = False
    if record.receipt_printed_at is None and print_receipts:
        printer = await ready_printer(devices)
        if printer is not None:
            language = Language(settings.terminal.default_language)
            hall = (
                settings.terminal.hall_name
                if language == Language.ZH_CN
                else settings.terminal.hall_name_en
            )
            receipt = build_receipt(record, hall_name=hall, language=language)
            try:
                await printer.print_receipt(receipt)
            except DeviceError as exc:
                log.warning("recovered receipt %s not printed: %s", record.reference, exc)
            else:
                record = journal.mark_receipt_printed(record.out_trade_no, receipt.plain_text())
                printed = True
    return journal.transition(record.out_trade_no, TxState.COMPLETED), printed
