"""Day-end settlement and reconciliation reports in the back-office simulator.

The settlement is built from the simulator's own payments table, which holds every channel a
terminal can take money through, with the terminal's id: payment codes (method "code", reported
as the provider: wechat / alipay), terminal-shown QR orders ("qr": wechat_qr / alipay_qr), bank
cards ("card": unionpay); prepaid purchases are paid through those same rows with purpose
"prepaid". A line is an order that took money (paid_at set) on the hall's local day (China,
UTC+8): "paid", or "reversed" once refunded by a reversal.

Controls seed a mismatch for reconciliation tests: a line the back office "lost", a line with
another amount, a line the terminal never took.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from pydantic import BaseModel, Field

from kiosk.backoffice.fleet_models import (
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
    SettlementLine,
)
from simulators.backoffice import db
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.fleet import ReconciliationSummary
from simulators.backoffice.payments import body_digest

CHINA = timezone(timedelta(hours=8))
_STATE_OF = {"success": "paid", "reversed": "reversed"}
METHODS = ("wechat", "alipay", "wechat_qr", "alipay_qr", "unionpay")


class ExtraLine(BaseModel):
    """Body of POST /_sim/settlement/extra: a payment the terminal never took."""

    terminal_id: str
    method: str = Field(pattern=r"^(wechat|alipay|wechat_qr|alipay_qr|unionpay)$")
    amount_fen: int = Field(gt=0)


@dataclass
class SettlementControls:
    """Seeded differences between the back office's settlement and the terminal's journal."""

    omitted: set[str] = field(default_factory=set)
    amounts: dict[str, int] = field(default_factory=dict)
    extras: list[tuple[str, SettlementLine]] = field(default_factory=list)  # (terminal, line)

    def add_extra(self, request: ExtraLine, now: datetime) -> SettlementLine:
        """A settled payment, taken "now", that no terminal journal has."""
        line = SettlementLine(
            out_trade_no=f"SIMEXTRA{len(self.extras) + 1:06d}",
            method=request.method,
            purpose="bill",
            amount_fen=request.amount_fen,
            state="paid",
            at=now,
        )
        self.extras.append((request.terminal_id, line))
        return line

    def reset(self) -> None:
        """No seeded differences."""
        self.omitted.clear()
        self.amounts.clear()
        self.extras.clear()


class SettlementControlsView(BaseModel):
    """The seeded differences now (answer of the /_sim/settlement controls)."""

    omitted: list[str]
    amounts: dict[str, int]
    extras: list[SettlementLine]


def controls_view(controls: SettlementControls) -> SettlementControlsView:
    """A snapshot for the answer."""
    return SettlementControlsView(
        omitted=sorted(controls.omitted),
        amounts=dict(controls.amounts),
        extras=[line for _, line in controls.extras],
    )


def method_of(row: sqlite3.Row) -> str:
    """The PayMethod value of a payments row."""
    if row["method"] == "card":
        return "unionpay"
    if row["method"] == "qr":
        return f"{row['provider']}_qr"
    return str(row["provider"])


def _on_day(at: datetime, day: date) -> bool:
    start = datetime.combine(day, time(0), CHINA)
    return start <= at < start + timedelta(days=1)


def settlement(
    conn: sqlite3.Connection, controls: SettlementControls, terminal_id: str, day: date
) -> Settlement:
    """What the back office settled for `terminal_id` on `day`, ordered by time."""
    lines: list[SettlementLine] = []
    rows = conn.execute(
        "SELECT * FROM payments WHERE terminal_id = ? AND paid_at IS NOT NULL", (terminal_id,)
    )
    for row in rows:
        paid_at = datetime.fromisoformat(row["paid_at"])
        state = _STATE_OF.get(row["state"])
        if state is None or not _on_day(paid_at, day) or row["out_trade_no"] in controls.omitted:
            continue
        lines.append(
            SettlementLine(
                out_trade_no=row["out_trade_no"],
                method=method_of(row),
                purpose=row["purpose"],
                amount_fen=controls.amounts.get(row["out_trade_no"], int(row["amount_fen"])),
                state=state,
                at=paid_at,
            )
        )
    lines.extend(
        line
        for terminal, line in controls.extras
        if terminal == terminal_id and _on_day(line.at, day)
    )
    lines.sort(key=lambda line: (line.at, line.out_trade_no))
    return Settlement(terminal_id=terminal_id, day=day, lines=lines)


# -- reconciliation reports ---------------------------------------------------------------------
class StoredReconciliation(BaseModel):
    """A reconciliation report as stored (GET /_sim/reconciliations)."""

    report_id: str
    idempotency_key: str
    received_at: datetime
    report: ReconciliationReport


def store_reconciliation(
    conn: sqlite3.Connection, report: ReconciliationReport, key: str, now: datetime
) -> ReconciliationAck:
    """Store the report once per Idempotency-Key: the same key and body again answers the
    stored acknowledgement; the same key with another body is 409 IDEMPOTENCY_CONFLICT."""
    digest = body_digest(report)
    with db.transaction(conn):
        known = conn.execute(
            "SELECT id, body_sha256, received_at FROM reconciliation_reports"
            " WHERE idempotency_key = ?",
            (key,),
        ).fetchone()
        if known is not None:
            if known["body_sha256"] != digest:
                raise ApiProblem(
                    409, "IDEMPOTENCY_CONFLICT", "this Idempotency-Key was used with another report"
                )
            return ReconciliationAck(
                report_id=known["id"], received_at=datetime.fromisoformat(known["received_at"])
            )
        count = conn.execute("SELECT COUNT(*) AS n FROM reconciliation_reports").fetchone()
        report_id = f"RC{int(count['n']) + 1:08d}"
        conn.execute(
            "INSERT INTO reconciliation_reports"
            " (id, terminal_id, day, idempotency_key, body_sha256, body, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                report_id,
                report.terminal_id,
                report.day.isoformat(),
                key,
                digest,
                report.model_dump_json(),
                now.isoformat(),
            ),
        )
    return ReconciliationAck(report_id=report_id, received_at=now)


def reconciliations(conn: sqlite3.Connection) -> list[StoredReconciliation]:
    """Every stored report, oldest first."""
    rows = conn.execute("SELECT * FROM reconciliation_reports ORDER BY rowid")
    return [
        StoredReconciliation(
            report_id=row["id"],
            idempotency_key=row["idempotency_key"],
            received_at=datetime.fromisoformat(row["received_at"]),
            report=ReconciliationReport.model_validate_json(row["body"]),
        )
        for row in rows
    ]


def last_reconciliations(conn: sqlite3.Connection) -> dict[str, ReconciliationSummary]:
    """Each terminal's latest report, summarised for the fleet page."""
    latest: dict[str, ReconciliationSummary] = {}
    for stored in reconciliations(conn):
        latest[stored.report.terminal_id] = ReconciliationSummary(
            report_id=stored.report_id,
            day=stored.report.day.isoformat(),
            balanced=stored.report.balanced,
            differences=len(stored.report.differences),
            received_at=stored.received_at,
        )
    return latest
