"""Device status changes as fleet events: what a hall's support team needs to hear about.

`DeviceEventTranslator` remembers each device's previous common state, paper and door, because a
`StatusChanged` carries only the new values and some events depend on the old one: "device back"
only after "device gone", "door closed" only after the door was open (not at start-up).
Detail text is cut to the contract's 200 characters and long digit runs are masked, in case a
device's error message ever quotes a card or account number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.devices.status import (
    CoverStatus,
    DeviceState,
    DoorStatus,
    PaperStatus,
    StatusChanged,
)

DETAIL_MAX = 200
_LONG_DIGITS = re.compile(r"\d{6,}")

_PAPER_EVENTS = {
    PaperStatus.LOW: FleetEventKind.PAPER_LOW,
    PaperStatus.OUT: FleetEventKind.PAPER_OUT,
    PaperStatus.JAMMED: FleetEventKind.PAPER_JAMMED,
}


@dataclass(frozen=True)
class DeviceEvent:
    """One fleet event a status change calls for."""

    kind: FleetEventKind
    device: str
    detail: str = ""


def safe_detail(text: str | None) -> str:
    """Device text fit for the fleet: digit runs of six or more masked, at most 200 chars."""
    if not text:
        return ""
    masked = _LONG_DIGITS.sub(lambda m: "*" * len(m.group()), text)
    return masked[:DETAIL_MAX]


class DeviceEventTranslator:
    """Turns `StatusChanged` events into fleet events, remembering what each device was."""

    def __init__(self) -> None:
        self._previous: dict[str, dict[str, Any]] = {}

    def events_for(self, change: StatusChanged) -> list[DeviceEvent]:
        """The fleet events `change` calls for, in a stable order (state first)."""
        name = change.device_name
        before = self._previous.setdefault(name, {})
        found: list[DeviceEvent] = []
        changes = change.changes
        if "device" in changes:
            found.extend(self._state_events(name, before.get("device"), changes["device"], change))
        if "paper" in changes and changes["paper"] in _PAPER_EVENTS:
            found.append(DeviceEvent(_PAPER_EVENTS[changes["paper"]], name))
        if changes.get("cover") == CoverStatus.OPEN:
            found.append(DeviceEvent(FleetEventKind.COVER_OPEN, name))
        if "door" in changes:
            if changes["door"] == DoorStatus.OPEN:
                found.append(DeviceEvent(FleetEventKind.DOOR_OPEN, name))
            elif changes["door"] == DoorStatus.CLOSED and before.get("door") == DoorStatus.OPEN:
                found.append(DeviceEvent(FleetEventKind.DOOR_CLOSED, name))
        before.update({k: v for k, v in changes.items() if k in ("device", "paper", "door")})
        return found

    @staticmethod
    def _state_events(
        name: str, old: DeviceState | None, new: DeviceState, change: StatusChanged
    ) -> list[DeviceEvent]:
        if new == DeviceState.NO_DEVICE:
            return [DeviceEvent(FleetEventKind.DEVICE_GONE, name)]
        if new == DeviceState.ONLINE and old == DeviceState.NO_DEVICE:
            return [DeviceEvent(FleetEventKind.DEVICE_BACK, name)]
        if new == DeviceState.HARDWARE_ERROR:
            detail = safe_detail(change.status.last_error)
            return [DeviceEvent(FleetEventKind.DEVICE_ERROR, name, detail)]
        return []
