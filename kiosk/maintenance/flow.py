"""The maintenance session, as the business process reads: a staff member logs in (staff card and
PIN, or staff id and PIN), sees the dashboard, and takes the actions their role allows until they
exit, walk away (idle time-out) or turn the operator switch back to run (the caller cancels).

Every request is checked against the role table (kiosk.maintenance.roles) before it runs, even
though the screens only offer allowed actions; a refused one is audited "denied". After
`reauth_after_s` the PIN is asked again before the next action. No exception escapes to the
terminal loop: an unexpected fault is logged, shown as a generic failure, and the session goes on.

The maintenance services (dashboard, self-tests, journal, reconciliation, export, config view)
are reached through `MaintenanceServices` (services.py); `ServiceModules` binds them to the
modules of this package, and tests pass fakes.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from enum import StrEnum

from drivers.interfaces import DeviceError, SmartCardReader
from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.devices.status import DeviceState
from kiosk.flows.ports import GoBack
from kiosk.maintenance.context import MaintenanceContext, StaffMember
from kiosk.maintenance.ports import (
    DashboardView,
    JournalFilter,
    LoginPrompt,
    ReconciliationRequest,
    ReconciliationView,
    StaffExit,
    StaffMessage,
    StaffRequest,
)
from kiosk.maintenance.roles import Action, allowed
from kiosk.maintenance.services import (
    ActionFailed,
    DriveMissing,
    MaintenanceServices,
    ServiceModules,
)
from kiosk.maintenance.session import LoginTimer, StaffSession, StaffTimeout, ask
from kiosk.receipts import CHINA_TIME

log = logging.getLogger(__name__)

DEVICE_ACTIONS = frozenset({Action.SELF_TEST, Action.RESET_DEVICE, Action.PAPER_REFILLED})


class MaintenanceEntry(StrEnum):
    """How the staff member asked for maintenance."""

    STAFF_CARD = "staff_card"  # a staff card inserted at the idle screen
    OPERATOR_SWITCH = "operator_switch"  # the key switch turned to maintenance
    LONG_PRESS = "long_press"  # the hall name held on the idle screen


class _SessionEnded(Exception):
    """The session is over (`reason` goes to the audit log)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def run_maintenance(
    ctx: MaintenanceContext,
    entry: MaintenanceEntry,
    reader: SmartCardReader | None = None,
    services: MaintenanceServices | None = None,
) -> None:
    """One maintenance session from login to exit; returns when the staff member is done, walked
    away, or failed to log in. Cancel the task to end it (operator switch back to run)."""
    try:
        member = await _login(ctx, entry, reader)
    except (StaffExit, StaffTimeout, GoBack):
        return
    except Exception:
        log.exception("maintenance login failed")
        return
    if member is None:
        return
    session = StaffSession(member, ctx.clock, ctx.settings.maintenance)
    runner = _Maintenance(ctx, session, services or ServiceModules())
    ctx.audit.record(member.staff_id, "maintenance", target=entry.value, outcome="started")
    _push(ctx, FleetEventKind.MAINTENANCE_STARTED, f"staff {member.staff_id}")
    reason = "cancelled"  # the caller cancelled the task: switch back to run, or shutdown
    ctx.ui.set_on_activity(session.touch)
    try:
        reason = await runner.dashboard_loop()
    finally:
        ctx.ui.set_on_activity(None)
        ctx.audit.record(member.staff_id, "ended", outcome=reason)
        _push(ctx, FleetEventKind.MAINTENANCE_ENDED, f"staff {member.staff_id} {reason}")


async def _login(
    ctx: MaintenanceContext, entry: MaintenanceEntry, reader: SmartCardReader | None
) -> StaffMember | None:
    timer = LoginTimer(ctx.clock, ctx.settings.maintenance)
    if entry == MaintenanceEntry.STAFF_CARD and reader is not None:
        carded = await ctx.staff.authenticate_card(reader)
        if carded is None:
            await ask(
                timer, ctx.ui.show_staff_result(StaffMessage.CARD_NOT_RECOGNISED, {}, ok=False)
            )
            return None
        base = LoginPrompt(staff_id=carded.staff_id, staff_name=carded.name)
    elif entry == MaintenanceEntry.OPERATOR_SWITCH:
        base = LoginPrompt(error=StaffMessage.SWITCH_ENTRY)
    else:
        base = LoginPrompt()
    prompt = base
    while True:
        typed = await ask(timer, ctx.ui.ask_staff_login(prompt))
        # a card's id is the card's: the keypad cannot change whose PIN is checked
        staff_id = base.staff_id or typed.staff_id.strip()
        result = await ctx.staff.check_pin(staff_id, typed.pin)
        if result.member is not None:
            return result.member
        if result.unknown_staff:
            prompt = replace(base, error=StaffMessage.UNKNOWN_STAFF, params={})
        elif result.locked_until is not None:
            until = result.locked_until.astimezone(CHINA_TIME).strftime("%H:%M")
            await ask(timer, ctx.ui.show_staff_result(StaffMessage.LOCKED, {"until": until}, False))
            return None
        else:
            params = {"attempts_left": str(result.attempts_left)}
            prompt = replace(base, error=StaffMessage.PIN_WRONG, params=params)


def _push(
    ctx: MaintenanceContext, kind: FleetEventKind, detail: str = "", device: str = ""
) -> None:
    if ctx.fleet is None:
        return
    try:
        ctx.fleet.push(kind, device or None, detail)
    except Exception:  # the fleet queue must never stop staff working
        log.exception("fleet event %s not queued", kind)


def only_allowed(view: DashboardView, member: StaffMember) -> DashboardView:
    """`view` with every action the member's role may not take removed (the screens offer only
    what is left)."""
    role = member.role
    rows = [
        replace(row, actions=[a for a in row.actions if allowed(role, a)]) for row in view.devices
    ]
    return replace(view, actions=[a for a in view.actions if allowed(role, a)], devices=rows)


class _Maintenance:
    """The dashboard loop and the actions of one logged-in staff member."""

    def __init__(
        self, ctx: MaintenanceContext, session: StaffSession, services: MaintenanceServices
    ) -> None:
        self.ctx = ctx
        self.session = session
        self.services = services
        self.member = session.member

    @property
    def staff_id(self) -> str:
        return self.member.staff_id

    def audit(
        self, action: Action | str, target: str = "", outcome: str = "ok", detail: str = ""
    ) -> None:
        self.ctx.audit.record(self.staff_id, str(action), target, outcome, detail)

    async def answer(self, message: StaffMessage, params: dict[str, str], ok: bool) -> None:
        await ask(self.session, self.ctx.ui.show_staff_result(message, params, ok))

    async def dashboard_loop(self) -> str:
        """Dashboard, action, dashboard...; the reason the session ended."""
        while True:
            try:
                view = only_allowed(
                    await self.services.dashboard(self.ctx, self.member), self.member
                )
                request = await ask(self.session, self.ctx.ui.show_dashboard(view))
                await self.take(request)
            except GoBack:
                continue
            except StaffExit:
                return "logout"
            except StaffTimeout:
                return "timeout"
            except _SessionEnded as ended:
                return ended.reason
            except Exception as exc:
                await self.fault(exc)

    async def fault(self, exc: Exception) -> None:
        log.exception("maintenance action failed", exc_info=exc)
        self.audit("fault", outcome="error", detail=type(exc).__name__)
        try:
            await self.answer(StaffMessage.ACTION_FAILED, {"detail": type(exc).__name__}, False)
        except (GoBack, StaffExit):
            pass
        except StaffTimeout as timeout:
            raise _SessionEnded("timeout") from timeout

    async def permitted(self, action: Action, target: str = "") -> bool:
        """Whether `action` may run now: allowed for the role (else audited "denied") and the PIN
        confirmed if it is due."""
        if not allowed(self.member.role, action):
            self.audit(action, target, outcome="denied")
            await self.answer(StaffMessage.ACTION_DENIED, {"action": action.value}, False)
            return False
        if self.session.needs_reauth():
            await self.reauthenticate()
        return True

    async def reauthenticate(self) -> None:
        """Ask the PIN again; GoBack cancels the action, a lock ends the session."""
        prompt = LoginPrompt(
            staff_id=self.staff_id,
            staff_name=self.member.name,
            error=StaffMessage.REAUTH,
            reauth=True,
        )
        while True:
            typed = await ask(self.session, self.ctx.ui.ask_staff_login(prompt))
            result = await self.ctx.staff.check_pin(self.staff_id, typed.pin, reauth=True)
            if result.member is not None:
                self.session.reauthenticated()
                return
            if result.locked_until is not None:
                until = result.locked_until.astimezone(CHINA_TIME).strftime("%H:%M")
                with contextlib.suppress(GoBack, StaffExit, StaffTimeout):
                    await self.answer(StaffMessage.LOCKED, {"until": until}, False)
                raise _SessionEnded("locked")
            prompt = replace(
                prompt,
                error=StaffMessage.PIN_WRONG,
                params={"attempts_left": str(result.attempts_left)},
            )

    async def take(self, request: StaffRequest) -> None:
        """Run one dashboard request."""
        action = request.action
        if action == Action.VIEW_DASHBOARD:
            return
        if action in DEVICE_ACTIONS:
            await self.device_action(action, request.device or "")
            return
        if not await self.permitted(action):
            return
        if action in (Action.OUT_OF_SERVICE, Action.IN_SERVICE):
            await self.service_state(in_service=action == Action.IN_SERVICE)
        elif action in (Action.VIEW_JOURNAL, Action.REPRINT):
            await self.journal()
        elif action == Action.RECONCILE:
            await self.reconcile()
        elif action == Action.EXPORT_LOGS:
            await self.export_logs()
        elif action == Action.VIEW_CONFIG:
            self.audit(action)
            await ask(self.session, self.ctx.ui.show_config(self.services.config_text(self.ctx)))

    async def device_action(self, action: Action, name: str) -> None:
        if not await self.permitted(action, name):
            return
        if self.ctx.devices.device_named(name) is None:
            self.audit(action, name, outcome="failed", detail="no such device")
            await self.answer(
                StaffMessage.ACTION_FAILED,
                {"action": action.value, "detail": "no such device"},
                False,
            )
            return
        if action == Action.SELF_TEST:
            await self.self_test(name)
        elif action == Action.RESET_DEVICE:
            await self.reset(name)
        else:
            self.ctx.counters.paper_refilled(name)
            self.audit(action, name)
            _push(self.ctx, FleetEventKind.PAPER_REFILLED, device=name)
            await self.answer(StaffMessage.PAPER_REFILL_RECORDED, {"device": name}, True)

    async def self_test(self, name: str) -> None:
        test = self.services.self_test_kind(self.ctx, name)
        self.ctx.ui.show_staff_progress(
            StaffMessage.SELF_TEST_RUNNING, {"device": name, "test": test}
        )
        result = await self.services.self_test(self.ctx, name)
        self.session.touch()
        outcome = "passed" if result.passed else "failed"
        self.audit(Action.SELF_TEST, name, outcome, f"{result.test}: {result.detail}")
        message = StaffMessage.SELF_TEST_PASSED if result.passed else StaffMessage.SELF_TEST_FAILED
        params = {"device": name, "test": result.test, "detail": result.detail}
        await self.answer(message, params, result.passed)

    async def reset(self, name: str) -> None:
        try:
            status = await self.ctx.devices.reconnect(name)
        except DeviceError as exc:
            detail = str(exc) or type(exc).__name__
        else:
            state = status.device
            if state in (DeviceState.ONLINE, DeviceState.BUSY):
                self.audit(Action.RESET_DEVICE, name, detail=f"state {state.value}")
                await self.answer(
                    StaffMessage.DEVICE_RESET, {"device": name, "state": state.value}, True
                )
                return
            detail = f"state {state.value}" + (
                f": {status.last_error}" if status.last_error else ""
            )
        self.session.touch()
        self.audit(Action.RESET_DEVICE, name, outcome="failed", detail=detail)
        await self.answer(
            StaffMessage.DEVICE_RESET_FAILED, {"device": name, "detail": detail}, False
        )

    async def service_state(self, in_service: bool) -> None:
        action = Action.IN_SERVICE if in_service else Action.OUT_OF_SERVICE
        question = (
            StaffMessage.CONFIRM_IN_SERVICE if in_service else StaffMessage.CONFIRM_OUT_OF_SERVICE
        )
        if not await ask(self.session, self.ctx.ui.confirm_staff(question, {})):
            self.audit(action, outcome="cancelled")
            return
        self.ctx.service.set_in_service(in_service, self.staff_id)
        self.audit(action)
        kind = FleetEventKind.IN_SERVICE if in_service else FleetEventKind.OUT_OF_SERVICE
        _push(self.ctx, kind, f"staff {self.staff_id}")
        done = StaffMessage.NOW_IN_SERVICE if in_service else StaffMessage.NOW_OUT_OF_SERVICE
        await self.answer(done, {}, True)

    async def journal(self) -> None:
        day = self.ctx.clock.wall().astimezone(CHINA_TIME).date()
        shown = JournalFilter.ALL
        can_reprint = allowed(self.member.role, Action.REPRINT)
        self.audit(Action.VIEW_JOURNAL, day.isoformat())
        while True:
            view = await self.services.journal_view(self.ctx, day, shown, can_reprint)
            try:
                request = await ask(self.session, self.ctx.ui.show_journal(view))
            except GoBack:
                return
            if request.filter is not None:
                shown = request.filter
            if request.reprint is not None and await self.permitted(
                Action.REPRINT, request.reprint
            ):
                await self.reprint(request.reprint)

    async def reprint(self, reference: str) -> None:
        try:
            await self.services.reprint(self.ctx, reference)
        except ActionFailed as exc:
            self.session.touch()
            self.audit(Action.REPRINT, reference, "failed", exc.detail)
            params = {"reference": reference, "detail": exc.detail}
            await self.answer(StaffMessage.REPRINT_FAILED, params, False)
            return
        self.session.touch()
        self.audit(Action.REPRINT, reference)
        await self.answer(StaffMessage.REPRINTED, {"reference": reference}, True)

    async def reconcile(self) -> None:
        self.ctx.ui.show_staff_progress(StaffMessage.RECONCILING, {})
        try:
            report = await self.services.reconcile(self.ctx, self.staff_id)
        except ActionFailed as exc:
            self.session.touch()
            self.audit(Action.RECONCILE, outcome="failed", detail=exc.detail)
            await self.answer(StaffMessage.BACKOFFICE_UNREACHABLE, {"detail": exc.detail}, False)
            return
        self.session.touch()
        day = report.day.isoformat()
        self.audit(Action.RECONCILE, day, detail=f"differences {len(report.differences)}")
        printed, sent = False, None
        while True:
            view = ReconciliationView(day, report.totals, report.differences, printed, sent)
            try:
                choice = await ask(self.session, self.ctx.ui.show_reconciliation(view))
            except GoBack:
                return
            try:
                if choice == ReconciliationRequest.PRINT:
                    await self.services.print_report(self.ctx, report)
                else:
                    sent = (await self.services.submit_report(self.ctx, report)).report_id
            except ActionFailed as exc:
                self.session.touch()
                self.audit(f"reconcile_{choice.value}", day, "failed", exc.detail)
                failed = (
                    StaffMessage.RECONCILIATION_PRINT_FAILED
                    if choice == ReconciliationRequest.PRINT
                    else StaffMessage.RECONCILIATION_SEND_FAILED
                )
                await self.answer(failed, {"detail": exc.detail}, False)
                continue
            self.session.touch()
            self.audit(f"reconcile_{choice.value}", day, detail=sent or "")
            if choice == ReconciliationRequest.PRINT:
                printed = True
                await self.answer(StaffMessage.RECONCILIATION_PRINTED, {}, True)
            else:
                await self.answer(StaffMessage.RECONCILIATION_SENT, {"report_id": sent or ""}, True)

    async def export_logs(self) -> None:
        self.ctx.ui.show_staff_progress(StaffMessage.EXPORTING, {})
        try:
            done = await self.services.export_logs(self.ctx, self.staff_id)
        except DriveMissing as exc:
            self.session.touch()
            self.audit(Action.EXPORT_LOGS, outcome="failed", detail=exc.detail)
            folder = str(self.ctx.settings.resolve(self.ctx.settings.maintenance.export_dir))
            await self.answer(StaffMessage.EXPORT_NO_DRIVE, {"folder": folder}, False)
            return
        except ActionFailed as exc:
            self.session.touch()
            self.audit(Action.EXPORT_LOGS, outcome="failed", detail=exc.detail)
            await self.answer(StaffMessage.EXPORT_FAILED, {"detail": exc.detail}, False)
            return
        self.session.touch()
        self.audit(Action.EXPORT_LOGS, done.folder, detail=f"{done.files} files")
        await self.answer(
            StaffMessage.EXPORT_DONE, {"folder": done.folder, "files": str(done.files)}, True
        )
