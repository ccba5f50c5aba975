"""The maintenance database (`maintenance.sqlite3` in the data directory): audit log, lockouts,
counters and the terminal's service state, each module owning its own tables.

Opened like the journal (WAL, `synchronous=FULL` on every connection), so that an audit entry or a
lockout survives a power cut the moment it is written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.journal import connect

MAINTENANCE_DB = "maintenance.sqlite3"


def open_store(path: Path) -> sqlite3.Connection:
    """Open (creating) the maintenance database at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return connect(path)
