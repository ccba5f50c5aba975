"""The simulator's persistent state: one SQLite file in WAL mode.

All access happens on the event loop's thread (the routes are `async def` and never await between
reading and writing), so one connection is enough and every change is a single transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = "2"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    account_no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    city TEXT NOT NULL,
    tariff_code TEXT NOT NULL,
    tariff_name TEXT NOT NULL,
    balance_fen INTEGER NOT NULL,
    late_fee_fen INTEGER NOT NULL DEFAULT 0,
    retail_company TEXT
);
CREATE TABLE IF NOT EXISTS bills (
    account_no TEXT NOT NULL,
    period TEXT NOT NULL,
    kwh INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    PRIMARY KEY (account_no, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bill_lines (
    account_no TEXT NOT NULL,
    period TEXT NOT NULL,
    line INTEGER NOT NULL,
    label TEXT NOT NULL,
    kwh INTEGER NOT NULL,
    price_li INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (account_no, period, line)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily_readings (
    account_no TEXT NOT NULL,
    day TEXT NOT NULL,
    kwh INTEGER NOT NULL,
    PRIMARY KEY (account_no, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body TEXT NOT NULL,
    body_en TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT
);
CREATE TABLE IF NOT EXISTS wallet_codes (
    code TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    behaviour TEXT NOT NULL,
    issued_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS payments (
    out_trade_no TEXT PRIMARY KEY,
    body_sha256 TEXT,
    provider TEXT NOT NULL,
    account_no TEXT,
    amount_fen INTEGER NOT NULL,
    auth_code_sha256 TEXT,
    state TEXT NOT NULL,
    provider_code TEXT NOT NULL,
    message TEXT NOT NULL,
    pending TEXT,
    provider_trade_no TEXT,
    paid_at TEXT,
    posted INTEGER NOT NULL DEFAULT 0,
    balance_after_fen INTEGER,
    arrears_after_fen INTEGER,
    allocation TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT 'code',
    purpose TEXT NOT NULL DEFAULT 'bill',
    terminal_id TEXT,
    masked_pan TEXT,
    card_auth_code TEXT,
    rrn TEXT,
    trace_no TEXT,
    code_url TEXT,
    expires_at TEXT
);
CREATE INDEX IF NOT EXISTS payments_by_code ON payments (auth_code_sha256);
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
    account_no TEXT NOT NULL,
    provider TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    at TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT 'code'
);
CREATE INDEX IF NOT EXISTS ledger_by_trade ON ledger (out_trade_no);
CREATE UNIQUE INDEX IF NOT EXISTS payments_by_code_url ON payments (code_url);
CREATE TABLE IF NOT EXISTS prepaid_meters (
    meter_no TEXT PRIMARY KEY,
    account_no TEXT NOT NULL REFERENCES accounts (account_no),
    meter_type INTEGER NOT NULL,
    card_serial TEXT NOT NULL UNIQUE,
    purchase_count INTEGER NOT NULL DEFAULT 0,
    remaining_fen INTEGER,
    meter_count INTEGER,
    last_writeback_hex TEXT,
    last_writeback_at TEXT,
    reported_at TEXT
);
CREATE TABLE IF NOT EXISTS prepaid_purchases (
    out_trade_no TEXT PRIMARY KEY,
    body_sha256 TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    card_serial TEXT NOT NULL,
    meter_no TEXT NOT NULL REFERENCES prepaid_meters (meter_no),
    account_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    status TEXT NOT NULL,
    count INTEGER,
    mac TEXT,
    created_at TEXT NOT NULL,
    paid_at TEXT,
    issued_at TEXT,
    written_at TEXT,
    UNIQUE (meter_no, count)
);
CREATE INDEX IF NOT EXISTS purchases_by_meter ON prepaid_purchases (meter_no, created_at);
CREATE TABLE IF NOT EXISTS fleet_terminals (
    terminal_id TEXT PRIMARY KEY,
    heartbeat TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fleet_events (
    terminal_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    device TEXT,
    detail TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (terminal_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reconciliation_reports (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    day TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reconciliations_by_terminal
    ON reconciliation_reports (terminal_id, received_at);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the simulator database with its schema."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    _add_columns(conn)
    conn.executescript(SCHEMA)
    return conn


# Columns added after schema 1: a database made by an older simulator gains them on open.
_ADDED_COLUMNS = {
    "payments": (
        "method TEXT NOT NULL DEFAULT 'code'",
        "purpose TEXT NOT NULL DEFAULT 'bill'",
        "terminal_id TEXT",
        "masked_pan TEXT",
        "card_auth_code TEXT",
        "rrn TEXT",
        "trace_no TEXT",
        "code_url TEXT",
        "expires_at TEXT",
    ),
    "ledger": ("method TEXT NOT NULL DEFAULT 'code'",),
}


def _add_columns(conn: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not have:
            continue  # a new database: the schema creates the table whole
        for column in columns:
            if column.split()[0] not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """A value from the meta table."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def bill_status(amount_fen: int, paid_fen: int) -> str:
    """unpaid | partly_paid | paid."""
    if paid_fen >= amount_fen:
        return "paid"
    return "partly_paid" if paid_fen > 0 else "unpaid"


def arrears_of(conn: sqlite3.Connection, account_no: str) -> int:
    """Unpaid bill amounts plus the late fee owed."""
    row = conn.execute(
        "SELECT COALESCE(SUM(amount_fen - paid_fen), 0) AS owed FROM bills"
        " WHERE account_no = ? AND paid_fen < amount_fen",
        (account_no,),
    ).fetchone()
    fee = conn.execute(
        "SELECT late_fee_fen FROM accounts WHERE account_no = ?", (account_no,)
    ).fetchone()
    return int(row["owed"]) + (int(fee["late_fee_fen"]) if fee else 0)
