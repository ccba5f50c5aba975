"""Read-only views of the simulator's books: account summaries, bill codes, notices, samples."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from pydantic import BaseModel

from kiosk.backoffice.models import (
    AccountKind,
    AccountSummary,
    Bill,
    BillCodeLookup,
    Notice,
    TierLine,
)
from simulators.backoffice import db
from simulators.backoffice.codes import bill_barcode, bill_qr_text, parse_bill_code

BILLS_SHOWN = 12


class SampleAccount(BaseModel):
    """An account as the hardware panel, the tour and tests pick one (GET /_sim/accounts)."""

    account_no: str
    name: str
    kind: AccountKind
    region: str
    city: str
    tariff_name: str
    arrears_fen: int
    balance_fen: int
    retail_company: str | None
    latest_period: str
    bill_barcode: str
    bill_qr: str
    unpaid_periods: list[str]


def _bills(conn: sqlite3.Connection, account_no: str) -> list[Bill]:
    rows = conn.execute(
        "SELECT * FROM bills WHERE account_no = ? ORDER BY period DESC LIMIT ?",
        (account_no, BILLS_SHOWN),
    ).fetchall()
    if not rows:
        return []
    lines: dict[str, list[TierLine]] = {}
    for line in conn.execute(
        "SELECT * FROM bill_lines WHERE account_no = ? AND period >= ? AND label LIKE 'tier%'"
        " ORDER BY period, line",
        (account_no, rows[-1]["period"]),
    ):
        lines.setdefault(line["period"], []).append(
            TierLine(
                tier=int(line["label"][4:]),
                kwh=line["kwh"],
                price_li=line["price_li"],
                amount_fen=line["amount_fen"],
            )
        )
    return [
        Bill(
            period=row["period"],
            kwh=row["kwh"],
            amount_fen=row["amount_fen"],
            paid_fen=row["paid_fen"],
            due_date=date.fromisoformat(row["due_date"]),
            status=db.bill_status(row["amount_fen"], row["paid_fen"]),
            tiers=lines.get(row["period"], []),
        )
        for row in rows
    ]


def account_summary(conn: sqlite3.Connection, account_no: str) -> AccountSummary | None:
    """The account with its last 12 bills, latest first; None if there is no such account."""
    row = conn.execute("SELECT * FROM accounts WHERE account_no = ?", (account_no,)).fetchone()
    if row is None:
        return None
    kind = AccountKind(row["kind"])
    return AccountSummary(
        account_no=row["account_no"],
        name=row["name"],
        address=row["address"],
        kind=kind,
        region=row["region"],
        tariff_name=row["tariff_name"],
        arrears_fen=db.arrears_of(conn, account_no),
        balance_fen=row["balance_fen"],
        retail_company=row["retail_company"],
        bills=_bills(conn, account_no),
        # prepaid credit and residential deposits (预存电费) take any amount; businesses pay bills
        topup_allowed=kind in (AccountKind.PREPAID, AccountKind.RESIDENTIAL),
    )


def lookup_bill_code(conn: sqlite3.Connection, code: str) -> BillCodeLookup | None:
    """The account and month behind a paper bill's barcode or QR; None if not one of ours."""
    parsed = parse_bill_code(code)
    if parsed is None:
        return None
    exists = conn.execute(
        "SELECT 1 FROM bills WHERE account_no = ? AND period = ?",
        (parsed.account_no, parsed.period),
    ).fetchone()
    return BillCodeLookup(account_no=parsed.account_no, period=parsed.period) if exists else None


def notices(conn: sqlite3.Connection) -> list[Notice]:
    """All hall notices, newest start first."""
    return [
        Notice(
            id=row["id"],
            title=row["title"],
            title_en=row["title_en"],
            body=row["body"],
            body_en=row["body_en"],
            starts=datetime.fromisoformat(row["starts"]),
            ends=datetime.fromisoformat(row["ends"]) if row["ends"] else None,
        )
        for row in conn.execute("SELECT * FROM notices ORDER BY starts DESC, id")
    ]


def sample_accounts(
    conn: sqlite3.Connection,
    kind: AccountKind | None,
    in_arrears: bool | None,
    region: str | None,
    limit: int,
) -> list[SampleAccount]:
    """Accounts matching the filters, in account-number order, with their latest bill codes."""
    sql = "SELECT * FROM accounts WHERE 1 = 1"
    args: list[str] = []
    if kind is not None:
        sql += " AND kind = ?"
        args.append(kind.value)
    if region is not None:
        sql += " AND region = ?"
        args.append(region)
    samples: list[SampleAccount] = []
    for row in conn.execute(sql + " ORDER BY account_no", args).fetchall():
        arrears = db.arrears_of(conn, row["account_no"])
        if in_arrears is not None and (arrears > 0) != in_arrears:
            continue
        periods = conn.execute(
            "SELECT period, paid_fen < amount_fen AS unpaid FROM bills WHERE account_no = ?"
            " ORDER BY period DESC",
            (row["account_no"],),
        ).fetchall()
        latest = periods[0]["period"]
        samples.append(
            SampleAccount(
                account_no=row["account_no"],
                name=row["name"],
                kind=AccountKind(row["kind"]),
                region=row["region"],
                city=row["city"],
                tariff_name=row["tariff_name"],
                arrears_fen=arrears,
                balance_fen=row["balance_fen"],
                retail_company=row["retail_company"],
                latest_period=latest,
                bill_barcode=bill_barcode(row["account_no"], latest),
                bill_qr=bill_qr_text(row["account_no"], latest),
                unpaid_periods=sorted(p["period"] for p in periods if p["unpaid"]),
            )
        )
        if len(samples) >= limit:
            break
    return samples
