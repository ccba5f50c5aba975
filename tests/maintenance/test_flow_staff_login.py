"""The maintenance flow's login and session: keypad and card login, wrong PINs, lockout, the
2-minute idle time-out, the 15-minute re-authentication, and cancellation by the operator switch.
Time is virtual: a 2-minute wait passes in milliseconds."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.maintenance.flow import MaintenanceEntry, run_maintenance
from kiosk.maintenance.ports import LoginPrompt, StaffExit, StaffLogin, StaffMessage, StaffRequest
from kiosk.maintenance.roles import Action
from tests.maintenance.fakes import HANG, CardInReader, StaffParts, staff_context

SUPERVISOR = StaffLogin("2001", "135790")
REFRESH = StaffRequest(Action.VIEW_DASHBOARD)
SELF_TEST = StaffRequest(Action.SELF_TEST, "printer")


async def run(
    parts: StaffParts,
    entry: MaintenanceEntry = MaintenanceEntry.LONG_PRESS,
    reader: CardInReader | None = None,
) -> None:
    await asyncio.wait_for(run_maintenance(parts.ctx, entry, reader, parts.services), 10)


def audit_trail(parts: StaffParts) -> list[tuple[str, str, str]]:
    return [(e.staff_id, e.action, e.outcome) for e in parts.audit.entries(limit=1000)]


async def test_keypad_login_dashboard_and_exit(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR).then("show_dashboard", StaffExit())
    await run(parts)
    assert parts.ui.seen("ask_staff_login") == [LoginPrompt()]
    assert audit_trail(parts) == [
        ("2001", "login", "ok"),
        ("2001", "maintenance", "started"),
        ("2001", "ended", "logout"),
    ]
    assert parts.fleet.kinds() == [
        FleetEventKind.MAINTENANCE_STARTED,
        FleetEventKind.MAINTENANCE_ENDED,
    ]


async def test_the_operator_switch_says_why_the_login_appeared(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", StaffExit())
    await run(parts, MaintenanceEntry.OPERATOR_SWITCH)
    assert parts.ui.seen("ask_staff_login")[0].error == StaffMessage.SWITCH_ENTRY
    assert audit_trail(parts) == []  # nobody logged in, nothing started


async def test_a_wrong_pin_asks_again_with_the_attempts_left(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", StaffLogin("2001", "000000"))
    parts.ui.then("ask_staff_login", SUPERVISOR).then("show_dashboard", StaffExit())
    await run(parts)
    second = parts.ui.seen("ask_staff_login")[1]
    assert second.error == StaffMessage.PIN_WRONG and second.params == {"attempts_left": "4"}
    assert second.staff_id is None  # typed again on the keypad


async def test_an_unknown_staff_id_is_said_so(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", StaffLogin("9999", "123456"))
    parts.ui.then("ask_staff_login", StaffExit())
    await run(parts)
    assert parts.ui.seen("ask_staff_login")[1].error == StaffMessage.UNKNOWN_STAFF


async def test_the_fifth_wrong_pin_locks_and_shows_until_when_in_hall_time(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(5):
        parts.ui.then("ask_staff_login", StaffLogin("1001", "000000"))
    parts.ui.then("show_staff_result")
    await run(parts)
    # 02:00 UTC is 10:00 in the hall; locked for 30 minutes
    assert parts.ui.seen("show_staff_result") == [(StaffMessage.LOCKED, {"until": "10:30"}, False)]
    assert parts.ui.seen("show_dashboard") == []
    assert parts.fleet.kinds() == [FleetEventKind.STAFF_LOCKED_OUT]


async def test_a_staff_card_names_whose_pin_is_asked(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    # the keypad's id is ignored: the card decides whose PIN this is
    parts.ui.then("ask_staff_login", StaffLogin("1001", "135790")).then(
        "show_dashboard", StaffExit()
    )
    await run(parts, MaintenanceEntry.STAFF_CARD, CardInReader.named("staff-supervisor"))
    prompt = parts.ui.seen("ask_staff_login")[0]
    assert (prompt.staff_id, prompt.staff_name) == ("2001", "李主管")
    assert parts.ui.seen("show_dashboard")[0].staff_id == "2001"
    assert audit_trail(parts)[:2] == [("2001", "card_login", "card_ok"), ("2001", "login", "ok")]


async def test_a_forged_card_never_reaches_the_pin(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("show_staff_result")
    await run(parts, MaintenanceEntry.STAFF_CARD, CardInReader.named("staff-forged"))
    assert parts.ui.seen("show_staff_result") == [(StaffMessage.CARD_NOT_RECOGNISED, {}, False)]
    assert parts.ui.seen("ask_staff_login") == []


async def test_walking_away_from_the_login_returns_after_two_minutes(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", HANG)
    await run(parts)
    assert parts.clock.monotonic() == 120
    assert audit_trail(parts) == []


async def test_two_idle_minutes_on_the_dashboard_end_the_session(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR)
    parts.ui.then("show_dashboard", lambda _: (parts.clock.advance(100), REFRESH)[1])
    parts.ui.then("show_dashboard", HANG)
    await run(parts)
    assert parts.clock.monotonic() == 220  # 100 s, a touch, then 120 s without one
    assert audit_trail(parts)[-1] == ("2001", "ended", "timeout")
    assert parts.fleet.kinds()[-1] == FleetEventKind.MAINTENANCE_ENDED


def busy_for(parts: StaffParts, seconds: int) -> None:
    """The staff member keeps touching the dashboard (every 100 s) for `seconds`."""
    for _ in range(seconds // 100):
        parts.ui.then("show_dashboard", lambda _: (parts.clock.advance(100), REFRESH)[1])


async def test_after_15_minutes_the_pin_is_asked_before_the_next_action(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR)
    busy_for(parts, 800)
    parts.ui.then("show_dashboard", SELF_TEST).then("show_staff_result")  # 800 s: no PIN yet
    busy_for(parts, 100)
    parts.ui.then("show_dashboard", SELF_TEST)  # 900 s since the login
    parts.ui.then("ask_staff_login", StaffLogin("", "135790")).then("show_staff_result")
    busy_for(parts, 800)
    parts.ui.then("show_dashboard", SELF_TEST).then("show_staff_result")  # 800 s since the PIN
    parts.ui.then("show_dashboard", StaffExit())
    await run(parts)
    reauth = parts.ui.seen("ask_staff_login")[1]
    assert reauth.reauth and reauth.staff_id == "2001" and reauth.error == StaffMessage.REAUTH
    assert len(parts.ui.seen("ask_staff_login")) == 2
    assert [c for c in parts.services.called()] == ["self_test"] * 3
    assert ("2001", "reauth", "ok") in audit_trail(parts)


async def test_failing_the_reauthentication_locks_and_ends_the_session(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR)
    busy_for(parts, 900)
    parts.ui.then("show_dashboard", SELF_TEST)
    for _ in range(5):
        parts.ui.then("ask_staff_login", StaffLogin("", "000000"))
    parts.ui.then("show_staff_result")
    await run(parts)
    prompts = parts.ui.seen("ask_staff_login")
    assert prompts[2].error == StaffMessage.PIN_WRONG and prompts[2].params["attempts_left"] == "4"
    assert parts.ui.seen("show_staff_result")[0][0] == StaffMessage.LOCKED
    assert parts.services.called() == []  # the self-test never ran
    assert audit_trail(parts)[-1] == ("2001", "ended", "locked")
    assert parts.auth.locked_until("2001") is not None


async def test_back_on_the_reauthentication_cancels_the_action(tmp_path: Path) -> None:
    from kiosk.flows.ports import GoBack

    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR)
    busy_for(parts, 900)
    parts.ui.then("show_dashboard", SELF_TEST).then("ask_staff_login", GoBack())
    parts.ui.then("show_dashboard", StaffExit())
    await run(parts)
    assert parts.services.called() == []


async def test_cancelling_the_task_ends_the_session_and_audits_it(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.ui.then("ask_staff_login", SUPERVISOR).then("show_dashboard", HANG)
    task = asyncio.ensure_future(
        run_maintenance(parts.ctx, MaintenanceEntry.OPERATOR_SWITCH, None, parts.services)
    )
    while not parts.ui.seen("show_dashboard"):
        await asyncio.sleep(0)
    task.cancel()
    await asyncio.wait({task}, timeout=5)
    assert task.cancelled()
    assert audit_trail(parts)[-1] == ("2001", "ended", "cancelled")
    assert parts.fleet.kinds()[-1] == FleetEventKind.MAINTENANCE_ENDED


async def test_a_touch_while_waiting_pushes_the_time_out_back(tmp_path: Path) -> None:
    import pytest

    from kiosk.maintenance.session import StaffSession, StaffTimeout, ask

    parts = staff_context(tmp_path)
    member = parts.auth.member("2001")
    assert member is not None
    session = StaffSession(member, parts.clock, parts.ctx.settings.maintenance)
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def touch_at_100() -> None:
        await parts.clock.sleep(100)
        session.touch()

    toucher = asyncio.ensure_future(touch_at_100())
    with pytest.raises(StaffTimeout):
        await ask(session, never)
    await toucher
    assert parts.clock.monotonic() == 220
    assert never.cancelled()  # the UI call was put away
