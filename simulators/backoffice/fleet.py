"""The fleet service of the back-office simulator: heartbeats, device events, terminal health.

Events are stored once per (terminal, seq): a batch sent again after a lost answer changes
nothing, and the answer's `acked_seq` (the highest seq stored) tells the terminal what it may
delete. A seq gap is not refused: it is the terminal's dropped events (its queue overflowed
while the back office was unreachable), shown as "events lost" on the fleet page.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from kiosk.backoffice.fleet_models import (
    EventAck,
    EventBatch,
    FleetEventKind,
    Heartbeat,
    TerminalMode,
)
from simulators.backoffice import db

DOWN_AFTER_S = 180.0  # three missed heartbeats at the default 60 s interval
LAST_EVENTS = 10
_WARNING_STATUS = {
    "paper": {"low", "out", "jammed"},
    "cover": {"open"},
    "door": {"open"},
    "media": {"jammed", "retained"},
}


@dataclass
class FleetControls:
    """Simulator controls of the fleet service (held in memory, cleared by /_sim/reset)."""

    down_after_s: float = DOWN_AFTER_S

    def reset(self) -> None:
        """Back to the default."""
        self.down_after_s = DOWN_AFTER_S


class TerminalHealth(StrEnum):
    """A terminal's health on the fleet page."""

    OK = "ok"
    WARNING = "warning"  # a device not online, paper low, out of service, maintenance...
    DOWN = "down"  # no heartbeat for `down_after_s`


class StoredEvent(BaseModel):
    """A fleet event as the back office stored it."""

    terminal_id: str
    seq: int
    kind: FleetEventKind
    at: datetime
    device: str | None
    detail: str
    received_at: datetime


class EventGap(BaseModel):
    """Sequence numbers the back office never received (dropped by the terminal)."""

    first_seq: int
    last_seq: int

    @property
    def count(self) -> int:
        """How many events are missing."""
        return self.last_seq - self.first_seq + 1


class ReconciliationSummary(BaseModel):
    """The last day-end reconciliation a terminal sent."""

    report_id: str
    day: str
    balanced: bool
    differences: int
    received_at: datetime


class FleetTerminal(BaseModel):
    """One terminal as the fleet service sees it (GET /api/v1/fleet/terminals)."""

    terminal_id: str
    health: TerminalHealth
    reasons: list[str]
    last_heartbeat_at: datetime | None
    heartbeat_age_s: float | None
    heartbeat: Heartbeat | None
    last_events: list[StoredEvent]
    events_lost: list[EventGap]
    last_reconciliation: ReconciliationSummary | None


def store_heartbeat(conn: sqlite3.Connection, heartbeat: Heartbeat, now: datetime) -> None:
    """Keep the terminal's latest heartbeat."""
    conn.execute(
        "INSERT INTO fleet_terminals (terminal_id, heartbeat, received_at) VALUES (?, ?, ?)"
        " ON CONFLICT (terminal_id) DO UPDATE SET heartbeat = excluded.heartbeat,"
        " received_at = excluded.received_at",
        (heartbeat.terminal_id, heartbeat.model_dump_json(), now.isoformat()),
    )


def store_events(conn: sqlite3.Connection, batch: EventBatch, now: datetime) -> EventAck:
    """Store the batch's new events (known seqs ignored) in one transaction; acked_seq is the
    highest seq stored for the terminal."""
    with db.transaction(conn):
        conn.executemany(
            "INSERT OR IGNORE INTO fleet_events"
            " (terminal_id, seq, kind, at, device, detail, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    batch.terminal_id,
                    event.seq,
                    event.kind.value,
                    event.at.isoformat(),
                    event.device,
                    event.detail,
                    now.isoformat(),
                )
                for event in batch.events
            ],
        )
        row = conn.execute(
            "SELECT MAX(seq) AS top FROM fleet_events WHERE terminal_id = ?",
            (batch.terminal_id,),
        ).fetchone()
    return EventAck(acked_seq=int(row["top"]))


def events(
    conn: sqlite3.Connection, terminal_id: str | None = None, limit: int | None = None
) -> list[StoredEvent]:
    """Stored events in seq order (the last `limit` of them, if given)."""
    args: list[str | int] = [terminal_id] if terminal_id else []
    where = "WHERE terminal_id = ?" if terminal_id else ""
    sql = f"SELECT * FROM fleet_events {where} ORDER BY terminal_id, seq"
    if limit is not None:
        sql = (
            f"SELECT * FROM (SELECT * FROM fleet_events {where} ORDER BY seq DESC LIMIT ?)"
            " ORDER BY seq"
        )
        args.append(limit)
    return [StoredEvent.model_validate(dict(row)) for row in conn.execute(sql, args)]


def event_gaps(conn: sqlite3.Connection, terminal_id: str) -> list[EventGap]:
    """Runs of seqs below the highest stored that never arrived (seqs start at 1)."""
    rows = conn.execute(
        "SELECT prev + 1 AS first_seq, seq - 1 AS last_seq FROM ("
        " SELECT seq, LAG(seq, 1, 0) OVER (ORDER BY seq) AS prev"
        " FROM fleet_events WHERE terminal_id = ?) WHERE seq > prev + 1 ORDER BY seq",
        (terminal_id,),
    )
    return [EventGap.model_validate(dict(row)) for row in rows]


def health_of(
    heartbeat: Heartbeat | None, age_s: float | None, down_after_s: float
) -> tuple[TerminalHealth, list[str]]:
    """The terminal's health and why."""
    if heartbeat is None or age_s is None:
        return TerminalHealth.DOWN, ["no heartbeat received"]
    if age_s > down_after_s:
        return TerminalHealth.DOWN, [f"no heartbeat for {int(age_s)} s"]
    reasons: list[str] = []
    if heartbeat.mode is not TerminalMode.IN_SERVICE:
        reasons.append(heartbeat.mode.value.replace("_", " "))
    for device in heartbeat.devices:
        if device.state != "online":
            reasons.append(f"{device.name}: {device.state}")
        for field, values in _WARNING_STATUS.items():
            if device.status.get(field) in values:
                reasons.append(f"{device.name}: {field} {device.status[field]}")
    return (TerminalHealth.WARNING if reasons else TerminalHealth.OK), reasons


def terminals(
    conn: sqlite3.Connection,
    now: datetime,
    down_after_s: float,
    last_reconciliation: dict[str, ReconciliationSummary],
) -> list[FleetTerminal]:
    """Every terminal that sent a heartbeat or an event, by id."""
    beats = {
        row["terminal_id"]: row
        for row in conn.execute("SELECT terminal_id, heartbeat, received_at FROM fleet_terminals")
    }
    ids = set(beats) | {
        row["terminal_id"] for row in conn.execute("SELECT DISTINCT terminal_id FROM fleet_events")
    }
    found: list[FleetTerminal] = []
    for terminal_id in sorted(ids):
        row = beats.get(terminal_id)
        heartbeat = Heartbeat.model_validate_json(row["heartbeat"]) if row else None
        received = datetime.fromisoformat(row["received_at"]) if row else None
        age = (now - received).total_seconds() if received else None
        health, reasons = health_of(heartbeat, age, down_after_s)
        found.append(
            FleetTerminal(
                terminal_id=terminal_id,
                health=health,
                reasons=reasons,
                last_heartbeat_at=received,
                heartbeat_age_s=age,
                heartbeat=heartbeat,
                last_events=events(conn, terminal_id, LAST_EVENTS),
                events_lost=event_gaps(conn, terminal_id),
                last_reconciliation=last_reconciliation.get(terminal_id),
            )
        )
    return found
