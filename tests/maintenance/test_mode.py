"""Out of service and back: who and when, listeners told at once, persisted across restarts."""

from __future__ import annotations

from pathlib import Path

from test_journal_view import StepClock

from kiosk.maintenance.mode import PersistentServiceState
from kiosk.maintenance.store import MAINTENANCE_DB, open_store


def test_in_service_by_default_and_persisted(tmp_path: Path) -> None:
    clock = StepClock()
    db = tmp_path / MAINTENANCE_DB
    conn = open_store(db)
    state = PersistentServiceState(conn, clock)
    assert state.in_service and state.changed_by is None
    heard: list[bool] = []
    state.add_listener(heard.append)

    state.set_in_service(False, "2001")
    state.set_in_service(False, "2001")  # no change: nobody redraws
    conn.close()

    assert heard == [False]
    restarted = PersistentServiceState(open_store(db), clock)
    assert not restarted.in_service
    assert restarted.changed_by == "2001"
    assert restarted.changed_at == clock.now.replace(microsecond=0)

    clock.advance(120)
    restarted.set_in_service(True, "3001")
    again = PersistentServiceState(open_store(db), clock)
    assert again.in_service and again.changed_by == "3001"


def test_a_failing_listener_does_not_undo_the_change(tmp_path: Path) -> None:
    state = PersistentServiceState(open_store(tmp_path / MAINTENANCE_DB), StepClock())
    heard: list[bool] = []

    def broken(in_service: bool) -> None:
        raise RuntimeError("screen gone")

    state.add_listener(broken)
    state.add_listener(heard.append)
    state.set_in_service(False, "2001")
    assert not state.in_service and heard == [False]
