"""The maintenance home screen: every device with its status, counters and what the staff member
may do to it, and the terminal-wide figures and actions of the role."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from kiosk.devices.status import DeviceStatus
from kiosk.journal import TxState
from kiosk.maintenance.context import DeviceInfo, MaintenanceContext, StaffMember
from kiosk.maintenance.ports import DashboardView, DeviceRow
from kiosk.maintenance.roles import Action, allowed
from kiosk.receipts import CHINA_TIME

DEVICE_ACTIONS = (Action.SELF_TEST, Action.RESET_DEVICE, Action.PAPER_REFILLED)
TERMINAL_ACTIONS = (
    Action.OUT_OF_SERVICE,
    Action.IN_SERVICE,
    Action.VIEW_JOURNAL,
    Action.RECONCILE,
    Action.EXPORT_LOGS,
    Action.VIEW_CONFIG,
)
_COMMON_FIELDS = frozenset({"device", "last_error"})


def status_fields(status: DeviceStatus) -> dict[str, str]:
    """The per-class status fields as text (paper, cover, media, scanner, door, ...)."""
    out: dict[str, str] = {}
    for item in fields(status):
        if item.name in _COMMON_FIELDS:
            continue
        value = getattr(status, item.name)
        if isinstance(value, bool):
            out[item.name] = "yes" if value else "no"
        else:
            out[item.name] = str(getattr(value, "value", value))
    return out


def device_actions(info: DeviceInfo, member: StaffMember) -> list[Action]:
    """What `member` may do to this device (paper refills are for printers only)."""
    actions = []
    for action in DEVICE_ACTIONS:
        if action == Action.PAPER_REFILLED and info.device_class != "printer":
            continue
        if allowed(member.role, action):
            actions.append(action)
    return actions


def terminal_actions(member: StaffMember, in_service: bool) -> list[Action]:
    """The role's terminal-wide actions; out of service or in service, whichever applies."""
    actions = []
    for action in TERMINAL_ACTIONS:
        if action == Action.OUT_OF_SERVICE and not in_service:
            continue
        if action == Action.IN_SERVICE and in_service:
            continue
        if allowed(member.role, action):
            actions.append(action)
    return actions


def device_row(ctx: MaintenanceContext, info: DeviceInfo, member: StaffMember) -> DeviceRow:
    """One device on the dashboard."""
    when = (
        info.last_error_at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")
        if info.last_error_at is not None
        else None
    )
    return DeviceRow(
        name=info.name,
        device_class=info.device_class,
        state=info.status.device.value,
        status=status_fields(info.status),
        available=info.available,
        last_error=info.last_error,
        last_error_at=when,
        counters=dict(ctx.counters.for_device(info.name)),
        actions=device_actions(info, member),
    )


def local_today(ctx: MaintenanceContext) -> date:
    """The hall's local day now."""
    return ctx.clock.wall().astimezone(CHINA_TIME).date()


def build_dashboard(ctx: MaintenanceContext, member: StaffMember) -> DashboardView:
    """The dashboard for `member`: devices, today's figures, and only the actions of the role."""
    count, paid_fen = ctx.journal.day_summary(local_today(ctx), CHINA_TIME)
    in_service = ctx.service.in_service
    return DashboardView(
        staff_id=member.staff_id,
        staff_name=member.name,
        role=member.role,
        in_service=in_service,
        devices=[device_row(ctx, info, member) for info in ctx.devices.device_infos()],
        transactions_today=count,
        paid_today_fen=paid_fen,
        manual_review=ctx.journal.count_in_state(TxState.MANUAL_REVIEW),
        queued_events=ctx.fleet.queued if ctx.fleet is not None else 0,
        actions=terminal_actions(member, in_service),
    )
