"""The DeviceManager's maintenance side: device list with last errors, reset, the sensors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from drivers.interfaces import DeviceError
from drivers.modbus_sensors import ModbusSensors
from kiosk.config import DeviceSettings
from kiosk.devices import manager as manager_module
from kiosk.devices.manager import Availability, DeviceManager
from kiosk.devices.status import DeviceState, DoorStatus, StatusChanged
from simulators.printer import PrinterSimulator
from simulators.scanner import ScannerSimulator
from simulators.sensors import SensorsSimulator
from tests.drivers.device_peers import FakeClock


def _device(driver: str, url: str, **extra: object) -> DeviceSettings:
    return DeviceSettings.model_validate({"driver": driver, "url": url, **extra})


class Watch:
    """A manager's status events and availability changes, for waiting on."""

    def __init__(self, manager: DeviceManager) -> None:
        self.events: list[StatusChanged] = []
        self.availability: list[Availability] = []
        self._changed = asyncio.Event()
        manager.add_listener(self._on_event)
        manager.add_availability_listener(self._on_availability)

    def _on_event(self, event: StatusChanged) -> None:
        self.events.append(event)
        self._changed.set()

    def _on_availability(self, availability: Availability) -> None:
        self.availability.append(availability)
        self._changed.set()

    async def availability_is(self, wanted: Availability) -> None:
        """Wait until the latest published availability is `wanted`."""
        async with asyncio.timeout(5.0):
            while not self.availability or self.availability[-1] != wanted:
                self._changed.clear()
                await self._changed.wait()

    async def state(self, name: str, state: DeviceState, after: int = 0) -> int:
        """Wait for `name` to reach `state` in an event at index >= `after`; that index."""
        async with asyncio.timeout(5.0):
            while True:
                for i, event in enumerate(self.events[after:], after):
                    if event.device_name == name and event.status.device == state:
                        return i
                self._changed.clear()
                await self._changed.wait()


@pytest.fixture
async def scanner_sim(tmp_path: Path) -> AsyncIterator[ScannerSimulator]:
    sim = ScannerSimulator(tmp_path / "run" / "scanner.tty")
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def sensors_sim(tmp_path: Path) -> AsyncIterator[SensorsSimulator]:
    sim = SensorsSimulator(tmp_path / "run" / "sensors.tty", unit=3)
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def printer_sim() -> AsyncIterator[PrinterSimulator]:
    sim = PrinterSimulator(port=0)
    await sim.start()
    yield sim
    await sim.stop()


async def test_device_infos_in_config_order(
    scanner_sim: ScannerSimulator,
    sensors_sim: SensorsSimulator,
    printer_sim: PrinterSimulator,
    tmp_path: Path,
) -> None:
    settings = {
        "receipt_printer": _device("escpos_printer", printer_sim.url),
        "disabled_scanner": _device("serial_scanner", "serial://nowhere", enabled=False),
        "sensors": _device("modbus_sensors", sensors_sim.url, unit=3),
        "scanner": _device("serial_scanner", scanner_sim.url),
    }
    manager = DeviceManager(settings, FakeClock(), tmp_path)
    await manager.start()
    try:
        infos = manager.device_infos()
        assert [(i.name, i.driver, i.device_class) for i in infos] == [
            ("receipt_printer", "escpos_printer", "printer"),
            ("sensors", "modbus_sensors", "sensors"),
            ("scanner", "serial_scanner", "scanner"),
        ]
        assert all(i.available and i.status.device == DeviceState.ONLINE for i in infos)
        assert infos[1].url == sensors_sim.url
        assert all(i.last_error is None and i.last_error_at is None for i in infos)
        assert isinstance(manager.device_named("sensors"), ModbusSensors)
        assert manager.device_named("disabled_scanner") is None
        assert manager.availability() == Availability(True, True, True, False, False, True)
    finally:
        await manager.stop()


async def test_unbuildable_device_is_listed_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*_: object) -> ModbusSensors:
        raise DeviceError("serial://x: baud must be a number")

    monkeypatch.setitem(manager_module.DRIVERS, "modbus_sensors", broken)
    manager = DeviceManager(
        {"sensors": _device("modbus_sensors", "serial://x")}, FakeClock(), tmp_path
    )
    await manager.start()
    (info,) = manager.device_infos()
    assert (info.device_class, info.available, info.status.device) == (
        "sensors",
        False,
        DeviceState.NO_DEVICE,
    )
    assert info.last_error == "cannot be set up: serial://x: baud must be a number"
    await manager.stop()


async def test_last_error_is_remembered_with_its_time_after_recovery(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(
        {"scanner": _device("serial_scanner", scanner_sim.url)}, clock, tmp_path
    )
    watch = Watch(manager)
    await manager.start()
    try:
        clock.advance(60)
        dropped_at = clock.wall()
        scanner_sim.unplug()
        seen = await watch.state("scanner", DeviceState.NO_DEVICE)
        await clock.wait_for_sleeper(0.5)  # the first reopening failed
        (info,) = manager.device_infos()
        # the latest error: the failed reopening after the line dropped
        assert info.last_error is not None and "cannot open" in info.last_error
        assert info.last_error_at == dropped_at
        assert info.available  # still within blink_s
        last_error = info.last_error
        scanner_sim.replug()
        clock.advance(0.5)
        await watch.state("scanner", DeviceState.ONLINE, after=seen)
        (info,) = manager.device_infos()
        assert info.status.device == DeviceState.ONLINE
        assert info.last_error == last_error and info.last_error_at == dropped_at
    finally:
        await manager.stop()


async def test_reset_reopens_without_a_blink_for_customers(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(
        {"scanner": _device("serial_scanner", scanner_sim.url)}, clock, tmp_path
    )
    watch = Watch(manager)
    await manager.start()
    try:
        first = manager.device_named("scanner")
        status = await manager.reconnect("scanner")
        assert status.device == DeviceState.ONLINE
        assert manager.device_named("scanner") is first
        assert watch.availability == [Availability(scanner=True)]  # no drop was published
        assert clock.sleeping() == []  # the blink countdown was called off
        (info,) = manager.device_infos()
        assert info.available and info.last_error is None  # a reset is not the device's error
        assert scanner_sim.present("AFTER-RESET")
        scanner = manager.scanner()
        assert scanner is not None
        assert await asyncio.wait_for(scanner.read_code(), 2.0) == "AFTER-RESET"
        with pytest.raises(KeyError):
            await manager.reconnect("nothing")
    finally:
        await manager.stop()


async def test_reset_of_a_device_that_stays_away_hides_it_after_blink_s(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(
        {"scanner": _device("serial_scanner", scanner_sim.url)}, clock, tmp_path
    )
    watch = Watch(manager)
    await manager.start()
    try:
        scanner_sim.unplug()
        await watch.state("scanner", DeviceState.NO_DEVICE)
        await clock.wait_for_sleeper(0.5)
        status = await manager.reconnect("scanner")
        assert status.device == DeviceState.NO_DEVICE
        assert manager.scanner() is not None  # the blink countdown still runs
        await clock.wait_for_sleeper(0.5)  # the reset's own attempt failed and backs off
        clock.advance(2.0)
        await watch.availability_is(Availability())
        assert manager.scanner() is None
    finally:
        await manager.stop()


async def test_sensors_through_the_manager(sensors_sim: SensorsSimulator, tmp_path: Path) -> None:
    clock = FakeClock()
    settings = {"sensors": _device("modbus_sensors", sensors_sim.url, unit=3, poll_interval_s=0.25)}
    manager = DeviceManager(settings, clock, tmp_path)
    watch = Watch(manager)
    await manager.start()
    try:
        assert manager.availability().sensors
        sensors = manager.sensors()
        assert isinstance(sensors, ModbusSensors)
        assert sensors.status.door == DoorStatus.CLOSED
        sensors_sim.set_door("open")
        await clock.wait_for_sleeper(0.25)
        clock.advance(0.25)
        async with asyncio.timeout(3.0):
            while sensors.status.door != DoorStatus.OPEN:
                await watch.state("sensors", DeviceState.ONLINE, after=len(watch.events))
        assert watch.events[-1].changes == {"door": DoorStatus.OPEN}
        # three polls unanswered: gone; the manager reopens it when it answers again
        sensors_sim.set_silent(True)
        mark = len(watch.events)
        for _ in range(3):
            await clock.wait_for_sleeper(0.25)
            clock.advance(0.25)
        gone = await watch.state("sensors", DeviceState.NO_DEVICE, after=mark)
        await clock.wait_for_sleeper(0.5)  # reopening failed (3 more polls), backing off
        (info,) = manager.device_infos()
        assert info.last_error is not None and "3 polls" in info.last_error
        assert manager.sensors() is sensors  # still within blink_s
        sensors_sim.set_silent(False)
        clock.advance(0.5)
        await watch.state("sensors", DeviceState.ONLINE, after=gone)
        assert watch.availability == [Availability(sensors=True)]
    finally:
        await manager.stop()
