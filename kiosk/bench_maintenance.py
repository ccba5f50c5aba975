"""`kiosk bench` figures of issue 5: a staff login through the real widgets (PIN check included)
and the longest stall of the GUI's event loop meanwhile, the cost of one Argon2id PIN check, the
audit log, the fleet queue, and building the dashboard and the day's journal for staff."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.clock import SystemClock
from kiosk.fleet.outbox import EventOutbox
from kiosk.maintenance.audit import AuditLog
from kiosk.maintenance.dashboard import build_dashboard
from kiosk.maintenance.journal_view import build_journal_view
from kiosk.maintenance.ports import JournalFilter
from kiosk.maintenance.staff import verify_pin
from kiosk.maintenance.store import open_store
from kiosk.receipts import CHINA_TIME
from kiosk.tour.journeys import TourContext
from kiosk.tour.staff_journeys import SUPERVISOR_CARD, SUPERVISOR_PIN

LOGINS = 5
EVENTS = 1000
AUDIT_ENTRIES = 1000


def _ms(seconds: list[float]) -> dict[str, Any]:
    return {
        "median": round(statistics.median(seconds) * 1000, 1),
        "max": round(max(seconds) * 1000, 1),
        "count": len(seconds),
    }


class _StallMeter:
    """The longest time the event loop (the GUI thread) went without running a 2 ms ticker."""

    def __init__(self) -> None:
        self.longest_s = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            self.longest_s = max(self.longest_s, now - last - 0.002)
            last = now

    def __enter__(self) -> _StallMeter:
        self._task = asyncio.ensure_future(self._tick())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()


async def staff_logins(ctx: TourContext) -> tuple[list[float], float]:
    """Staff card in → PIN → OK → dashboard painted, `LOGINS` times; and the longest loop stall
    from the OK press to the dashboard (the Argon2id check runs in a worker thread)."""
    d = ctx.driver
    times: list[float] = []
    longest = 0.0
    for _ in range(LOGINS):
        await d.wait_screen("idle")
        await ctx.remote.insert_staff_card(SUPERVISOR_CARD)
        await d.wait_screen("staff_login", timeout=30)
        d.type_digits(SUPERVISOR_PIN)
        started = time.perf_counter()
        with _StallMeter() as meter:
            d.click("keypad_ok")
            await d.wait_screen("staff_dashboard", timeout=30)
        times.append(time.perf_counter() - started)
        longest = max(longest, meter.longest_s)
        d.click("btn_staff_exit")
        await d.wait_screen("idle")
        await ctx.remote.remove_card()
    return times, longest


def pin_check_times(staff_file_hash: str, pin: str, runs: int = 5) -> list[float]:
    """One Argon2id verification of the shipped parameters, `runs` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert verify_pin(staff_file_hash, pin)
        times.append(time.perf_counter() - started)
    return times


def audit_figures(folder: Path) -> dict[str, Any]:
    """Appending `AUDIT_ENTRIES` entries (each committed with synchronous=FULL) and verifying the
    hash chain over them."""
    conn = open_store(folder / "audit.sqlite3")
    try:
        log = AuditLog(conn, SystemClock())
        started = time.perf_counter()
        for i in range(AUDIT_ENTRIES):
            log.record("2001", "self_test", target=f"device-{i % 5}", outcome="passed")
        append_s = time.perf_counter() - started
        started = time.perf_counter()
        assert log.verify() is None
        verify_s = time.perf_counter() - started
    finally:
        conn.close()
    return {
        "append_ms_per_entry": round(append_s * 1000 / AUDIT_ENTRIES, 3),
        f"verify_{AUDIT_ENTRIES}_entries_ms": round(verify_s * 1000, 1),
    }


async def fleet_figures(ctx: TourContext, folder: Path) -> dict[str, Any]:
    """Queueing `EVENTS` events on disk, then delivering them to the back-office simulator."""
    outbox = EventOutbox(folder / "fleet.sqlite3", SystemClock(), EVENTS * 2)
    started = time.perf_counter()
    for i in range(EVENTS):
        outbox.push(FleetEventKind.PAPER_LOW, "receipt_printer", f"bench {i}")
    push_s = time.perf_counter() - started
    reporter = ctx.terminal.desk.fleet
    sent_s = None
    if reporter is not None:
        from kiosk.fleet.reporter import FleetReporter

        bench = FleetReporter(
            ctx.terminal.settings.model_copy(
                update={
                    "terminal": ctx.terminal.settings.terminal.model_copy(
                        update={"id": "BENCH-FLEET-01"}
                    )
                }
            ),
            ctx.terminal.backoffice,
            ctx.terminal.devices,
            outbox,
            SystemClock(),
            mode=ctx.terminal.desk.mode,
            counters=dict,
        )
        started = time.perf_counter()
        assert await bench.flush()
        sent_s = time.perf_counter() - started
    outbox.close()
    return {
        "queue_ms_per_event": round(push_s * 1000 / EVENTS, 3),
        f"deliver_{EVENTS}_events_s": None if sent_s is None else round(sent_s, 3),
    }


async def maintenance_figures(ctx: TourContext) -> dict[str, Any]:
    """Every figure of issue 5, with the terminal of the benchmark (its journal holds the
    benchmark's journeys of the day)."""
    terminal = ctx.terminal
    logins, stall = await staff_logins(ctx)
    member = terminal.desk.staff.member("2001")
    pin_times = pin_check_times(member.pin_hash, SUPERVISOR_PIN)
    today = terminal.clock.wall().astimezone(CHINA_TIME).date()
    started = time.perf_counter()
    view = build_journal_view(terminal.journal, today, JournalFilter.ALL, can_reprint=True)
    journal_s = time.perf_counter() - started
    from kiosk.maintenance.context import MaintenanceContext

    mctx = MaintenanceContext(
        terminal.staff_ui,
        terminal.devices,
        terminal.journal,
        terminal.backoffice,
        terminal.settings,
        terminal.clock,
        terminal.desk.audit,
        terminal.desk.staff,
        terminal.desk.counters,
        terminal.desk.service,
        terminal.desk.fleet,
    )
    started = time.perf_counter()
    build_dashboard(mctx, member)
    dashboard_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-staff-") as tmp:
        audit = audit_figures(Path(tmp))
        fleet = await fleet_figures(ctx, Path(tmp))
    return {
        "staff_login_ms": {
            **_ms(logins),
            "note": "PIN OK pressed → dashboard painted (Argon2id check, staff card already "
            "authenticated, dashboard built)",
        },
        "gui_longest_stall_during_login_ms": round(stall * 1000, 1),
        "pin_check_ms": _ms(pin_times),
        f"journal_view_{view.count}_rows_ms": round(journal_s * 1000, 1),
        "dashboard_build_ms": round(dashboard_s * 1000, 1),
        "audit": audit,
        "fleet": fleet,
    }
