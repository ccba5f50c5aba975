"""Helpers of the fleet tests: a clock the test moves by hand, fake devices, a back office that
tells the test each time it was called (a unique module name beside other test folders')."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from kiosk.backoffice import FleetBackOffice
from kiosk.backoffice.fleet_models import (
    EventAck,
    EventBatch,
    Heartbeat,
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
)
from kiosk.config import Settings, parse_settings
from kiosk.devices.status import DeviceStatus
from kiosk.maintenance.context import DeviceInfo

TERMINAL = "SZ-FT-0001-SP01"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
WAIT_S = 5.0  # longest a test waits for something that should happen at once


class ManualClock:
    """Time moves only when the test calls advance(); sleepers wake when their time comes."""

    def __init__(self, start: datetime = START) -> None:
        self._mono = 0.0
        self._start = start
        self._sleepers: list[tuple[float, float, asyncio.Future[None]]] = []
        self._changed = asyncio.Condition()

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> datetime:
        return self._start + timedelta(seconds=self._mono)

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._mono + seconds, seconds, future)
        self._sleepers.append(entry)
        async with self._changed:
            self._changed.notify_all()
        try:
            await future
        finally:
            self._sleepers.remove(entry)

    def advance(self, seconds: float) -> None:
        """Move time on and wake every sleeper whose time has come."""
        self._mono += seconds
        for deadline, _, future in list(self._sleepers):
            if deadline <= self._mono and not future.done():
                future.set_result(None)

    async def wait_sleeping(self, seconds: float) -> None:
        """Wait (with a time-out) until something sleeps for `seconds` and is not yet woken."""

        def sleeping() -> bool:
            return any(s == seconds and not f.done() for _, s, f in self._sleepers)

        async with asyncio.timeout(WAIT_S), self._changed:
            await self._changed.wait_for(sleeping)


class ObservedBackOffice:
    """Forwards to a real FleetBackOffice and notifies waiters after every call, answered or
    failed, so that tests wait on what happened instead of sleeping."""

    def __init__(self, inner: FleetBackOffice) -> None:
        self.inner = inner
        self.heartbeat_calls = 0
        self.event_calls = 0
        self.acks: list[int] = []
        self._changed = asyncio.Condition()

    async def _done(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def send_heartbeat(self, heartbeat: Heartbeat) -> None:
        try:
            await self.inner.send_heartbeat(heartbeat)
        finally:
            self.heartbeat_calls += 1
            await self._done()

    async def send_fleet_events(self, batch: EventBatch) -> EventAck:
        try:
            ack = await self.inner.send_fleet_events(batch)
            self.acks.append(ack.acked_seq)
            return ack
        finally:
            self.event_calls += 1
            await self._done()

    async def get_settlement(self, terminal_id: str, day: date) -> Settlement:
        return await self.inner.get_settlement(terminal_id, day)

    async def submit_reconciliation(
        self, report: ReconciliationReport, idempotency_key: str
    ) -> ReconciliationAck:
        return await self.inner.submit_reconciliation(report, idempotency_key)

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait (with a time-out) until `condition` holds after some call."""
        async with asyncio.timeout(WAIT_S), self._changed:
            await self._changed.wait_for(condition)


class FakeDevices:
    """DeviceControl with fixed device infos (only what the reporter reads)."""

    def __init__(self, infos: list[DeviceInfo]) -> None:
        self.infos = infos

    def device_infos(self) -> list[DeviceInfo]:
        return list(self.infos)

    def device_named(self, name: str) -> None:
        return None

    async def reconnect(self, name: str) -> DeviceStatus:
        raise NotImplementedError("not used by the fleet reporter")

    def receipt_printer(self) -> None:
        return None

    def card_reader(self) -> None:
        return None

    def sensors(self) -> None:
        return None


def fleet_settings(base_url: str, data_dir: Path, **fleet: float | str) -> Settings:
    """Settings for one terminal on the simulator at `base_url`."""
    extra = "".join(f"{key} = {value}\n" for key, value in fleet.items())
    text = (
        f'[terminal]\nid = "{TERMINAL}"\nkind = "self_payment"\ndata_dir = "{data_dir}"\n'
        f'[backoffice]\nbase_url = "{base_url}"\nread_retries = 0\n'
        f"[fleet]\nheartbeat_interval_s = 60\nretry_interval_s = 10\n{extra}"
    )
    return parse_settings(text, data_dir)


async def stored_seqs(sim: httpx.AsyncClient, terminal_id: str = TERMINAL) -> list[int]:
    """The seqs the simulator stored for the terminal, in the order it lists them."""
    answer = await sim.get("/_sim/fleet/events", params={"terminal_id": terminal_id})
    assert answer.status_code == 200, answer.text
    return [event["seq"] for event in answer.json()]
