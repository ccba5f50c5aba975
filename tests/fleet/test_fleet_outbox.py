"""The event outbox: seq given at push, never reused, order kept across restarts, oldest
dropped beyond the limit and counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from fleet_testkit import START, ManualClock

from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.fleet.outbox import EventOutbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def test_seq_is_given_at_push_in_order(tmp_path: Path, clock: ManualClock) -> None:
    outbox = EventOutbox(tmp_path / "fleet.sqlite3", clock)
    first = outbox.push(FleetEventKind.PAPER_LOW, "receipt_printer")
    clock.advance(5)
    second = outbox.push(FleetEventKind.DOOR_OPEN, "sensors", "cabinet")
    assert (first.seq, second.seq) == (1, 2)
    assert first.at == START and (second.at - first.at).total_seconds() == 5
    assert outbox.pending() == [first, second]
    assert outbox.queued == 2 and outbox.last_seq == 2


def test_order_and_seq_survive_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "fleet.sqlite3"
    outbox = EventOutbox(path, clock)
    kinds = [FleetEventKind.PAPER_LOW, FleetEventKind.PAPER_OUT, FleetEventKind.COVER_OPEN]
    pushed = [outbox.push(kind, "receipt_printer") for kind in kinds]
    outbox.close()
    reopened = EventOutbox(path, clock)
    assert reopened.pending() == pushed
    assert reopened.push(FleetEventKind.DEVICE_GONE, "scanner").seq == 4
    assert [e.seq for e in reopened.pending()] == [1, 2, 3, 4]


def test_acknowledged_seqs_are_deleted_and_never_given_again(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "fleet.sqlite3"
    outbox = EventOutbox(path, clock)
    for _ in range(3):
        outbox.push(FleetEventKind.PAPER_LOW, "receipt_printer")
    assert outbox.acknowledge(2) == 2
    assert [e.seq for e in outbox.pending()] == [3]
    assert outbox.acknowledge(3) == 1 and outbox.queued == 0
    outbox.close()
    # An empty queue after a restart must not start counting again at 1: the back office
    # would take the new events for ones it already has and ignore them.
    reopened = EventOutbox(path, clock)
    assert reopened.push(FleetEventKind.DOOR_OPEN, "sensors").seq == 4


def test_pending_respects_the_limit_in_seq_order(tmp_path: Path, clock: ManualClock) -> None:
    outbox = EventOutbox(tmp_path / "fleet.sqlite3", clock)
    for _ in range(7):
        outbox.push(FleetEventKind.DEVICE_GONE, "scanner")
    assert [e.seq for e in outbox.pending(3)] == [1, 2, 3]
    outbox.acknowledge(3)
    assert [e.seq for e in outbox.pending(3)] == [4, 5, 6]


def test_beyond_max_events_the_oldest_are_dropped_and_counted(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "fleet.sqlite3"
    outbox = EventOutbox(path, clock, max_events=3)
    for _ in range(5):
        outbox.push(FleetEventKind.PAPER_LOW, "receipt_printer")
    assert [e.seq for e in outbox.pending()] == [3, 4, 5]
    assert outbox.dropped == 2 and outbox.queued == 3
    outbox.close()
    reopened = EventOutbox(path, clock, max_events=3)
    assert reopened.dropped == 2
    reopened.push(FleetEventKind.PAPER_OUT, "receipt_printer")
    assert [e.seq for e in reopened.pending()] == [4, 5, 6] and reopened.dropped == 3


def test_detail_is_cut_to_the_contract_limit(tmp_path: Path, clock: ManualClock) -> None:
    outbox = EventOutbox(tmp_path / "fleet.sqlite3", clock)
    event = outbox.push(FleetEventKind.DEVICE_ERROR, "printer", "x" * 500)
    assert len(event.detail) == 200 and outbox.pending()[0].detail == event.detail


def test_the_file_is_durable(tmp_path: Path, clock: ManualClock) -> None:
    outbox = EventOutbox(tmp_path / "fleet.sqlite3", clock)
    conn = outbox._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
