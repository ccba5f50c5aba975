"""The DeviceManager: opens the configured devices, keeps them connected, publishes availability.

Each device gets a supervisor task: open; on failure retry with exponential backoff (0.5 s up to
30 s, on the injected clock); once open, wait until it drops (polling a printer's status every few
seconds meanwhile), then start over. A device that blinks out for less than `blink_s` keeps its
availability, so a loose cable does not make services appear and vanish on screen.

For maintenance (kiosk.maintenance.context.DeviceControl) it also describes every device with the
last error it reported and when, and resets a device on request (close, open again) without the
customers seeing it blink.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from drivers.escpos_printer import EscPosPrinter
from drivers.interfaces import (
    BarcodeScanner,
    Camera,
    Device,
    DeviceError,
    PaymentModule,
    ReceiptPrinter,
    Sensors,
    SmartCardReader,
    StatusListener,
)
from drivers.serial_scanner import SerialScanner
from kiosk.clock import Clock
from kiosk.config import DeviceSettings
from kiosk.devices.status import DeviceState, DeviceStatus, PrinterStatus, StatusChanged
from kiosk.maintenance.context import DeviceInfo

log = logging.getLogger(__name__)

DeviceFactory = Callable[[str, DeviceSettings, Clock, Path], Device]


def _serial_scanner(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    return SerialScanner(
        name, settings.url, debounce_s=settings.debounce_s, clock=clock, base_dir=base_dir
    )


def _escpos_printer(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    return EscPosPrinter(name, settings.url, columns=settings.columns, base_dir=base_dir)


def _payment_module(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    from drivers.payment_module import SerialPaymentModule

    return SerialPaymentModule(
        name, settings.url, sale_timeout_s=settings.sale_timeout_s, clock=clock, base_dir=base_dir
    )


def _pcsc_reader(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    # pyscard is imported only where a PC/SC reader is configured.
    from drivers.pcsc_reader import PcscReader

    return PcscReader(name, settings.url, base_dir=base_dir)


def _modbus_sensors(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    from drivers.modbus_sensors import ModbusSensors

    return ModbusSensors(
        name,
        settings.url,
        unit=settings.unit,
        poll_interval_s=settings.poll_interval_s,
        clock=clock,
        base_dir=base_dir,
    )


def _opencv_camera(name: str, settings: DeviceSettings, clock: Clock, base_dir: Path) -> Device:
    # OpenCV and numpy are loaded only where a camera is configured.
    from drivers.opencv_camera import OpenCvCamera

    return OpenCvCamera(
        name,
        settings.url,
        width=settings.width,
        height=settings.height,
        fps=settings.fps,
        clock=clock,
        base_dir=base_dir,
    )


DRIVERS: dict[str, DeviceFactory] = {
    "serial_scanner": _serial_scanner,
    "escpos_printer": _escpos_printer,
    "payment_module": _payment_module,
    "pcsc_reader": _pcsc_reader,
    "modbus_sensors": _modbus_sensors,
    "opencv_camera": _opencv_camera,
}
"""Driver name in config.toml → how to build it."""


@dataclass(frozen=True)
class Availability:
    """Which device services can be offered now."""

    scanner: bool = False
    receipt_printer: bool = False
    printer_can_print: bool = False
    payment_module: bool = False
    card_reader: bool = False
    sensors: bool = False
    camera: bool = False


ERROR_STATES = frozenset(
    {DeviceState.NO_DEVICE, DeviceState.HARDWARE_ERROR, DeviceState.USER_ERROR, DeviceState.OFFLINE}
)
"""States that count as an error for the dashboard's "last error"."""

DEVICE_CLASSES: tuple[tuple[type[Device], str], ...] = (
    (ReceiptPrinter, "printer"),
    (BarcodeScanner, "scanner"),
    (PaymentModule, "payment_module"),
    (SmartCardReader, "card_reader"),
    (Sensors, "sensors"),
    (Camera, "camera"),
)


def device_class(device: Device) -> str:
    """The maintenance name of the interface `device` implements ("printer", "sensors", ...)."""
    for interface, name in DEVICE_CLASSES:
        if isinstance(device, interface):
            return name
    return "other"


_DRIVER_CLASSES = {
    "serial_scanner": "scanner",
    "escpos_printer": "printer",
    "payment_module": "payment_module",
    "pcsc_reader": "card_reader",
    "modbus_sensors": "sensors",
    "opencv_camera": "camera",
}

AvailabilityListener = Callable[[Availability], None]


@dataclass(eq=False)
class _Slot:
    name: str
    device: Device
    connected: bool = False
    available: bool = False
    gone: asyncio.Event = field(default_factory=asyncio.Event)
    first_attempt: asyncio.Event = field(default_factory=asyncio.Event)
    last_online: PrinterStatus | None = None
    blink: asyncio.Task[None] | None = None
    task: asyncio.Task[None] | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    resetting: bool = False  # a deliberate close (reset) is not the device's error


class DeviceManager:
    """Builds, opens and supervises the devices named in `[devices]` of config.toml."""

    def __init__(
        self,
        devices: dict[str, DeviceSettings],
        clock: Clock,
        base_dir: Path,
        *,
        blink_s: float = 2.0,
        poll_interval_s: float = 5.0,
        backoff_min_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        self.settings = devices
        self.clock = clock
        self.base_dir = base_dir
        self.blink_s = blink_s
        self.poll_interval_s = poll_interval_s
        self.backoff_min_s = backoff_min_s
        self.backoff_max_s = backoff_max_s
        self._slots: list[_Slot] = []
        self._listeners: list[StatusListener] = []
        self._availability_listeners: list[AvailabilityListener] = []
        self._availability = Availability()
        self._unusable: dict[str, str] = {}  # configured but could not be built: why

    # -- what the rest of the terminal asks ---------------------------------------------------

    def scanner(self) -> BarcodeScanner | None:
        """The scanner, or None when none is configured or it is unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, BarcodeScanner):
                return slot.device
        return None

    def receipt_printer(self) -> ReceiptPrinter | None:
        """The receipt printer, or None when none is configured or it is unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, ReceiptPrinter):
                return slot.device
        return None

    def payment_module(self) -> PaymentModule | None:
        """The bank-card payment module, or None when absent or unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, PaymentModule):
                return slot.device
        return None

    def card_reader(self) -> SmartCardReader | None:
        """The IC card reader (prepaid meter cards), or None when absent or unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, SmartCardReader):
                return slot.device
        return None

    def sensors(self) -> Sensors | None:
        """The door / operator switch module, or None when absent or unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, Sensors):
                return slot.device
        return None

    def camera(self) -> Camera | None:
        """The customer-facing camera (video teller, photos), or None when absent or unavailable."""
        for slot in self._slots:
            if slot.available and isinstance(slot.device, Camera):
                return slot.device
        return None

    def devices(self) -> list[Device]:
        """Every configured device, available or not (maintenance, `kiosk devices`)."""
        return [slot.device for slot in self._slots]

    def availability(self) -> Availability:
        """Which services the devices allow right now (debounced)."""
        return self._availability

    def add_listener(self, listener: StatusListener) -> None:
        """Call `listener` with every device's `StatusChanged`."""
        self._listeners.append(listener)

    def add_availability_listener(self, listener: AvailabilityListener) -> None:
        """Call `listener` with the new `Availability` each time it changes."""
        self._availability_listeners.append(listener)

    # -- maintenance (kiosk.maintenance.context.DeviceControl) --------------------------------

    def device_infos(self) -> list[DeviceInfo]:
        """Every configured, enabled device in config order, with its last error and when."""
        slots = {slot.name: slot for slot in self._slots}
        infos = []
        for name, settings in self.settings.items():
            slot = slots.get(name)
            if slot is not None:
                infos.append(
                    DeviceInfo(
                        name=name,
                        driver=settings.driver,
                        device_class=device_class(slot.device),
                        url=settings.url,
                        status=slot.device.status,
                        available=slot.available,
                        last_error=slot.last_error,
                        last_error_at=slot.last_error_at,
                    )
                )
            elif name in self._unusable:
                reason = self._unusable[name]
                infos.append(
                    DeviceInfo(
                        name=name,
                        driver=settings.driver,
                        device_class=_DRIVER_CLASSES.get(settings.driver, "other"),
                        url=settings.url,
                        status=DeviceStatus(DeviceState.NO_DEVICE, reason),
                        available=False,
                        last_error=reason,
                        last_error_at=None,
                    )
                )
        return infos

    def device_named(self, name: str) -> Device | None:
        """The device built for `[devices.NAME]`, available or not; None if there is none."""
        for slot in self._slots:
            if slot.name == name:
                return slot.device
        return None

    async def reconnect(self, name: str, timeout_s: float = 10.0) -> DeviceStatus:
        """Reset a device: close it and open it again now, waiting (up to `timeout_s`) for the
        first attempt; the status after. KeyError if no such device is supervised.

        Customers do not see a blink: the device keeps its availability for `blink_s`, and the
        reopened connection cancels that countdown.
        """
        slot = next((s for s in self._slots if s.name == name), None)
        if slot is None:
            raise KeyError(f"no device {name!r}")
        log.info("%s: reset requested", name)
        slot.resetting = True
        try:
            if slot.task is not None:
                slot.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await slot.task
            if slot.connected:
                self._disconnected(slot)
            with contextlib.suppress(DeviceError):
                await slot.device.close()
        finally:
            slot.resetting = False
        slot.first_attempt = asyncio.Event()
        slot.task = asyncio.create_task(self._supervise(slot), name=f"supervise-{name}")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(slot.first_attempt.wait(), timeout_s)
        return slot.device.status

    def _remember_error(self, slot: _Slot, event: StatusChanged) -> None:
        status = event.status
        new_error = "last_error" in event.changes and status.last_error is not None
        error_state = "device" in event.changes and status.device in ERROR_STATES
        if slot.resetting or not (new_error or error_state):
            return
        slot.last_error = status.last_error or f"state {status.device.value}"
        slot.last_error_at = self.clock.wall()

    # -- life cycle ---------------------------------------------------------------------------

    async def start(self, first_attempt_timeout_s: float = 5.0) -> None:
        """Build every enabled device and start supervising it; returns after each device's
        first connection attempt (or `first_attempt_timeout_s`), so availability is known."""
        for name, settings in self.settings.items():
            if not settings.enabled:
                continue
            factory = DRIVERS.get(settings.driver)
            if factory is None:
                log.error("%s: unknown driver %r", name, settings.driver)
                self._unusable[name] = f"unknown driver {settings.driver!r}"
                continue
            try:
                device = factory(name, settings, self.clock, self.base_dir)
            except DeviceError as exc:
                log.error("%s: cannot be set up: %s", name, exc)
                self._unusable[name] = f"cannot be set up: {exc}"
                continue
            slot = _Slot(name, device)
            device.add_listener(functools.partial(self._on_status, slot))
            slot.task = asyncio.create_task(self._supervise(slot), name=f"supervise-{name}")
            self._slots.append(slot)
        waits = [asyncio.ensure_future(s.first_attempt.wait()) for s in self._slots]
        if waits:
            _, pending = await asyncio.wait(waits, timeout=first_attempt_timeout_s)
            for waiter in pending:
                waiter.cancel()

    async def stop(self) -> None:
        """Stop supervising and close every device."""
        for slot in self._slots:
            for task in (slot.task, slot.blink):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            with contextlib.suppress(DeviceError):
                await slot.device.close()
        self._slots.clear()
        self._update_availability()

    # -- supervision --------------------------------------------------------------------------

    async def _supervise(self, slot: _Slot) -> None:
        delay = self.backoff_min_s
        while True:
            slot.gone.clear()
            try:
                await slot.device.open()
            except Exception as exc:
                # Whatever a driver raises, the supervisor must live on and try again.
                slot.first_attempt.set()
                if not isinstance(exc, DeviceError):
                    log.exception("%s: unexpected failure while opening", slot.name)
                log.info("%s: not available (%s); retry in %.1f s", slot.name, exc, delay)
                await self.clock.sleep(delay)
                delay = min(delay * 2, self.backoff_max_s)
                continue
            delay = self.backoff_min_s
            self._connected(slot)
            slot.first_attempt.set()
            await self._watch(slot)
            self._disconnected(slot)
            with contextlib.suppress(DeviceError):
                await slot.device.close()

    async def _watch(self, slot: _Slot) -> None:
        device = slot.device
        if not isinstance(device, ReceiptPrinter):
            await slot.gone.wait()
            return
        while not slot.gone.is_set():
            gone = asyncio.ensure_future(slot.gone.wait())
            tick = asyncio.ensure_future(self.clock.sleep(self.poll_interval_s))
            try:
                await asyncio.wait({gone, tick}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                gone.cancel()
                tick.cancel()
            if not slot.gone.is_set():
                await device.query_status()

    def _on_status(self, slot: _Slot, event: StatusChanged) -> None:
        self._remember_error(slot, event)
        if event.status.device == DeviceState.NO_DEVICE:
            slot.gone.set()
        elif isinstance(event.status, PrinterStatus):
            slot.last_online = event.status
        for listener in list(self._listeners):
            listener(event)
        self._update_availability()

    def _connected(self, slot: _Slot) -> None:
        slot.connected = True
        if slot.blink is not None:
            slot.blink.cancel()
            slot.blink = None
        if not slot.available:
            log.info("%s: available", slot.name)
        else:
            log.info("%s: back after a short drop", slot.name)
        slot.available = True
        self._update_availability()

    def _disconnected(self, slot: _Slot) -> None:
        slot.connected = False
        log.warning("%s: connection lost", slot.name)
        if slot.available and slot.blink is None:
            slot.blink = asyncio.create_task(self._expire(slot), name=f"blink-{slot.name}")
        self._update_availability()

    async def _expire(self, slot: _Slot) -> None:
        await self.clock.sleep(self.blink_s)
        slot.blink = None
        if not slot.connected:
            slot.available = False
            log.warning("%s: unavailable (down for more than %.1f s)", slot.name, self.blink_s)
            self._update_availability()

    def _update_availability(self) -> None:
        printer_ok = False
        for slot in self._slots:
            if slot.available and isinstance(slot.device, ReceiptPrinter):
                status = slot.device.status if slot.connected else slot.last_online
                printer_ok = printer_ok or (status is not None and status.can_print)
        new = Availability(
            scanner=self.scanner() is not None,
            receipt_printer=self.receipt_printer() is not None,
            printer_can_print=printer_ok,
            payment_module=self.payment_module() is not None,
            card_reader=self.card_reader() is not None,
            sensors=self.sensors() is not None,
            camera=self.camera() is not None,
        )
        if new != self._availability:
            self._availability = new
            log.info("device availability: %s", new)
            for listener in list(self._availability_listeners):
                listener(new)
