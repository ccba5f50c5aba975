"""The audit log: append-only in SQLite itself, a hash chain that finds edits, no personal data."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.accounts import reference_for
from kiosk.maintenance.audit import GENESIS_HASH, REDACTED, AuditLog, redact
from kiosk.maintenance.store import open_store
from tests.maintenance.fakes import START, FakeClock

REFERENCE = reference_for("SZ-FT-0001-SP01-key")  # 12 digits, Luhn: a payment's reference


def make_log(tmp_path: Path, clock: FakeClock | None = None) -> tuple[AuditLog, Path]:
    db = tmp_path / "maintenance.sqlite3"
    return AuditLog(open_store(db), clock or FakeClock()), db


def test_entries_are_utc_chained_and_listed_oldest_first(tmp_path: Path) -> None:
    clock = FakeClock()
    log, _ = make_log(tmp_path, clock)
    log.record("2001", "login")
    clock.advance(60)
    log.record("2001", "self_test", target="printer", outcome="passed", detail="print: ok")
    entries = log.entries()
    assert [(e.seq, e.action, e.outcome) for e in entries] == [
        (1, "login", "ok"),
        (2, "self_test", "passed"),
    ]
    assert entries[0].at == START and entries[0].at.utcoffset() == timedelta(0)
    assert entries[1].target == "printer" and entries[1].detail == "print: ok"
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert log.verify() is None


def test_limit_and_since(tmp_path: Path) -> None:
    clock = FakeClock()
    log, _ = make_log(tmp_path, clock)
    for n in range(5):
        log.record("1001", f"action{n}")
        clock.advance(10)
    assert [e.action for e in log.entries(limit=2)] == ["action3", "action4"]
    since = START + timedelta(seconds=25)
    assert [e.action for e in log.entries(since=since)] == ["action3", "action4"]


def test_sqlite_refuses_update_and_delete(tmp_path: Path) -> None:
    log, db = make_log(tmp_path)
    log.record("2001", "login")
    raw = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE audit SET outcome = 'ok'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit")
    raw.close()
    assert len(log.entries()) == 1


def test_the_chain_finds_an_edited_row(tmp_path: Path) -> None:
    log, db = make_log(tmp_path)
    for action in ("login", "out_of_service", "in_service", "ended"):
        log.record("2001", action)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("UPDATE audit SET outcome = 'denied' WHERE seq = 3")
    raw.commit()
    raw.close()
    assert log.verify() == 3


def test_the_chain_finds_a_removed_row_and_a_rehashed_edit(tmp_path: Path) -> None:
    log, db = make_log(tmp_path)
    for action in ("login", "self_test", "ended"):
        log.record("1001", action)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_no_delete")
    raw.execute("DELETE FROM audit WHERE seq = 2")
    raw.commit()
    raw.close()
    assert log.verify() == 3


def test_an_edit_that_recomputes_its_own_hash_still_breaks_the_next_link(tmp_path: Path) -> None:
    from kiosk.maintenance.audit import entry_hash

    log, db = make_log(tmp_path)
    for action in ("login", "reconcile", "ended"):
        log.record("2001", action)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_no_update")
    row = raw.execute("SELECT * FROM audit WHERE seq = 2").fetchone()
    forged = entry_hash(row[7], 2, row[1], row[2], row[3], row[4], "denied", row[6])
    raw.execute("UPDATE audit SET outcome = 'denied', hash = ? WHERE seq = 2", (forged,))
    raw.commit()
    raw.close()
    assert log.verify() == 3


def test_appending_goes_on_after_a_reopen(tmp_path: Path) -> None:
    log, db = make_log(tmp_path)
    log.record("2001", "login")
    again = AuditLog(open_store(db), FakeClock())
    again.record("2001", "ended")
    assert [e.seq for e in again.entries()] == [1, 2]
    assert again.verify() is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 6222021234567890 declined", f"card {REDACTED} declined"),
        ("card 6222 0212 3456 7890", f"card {REDACTED}"),
        ("phone 138-1234-5678", f"phone {REDACTED}"),
        ("id 44030119900101123X", f"id {REDACTED}X"),
        ("mail zhang.san@example.com now", f"mail {REDACTED} now"),
        ("day 2026-11-23 differences 2", "day 2026-11-23 differences 2"),
        (f"reference {REFERENCE} ok", f"reference {REFERENCE} ok"),
        (f"reference {REFERENCE[:-1]}{(int(REFERENCE[-1]) + 1) % 10}", f"reference {REDACTED}"),
        ("failures 5", "failures 5"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_personal_data_never_reaches_the_log(tmp_path: Path) -> None:
    log, db = make_log(tmp_path)
    log.record("13812345678", "login", outcome="unknown_staff")  # a phone typed as staff id
    log.record("2001", "reprint", target="6222021234567890", detail="owner zs@example.com")
    log.record("12345678", "login", detail="staff 12345678")  # an 8-digit staff id is kept
    dump = "\n".join(str(tuple(r)) for r in sqlite3.connect(db).execute("SELECT * FROM audit"))
    for secret in ("13812345678", "6222021234567890", "zs@example.com"):
        assert secret not in dump
    last = log.entries()[-1]
    assert (last.staff_id, last.detail) == ("12345678", "staff 12345678")
    assert log.verify() is None
