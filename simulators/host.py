"""All simulators in one background thread with its own asyncio loop.

Used by `kiosk simulators` (with the hardware panel on the Qt thread), by `kiosk tour` and by the
tests. Other threads reach the simulators through `call()`, which runs a function or coroutine on
the simulators' loop and returns its result.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from simulators.backoffice.server import BackOfficeServer
from simulators.camera import CameraSimulator
from simulators.control import ControlServer
from simulators.endpoints import SimulatorEndpoints, with_simulators
from simulators.payment_module.sim import PaymentModuleSimulator
from simulators.printer.server import PrinterSimulator
from simulators.scanner import ScannerSimulator
from simulators.sensors import SensorsSimulator

if TYPE_CHECKING:
    from simulators.prepaid_card.sim import PrepaidCardSimulator
    from simulators.teller_bot import TellerBot

CARD_READER_NAME = "Virtual PCD 00 00"

__all__ = ["SimulatorEndpoints", "SimulatorHost", "with_simulators"]
log = logging.getLogger(__name__)
T = TypeVar("T")


class SimulatorHost:
    """Starts the back office, scanner, printer, payment module, IC card, sensors, camera and
    control simulators in a background thread.

    The IC card needs the machine's pcscd with the virtual reader (simulators/pcscd.py starts it);
    `card_reader=False` leaves it out (tests that do not need it, machines without pcscd).
    """

    def __init__(
        self,
        work_dir: Path,
        backoffice_port: int = 0,
        printer_port: int = 0,
        control_port: int = 0,
        scanner_link: Path | None = None,
        payment_module_link: Path | None = None,
        card_reader: bool = True,
        card_reader_port: int = 35963,
        sensors_link: Path | None = None,
        sensors_unit: int = 1,
        camera_port: int = 0,
        teller_bot: bool = True,
    ) -> None:
        self.work_dir = work_dir
        self._ports = (backoffice_port, printer_port, control_port)
        self._scanner_link = scanner_link or work_dir / "scanner.tty"
        self._payment_module_link = payment_module_link or work_dir / "payment_module.tty"
        self._sensors_link = sensors_link or work_dir / "sensors.tty"
        self._sensors_unit = sensors_unit
        self._camera_port = camera_port
        self._teller_bot = teller_bot
        self._card_reader = card_reader
        self._card_reader_port = card_reader_port
        self._pcscd_dir = work_dir.parent / "pcscd"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="simulators", daemon=True)
        self.backoffice: BackOfficeServer | None = None
        self.scanner: ScannerSimulator | None = None
        self.printer: PrinterSimulator | None = None
        self.payment_module: PaymentModuleSimulator | None = None
        self.card: PrepaidCardSimulator | None = None
        self.sensors: SensorsSimulator | None = None
        self.camera: CameraSimulator | None = None
        self.teller_bot: TellerBot | None = None
        self.control: ControlServer | None = None
        self.endpoints: SimulatorEndpoints | None = None

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def start(self, timeout: float = 30.0) -> SimulatorEndpoints:
        """Start every simulator; returns once all of them accept connections."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._thread.start()
        self.endpoints = self.call(self._start_all(), timeout=timeout)
        return self.endpoints

    async def _start_all(self) -> SimulatorEndpoints:
        backoffice_port, printer_port, control_port = self._ports
        self.backoffice = BackOfficeServer(
            self.work_dir / "backoffice.sqlite3", port=backoffice_port
        )
        await self.backoffice.start()
        self.scanner = ScannerSimulator(link_path=self._scanner_link)
        await self.scanner.start()
        self.printer = PrinterSimulator(port=printer_port)
        await self.printer.start()
        self.payment_module = PaymentModuleSimulator(link_path=self._payment_module_link)
        await self.payment_module.start()
        self.sensors = SensorsSimulator(self._sensors_link, unit=self._sensors_unit)
        await self.sensors.start()
        self.camera = CameraSimulator(self._camera_port)
        await self.camera.start()
        if self._teller_bot:
            from simulators.teller_bot import start_teller_bot

            signal = self.backoffice.url.replace("http://", "ws://") + "/api/v1/vtm/signal"
            self.teller_bot = await start_teller_bot(signal)
        card_reader_url = ""
        if self._card_reader:
            self.card = await self._start_card()
            card_reader_url = f"pcsc://{CARD_READER_NAME}"
        self.control = ControlServer(
            self.scanner,
            self.printer,
            self.payment_module,
            self.card,
            port=control_port,
            sensors=self.sensors,
            camera=self.camera,
            teller_bot=self.teller_bot,
        )
        await self.control.start()
        endpoints = SimulatorEndpoints(
            backoffice_url=self.backoffice.url,
            control_url=self.control.url,
            printer_url=f"socket://127.0.0.1:{self.printer.port}",
            scanner_url=f"serial://{self._scanner_link}?baud=9600",
            payment_module_url=self.payment_module.url,
            card_reader_url=card_reader_url,
            sensors_url=self.sensors.url,
            camera_url=self.camera.url,
        )
        log.info("simulators ready: %s", endpoints)
        return endpoints

    async def _start_card(self) -> PrepaidCardSimulator:
        # pyscard and pcscd are needed only here: imported late so hosts without a card reader
        # do not load them.
        from simulators.pcscd import ensure_pcscd
        from simulators.prepaid_card.sim import PrepaidCardSimulator

        info = await asyncio.to_thread(ensure_pcscd, self._pcscd_dir, self._card_reader_port)
        card = PrepaidCardSimulator(
            port=self._card_reader_port, pcscd=info, state_dir=self.work_dir / "cards"
        )
        await card.start()
        return card

    def call(self, work: Awaitable[T] | Callable[[], T], timeout: float | None = 30.0) -> T:
        """Run a coroutine, or a plain function, on the simulators' loop and return its result."""
        if asyncio.iscoroutine(work) or isinstance(work, Awaitable):
            future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(
                _as_coroutine(work), self._loop
            )
            return future.result(timeout)

        async def _run() -> T:
            return work()

        return asyncio.run_coroutine_threadsafe(_run(), self._loop).result(timeout)

    def stop(self) -> None:
        """Stop every simulator and the thread; safe to call twice."""
        if not self._thread.is_alive():
            return
        try:
            self.call(self._stop_all(), timeout=15)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=15)

    async def _stop_all(self) -> None:
        parts = (
            self.teller_bot,
            self.control,
            self.card,
            self.payment_module,
            self.sensors,
            self.camera,
            self.printer,
            self.scanner,
            self.backoffice,
        )
        for part in parts:
            if part is not None:
                try:
                    await part.stop()
                except Exception:  # a simulator failing to stop must not keep the others up
                    log.exception("stopping %s failed", type(part).__name__)
        # pcscd is the machine's smart-card daemon, shared with every other user of the reader
        # (other hosts, tests): it is left running, as it would be on a terminal.

    def __enter__(self) -> SimulatorHost:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def _as_coroutine(work: Awaitable[T]) -> T:
    return await work
