"""The dashboard: one row per device with its status fields, local error time, counters and
only the actions of the role; today's figures from the journal; terminal-wide actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from test_journal_view import MORNING, StepClock, add_tx
from test_reconcile import make_settings

from kiosk.devices.status import (
    BarcodeScannerStatus,
    CoverStatus,
    DeviceState,
    DoorStatus,
    PaperStatus,
    PrinterStatus,
    ScannerStatus,
    SensorsStatus,
    SwitchPosition,
)
from kiosk.journal import PaymentJournal, TxState
from kiosk.maintenance.context import DeviceInfo, MaintenanceContext, StaffMember
from kiosk.maintenance.counters import PersistentCounters
from kiosk.maintenance.dashboard import build_dashboard
from kiosk.maintenance.mode import PersistentServiceState
from kiosk.maintenance.roles import Action, Role
from kiosk.maintenance.store import MAINTENANCE_DB, open_store

INFOS = [
    DeviceInfo(
        name="receipt_printer",
        driver="escpos_printer",
        device_class="printer",
        url="socket://127.0.0.1:9100",
        status=PrinterStatus(DeviceState.ONLINE, None, PaperStatus.LOW, CoverStatus.CLOSED),
        available=True,
        last_error="paper near end",
        last_error_at=datetime(2026, 3, 10, 1, 30, 5, tzinfo=UTC),
    ),
    DeviceInfo(
        name="scanner",
        driver="serial_scanner",
        device_class="scanner",
        url="serial://var/run/scanner.tty?baud=9600",
        status=BarcodeScannerStatus(DeviceState.NO_DEVICE, "gone", ScannerStatus.UNKNOWN),
        available=False,
        last_error=None,
        last_error_at=None,
    ),
    DeviceInfo(
        name="sensors",
        driver="modbus_sensors",
        device_class="sensors",
        url="serial://var/run/sensors.tty?baud=9600",
        status=SensorsStatus(DeviceState.ONLINE, None, DoorStatus.OPEN, SwitchPosition.RUN),
        available=True,
        last_error=None,
        last_error_at=None,
    ),
]


class Devices:
    def device_infos(self) -> list[DeviceInfo]:
        return INFOS


class Fleet:
    queued = 3


def member(role: Role) -> StaffMember:
    return StaffMember(staff_id="2001", name="李主管", role=role, pin_hash="$argon2id$x")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[MaintenanceContext]:
    clock = StepClock(MORNING)
    journal = PaymentJournal(tmp_path / "journal.sqlite3", clock)
    store = open_store(tmp_path / MAINTENANCE_DB)
    unused = cast(Any, None)
    yield MaintenanceContext(
        ui=unused,
        devices=cast(Any, Devices()),
        journal=journal,
        backoffice=unused,
        settings=make_settings(tmp_path),
        clock=clock,
        audit=unused,
        staff=unused,
        counters=PersistentCounters(store, clock, 400),
        service=PersistentServiceState(store, clock),
        fleet=cast(Any, Fleet()),
    )
    journal.close()


def test_rows_and_figures(ctx: MaintenanceContext) -> None:
    add_tx(ctx.journal, amount_fen=12345)
    add_tx(ctx.journal, amount_fen=500, end=TxState.DECLINED)
    add_tx(ctx.journal, amount_fen=700, end=TxState.MANUAL_REVIEW)
    cast(StepClock, ctx.clock).advance(-86400)
    add_tx(ctx.journal, amount_fen=900, end=TxState.MANUAL_REVIEW)  # yesterday, still waiting
    cast(StepClock, ctx.clock).advance(86400)
    for _ in range(40):
        ctx.counters.receipt_printed("receipt_printer", 25)

    view = build_dashboard(ctx, member(Role.OPERATOR))

    printer, scanner, sensors = view.devices
    assert printer.status == {"paper": "low", "cover": "closed"}
    assert printer.last_error_at == "2026-03-10 09:30:05"  # local time
    assert printer.counters["receipts_since_refill"] == 40
    assert printer.counters["paper_left_pct"] == 90
    assert printer.actions == [Action.SELF_TEST, Action.PAPER_REFILLED]
    assert scanner.state == "no_device" and not scanner.available
    assert scanner.status == {"scanner": "unknown"} and scanner.counters == {}
    assert scanner.actions == [Action.SELF_TEST]
    assert sensors.status == {"door": "open", "operator_switch": "run"}
    assert view.transactions_today == 3
    assert view.paid_today_fen == 12345
    assert view.manual_review == 2
    assert view.queued_events == 3
    assert view.actions == []  # an operator has no terminal-wide action


def test_actions_follow_role_and_service_state(ctx: MaintenanceContext) -> None:
    supervisor = build_dashboard(ctx, member(Role.SUPERVISOR))
    assert supervisor.actions == [Action.OUT_OF_SERVICE, Action.VIEW_JOURNAL, Action.RECONCILE]
    assert supervisor.devices[0].actions == [Action.SELF_TEST, Action.PAPER_REFILLED]

    ctx.service.set_in_service(False, "2001")
    technician = build_dashboard(ctx, member(Role.TECHNICIAN))
    assert not technician.in_service
    assert technician.actions == [
        Action.IN_SERVICE,
        Action.VIEW_JOURNAL,
        Action.RECONCILE,
        Action.EXPORT_LOGS,
        Action.VIEW_CONFIG,
    ]
    assert technician.devices[0].actions == [
        Action.SELF_TEST,
        Action.RESET_DEVICE,
        Action.PAPER_REFILLED,
    ]
    assert technician.devices[1].actions == [Action.SELF_TEST, Action.RESET_DEVICE]
    ctx.fleet = None
    assert build_dashboard(ctx, member(Role.TECHNICIAN)).queued_events == 0
