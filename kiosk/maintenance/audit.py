"""The append-only audit log of maintenance: every login attempt and every staff action, with its
outcome, in UTC, in the maintenance database.

Append-only is enforced by SQLite itself: triggers abort any UPDATE or DELETE of the `audit`
table, whoever issues it. Each entry also carries a SHA-256 chained over the previous entry's hash
and its own fields, so an edit made behind the triggers' back (triggers dropped, file patched) is
found by `verify()`.

Personal-data guard: the log is for staff actions, never customer data. Before an entry is
written, its target and detail pass through `redact()`, which replaces with "[redacted]":
- any run of 8 or more digits (optionally grouped by single spaces or dashes, as card numbers,
  phone numbers and ID numbers are written), except the entry's own staff id, an ISO date and a
  payment reference (12 digits with a Luhn check digit: staff reprint by it);
- any word containing "@" (e-mail addresses).
A staff id field that is not 1 to 8 digits (something else typed on the login keypad) is
replaced the same way. Names are not detectable: callers pass ids and references, never names.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.accounts import is_well_formed_reference
from kiosk.clock import Clock

REDACTED = "[redacted]"
GENESIS_HASH = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

_LONG_NUMBER = re.compile(r"\d(?:[ -]?\d){7,}")
_EMAIL_LIKE = re.compile(r"\S*@\S*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAFF_ID = re.compile(r"^\d{1,8}$")


def redact(text: str, keep: str = "") -> str:
    """`text` with anything that looks like personal data replaced (see the module's doc);
    `keep` (the entry's staff id) is left alone."""
    text = _EMAIL_LIKE.sub(REDACTED, text)

    def number(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == keep or _ISO_DATE.fullmatch(found) or is_well_formed_reference(found):
            return found
        return REDACTED

    return _LONG_NUMBER.sub(number, text)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    seq: int
    at: datetime  # UTC
    staff_id: str
    action: str
    target: str
    outcome: str
    detail: str
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    staff_id: str,
    action: str,
    target: str,
    outcome: str,
    detail: str,
) -> str:
    """The chained hash of one entry: SHA-256 over the previous hash and the entry's fields,
    each length-prefixed so that no two different entries serialise alike."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    for field in (str(seq), at, staff_id, action, target, outcome, detail):
        data = field.encode("utf-8")
        digest.update(len(data).to_bytes(4, "big"))
        digest.update(data)
    return digest.hexdigest()


class AuditLog:
    """`context.AuditTrail` on the maintenance database: append, list, verify the chain."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock
        conn.executescript(_SCHEMA)

    def record(
        self, staff_id: str, action: str, target: str = "", outcome: str = "ok", detail: str = ""
    ) -> None:
        """Append one entry, committed before returning (personal data redacted first)."""
        if staff_id and not _STAFF_ID.match(staff_id):
            staff_id = REDACTED
        target = redact(target, keep=staff_id)
        detail = redact(detail, keep=staff_id)
        at = self._clock.wall().astimezone(UTC).isoformat(timespec="microseconds")
        conn = self._conn
        # IMMEDIATE: read the chain's tail and append under one write lock, so two writers (the
        # terminal and a `kiosk staff` command) cannot both chain onto the same entry
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
            digest = entry_hash(prev, seq, at, staff_id, action, target, outcome, detail)
            conn.execute(
                "INSERT INTO audit (seq, at, staff_id, action, target, outcome, detail,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, at, staff_id, action, target, outcome, detail, prev, digest),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def entries(self, limit: int = 100, since: datetime | None = None) -> list[AuditEntry]:
        """The last `limit` entries (at or after `since`, if given), oldest first."""
        if since is None:
            rows = self._conn.execute(
                "SELECT * FROM audit ORDER BY seq DESC LIMIT ?", (limit,)
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT * FROM audit WHERE at >= ? ORDER BY seq DESC LIMIT ?",
                (since.astimezone(UTC).isoformat(timespec="microseconds"), limit),
            ).fetchall()
        return [_entry(row) for row in reversed(rows)]

    def verify(self) -> int | None:
        """The seq of the first entry whose chain is broken (edited, removed, inserted), or None
        when the whole log is intact."""
        prev = GENESIS_HASH
        expected_seq = 1
        for row in self._conn.execute("SELECT * FROM audit ORDER BY seq"):
            seq, at, staff_id, action, target, outcome, detail, prev_hash, digest = tuple(row)
            fields = [str(f) for f in (at, staff_id, action, target, outcome, detail)]
            if seq != expected_seq or prev_hash != prev or digest != entry_hash(prev, seq, *fields):
                return int(seq)
            prev = str(digest)
            expected_seq += 1
        return None


def _entry(row: sqlite3.Row | tuple[object, ...]) -> AuditEntry:
    seq, at, staff_id, action, target, outcome, detail, prev_hash, digest = tuple(row)
    return AuditEntry(
        seq=int(str(seq)),
        at=datetime.fromisoformat(str(at)),
        staff_id=str(staff_id),
        action=str(action),
        target=str(target),
        outcome=str(outcome),
        detail=str(detail),
        prev_hash=str(prev_hash),
        hash=str(digest),
    )
