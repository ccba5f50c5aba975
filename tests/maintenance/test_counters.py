"""Receipts since the last paper refill: counted from the printer's job listener, persisted."""

from __future__ import annotations

from pathlib import Path

from test_journal_view import StepClock

from kiosk.maintenance.counters import PersistentCounters
from kiosk.maintenance.store import MAINTENANCE_DB, open_store


def test_counts_survive_reopening_and_refill_resets(tmp_path: Path) -> None:
    clock = StepClock()
    db = tmp_path / MAINTENANCE_DB
    conn = open_store(db)
    counters = PersistentCounters(conn, clock, paper_roll_receipts=400)
    assert counters.for_device("receipt_printer") == {}
    for _ in range(3):
        counters.receipt_printed("receipt_printer", 30)
    counters.receipt_printed("other_printer", 12)
    conn.close()

    reopened = PersistentCounters(open_store(db), clock, paper_roll_receipts=400)
    assert reopened.for_device("receipt_printer") == {
        "receipts_since_refill": 3,
        "lines_since_refill": 90,
        "paper_left_pct": 99,  # 397/400 rounded down: never promise paper that is not there
        "paper_roll_receipts": 400,
    }
    assert reopened.for_device("other_printer")["receipts_since_refill"] == 1

    clock.advance(3600)
    reopened.paper_refilled("receipt_printer")
    after = reopened.for_device("receipt_printer")
    assert after["receipts_since_refill"] == 0 and after["paper_left_pct"] == 100
    assert reopened.refilled_at("receipt_printer") == clock.now.replace(microsecond=0)
    assert reopened.for_device("other_printer")["receipts_since_refill"] == 1


def test_paper_forecast_reaches_zero_not_below(tmp_path: Path) -> None:
    counters = PersistentCounters(open_store(tmp_path / MAINTENANCE_DB), StepClock(), 10)
    for _ in range(9):
        counters.receipt_printed("p", 20)
    assert counters.for_device("p")["paper_left_pct"] == 10
    for _ in range(5):
        counters.receipt_printed("p", 20)
    assert counters.for_device("p")["paper_left_pct"] == 0
    assert counters.for_device("p")["receipts_since_refill"] == 14
