"""`FleetReporter`: the terminal's heartbeat and its device events, sent to the fleet service.

Two loops run under `run()`: a heartbeat every `fleet.heartbeat_interval_s` (the first at once,
not retried: the next one supersedes it), and the outbox flusher, which sends queued events in
seq order, in batches, as soon as one is pushed and every `fleet.retry_interval_s` while any are
left. Only the flusher sends events, so two batches are never in flight at once and order holds;
what is deleted from the outbox is decided by the back office's `acked_seq`, never by a send
merely having been attempted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from enum import Enum

from kiosk import __version__
from kiosk.backoffice import BackOfficeError, FleetBackOffice
from kiosk.backoffice.fleet_models import (
    DeviceHealth,
    EventBatch,
    FleetEventKind,
    Heartbeat,
    TerminalMode,
)
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.devices.status import DeviceStatus, StatusChanged
from kiosk.fleet.events import DeviceEventTranslator, safe_detail
from kiosk.fleet.outbox import EventOutbox
from kiosk.maintenance.context import DeviceControl, DeviceInfo

log = logging.getLogger("kiosk.fleet")

BATCH_SIZE = 100  # events per request (the contract allows 500)
_COMMON_FIELDS = {"device", "last_error"}


def status_fields(status: DeviceStatus) -> dict[str, str]:
    """The per-class fields of a status as strings (the common ones travel separately)."""
    shown: dict[str, str] = {}
    for field in fields(status):
        if field.name in _COMMON_FIELDS:
            continue
        value = getattr(status, field.name)
        if isinstance(value, Enum):
            shown[field.name] = str(value.value)
        elif isinstance(value, bool):
            shown[field.name] = "true" if value else "false"
        else:
            shown[field.name] = str(value)
    return shown


def device_health(info: DeviceInfo) -> DeviceHealth:
    """One device as the heartbeat carries it."""
    return DeviceHealth(
        name=info.name,
        device_class=info.device_class,
        state=info.status.device.value,
        status=status_fields(info.status),
        last_error=safe_detail(info.last_error) or None,
        last_error_at=info.last_error_at,
    )


class FleetReporter:
    """Heartbeats and device events of this terminal (implements maintenance's FleetEvents)."""

    def __init__(
        self,
        settings: Settings,
        backoffice: FleetBackOffice,
        devices: DeviceControl,
        outbox: EventOutbox,
        clock: Clock,
        *,
        mode: Callable[[], TerminalMode],
        counters: Callable[[], dict[str, int]],
        started_at: datetime | None = None,
    ) -> None:
        self._settings = settings
        self._backoffice = backoffice
        self._devices = devices
        self._outbox = outbox
        self._clock = clock
        self._mode = mode
        self._counters = counters
        self.started_at = started_at or clock.wall()
        self._translator = DeviceEventTranslator()
        self._wake = asyncio.Event()
        self.heartbeats_sent = 0

    # -- FleetEvents ---------------------------------------------------------------------------
    def push(self, kind: FleetEventKind, device: str | None = None, detail: str = "") -> None:
        """Queue an event on disk and wake the flusher."""
        event = self._outbox.push(kind, device, safe_detail(detail))
        log.info("fleet event %d %s %s", event.seq, kind.value, device or "")
        self._wake.set()

    @property
    def queued(self) -> int:
        """Events waiting to be sent."""
        return self._outbox.queued

    def on_status(self, event: StatusChanged) -> None:
        """A DeviceManager listener: the fleet events this status change calls for."""
        for found in self._translator.events_for(event):
            self.push(found.kind, found.device, found.detail)

    # -- the loops -----------------------------------------------------------------------------
    async def run(self) -> None:
        """Heartbeats and event delivery until cancelled; nothing is sent while `fleet.enabled`
        is false (events still queue on disk, up to the limit)."""
        if not self._settings.fleet.enabled:
            log.info("fleet reporting disabled in the configuration")
            return
        async with asyncio.TaskGroup() as group:
            group.create_task(self._heartbeat_loop())
            group.create_task(self._flush_loop())

    async def _heartbeat_loop(self) -> None:
        interval = self._settings.fleet.heartbeat_interval_s
        while True:
            await self.send_heartbeat()
            await self._clock.sleep(interval)

    async def _flush_loop(self) -> None:
        retry = self._settings.fleet.retry_interval_s
        while True:
            self._wake.clear()
            delivered = await self.flush()
            if delivered:
                await self._wake.wait()
            else:
                await self._wait_for_push_or(retry)

    async def _wait_for_push_or(self, seconds: float) -> None:
        """Return on the next push or after `seconds` on the clock, whichever comes first."""
        pushed = asyncio.ensure_future(self._wake.wait())
        timer = asyncio.ensure_future(self._clock.sleep(seconds))
        try:
            await asyncio.wait((pushed, timer), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pushed, timer):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    # -- one round each ------------------------------------------------------------------------
    def heartbeat(self) -> Heartbeat:
        """The heartbeat as of now."""
        counters = dict(self._counters())
        counters["queued_events"] = self._outbox.queued
        counters["dropped_events"] = self._outbox.dropped
        return Heartbeat(
            terminal_id=self._settings.terminal.id,
            kind=self._settings.terminal.kind,
            version=__version__,
            mode=self._mode(),
            sent_at=self._clock.wall(),
            started_at=self.started_at,
            devices=[device_health(info) for info in self._devices.device_infos()],
            counters=counters,
        )

    async def send_heartbeat(self) -> bool:
        """Send one heartbeat; False (logged) if the back office did not take it."""
        try:
            await self._backoffice.send_heartbeat(self.heartbeat())
        except BackOfficeError as exc:
            log.warning("heartbeat not sent: %s", type(exc).__name__)
            return False
        self.heartbeats_sent += 1
        return True

    async def flush(self) -> bool:
        """Send queued events in order until none are left (True) or a send fails (False)."""
        while True:
            batch = self._outbox.pending(BATCH_SIZE)
            if not batch:
                return True
            try:
                ack = await self._backoffice.send_fleet_events(
                    EventBatch(terminal_id=self._settings.terminal.id, events=batch)
                )
            except BackOfficeError as exc:
                log.warning("%d fleet events kept for later: %s", self.queued, type(exc).__name__)
                return False
            if ack.acked_seq > self._outbox.last_seq:
                # The back office holds numbers this terminal has not given yet: its queue file
                # was lost or replaced. The events just sent were taken for old ones; number
                # them after the back office's and send them again.
                moved = self._outbox.renumber_after(ack.acked_seq)
                log.warning(
                    "fleet numbering behind the back office's (%d): %d events renumbered",
                    ack.acked_seq,
                    moved,
                )
                continue
            self._outbox.acknowledge(ack.acked_seq)
            if ack.acked_seq < batch[-1].seq:
                # Not everything was taken: try again later rather than spin on it.
                log.warning("back office acknowledged up to %d of %d", ack.acked_seq, batch[-1].seq)
                return False
