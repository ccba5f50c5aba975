"""Device status after XFS4IoT: a common state plus a typed status per device class.

A change is published as a `StatusChanged` carrying only the fields that changed. Execute events
(tied to a command) and unsolicited events are separate types.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class DeviceState(StrEnum):
    """Common device state (XFS4IoT Common.Status.Device)."""

    ONLINE = "online"
    OFFLINE = "offline"
    POWER_OFF = "power_off"
    NO_DEVICE = "no_device"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"
    BUSY = "busy"


class PaperStatus(StrEnum):
    """Receipt paper (XFS4IoT Printer.Status.Paper)."""

    FULL = "full"
    LOW = "low"
    OUT = "out"
    JAMMED = "jammed"
    UNKNOWN = "unknown"


class CoverStatus(StrEnum):
    """Printer cover."""

    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class ScannerStatus(StrEnum):
    """Barcode scanner (XFS4IoT BarcodeReader.Status.Scanner)."""

    ON = "on"
    OFF = "off"
    INOPERATIVE = "inoperative"
    UNKNOWN = "unknown"


class MediaStatus(StrEnum):
    """A card in a reader's slot (XFS4IoT CardReader.Status.Media)."""

    PRESENT = "present"  # in the slot, readable
    NOT_PRESENT = "not_present"
    JAMMED = "jammed"
    ENTERING = "entering"  # being inserted or taken
    LATCHED = "latched"  # held by the reader during a command
    RETAINED = "retained"  # kept by the reader (not taken in time)
    UNKNOWN = "unknown"


class ChipPower(StrEnum):
    """Power of the card's chip (XFS4IoT CardReader.Status.ChipPower)."""

    ONLINE = "online"
    POWERED_OFF = "powered_off"
    NO_CARD = "no_card"
    UNKNOWN = "unknown"


class DoorStatus(StrEnum):
    """The cabinet door (XFS4IoT Auxiliaries: cabinet door sensor)."""

    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class SwitchPosition(StrEnum):
    """The operator key switch inside the cabinet (XFS4IoT Auxiliaries.OperatorSwitch)."""

    RUN = "run"
    MAINTENANCE = "maintenance"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeviceStatus:
    """Common status of any device."""

    device: DeviceState = DeviceState.NO_DEVICE
    last_error: str | None = None


@dataclass(frozen=True)
class PrinterStatus(DeviceStatus):
    """Receipt printer status."""

    paper: PaperStatus = PaperStatus.UNKNOWN
    cover: CoverStatus = CoverStatus.UNKNOWN

    @property
    def can_print(self) -> bool:
        """Whether a receipt can be printed now."""
        return (
            self.device == DeviceState.ONLINE
            and self.paper in (PaperStatus.FULL, PaperStatus.LOW)
            and self.cover == CoverStatus.CLOSED
        )


@dataclass(frozen=True)
class BarcodeScannerStatus(DeviceStatus):
    """QR / barcode scanner status."""

    scanner: ScannerStatus = ScannerStatus.UNKNOWN


@dataclass(frozen=True)
class CardReaderStatus(DeviceStatus):
    """A smart-card reader (PC/SC): the prepaid meter card, a staff card."""

    media: MediaStatus = MediaStatus.UNKNOWN
    chip_power: ChipPower = ChipPower.UNKNOWN


@dataclass(frozen=True)
class PaymentModuleStatus(DeviceStatus):
    """The bank-card payment module (PIN pad + card reader): only what it tells the terminal."""

    media: MediaStatus = MediaStatus.UNKNOWN
    busy_with_sale: bool = False


@dataclass(frozen=True)
class SensorsStatus(DeviceStatus):
    """The auxiliaries I/O module: door and operator switch."""

    door: DoorStatus = DoorStatus.UNKNOWN
    operator_switch: SwitchPosition = SwitchPosition.UNKNOWN


@dataclass(frozen=True)
class CameraStatus(DeviceStatus):
    """A camera: whether frames are arriving, and how many per second (measured, not asked)."""

    streaming: bool = False
    fps: float = 0.0


@dataclass(frozen=True)
class StatusChanged:
    """Unsolicited event: a device's status changed. `changes` holds only what changed."""

    device_name: str
    changes: dict[str, Any]
    status: DeviceStatus


def diff_status(name: str, old: DeviceStatus, new: DeviceStatus) -> StatusChanged | None:
    """The `StatusChanged` event from `old` to `new`, or None if nothing changed."""
    changes = {
        f.name: getattr(new, f.name)
        for f in fields(new)
        if not hasattr(old, f.name) or getattr(old, f.name) != getattr(new, f.name)
    }
    return StatusChanged(name, changes, new) if changes else None


__all__ = [
    "BarcodeScannerStatus",
    "CameraStatus",
    "CardReaderStatus",
    "ChipPower",
    "CoverStatus",
    "DeviceState",
    "DeviceStatus",
    "DoorStatus",
    "MediaStatus",
    "PaperStatus",
    "PaymentModuleStatus",
    "PrinterStatus",
    "ScannerStatus",
    "SensorsStatus",
    "StatusChanged",
    "SwitchPosition",
    "diff_status",
]
