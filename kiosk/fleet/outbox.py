"""`EventOutbox`: fleet events waiting on disk for the back office.

Events get their sequence number when pushed, from a counter kept in the same file, so that a
number is never given twice: not after a restart, not after acknowledged rows are deleted. The
back office stores each (terminal, seq) once, which makes sending a batch again harmless.
Beyond `max_events` the oldest events are dropped (a terminal cut off for days must not fill its
disk) and the number dropped is kept for the heartbeat.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from kiosk.backoffice.fleet_models import FleetEvent, FleetEventKind
from kiosk.clock import Clock
from kiosk.journal import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_events (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    device TEXT,
    detail TEXT NOT NULL
);
"""
_LAST_SEQ = "last_seq"
_DROPPED = "dropped"
DETAIL_MAX = 200  # FleetEvent.detail's limit in the contract


class EventOutbox:
    """The durable queue of fleet events (SQLite, WAL, synchronous=FULL) at `path`."""

    def __init__(self, path: Path, clock: Clock, max_events: int = 10000) -> None:
        if max_events < 1:
            raise ValueError("max_events must be at least 1")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._max_events = max_events
        self._conn = connect(self.path)
        self._conn.executescript(SCHEMA)

    def push(self, kind: FleetEventKind, device: str | None = None, detail: str = "") -> FleetEvent:
        """Store a new event with the next sequence number, stamped now; committed on return."""
        at = self._clock.wall()
        with self._transaction() as conn:
            seq = self._meta(_LAST_SEQ) + 1
            conn.execute(
                "INSERT INTO outbox_events (seq, kind, at, device, detail) VALUES (?, ?, ?, ?, ?)",
                (seq, kind.value, at.isoformat(), device, detail[:DETAIL_MAX]),
            )
            self._set_meta(_LAST_SEQ, seq)
            self._drop_beyond_limit()
        return FleetEvent(seq=seq, kind=kind, at=at, device=device, detail=detail[:DETAIL_MAX])

    def pending(self, limit: int = 100) -> list[FleetEvent]:
        """Up to `limit` queued events, lowest seq first."""
        rows = self._conn.execute(
            "SELECT seq, kind, at, device, detail FROM outbox_events ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            FleetEvent(
                seq=row["seq"],
                kind=FleetEventKind(row["kind"]),
                at=datetime.fromisoformat(row["at"]),
                device=row["device"],
                detail=row["detail"],
            )
            for row in rows
        ]

    def acknowledge(self, up_to_seq: int) -> int:
        """The back office stored every event up to `up_to_seq`: delete them; how many went."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM outbox_events WHERE seq <= ?", (up_to_seq,))
        return cursor.rowcount

    def renumber_after(self, seq: int) -> int:
        """Give the queued events new numbers after `seq`, in their order, and continue counting
        from there: the back office already holds numbers up to `seq` (this file was lost or
        replaced), so the old numbers would be taken for events it has. How many were moved."""
        with self._transaction() as conn:
            rows = conn.execute("SELECT seq FROM outbox_events ORDER BY seq").fetchall()
            # Two passes through negative numbers, so no new number meets an old one on the way.
            for index, row in enumerate(rows):
                conn.execute(
                    "UPDATE outbox_events SET seq = ? WHERE seq = ?", (-(index + 1), row["seq"])
                )
            for index in range(len(rows)):
                conn.execute(
                    "UPDATE outbox_events SET seq = ? WHERE seq = ?",
                    (seq + index + 1, -(index + 1)),
                )
            self._set_meta(_LAST_SEQ, max(seq + len(rows), seq))
        return len(rows)

    @property
    def queued(self) -> int:
        """Events waiting to be sent."""
        row = self._conn.execute("SELECT COUNT(*) AS n FROM outbox_events").fetchone()
        return int(row["n"])

    @property
    def dropped(self) -> int:
        """Events dropped unsent because the queue was full, since the file was made."""
        return self._meta(_DROPPED)

    @property
    def last_seq(self) -> int:
        """The highest sequence number ever given (0 before the first event)."""
        return self._meta(_LAST_SEQ)

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    # -- plumbing --------------------------------------------------------------------------
    def _drop_beyond_limit(self) -> None:
        excess = self.queued - self._max_events
        if excess <= 0:
            return
        self._conn.execute(
            "DELETE FROM outbox_events WHERE seq IN"
            " (SELECT seq FROM outbox_events ORDER BY seq LIMIT ?)",
            (excess,),
        )
        self._set_meta(_DROPPED, self._meta(_DROPPED) + excess)

    def _meta(self, key: str) -> int:
        row = self._conn.execute("SELECT value FROM outbox_meta WHERE key = ?", (key,)).fetchone()
        return 0 if row is None else int(row["value"])

    def _set_meta(self, key: str, value: int) -> None:
        self._conn.execute(
            "INSERT INTO outbox_meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
