"""The maintenance desk: the operator switch asks for a staff session and ends it, the terminal is
out of service while the switch is at maintenance, and the back office hears a change of mode at
once (a heartbeat), not at the next interval."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from kiosk.backoffice.fleet_models import EventAck, EventBatch, Heartbeat, TerminalMode
from kiosk.clock import SystemClock
from kiosk.config import Settings, load_settings
from kiosk.devices.status import (
    DeviceState,
    DoorStatus,
    SensorsStatus,
    StatusChanged,
    SwitchPosition,
)
from kiosk.journal import PaymentJournal
from kiosk.maintenance import desk as desk_module
from kiosk.maintenance.desk import MaintenanceDesk
from kiosk.maintenance.flow import MaintenanceEntry

ROOT = Path(__file__).resolve().parents[2]


class Devices:
    """The DeviceManager as the desk uses it: no devices, listeners kept."""

    def __init__(self) -> None:
        self.listeners: list[Any] = []

    def devices(self) -> list[Any]:
        return []

    def device_infos(self) -> list[Any]:
        return []

    def add_listener(self, listener: Any) -> None:
        self.listeners.append(listener)

    def switch(self, position: SwitchPosition) -> None:
        status = SensorsStatus(DeviceState.ONLINE, None, DoorStatus.CLOSED, position)
        event = StatusChanged("sensors", {"operator_switch": position}, status)
        for listener in self.listeners:
            listener(event)


class BackOffice:
    """Records heartbeats; takes every event."""

    def __init__(self) -> None:
        self.modes: list[TerminalMode] = []
        self.beat = asyncio.Event()

    async def send_heartbeat(self, heartbeat: Heartbeat) -> None:
        self.modes.append(heartbeat.mode)
        self.beat.set()

    async def send_fleet_events(self, batch: EventBatch) -> EventAck:
        return EventAck(acked_seq=batch.events[-1].seq)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    base = load_settings(ROOT / "config.toml")
    terminal = base.terminal.model_copy(update={"data_dir": tmp_path / "data"})
    # A long interval: only changes of mode send a heartbeat during the test.
    fleet = base.fleet.model_copy(update={"heartbeat_interval_s": 3600})
    return base.model_copy(update={"terminal": terminal, "fleet": fleet})


async def next_mode(backoffice: BackOffice) -> TerminalMode:
    await asyncio.wait_for(backoffice.beat.wait(), 5)
    backoffice.beat.clear()
    return backoffice.modes[-1]


async def test_the_switch_opens_and_ends_a_staff_session(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions: list[MaintenanceEntry] = []
    ended = asyncio.Event()

    async def staff_session(ctx: Any, entry: MaintenanceEntry, reader: Any) -> None:
        sessions.append(entry)
        try:
            await asyncio.get_running_loop().create_future()  # until the switch ends it
        finally:
            ended.set()

    monkeypatch.setattr(desk_module, "run_maintenance", staff_session)
    devices, backoffice = Devices(), BackOffice()
    journal = PaymentJournal(settings.data_dir / "journal.sqlite3", SystemClock())
    desk = MaintenanceDesk.build(
        settings,
        SystemClock(),
        devices,
        journal,
        backoffice,
        ui=None,  # type: ignore[arg-type]
    )
    redraws: list[bool] = []
    desk.on_change = lambda: redraws.append(True)
    desk.start()
    try:
        assert await next_mode(backoffice) == TerminalMode.IN_SERVICE  # the first heartbeat
        devices.switch(SwitchPosition.RUN)
        assert not desk.requested.is_set() and not desk.out_of_service()

        devices.switch(SwitchPosition.MAINTENANCE)
        assert desk.requested.is_set()
        assert desk.out_of_service()  # no customer may start while the key is turned
        assert await next_mode(backoffice) == TerminalMode.OUT_OF_SERVICE

        run = asyncio.ensure_future(desk.run(MaintenanceEntry.OPERATOR_SWITCH, None))
        assert await next_mode(backoffice) == TerminalMode.MAINTENANCE
        assert not desk.requested.is_set()  # taken
        devices.switch(SwitchPosition.RUN)
        await asyncio.wait_for(run, 5)
        assert ended.is_set() and sessions == [MaintenanceEntry.OPERATOR_SWITCH]
        assert not desk.out_of_service()
        assert await next_mode(backoffice) == TerminalMode.IN_SERVICE
        assert redraws  # the idle screen was asked to show the new state
    finally:
        await desk.stop()
        journal.close()


async def test_out_of_service_is_kept_across_a_restart(settings: Settings) -> None:
    journal = PaymentJournal(settings.data_dir / "journal.sqlite3", SystemClock())

    def build() -> MaintenanceDesk:
        return MaintenanceDesk.build(
            settings,
            SystemClock(),
            Devices(),
            journal,
            BackOffice(),
            ui=None,  # type: ignore[arg-type]
        )

    try:
        first = build()
        assert not first.out_of_service()
        first.service.set_in_service(False, "2001")
        assert first.mode() == TerminalMode.OUT_OF_SERVICE
        await first.stop()
        again = build()  # the terminal restarted
        assert again.out_of_service()
        await again.stop()
    finally:
        journal.close()
