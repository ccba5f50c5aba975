"""`kiosk tour --out DIR`: the real application offscreen on the simulators, walked through its
journeys by clicking its widgets; a PNG of every screen and DIR/report.json."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kiosk.config import Settings

if TYPE_CHECKING:
    from simulators.host import SimulatorHost

log = logging.getLogger(__name__)

# Provider rules and the inactivity time-out shortened so the whole tour takes a minute, not ten;
# the report says so.
TOUR_TIMINGS: dict[str, dict[str, float]] = {
    "wechat": {"first_query_after_s": 0.5, "query_interval_s": 1.0, "paying_deadline_s": 4.0},
    "alipay": {"first_query_after_s": 0.5, "query_interval_s": 1.0, "paying_deadline_s": 4.0},
    "ui": {"inactivity_timeout_s": 8.0, "inactivity_warning_s": 5.0, "receipt_screen_s": 3.0},
    "card": {
        "reverse_backoff_s": 0.3,
        "take_card_reminder_s": 1.5,
        "take_card_timeout_s": 6.0,
    },
    "qr": {"poll_interval_s": 0.5, "expires_s": 20.0},
    "prepaid": {"take_card_reminder_s": 1.5, "take_card_timeout_s": 6.0},
    "maintenance": {"long_press_s": 2.0, "self_test_wait_s": 15.0},
    "fleet": {"heartbeat_interval_s": 2.0, "retry_interval_s": 1.0},
    "vtm": {"max_queue_wait_s": 8.0, "connect_timeout_s": 8.0},
}
TOUR_SALE_TIMEOUT_S = 4.0  # the payment module's sale time-out (card, PIN and bank)


def tour_settings(settings: Settings) -> Settings:
    """`settings` with the tour's shortened timings."""
    payment = settings.payment.model_copy(
        update={
            "wechat": settings.payment.wechat.model_copy(update=TOUR_TIMINGS["wechat"]),
            "alipay": settings.payment.alipay.model_copy(update=TOUR_TIMINGS["alipay"]),
            "card": settings.payment.card.model_copy(update=TOUR_TIMINGS["card"]),
            "qr": settings.payment.qr.model_copy(update=TOUR_TIMINGS["qr"]),
        }
    )
    ui = settings.ui.model_copy(update=TOUR_TIMINGS["ui"])
    prepaid = settings.prepaid.model_copy(update=TOUR_TIMINGS["prepaid"])
    devices = {
        name: device.model_copy(update={"sale_timeout_s": TOUR_SALE_TIMEOUT_S})
        if device.driver == "payment_module"
        else device
        for name, device in settings.devices.items()
    }
    maintenance = settings.maintenance.model_copy(update=TOUR_TIMINGS["maintenance"])
    fleet = settings.fleet.model_copy(update=TOUR_TIMINGS["fleet"])
    vtm = settings.vtm.model_copy(update=TOUR_TIMINGS["vtm"])
    return settings.model_copy(
        update={
            "payment": payment,
            "ui": ui,
            "prepaid": prepaid,
            "devices": devices,
            "maintenance": maintenance,
            "fleet": fleet,
            "vtm": vtm,
        }
    )


@contextlib.asynccontextmanager
async def running_terminal(
    settings: Settings, size: tuple[int, int] | None = None
) -> AsyncIterator[Any]:
    """The terminal built, shown offscreen, started and running its customer loop."""
    from kiosk.app import build_terminal

    terminal = build_terminal(settings)
    width, height = size or (settings.ui.width, settings.ui.height)
    terminal.window.resize(width, height)
    terminal.window.show()
    await terminal.start()
    runner = asyncio.ensure_future(terminal.run())
    try:
        yield terminal
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await runner
        await terminal.stop()
        terminal.window.close()
        terminal.window.deleteLater()


def run_tour_command(
    settings: Settings,
    out: Path,
    journeys: list[str] | None,
    external_simulators: bool = False,
) -> int:
    """Run the tour; exit status 0 when every journey ended as expected."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from kiosk.app import load_theme
    from kiosk.gui_gc import GuiThreadCollector
    from simulators.endpoints import SimulatorEndpoints, with_simulators

    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.png"), out / "report.json"]:
        old.unlink(missing_ok=True)
    started = time.perf_counter()
    host: SimulatorHost | None = None
    tmp = tempfile.TemporaryDirectory(prefix="kiosk-tour-")
    if external_simulators:
        endpoints = SimulatorEndpoints(
            backoffice_url=settings.backoffice.base_url,
            control_url=f"http://127.0.0.1:{settings.simulators.control_port}",
            printer_url="",
            scanner_url="",
        )
    else:
        from simulators.host import SimulatorHost  # only when the tour runs its own simulators

        host = SimulatorHost(Path(tmp.name) / "simulators")
        endpoints = host.start()
        settings = with_simulators(settings, endpoints, Path(tmp.name) / "data")
    settings = tour_settings(settings)
    # The tour's removable drive: a folder beside the screenshots, so the export can be looked at.
    usb = out / "usb"
    shutil.rmtree(usb, ignore_errors=True)
    usb.mkdir()
    maintenance = settings.maintenance.model_copy(update={"export_dir": usb.resolve()})
    settings = settings.model_copy(update={"maintenance": maintenance})

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv))
    # Journeys open and close the terminal's window; that must not stop the event loop.
    app.setQuitOnLastWindowClosed(False)
    load_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    report: dict[str, Any] = {}
    # The simulators' thread and the camera's must never free the journeys' Qt objects.
    collector = GuiThreadCollector(parent=app)
    try:
        with loop:
            report = loop.run_until_complete(
                _tour(settings, endpoints, out, journeys, external_simulators)
            )
    finally:
        collector.stop()
        if host is not None:
            host.stop()
        tmp.cleanup()
    report["total_seconds"] = round(time.perf_counter() - started, 2)
    (out / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    failed = [j["journey"] for j in report["journeys"] if j["outcome"] != j["expected"]]
    print(
        f"tour: {len(report['journeys'])} journeys, {len(failed)} unexpected"
        f"{': ' + ', '.join(failed) if failed else ''}; report in {out / 'report.json'}"
    )
    return 1 if failed else 0


async def _tour(
    settings: Settings, endpoints: Any, out: Path, journeys: list[str] | None, external: bool
) -> dict[str, Any]:
    from kiosk.tour.card_journeys import CARD_JOURNEYS
    from kiosk.tour.driver import TourDriver
    from kiosk.tour.journeys import JOURNEYS as SPINE_JOURNEYS
    from kiosk.tour.journeys import TourContext
    from kiosk.tour.staff_journeys import STAFF_JOURNEYS
    from kiosk.tour.video_journeys import VIDEO_JOURNEYS

    JOURNEYS = {**SPINE_JOURNEYS, **CARD_JOURNEYS, **STAFF_JOURNEYS, **VIDEO_JOURNEYS}
    from simulators.remote import SimulatorRemote

    remote = SimulatorRemote(endpoints.control_url, endpoints.backoffice_url)
    default = [name for name, journey in JOURNEYS.items() if journey.in_tour]
    selected = [] if journeys == ["idle"] else journeys or default
    unknown = [name for name in selected if name not in JOURNEYS]
    if unknown:
        raise SystemExit(f"kiosk tour: unknown journey(s) {unknown}; known: {list(JOURNEYS)}")
    records: list[dict[str, Any]] = []
    first_frame_s: float | None = None
    t0 = time.perf_counter()
    try:
        async with running_terminal(settings) as terminal:
            driver = TourDriver(terminal.ui, terminal.window, out, terminal.staff_ui)
            driver.begin("start")
            await driver.wait_screen("idle", timeout=30)
            first_frame_s = time.perf_counter() - t0
            print("FIRST_FRAME", round(first_frame_s, 3), flush=True)
            records.append(driver.end("idle shown").as_dict() | {"expected": "idle shown"})
            context = TourContext(driver, remote, terminal, receipts_dir=out)
            if not external:
                # Our own simulators: start from normal behaviour. Simulators run by someone
                # else (a test, a person at the panel) keep what they were told.
                await remote.reset()
            for name in selected:
                journey = JOURNEYS[name]
                driver.begin(name)
                await context.skip_printed()
                try:
                    outcome, detail = await journey.run(context)
                except Exception as exc:
                    log.error("journey %s failed:\n%s", name, traceback.format_exc())
                    outcome, detail = "error", f"{type(exc).__name__}: {exc}"
                    await context.back_to_idle()
                record = driver.end(outcome, detail)
                record.receipts = context.take_receipts()
                records.append(record.as_dict() | {"expected": journey.expected})
            latencies = sorted(driver.latencies_ms)
            # What the back office's fleet page showed at the end of the tour.
            (out / "fleet.html").write_text(await remote.fleet_page(), encoding="utf-8")
    finally:
        await remote.aclose()
    return {
        "terminal": settings.terminal.id,
        "timings_note": "provider polling and inactivity shortened for the tour: "
        + json.dumps(TOUR_TIMINGS),
        "first_frame_s": first_frame_s,
        "screen_change_ms": _summary(latencies),
        "journeys": records,
    }


def _summary(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"count": 0}
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "median": round(ordered[len(ordered) // 2], 2),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "max": round(ordered[-1], 2),
    }
