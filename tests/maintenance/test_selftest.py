"""Self-tests against the real simulators: the printer over TCP, the scanner, the payment module
and the sensors module over pseudo-terminals, all through the real DeviceManager and drivers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_journal_view import MORNING, StepClock
from test_reconcile import make_settings

from drivers.interfaces import ReceiptPrinter
from kiosk.clock import SystemClock
from kiosk.config import DeviceSettings, Settings
from kiosk.devices.manager import DeviceManager
from kiosk.devices.status import DeviceState
from kiosk.maintenance import selftest
from kiosk.maintenance.counters import PersistentCounters
from kiosk.maintenance.selftest import SelfTestResult, run_self_test
from kiosk.maintenance.store import MAINTENANCE_DB, open_store
from simulators.payment_module.sim import PaymentModuleSimulator
from simulators.printer import PrinterSimulator
from simulators.scanner import ScannerSimulator
from simulators.sensors import SensorsSimulator

WECHAT_CODE = "134567890123456789"


@dataclass
class Rig:
    """The simulators, a started DeviceManager on them, and what a self-test needs."""

    printer: PrinterSimulator
    scanner: ScannerSimulator
    module: PaymentModuleSimulator
    sensors: SensorsSimulator
    devices: DeviceManager
    settings: Settings
    counters: PersistentCounters
    clock: StepClock

    async def run(self, name: str) -> SelfTestResult:
        return await run_self_test(
            self.devices, name, settings=self.settings, clock=self.clock, counters=self.counters
        )


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    printer = PrinterSimulator(port=0)
    scanner = ScannerSimulator(tmp_path / "run" / "scanner.tty")
    module = PaymentModuleSimulator(tmp_path / "run" / "payment_module.tty")
    sensors = SensorsSimulator(tmp_path / "run" / "sensors.tty")
    for sim in (printer, scanner, module, sensors):
        await sim.start()
    devices = {
        "scanner": DeviceSettings(driver="serial_scanner", url=scanner.url, debounce_s=0),
        "receipt_printer": DeviceSettings(driver="escpos_printer", url=printer.url),
        "payment_module": DeviceSettings(driver="payment_module", url=module.url),
        "sensors": DeviceSettings(driver="modbus_sensors", url=sensors.url, poll_interval_s=0.1),
    }
    base = make_settings(tmp_path)
    settings = base.model_copy(
        update={
            "devices": devices,
            "maintenance": base.maintenance.model_copy(update={"self_test_wait_s": 5.0}),
        }
    )
    manager = DeviceManager(devices, SystemClock(), tmp_path, blink_s=0.2)
    await manager.start()
    clock = StepClock(MORNING)
    counters = PersistentCounters(open_store(tmp_path / MAINTENANCE_DB), clock, 400)
    yield Rig(printer, scanner, module, sensors, manager, settings, counters, clock)
    await manager.stop()
    for sim in (sensors, module, scanner, printer):
        await sim.stop()


async def test_kinds(rig: Rig) -> None:
    assert [selftest.test_kind(rig.devices, n) for n in rig.settings.devices] == [
        "scan",
        "print",
        "echo",
        "sensors",
    ]
    assert selftest.test_kind(rig.devices, "camera") == "none"
    result = await rig.run("camera")
    assert not result.passed and result.test == "none"
    assert "no such device" in result.detail


async def test_printer_prints_a_test_receipt(rig: Rig) -> None:
    rig.counters.receipt_printed("receipt_printer", 20)

    result = await rig.run("receipt_printer")

    assert result.passed, result.detail
    assert result.test == "print"
    assert result.detail.startswith("printed; paper full, cover closed")
    job = (await rig.printer.wait_jobs(1, timeout=5.0))[0]
    lines = job.text.splitlines()
    assert "test receipt: not a payment" in [line.strip() for line in lines]
    assert "12345678901234567890123456789012345678901" in job.text  # the ruler, 42 columns
    assert "1234567890123456789012345678901234567890123" not in job.text
    assert "SZ-FT-0001-SP01" in job.text
    assert "2026-03-10 10:00:00" in job.text  # local time beside UTC
    assert job.qr_payloads == ["SELFTEST SZ-FT-0001-SP01 20260310T020000Z"]


async def test_printer_out_of_paper_fails_with_the_reason(rig: Rig) -> None:
    printer = rig.devices.device_named("receipt_printer")
    assert printer is not None
    rig.printer.set_paper("out")
    result = await rig.run("receipt_printer")
    assert not result.passed
    assert "paper out" in result.detail
    assert rig.printer.jobs == []
    rig.printer.set_paper("full")
    rig.printer.set_cover(True)
    result = await rig.run("receipt_printer")
    assert not result.passed and "cover open" in result.detail


async def test_printer_gone_fails_without_raising(rig: Rig) -> None:
    printer = rig.devices.device_named("receipt_printer")
    assert isinstance(printer, ReceiptPrinter)
    gone = asyncio.Event()
    printer.add_listener(
        lambda event: gone.set() if event.status.device == DeviceState.NO_DEVICE else None
    )
    rig.printer.unplug()
    await printer.query_status()  # notices the closed connection
    await asyncio.wait_for(gone.wait(), 5)
    result = await rig.run("receipt_printer")
    assert not result.passed
    assert result.detail == "device not available: no_device"


async def test_scan_shows_length_and_kind_never_the_code(rig: Rig) -> None:
    task = asyncio.create_task(rig.run("scanner"))
    await rig.scanner.wait_commands(1, timeout=5.0)  # the trigger-on command reached it
    assert rig.scanner.present(WECHAT_CODE)
    result = await asyncio.wait_for(task, 10)
    assert result.passed, result.detail
    assert result.detail == "read a 18-character payment code"
    assert WECHAT_CODE not in result.detail


async def test_scan_with_nothing_shown_fails_after_the_wait(rig: Rig) -> None:
    settings = rig.settings.model_copy(
        update={
            "maintenance": rig.settings.maintenance.model_copy(update={"self_test_wait_s": 0.3})
        }
    )
    result = await run_self_test(
        rig.devices, "scanner", settings=settings, clock=rig.clock, counters=rig.counters
    )
    assert not result.passed and "no code presented" in result.detail


async def test_payment_module_echo(rig: Rig) -> None:
    result = await rig.run("payment_module")
    assert result.passed, result.detail
    assert result.test == "echo" and result.detail.startswith("echo answered in ")


async def test_payment_module_silent_fails(rig: Rig) -> None:
    rig.module.silent(True)
    result = await rig.run("payment_module")
    assert not result.passed and result.detail


async def test_sensors_read(rig: Rig) -> None:
    rig.sensors.set_door("open")
    rig.sensors.set_switch("maintenance")
    result = await rig.run("sensors")
    assert result.passed, result.detail
    assert result.detail == "door open, switch maintenance"
