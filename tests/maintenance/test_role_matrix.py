"""Each role, logged in through the flow, is offered exactly what the issue gives it, and every
other action is refused and audited "denied", never run.

The expected table is written here from the issue's words, not read from kiosk.maintenance.roles:
- operator: paper/consumables, self-tests;
- supervisor: also out of service / in service, day-end reconciliation, journal, reprints;
- technician: also device reset and reconnect, log export, config view.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.flows.ports import GoBack
from kiosk.maintenance.flow import MaintenanceEntry, run_maintenance
from kiosk.maintenance.ports import (
    JournalRequest,
    ReconciliationRequest,
    StaffExit,
    StaffLogin,
    StaffMessage,
    StaffRequest,
)
from kiosk.maintenance.roles import Action, Role
from tests.maintenance.fakes import PINS, ScriptedStaffUI, staff_context

OPERATOR = {Action.VIEW_DASHBOARD, Action.PAPER_REFILLED, Action.SELF_TEST}
SUPERVISOR = OPERATOR | {
    Action.OUT_OF_SERVICE,
    Action.IN_SERVICE,
    Action.RECONCILE,
    Action.VIEW_JOURNAL,
    Action.REPRINT,
}
TECHNICIAN = SUPERVISOR | {Action.RESET_DEVICE, Action.EXPORT_LOGS, Action.VIEW_CONFIG}
ISSUE_TABLE = {
    Role.OPERATOR: ("1001", OPERATOR),
    Role.SUPERVISOR: ("2001", SUPERVISOR),
    Role.TECHNICIAN: ("3001", TECHNICIAN),
}
DEVICE_ACTIONS = {Action.SELF_TEST, Action.PAPER_REFILLED, Action.RESET_DEVICE}
REFERENCE = "123456789012"

# what each allowed action makes the fake services do
SERVICE_CALLS = {
    Action.SELF_TEST: ["self_test"],
    Action.VIEW_JOURNAL: ["journal_view"],
    Action.REPRINT: ["journal_view", "reprint", "journal_view"],
    Action.RECONCILE: ["reconcile", "print_report", "submit_report"],
    Action.EXPORT_LOGS: ["export_logs"],
    Action.VIEW_CONFIG: ["config_text"],
}


def script_action(ui: ScriptedStaffUI, action: Action, allowed: bool) -> None:
    """The staff member's answers while `action` runs (or is refused)."""
    device = "printer" if action in DEVICE_ACTIONS else None
    ui.then("show_dashboard", StaffRequest(action, device))
    if not allowed:
        ui.then("show_staff_result")  # ACTION_DENIED
        return
    if action in (Action.OUT_OF_SERVICE, Action.IN_SERVICE):
        ui.then("confirm_staff", True).then("show_staff_result")
    elif action == Action.VIEW_JOURNAL:
        ui.then("show_journal", GoBack())
    elif action == Action.REPRINT:
        ui.then("show_journal", JournalRequest(reprint=REFERENCE)).then("show_staff_result")
        ui.then("show_journal", GoBack())
    elif action == Action.RECONCILE:
        ui.then("show_reconciliation", ReconciliationRequest.PRINT).then("show_staff_result")
        ui.then("show_reconciliation", ReconciliationRequest.SEND).then("show_staff_result")
        ui.then("show_reconciliation", GoBack())
    elif action == Action.VIEW_CONFIG:
        ui.then("show_config")
    elif action != Action.VIEW_DASHBOARD:
        ui.then("show_staff_result")


@pytest.mark.parametrize("role", list(Role))
async def test_each_role_gets_exactly_its_actions(tmp_path: Path, role: Role) -> None:
    staff_id, expected = ISSUE_TABLE[role]
    parts = staff_context(tmp_path)
    ui = parts.ui
    ui.then("ask_staff_login", StaffLogin(staff_id, PINS[staff_id]))
    for action in Action:
        script_action(ui, action, action in expected)
    ui.then("show_dashboard", StaffExit())

    await run_maintenance(parts.ctx, MaintenanceEntry.LONG_PRESS, services=parts.services)
    assert not ui.steps

    # offered: only the role's actions, terminal-wide and on each device row
    for view in ui.seen("show_dashboard"):
        offered = set(view.actions) | {a for row in view.devices for a in row.actions}
        assert offered == expected
        assert view.role == role

    # run: every allowed action reached its service, nothing else did
    wanted = [
        call for action in Action if action in expected for call in SERVICE_CALLS.get(action, [])
    ]
    assert parts.services.called() == wanted
    assert parts.counters.refills == ["printer"]
    assert parts.devices.reconnects == (["printer"] if Action.RESET_DEVICE in expected else [])
    may_switch = Action.OUT_OF_SERVICE in expected
    assert parts.service.changes == ([(False, staff_id), (True, staff_id)] if may_switch else [])

    # refused: each one audited "denied" and told to the staff member
    audit = parts.audit.entries(limit=1000)
    denied = {e.action for e in audit if e.outcome == "denied"}
    assert denied == {a.value for a in Action if a not in expected}
    assert all(e.staff_id == staff_id for e in audit)
    results = [message for message, _, _ in ui.seen("show_staff_result")]
    assert results.count(StaffMessage.ACTION_DENIED) == len(denied)

    # allowed: each one audited with its outcome
    done = {e.action for e in audit if e.outcome in ("ok", "passed")}
    assert done >= {a.value for a in expected if a != Action.VIEW_DASHBOARD}
    assert parts.audit.verify() is None
