"""Journeys of issue 5 through the real widgets, against every simulator: staff in maintenance
mode (card, long press, operator switch), out of service, reconciliation, the PIN lockout, the
customer who comes first, and what the back office's fleet service heard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.maintenance.audit import AuditLog
from kiosk.maintenance.store import MAINTENANCE_DB, open_store
from kiosk.tour.journeys import TourContext, _until
from kiosk.tour.staff_journeys import (
    OPERATOR_ID,
    OPERATOR_PIN,
    card_out_of_service_and_back,
    long_press_reconciliation,
    switch_operator_refill,
)


def _audit(settings: Settings) -> list[tuple[str, str, str]]:
    conn = open_store(settings.data_dir / MAINTENANCE_DB)
    try:
        log = AuditLog(conn, _NoClock())
        return [(e.staff_id, e.action, e.outcome) for e in log.entries(limit=1000)]
    finally:
        conn.close()


class _NoClock:
    """Reading the audit log needs no time."""

    def monotonic(self) -> float:
        raise AssertionError("not used")

    def wall(self) -> Any:
        raise AssertionError("not used")

    async def sleep(self, seconds: float) -> None:
        raise AssertionError("not used")


async def _fleet_kinds(ctx: TourContext) -> list[str]:
    """The kinds of events the back office stored for this terminal, after the terminal sent
    everything it had queued."""
    assert await ctx.terminal.desk.fleet.flush()
    terminal_id = ctx.terminal.settings.terminal.id
    return [e["kind"] for e in await ctx.remote.fleet_events(terminal_id)]


def test_staff_card_takes_the_terminal_out_of_service_and_back(
    run_journey: Any, settings: Settings
) -> None:
    async def scenario(ctx: TourContext) -> tuple[tuple[str, str], list[str]]:
        result = await card_out_of_service_and_back(ctx)
        kinds = await _fleet_kinds(ctx)
        return result, kinds

    (outcome, detail), kinds = run_journey(scenario, shots=True)
    assert outcome == "back in service", detail
    assert "请前往 2 号自助终端或人工柜台" in detail
    # The back office heard it, in order.
    order = [k for k in kinds if k in ("maintenance_started", "out_of_service", "in_service")]
    assert order[:4] == [
        "maintenance_started",
        "out_of_service",
        "maintenance_started",
        "in_service",
    ]
    entries = _audit(settings)
    assert ("2001", "card_login", "card_ok") in entries
    assert ("2001", "login", "ok") in entries
    actions = [e[1] for e in entries if e[0] == "2001"]
    for action in ("self_test", "out_of_service", "in_service"):
        assert action in actions, actions


def test_long_press_technician_reconciles_a_seeded_mismatch(
    run_journey: Any, settings: Settings, tmp_path: Path
) -> None:
    drive = tmp_path / "usb"
    drive.mkdir()
    maintenance = settings.maintenance.model_copy(update={"export_dir": drive})
    outcome, detail = run_journey(long_press_reconciliation, shots=True, maintenance=maintenance)
    assert outcome == "mismatch found, printed and sent", detail
    assert detail.startswith("2 "), detail
    exports = list(drive.glob("kiosk-export-*"))
    assert len(exports) == 1, exports
    assert (exports[0] / "manifest.json").is_file()


def test_operator_switch_operator_refills_and_tests_the_scanner(
    run_journey: Any, settings: Settings
) -> None:
    outcome, detail = run_journey(switch_operator_refill)
    assert outcome == "refill recorded, scan test passed", detail
    actions = [(e[1], e[2]) for e in _audit(settings) if e[0] == OPERATOR_ID]
    assert ("paper_refilled", "ok") in actions
    assert any(action == "self_test" for action, _ in actions)


def test_five_wrong_pins_lock_the_staff_member_out(run_journey: Any, settings: Settings) -> None:
    async def attempt(ctx: TourContext, pin: str) -> str:
        d = ctx.driver
        d.type_digits(OPERATOR_ID)
        d.click("keypad_ok")
        d.type_digits(pin)
        d.click("keypad_ok")
        # A wrong PIN shows the login again with why; a locked account ends the login.
        return await d.wait_screen("staff_login", "staff_result", timeout=20)

    async def scenario(ctx: TourContext) -> list[str]:
        d = ctx.driver
        seen = []
        await ctx.remote.operator_switch("maintenance")
        try:
            await d.wait_screen("staff_login")
            for _ in range(5):
                seen.append(await attempt(ctx, "000000"))
            locked = ctx.text("staff_result_title")
            d.click("btn_staff_ok")
            await d.wait_screen("idle")
            # The switch again, and now the right PIN: still locked.
            await ctx.remote.operator_switch("run")
            await _until(lambda: not ctx.terminal.desk.out_of_service(), timeout=10)
            await ctx.remote.operator_switch("maintenance")
            await d.wait_screen("staff_login")
            seen.append(await attempt(ctx, OPERATOR_PIN))
            seen.append(locked)
            d.click("btn_staff_ok")
        finally:
            await ctx.remote.operator_switch("run")
        await d.wait_screen("idle")
        return seen

    seen = run_journey(scenario)
    assert seen[:6] == ["staff_login"] * 4 + ["staff_result"] * 2, seen
    assert "锁定" in seen[6], seen
    outcomes = [e[2] for e in _audit(settings) if e[0] == OPERATOR_ID and e[1] == "login"]
    assert outcomes.count("wrong_pin") == 5, outcomes
    assert outcomes[-1] == "locked", outcomes


def test_a_customer_in_session_is_served_before_maintenance(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> list[str]:
        d = ctx.driver
        await ctx.start("zh")  # a customer is on the identify screen
        await ctx.remote.operator_switch("maintenance")
        try:
            # The terminal has seen the switch, and the customer still has their screen.
            await _until(lambda: ctx.terminal.desk.requested.is_set(), timeout=10)
            seen_while_customer = d.ui.current_screen_name()
            d.click("btn_cancel")  # the customer leaves
            screen = await d.wait_screen("staff_login", timeout=20)
            d.type_digits(OPERATOR_ID)
            d.click("keypad_ok")
            d.type_digits(OPERATOR_PIN)
            d.click("keypad_ok")
            await d.wait_screen("staff_dashboard")
            d.click("btn_staff_exit")
            await d.wait_screen("idle")
        finally:
            await ctx.remote.operator_switch("run")
        return [seen_while_customer, screen]

    assert run_journey(scenario) == ["identify", "staff_login"]


def test_tour_screens_written(run_journey: Any, tmp_path: Path) -> None:
    run_journey(switch_operator_refill, shots=True)
    names = {p.name.split("_test_", 1)[-1] for p in tmp_path.glob("*.png")}
    assert {"staff_login.png", "staff_dashboard.png", "staff_result.png"} <= names, names
