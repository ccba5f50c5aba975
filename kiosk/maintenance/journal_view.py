"""The day's journal as staff see it: listed, filtered, masked, with advice for MANUAL_REVIEW.

Rows never carry a full account number, card number or card serial: staff identify a payment by
its reference, and the customer's personal data stays in the journal file.
"""

from __future__ import annotations

from datetime import date

from kiosk.flows.ports import PayMethod
from kiosk.journal import PAID_STATES, Channel, JournalRecord, PaymentJournal, Purpose, TxState
from kiosk.maintenance.ports import JournalFilter, JournalRow, JournalView, ReviewAdvice
from kiosk.receipts import CHINA_TIME

NOT_PAID_STATES = (TxState.DECLINED, TxState.REVERSED, TxState.REFUNDED)
REPRINTABLE_STATES = (TxState.POSTED, TxState.COMPLETED)


def mask_account(account_no: str) -> str:
    """`3301234589` → `33******89`: first 2 and last 2 digits."""
    if len(account_no) <= 4:
        return "*" * len(account_no)
    return account_no[:2] + "*" * (len(account_no) - 4) + account_no[-2:]


def mask_card_serial(serial: str) -> str:
    """A prepaid card serial: first 4 and last 4 characters."""
    if len(serial) <= 8:
        return "*" * len(serial)
    return serial[:4] + "*" * (len(serial) - 8) + serial[-4:]


def pay_method(record: JournalRecord) -> PayMethod:
    """The customer's method from the journal's provider and channel."""
    if record.channel == Channel.CARD:
        return PayMethod.UNIONPAY
    if record.channel == Channel.QR:
        return PayMethod(f"{record.provider.value}_qr")
    return PayMethod(record.provider.value)


def masked_card(record: JournalRecord) -> str | None:
    """Bank card "**** 1234", a prepaid card serial masked, or None."""
    if record.channel == Channel.CARD and record.card_last4:
        return f"**** {record.card_last4}"
    if record.purpose == Purpose.PREPAID and record.card_serial:
        return mask_card_serial(record.card_serial)
    return None


def review_advice(record: JournalRecord) -> ReviewAdvice:
    """What staff should do about a transaction in MANUAL_REVIEW, from how it got there."""
    error = (record.last_error or "").lower()
    if record.purpose == Purpose.PREPAID and record.purchase_mac is not None:
        return ReviewAdvice.PREPAID_NOT_WRITTEN  # paid and issued, the card refused the write
    if record.paid_at is not None and "post" in error:
        return ReviewAdvice.POSTING_FAILED
    if record.channel == Channel.CARD:
        return ReviewAdvice.CARD_REVERSAL_FAILED
    if record.channel == Channel.QR:
        return ReviewAdvice.QR_ORDER_UNRESOLVED
    if record.channel == Channel.CODE:
        return ReviewAdvice.CODE_PAYMENT_UNRESOLVED
    return ReviewAdvice.OTHER


def matches(record: JournalRecord, wanted: JournalFilter) -> bool:
    """Whether `record` is listed under `wanted`."""
    if wanted == JournalFilter.PAID:
        return record.state in PAID_STATES
    if wanted == JournalFilter.NOT_PAID:
        return record.state in NOT_PAID_STATES
    if wanted == JournalFilter.MANUAL_REVIEW:
        return record.state == TxState.MANUAL_REVIEW
    if wanted == JournalFilter.UNFINISHED:
        return record.unfinished
    return True


def journal_row(record: JournalRecord, *, can_reprint: bool) -> JournalRow:
    """One masked row."""
    review = record.state == TxState.MANUAL_REVIEW
    return JournalRow(
        reference=record.reference,
        time=record.created_at.astimezone(CHINA_TIME).strftime("%H:%M:%S"),
        method=pay_method(record).value,
        purpose=record.purpose.value,
        amount_fen=record.amount_fen,
        state=record.state.value,
        masked_account=mask_account(record.account_no),
        masked_card=masked_card(record),
        can_reprint=can_reprint and record.state in REPRINTABLE_STATES,
        advice=review_advice(record) if review else None,
    )


def build_journal_view(
    journal: PaymentJournal, day: date, filter: JournalFilter, *, can_reprint: bool
) -> JournalView:
    """The transactions of `day` (the hall's local day) under `filter`, newest first; `count` and
    `paid_fen` are of the rows listed (paid_fen counts only rows whose money was taken)."""
    records = [r for r in journal.list_for_day(day, CHINA_TIME) if matches(r, filter)]
    records.reverse()
    rows = [journal_row(r, can_reprint=can_reprint) for r in records]
    paid = sum(r.amount_fen for r in records if r.state in PAID_STATES)
    return JournalView(
        day=day.isoformat(), filter=filter, rows=rows, count=len(rows), paid_fen=paid
    )
