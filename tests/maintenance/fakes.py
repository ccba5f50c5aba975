"""Test doubles for maintenance: a virtual clock, a scripted staff member at the maintenance UI,
fakes of the context's parts (devices, counters, service state, fleet, services) and a card
reader holding a simulated staff card. Import as `tests.maintenance.fakes` (the flows' suite has
its own `fakes` module). The audit log and the authenticator are the real ones on a temporary
database: `staff_context()` builds a whole MaintenanceContext for a test.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from argon2 import PasswordHasher, Type

from drivers.interfaces import CardRemoved, DeviceError, SmartCardReader
from kiosk.backoffice.fleet_models import (
    FleetEventKind,
    MethodTotal,
    ReconciliationAck,
    ReconciliationReport,
)
from kiosk.config import Settings, parse_settings
from kiosk.devices.status import CardReaderStatus, DeviceState, DeviceStatus
from kiosk.maintenance.audit import AuditLog
from kiosk.maintenance.auth import StaffAuthenticator
from kiosk.maintenance.context import DeviceInfo, MaintenanceContext, StaffMember
from kiosk.maintenance.ports import (
    DashboardView,
    DeviceRow,
    JournalFilter,
    JournalView,
)
from kiosk.maintenance.roles import Action, Role
from kiosk.maintenance.services import ActionFailed, ExportDone, SelfTestDone
from kiosk.maintenance.staff import StaffRegistry
from kiosk.maintenance.store import open_store
from simulators.staff_cards import StaffCard, StaffCardSpec, find_staff_card, public_key_pem

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall (UTC+8)

# Argon2id with the smallest legal cost: verification takes microseconds, so a test can try
# dozens of PINs; production hashes (kiosk.maintenance.staff.PIN_HASHER) take ~115 ms.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)

PINS = {"1001": "246810", "2001": "135790", "3001": "975310", "4001": "112233"}
CARDS = {"1001": "staff-operator", "2001": "staff-supervisor", "3001": "staff-technician"}
ROLES = {
    "1001": Role.OPERATOR,
    "2001": Role.SUPERVISOR,
    "3001": Role.TECHNICIAN,
    "4001": Role.OPERATOR,
}
NAMES = {"1001": "王师傅", "2001": "李主管", "3001": "张工", "4001": "赵敏"}
DEVICES = ("printer", "scanner", "payment_module", "card_reader", "sensors")

CONFIG = """
[terminal]
id = "SZ-FT-0001-SP01"
data_dir = "data"

[backoffice]
base_url = "http://127.0.0.1:9"

[maintenance]
export_dir = "usb"
"""


def demo_members() -> list[StaffMember]:
    """The demo staff of staff.toml, with cheap hashes of the same PINs."""
    members = []
    for staff_id, pin in PINS.items():
        card = CARDS.get(staff_id)
        members.append(
            StaffMember(
                staff_id=staff_id,
                name=NAMES[staff_id],
                role=ROLES[staff_id],
                pin_hash=CHEAP_HASHER.hash(pin),
                card_serial=find_staff_card(card).serial if card else None,
                card_public_key=public_key_pem(card) if card else None,
            )
        )
    return members


# -- time ---------------------------------------------------------------------------------------


class FakeClock:
    """Virtual time (like tests/flows/fakes.py's): whenever every task waits, the clock jumps to
    the earliest sleeper's deadline, so a 30-minute lockout or a 2-minute idle time-out passes in
    milliseconds. `advance()` moves it by hand."""

    def __init__(self, start: datetime = START) -> None:
        self._now = 0.0
        self._start = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._driver: asyncio.Task[None] | None = None

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> datetime:
        return self._start + timedelta(seconds=self._now)

    def advance(self, seconds: float) -> None:
        """Move time on (sleepers due by then wake at the next settle)."""
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self._now + max(0.0, seconds), self._seq, future))
        self._seq += 1
        if self._driver is None or self._driver.done():
            self._driver = loop.create_task(self._drive())
        await future

    async def _drive(self) -> None:
        while True:
            quiet = 0
            while quiet < 3:
                await asyncio.sleep(0)
                ready = getattr(asyncio.get_running_loop(), "_ready", None)
                quiet = quiet + 1 if not ready else 0
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)
            if not self._sleepers:
                return
            self._now = max(self._now, self._sleepers[0][0])
            while self._sleepers and self._sleepers[0][0] <= self._now:
                _, _, future = heapq.heappop(self._sleepers)
                if not future.done():
                    future.set_result(None)


# -- the staff member ---------------------------------------------------------------------------


class ScriptExhausted(BaseException):
    """The flow asked something the test did not script (BaseException: the flow's fault guard
    must not swallow it)."""


class ScriptMismatch(BaseException):
    """The flow asked something other than the next scripted step."""


HANG = object()
"""A scripted answer that never comes (the staff member walked away)."""


@dataclass
class Step:
    """One scripted UI call: the method expected and the answer (a value, an exception to
    raise, HANG, or a callable given the call's argument and returning one of those)."""

    method: str
    answer: Any = None


@dataclass
class ScriptedStaffUI:
    """`MaintenanceUI` answering from a script; every call is recorded in `calls`."""

    steps: deque[Step] = field(default_factory=deque)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    progress: list[tuple[Any, dict[str, str]]] = field(default_factory=list)
    on_activity: Any = None  # what the flow registered for touches

    def then(self, method: str, answer: Any = None) -> ScriptedStaffUI:
        """Add a step; returns self to chain."""
        self.steps.append(Step(method, answer))
        return self

    def seen(self, method: str) -> list[Any]:
        """The arguments of every call of `method`, in order."""
        return [arg for name, arg in self.calls if name == method]

    async def _answer(self, method: str, arg: Any) -> Any:
        self.calls.append((method, arg))
        if not self.steps:
            raise ScriptExhausted(f"{method}({arg!r}) not scripted")
        step = self.steps.popleft()
        if step.method != method:
            raise ScriptMismatch(f"expected {step.method}, the flow called {method}({arg!r})")
        answer = step.answer(arg) if callable(step.answer) else step.answer
        if answer is HANG:
            await asyncio.get_running_loop().create_future()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    async def ask_staff_login(self, prompt: Any) -> Any:
        return await self._answer("ask_staff_login", prompt)

    async def show_dashboard(self, view: Any) -> Any:
        return await self._answer("show_dashboard", view)

    async def show_journal(self, view: Any) -> Any:
        return await self._answer("show_journal", view)

    async def show_reconciliation(self, view: Any) -> Any:
        return await self._answer("show_reconciliation", view)

    async def show_config(self, text: str) -> None:
        await self._answer("show_config", text)

    def show_staff_progress(self, message: Any, params: dict[str, str]) -> None:
        self.progress.append((message, params))

    async def show_staff_result(self, message: Any, params: dict[str, str], ok: bool) -> None:
        await self._answer("show_staff_result", (message, params, ok))

    def set_on_activity(self, callback: Any) -> None:
        self.on_activity = callback

    async def confirm_staff(self, message: Any, params: dict[str, str]) -> bool:
        return bool(await self._answer("confirm_staff", (message, params)))


# -- the context's parts ------------------------------------------------------------------------


class FakeDevices:
    """`DeviceControl` over named placeholders; `reconnect` answers `reset_state` or raises."""

    def __init__(self) -> None:
        self.reconnects: list[str] = []
        self.reset_state = DeviceState.ONLINE
        self.reset_error: DeviceError | None = None

    def device_infos(self) -> list[DeviceInfo]:
        return [
            DeviceInfo(
                name,
                name,
                name,
                f"socket://127.0.0.1:{9100 + i}",
                DeviceStatus(DeviceState.ONLINE),
                True,
                None,
                None,
            )
            for i, name in enumerate(DEVICES)
        ]

    def device_named(self, name: str) -> Any:
        return object() if name in DEVICES else None

    async def reconnect(self, name: str) -> DeviceStatus:
        self.reconnects.append(name)
        if self.reset_error is not None:
            raise self.reset_error
        return DeviceStatus(self.reset_state)

    def receipt_printer(self) -> None:
        return None

    def card_reader(self) -> None:
        return None

    def sensors(self) -> None:
        return None


class FakeCounters:
    """`Counters` in memory."""

    def __init__(self) -> None:
        self.refills: list[str] = []

    def receipt_printed(self, device: str, lines: int) -> None:
        pass

    def paper_refilled(self, device: str) -> None:
        self.refills.append(device)

    def for_device(self, device: str) -> dict[str, int]:
        return {}


class FakeServiceState:
    """`ServiceState` in memory; `changes` lists (in_service, staff_id)."""

    def __init__(self) -> None:
        self.in_service = True
        self.changes: list[tuple[bool, str]] = []

    def set_in_service(self, in_service: bool, staff_id: str) -> None:
        self.in_service = in_service
        self.changes.append((in_service, staff_id))


class FakeFleet:
    """`FleetEvents` that keeps what was pushed."""

    def __init__(self) -> None:
        self.events: list[tuple[FleetEventKind, str | None, str]] = []

    def push(self, kind: FleetEventKind, device: str | None = None, detail: str = "") -> None:
        self.events.append((kind, device, detail))

    @property
    def queued(self) -> int:
        return len(self.events)

    def kinds(self) -> list[FleetEventKind]:
        return [kind for kind, _, _ in self.events]


def report(day: date = date(2026, 11, 23), staff_id: str = "2001") -> ReconciliationReport:
    """A small reconciliation report (balanced)."""
    return ReconciliationReport(
        terminal_id="SZ-FT-0001-SP01",
        day=day,
        staff_id=staff_id,
        made_at=START,
        totals=[
            MethodTotal(
                method="wechat",
                journal_count=1,
                journal_fen=1234,
                backoffice_count=1,
                backoffice_fen=1234,
            )
        ],
        differences=[],
    )


class FakeServices:
    """`MaintenanceServices` that records every call in `calls` (action, argument). Its dashboard
    offers every action on every row, whatever the role: the flow must narrow it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.self_test_passes = True
        self.fail: dict[str, ActionFailed] = {}  # service name -> what it raises

    def _call(self, name: str, arg: Any = None) -> None:
        self.calls.append((name, arg))
        if name in self.fail:
            raise self.fail[name]

    def called(self) -> list[str]:
        return [name for name, _ in self.calls if name not in ("dashboard", "self_test_kind")]

    async def dashboard(self, ctx: MaintenanceContext, member: StaffMember) -> DashboardView:
        self._call("dashboard", member.staff_id)
        rows = [
            DeviceRow(name, name, "online", {}, True, None, None, {}, list(Action))
            for name in DEVICES
        ]
        return DashboardView(
            member.staff_id,
            member.name,
            member.role,
            ctx.service.in_service,
            rows,
            0,
            0,
            0,
            0,
            list(Action),
        )

    def self_test_kind(self, ctx: MaintenanceContext, device: str) -> str:
        self.calls.append(("self_test_kind", device))
        return "print" if device == "printer" else "echo"

    async def self_test(self, ctx: MaintenanceContext, device: str) -> SelfTestDone:
        self._call("self_test", device)
        return SelfTestDone(
            device, "print", self.self_test_passes, "ok" if self.self_test_passes else "paper out"
        )

    async def journal_view(
        self, ctx: MaintenanceContext, day: date, shown: JournalFilter, can_reprint: bool
    ) -> JournalView:
        self._call("journal_view", (day, shown, can_reprint))
        return JournalView(day.isoformat(), shown, [], 0, 0)

    async def reprint(self, ctx: MaintenanceContext, reference: str) -> None:
        self._call("reprint", reference)

    async def reconcile(self, ctx: MaintenanceContext, staff_id: str) -> ReconciliationReport:
        self._call("reconcile", staff_id)
        return report(staff_id=staff_id)

    async def print_report(self, ctx: MaintenanceContext, report: ReconciliationReport) -> None:
        self._call("print_report", report.day)

    async def submit_report(
        self, ctx: MaintenanceContext, report: ReconciliationReport
    ) -> ReconciliationAck:
        self._call("submit_report", report.day)
        return ReconciliationAck(report_id="R-0001", received_at=START)

    async def export_logs(self, ctx: MaintenanceContext, staff_id: str) -> ExportDone:
        self._call("export_logs", staff_id)
        return ExportDone("/media/usb/SZ-FT-0001-SP01-20261123-100000", 3)

    def config_text(self, ctx: MaintenanceContext) -> str:
        self._call("config_text")
        return '[terminal]\nid = "SZ-FT-0001-SP01"\n'


# -- a staff card in a reader -------------------------------------------------------------------


class CardInReader(SmartCardReader):
    """A reader with a simulated staff card (simulators.staff_cards.StaffCard) in its slot: the
    real driver code (drivers.staff_card) talks APDUs to the simulated card."""

    def __init__(self, card: StaffCard | None) -> None:
        super().__init__("card_reader")
        self.card = card
        self.apdus: list[bytes] = []
        self.connected = False

    @classmethod
    def named(cls, name: str) -> CardInReader:
        return cls(StaffCard.named(name))

    @classmethod
    def claiming(cls, name: str, staff_id: str) -> CardInReader:
        """The catalogue card `name` (its serial and key) with another staff id in its id file."""
        spec = find_staff_card(name)
        return cls(StaffCard(StaffCardSpec(spec.name, spec.serial, staff_id)))

    @property
    def status(self) -> CardReaderStatus:
        return CardReaderStatus(DeviceState.ONLINE)

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def wait_for_card(self) -> bytes:
        raise NotImplementedError

    async def wait_for_removal(self, timeout_s: float) -> bool:
        return True

    def card_present(self) -> bool:
        return self.card is not None

    async def connect_card(self) -> bytes:
        if self.card is None:
            raise CardRemoved("no card")
        self.connected = True
        self.card.power_up()
        return self.card.answer_to_reset()

    async def transmit(self, apdu: bytes) -> bytes:
        if self.card is None:
            raise CardRemoved("card pulled out")
        self.apdus.append(apdu)
        answer = self.card.command(apdu)
        assert answer is not None
        return answer

    async def disconnect_card(self) -> None:
        self.connected = False

    @property
    def apdu_count(self) -> int:
        return len(self.apdus)


# -- a whole context ----------------------------------------------------------------------------


@dataclass
class StaffParts:
    """Everything `staff_context` built, for the test to inspect."""

    ctx: MaintenanceContext
    ui: ScriptedStaffUI
    clock: FakeClock
    audit: AuditLog
    auth: StaffAuthenticator
    devices: FakeDevices
    counters: FakeCounters
    service: FakeServiceState
    fleet: FakeFleet
    services: FakeServices
    db: Path


def settings_for(tmp_path: Path, extra: str = "") -> Settings:
    """The test configuration (data in `tmp_path`)."""
    return parse_settings(CONFIG + extra, tmp_path, "test config")


def staff_context(
    tmp_path: Path,
    clock: FakeClock | None = None,
    members: list[StaffMember] | None = None,
    on_settings: Callable[[Settings], Settings] | None = None,
) -> StaffParts:
    """A MaintenanceContext of fakes around the real audit log and authenticator."""
    clock = clock or FakeClock()
    settings = settings_for(tmp_path)
    if on_settings is not None:
        settings = on_settings(settings)
    db = tmp_path / "maintenance.sqlite3"
    conn = open_store(db)
    audit = AuditLog(conn, clock)
    fleet = FakeFleet()
    registry = StaffRegistry(members if members is not None else demo_members())
    auth = StaffAuthenticator(registry, audit, conn, clock, settings.maintenance, fleet)
    ui = ScriptedStaffUI()
    devices, counters, service = FakeDevices(), FakeCounters(), FakeServiceState()
    ctx = MaintenanceContext(
        ui=ui,
        devices=devices,
        journal=cast(Any, None),  # the fake services never read the journal
        backoffice=cast(Any, None),
        settings=settings,
        clock=clock,
        audit=audit,
        staff=auth,
        counters=counters,
        service=service,
        fleet=fleet,
    )
    return StaffParts(
        ctx, ui, clock, audit, auth, devices, counters, service, fleet, FakeServices(), db
    )
