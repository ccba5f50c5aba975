"""The staff journal view: the hall's local day, filters, masking, MANUAL_REVIEW advice.

Also holds the small journal kit (`StepClock`, `add_tx`) the other maintenance-service tests
import: every record is made through the real PaymentJournal and its state machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.backoffice.models import Provider
from kiosk.journal import Channel, JournalRecord, PaymentJournal, Purpose, TxState
from kiosk.maintenance.journal_view import build_journal_view, mask_account, review_advice
from kiosk.maintenance.ports import JournalFilter, ReviewAdvice

# 10:00 in the hall (UTC+8) on 2026-03-10.
MORNING = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
DAY = date(2026, 3, 10)
ACCOUNT = "3301234589"


class StepClock:
    """Wall time set by hand; monotonic time moves with it."""

    def __init__(self, now: datetime = MORNING) -> None:
        self.now = now
        self._start = now

    def monotonic(self) -> float:
        return (self.now - self._start).total_seconds()

    def wall(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def add_tx(
    journal: PaymentJournal,
    *,
    end: TxState = TxState.COMPLETED,
    amount_fen: int = 10000,
    provider: Provider = Provider.WECHAT,
    channel: Channel = Channel.CODE,
    purpose: Purpose = Purpose.BILL,
    account_no: str = ACCOUNT,
    card_last4: str | None = None,
    card_serial: str | None = None,
    last_error: str | None = None,
    review_from_paid: bool = False,
) -> JournalRecord:
    """A transaction driven through the journal's state machine to `end`."""
    draft = journal.create_draft(
        terminal_id="SZ-FT-0001-SP01",
        account_no=account_no,
        purpose=purpose,
        amount_fen=amount_fen,
        provider=provider,
        channel=channel,
        card_serial=card_serial,
        meter_no="000012345678" if card_serial else None,
    )
    key = draft.out_trade_no
    journal.transition(key, TxState.INTENT)
    if end in (TxState.INTENT,):
        return journal.get(key)
    if end in (TxState.DECLINED, TxState.REVERSED):
        return journal.transition(key, end)
    if end == TxState.MANUAL_REVIEW and not review_from_paid and purpose != Purpose.PREPAID:
        return journal.transition(key, end, last_error=last_error or "reverse failed")
    extra = {"card_last4": card_last4, "trace_no": "000123"} if card_last4 else {}
    journal.transition(key, TxState.PAID, paid_at=draft.created_at, **extra)
    if end == TxState.PAID:
        return journal.get(key)
    if end == TxState.REFUNDED:
        return journal.transition(key, TxState.REFUNDED)
    if end == TxState.MANUAL_REVIEW and purpose != Purpose.PREPAID:
        return journal.transition(key, end, last_error=last_error or "posting failed")
    journal.transition(key, TxState.POSTED)
    if purpose == Purpose.PREPAID:
        journal.transition(key, TxState.PAID_NOT_WRITTEN, purchase_count=3, purchase_mac="A1B2C3D4")
        if end == TxState.MANUAL_REVIEW:
            return journal.transition(key, end, last_error=last_error or "card refused")
        if end == TxState.PAID_NOT_WRITTEN:
            return journal.get(key)
        journal.transition(key, TxState.WRITTEN)
    if end == TxState.POSTED:
        return journal.get(key)
    return journal.transition(key, TxState.COMPLETED)


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def journal(tmp_path: Path, clock: StepClock) -> Iterator[PaymentJournal]:
    journal = PaymentJournal(tmp_path / "journal.sqlite3", clock)
    yield journal
    journal.close()


def test_masking_hides_account_and_card_numbers(journal: PaymentJournal) -> None:
    card = add_tx(journal, channel=Channel.CARD, provider=Provider.UNIONPAY, card_last4="1234")
    prepaid = add_tx(journal, purpose=Purpose.PREPAID, card_serial="4403A1B2C3D4E5F6")
    qr = add_tx(journal, channel=Channel.QR, provider=Provider.ALIPAY)

    view = build_journal_view(journal, DAY, JournalFilter.ALL, can_reprint=True)

    rows = {row.reference: row for row in view.rows}
    assert rows[card.reference].masked_card == "**** 1234"
    assert rows[card.reference].method == "unionpay"
    assert rows[prepaid.reference].masked_card == "4403********E5F6"
    assert rows[qr.reference].method == "alipay_qr"
    assert rows[qr.reference].masked_card is None
    for row in view.rows:
        assert row.masked_account == "33******89"
        assert ACCOUNT not in repr(row)
        assert "4403A1B2C3D4E5F6" not in repr(row)
    assert mask_account("12") == "**"


def test_newest_first_local_day_and_totals(journal: PaymentJournal, clock: StepClock) -> None:
    clock.now = datetime(2026, 3, 9, 15, 59, tzinfo=UTC)  # 23:59 on the 9th in the hall
    add_tx(journal, amount_fen=111)
    clock.now = datetime(2026, 3, 9, 16, 1, tzinfo=UTC)  # 00:01 on the 10th in the hall
    first = add_tx(journal, amount_fen=2000)
    clock.advance(60)
    second = add_tx(journal, amount_fen=3050, end=TxState.POSTED)
    clock.advance(60)
    add_tx(journal, amount_fen=999, end=TxState.DECLINED)

    view = build_journal_view(journal, DAY, JournalFilter.ALL, can_reprint=True)

    assert view.day == "2026-03-10"
    assert [r.amount_fen for r in view.rows] == [999, 3050, 2000]
    assert view.rows[2].time == "00:01:00"
    assert view.count == 3
    assert view.paid_fen == 5050  # the declined one took no money
    assert isinstance(view.paid_fen, int)
    reprint = {r.reference: r.can_reprint for r in view.rows}
    assert reprint[first.reference] and reprint[second.reference]
    assert not any(r.can_reprint for r in view.rows if r.state == "declined")


def test_filters(journal: PaymentJournal) -> None:
    done = add_tx(journal)
    declined = add_tx(journal, end=TxState.DECLINED)
    refunded = add_tx(journal, end=TxState.REFUNDED)
    review = add_tx(journal, end=TxState.MANUAL_REVIEW)
    waiting = add_tx(journal, end=TxState.INTENT)

    def refs(wanted: JournalFilter) -> set[str]:
        view = build_journal_view(journal, DAY, wanted, can_reprint=False)
        return {row.reference for row in view.rows}

    assert refs(JournalFilter.PAID) == {done.reference}
    assert refs(JournalFilter.NOT_PAID) == {declined.reference, refunded.reference}
    assert refs(JournalFilter.MANUAL_REVIEW) == {review.reference}
    assert refs(JournalFilter.UNFINISHED) == {waiting.reference}
    assert len(refs(JournalFilter.ALL)) == 5
    view = build_journal_view(journal, DAY, JournalFilter.ALL, can_reprint=False)
    assert not any(row.can_reprint for row in view.rows)  # the role may not reprint


def test_review_advice_by_how_it_got_there(journal: PaymentJournal) -> None:
    card = add_tx(
        journal,
        end=TxState.MANUAL_REVIEW,
        channel=Channel.CARD,
        provider=Provider.UNIONPAY,
        last_error="reversal: no answer",
    )
    code = add_tx(journal, end=TxState.MANUAL_REVIEW)
    qr = add_tx(journal, end=TxState.MANUAL_REVIEW, channel=Channel.QR)
    posting = add_tx(
        journal, end=TxState.MANUAL_REVIEW, review_from_paid=True, last_error="posting failed"
    )
    prepaid = add_tx(
        journal, end=TxState.MANUAL_REVIEW, purpose=Purpose.PREPAID, card_serial="4403000000000001"
    )

    assert review_advice(card) == ReviewAdvice.CARD_REVERSAL_FAILED
    assert review_advice(code) == ReviewAdvice.CODE_PAYMENT_UNRESOLVED
    assert review_advice(qr) == ReviewAdvice.QR_ORDER_UNRESOLVED
    assert review_advice(posting) == ReviewAdvice.POSTING_FAILED
    assert review_advice(prepaid) == ReviewAdvice.PREPAID_NOT_WRITTEN
    view = build_journal_view(journal, DAY, JournalFilter.MANUAL_REVIEW, can_reprint=True)
    assert {row.advice for row in view.rows} == set(ReviewAdvice) - {ReviewAdvice.OTHER}
    done = add_tx(journal)
    view = build_journal_view(journal, DAY, JournalFilter.PAID, can_reprint=True)
    assert [row.advice for row in view.rows if row.reference == done.reference] == [None]
