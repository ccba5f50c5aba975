"""The fleet reporter against the real back-office simulator over HTTP: heartbeats, events
delivered in order and once through outages, lost answers and restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fleet_testkit import (
    TERMINAL,
    FakeDevices,
    ManualClock,
    ObservedBackOffice,
    fleet_settings,
    stored_seqs,
)

from kiosk import __version__
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.fleet_models import FleetEventKind as Kind
from kiosk.backoffice.fleet_models import TerminalMode
from kiosk.config import Settings
from kiosk.devices.status import (
    CoverStatus,
    DeviceState,
    PaperStatus,
    PaymentModuleStatus,
    PrinterStatus,
    StatusChanged,
)
from kiosk.fleet.outbox import EventOutbox
from kiosk.fleet.reporter import FleetReporter
from kiosk.maintenance.context import DeviceInfo, FleetEvents
from simulators.backoffice.server import BackOfficeServer

ERROR_AT = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)


def printer(paper: PaperStatus = PaperStatus.FULL) -> DeviceInfo:
    return DeviceInfo(
        name="receipt_printer",
        driver="escpos_printer",
        device_class="printer",
        url="socket://127.0.0.1:9100",
        status=PrinterStatus(DeviceState.ONLINE, None, paper, CoverStatus.CLOSED),
        available=True,
        last_error="paper near end",
        last_error_at=ERROR_AT,
    )


def payment_module() -> DeviceInfo:
    return DeviceInfo(
        name="payment_module",
        driver="payment_module",
        device_class="payment_module",
        url="serial://var/run/payment_module.tty",
        status=PaymentModuleStatus(DeviceState.ONLINE),
        available=True,
        last_error=None,
        last_error_at=None,
    )


class DropFirstEventAnswers(httpx.AsyncBaseTransport):
    """The "stored, then the answer was lost" fault: the request reaches the back office and is
    processed, but the terminal sees the connection break instead of the answer."""

    def __init__(self, drops: int) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.drops = drops

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.url.path.endswith("/fleet/events") and self.drops > 0:
            self.drops -= 1
            await response.aclose()
            raise httpx.ReadError("connection lost", request=request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class Rig:
    """A terminal's fleet side on the simulator: settings, client, outbox, reporter."""

    def __init__(self, server: BackOfficeServer, data_dir: Path) -> None:
        self.clock = ManualClock()
        self.settings: Settings = fleet_settings(server.url, data_dir)
        self.devices = FakeDevices([printer(), payment_module()])
        self.mode = TerminalMode.IN_SERVICE
        self.counters = {"receipts_since_refill": 12, "transactions_today": 3}
        self.clients: list[BackOfficeClient] = []
        self.outboxes: list[EventOutbox] = []

    def reporter(self, transport: httpx.AsyncBaseTransport | None = None) -> FleetReporter:
        """A new reporter (as after a restart) on the same outbox file."""
        client = BackOfficeClient(self.settings.backoffice, self.clock, transport=transport)
        self.clients.append(client)
        outbox = EventOutbox(self.settings.data_dir / "fleet.sqlite3", self.clock, 1000)
        self.outboxes.append(outbox)
        self.backoffice = ObservedBackOffice(client)
        return FleetReporter(
            self.settings,
            self.backoffice,
            self.devices,
            outbox,
            self.clock,
            mode=lambda: self.mode,
            counters=lambda: dict(self.counters),
        )

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()
        for outbox in self.outboxes:
            outbox.close()


@pytest.fixture
async def rig(server: BackOfficeServer, tmp_path: Path) -> AsyncIterator[Rig]:
    made = Rig(server, tmp_path / "data")
    yield made
    await made.close()


async def outage(sim: httpx.AsyncClient, on: bool) -> None:
    answer = await sim.post("/_sim/outage", json={"on": on})
    assert answer.status_code == 200, answer.text


async def terminal_view(sim: httpx.AsyncClient) -> dict[str, Any]:
    answer = await sim.get("/api/v1/fleet/terminals")
    assert answer.status_code == 200, answer.text
    (found,) = [t for t in answer.json() if t["terminal_id"] == TERMINAL]
    return dict(found)


async def test_heartbeat_carries_version_mode_devices_and_counters(
    rig: Rig, sim: httpx.AsyncClient
) -> None:
    rig.devices.infos = [printer(PaperStatus.LOW), payment_module()]
    reporter = rig.reporter()
    as_maintenance_sees_it: FleetEvents = reporter  # the contract it implements
    as_maintenance_sees_it.push(Kind.PAPER_LOW, "receipt_printer")  # queued, not sent: counted
    assert as_maintenance_sees_it.queued == 1
    assert await reporter.send_heartbeat()
    view = await terminal_view(sim)
    beat = view["heartbeat"]
    assert beat["terminal_id"] == TERMINAL and beat["kind"] == "self_payment"
    assert beat["version"] == __version__ and beat["mode"] == "in_service"
    assert beat["started_at"] == beat["sent_at"] == "2026-11-23T02:00:00Z"
    assert beat["devices"] == [
        {
            "name": "receipt_printer",
            "device_class": "printer",
            "state": "online",
            "status": {"paper": "low", "cover": "closed"},
            "last_error": "paper near end",
            "last_error_at": "2026-11-23T01:30:00Z",
        },
        {
            "name": "payment_module",
            "device_class": "payment_module",
            "state": "online",
            "status": {"media": "unknown", "busy_with_sale": "false"},
            "last_error": None,
            "last_error_at": None,
        },
    ]
    assert beat["counters"] == {
        "receipts_since_refill": 12,
        "transactions_today": 3,
        "queued_events": 1,
        "dropped_events": 0,
    }
    assert view["health"] == "warning"
    assert view["reasons"] == ["receipt_printer: paper low"]


async def test_heartbeat_failure_is_reported_not_raised(rig: Rig, sim: httpx.AsyncClient) -> None:
    reporter = rig.reporter()
    await outage(sim, True)
    assert not await reporter.send_heartbeat()
    assert rig.backoffice.heartbeat_calls == 1  # not retried


async def test_events_pushed_during_an_outage_arrive_in_order_once(
    rig: Rig, sim: httpx.AsyncClient
) -> None:
    reporter = rig.reporter()
    reporter.push(Kind.PAPER_LOW, "receipt_printer")
    assert await reporter.flush()
    await outage(sim, True)
    for kind in (Kind.PAPER_OUT, Kind.COVER_OPEN, Kind.DEVICE_GONE):
        reporter.push(kind, "receipt_printer")
        assert not await reporter.flush()
    assert reporter.queued == 3
    await outage(sim, False)
    # Three failures opened the fleet breaker: nothing goes out until its reset time passed.
    reporter.push(Kind.DEVICE_BACK, "receipt_printer")
    assert not await reporter.flush() and rig.backoffice.acks == [1]
    rig.clock.advance(rig.settings.backoffice.breaker_reset_s)
    assert await reporter.flush()
    assert reporter.queued == 0
    assert await stored_seqs(sim) == [1, 2, 3, 4, 5]
    answer = await sim.get("/_sim/fleet/events", params={"terminal_id": TERMINAL})
    assert [e["kind"] for e in answer.json()] == [
        "paper_low",
        "paper_out",
        "cover_open",
        "device_gone",
        "device_back",
    ]


async def test_a_lost_answer_is_sent_again_and_stored_once(
    rig: Rig, sim: httpx.AsyncClient
) -> None:
    transport = DropFirstEventAnswers(drops=1)
    reporter = rig.reporter(transport)
    reporter.push(Kind.PAPER_LOW, "receipt_printer")
    reporter.push(Kind.PAPER_OUT, "receipt_printer")
    assert not await reporter.flush()  # stored, but the terminal never heard
    assert reporter.queued == 2
    assert await stored_seqs(sim) == [1, 2]
    reporter.push(Kind.COVER_OPEN, "receipt_printer")
    assert await reporter.flush()
    assert await stored_seqs(sim) == [1, 2, 3]
    assert rig.backoffice.acks == [3]


async def test_events_survive_a_restart_and_are_sent_once(rig: Rig, sim: httpx.AsyncClient) -> None:
    first = rig.reporter(DropFirstEventAnswers(drops=1))
    first.push(Kind.DOOR_OPEN, "sensors")
    assert not await first.flush()  # seq 1 stored, answer lost
    await outage(sim, True)
    first.push(Kind.DOOR_CLOSED, "sensors")
    first.push(Kind.PAPER_LOW, "receipt_printer")
    assert not await first.flush()
    rig.outboxes[-1].close()  # the terminal process dies here
    await outage(sim, False)
    second = rig.reporter()
    assert second.queued == 3
    second.push(Kind.PAPER_OUT, "receipt_printer")
    assert await second.flush()
    assert await stored_seqs(sim) == [1, 2, 3, 4]


async def test_a_lost_queue_file_does_not_lose_new_events(rig: Rig, sim: httpx.AsyncClient) -> None:
    first = rig.reporter()
    for _ in range(3):
        first.push(Kind.DOOR_OPEN, "sensors")
    assert await first.flush()
    rig.outboxes[-1].close()
    (rig.settings.data_dir / "fleet.sqlite3").unlink()  # the file is lost: numbering restarts
    second = rig.reporter()
    second.push(Kind.PAPER_OUT, "receipt_printer")
    second.push(Kind.PAPER_LOW, "receipt_printer")
    assert await second.flush()
    assert await stored_seqs(sim) == [1, 2, 3, 4, 5]
    assert second.queued == 0
    kinds = [e["kind"] for e in (await sim.get("/_sim/fleet/events")).json()]
    assert kinds[-2:] == ["paper_out", "paper_low"]
    # And it goes on counting from there.
    second.push(Kind.PAPER_REFILLED, "receipt_printer")
    assert await second.flush()
    assert await stored_seqs(sim) == [1, 2, 3, 4, 5, 6]


async def test_run_sends_a_heartbeat_at_once_then_every_interval(rig: Rig) -> None:
    reporter = rig.reporter()
    task = asyncio.create_task(reporter.run())
    try:
        await rig.backoffice.until(lambda: rig.backoffice.heartbeat_calls == 1)
        await rig.clock.wait_sleeping(60)
        rig.clock.advance(59)
        assert rig.backoffice.heartbeat_calls == 1
        rig.clock.advance(1)
        await rig.backoffice.until(lambda: rig.backoffice.heartbeat_calls == 2)
        assert reporter.heartbeats_sent == 2
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_run_flushes_on_push_and_retries_while_unreachable(
    rig: Rig, sim: httpx.AsyncClient
) -> None:
    reporter = rig.reporter()
    observed = rig.backoffice
    task = asyncio.create_task(reporter.run())
    try:
        reporter.on_status(
            StatusChanged(
                "receipt_printer", {"paper": PaperStatus.LOW}, PrinterStatus(DeviceState.ONLINE)
            )
        )
        await observed.until(lambda: observed.acks == [1])
        await outage(sim, True)
        reporter.push(Kind.MAINTENANCE_STARTED)
        reporter.push(Kind.PAPER_REFILLED, "receipt_printer")
        await observed.until(lambda: observed.event_calls >= 2 and reporter.queued == 2)
        await outage(sim, False)
        # Retried every retry_interval_s; the breaker (opened by the failures) lets a trial
        # through 20 s after it opened, so it may take two rounds.
        for _ in range(4):
            if reporter.queued == 0:
                break
            calls = observed.event_calls

            def tried_again(before: int = calls) -> bool:
                return observed.event_calls > before

            await rig.clock.wait_sleeping(10)
            rig.clock.advance(10)
            await observed.until(tried_again)
        assert reporter.queued == 0
        assert await stored_seqs(sim) == [1, 2, 3]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_dropped_events_show_as_lost_on_the_fleet_page(
    rig: Rig, sim: httpx.AsyncClient, server: BackOfficeServer, tmp_path: Path
) -> None:
    client = BackOfficeClient(rig.settings.backoffice, rig.clock)
    rig.clients.append(client)
    outbox = EventOutbox(tmp_path / "small.sqlite3", rig.clock, max_events=2)
    rig.outboxes.append(outbox)
    reporter = FleetReporter(
        rig.settings,
        client,
        rig.devices,
        outbox,
        rig.clock,
        mode=lambda: TerminalMode.OUT_OF_SERVICE,
        counters=dict,
    )
    for _ in range(5):
        outbox.push(Kind.PAPER_LOW, "receipt_printer")
    assert await reporter.flush() and await reporter.send_heartbeat()
    assert await stored_seqs(sim) == [4, 5]
    view = await terminal_view(sim)
    assert view["events_lost"] == [{"first_seq": 1, "last_seq": 3}]
    assert view["heartbeat"]["counters"]["dropped_events"] == 3
    assert "out of service" in view["reasons"]
    page = (await sim.get("/fleet")).text
    assert "events lost: 3 (seq 1–3)" in page


async def test_run_sends_nothing_when_disabled(server: BackOfficeServer, tmp_path: Path) -> None:
    clock = ManualClock()
    settings = fleet_settings(server.url, tmp_path, enabled="false")
    client = BackOfficeClient(settings.backoffice, clock)
    observed = ObservedBackOffice(client)
    outbox = EventOutbox(tmp_path / "fleet.sqlite3", clock)
    reporter = FleetReporter(
        settings,
        observed,
        FakeDevices([]),
        outbox,
        clock,
        mode=lambda: TerminalMode.IN_SERVICE,
        counters=dict,
    )
    reporter.push(Kind.PAPER_LOW, "receipt_printer")
    async with asyncio.timeout(5):
        await reporter.run()
    assert observed.heartbeat_calls == observed.event_calls == 0 and reporter.queued == 1
    await client.aclose()
    outbox.close()
