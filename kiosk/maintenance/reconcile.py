"""Day-end reconciliation: the day's journal against the back office's settlement.

Both sides are reduced to one line per order number (out_trade_no) with its method, amount in
integer fen, and whether the money was kept ("paid") or given back ("refunded", "reversed"); the
totals per method count what was kept, and every order that does not agree is listed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drivers.interfaces import DeviceError
from kiosk.backoffice.fleet_models import (
    DifferenceKind,
    MethodTotal,
    ReconciliationAck,
    ReconciliationDifference,
    ReconciliationReport,
    Settlement,
)
from kiosk.flows.devices import ready_printer
from kiosk.flows.ports import PayMethod
from kiosk.journal import PAID_STATES, JournalRecord, PaymentJournal, TxState, UnknownTransaction
from kiosk.maintenance.context import MaintenanceContext
from kiosk.maintenance.journal_view import pay_method
from kiosk.maintenance.reprint import printer_access
from kiosk.money import format_yuan
from kiosk.receipt import Pair, Receipt, ReceiptItem, Rule, Text
from kiosk.receipts import CHINA_TIME

PAID = "paid"
REFUNDED = "refunded"


@dataclass(frozen=True)
class _Side:
    """One order as one side records it."""

    method: str
    amount_fen: int
    state: str  # paid | refunded | reversed | (journal) any other TxState value


def _journal_state(record: JournalRecord) -> str:
    if record.state in PAID_STATES:
        return PAID
    if record.state == TxState.REFUNDED:
        return REFUNDED
    return record.state.value


def _journal_side(journal: PaymentJournal, day: date, settlement: Settlement) -> dict[str, _Side]:
    """The day's transactions that took money, plus any order the settlement names that the
    journal knows from another day or in another state (so both sides compare the same orders)."""
    side: dict[str, _Side] = {}
    for record in journal.list_for_day(day, CHINA_TIME):
        if record.state in PAID_STATES or record.state == TxState.REFUNDED:
            side[record.out_trade_no] = _Side(
                pay_method(record).value, record.amount_fen, _journal_state(record)
            )
    for line in settlement.lines:
        if line.out_trade_no in side:
            continue
        try:
            record = journal.get(line.out_trade_no)
        except UnknownTransaction:
            continue
        side[record.out_trade_no] = _Side(
            pay_method(record).value, record.amount_fen, _journal_state(record)
        )
    return side


def _difference(
    order: str, ours: _Side | None, theirs: _Side | None
) -> ReconciliationDifference | None:
    if ours is None and theirs is None:
        return None
    if ours is None:
        assert theirs is not None
        if theirs.state != PAID:
            return None  # given back there, never here: no money either side
        kind = DifferenceKind.MISSING_IN_JOURNAL
    elif theirs is None:
        if ours.state != PAID:
            return None
        kind = DifferenceKind.MISSING_IN_BACKOFFICE
    elif (ours.state == PAID) != (theirs.state == PAID):
        kind = DifferenceKind.STATE_DIFFERS
    elif ours.state != PAID:
        return None  # kept on neither side: refunded, reversed, declined alike
    elif ours.amount_fen != theirs.amount_fen:
        kind = DifferenceKind.AMOUNT_DIFFERS
    else:
        return None
    return ReconciliationDifference(
        out_trade_no=order,
        kind=kind,
        method=ours.method if ours else theirs.method,  # type: ignore[union-attr]
        journal_fen=ours.amount_fen if ours else None,
        backoffice_fen=theirs.amount_fen if theirs else None,
        journal_state=ours.state if ours else None,
        backoffice_state=theirs.state if theirs else None,
    )


def _method_order(method: str) -> tuple[int, str]:
    known = [m.value for m in PayMethod]
    return (known.index(method) if method in known else len(known), method)


def _totals(ours: dict[str, _Side], theirs: dict[str, _Side]) -> list[MethodTotal]:
    methods = {s.method for s in ours.values()} | {s.method for s in theirs.values()}
    totals = []
    for method in sorted(methods, key=_method_order):
        mine = [s.amount_fen for s in ours.values() if s.method == method and s.state == PAID]
        there = [s.amount_fen for s in theirs.values() if s.method == method and s.state == PAID]
        totals.append(
            MethodTotal(
                method=method,
                journal_count=len(mine),
                journal_fen=sum(mine),
                backoffice_count=len(there),
                backoffice_fen=sum(there),
            )
        )
    return totals


def compare(
    journal: PaymentJournal, settlement: Settlement
) -> tuple[list[MethodTotal], list[ReconciliationDifference]]:
    """Totals per method and the differences, order by order, sorted by order number."""
    ours = _journal_side(journal, settlement.day, settlement)
    theirs = {
        line.out_trade_no: _Side(line.method, line.amount_fen, line.state)
        for line in settlement.lines
    }
    differences = [
        diff
        for order in sorted(set(ours) | set(theirs))
        if (diff := _difference(order, ours.get(order), theirs.get(order))) is not None
    ]
    return _totals(ours, theirs), differences


async def reconcile(ctx: MaintenanceContext, staff_id: str) -> ReconciliationReport:
    """Reconcile today (the hall's local day). Raises kiosk.backoffice.BackOfficeError when the
    settlement cannot be fetched."""
    made_at = ctx.clock.wall()
    day = made_at.astimezone(CHINA_TIME).date()
    terminal_id = ctx.settings.terminal.id
    settlement = await ctx.backoffice.get_settlement(terminal_id, day)
    totals, differences = compare(ctx.journal, settlement)
    return ReconciliationReport(
        terminal_id=terminal_id,
        day=day,
        staff_id=staff_id,
        made_at=made_at,
        totals=totals,
        differences=differences,
    )


def _count_fen(count: int, fen: int) -> str:
    return f"{count} / {format_yuan(fen)}"


def _fen_state(fen: int | None, state: str | None) -> str:
    if fen is None:
        return "-"
    return f"{format_yuan(fen)} {state or ''}".strip()


def reconciliation_receipt(report: ReconciliationReport, hall_name: str) -> Receipt:
    """The report on paper: totals per method on both sides, then every difference."""
    items: list[ReceiptItem] = [
        Text(hall_name, align="center", bold=True),
        Text("日终对账 DAY-END RECONCILIATION", align="center", bold=True),
        Rule(),
        Pair("Terminal", report.terminal_id),
        Pair("Day", report.day.isoformat()),
        Pair("Staff", report.staff_id),
        Pair("Made at", report.made_at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")),
        Rule(),
        Text("terminal / back office: count / amount"),
    ]
    for total in report.totals:
        items += [
            Text(total.method, bold=True),
            Pair("  terminal", _count_fen(total.journal_count, total.journal_fen)),
            Pair("  back office", _count_fen(total.backoffice_count, total.backoffice_fen)),
        ]
    items.append(Rule())
    for diff in report.differences:
        items += [
            Text(diff.out_trade_no),
            Pair(f"  {diff.kind.value}", diff.method),
            Pair("  terminal", _fen_state(diff.journal_fen, diff.journal_state)),
            Pair("  back office", _fen_state(diff.backoffice_fen, diff.backoffice_state)),
        ]
    count = len(report.differences)
    plural = "" if count == 1 else "S"
    verdict = f"{count} DIFFERENCE{plural}" if count else "BALANCED"
    items += [Rule(), Text(verdict, align="center", bold=True, double=True)]
    return Receipt(tuple(items))


async def print_report(ctx: MaintenanceContext, report: ReconciliationReport) -> None:
    """Print the report on the receipt printer; DeviceError when it cannot print."""
    printer = await ready_printer(printer_access(ctx.devices))
    if printer is None:
        raise DeviceError("the receipt printer cannot print now")
    await printer.print_receipt(reconciliation_receipt(report, ctx.settings.terminal.hall_name))


def idempotency_key(report: ReconciliationReport) -> str:
    """One key per reconciliation run: terminal, day and the time it was made."""
    return f"{report.terminal_id}-{report.day.isoformat()}-{report.made_at:%H%M%S}"


async def submit_report(ctx: MaintenanceContext, report: ReconciliationReport) -> ReconciliationAck:
    """Send the report to the back office (retried safely under its idempotency key)."""
    return await ctx.backoffice.submit_reconciliation(report, idempotency_key(report))
