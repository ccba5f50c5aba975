"""The terminal's maintenance side, built once at start: the staff parts (audit log, staff file,
lockouts, counters, service state), the fleet reporter, and the door the customer loop opens for
staff (kiosk.flows.staff_door.StaffDoor).

It watches the operator switch: turned to maintenance, it asks the customer loop for a staff
session (noticed at the next idle screen, so a customer is never interrupted); turned back to run,
it ends the staff session that is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.interfaces import ReceiptPrinter, Sensors, SmartCardReader
from drivers.staff_card import is_staff_card_atr
from kiosk.backoffice.fleet_models import TerminalMode
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.devices.manager import DeviceManager
from kiosk.devices.status import SensorsStatus, StatusChanged, SwitchPosition
from kiosk.fleet.outbox import EventOutbox
from kiosk.fleet.reporter import FleetReporter
from kiosk.journal import PaymentJournal
from kiosk.maintenance.audit import AuditLog
from kiosk.maintenance.auth import StaffAuthenticator
from kiosk.maintenance.context import MaintenanceBackOffice, MaintenanceContext
from kiosk.maintenance.counters import PersistentCounters
from kiosk.maintenance.flow import MaintenanceEntry, run_maintenance
from kiosk.maintenance.mode import PersistentServiceState
from kiosk.maintenance.ports import MaintenanceUI
from kiosk.maintenance.staff import StaffRegistry
from kiosk.maintenance.store import MAINTENANCE_DB, open_store
from kiosk.receipts import CHINA_TIME

log = logging.getLogger(__name__)

FLEET_DB = "fleet.sqlite3"


@dataclass(eq=False)
class MaintenanceDesk:
    """Everything maintenance needs, and the `StaffDoor` of the customer loop."""

    settings: Settings
    clock: Clock
    devices: DeviceManager
    journal: PaymentJournal
    backoffice: MaintenanceBackOffice
    ui: MaintenanceUI
    conn: sqlite3.Connection
    audit: AuditLog
    staff: StaffAuthenticator
    counters: PersistentCounters
    service: PersistentServiceState
    fleet: FleetReporter | None
    on_change: Callable[[], None] = lambda: None  # the idle screen should be drawn again
    session_open: bool = False
    _requested: asyncio.Event = field(default_factory=asyncio.Event)
    _switch_to_run: asyncio.Event = field(default_factory=asyncio.Event)
    _switch: SwitchPosition = SwitchPosition.UNKNOWN
    _fleet_task: asyncio.Task[None] | None = None
    _heartbeats: set[asyncio.Future[bool]] = field(default_factory=set)
    _stopped: bool = False

    @classmethod
    def build(
        cls,
        settings: Settings,
        clock: Clock,
        devices: DeviceManager,
        journal: PaymentJournal,
        backoffice: MaintenanceBackOffice,
        ui: MaintenanceUI,
    ) -> MaintenanceDesk:
        """Open the maintenance database and the staff file (a bad staff file raises
        kiosk.config.ConfigError, reported like a config mistake before any window opens)."""
        maintenance = settings.maintenance
        registry = StaffRegistry.load(settings.resolve(maintenance.staff_file))
        conn = open_store(settings.data_dir / MAINTENANCE_DB)
        audit = AuditLog(conn, clock)
        counters = PersistentCounters(conn, clock, maintenance.paper_roll_receipts)
        service = PersistentServiceState(conn, clock)
        fleet: FleetReporter | None = None
        desk_ref: list[MaintenanceDesk] = []
        if settings.fleet.enabled:
            outbox = EventOutbox(
                settings.data_dir / FLEET_DB, clock, settings.fleet.max_queued_events
            )
            fleet = FleetReporter(
                settings,
                backoffice,
                devices,
                outbox,
                clock,
                mode=lambda: desk_ref[0].mode(),
                counters=lambda: desk_ref[0].terminal_counters(),
            )
        staff = StaffAuthenticator(registry, audit, conn, clock, maintenance, fleet)
        desk = cls(
            settings,
            clock,
            devices,
            journal,
            backoffice,
            ui,
            conn,
            audit,
            staff,
            counters,
            service,
            fleet,
        )
        desk_ref.append(desk)
        return desk

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Once the devices are open: count receipts, watch the switch, report to the fleet."""
        for device in self.devices.devices():
            if isinstance(device, ReceiptPrinter):
                device.add_job_listener(self.counters.receipt_printed)
            if isinstance(device, Sensors):
                self._on_sensors(device.status)
        self.devices.add_listener(self._on_status)
        self.service.add_listener(lambda _in_service: self._changed())
        if self.fleet is not None:
            self.devices.add_listener(self.fleet.on_status)
            self._fleet_task = asyncio.create_task(self.fleet.run(), name="fleet")

    async def stop(self) -> None:
        """Stop reporting and close the database."""
        self._stopped = True
        for beat in list(self._heartbeats):
            beat.cancel()
        if self._fleet_task is not None:
            self._fleet_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._fleet_task
        self.conn.close()

    # -- the StaffDoor --------------------------------------------------------------------------

    @property
    def requested(self) -> asyncio.Event:
        """Set when the operator switch is turned to maintenance."""
        return self._requested

    def out_of_service(self) -> bool:
        """Staff took the terminal out of service, or its operator switch is at maintenance."""
        return not self.service.in_service or self._switch == SwitchPosition.MAINTENANCE

    def is_staff_card(self, atr: bytes) -> bool:
        """A staff card, by its answer to reset."""
        return is_staff_card_atr(atr)

    async def run(self, entry: MaintenanceEntry, reader: SmartCardReader | None) -> None:
        """One staff session; the operator switch turned back to run ends it."""
        self._requested.clear()
        self._switch_to_run.clear()
        ctx = MaintenanceContext(
            self.ui,
            self.devices,
            self.journal,
            self.backoffice,
            self.settings,
            self.clock,
            self.audit,
            self.staff,
            self.counters,
            self.service,
            self.fleet,
        )
        self.session_open = True
        self._changed()
        session = asyncio.ensure_future(run_maintenance(ctx, entry, reader))
        switched = asyncio.ensure_future(self._switch_to_run.wait())
        try:
            await asyncio.wait({session, switched}, return_when=asyncio.FIRST_COMPLETED)
            if not session.done():
                log.info("operator switch back to run: maintenance session ends")
        finally:
            switched.cancel()
            await _finish(session)
            self.session_open = False
            self._changed()

    # -- what the fleet sees ----------------------------------------------------------------------

    def mode(self) -> TerminalMode:
        """In service, out of service, or a staff session open."""
        if self.session_open:
            return TerminalMode.MAINTENANCE
        if self.out_of_service():
            return TerminalMode.OUT_OF_SERVICE
        return TerminalMode.IN_SERVICE

    def terminal_counters(self) -> dict[str, int]:
        """Counters for the heartbeat: today's transactions, receipts since the refill."""
        today = self.clock.wall().astimezone(CHINA_TIME).date()
        count, paid_fen = self.journal.day_summary(today, CHINA_TIME)
        counters = {"transactions_today": count, "paid_today_fen": paid_fen}
        for device in self.devices.devices():
            if isinstance(device, ReceiptPrinter):
                for key, value in self.counters.for_device(device.name).items():
                    counters[f"{device.name}.{key}"] = value
        return counters

    # -- events -----------------------------------------------------------------------------------

    def _on_status(self, event: StatusChanged) -> None:
        if isinstance(event.status, SensorsStatus):
            self._on_sensors(event.status)

    def _on_sensors(self, status: SensorsStatus) -> None:
        before, self._switch = self._switch, status.operator_switch
        if before == self._switch:
            return
        if self._switch == SwitchPosition.MAINTENANCE:
            log.info("operator switch at maintenance")
            self._requested.set()
        elif self._switch == SwitchPosition.RUN and before == SwitchPosition.MAINTENANCE:
            log.info("operator switch back at run")
            self._requested.clear()
            self._switch_to_run.set()
        self._changed()

    def _changed(self) -> None:
        self.on_change()
        if self.fleet is not None and self._fleet_task is not None and not self._stopped:
            # The back office sees a new mode (maintenance, out of service) at once, not at the
            # next heartbeat.
            beat = asyncio.ensure_future(self.fleet.send_heartbeat())
            self._heartbeats.add(beat)
            beat.add_done_callback(self._heartbeats.discard)


async def _finish(task: asyncio.Future[Any]) -> None:
    """Cancel `task` if it still runs and wait for it; its failure is logged, not raised."""
    if not task.done():
        task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        if not task.cancelled():
            raise  # the caller itself is being cancelled
    except Exception:
        log.exception("maintenance session failed")
