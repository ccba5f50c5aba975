"""Drivers and simulators end to end over real transports (pty, TCP), and the DeviceManager."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from device_peers import FakeClock

from drivers.escpos_printer import EscPosPrinter
from drivers.interfaces import DeviceError, DeviceGone
from drivers.serial_scanner import SerialScanner
from kiosk.config import DeviceSettings
from kiosk.devices.manager import Availability, DeviceManager
from kiosk.devices.status import DeviceState, PaperStatus, StatusChanged
from kiosk.money import format_yuan
from kiosk.receipt import Pair, QrCode, Receipt, Rule, Text
from simulators.printer import Paper, PrinterSimulator
from simulators.scanner import ScannerSimulator

RECEIPT = Receipt(
    (
        Text("国网电费缴费凭证", align="center", bold=True, double=True),
        Rule(),
        Pair("户号", "0012345678"),
        Pair("户名", "张*明"),
        Pair("缴费金额", format_yuan(12345)),
        Text("谢谢惠顾，欢迎再来。"),
        QrCode("https://e.example.cn/r/20260101A001"),
    )
)


@pytest.fixture
async def printer_sim() -> AsyncIterator[PrinterSimulator]:
    sim = PrinterSimulator(port=0)
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def scanner_sim(tmp_path: Path) -> AsyncIterator[ScannerSimulator]:
    sim = ScannerSimulator(tmp_path / "run" / "scanner.tty")
    await sim.start()
    yield sim
    await sim.stop()


async def test_chinese_receipt_with_yen_and_qr(printer_sim: PrinterSimulator) -> None:
    printer = EscPosPrinter("receipt_printer", printer_sim.url, columns=42)
    await printer.open()
    await printer.print_receipt(RECEIPT)
    job = (await printer_sim.wait_jobs(1, timeout=3.0))[0]
    lines = job.text.splitlines()
    assert lines[0].strip() == "国网电费缴费凭证"
    assert lines[1] == "-" * 42
    assert lines[4] == "缴费金额" + " " * 26 + "￥123.45"
    assert "谢谢惠顾，欢迎再来。" in lines
    assert "?" not in job.text
    assert job.qr_payloads == ["https://e.example.cn/r/20260101A001"]
    assert len(job.raw) < 400  # a native QR, not a raster image
    await printer.close()


async def test_paper_out_is_refused(printer_sim: PrinterSimulator) -> None:
    printer = EscPosPrinter("receipt_printer", printer_sim.url)
    changes: asyncio.Queue[StatusChanged] = asyncio.Queue()
    printer.add_listener(changes.put_nowait)
    await printer.open()
    printer_sim.set_paper("out")
    while printer.status.paper != PaperStatus.OUT:
        await asyncio.wait_for(changes.get(), 2.0)  # the ASB push arrives without asking
    with pytest.raises(DeviceError, match="out of paper"):
        await printer.print_receipt(RECEIPT)
    assert printer_sim.jobs == []
    printer_sim.set_paper("full")
    await printer.print_receipt(RECEIPT)
    assert len(await printer_sim.wait_jobs(1, timeout=3.0)) == 1
    await printer.close()


async def test_scanner_reads_and_triggers(scanner_sim: ScannerSimulator) -> None:
    scanner = SerialScanner("scanner", scanner_sim.url, clock=FakeClock())
    await scanner.open()
    assert scanner_sim.present("134567890123456789")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "134567890123456789"
    await scanner.set_scanning(False)
    assert await scanner_sim.wait_commands(1, timeout=2.0) == [b"\x16\x55\x0d"]
    assert not scanner_sim.present("286543210987654321")
    await scanner.close()


async def test_unplug_during_read_code_raises_device_gone(scanner_sim: ScannerSimulator) -> None:
    scanner = SerialScanner("scanner", scanner_sim.url, clock=FakeClock())
    await scanner.open()
    reading = asyncio.create_task(scanner.read_code())
    done, _ = await asyncio.wait({reading}, timeout=0.05)
    assert not done  # the read is waiting when the line drops
    scanner_sim.unplug()
    with pytest.raises(DeviceGone):
        await asyncio.wait_for(reading, 2.0)
    assert scanner.status.device == DeviceState.NO_DEVICE
    await scanner.close()


# -- DeviceManager ------------------------------------------------------------------------------


def _device(driver: str, url: str) -> DeviceSettings:
    return DeviceSettings.model_validate({"driver": driver, "url": url})


def _settings(
    scanner: ScannerSimulator | None, printer_url: str | None
) -> dict[str, DeviceSettings]:
    devices: dict[str, DeviceSettings] = {}
    if scanner is not None:
        devices["scanner"] = _device("serial_scanner", scanner.url)
    if printer_url is not None:
        devices["receipt_printer"] = _device("escpos_printer", printer_url)
    return devices


class Watch:
    """Collects a manager's status events and availability changes for waiting on."""

    def __init__(self, manager: DeviceManager) -> None:
        self.events: asyncio.Queue[StatusChanged] = asyncio.Queue()
        self.availability: list[Availability] = []
        self.changed = asyncio.Event()
        manager.add_listener(self.events.put_nowait)
        manager.add_availability_listener(self._on_availability)

    def _on_availability(self, availability: Availability) -> None:
        self.availability.append(availability)
        self.changed.set()

    async def device_state(self, name: str, state: DeviceState) -> None:
        async with asyncio.timeout(3.0):
            while True:
                event = await self.events.get()
                if event.device_name == name and event.status.device == state:
                    return

    async def next_availability(self) -> Availability:
        self.changed.clear()
        await asyncio.wait_for(self.changed.wait(), 3.0)
        return self.availability[-1]


async def test_nothing_configured_nothing_offered(tmp_path: Path) -> None:
    manager = DeviceManager({}, FakeClock(), tmp_path)
    await manager.start()
    assert manager.scanner() is None
    assert manager.receipt_printer() is None
    assert manager.availability() == Availability(False, False, False)
    await manager.stop()


async def test_manager_opens_devices_and_publishes_availability(
    scanner_sim: ScannerSimulator, printer_sim: PrinterSimulator, tmp_path: Path
) -> None:
    manager = DeviceManager(_settings(scanner_sim, printer_sim.url), FakeClock(), tmp_path)
    watch = Watch(manager)
    await manager.start()
    assert manager.availability() == Availability(True, True, True)
    assert isinstance(manager.scanner(), SerialScanner)
    assert isinstance(manager.receipt_printer(), EscPosPrinter)
    printer_sim.set_paper("out")
    assert await watch.next_availability() == Availability(True, True, False)
    printer_sim.set_paper("full")
    assert await watch.next_availability() == Availability(True, True, True)
    await manager.stop()


async def test_relative_serial_path_resolves_against_base_dir(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    settings = {"scanner": _device("serial_scanner", "serial://run/scanner.tty")}
    manager = DeviceManager(settings, FakeClock(), tmp_path)
    await manager.start()
    assert manager.availability().scanner
    await manager.stop()


async def test_reconnect_backoff_doubles_up_to_thirty_seconds(tmp_path: Path) -> None:
    clock = FakeClock()
    sim = PrinterSimulator(port=0)
    await sim.start()
    url = sim.url
    await sim.stop()
    manager = DeviceManager(_settings(None, url), clock, tmp_path)
    await manager.start()
    assert manager.receipt_printer() is None
    for expected in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0):
        await clock.wait_for_sleeper(expected)
        clock.advance(expected)
    await sim.replug()
    watch = Watch(manager)
    await clock.wait_for_sleeper(30.0)
    clock.advance(30.0)
    assert await watch.next_availability() == Availability(False, True, True)
    await manager.stop()
    await sim.stop()


async def test_short_drop_does_not_flip_availability(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(_settings(scanner_sim, None), clock, tmp_path)
    watch = Watch(manager)
    await manager.start()
    assert manager.availability().scanner
    scanner_sim.unplug()
    await watch.device_state("scanner", DeviceState.NO_DEVICE)
    await clock.wait_for_sleeper(0.5)  # first reconnect attempt failed
    assert manager.scanner() is not None
    scanner_sim.replug()
    clock.advance(0.5)
    await watch.device_state("scanner", DeviceState.ONLINE)
    assert clock.sleeping() == []  # the blink timer was called off
    scanner = manager.scanner()
    assert scanner is not None
    assert scanner_sim.present("AGAIN")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "AGAIN"
    assert watch.availability == [Availability(True, False, False)]  # only the first opening
    await manager.stop()


async def test_long_drop_hides_the_device_until_replug(
    scanner_sim: ScannerSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(_settings(scanner_sim, None), clock, tmp_path)
    watch = Watch(manager)
    await manager.start()
    scanner_sim.unplug()
    await watch.device_state("scanner", DeviceState.NO_DEVICE)
    await clock.wait_for_sleeper(2.0)  # the blink timer
    await clock.wait_for_sleeper(0.5)
    clock.advance(0.5)
    await clock.wait_for_sleeper(1.0)
    clock.advance(1.5)
    assert await watch.next_availability() == Availability(False, False, False)
    assert manager.scanner() is None
    await clock.wait_for_sleeper(2.0)  # the third attempt failed too
    scanner_sim.replug()
    clock.advance(2.0)
    assert await watch.next_availability() == Availability(True, False, False)
    scanner = manager.scanner()
    assert scanner is not None
    assert scanner_sim.present("READY")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "READY"
    await manager.stop()


async def test_printer_status_is_polled_even_without_a_push(
    printer_sim: PrinterSimulator, tmp_path: Path
) -> None:
    clock = FakeClock()
    manager = DeviceManager(_settings(None, printer_sim.url), clock, tmp_path)
    watch = Watch(manager)
    await manager.start()
    printer_sim.state.paper = Paper.NEAR_END  # changed behind the printer's back: no ASB push
    await clock.wait_for_sleeper(5.0)
    clock.advance(5.0)
    async with asyncio.timeout(3.0):
        while True:
            event = await watch.events.get()
            if event.changes.get("paper") == PaperStatus.LOW:
                break
    assert manager.availability().printer_can_print
    await manager.stop()


async def test_printer_over_a_serial_line(tmp_path: Path) -> None:
    sim = PrinterSimulator(port=0, pty_link=tmp_path / "printer.tty")
    await sim.start()
    printer = EscPosPrinter(
        "receipt_printer", "serial://printer.tty?baud=115200", base_dir=tmp_path
    )
    await printer.open()
    assert printer.status.can_print
    await printer.print_receipt(RECEIPT)
    job = (await sim.wait_jobs(1, timeout=3.0))[0]
    assert "谢谢惠顾，欢迎再来。" in job.text
    await printer.close()
    await sim.stop()
