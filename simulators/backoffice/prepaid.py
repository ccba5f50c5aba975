"""Prepaid meter cards (购电) at the back office: meters, purchases, issuing the record and MAC.

A purchase moves AWAITING_PAYMENT → PAID (a payment with purpose "prepaid" and the purchase's
`out_trade_no` succeeded) → ISSUED (count and MAC handed out) → WRITTEN (the terminal read it
back from the card), or to CANCELLED when its payment failed, closed or was refunded. Counts are
given out one by one per meter, so a count names exactly one purchase: the meter's anti-replay
rule (card count = meter count + 1) then makes a purchase load once, and a paid purchase that
never reached the card stays pending until a terminal writes it (补写卡).

Helpers named `mark_*` and `check_*` run inside the payment engine's transaction and never open
their own; the route-level functions open one.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import cast

from pydantic import BaseModel

from kiosk.backoffice.models import (
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PrepaidPurchase,
    PurchaseRecord,
    PurchaseStatus,
    WrittenReport,
)
from simulators.backoffice import db, queries
from simulators.backoffice.errors import ApiProblem
from simulators.card_keys import purchase_mac

MIN_PURCHASE_FEN = 1_000  # 10.00 yuan
MAX_PURCHASE_FEN = 200_000  # 2000.00 yuan
LAST_PURCHASES = 5

# (meter_no, account_no, meter_type, card_serial): the card simulator's catalogue has the same.
SEEDED_METERS = (
    ("440300000001", "1163465493", 1, "5A10000000000001"),
    ("440300000002", "1160549257", 1, "5A10000000000002"),
    ("440300000003", "1160826598", 1, "5A10000000000003"),
    ("440300000004", "1188229866", 1, "5A10000000000004"),
    ("440300100001", "1274140696", 3, "5A10000000100001"),
)
UNWRITTEN = (PurchaseStatus.PAID.value, PurchaseStatus.ISSUED.value)
BOUGHT = (*UNWRITTEN, PurchaseStatus.WRITTEN.value)


class MeterView(BaseModel):
    """A meter as GET /_sim/prepaid/meters shows it."""

    meter_no: str
    account_no: str
    meter_type: int
    card_serial: str
    purchase_count: int
    remaining_fen: int | None
    meter_count: int | None
    last_writeback_hex: str | None
    last_writeback_at: datetime | None
    reported_at: datetime | None


class PurchaseView(BaseModel):
    """A purchase as GET /_sim/prepaid/purchases shows it (with its MAC)."""

    out_trade_no: str
    terminal_id: str
    card_serial: str
    meter_no: str
    account_no: str
    amount_fen: int
    status: PurchaseStatus
    count: int | None
    mac: str | None
    created_at: datetime
    paid_at: datetime | None
    issued_at: datetime | None
    written_at: datetime | None


def seed_meters(conn: sqlite3.Connection) -> None:
    """Add the seeded meters that are missing; a fresh meter remembers the account's balance
    as its remaining credit, as a fresh card's write-back record says."""
    for meter_no, account_no, meter_type, serial in SEEDED_METERS:
        conn.execute(
            "INSERT OR IGNORE INTO prepaid_meters (meter_no, account_no, meter_type, card_serial,"
            " remaining_fen, meter_count) SELECT ?, account_no, ?, ?, balance_fen, 0"
            " FROM accounts WHERE account_no = ?",
            (meter_no, meter_type, serial, account_no),
        )


def reset_meter(conn: sqlite3.Connection, meter_no: str) -> MeterView:
    """Back to the seeded state: count 0, no purchases, no write-back filed (test isolation)."""
    meter = _meter(conn, meter_no)
    with db.transaction(conn):
        conn.execute("DELETE FROM prepaid_purchases WHERE meter_no = ?", (meter_no,))
        conn.execute(
            "UPDATE prepaid_meters SET purchase_count = 0, meter_count = 0, remaining_fen ="
            " (SELECT balance_fen FROM accounts WHERE account_no = ?), last_writeback_hex = NULL,"
            " last_writeback_at = NULL, reported_at = NULL WHERE meter_no = ?",
            (meter["account_no"], meter_no),
        )
    return meters(conn, meter_no)[0]


def meters(conn: sqlite3.Connection, meter_no: str | None = None) -> list[MeterView]:
    """Every meter (or one), in meter-number order."""
    sql, args = "SELECT * FROM prepaid_meters", cast(tuple[str, ...], ())
    if meter_no is not None:
        sql, args = sql + " WHERE meter_no = ?", (meter_no,)
    return [MeterView.model_validate(dict(r)) for r in conn.execute(sql + " ORDER BY 1", args)]


def purchases(conn: sqlite3.Connection, meter_no: str | None = None) -> list[PurchaseView]:
    """Purchases, oldest first, optionally of one meter."""
    sql, args = "SELECT * FROM prepaid_purchases", cast(tuple[str, ...], ())
    if meter_no is not None:
        sql, args = sql + " WHERE meter_no = ?", (meter_no,)
    rows = conn.execute(sql + " ORDER BY created_at, rowid", args)
    return [PurchaseView.model_validate(dict(r)) for r in rows]


# -- the card ---------------------------------------------------------------------------------
def read_card(
    conn: sqlite3.Connection, report: PrepaidCardReport, now: datetime
) -> PrepaidCardInfo:
    """Check the card against the meter's records, file its write-back record, and say what
    the meter's account has, bought lately and still has to write."""
    meter = _meter_of_card(conn, report.meter_no, report.card_serial)
    if report.wallet_count > meter["purchase_count"]:
        raise ApiProblem(
            409, "CARD_MISMATCH", "the card carries more purchases than were issued for its meter"
        )
    record = report.write_back
    if record is not None:
        if record.meter_no != meter["meter_no"] or record.account_no != meter["account_no"]:
            raise ApiProblem(
                409, "CARD_MISMATCH", "the write-back record names another meter or account"
            )
        if record.meter_count > meter["purchase_count"]:
            raise ApiProblem(
                409, "CARD_MISMATCH", "the meter loaded more purchases than were issued"
            )
        with db.transaction(conn):
            conn.execute(
                "UPDATE prepaid_meters SET remaining_fen = ?, meter_count = ?,"
                " last_writeback_hex = ?, last_writeback_at = ?, reported_at = ?"
                " WHERE meter_no = ?",
                (
                    record.remaining_fen,
                    record.meter_count,
                    record.raw_hex,
                    record.written_at.isoformat() if record.written_at else None,
                    now.isoformat(),
                    meter["meter_no"],
                ),
            )
    meter = _meter(conn, report.meter_no)
    account = queries.account_summary(conn, meter["account_no"])
    if account is None:  # pragma: no cover - the foreign key keeps them together
        raise ApiProblem(500, "INTERNAL", "meter without account")
    bought = ",".join("?" * len(BOUGHT))
    latest = conn.execute(
        f"SELECT * FROM prepaid_purchases WHERE meter_no = ? AND status IN ({bought})"
        " ORDER BY created_at DESC, rowid DESC LIMIT ?",
        (meter["meter_no"], *BOUGHT, LAST_PURCHASES),
    ).fetchall()
    unwritten = ",".join("?" * len(UNWRITTEN))
    # Oldest first, and issued counts in order: the card takes them only one after another.
    pending = conn.execute(
        f"SELECT * FROM prepaid_purchases WHERE meter_no = ? AND status IN ({unwritten})"
        " ORDER BY count IS NULL, count, created_at, rowid",
        (meter["meter_no"], *UNWRITTEN),
    ).fetchall()
    return PrepaidCardInfo(
        account=account,
        meter_no=meter["meter_no"],
        purchase_count=meter["purchase_count"],
        remaining_fen=meter["remaining_fen"],
        last_purchases=[_purchase(r) for r in latest],
        pending=[_purchase(r) for r in pending],
        min_purchase_fen=MIN_PURCHASE_FEN,
        max_purchase_fen=MAX_PURCHASE_FEN,
    )


# -- purchases --------------------------------------------------------------------------------
def create_order(
    conn: sqlite3.Connection, request: PrepaidOrderRequest, digest: str, now: datetime
) -> PrepaidPurchase:
    """Open a purchase awaiting payment; the same key and body answers the stored purchase."""
    row = _purchase_row(conn, request.out_trade_no)
    if row is not None:
        if row["body_sha256"] != digest:
            raise ApiProblem(
                409, "IDEMPOTENCY_CONFLICT", "this out_trade_no was used with another request"
            )
        return _purchase(row)
    meter = _meter_of_card(conn, request.meter_no, request.card_serial)
    if request.account_no != meter["account_no"]:
        raise ApiProblem(409, "CARD_MISMATCH", "the meter belongs to another account")
    if not MIN_PURCHASE_FEN <= request.amount_fen <= MAX_PURCHASE_FEN:
        raise ApiProblem(
            422,
            "AMOUNT_OUT_OF_RANGE",
            f"a purchase is {MIN_PURCHASE_FEN} to {MAX_PURCHASE_FEN} fen",
        )
    unwritten = ",".join("?" * len(UNWRITTEN))
    if conn.execute(
        f"SELECT 1 FROM prepaid_purchases WHERE meter_no = ? AND status IN ({unwritten})",
        (request.meter_no, *UNWRITTEN),
    ).fetchone():
        raise ApiProblem(
            409, "PENDING_PURCHASE", "a paid purchase for this meter is not on the card yet"
        )
    if conn.execute(
        "SELECT 1 FROM payments WHERE out_trade_no = ?", (request.out_trade_no,)
    ).fetchone():
        raise ApiProblem(
            409, "IDEMPOTENCY_CONFLICT", "this out_trade_no was used for another payment"
        )
    with db.transaction(conn):
        conn.execute(
            "INSERT INTO prepaid_purchases (out_trade_no, body_sha256, terminal_id, card_serial,"
            " meter_no, account_no, amount_fen, status, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request.out_trade_no,
                digest,
                request.terminal_id,
                request.card_serial,
                request.meter_no,
                request.account_no,
                request.amount_fen,
                PurchaseStatus.AWAITING_PAYMENT.value,
                now.isoformat(),
            ),
        )
    return _purchase(_must_purchase(conn, request.out_trade_no))


def issue(conn: sqlite3.Connection, out_trade_no: str, now: datetime) -> PurchaseRecord:
    """The record to write: the first call takes the meter's next count and computes the MAC;
    later calls answer the same record."""
    row = _must_purchase(conn, out_trade_no)
    status = PurchaseStatus(row["status"])
    if status is PurchaseStatus.PAID:
        meter = _meter(conn, row["meter_no"])
        count = int(meter["purchase_count"]) + 1
        mac = purchase_mac(bytes.fromhex(row["card_serial"]), int(row["amount_fen"]), count)
        with db.transaction(conn):
            conn.execute(
                "UPDATE prepaid_meters SET purchase_count = ? WHERE meter_no = ?",
                (count, row["meter_no"]),
            )
            conn.execute(
                "UPDATE prepaid_purchases SET status = ?, count = ?, mac = ?, issued_at = ?"
                " WHERE out_trade_no = ?",
                (
                    PurchaseStatus.ISSUED.value,
                    count,
                    mac.hex().upper(),
                    now.isoformat(),
                    out_trade_no,
                ),
            )
        row = _must_purchase(conn, out_trade_no)
    elif status not in (PurchaseStatus.ISSUED, PurchaseStatus.WRITTEN):
        raise ApiProblem(409, "NOT_PAID", f"the purchase is {status.value}, not paid")
    return PurchaseRecord(
        out_trade_no=row["out_trade_no"],
        card_serial=row["card_serial"],
        meter_no=row["meter_no"],
        amount_fen=row["amount_fen"],
        count=row["count"],
        mac=row["mac"],
    )


def confirm_written(
    conn: sqlite3.Connection, out_trade_no: str, report: WrittenReport, now: datetime
) -> PrepaidPurchase:
    """The terminal read the purchase back from the card: WRITTEN. Idempotent."""
    row = _must_purchase(conn, out_trade_no)
    status = PurchaseStatus(row["status"])
    if status not in (PurchaseStatus.ISSUED, PurchaseStatus.WRITTEN):
        raise ApiProblem(409, "NOT_ISSUED", f"the purchase is {status.value}, not issued")
    if report.card_serial != row["card_serial"]:
        raise ApiProblem(409, "CARD_MISMATCH", "the purchase was issued for another card")
    if report.count != row["count"]:
        raise ApiProblem(409, "COUNT_MISMATCH", "the card's count is not the issued count")
    if status is PurchaseStatus.ISSUED:
        with db.transaction(conn):
            conn.execute(
                "UPDATE prepaid_purchases SET status = ?, written_at = ? WHERE out_trade_no = ?",
                (PurchaseStatus.WRITTEN.value, now.isoformat(), out_trade_no),
            )
    return _purchase(_must_purchase(conn, out_trade_no))


# -- payments' side (inside the payment engine's transaction) ---------------------------------
def check_payable(
    conn: sqlite3.Connection, out_trade_no: str, account_no: str, amount_fen: int
) -> None:
    """A payment with purpose "prepaid" must pay exactly an open purchase of that account."""
    row = _purchase_row(conn, out_trade_no)
    if row is None:
        raise ApiProblem(
            409, "NO_PREPAID_ORDER", "no prepaid purchase with this out_trade_no: open one first"
        )
    if row["account_no"] != account_no:
        raise ApiProblem(409, "ACCOUNT_MISMATCH", "the purchase is for another account")
    if row["amount_fen"] != amount_fen:
        raise ApiProblem(409, "AMOUNT_MISMATCH", "the amount is not the purchase's amount")
    if row["status"] != PurchaseStatus.AWAITING_PAYMENT.value:
        raise ApiProblem(409, "PURCHASE_NOT_PAYABLE", f"the purchase is {row['status']}")


def mark_paid(conn: sqlite3.Connection, out_trade_no: str, now: datetime) -> None:
    """The purchase's payment succeeded."""
    conn.execute(
        "UPDATE prepaid_purchases SET status = ?, paid_at = ? WHERE out_trade_no = ?"
        " AND status IN (?, ?)",
        (
            PurchaseStatus.PAID.value,
            now.isoformat(),
            out_trade_no,
            PurchaseStatus.AWAITING_PAYMENT.value,
            PurchaseStatus.CANCELLED.value,
        ),
    )


def mark_cancelled(conn: sqlite3.Connection, out_trade_no: str) -> None:
    """The purchase's payment failed, was closed, or was refunded before issue."""
    conn.execute(
        "UPDATE prepaid_purchases SET status = ? WHERE out_trade_no = ? AND status IN (?, ?)",
        (
            PurchaseStatus.CANCELLED.value,
            out_trade_no,
            PurchaseStatus.AWAITING_PAYMENT.value,
            PurchaseStatus.PAID.value,
        ),
    )


def check_refundable(conn: sqlite3.Connection, out_trade_no: str) -> None:
    """Money for an issued purchase stays taken: the record may already be on the card, and it
    will be written on the card's next insertion anyway."""
    row = _purchase_row(conn, out_trade_no)
    if row is not None and row["status"] in (
        PurchaseStatus.ISSUED.value,
        PurchaseStatus.WRITTEN.value,
    ):
        raise ApiProblem(
            409, "PURCHASE_ISSUED", "the purchase was issued for the card: finish writing it"
        )


# -- rows -------------------------------------------------------------------------------------
def _meter(conn: sqlite3.Connection, meter_no: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM prepaid_meters WHERE meter_no = ?", (meter_no,)
    ).fetchone()
    if row is None:
        raise ApiProblem(404, "CARD_UNKNOWN", "no prepaid meter with this number")
    return row


def _meter_of_card(conn: sqlite3.Connection, meter_no: str, card_serial: str) -> sqlite3.Row:
    meter = _meter(conn, meter_no)
    if meter["card_serial"] != card_serial:
        raise ApiProblem(404, "CARD_UNKNOWN", "this card was not issued for this meter")
    return meter


def _purchase_row(conn: sqlite3.Connection, out_trade_no: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM prepaid_purchases WHERE out_trade_no = ?", (out_trade_no,)
    ).fetchone()
    return row


def _must_purchase(conn: sqlite3.Connection, out_trade_no: str) -> sqlite3.Row:
    row = _purchase_row(conn, out_trade_no)
    if row is None:
        raise ApiProblem(404, "PURCHASE_NOT_FOUND", "no prepaid purchase with this out_trade_no")
    return row


def _purchase(row: sqlite3.Row) -> PrepaidPurchase:
    return PrepaidPurchase(
        out_trade_no=row["out_trade_no"],
        terminal_id=row["terminal_id"],
        amount_fen=row["amount_fen"],
        status=PurchaseStatus(row["status"]),
        count=row["count"],
        created_at=datetime.fromisoformat(row["created_at"]),
        written_at=datetime.fromisoformat(row["written_at"]) if row["written_at"] else None,
    )
