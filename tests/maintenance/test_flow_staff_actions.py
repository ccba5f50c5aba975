"""The maintenance flow's actions, as a technician (who may do everything): what the staff member
is told, what is audited and pushed to the fleet, and that a failure never leaves maintenance."""

from __future__ import annotations

import asyncio
from pathlib import Path

from drivers.interfaces import DeviceGone
from kiosk.accounts import reference_for
from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.devices.status import DeviceState
from kiosk.flows.ports import GoBack
from kiosk.maintenance.flow import MaintenanceEntry, run_maintenance
from kiosk.maintenance.ports import (
    JournalFilter,
    JournalRequest,
    ReconciliationRequest,
    StaffExit,
    StaffLogin,
    StaffMessage,
    StaffRequest,
)
from kiosk.maintenance.roles import Action
from kiosk.maintenance.services import ActionFailed, DriveMissing
from tests.maintenance.fakes import DEVICES, StaffParts, staff_context

TECHNICIAN = StaffLogin("3001", "975310")
REFERENCE = reference_for("SZ-FT-0001-SP01-key")  # a payment's reference: kept in the audit


async def act(parts: StaffParts, request: StaffRequest, *answers: tuple[str, object]) -> None:
    """Log in, make `request`, answer the follow-up screens, exit."""
    parts.ui.then("ask_staff_login", TECHNICIAN).then("show_dashboard", request)
    for method, answer in answers:
        parts.ui.then(method, answer)
    parts.ui.then("show_dashboard", StaffExit())
    await asyncio.wait_for(
        run_maintenance(parts.ctx, MaintenanceEntry.LONG_PRESS, None, parts.services), 10
    )
    assert not parts.ui.steps


def results(parts: StaffParts) -> list[tuple[object, dict[str, str], bool]]:
    return parts.ui.seen("show_staff_result")


def last_action(parts: StaffParts, action: str) -> tuple[str, str, str]:
    entry = [e for e in parts.audit.entries(limit=1000) if e.action == action][-1]
    return entry.target, entry.outcome, entry.detail


async def test_self_test_passed(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.SELF_TEST, "printer"), ("show_staff_result", None))
    assert parts.ui.progress == [
        (StaffMessage.SELF_TEST_RUNNING, {"device": "printer", "test": "print"})
    ]
    assert results(parts) == [
        (
            StaffMessage.SELF_TEST_PASSED,
            {"device": "printer", "test": "print", "detail": "ok"},
            True,
        )
    ]
    assert last_action(parts, "self_test") == ("printer", "passed", "print: ok")


async def test_self_test_failed(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.services.self_test_passes = False
    await act(parts, StaffRequest(Action.SELF_TEST, "printer"), ("show_staff_result", None))
    message, params, ok = results(parts)[0]
    assert (message, params["detail"], ok) == (StaffMessage.SELF_TEST_FAILED, "paper out", False)
    assert last_action(parts, "self_test")[1] == "failed"


async def test_an_unknown_device_is_refused_without_running_anything(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.SELF_TEST, "toaster"), ("show_staff_result", None))
    assert results(parts)[0][0] == StaffMessage.ACTION_FAILED
    assert parts.services.called() == []


async def test_reset_device(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.RESET_DEVICE, "scanner"), ("show_staff_result", None))
    assert parts.devices.reconnects == ["scanner"]
    assert results(parts) == [
        (StaffMessage.DEVICE_RESET, {"device": "scanner", "state": "online"}, True)
    ]
    assert last_action(parts, "reset_device")[:2] == ("scanner", "ok")


async def test_reset_device_that_stays_gone_or_raises(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.devices.reset_state = DeviceState.NO_DEVICE
    await act(parts, StaffRequest(Action.RESET_DEVICE, "scanner"), ("show_staff_result", None))
    assert results(parts)[0] == (
        StaffMessage.DEVICE_RESET_FAILED,
        {"device": "scanner", "detail": "state no_device"},
        False,
    )
    parts = staff_context(tmp_path / "again")
    parts.devices.reset_error = DeviceGone("no such tty")
    await act(parts, StaffRequest(Action.RESET_DEVICE, "scanner"), ("show_staff_result", None))
    assert results(parts)[0][1]["detail"] == "no such tty"
    assert last_action(parts, "reset_device")[1] == "failed"


async def test_paper_refilled(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.PAPER_REFILLED, "printer"), ("show_staff_result", None))
    assert parts.counters.refills == ["printer"]
    assert (FleetEventKind.PAPER_REFILLED, "printer", "") in parts.fleet.events
    assert results(parts) == [(StaffMessage.PAPER_REFILL_RECORDED, {"device": "printer"}, True)]


async def test_out_of_service_and_back(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(
        parts,
        StaffRequest(Action.OUT_OF_SERVICE),
        ("confirm_staff", True),
        ("show_staff_result", None),
        ("show_dashboard", StaffRequest(Action.IN_SERVICE)),
        ("confirm_staff", True),
        ("show_staff_result", None),
    )
    assert parts.service.changes == [(False, "3001"), (True, "3001")]
    assert [m for m, _ in parts.ui.seen("confirm_staff")] == [
        StaffMessage.CONFIRM_OUT_OF_SERVICE,
        StaffMessage.CONFIRM_IN_SERVICE,
    ]
    assert [r[0] for r in results(parts)] == [
        StaffMessage.NOW_OUT_OF_SERVICE,
        StaffMessage.NOW_IN_SERVICE,
    ]
    kinds = parts.fleet.kinds()
    assert kinds.index(FleetEventKind.OUT_OF_SERVICE) < kinds.index(FleetEventKind.IN_SERVICE)
    # the dashboard shown after the change tells the new state
    assert parts.ui.seen("show_dashboard")[1].in_service is False


async def test_out_of_service_not_confirmed_changes_nothing(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.OUT_OF_SERVICE), ("confirm_staff", False))
    assert parts.service.changes == []
    assert last_action(parts, "out_of_service")[1] == "cancelled"


async def test_journal_filters_and_reprints(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.services.fail["reprint"] = ActionFailed("printer not ready: paper out")
    await act(
        parts,
        StaffRequest(Action.VIEW_JOURNAL),
        ("show_journal", JournalRequest(filter=JournalFilter.MANUAL_REVIEW)),
        ("show_journal", JournalRequest(reprint=REFERENCE)),
        ("show_staff_result", None),
        ("show_journal", GoBack()),
    )
    views = parts.ui.seen("show_journal")
    assert [v.filter for v in views] == [JournalFilter.ALL] + [JournalFilter.MANUAL_REVIEW] * 2
    assert views[0].day == "2026-11-23"
    assert results(parts) == [
        (
            StaffMessage.REPRINT_FAILED,
            {"reference": REFERENCE, "detail": "printer not ready: paper out"},
            False,
        )
    ]
    assert last_action(parts, "reprint") == (
        REFERENCE,
        "failed",
        "printer not ready: paper out",
    )


async def test_reconcile_print_send(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.services.fail["print_report"] = ActionFailed("paper out")
    await act(
        parts,
        StaffRequest(Action.RECONCILE),
        ("show_reconciliation", ReconciliationRequest.PRINT),
        ("show_staff_result", None),
        ("show_reconciliation", ReconciliationRequest.SEND),
        ("show_staff_result", None),
        ("show_reconciliation", GoBack()),
    )
    assert parts.ui.progress == [(StaffMessage.RECONCILING, {})]
    assert [r[:2] for r in results(parts)] == [
        (StaffMessage.RECONCILIATION_PRINT_FAILED, {"detail": "paper out"}),
        (StaffMessage.RECONCILIATION_SENT, {"report_id": "R-0001"}),
    ]
    views = parts.ui.seen("show_reconciliation")
    assert views[0].totals[0].journal_fen == 1234
    assert [(v.printed, v.sent_report_id) for v in views] == [
        (False, None),
        (False, None),
        (False, "R-0001"),
    ]


async def test_reconcile_with_the_back_office_down(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    parts.services.fail["reconcile"] = ActionFailed("back office unreachable")
    await act(parts, StaffRequest(Action.RECONCILE), ("show_staff_result", None))
    assert results(parts) == [
        (StaffMessage.BACKOFFICE_UNREACHABLE, {"detail": "back office unreachable"}, False)
    ]
    assert last_action(parts, "reconcile")[1] == "failed"


async def test_export_done_and_no_drive(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.EXPORT_LOGS), ("show_staff_result", None))
    assert results(parts)[0][:2] == (
        StaffMessage.EXPORT_DONE,
        {"folder": "/media/usb/SZ-FT-0001-SP01-20261123-100000", "files": "3"},
    )
    parts = staff_context(tmp_path / "again")
    parts.services.fail["export_logs"] = DriveMissing("no writable drive")
    await act(parts, StaffRequest(Action.EXPORT_LOGS), ("show_staff_result", None))
    message, params, _ = results(parts)[0]
    assert message == StaffMessage.EXPORT_NO_DRIVE
    assert params["folder"] == str(tmp_path / "again" / "usb")


async def test_view_config(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await act(parts, StaffRequest(Action.VIEW_CONFIG), ("show_config", None))
    assert parts.ui.seen("show_config") == ['[terminal]\nid = "SZ-FT-0001-SP01"\n']
    assert last_action(parts, "view_config")[1] == "ok"


async def test_an_unexpected_fault_is_shown_and_maintenance_goes_on(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)

    async def broken(ctx: object, staff_id: str) -> None:
        raise RuntimeError("disk on fire")

    parts.services.export_logs = broken  # type: ignore[method-assign,assignment]
    await act(
        parts,
        StaffRequest(Action.EXPORT_LOGS),
        ("show_staff_result", None),
        ("show_dashboard", StaffRequest(Action.SELF_TEST, "printer")),
        ("show_staff_result", None),
    )
    assert results(parts)[0] == (StaffMessage.ACTION_FAILED, {"detail": "RuntimeError"}, False)
    assert results(parts)[1][0] == StaffMessage.SELF_TEST_PASSED
    assert last_action(parts, "fault")[1:] == ("error", "RuntimeError")
    assert "disk on fire" not in str(parts.audit.entries(limit=1000))


async def test_the_real_services_behind_the_flow(tmp_path: Path) -> None:
    """ServiceModules binds the flow to this package's dashboard, journal view and config view."""
    from kiosk.journal import PaymentJournal
    from kiosk.maintenance.services import ServiceModules

    parts = staff_context(tmp_path)
    parts.ctx.journal = PaymentJournal(tmp_path / "journal.sqlite3", parts.clock)
    parts.services = ServiceModules()  # type: ignore[assignment]
    await act(
        parts,
        StaffRequest(Action.VIEW_CONFIG),
        ("show_config", None),
        ("show_dashboard", StaffRequest(Action.VIEW_JOURNAL)),
        ("show_journal", GoBack()),
    )
    dashboard = parts.ui.seen("show_dashboard")[0]
    assert dashboard.staff_id == "3001" and dashboard.transactions_today == 0
    assert [row.name for row in dashboard.devices] == list(DEVICES)
    assert 'id = "SZ-FT-0001-SP01"' in parts.ui.seen("show_config")[0]
    journal = parts.ui.seen("show_journal")[0]
    assert (journal.day, journal.count, journal.rows) == ("2026-11-23", 0, [])
