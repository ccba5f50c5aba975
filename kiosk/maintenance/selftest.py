"""Device self-tests for staff (and `kiosk devices test NAME`): one per device class.

A self-test never raises: a device that is absent, down or failing gives a failed result with the
reason. The `detail` is short ASCII for the audit log and the staff screen; it never carries
personal data (a scanned code is described by its length and kind, never shown).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC
from typing import TypeVar

from drivers.interfaces import (
    BarcodeScanner,
    Camera,
    Device,
    DeviceError,
    PaymentModule,
    ReceiptPrinter,
    Sensors,
    SmartCardReader,
)
from kiosk.accounts import detect_provider
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.devices.status import DeviceState, ScannerStatus
from kiosk.flows.devices import STATUS_QUERY_TIMEOUT_S
from kiosk.maintenance.context import Counters, DeviceControl
from kiosk.receipt import Feed, Pair, QrCode, Receipt, Rule, Text
from kiosk.receipts import CHINA_TIME

MAX_DETAIL = 160
T = TypeVar("T")

INSTRUCTIONS: dict[str, str] = {
    "print": "take the test receipt from the printer",
    "scan": "show any barcode or QR code to the scanner",
    "card_read": "insert a card in the reader, then take it out",
    "echo": "",
    "sensors": "",
    "snapshot": "stand in front of the camera",
    "none": "",
}
"""What the staff member has to do while a test runs (shown with SELF_TEST_RUNNING)."""


@dataclass(frozen=True)
class SelfTestResult:
    """The outcome of one self-test."""

    device: str
    test: str  # print | scan | card_read | echo | sensors | snapshot | none
    passed: bool
    detail: str  # short ASCII, no personal data
    duration_s: float


class _Failed(Exception):
    """A self-test step failed for a reason worth telling staff."""


def test_kind(devices: DeviceControl, name: str) -> str:
    """Which self-test `name` has: print, scan, card_read, echo, sensors, snapshot, or none."""
    return _kind_of(devices.device_named(name))


def _kind_of(device: Device | None) -> str:
    if isinstance(device, ReceiptPrinter):
        return "print"
    if isinstance(device, BarcodeScanner):
        return "scan"
    if isinstance(device, SmartCardReader):
        return "card_read"
    if isinstance(device, PaymentModule):
        return "echo"
    if isinstance(device, Sensors):
        return "sensors"
    if isinstance(device, Camera):
        return "snapshot"
    return "none"


def _ascii(text: str) -> str:
    cleaned = text.encode("ascii", "replace").decode("ascii").replace("\n", " ")
    return cleaned[:MAX_DETAIL]


async def _within(work: Awaitable[T], seconds: float, what: str) -> T:
    try:
        return await asyncio.wait_for(work, seconds)
    except TimeoutError:
        raise _Failed(f"{what}: no answer within {seconds:g} s") from None


def test_receipt(settings: Settings, name: str, clock: Clock) -> Receipt:
    """The self-test receipt: who, when, a ruler of the paper's width, a QR, and plainly not a
    payment."""
    now = clock.wall()
    columns = settings.devices[name].columns if name in settings.devices else 42
    ruler = ("1234567890" * (columns // 10 + 1))[:columns]
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Receipt(
        (
            Text(settings.terminal.hall_name, align="center", bold=True),
            Text("自检 SELF-TEST", align="center", bold=True, double=True),
            Rule(),
            Pair("Terminal", settings.terminal.id),
            Pair("Printer", name),
            Pair("UTC", now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")),
            Pair("Local", now.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")),
            Text(ruler),
            Rule(),
            QrCode(f"SELFTEST {settings.terminal.id} {stamp}", module_size=4),
            Text("test receipt: not a payment", align="center"),
            Text("测试凭证，不是缴费凭证", align="center"),
            Feed(2),
        )
    )


async def _print_test(
    printer: ReceiptPrinter, name: str, settings: Settings, clock: Clock, counters: Counters
) -> str:
    before = await _within(printer.query_status(), STATUS_QUERY_TIMEOUT_S, "status")
    if not before.can_print:
        raise _Failed(
            f"cannot print: state {before.device.value}, paper {before.paper.value},"
            f" cover {before.cover.value}"
        )
    try:
        await printer.print_receipt(test_receipt(settings, name, clock))
    except DeviceError as exc:
        raise _Failed(f"print failed: {exc}") from exc
    after = await _within(printer.query_status(), STATUS_QUERY_TIMEOUT_S, "status after")
    detail = f"printed; paper {after.paper.value}, cover {after.cover.value}"
    left = counters.for_device(name).get("paper_left_pct")
    return detail if left is None else f"{detail}; paper left about {left}%"


def describe_code(code: str) -> str:
    """A scanned code as staff may see it: its length and kind, never its content."""
    code = code.strip()
    if detect_provider(code) is not None:
        kind = "payment code"
    elif code.isdigit():
        kind = "numeric code"
    elif code.lower().startswith(("http://", "https://")):
        kind = "URL"
    else:
        kind = "text code"
    return f"read a {len(code)}-character {kind}"


async def _scan_test(scanner: BarcodeScanner, wait_s: float) -> str:
    was_on = scanner.status.scanner == ScannerStatus.ON
    try:
        await scanner.set_scanning(True)
        code = await _within(scanner.read_code(), wait_s, "no code presented")
    finally:
        if not was_on:
            with contextlib.suppress(DeviceError):
                await scanner.set_scanning(False)
    return describe_code(code)


async def _card_test(reader: SmartCardReader, wait_s: float) -> str:
    if not reader.card_present():
        await _within(reader.wait_for_card(), wait_s, "no card inserted")
    try:
        atr = await reader.connect_card()
    finally:
        await reader.disconnect_card()
    removed = await reader.wait_for_removal(wait_s)
    tail = "card taken out" if removed else "card still in the reader: please take it out"
    return f"ATR {atr.hex(' ').upper()}; {tail}"


async def _echo_test(module: PaymentModule, clock: Clock) -> str:
    start = clock.monotonic()
    await _within(module.echo(), STATUS_QUERY_TIMEOUT_S, "echo")
    return f"echo answered in {round((clock.monotonic() - start) * 1000)} ms"


async def _sensors_test(sensors: Sensors) -> str:
    status = await _within(sensors.read_inputs(), STATUS_QUERY_TIMEOUT_S, "inputs")
    return f"door {status.door.value}, switch {status.operator_switch.value}"


MIN_BRIGHTNESS = 25.0
"""Mean luminance (0..255) below which the picture is too dark: lens covered, lights out."""


def describe_snapshot(jpeg: bytes) -> tuple[int, int, float]:
    """Width, height and mean luminance (0..255) of a JPEG; ValueError if it does not decode."""
    import cv2  # only loaded where a camera is tested
    import numpy as np

    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError("not a JPEG picture")
    height, width = image.shape[:2]
    return width, height, float(image.mean())


async def _snapshot_test(camera: Camera) -> str:
    jpeg = await _within(camera.snapshot_jpeg(), STATUS_QUERY_TIMEOUT_S, "snapshot")
    try:
        width, height, brightness = await asyncio.to_thread(describe_snapshot, jpeg)
    except ValueError as exc:
        raise _Failed(f"snapshot unreadable: {exc}") from None
    detail = (
        f"{width}x{height} JPEG {len(jpeg) // 1024} kB, brightness {brightness:.0f}/255,"
        f" {camera.status.fps:g} fps"
    )
    if brightness < MIN_BRIGHTNESS:
        raise _Failed(f"{detail}: too dark (lens covered or no light)")
    return detail


async def _run(
    device: Device, kind: str, *, settings: Settings, clock: Clock, counters: Counters
) -> str:
    wait_s = settings.maintenance.self_test_wait_s
    if isinstance(device, ReceiptPrinter):
        return await _print_test(device, device.name, settings, clock, counters)
    if isinstance(device, BarcodeScanner):
        return await _scan_test(device, wait_s)
    if isinstance(device, SmartCardReader):
        return await _card_test(device, wait_s)
    if isinstance(device, PaymentModule):
        return await _echo_test(device, clock)
    if isinstance(device, Sensors):
        return await _sensors_test(device)
    if isinstance(device, Camera):
        return await _snapshot_test(device)
    raise _Failed(f"no self-test for a {kind} device")


async def run_self_test(
    devices: DeviceControl, name: str, *, settings: Settings, clock: Clock, counters: Counters
) -> SelfTestResult:
    """Run the self-test of device `name`. Never raises (but can be cancelled): a device that is
    not configured, not connected or failing gives `passed=False` with the reason."""
    start = clock.monotonic()
    device = devices.device_named(name)
    kind = _kind_of(device)

    def result(passed: bool, detail: str) -> SelfTestResult:
        return SelfTestResult(name, kind, passed, _ascii(detail), clock.monotonic() - start)

    if device is None:
        return result(False, "no such device in the configuration")
    state = device.status.device
    # A user or hardware error (paper out, cover open) still lets the test run and say which.
    if state in (DeviceState.NO_DEVICE, DeviceState.OFFLINE, DeviceState.POWER_OFF):
        return result(False, f"device not available: {state.value}")
    try:
        detail = await _run(device, kind, settings=settings, clock=clock, counters=counters)
    except _Failed as exc:
        return result(False, str(exc))
    except DeviceError as exc:
        return result(False, f"{type(exc).__name__}: {exc}")
    return result(True, detail)
