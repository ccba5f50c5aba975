"""The payment journal: durability, the state machine, persistence, what it never stores."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.backoffice.models import Provider
from kiosk.journal import (
    IllegalTransition,
    PaymentJournal,
    Purpose,
    TxState,
    UnknownTransaction,
    connect,
)

TERMINAL = "SZ-FT-0001-SP01"


class StepClock:
    """Wall time that moves only when told to."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 15, 59, 58, tzinfo=UTC)

    def monotonic(self) -> float:
        return 0.0

    def wall(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(path: Path, clock: StepClock) -> PaymentJournal:
    return PaymentJournal(path, clock)


def draft(journal: PaymentJournal, amount_fen: int = 12345) -> str:
    record = journal.create_draft(
        terminal_id=TERMINAL,
        account_no="1234567897",
        purpose=Purpose.BILL,
        amount_fen=amount_fen,
        provider=Provider.WECHAT,
    )
    return record.out_trade_no


def test_wal_and_synchronous_full_are_read_back(journal: PaymentJournal, path: Path) -> None:
    assert journal.pragmas() == {"journal_mode": "wal", "synchronous": 2}  # 2 = FULL
    # WAL is a property of the file; synchronous must be set again on every connection.
    other = connect(path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("PRAGMA synchronous").fetchone()[0] == 2
    finally:
        other.close()


def test_draft_has_a_unique_key_made_of_terminal_time_random(journal: PaymentJournal) -> None:
    first = journal.get(draft(journal))
    second = journal.get(draft(journal))
    assert first.state == TxState.DRAFT
    assert first.out_trade_no != second.out_trade_no
    assert first.out_trade_no.startswith(f"{TERMINAL}-20261123155958-")
    assert first.reference != second.reference
    assert len(first.out_trade_no) <= 64
    assert first.amount_fen == 12345 and isinstance(first.amount_fen, int)


def test_money_must_be_positive_integer_fen(journal: PaymentJournal) -> None:
    with pytest.raises(ValueError):
        draft(journal, amount_fen=123.45)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        draft(journal, amount_fen=0)


def test_the_happy_path_and_its_history(journal: PaymentJournal, clock: StepClock) -> None:
    key = draft(journal)
    for state in (TxState.INTENT, TxState.AWAITING, TxState.AWAITING, TxState.PAID):
        clock.now += timedelta(seconds=1)
        journal.transition(key, state)
    paid_at = clock.now
    journal.transition(key, TxState.POSTED, provider_trade_no="4200000001", paid_at=paid_at)
    journal.transition(key, TxState.COMPLETED)
    record = journal.get(key)
    assert record.state == TxState.COMPLETED
    assert record.provider_trade_no == "4200000001"
    assert record.paid_at == paid_at
    assert record.attempts == 3  # the request and two answers while awaiting
    states = [(c.from_state, c.to_state) for c in journal.history(key)]
    assert states == [
        (None, TxState.DRAFT),
        (TxState.DRAFT, TxState.INTENT),
        (TxState.INTENT, TxState.AWAITING),
        (TxState.AWAITING, TxState.AWAITING),
        (TxState.AWAITING, TxState.PAID),
        (TxState.PAID, TxState.POSTED),
        (TxState.POSTED, TxState.COMPLETED),
    ]


@pytest.mark.parametrize(
    ("path_to", "illegal"),
    [
        ([], TxState.PAID),  # DRAFT -> PAID: the request was never sent
        ([], TxState.AWAITING),
        ([TxState.INTENT], TxState.COMPLETED),
        ([TxState.INTENT], TxState.POSTED),
        ([TxState.INTENT, TxState.PAID], TxState.REVERSED),  # paid money is refunded, not reversed
        ([TxState.INTENT, TxState.PAID], TxState.DECLINED),
        ([TxState.INTENT, TxState.DECLINED], TxState.PAID),
        ([TxState.INTENT, TxState.REVERSED], TxState.PAID),
        ([TxState.INTENT, TxState.PAID, TxState.POSTED, TxState.COMPLETED], TxState.PAID),
    ],
)
def test_illegal_transitions_raise_and_change_nothing(
    journal: PaymentJournal, path_to: list[TxState], illegal: TxState
) -> None:
    key = draft(journal)
    for state in path_to:
        journal.transition(key, state)
    before = journal.get(key)
    with pytest.raises(IllegalTransition):
        journal.transition(key, illegal)
    assert journal.get(key) == before
    assert len(journal.history(key)) == len(path_to) + 1


def test_unknown_key_and_unknown_fields(journal: PaymentJournal) -> None:
    with pytest.raises(UnknownTransaction):
        journal.transition("nope-nope-nope", TxState.INTENT)
    key = draft(journal)
    with pytest.raises(TypeError):
        journal.transition(key, TxState.INTENT, auth_code="134567890123456789")


def test_history_is_append_only(journal: PaymentJournal, path: Path) -> None:
    key = draft(journal)
    conn = connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM state_history WHERE out_trade_no = ?", (key,))
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE state_history SET to_state = 'paid'")
    finally:
        conn.close()


def test_survives_reopen(path: Path, clock: StepClock) -> None:
    first = PaymentJournal(path, clock)
    key = draft(first)
    first.transition(key, TxState.INTENT, deadline=clock.now + timedelta(seconds=30))
    first.transition(key, TxState.AWAITING, provider_code="USERPAYING")
    first.close()
    again = PaymentJournal(path, clock)
    try:
        [record] = again.unfinished()
        assert record.out_trade_no == key
        assert record.state == TxState.AWAITING
        assert record.provider_code == "USERPAYING"
        assert record.deadline == clock.now + timedelta(seconds=30)
        assert again.find_by_reference(record.reference) == record
        assert again.pragmas()["synchronous"] == 2
    finally:
        again.close()


def test_unfinished_lists_only_intent_awaiting_paid_posted(journal: PaymentJournal) -> None:
    routes = {
        TxState.DRAFT: [],
        TxState.INTENT: [TxState.INTENT],
        TxState.AWAITING: [TxState.INTENT, TxState.AWAITING],
        TxState.PAID: [TxState.INTENT, TxState.PAID],
        TxState.POSTED: [TxState.INTENT, TxState.PAID, TxState.POSTED],
        TxState.COMPLETED: [TxState.INTENT, TxState.PAID, TxState.POSTED, TxState.COMPLETED],
        TxState.DECLINED: [TxState.INTENT, TxState.DECLINED],
        TxState.REVERSED: [TxState.INTENT, TxState.REVERSED],
        TxState.MANUAL_REVIEW: [TxState.INTENT, TxState.MANUAL_REVIEW],
    }
    for route in routes.values():
        key = draft(journal)
        for state in route:
            journal.transition(key, state)
    assert [r.state for r in journal.unfinished()] == [
        TxState.INTENT,
        TxState.AWAITING,
        TxState.PAID,
        TxState.POSTED,
    ]


def test_receipt_printed_is_recorded_once(journal: PaymentJournal, clock: StepClock) -> None:
    key = draft(journal)
    first_time = clock.now
    journal.mark_receipt_printed(key, "receipt one")
    clock.now += timedelta(minutes=5)
    record = journal.mark_receipt_printed(key, "receipt two")
    assert record.receipt_printed_at == first_time
    assert record.receipt_text == "receipt two"


def test_list_for_day_uses_the_given_time_zone(journal: PaymentJournal, clock: StepClock) -> None:
    early = draft(journal)  # 15:59:58 UTC = 23:59:58 in China
    clock.now += timedelta(seconds=4)  # 16:00:02 UTC = next day in China
    late = draft(journal)
    assert [r.out_trade_no for r in journal.list_for_day(date(2026, 11, 23))] == [early, late]
    china = timezone(timedelta(hours=8))
    assert [r.out_trade_no for r in journal.list_for_day(date(2026, 11, 23), china)] == [early]
    assert [r.out_trade_no for r in journal.list_for_day(date(2026, 11, 24), china)] == [late]


def test_day_summary_and_state_counts_match_the_records(
    journal: PaymentJournal, clock: StepClock
) -> None:
    paid = draft(journal, 10000)
    for state in (TxState.INTENT, TxState.PAID, TxState.POSTED, TxState.COMPLETED):
        journal.transition(paid, state)
    declined = draft(journal, 2000)
    journal.transition(declined, TxState.INTENT)
    journal.transition(declined, TxState.DECLINED)
    review = draft(journal, 3000)
    journal.transition(review, TxState.INTENT)
    journal.transition(review, TxState.MANUAL_REVIEW)
    draft(journal, 500)  # never sent
    clock.now += timedelta(days=1)
    tomorrow = draft(journal, 7000)
    journal.transition(tomorrow, TxState.INTENT)
    journal.transition(tomorrow, TxState.PAID)
    day = date(2026, 11, 23)
    records = journal.list_for_day(day)
    assert journal.day_summary(day) == (
        len(records),
        sum(r.amount_fen for r in records if r.paid),
    )
    assert journal.day_summary(day) == (4, 10000)
    assert journal.day_summary(day + timedelta(days=1)) == (1, 7000)
    assert journal.count_in_state(TxState.MANUAL_REVIEW) == 1
    assert journal.count_in_state(TxState.REFUNDED) == 0


def test_schema_has_no_place_for_payment_codes_or_personal_data(
    path: Path, journal: PaymentJournal
) -> None:
    conn = connect(path)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(payments)")}
    finally:
        conn.close()
    assert not columns & {"auth_code", "code", "name", "address", "customer_name", "phone"}
    assert {"out_trade_no", "reference", "amount_fen", "state", "deadline"} <= columns


def test_amount_column_rejects_floats_at_the_database(path: Path, journal: PaymentJournal) -> None:
    key = draft(journal)
    conn = connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE payments SET amount_fen = 1.5 WHERE out_trade_no = ?", (key,))
    finally:
        conn.close()


def test_page_cache_stays_small(journal: PaymentJournal) -> None:
    # The journal grows by a row a payment; its page cache must not grow with it.
    from kiosk.journal import PAGE_CACHE_KIB

    assert journal._conn.execute("PRAGMA cache_size").fetchone()[0] == -PAGE_CACHE_KIB
