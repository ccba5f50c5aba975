"""Persistent counters of the receipt printers: receipts and lines since the last paper refill.

Kept in the maintenance database so that the paper forecast survives a restart; a receipt is
counted the moment the printer driver reports the job done (a `ReceiptPrinter` job listener).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from kiosk.clock import Clock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS printer_counters (
    device TEXT PRIMARY KEY,
    receipts INTEGER NOT NULL DEFAULT 0,
    lines INTEGER NOT NULL DEFAULT 0,
    refilled_at TEXT
)
"""


class PersistentCounters:
    """`context.Counters` on the maintenance database (kiosk.maintenance.store.open_store).

    `paper_roll_receipts` is how many receipts a full roll prints (maintenance.paper_roll_receipts):
    the forecast of paper left is linear in the receipts printed since the refill.
    """

    def __init__(
        self, conn: sqlite3.Connection, clock: Clock, paper_roll_receipts: int = 400
    ) -> None:
        if paper_roll_receipts < 1:
            raise ValueError("paper_roll_receipts must be positive")
        self._conn = conn
        self._clock = clock
        self._roll = paper_roll_receipts
        conn.execute(_SCHEMA)

    def receipt_printed(self, device: str, lines: int) -> None:
        """A receipt of `lines` lines came out of `device`."""
        self._conn.execute(
            "INSERT INTO printer_counters (device, receipts, lines) VALUES (?, 1, ?)"
            " ON CONFLICT (device) DO UPDATE SET receipts = receipts + 1,"
            " lines = lines + excluded.lines",
            (device, max(0, int(lines))),
        )

    def paper_refilled(self, device: str) -> None:
        """Staff put a new roll in `device`: its counts start again from zero."""
        now = self._clock.wall().astimezone(UTC).isoformat(timespec="seconds")
        self._conn.execute(
            "INSERT INTO printer_counters (device, receipts, lines, refilled_at)"
            " VALUES (?, 0, 0, ?)"
            " ON CONFLICT (device) DO UPDATE SET receipts = 0, lines = 0,"
            " refilled_at = excluded.refilled_at",
            (device, now),
        )

    def refilled_at(self, device: str) -> datetime | None:
        """When staff last recorded a new roll in `device` (UTC), if ever."""
        row = self._conn.execute(
            "SELECT refilled_at FROM printer_counters WHERE device = ?", (device,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def for_device(self, device: str) -> dict[str, int]:
        """`receipts_since_refill`, `lines_since_refill`, `paper_left_pct` (forecast) and
        `paper_roll_receipts`; empty for a device that never printed nor had paper recorded."""
        row = self._conn.execute(
            "SELECT receipts, lines FROM printer_counters WHERE device = ?", (device,)
        ).fetchone()
        if row is None:
            return {}
        receipts, lines = int(row[0]), int(row[1])
        # Integer arithmetic, rounded down: the forecast must never promise paper that is not there.
        left = max(0, (self._roll - receipts) * 100 // self._roll)
        return {
            "receipts_since_refill": receipts,
            "lines_since_refill": lines,
            "paper_left_pct": left,
            "paper_roll_receipts": self._roll,
        }
