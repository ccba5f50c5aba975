"""Staff roles and what each may do: one table, read by the screens (what to show) and by the
flow (what to allow), so that the two can never disagree."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff member's role."""

    OPERATOR = "operator"  # paper and consumables, self-tests
    SUPERVISOR = "supervisor"  # also service state, day-end reconciliation, journal, reprints
    TECHNICIAN = "technician"  # also device reset and reconnect, log export, config view


class Action(StrEnum):
    """Everything a staff member can do in maintenance mode (each is audited)."""

    VIEW_DASHBOARD = "view_dashboard"
    SELF_TEST = "self_test"
    PAPER_REFILLED = "paper_refilled"
    OUT_OF_SERVICE = "out_of_service"
    IN_SERVICE = "in_service"
    VIEW_JOURNAL = "view_journal"
    REPRINT = "reprint"
    RECONCILE = "reconcile"
    RESET_DEVICE = "reset_device"  # close and reopen the device's connection
    EXPORT_LOGS = "export_logs"
    VIEW_CONFIG = "view_config"


_OPERATOR = frozenset({Action.VIEW_DASHBOARD, Action.SELF_TEST, Action.PAPER_REFILLED})
_SUPERVISOR = _OPERATOR | {
    Action.OUT_OF_SERVICE,
    Action.IN_SERVICE,
    Action.VIEW_JOURNAL,
    Action.REPRINT,
    Action.RECONCILE,
}
_TECHNICIAN = _SUPERVISOR | {Action.RESET_DEVICE, Action.EXPORT_LOGS, Action.VIEW_CONFIG}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.OPERATOR: _OPERATOR,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.TECHNICIAN: frozenset(_TECHNICIAN),
}
"""Role → the actions it may take. The role-matrix test reads the issue's table, not this one."""


def allowed(role: Role, action: Action) -> bool:
    """Whether `role` may take `action`."""
    return action in PERMISSIONS[role]
