"""In service or out of service: the terminal's service state, persisted across restarts.

Out of service, the idle screen says so and points to the next terminal or counter; the state is
kept in the maintenance database so that a restart (or a power cut) does not put a terminal staff
took out back in front of customers.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.clock import Clock

log = logging.getLogger(__name__)

ServiceListener = Callable[[bool], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS service_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    in_service INTEGER NOT NULL CHECK (in_service IN (0, 1)),
    changed_by TEXT,
    changed_at TEXT
)
"""


class PersistentServiceState:
    """`context.ServiceState` on the maintenance database; in service until staff say otherwise."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock
        self._listeners: list[ServiceListener] = []
        conn.execute(_SCHEMA)
        conn.execute("INSERT OR IGNORE INTO service_state (id, in_service) VALUES (1, 1)")

    def _row(self) -> tuple[int, str | None, str | None]:
        row = self._conn.execute(
            "SELECT in_service, changed_by, changed_at FROM service_state WHERE id = 1"
        ).fetchone()
        assert row is not None  # inserted in __init__, never deleted
        return int(row[0]), row[1], row[2]

    @property
    def in_service(self) -> bool:
        """Customers may be served."""
        return bool(self._row()[0])

    @property
    def changed_by(self) -> str | None:
        """The staff id that last changed the state (None: never changed)."""
        return self._row()[1]

    @property
    def changed_at(self) -> datetime | None:
        """When the state was last changed (UTC)."""
        value = self._row()[2]
        return datetime.fromisoformat(value) if value else None

    def set_in_service(self, in_service: bool, staff_id: str) -> None:
        """Change the state (committed before listeners hear of it)."""
        was = self.in_service
        now = self._clock.wall().astimezone(UTC).isoformat(timespec="seconds")
        self._conn.execute(
            "UPDATE service_state SET in_service = ?, changed_by = ?, changed_at = ? WHERE id = 1",
            (int(in_service), staff_id, now),
        )
        if was != in_service:
            for listener in list(self._listeners):
                try:
                    listener(in_service)
                except Exception:
                    # A screen failing to redraw must not undo or hide a committed change.
                    log.exception("service state listener failed")

    def add_listener(self, listener: ServiceListener) -> None:
        """Call `listener(in_service)` each time the state changes (the idle screen redraws)."""
        self._listeners.append(listener)
