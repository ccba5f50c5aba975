"""`kiosk bench`: measures and reports; it never fails on a slow machine.

Figures (JSON on stdout):
- cold start: a fresh `kiosk tour` process to the first painted frame of the idle screen;
- screen change: a click to the next screen painted (median, p95) over the journeys;
- journey software time: the pay journey with the simulators answering at once;
- receipt: bytes of a journey's receipt as printed, and their time on a 115200-baud line (8N1:
  10 bits a byte);
- memory: RSS of the terminal after start and after N scripted journeys through the widgets;
- a video call with the teller bot (kiosk/bench_video.py): set-up, CPU, latency, GUI stalls.

The simulators run in their own process, so the memory figures are the terminal's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from kiosk.config import Settings, dump_settings

TARGETS = {
    "cold_start_s": 1.5,
    "screen_change_p95_ms": 50.0,
    "journey_software_s": 1.0,
    "card_sale_software_s": 1.0,
    "prepaid_purchase_software_s": 1.0,
    "receipt_bytes": 2048,
    "rss_growth_mb": 10.0,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def simulator_process(settings: Settings, work: Path) -> Iterator[tuple[Settings, Path]]:
    """`kiosk simulators` in a child process on free ports; yields the settings that point the
    terminal at it, and their config file."""
    from simulators.endpoints import SimulatorEndpoints, with_simulators

    ports = {"backoffice_port": _free_port(), "printer_port": _free_port()}
    scanner_link = work / "scanner.tty"
    endpoints = SimulatorEndpoints(
        backoffice_url=f"http://127.0.0.1:{ports['backoffice_port']}",
        control_url=f"http://127.0.0.1:{_free_port()}",
        printer_url=f"socket://127.0.0.1:{ports['printer_port']}",
        scanner_url=f"serial://{scanner_link}?baud=9600",
    )
    derived = with_simulators(settings, endpoints, work / "data")
    # The same settings start the simulators (`kiosk simulators`) on exactly these addresses.
    sims = derived.simulators.model_copy(update={**ports, "scanner_link": scanner_link})
    derived = derived.model_copy(update={"simulators": sims, "base_dir": work})
    config = work / "config.toml"
    config.write_text(dump_settings(derived), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "--config", str(config), "simulators", "--no-panel"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("{"):
            raise RuntimeError("the simulators did not start")
        yield derived, config
    finally:
        process.terminate()
        process.wait(15)


def measure_cold_start(config: Path, runs: int = 3) -> list[float]:
    """Seconds from spawning the terminal to its first painted idle frame, per run."""
    times = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kiosk.cli",
                    "--config",
                    str(config),
                    "tour",
                    "--no-simulators",
                    "--journey",
                    "idle",
                    "--out",
                    out,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env=env,
            )
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("FIRST_FRAME"):
                    times.append(time.perf_counter() - started)
                    break
            process.wait(60)
    return times


def measure_in_process(settings: Settings, journeys: int) -> dict[str, Any]:
    """Screen changes, journey time and memory, with the terminal in this process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from kiosk.app import load_theme
    from kiosk.gui_gc import GuiThreadCollector

    app = cast(QApplication, QApplication.instance() or QApplication([]))
    app.setQuitOnLastWindowClosed(False)
    load_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    collector = GuiThreadCollector(parent=app)  # as `kiosk run` does
    try:
        with loop:
            result: dict[str, Any] = loop.run_until_complete(_journeys(settings, journeys))
    finally:
        collector.stop()
    return result


async def _journeys(settings: Settings, count: int) -> dict[str, Any]:
    from kiosk.app import process_rss_kb
    from kiosk.bench_cards import card_figures
    from kiosk.bench_maintenance import maintenance_figures
    from kiosk.bench_video import video_figures, video_table
    from kiosk.tour.driver import TourDriver
    from kiosk.tour.journeys import TourContext
    from kiosk.tour.runner import running_terminal, tour_settings
    from simulators.remote import SimulatorRemote

    remote = SimulatorRemote(
        f"http://127.0.0.1:{settings.simulators.control_port}", settings.backoffice.base_url
    )
    settings = tour_settings(settings)
    journey_s: list[float] = []
    rss_trace: dict[str, float] = {}
    try:
        async with running_terminal(settings) as terminal:
            driver = TourDriver(terminal.ui, terminal.window, None, terminal.staff_ui)
            await driver.wait_screen("idle", timeout=30)
            ctx = TourContext(driver, remote, terminal)
            accounts = await remote.sample_accounts(kind="prepaid")
            rss_start = rss_first = process_rss_kb()
            for i in range(count):
                account = accounts[i % len(accounts)]["account_no"]
                code = await remote.wallet_code("wechat")
                started = time.perf_counter()
                await ctx.start("zh")
                await ctx.to_method(account, preset=10000)
                await driver.wait_screen("method")
                driver.click("method_wechat")
                await driver.wait_screen("code")
                await remote.present_code(code)
                await driver.wait_screen("outcome", timeout=30)
                driver.click("btn_done")
                await driver.wait_screen("idle")
                journey_s.append(time.perf_counter() - started)
                if i == 0:
                    rss_first = process_rss_kb()
                if (i + 1) in (1, 10, 50) or (i + 1) % 100 == 0:
                    rss_trace[str(i + 1)] = round(process_rss_kb() / 1024, 1)
            rss_end = process_rss_kb()
            latencies = sorted(driver.latencies_ms)
            jobs = await remote.printed_jobs()
            card_accounts = [a["account_no"] for a in accounts]
            cards = await card_figures(ctx, card_accounts, min(count, 20))
            maintenance = await maintenance_figures(ctx)
            video = await video_figures(ctx)
            print(video_table(video), file=sys.stderr)  # stdout is the JSON
    finally:
        await remote.aclose()
    return {
        "screen_change_ms": {
            "count": len(latencies),
            "median": round(statistics.median(latencies), 2),
            "p95": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 2),
            "max": round(latencies[-1], 2),
        },
        "journey_software_s": {
            "median": round(statistics.median(journey_s), 3),
            "max": round(max(journey_s), 3),
            "count": len(journey_s),
            "note": "touch to start → paid → receipt printed → idle; includes the simulated "
            "customer's code being fetched and shown to the scanner",
        },
        "receipt": {
            "bytes": jobs[-1]["bytes"],
            "seconds_at_115200": round(jobs[-1]["bytes"] * 10 / 115200, 3),
            "note": "the last journey's receipt as the printer simulator received it",
        },
        **cards,
        "maintenance": maintenance,
        "video_call": video,
        "rss_mb": {
            "after_start": round(rss_start / 1024, 1),
            "after_first_journey": round(rss_first / 1024, 1),
            f"after_{count}_journeys": round(rss_end / 1024, 1),
            "growth_after_first_journey": round((rss_end - rss_first) / 1024, 1),
            "by_journeys": rss_trace,
        },
    }


def run_bench(settings: Settings, journeys: int = 1000) -> dict[str, Any]:
    """Every figure, as a dict ready for JSON."""
    from kiosk.bench_video import with_free_camera_port

    settings = with_free_camera_port(settings)
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp,
        simulator_process(settings, Path(tmp)) as (derived, config),
    ):
        cold = measure_cold_start(config)
        figures: dict[str, Any] = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "targets": TARGETS,
            "cold_start_s": {
                "runs": [round(t, 3) for t in cold],
                "median": round(statistics.median(cold), 3) if cold else None,
            },
        }
        figures.update(measure_in_process(derived, journeys))
    return figures


if __name__ == "__main__":
    from kiosk.config import load_settings

    print(json.dumps(run_bench(load_settings("config.toml"), 20), indent=2))
