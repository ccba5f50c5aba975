"""The auxiliaries sensors: an 8-channel digital-input module on Modbus RTU (docs/sensors.md).

The driver polls "Read Discrete Inputs" (function 02, inputs 0..7) every `poll_interval_s`:
input 0 is the cabinet door (1 open), input 1 the operator key switch (1 maintenance). A poll
without a valid answer is retried at the next tick; three in a row mean the module is gone
(NO_DEVICE), and the DeviceManager reconnects. An exception response is the module's own error
(HARDWARE_ERROR with the exception in `last_error`) until a normal answer comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from drivers.interfaces import DeviceError, DeviceGone, DeviceTimeout, Sensors
from drivers.modbus_rtu import (
    READ_DISCRETE_INPUTS,
    ModbusResponse,
    ResponseParser,
    read_discrete_inputs_request,
)
from drivers.transport import Transport, transport_from_url
from kiosk.clock import Clock, SystemClock
from kiosk.devices.status import DeviceState, DoorStatus, SensorsStatus, SwitchPosition

log = logging.getLogger(__name__)

INPUT_COUNT = 8
DOOR_INPUT = 0
SWITCH_INPUT = 1
MISSES_BEFORE_GONE = 3


class ModbusError(DeviceError):
    """The module answered with a Modbus exception (function | 0x80)."""


class ModbusSensors(Sensors):
    """Door and operator switch read from a Modbus RTU input module over `serial://...`."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        unit: int = 1,
        poll_interval_s: float = 0.25,
        answer_timeout_s: float = 0.3,
        clock: Clock | None = None,
        base_dir: Path | None = None,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.unit = unit
        self.poll_interval_s = poll_interval_s
        self.answer_timeout_s = answer_timeout_s
        self.clock: Clock = clock or SystemClock()
        self._base_dir = base_dir
        self._transport: Transport | None = None
        self._parser = ResponseParser()
        self._lock = asyncio.Lock()
        self._poller: asyncio.Task[None] | None = None
        self._status = SensorsStatus()
        self._misses = 0
        self.polls = 0

    @property
    def status(self) -> SensorsStatus:
        return self._status

    @property
    def discarded_bytes(self) -> int:
        """Noise and broken frames thrown away since the driver was made."""
        return self._parser.discarded_bytes

    @property
    def crc_errors(self) -> int:
        """Frames dropped for a bad CRC."""
        return self._parser.crc_errors

    def _set_status(self, new: SensorsStatus) -> None:
        old, self._status = self._status, new
        self._status_changed(old, new)

    async def open(self) -> None:
        """Open the line and read the inputs; DeviceGone if the module does not answer within
        three polls (a port with nothing behind it opens fine, so an answer is the proof)."""
        if self._poller is not None and not self._poller.done():
            return
        transport = transport_from_url(self.url, self._base_dir)
        try:
            await transport.open()
        except DeviceGone as exc:
            self._set_status(SensorsStatus(DeviceState.NO_DEVICE, str(exc)))
            raise
        self._transport = transport
        self._misses = 0
        last: DeviceError | None = None
        for _ in range(MISSES_BEFORE_GONE):
            try:
                await self._poll()
                break
            except ModbusError:
                break  # the module is there; it reports its own error
            except DeviceGone:
                await self._drop_line("line dropped")
                raise
            except DeviceError as exc:
                last = exc
        else:
            await self._drop_line(f"no valid answer to {MISSES_BEFORE_GONE} polls ({last})")
            raise DeviceGone(f"{self.name}: no answer from unit {self.unit}")
        self._poller = asyncio.create_task(self._poll_loop(transport), name=f"{self.name}-poll")

    async def close(self) -> None:
        """Stop polling and close the line."""
        poller, self._poller = self._poller, None
        if poller is not None:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
        await self._drop_line("closed")

    async def read_inputs(self) -> SensorsStatus:
        """Poll now (self-test). DeviceError if the module does not answer or refuses."""
        if self._transport is None or self._transport.closed:
            raise DeviceGone(f"{self.name}: not connected")
        await self._poll()
        return self._status

    async def _drop_line(self, reason: str) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            await transport.close()
        if self._status.device != DeviceState.NO_DEVICE:
            self._set_status(SensorsStatus(DeviceState.NO_DEVICE, reason))

    async def _poll_loop(self, transport: Transport) -> None:
        while True:
            await self.clock.sleep(self.poll_interval_s)
            try:
                await self._poll()
            except ModbusError:
                continue
            except DeviceGone as exc:
                self._gone(str(exc))
                return
            except DeviceError as exc:
                if self._misses >= MISSES_BEFORE_GONE:
                    self._gone(f"no valid answer to {self._misses} polls in a row ({exc})")
                    return

    def _gone(self, reason: str) -> None:
        log.warning("%s: %s", self.name, reason)
        self._set_status(SensorsStatus(DeviceState.NO_DEVICE, reason))

    async def _poll(self) -> None:
        """One request and its answer; updates the status. Raises DeviceTimeout (no valid
        answer: counted as a miss), ModbusError (exception response) or DeviceGone."""
        async with self._lock:
            transport = self._transport
            if transport is None or transport.closed:
                raise DeviceGone(f"{self.name}: not connected")
            self.polls += 1
            # a late answer to an earlier poll must not pass for this one
            transport.discard_input()
            self._parser.reset()
            await transport.write(read_discrete_inputs_request(self.unit, 0, INPUT_COUNT))
            try:
                answer = await self._answer(transport)
            except DeviceTimeout:
                self._misses += 1
                log.debug("%s: no valid answer (%d in a row)", self.name, self._misses)
                raise
            self._misses = 0
            if answer.is_exception:
                reason = f"module {answer.describe_exception()}"
                if self._status.last_error != reason:
                    log.error("%s: %s", self.name, reason)
                self._set_status(SensorsStatus(DeviceState.HARDWARE_ERROR, reason))
                raise ModbusError(f"{self.name}: {reason}")
            self._set_status(
                SensorsStatus(
                    DeviceState.ONLINE,
                    None,
                    DoorStatus.OPEN if answer.bit(DOOR_INPUT) else DoorStatus.CLOSED,
                    SwitchPosition.MAINTENANCE if answer.bit(SWITCH_INPUT) else SwitchPosition.RUN,
                )
            )

    async def _answer(self, transport: Transport) -> ModbusResponse:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.answer_timeout_s
        while True:
            left = deadline - loop.time()
            if left <= 0:
                raise DeviceTimeout(f"{self.name}: no valid answer in {self.answer_timeout_s} s")
            for frame in self._parser.feed(await transport.read(timeout=left)):
                # another unit on a shared bus, or a stray frame: not ours
                if frame.unit != self.unit or frame.function != READ_DISCRETE_INPUTS:
                    continue
                if not frame.is_exception and len(frame.data) < 1:
                    continue
                return frame


__all__ = ["ModbusError", "ModbusSensors"]
