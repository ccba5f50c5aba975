"""Tour journeys of issue 5: hall staff in maintenance mode, through the real widgets.

Three ways in (a staff card, the hidden long press on the hall name, the operator switch), a
self-test, out of service and back, a paper refill, and the day-end reconciliation with a
mismatch seeded in the back office. PINs are the simulators' demo staff (README, staff.toml).
"""

from __future__ import annotations

from typing import Any

from kiosk.receipts import CHINA_TIME
from kiosk.tour.journeys import Journey, TourContext, _until, pay_wechat_keypad

SUPERVISOR_CARD, SUPERVISOR_PIN = "staff-supervisor", "135790"
TECHNICIAN_ID, TECHNICIAN_PIN = "3001", "975310"
OPERATOR_ID, OPERATOR_PIN = "4001", "112233"  # no staff card: id and PIN on the keypad
SCAN_TEST_CODE = "HALL-SELFTEST-0001"


def _passed(ctx: TourContext) -> bool:
    """The result screen shows success (its look, whatever the language)."""
    return bool(ctx.driver.widget("staff_result_status").property("role") == "status_ok")


async def _result(ctx: TourContext, back_to: str = "staff_dashboard") -> bool:
    """Wait for a result, read it, press OK, wait for `back_to`."""
    d = ctx.driver
    await d.wait_screen("staff_result", timeout=40)
    passed = _passed(ctx)
    d.click("btn_staff_ok")
    await d.wait_screen(back_to)
    return passed


async def _confirmed(ctx: TourContext, button: str) -> bool:
    """Press a dashboard button that asks first, say yes, read the result."""
    d = ctx.driver
    d.click(button)
    await d.wait_screen("staff_confirm")
    d.click("btn_staff_yes")
    return await _result(ctx)


async def _log_in(ctx: TourContext, pin: str, staff_id: str | None = None) -> None:
    """On the login screen: the staff id (unless a card gave it), then the PIN."""
    d = ctx.driver
    await d.wait_screen("staff_login")
    if staff_id is not None:
        d.type_digits(staff_id)
        d.click("keypad_ok")
    d.type_digits(pin)
    d.click("keypad_ok")
    await d.wait_screen("staff_dashboard")


async def _exit(ctx: TourContext) -> None:
    d = ctx.driver
    d.click("btn_staff_exit")
    await d.wait_screen("idle")


async def card_out_of_service_and_back(ctx: TourContext) -> tuple[str, str]:
    """A supervisor's staff card at the idle screen: PIN, dashboard, the printer's self-test (a
    test receipt), out of service (the idle screen says where to go), then back in service."""
    d = ctx.driver
    await d.wait_screen("idle")
    await ctx.remote.insert_staff_card(SUPERVISOR_CARD)
    await _log_in(ctx, SUPERVISOR_PIN)
    d.click("btn_self_test_receipt_printer")
    printed = await _result(ctx)
    await ctx.collect_receipts()
    out = await _confirmed(ctx, "btn_out_of_service")
    await _exit(ctx)
    await ctx.remote.remove_card()
    await _until(lambda: d.is_visible("idle_next_counter"), timeout=20)
    closed = not d.is_visible("btn_start") and not d.is_visible("btn_buy_prepaid")
    hint = ctx.text("idle_next_counter")
    await ctx.remote.insert_staff_card(SUPERVISOR_CARD)
    await _log_in(ctx, SUPERVISOR_PIN)
    back = await _confirmed(ctx, "btn_in_service")
    await _exit(ctx)
    await ctx.remote.remove_card()
    await _until(lambda: d.is_visible("btn_start"), timeout=20)
    ok = printed and out and closed and back
    detail = f"test receipt {'printed' if printed else 'FAILED'}; out of service: {hint!r}"
    return ("back in service" if ok else "not as expected"), detail


async def long_press_reconciliation(ctx: TourContext) -> tuple[str, str]:
    """A payment, then two mismatches seeded in the back office's settlement; a technician gets
    in by holding the hall name, reconciles the day, prints it and sends it."""
    d = ctx.driver
    await pay_wechat_keypad(ctx)
    terminal = ctx.terminal
    today = terminal.clock.wall().astimezone(CHINA_TIME).date()
    paid = [r for r in terminal.journal.list_for_day(today, CHINA_TIME) if r.paid]
    changed = max(paid, key=lambda r: r.created_at)
    await ctx.remote.settlement_amount(changed.out_trade_no, changed.amount_fen + 100)
    await ctx.remote.settlement_extra(terminal.settings.terminal.id, "alipay", 1234)
    try:
        await d.wait_screen("idle")
        await d.hold_until("header_hall", "staff_login")
        await _log_in(ctx, TECHNICIAN_PIN, TECHNICIAN_ID)
        d.click("btn_reconcile")
        await d.wait_screen("staff_reconcile", timeout=40)
        balance = ctx.text("reconcile_balance")
        d.click("btn_print")
        printed = await _result(ctx, "staff_reconcile")
        await ctx.collect_receipts()
        d.click("btn_send")
        sent = await _result(ctx, "staff_reconcile")
        d.click("btn_staff_back")
        await d.wait_screen("staff_dashboard")
        listed = await _journal(ctx)
        d.click("btn_export_logs")
        exported = await _result(ctx)
        await _exit(ctx)
    finally:
        await ctx.remote.settlement_reset()
    reports: list[dict[str, Any]] = await ctx.remote.reconciliations()
    found = _seeded_found(reports, changed.out_trade_no)
    ok = printed and sent and found and listed and exported
    detail = f"{balance}; journal listed: {listed}; logs exported: {exported}"
    return ("mismatch found, printed and sent" if ok else "not as expected"), detail


async def _journal(ctx: TourContext) -> bool:
    """The day's journal, then only what was paid; back to the dashboard. Whether rows showed."""
    d = ctx.driver
    d.click("btn_view_journal")
    await d.wait_screen("staff_journal")
    d.click("journal_filter_paid")
    await d.wait_screen("staff_journal")
    listed = not d.is_visible("journal_empty")
    d.click("btn_staff_back")
    await d.wait_screen("staff_dashboard")
    return listed


def _seeded_found(reports: list[dict[str, Any]], changed: str) -> bool:
    """The last report sent lists the changed amount and the back office's extra payment."""
    if not reports:
        return False
    kinds = {(d["out_trade_no"], d["kind"]) for d in reports[-1]["report"]["differences"]}
    return (changed, "amount_differs") in kinds and any(
        kind == "missing_in_journal" for _, kind in kinds
    )


async def switch_operator_refill(ctx: TourContext) -> tuple[str, str]:
    """The operator switch turned to maintenance: an operator (no card) logs in with id and PIN,
    records a new paper roll and tests the scanner; the switch back to run ends the session."""
    d = ctx.driver
    await d.wait_screen("idle")
    await ctx.remote.operator_switch("maintenance")
    try:
        await _log_in(ctx, OPERATOR_PIN, OPERATOR_ID)
        operator_only = not d.is_visible("btn_out_of_service") and not d.is_visible("btn_reconcile")
        d.click("btn_paper_refilled_receipt_printer")
        refilled = await _result(ctx)
        d.click("btn_self_test_scanner")
        await d.wait_screen("staff_progress")
        await ctx.remote.present_code(SCAN_TEST_CODE)
        scanned = await _result(ctx)
    finally:
        await ctx.remote.operator_switch("run")
    await d.wait_screen("idle")
    await _until(lambda: d.is_visible("btn_start"), timeout=20)
    ok = operator_only and refilled and scanned
    detail = f"operator sees only its actions: {operator_only}; scan test: {scanned}"
    return ("refill recorded, scan test passed" if ok else "not as expected"), detail


STAFF_JOURNEYS: dict[str, Journey] = {
    "maintenance_card_out_of_service": Journey("back in service", card_out_of_service_and_back),
    "maintenance_long_press_reconciliation": Journey(
        "mismatch found, printed and sent", long_press_reconciliation
    ),
    "maintenance_switch_operator": Journey(
        "refill recorded, scan test passed", switch_operator_refill
    ),
}
