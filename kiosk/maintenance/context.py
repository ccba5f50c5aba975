"""What the maintenance flow works with, passed as one object, and the protocols of its parts.

The concrete parts: `AuditLog` (audit.py), `StaffAuthenticator` (auth.py), `Counters`
(counters.py), `ServiceState` (mode.py), `FleetReporter` (kiosk/fleet/reporter.py) and the
`DeviceManager` (kiosk/devices/manager.py). Tests hand the flow fakes of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from drivers.interfaces import Device, ReceiptPrinter, Sensors, SmartCardReader
from kiosk.backoffice import BackOffice, FleetBackOffice
from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.devices.status import DeviceStatus
from kiosk.journal import PaymentJournal
from kiosk.maintenance.ports import MaintenanceUI
from kiosk.maintenance.roles import Role


@dataclass(frozen=True)
class DeviceInfo:
    """One configured device as maintenance and `kiosk devices` see it."""

    name: str
    driver: str  # config driver name, e.g. "escpos_printer"
    device_class: str  # printer | scanner | payment_module | card_reader | sensors
    url: str
    status: DeviceStatus
    available: bool  # offered to customers now (after debouncing)
    last_error: str | None
    last_error_at: datetime | None  # UTC


class DeviceControl(Protocol):
    """What maintenance needs of the DeviceManager beyond the customer flows' `DeviceAccess`."""

    def device_infos(self) -> list[DeviceInfo]:
        """Every configured device, in config order."""
        ...

    def device_named(self, name: str) -> Device | None:
        """The device built for `[devices.NAME]`, available or not; None if not configured."""
        ...

    async def reconnect(self, name: str) -> DeviceStatus:
        """Close the device's connection and open it again (reset); the status after."""
        ...

    def receipt_printer(self) -> ReceiptPrinter | None:
        """The receipt printer, if available."""
        ...

    def card_reader(self) -> SmartCardReader | None:
        """The PC/SC reader, if available (staff cards)."""
        ...

    def sensors(self) -> Sensors | None:
        """The door / operator switch module, if available."""
        ...


@dataclass(frozen=True)
class StaffMember:
    """A member of the hall staff, from the staff file. Holds no PIN, only its Argon2id hash."""

    staff_id: str  # 4 to 8 digits
    name: str
    role: Role
    pin_hash: str  # "$argon2id$..."
    card_serial: str | None = None  # 16 hex digits of the staff card, if one is issued
    card_public_key: str | None = None  # the card's P-256 public key, PEM


@dataclass(frozen=True)
class LoginResult:
    """The answer to a PIN check."""

    member: StaffMember | None  # set when the PIN was right
    attempts_left: int  # before the lockout
    locked_until: datetime | None  # UTC, when locked (now or already)
    unknown_staff: bool = False


class AuditTrail(Protocol):
    """The append-only audit log: UTC time, staff id, action, target, outcome. No customer data."""

    def record(
        self, staff_id: str, action: str, target: str = "", outcome: str = "ok", detail: str = ""
    ) -> None:
        """Append one entry (committed before returning)."""
        ...


class Authenticator(Protocol):
    """Staff look-up, PIN check with lockout, staff-card authentication."""

    def member(self, staff_id: str) -> StaffMember | None:
        """The staff member with that id, if any."""
        ...

    async def check_pin(self, staff_id: str, pin: str, reauth: bool = False) -> LoginResult:
        """Check the PIN (Argon2id, off the GUI thread); counts failures, locks after
        `max_pin_attempts` for `lockout_s`; audited (as a re-authentication when `reauth`)."""
        ...

    async def authenticate_card(self, reader: SmartCardReader) -> StaffMember | None:
        """Read the staff card in `reader`, challenge it and verify its signature with the
        registered public key; the member, or None (unknown, revoked or forged card); audited."""
        ...


class Counters(Protocol):
    """Persistent counters (receipts since the paper was refilled)."""

    def receipt_printed(self, device: str, lines: int) -> None:
        """A receipt came out of `device` (a ReceiptPrinter job listener)."""
        ...

    def paper_refilled(self, device: str) -> None:
        """Staff put a new roll in `device`."""
        ...

    def for_device(self, device: str) -> dict[str, int]:
        """The device's counters for the dashboard and the heartbeat."""
        ...


class ServiceState(Protocol):
    """In service or out of service, persisted across restarts."""

    @property
    def in_service(self) -> bool:
        """Customers may be served."""
        ...

    def set_in_service(self, in_service: bool, staff_id: str) -> None:
        """Change it (the flow audits the action; this records who and when)."""
        ...


class FleetEvents(Protocol):
    """Events pushed to the back office (queued on disk while it is unreachable)."""

    def push(self, kind: FleetEventKind, device: str | None = None, detail: str = "") -> None:
        """Queue an event; sent in order as soon as the back office answers."""
        ...

    @property
    def queued(self) -> int:
        """Events waiting to be sent."""
        ...


class MaintenanceBackOffice(BackOffice, FleetBackOffice, Protocol):
    """The back office as maintenance uses it: customer services and fleet/settlement."""


@dataclass
class MaintenanceContext:
    """The staff member's UI and everything maintenance works with."""

    ui: MaintenanceUI
    devices: DeviceControl
    journal: PaymentJournal
    backoffice: MaintenanceBackOffice
    settings: Settings
    clock: Clock
    audit: AuditTrail
    staff: Authenticator
    counters: Counters
    service: ServiceState
    fleet: FleetEvents | None = None
