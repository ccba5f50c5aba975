"""A version-1 journal file (the first release's schema) is migrated on open, rows kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.backoffice.models import Provider
from kiosk.journal import (
    SCHEMA_VERSION,
    Channel,
    IllegalTransition,
    PaymentJournal,
    Purpose,
    TxState,
)

V1 = """
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL UNIQUE, reference TEXT NOT NULL UNIQUE, terminal_id TEXT NOT NULL,
    account_no TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('bill', 'topup')),
    amount_fen INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer' AND amount_fen > 0),
    provider TEXT NOT NULL, state TEXT NOT NULL, provider_code TEXT, provider_trade_no TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, paid_at TEXT, deadline TEXT,
    receipt_printed_at TEXT, receipt_text TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, balance_after_fen INTEGER, arrears_after_fen INTEGER
);
CREATE TABLE state_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL REFERENCES payments (out_trade_no),
    from_state TEXT, to_state TEXT NOT NULL, at TEXT NOT NULL, note TEXT
);
INSERT INTO payments (out_trade_no, reference, terminal_id, account_no, purpose, amount_fen,
    provider, state, created_at, updated_at, attempts)
VALUES ('SZ-1-20261123-aaaaaaaaaa', 'R1', 'SZ-1', '1234567897', 'bill', 12345, 'wechat',
    'posted', '2026-11-23T02:00:00+00:00', '2026-11-23T02:00:00+00:00', 1);
INSERT INTO state_history (out_trade_no, from_state, to_state, at)
VALUES ('SZ-1-20261123-aaaaaaaaaa', NULL, 'draft', '2026-11-23T02:00:00+00:00');
"""


class Clock:
    def monotonic(self) -> float:
        return 0.0

    def wall(self) -> datetime:
        return datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        pass


def test_v1_file_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(V1)
    conn.close()
    journal = PaymentJournal(path, Clock())
    assert journal.schema_version() == SCHEMA_VERSION == 2
    old = journal.get("SZ-1-20261123-aaaaaaaaaa")
    assert old.state == TxState.POSTED and old.amount_fen == 12345 and old.channel == Channel.CODE
    assert [h.to_state for h in journal.history(old.out_trade_no)] == [TxState.DRAFT]
    new = journal.create_draft(
        terminal_id="SZ-1",
        account_no="1163465493",
        purpose=Purpose.PREPAID,
        amount_fen=5000,
        provider=Provider.UNIONPAY,
        channel=Channel.CARD,
        card_serial="5A10000000000001",
        meter_no="440300000001",
    )
    assert new.id == 2 and journal.get(new.out_trade_no).card_serial == "5A10000000000001"
    journal.close()
    reopened = PaymentJournal(path, Clock())  # a second open changes nothing
    assert reopened.schema_version() == 2 and len(reopened.unfinished()) == 1
    reopened.close()


def test_paid_not_written_only_for_prepaid_and_never_more_than_last4(tmp_path: Path) -> None:
    journal = PaymentJournal(tmp_path / "j.sqlite3", Clock())
    bill = journal.create_draft(
        terminal_id="SZ-1",
        account_no="1234567897",
        purpose=Purpose.BILL,
        amount_fen=100,
        provider=Provider.WECHAT,
    )
    key = bill.out_trade_no
    journal.transition(key, TxState.INTENT)
    with pytest.raises(sqlite3.IntegrityError):
        journal.transition(key, TxState.PAID, card_last4="6222021234")  # a PAN, refused
    with pytest.raises(sqlite3.IntegrityError):
        journal.transition(key, TxState.PAID, approval_code="134567890123456789")  # a code
    journal.transition(key, TxState.PAID)
    journal.transition(key, TxState.POSTED)
    with pytest.raises(IllegalTransition):
        journal.transition(key, TxState.PAID_NOT_WRITTEN)
    with pytest.raises(ValueError):
        journal.create_draft(
            terminal_id="SZ-1",
            account_no="1163465493",
            purpose=Purpose.PREPAID,
            amount_fen=100,
            provider=Provider.WECHAT,
        )
    journal.close()
