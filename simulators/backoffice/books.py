"""The back office's books: crediting an account for a paid order, taking it back on a refund,
and the ledger of every movement of money (one charge or refund row each, with its method)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from kiosk.backoffice.models import Provider
from simulators.backoffice import db, prepaid


class LedgerRow(BaseModel):
    """One movement of money in the back office's books."""

    id: int
    out_trade_no: str
    kind: str  # charge | refund
    account_no: str
    provider: Provider
    amount_fen: int
    at: datetime
    method: str = "code"  # code (payment code) | qr (terminal-shown QR) | card (bank card)


def ledger(conn: sqlite3.Connection, out_trade_no: str | None = None) -> list[LedgerRow]:
    """Ledger rows, oldest first, optionally of one order."""
    sql = "SELECT * FROM ledger"
    args: tuple[str, ...] = ()
    if out_trade_no is not None:
        sql += " WHERE out_trade_no = ?"
        args = (out_trade_no,)
    rows = conn.execute(sql + " ORDER BY id", args).fetchall()
    return [LedgerRow.model_validate(dict(r)) for r in rows]


def post(conn: sqlite3.Connection, order: sqlite3.Row, now: datetime, paid_at: datetime) -> None:
    """Credit the account: late fee, then unpaid bills oldest first, then the balance; a
    prepaid purchase's money buys the purchase instead (the meter holds that credit)."""
    account_no = str(order["account_no"])
    if order["purpose"] == "prepaid":
        _book_prepaid(conn, order, now, paid_at)
        return
    rest = int(order["amount_fen"])
    account = conn.execute(
        "SELECT late_fee_fen, balance_fen FROM accounts WHERE account_no = ?", (account_no,)
    ).fetchone()
    to_fee = min(rest, int(account["late_fee_fen"]))
    rest -= to_fee
    to_bills: dict[str, int] = {}
    for bill in conn.execute(
        "SELECT period, amount_fen - paid_fen AS owed FROM bills"
        " WHERE account_no = ? AND paid_fen < amount_fen ORDER BY period",
        (account_no,),
    ).fetchall():
        if rest == 0:
            break
        part = min(rest, int(bill["owed"]))
        to_bills[bill["period"]] = part
        rest -= part
    _apply(conn, account_no, to_fee, to_bills, rest, sign=1)
    allocation = {"late_fee": to_fee, "bills": to_bills, "balance": rest}
    _book_charge(conn, order, now, paid_at, allocation)


def _book_prepaid(
    conn: sqlite3.Connection, order: sqlite3.Row, now: datetime, paid_at: datetime
) -> None:
    prepaid.mark_paid(conn, order["out_trade_no"], now)
    _book_charge(conn, order, now, paid_at, {"late_fee": 0, "bills": {}, "balance": 0})


def _book_charge(
    conn: sqlite3.Connection,
    order: sqlite3.Row,
    now: datetime,
    paid_at: datetime,
    allocation: dict[str, Any],
) -> None:
    account_no = str(order["account_no"])
    conn.execute(
        "INSERT INTO ledger (out_trade_no, kind, account_no, provider, amount_fen, at, method)"
        " VALUES (?, 'charge', ?, ?, ?, ?, ?)",
        (
            order["out_trade_no"],
            account_no,
            order["provider"],
            order["amount_fen"],
            now.isoformat(),
            order["method"],
        ),
    )
    balance, arrears = _position(conn, account_no)
    conn.execute(
        "UPDATE payments SET posted = 1, paid_at = ?, provider_trade_no = ?, allocation = ?,"
        " balance_after_fen = ?, arrears_after_fen = ? WHERE out_trade_no = ?",
        (
            paid_at.isoformat(),
            order["provider_trade_no"] or _trade_no(order, now),
            json.dumps(allocation),
            balance,
            arrears,
            order["out_trade_no"],
        ),
    )


def refund(conn: sqlite3.Connection, order: sqlite3.Row, now: datetime) -> None:
    """Take back exactly what `_post` credited, and book the refund."""
    account_no = str(order["account_no"])
    allocation: dict[str, Any] = json.loads(order["allocation"])
    _apply(
        conn,
        account_no,
        allocation["late_fee"],
        allocation["bills"],
        allocation["balance"],
        sign=-1,
    )
    conn.execute(
        "INSERT INTO ledger (out_trade_no, kind, account_no, provider, amount_fen, at, method)"
        " VALUES (?, 'refund', ?, ?, ?, ?, ?)",
        (
            order["out_trade_no"],
            account_no,
            order["provider"],
            order["amount_fen"],
            now.isoformat(),
            order["method"],
        ),
    )
    balance, arrears = _position(conn, account_no)
    conn.execute(
        "UPDATE payments SET posted = 0, balance_after_fen = ?, arrears_after_fen = ?"
        " WHERE out_trade_no = ?",
        (balance, arrears, order["out_trade_no"]),
    )


def _apply(
    conn: sqlite3.Connection,
    account_no: str,
    fee: int,
    bills: dict[str, int],
    balance: int,
    sign: int,
) -> None:
    conn.execute(
        "UPDATE accounts SET late_fee_fen = late_fee_fen - ?, balance_fen = balance_fen + ?"
        " WHERE account_no = ?",
        (sign * fee, sign * balance, account_no),
    )
    conn.executemany(
        "UPDATE bills SET paid_fen = paid_fen + ? WHERE account_no = ? AND period = ?",
        [(sign * part, account_no, period) for period, part in bills.items()],
    )


def _position(conn: sqlite3.Connection, account_no: str) -> tuple[int, int]:
    row = conn.execute(
        "SELECT balance_fen FROM accounts WHERE account_no = ?", (account_no,)
    ).fetchone()
    return int(row["balance_fen"]), db.arrears_of(conn, account_no)


def _trade_no(order: sqlite3.Row, now: datetime) -> str:
    digits = str(int(hashlib.sha256(str(order["out_trade_no"]).encode()).hexdigest(), 16))[:16]
    day = now.strftime("%Y%m%d")
    if order["provider"] == Provider.WECHAT.value:
        return f"4200{day}{digits}"
    return f"{day}22001{digits[:15]}"
