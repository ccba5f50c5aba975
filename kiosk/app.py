"""Wiring of the terminal process: settings → journal → back office → devices → screens → flows.

`Terminal` owns the parts; `run_terminal_process` is `kiosk run`. The tour and the benchmark build
the same `Terminal` offscreen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings

log = logging.getLogger(__name__)


@dataclass
class Terminal:
    """The running terminal's parts, built by `build_terminal`."""

    settings: Settings
    clock: Clock
    window: Any
    ui: Any
    journal: Any
    backoffice: Any
    devices: Any
    timer: Any
    recovered: list[Any] = field(default_factory=list)
    idle_changed: asyncio.Event = field(default_factory=asyncio.Event)
    desk: Any = None  # kiosk.maintenance.desk.MaintenanceDesk: staff, audit, fleet
    video: Any = None  # kiosk.flows.video_teller.VideoDesk, when [vtm] is enabled
    staff_ui: Any = None  # screens.staff_port.QtMaintenanceUI

    async def start(self) -> None:
        """Open the devices, resolve unfinished payments, then run the customer loop."""
        from kiosk.recovery import recover_unfinished

        self.devices.add_availability_listener(lambda _availability: self.idle_changed.set())
        await self.devices.start()
        if self.desk is not None:
            self.desk.on_change = self.idle_changed.set
            self.desk.start()
        try:
            # Nothing is printed at start: the customer of a payment interrupted by a restart
            # may be long gone, and a job cut off mid-print must never come out twice. Paid
            # payments are completed and offered for reprint by their reference.
            self.recovered = list(
                await recover_unfinished(
                    self.journal,
                    self.backoffice,
                    self.devices,
                    self.settings,
                    self.clock,
                    print_receipts=False,
                )
            )
        except Exception:  # recovery must never keep the terminal from starting
            log.exception("recovery of unfinished payments failed; will retry at idle")
        for item in self.recovered:
            log.info("recovered %s: %s -> %s", item.reference, item.before, item.after)

    async def run(self) -> None:
        """The customer loop, until cancelled."""
        from kiosk.flows.terminal import run_terminal

        await run_terminal(
            ui=self.ui,
            backoffice=self.backoffice,
            devices=self.devices,
            journal=self.journal,
            settings=self.settings,
            clock=self.clock,
            timer=self.timer,
            idle_changed=self.idle_changed,
            staff=self.desk,
            video=self.video,
        )

    async def stop(self) -> None:
        """Close devices and connections."""
        if self.desk is not None:
            with contextlib.suppress(Exception):
                await self.desk.stop()
        with contextlib.suppress(Exception):
            await self.devices.stop()
        with contextlib.suppress(Exception):
            await self.backoffice.aclose()
        self.journal.close()
        # The ports watch the whole application's input; a terminal built again in the same
        # process (tour, tests, benchmark) must not leave its old ones listening.
        for port in (self.ui, self.staff_ui):
            if port is not None:
                port.detach()


def build_terminal(settings: Settings, clock: Clock | None = None) -> Terminal:
    """Build every part of the terminal. A QApplication must exist."""
    from kiosk.backoffice.client import BackOfficeClient
    from kiosk.devices.manager import DeviceManager
    from kiosk.flows.session import InactivityTimer
    from kiosk.journal import PaymentJournal
    from kiosk.maintenance.desk import MaintenanceDesk
    from screens.main_window import MainWindow
    from screens.staff_port import QtMaintenanceUI
    from screens.ui_port import QtCustomerUI

    clock = clock or SystemClock()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    journal = PaymentJournal(settings.data_dir / "journal.sqlite3", clock)
    backoffice = BackOfficeClient(settings.backoffice, clock)
    devices = DeviceManager(settings.devices, clock, settings.base_dir)
    window = MainWindow(long_press_s=settings.maintenance.long_press_s)
    window.resize(settings.ui.width, settings.ui.height)
    # The timer needs the UI and the UI reports touches to the timer: the lambda finds `timer`
    # when a touch happens, by which time it exists.
    ui = QtCustomerUI(window, on_activity=lambda: timer.touch())
    timer = InactivityTimer(
        clock, settings.ui.inactivity_timeout_s, settings.ui.inactivity_warning_s, ui
    )
    staff_ui = QtMaintenanceUI(window)
    desk = MaintenanceDesk.build(settings, clock, devices, journal, backoffice, staff_ui)
    return Terminal(
        settings,
        clock,
        window,
        ui,
        journal,
        backoffice,
        devices,
        timer,
        desk=desk,
        staff_ui=staff_ui,
        video=video_desk(settings, clock, devices, backoffice),
    )


def video_desk(settings: Settings, clock: Clock, devices: Any, backoffice: Any) -> Any:
    """The video-teller journey's parts (None when [vtm] is off): the camera, the signaling
    client and the WebRTC call, imported only where video is on (aiortc, OpenCV)."""
    if not settings.vtm.enabled:
        return None
    import uuid

    from kiosk.backoffice.vtm_models import CallbackRequest
    from kiosk.flows.video_teller import Call, VideoDesk
    from kiosk.vtm.signaling_client import SignalingClient

    vtm = settings.vtm

    async def request_callback(phone: str, language: str, reason: str) -> None:
        request = CallbackRequest(
            terminal_id=settings.terminal.id, phone=phone, language=language, reason=reason
        )
        await backoffice.request_video_callback(request, uuid.uuid4().hex)

    def new_call(config: Any, camera: Any, remote: Any, local: Any) -> Call:
        # aiortc, PyAV and their codecs load at the first call, not at start (~0.15 s).
        from kiosk.vtm.call import VideoCall

        return VideoCall(config, camera, remote, local, clock)

    return VideoDesk(
        vtm,
        devices.camera,
        signaling=lambda register: SignalingClient(
            vtm.signaling_url, register, heartbeat_s=vtm.heartbeat_s
        ),
        new_call=new_call,
        request_callback=request_callback,
        upload_document=backoffice.upload_vtm_document,
    )


def load_theme(app: Any, width: int = 1080, height: int = 1920) -> None:
    """Apply resources/theme.qss, scaled for the window size, to the application."""
    from screens.theme import load_theme as load
    from screens.theme import scale_for

    load(app, scale_for(width, height))


def _start_simulator_process(settings: Settings, config_path: Path | None) -> subprocess.Popen[str]:
    """`kiosk simulators` in its own process, so the terminal can restart without losing them."""
    args = [sys.executable, "-m", "kiosk.cli"]
    if config_path is not None:
        args += ["--config", str(config_path)]
    args += ["simulators"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # Wait with the deadline: simulators that hang silently must not hang `kiosk run`.
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the simulators exited before they were ready")
        if line.startswith("{"):
            ready = json.loads(line)
            log.info("simulators ready: %s", ready)
            return process
    process.kill()
    raise RuntimeError("the simulators did not get ready within 60 s")


def run_terminal_process(settings: Settings, windowed: bool, start_simulators: bool) -> int:
    """`kiosk run`: the terminal in a window (full screen unless `windowed`)."""
    import qasync
    from PySide6.QtWidgets import QApplication

    from kiosk.gui_gc import GuiThreadCollector

    simulators = None
    if start_simulators and settings.simulators.enabled:
        simulators = _start_simulator_process(settings, settings.base_dir / "config.toml")
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv))
    fullscreen = settings.ui.fullscreen and not windowed
    width, height = window_size(app, settings, fullscreen)
    load_theme(app, width, height)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    terminal = build_terminal(settings)
    collector = GuiThreadCollector(parent=app)  # camera / worker threads must not free Qt objects
    terminal.window.resize(width, height)
    if fullscreen:
        terminal.window.showFullScreen()
    else:
        terminal.window.show()

    async def main() -> None:
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await terminal.start()
        runner = asyncio.ensure_future(terminal.run())
        stopper = asyncio.ensure_future(stop.wait())
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await terminal.stop()

    try:
        with loop:
            loop.run_until_complete(main())
    finally:
        collector.stop()
        if simulators is not None:
            simulators.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                simulators.wait(10)
    return 0


def window_size(app: Any, settings: Settings, fullscreen: bool) -> tuple[int, int]:
    """The screen's size in full screen; otherwise the configured size, shrunk (keeping its
    proportions) to fit the screen, so a 1080x1920 kiosk layout opens whole on a laptop."""
    screen = app.primaryScreen()
    if screen is None:
        return settings.ui.width, settings.ui.height
    available = screen.availableGeometry()
    if fullscreen:
        return available.width(), available.height()
    factor = min(
        1.0, available.width() / settings.ui.width, available.height() / settings.ui.height
    )
    return int(settings.ui.width * factor), int(settings.ui.height * factor)


def reprint_from_journal(settings: Settings, reference: str) -> int:
    """`kiosk reprint REF`: print a receipt again from the journal (marked as a reprint), by the
    same rule as the reprint screen: only payments the back office has posted."""
    from kiosk.devices.manager import DeviceManager
    from kiosk.flows.ports import Language
    from kiosk.journal import PaymentJournal
    from kiosk.maintenance.reprint import ReprintError, reprint_receipt, reprintable

    clock = SystemClock()
    journal = PaymentJournal(settings.data_dir / "journal.sqlite3", clock)
    try:
        reprintable(journal, reference)
    except ReprintError:
        print(f"kiosk: no posted payment with reference {reference}", file=sys.stderr)
        journal.close()
        return 1

    async def _print() -> int:
        devices = DeviceManager(settings.devices, clock, settings.base_dir)
        await devices.start()
        try:
            await reprint_receipt(
                journal,
                devices,
                reference,
                hall_name=settings.terminal.hall_name,
                language=Language(settings.terminal.default_language),
            )
        except ReprintError as exc:
            print(f"kiosk: {exc.detail}", file=sys.stderr)
            return 1
        finally:
            await devices.stop()
        print(f"reprinted {reference}")
        return 0

    try:
        return asyncio.run(_print())
    finally:
        journal.close()


def process_rss_kb() -> int:
    """Resident set size of this process in KiB (Linux)."""
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
