"""The payment journal: every payment's state, durable before every outside action.

SQLite in WAL mode with `synchronous=FULL` on every connection, so a committed state survives a
power cut. Each state change is one committed transaction plus a row in an append-only history.
The journal never stores a payment code or the customer's name or address; of a bank card it keeps
the last 4 digits only (`approval_code` is the issuer's 6-character authorisation code, never a
payment code:
a CHECK keeps anything longer out).

Schema version (PRAGMA user_version): 2. A version-1 file (the first release: no user_version, bill
and top-up only) is migrated on open, in one transaction.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.accounts import reference_for
from kiosk.backoffice.models import Provider
from kiosk.clock import Clock

JOURNAL_FILE = "journal.sqlite3"


class TxState(StrEnum):
    """States of a payment in the journal (docs/architecture.md, Transaction states)."""

    DRAFT = "draft"
    INTENT = "intent"
    AWAITING = "awaiting"
    PAID = "paid"
    POSTED = "posted"
    COMPLETED = "completed"
    DECLINED = "declined"
    REVERSED = "reversed"
    REFUNDED = "refunded"
    MANUAL_REVIEW = "manual_review"
    # prepaid meter cards: the purchase record is issued and stored, not yet verified on the card
    PAID_NOT_WRITTEN = "paid_not_written"
    WRITTEN = "written"  # verified on the card; receipt next


class Channel(StrEnum):
    """How the money was taken."""

    CODE = "code"  # the customer's payment code, read by the scanner
    QR = "qr"  # the terminal's QR, scanned by the customer's phone
    CARD = "card"  # a bank card in the payment module


class Purpose(StrEnum):
    """What the money is for."""

    BILL = "bill"
    TOPUP = "topup"
    PREPAID = "prepaid"  # credit for a prepaid meter card (购电)


UNFINISHED = (
    TxState.INTENT,
    TxState.AWAITING,
    TxState.PAID,
    TxState.POSTED,
    TxState.PAID_NOT_WRITTEN,
    TxState.WRITTEN,
)
PAID_STATES = (
    TxState.PAID,
    TxState.POSTED,
    TxState.COMPLETED,
    TxState.PAID_NOT_WRITTEN,
    TxState.WRITTEN,
)
SCHEMA_VERSION = 2

_ALLOWED: dict[TxState, frozenset[TxState]] = {
    TxState.DRAFT: frozenset({TxState.INTENT}),
    TxState.INTENT: frozenset(
        {
            TxState.AWAITING,
            TxState.PAID,
            TxState.DECLINED,
            TxState.REVERSED,
            TxState.MANUAL_REVIEW,
        }
    ),
    # AWAITING -> AWAITING records another query answer while the provider still waits.
    TxState.AWAITING: frozenset(
        {
            TxState.AWAITING,
            TxState.PAID,
            TxState.DECLINED,
            TxState.REVERSED,
            TxState.MANUAL_REVIEW,
        }
    ),
    TxState.PAID: frozenset({TxState.POSTED, TxState.REFUNDED, TxState.MANUAL_REVIEW}),
    # A prepaid purchase is complete only once written to its card (POSTED -> PAID_NOT_WRITTEN);
    # the check on purpose is in `transition`.
    TxState.POSTED: frozenset({TxState.COMPLETED, TxState.REFUNDED, TxState.PAID_NOT_WRITTEN}),
    TxState.PAID_NOT_WRITTEN: frozenset({TxState.WRITTEN, TxState.MANUAL_REVIEW}),
    TxState.WRITTEN: frozenset({TxState.COMPLETED}),
    # Staff settle a manual review by hand, in the back office's terms.
    TxState.MANUAL_REVIEW: frozenset(
        {TxState.REVERSED, TxState.REFUNDED, TxState.PAID, TxState.DECLINED}
    ),
    TxState.COMPLETED: frozenset(),
    TxState.DECLINED: frozenset(),
    TxState.REVERSED: frozenset(),
    TxState.REFUNDED: frozenset(),
}


class IllegalTransition(Exception):
    """A state change the journal's state machine does not allow."""


class UnknownTransaction(KeyError):
    """No transaction with that idempotency key."""


@dataclass(frozen=True)
class JournalRecord:
    """One payment as the journal holds it. Money in integer fen, times in UTC."""

    id: int
    out_trade_no: str
    reference: str
    terminal_id: str
    account_no: str
    purpose: Purpose
    amount_fen: int
    provider: Provider
    state: TxState
    provider_code: str | None
    provider_trade_no: str | None
    created_at: datetime
    updated_at: datetime
    paid_at: datetime | None
    deadline: datetime | None
    receipt_printed_at: datetime | None
    receipt_text: str | None
    attempts: int
    last_error: str | None
    balance_after_fen: int | None = None
    arrears_after_fen: int | None = None
    channel: Channel = Channel.CODE
    trace_no: str | None = None  # bank card: the payment module's 6-digit trace number
    card_last4: str | None = None
    approval_code: str | None = None  # bank card: the issuer's authorisation code (6 chars)
    rrn: str | None = None  # bank card: retrieval reference number (12 characters)
    card_serial: str | None = None  # prepaid meter card
    meter_no: str | None = None
    purchase_count: int | None = None  # the count the purchase is written with
    purchase_mac: str | None = None  # 8 hex digits, as issued by the back office
    written_at: datetime | None = None  # verified on the card
    written_confirmed_at: datetime | None = None  # the back office knows it is written

    @property
    def unfinished(self) -> bool:
        """Still to be resolved (INTENT, AWAITING, PAID, POSTED, PAID_NOT_WRITTEN, WRITTEN)."""
        return self.state in UNFINISHED

    @property
    def paid(self) -> bool:
        """Money was taken and kept."""
        return self.state in PAID_STATES


@dataclass(frozen=True)
class StateChange:
    """One row of the append-only history."""

    out_trade_no: str
    from_state: TxState | None
    to_state: TxState
    at: datetime
    note: str | None


_PAYMENTS_TABLE = """
CREATE TABLE {name} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    account_no TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('bill', 'topup', 'prepaid')),
    amount_fen INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer' AND amount_fen > 0),
    provider TEXT NOT NULL,
    state TEXT NOT NULL,
    provider_code TEXT,
    provider_trade_no TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    paid_at TEXT,
    deadline TEXT,
    receipt_printed_at TEXT,
    receipt_text TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    balance_after_fen INTEGER,
    arrears_after_fen INTEGER,
    channel TEXT NOT NULL DEFAULT 'code' CHECK (channel IN ('code', 'qr', 'card')),
    trace_no TEXT
        CHECK (trace_no IS NULL OR (length(trace_no) = 6 AND trace_no NOT GLOB '*[^0-9]*')),
    card_last4 TEXT
        CHECK (card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')),
    approval_code TEXT CHECK (approval_code IS NULL OR length(approval_code) <= 6),
    rrn TEXT CHECK (rrn IS NULL OR length(rrn) <= 12),
    card_serial TEXT,
    meter_no TEXT,
    purchase_count INTEGER,
    purchase_mac TEXT,
    written_at TEXT,
    written_confirmed_at TEXT
)
"""

# The columns of the first release, copied as they are by the migration.
_V1_COLUMNS = (
    "id, out_trade_no, reference, terminal_id, account_no, purpose, amount_fen, provider, state,"
    " provider_code, provider_trade_no, created_at, updated_at, paid_at, deadline,"
    " receipt_printed_at, receipt_text, attempts, last_error, balance_after_fen, arrears_after_fen"
)

_INDEXES = """
CREATE INDEX IF NOT EXISTS payments_state ON payments (state);
CREATE INDEX IF NOT EXISTS payments_created ON payments (created_at);
CREATE INDEX IF NOT EXISTS payments_card ON payments (card_serial);
"""

_HISTORY = """
CREATE TABLE IF NOT EXISTS state_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL REFERENCES payments (out_trade_no),
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT
);
CREATE TRIGGER IF NOT EXISTS state_history_no_update BEFORE UPDATE ON state_history
BEGIN SELECT RAISE(ABORT, 'state history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS state_history_no_delete BEFORE DELETE ON state_history
BEGIN SELECT RAISE(ABORT, 'state history is append-only'); END;
"""

# Columns a transition may update besides the state.
_UPDATABLE = (
    "provider_code",
    "provider_trade_no",
    "paid_at",
    "deadline",
    "last_error",
    "balance_after_fen",
    "arrears_after_fen",
    "trace_no",
    "card_last4",
    "approval_code",
    "rrn",
    "purchase_count",
    "purchase_mac",
    "written_at",
    "written_confirmed_at",
)


PAGE_CACHE_KIB = 256


def connect(path: Path) -> sqlite3.Connection:
    """Open the journal database with the durability settings every connection must have."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    # A terminal writes a few rows a minute and reads them back rarely: SQLite's default 2 MB
    # page cache only made the process grow with every payment until it was full.
    conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
    return conn


def _ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("journal times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


class PaymentJournal:
    """The durable record of every payment this terminal has made or tried."""

    def __init__(self, path: Path, clock: Clock) -> None:
        path = Path(path)
        if path.is_dir():
            path = path / JOURNAL_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._clock = clock
        self._conn = connect(path)
        migrate(self._conn)
        self._trace_offset = self._meta_int("trace_offset", secrets.randbelow(999_999))

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        self._conn.close()

    def pragmas(self) -> dict[str, Any]:
        """The live connection's durability settings, read back (for health checks and tests)."""
        return {
            "journal_mode": self._conn.execute("PRAGMA journal_mode").fetchone()[0],
            "synchronous": self._conn.execute("PRAGMA synchronous").fetchone()[0],
        }

    def new_idempotency_key(self, terminal_id: str) -> str:
        """Terminal id + UTC time + random: unique across terminals and restarts."""
        stamp = self._clock.wall().astimezone(UTC).strftime("%Y%m%d%H%M%S")
        return f"{terminal_id}-{stamp}-{secrets.token_hex(5)}"

    def create_draft(
        self,
        *,
        terminal_id: str,
        account_no: str,
        purpose: Purpose,
        amount_fen: int,
        provider: Provider,
        channel: Channel = Channel.CODE,
        card_serial: str | None = None,
        meter_no: str | None = None,
    ) -> JournalRecord:
        """A new transaction in DRAFT with a fresh idempotency key and reference. A prepaid
        purchase names its card and meter."""
        if type(amount_fen) is not int or amount_fen <= 0:
            raise ValueError("amount_fen must be a positive int")
        if (Purpose(purpose) == Purpose.PREPAID) != (card_serial is not None):
            raise ValueError("a prepaid purchase, and only one, names its card")
        now = _ts(self._clock.wall())
        for _ in range(5):
            key = self.new_idempotency_key(terminal_id)
            try:
                with self._transaction():
                    self._conn.execute(
                        "INSERT INTO payments (out_trade_no, reference, terminal_id, account_no,"
                        " purpose, amount_fen, provider, state, created_at, updated_at, channel,"
                        " card_serial, meter_no)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            key,
                            reference_for(key),
                            terminal_id,
                            account_no,
                            Purpose(purpose).value,
                            amount_fen,
                            Provider(provider).value,
                            TxState.DRAFT.value,
                            now,
                            now,
                            Channel(channel).value,
                            card_serial,
                            meter_no,
                        ),
                    )
                    self._history(key, None, TxState.DRAFT, now, None)
            except sqlite3.IntegrityError:
                continue  # a reference clash: try another key
            return self.get(key)
        raise RuntimeError("could not make a unique idempotency key")

    def transition(
        self, out_trade_no: str, to: TxState, note: str | None = None, **changes: Any
    ) -> JournalRecord:
        """Move a transaction to `to`, updating the given fields, as one committed transaction.

        Raises IllegalTransition if the state machine does not allow it. `changes` may set
        provider_code, provider_trade_no, paid_at, deadline, last_error, balance_after_fen,
        arrears_after_fen and the card / prepaid details (trace_no, card_last4, approval_code, rrn,
        purchase_count, purchase_mac, written_at, written_confirmed_at).
        """
        unknown = set(changes) - set(_UPDATABLE)
        if unknown:
            raise TypeError(f"cannot set {sorted(unknown)} in a transition")
        with self._transaction():
            current = self._state(out_trade_no)
            if to not in _ALLOWED[current]:
                raise IllegalTransition(f"{current.value} -> {TxState(to).value}")
            prepaid = self._purpose(out_trade_no) == Purpose.PREPAID
            if current == TxState.POSTED and prepaid and to == TxState.COMPLETED:
                raise IllegalTransition("a prepaid purchase completes only once written")
            if to == TxState.PAID_NOT_WRITTEN and not prepaid:
                raise IllegalTransition("only a prepaid purchase is written to a card")
            now = _ts(self._clock.wall())
            columns = ["state = ?", "updated_at = ?"]
            values: list[Any] = [TxState(to).value, now]
            for name, value in changes.items():
                columns.append(f"{name} = ?")
                values.append(_ts(value) if isinstance(value, datetime) else value)
            if to == TxState.INTENT or to == TxState.AWAITING:
                columns.append("attempts = attempts + 1")
            self._conn.execute(
                f"UPDATE payments SET {', '.join(columns)} WHERE out_trade_no = ?",
                [*values, out_trade_no],
            )
            self._history(out_trade_no, current, to, now, note)
        return self.get(out_trade_no)

    def record_details(self, out_trade_no: str, **changes: Any) -> JournalRecord:
        """Set fields without changing the state (e.g. written_confirmed_at once the back office
        acknowledged a write). Same fields as `transition`."""
        unknown = set(changes) - set(_UPDATABLE)
        if unknown or not changes:
            raise TypeError(f"cannot set {sorted(unknown)} outside a transition")
        with self._transaction():
            self._state(out_trade_no)
            columns = ["updated_at = ?"]
            values: list[Any] = [_ts(self._clock.wall())]
            for name, value in changes.items():
                columns.append(f"{name} = ?")
                values.append(_ts(value) if isinstance(value, datetime) else value)
            self._conn.execute(
                f"UPDATE payments SET {', '.join(columns)} WHERE out_trade_no = ?",
                [*values, out_trade_no],
            )
        return self.get(out_trade_no)

    def trace_no_for(self, record: JournalRecord) -> str:
        """The payment module's trace number of `record`: 6 digits from the row id, unique per
        terminal for the last 999,999 card sales (the module keeps far fewer). The sequence
        starts at a random point chosen when the journal file was made, so a replaced journal
        does not reuse the trace numbers the module still remembers."""
        return f"{(record.id - 1 + self._trace_offset) % 999_999 + 1:06d}"

    def _meta_int(self, key: str, default: int) -> int:
        """A number kept with the journal, written with `default` the first time."""
        with self._transaction():
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS journal_meta"
                " (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self._conn.execute(
                "INSERT OR IGNORE INTO journal_meta (key, value) VALUES (?, ?)", (key, str(default))
            )
            row = self._conn.execute(
                "SELECT value FROM journal_meta WHERE key = ?", (key,)
            ).fetchone()
        return int(row[0])

    def unwritten_for_card(self, card_serial: str) -> list[JournalRecord]:
        """Prepaid purchases for this card that are paid here but not verified on it yet
        (POSTED, PAID_NOT_WRITTEN), oldest first."""
        rows = self._conn.execute(
            "SELECT * FROM payments WHERE card_serial = ? AND purpose = 'prepaid'"
            " AND state IN (?, ?) ORDER BY id",
            (card_serial, TxState.POSTED.value, TxState.PAID_NOT_WRITTEN.value),
        ).fetchall()
        return [_record(row) for row in rows]

    def schema_version(self) -> int:
        """PRAGMA user_version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def note_error(self, out_trade_no: str, error: str) -> JournalRecord:
        """Record the last error (e.g. a failed reversal attempt) without changing the state."""
        with self._transaction():
            self._state(out_trade_no)
            self._conn.execute(
                "UPDATE payments SET last_error = ?, updated_at = ? WHERE out_trade_no = ?",
                (error, _ts(self._clock.wall()), out_trade_no),
            )
        return self.get(out_trade_no)

    def mark_receipt_printed(self, out_trade_no: str, receipt_text: str) -> JournalRecord:
        """Record that the receipt came out (committed right after the print job)."""
        now = _ts(self._clock.wall())
        with self._transaction():
            self._state(out_trade_no)
            self._conn.execute(
                "UPDATE payments SET receipt_printed_at = COALESCE(receipt_printed_at, ?),"
                " receipt_text = ?, updated_at = ? WHERE out_trade_no = ?",
                (now, receipt_text, now, out_trade_no),
            )
        return self.get(out_trade_no)

    def get(self, out_trade_no: str) -> JournalRecord:
        """The transaction with that idempotency key. Raises UnknownTransaction."""
        row = self._conn.execute(
            "SELECT * FROM payments WHERE out_trade_no = ?", (out_trade_no,)
        ).fetchone()
        if row is None:
            raise UnknownTransaction(out_trade_no)
        return _record(row)

    def find_by_reference(self, reference: str) -> JournalRecord | None:
        """The transaction with that customer-facing reference, if any."""
        row = self._conn.execute(
            "SELECT * FROM payments WHERE reference = ?", (reference.strip(),)
        ).fetchone()
        return None if row is None else _record(row)

    def unfinished(self) -> list[JournalRecord]:
        """Transactions still to be resolved, oldest first."""
        marks = ",".join("?" for _ in UNFINISHED)
        rows = self._conn.execute(
            f"SELECT * FROM payments WHERE state IN ({marks}) ORDER BY id",
            [s.value for s in UNFINISHED],
        ).fetchall()
        return [_record(row) for row in rows]

    def list_for_day(self, day: date, tz: tzinfo = UTC) -> list[JournalRecord]:
        """Transactions created on `day` (in time zone `tz`), oldest first."""
        start = datetime.combine(day, time(0), tzinfo=tz)
        rows = self._conn.execute(
            "SELECT * FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (_ts(start), _ts(start + timedelta(days=1))),
        ).fetchall()
        return [_record(row) for row in rows]

    def day_summary(self, day: date, tz: tzinfo = UTC) -> tuple[int, int]:
        """(transactions created on `day` in time zone `tz`, fen taken and kept among them),
        counted by SQLite: the dashboard and the heartbeat need no rows."""
        start = datetime.combine(day, time(0), tzinfo=tz)
        marks = ", ".join("?" for _ in PAID_STATES)
        row = self._conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN state IN ({marks}) THEN amount_fen END), 0) "
            "FROM payments WHERE created_at >= ? AND created_at < ?",
            (*(s.value for s in PAID_STATES), _ts(start), _ts(start + timedelta(days=1))),
        ).fetchone()
        return int(row[0]), int(row[1])

    def count_in_state(self, state: TxState) -> int:
        """Transactions in `state` now, any day (e.g. MANUAL_REVIEW, for staff)."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM payments WHERE state = ?", (state.value,)
        ).fetchone()
        return int(row[0])

    def history(self, out_trade_no: str) -> list[StateChange]:
        """Every state the transaction went through, in order."""
        rows = self._conn.execute(
            "SELECT * FROM state_history WHERE out_trade_no = ? ORDER BY id", (out_trade_no,)
        ).fetchall()
        return [
            StateChange(
                row["out_trade_no"],
                TxState(row["from_state"]) if row["from_state"] else None,
                TxState(row["to_state"]),
                datetime.fromisoformat(row["at"]),
                row["note"],
            )
            for row in rows
        ]

    def _transaction(self) -> _Tx:
        return _Tx(self._conn)

    def _state(self, out_trade_no: str) -> TxState:
        row = self._conn.execute(
            "SELECT state FROM payments WHERE out_trade_no = ?", (out_trade_no,)
        ).fetchone()
        if row is None:
            raise UnknownTransaction(out_trade_no)
        return TxState(row[0])

    def _purpose(self, out_trade_no: str) -> Purpose:
        row = self._conn.execute(
            "SELECT purpose FROM payments WHERE out_trade_no = ?", (out_trade_no,)
        ).fetchone()
        return Purpose(row[0])

    def _history(
        self,
        out_trade_no: str,
        from_state: TxState | None,
        to_state: TxState,
        at: str | None,
        note: str | None,
    ) -> None:
        self._conn.execute(
            "INSERT INTO state_history (out_trade_no, from_state, to_state, at, note)"
            " VALUES (?, ?, ?, ?, ?)",
            (out_trade_no, from_state.value if from_state else None, to_state.value, at, note),
        )


class _Tx:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on an exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("ROLLBACK" if exc_type else "COMMIT")


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to SCHEMA_VERSION: create a new one, or rebuild a version-1 `payments`
    table (its `purpose` CHECK cannot admit 'prepaid' by ALTER) in one transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'payments'"
    ).fetchone()
    # The rebuild drops the table state_history refers to: foreign keys must be off for it (and
    # the pragma is a no-op inside a transaction), then checked before the commit.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if exists:
                conn.execute(_PAYMENTS_TABLE.format(name="payments_v2"))
                conn.execute(
                    f"INSERT INTO payments_v2 ({_V1_COLUMNS}) SELECT {_V1_COLUMNS} FROM payments"
                )
                conn.execute("DROP TABLE payments")
                conn.execute("ALTER TABLE payments_v2 RENAME TO payments")
            else:
                conn.execute(_PAYMENTS_TABLE.format(name="payments"))
            for statement in (_INDEXES + _HISTORY).split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                raise sqlite3.IntegrityError("state history refers to a missing payment")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def _record(row: sqlite3.Row) -> JournalRecord:
    return JournalRecord(
        id=row["id"],
        out_trade_no=row["out_trade_no"],
        reference=row["reference"],
        terminal_id=row["terminal_id"],
        account_no=row["account_no"],
        purpose=Purpose(row["purpose"]),
        amount_fen=row["amount_fen"],
        provider=Provider(row["provider"]),
        state=TxState(row["state"]),
        provider_code=row["provider_code"],
        provider_trade_no=row["provider_trade_no"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        paid_at=_dt(row["paid_at"]),
        deadline=_dt(row["deadline"]),
        receipt_printed_at=_dt(row["receipt_printed_at"]),
        receipt_text=row["receipt_text"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        balance_after_fen=row["balance_after_fen"],
        arrears_after_fen=row["arrears_after_fen"],
        channel=Channel(row["channel"]),
        trace_no=row["trace_no"],
        card_last4=row["card_last4"],
        approval_code=row["approval_code"],
        rrn=row["rrn"],
        card_serial=row["card_serial"],
        meter_no=row["meter_no"],
        purchase_count=row["purchase_count"],
        purchase_mac=row["purchase_mac"],
        written_at=_dt(row["written_at"]),
        written_confirmed_at=_dt(row["written_confirmed_at"]),
    )
