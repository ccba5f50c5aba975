"""Device status changes turned into fleet events."""

from __future__ import annotations

from typing import Any

from kiosk.backoffice.fleet_models import FleetEventKind as Kind
from kiosk.devices.status import (
    CoverStatus,
    DeviceState,
    DeviceStatus,
    DoorStatus,
    PaperStatus,
    PrinterStatus,
    SensorsStatus,
    StatusChanged,
)
from kiosk.fleet.events import DeviceEventTranslator, safe_detail


def change(name: str, status: DeviceStatus, **changes: Any) -> StatusChanged:
    return StatusChanged(name, changes, status)


def kinds(translator: DeviceEventTranslator, event: StatusChanged) -> list[Kind]:
    return [found.kind for found in translator.events_for(event)]


def test_paper_and_cover_events() -> None:
    t = DeviceEventTranslator()
    status = PrinterStatus(DeviceState.ONLINE)
    assert kinds(t, change("printer", status, paper=PaperStatus.LOW)) == [Kind.PAPER_LOW]
    assert kinds(t, change("printer", status, paper=PaperStatus.OUT)) == [Kind.PAPER_OUT]
    assert kinds(t, change("printer", status, paper=PaperStatus.JAMMED)) == [Kind.PAPER_JAMMED]
    assert kinds(t, change("printer", status, paper=PaperStatus.FULL)) == []
    assert kinds(t, change("printer", status, cover=CoverStatus.OPEN)) == [Kind.COVER_OPEN]
    assert kinds(t, change("printer", status, cover=CoverStatus.CLOSED)) == []


def test_device_back_only_after_it_was_gone() -> None:
    t = DeviceEventTranslator()
    online = DeviceStatus(DeviceState.ONLINE)
    # Coming up at start-up is not "back".
    assert kinds(t, change("scanner", online, device=DeviceState.ONLINE)) == []
    gone = DeviceStatus(DeviceState.NO_DEVICE)
    assert kinds(t, change("scanner", gone, device=DeviceState.NO_DEVICE)) == [Kind.DEVICE_GONE]
    assert kinds(t, change("scanner", online, device=DeviceState.ONLINE)) == [Kind.DEVICE_BACK]
    offline = DeviceStatus(DeviceState.OFFLINE)
    assert kinds(t, change("scanner", offline, device=DeviceState.OFFLINE)) == []
    assert kinds(t, change("scanner", online, device=DeviceState.ONLINE)) == []


def test_devices_are_tracked_apart() -> None:
    t = DeviceEventTranslator()
    gone = DeviceStatus(DeviceState.NO_DEVICE)
    online = DeviceStatus(DeviceState.ONLINE)
    t.events_for(change("scanner", gone, device=DeviceState.NO_DEVICE))
    assert kinds(t, change("printer", online, device=DeviceState.ONLINE)) == []


def test_hardware_error_carries_a_masked_detail() -> None:
    t = DeviceEventTranslator()
    status = DeviceStatus(DeviceState.HARDWARE_ERROR, "card 6222021234561234 stuck")
    found = t.events_for(change("payment_module", status, device=DeviceState.HARDWARE_ERROR))
    assert [f.kind for f in found] == [Kind.DEVICE_ERROR]
    assert found[0].detail == "card **************** stuck"
    assert found[0].device == "payment_module"


def test_door_closed_only_after_open() -> None:
    t = DeviceEventTranslator()
    closed = SensorsStatus(DeviceState.ONLINE, door=DoorStatus.CLOSED)
    assert kinds(t, change("sensors", closed, door=DoorStatus.CLOSED)) == []
    opened = SensorsStatus(DeviceState.ONLINE, door=DoorStatus.OPEN)
    assert kinds(t, change("sensors", opened, door=DoorStatus.OPEN)) == [Kind.DOOR_OPEN]
    assert kinds(t, change("sensors", closed, door=DoorStatus.CLOSED)) == [Kind.DOOR_CLOSED]


def test_one_change_may_call_for_several_events_state_first() -> None:
    t = DeviceEventTranslator()
    t.events_for(change("printer", DeviceStatus(), device=DeviceState.NO_DEVICE))
    status = PrinterStatus(DeviceState.ONLINE, paper=PaperStatus.LOW, cover=CoverStatus.OPEN)
    event = change(
        "printer", status, device=DeviceState.ONLINE, paper=PaperStatus.LOW, cover=CoverStatus.OPEN
    )
    assert kinds(t, event) == [Kind.DEVICE_BACK, Kind.PAPER_LOW, Kind.COVER_OPEN]


def test_safe_detail() -> None:
    assert safe_detail(None) == ""
    assert safe_detail("CRC error 12345") == "CRC error 12345"
    assert safe_detail("account 1002283321") == "account **********"
    assert len(safe_detail("e" * 300)) == 200
