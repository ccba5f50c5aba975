"""ModbusSensors against a scripted device on a pty (exact bytes) and against the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from device_peers import FakeClock, PtyPeer

from drivers.interfaces import DeviceGone
from drivers.modbus_sensors import ModbusSensors
from kiosk.devices.status import (
    DeviceState,
    DoorStatus,
    SensorsStatus,
    StatusChanged,
    SwitchPosition,
)
from simulators.sensors import SensorsSimulator

POLL = bytes.fromhex("01 02 00 00 00 08 79 CC")
ANSWER_TIMEOUT_S = 0.1


def crc_bitwise(data: bytes) -> bytes:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return bytes([crc & 0xFF, crc >> 8])


def framed(hex_text: str) -> bytes:
    pdu = bytes.fromhex(hex_text)
    return pdu + crc_bitwise(pdu)


class Events:
    """Every StatusChanged of a device, with a wait for one that matches."""

    def __init__(self) -> None:
        self.seen: list[StatusChanged] = []
        self._changed = asyncio.Event()

    def __call__(self, event: StatusChanged) -> None:
        self.seen.append(event)
        self._changed.set()

    async def wait_for(
        self, match: Callable[[SensorsStatus], bool], timeout: float = 3.0
    ) -> SensorsStatus:
        async with asyncio.timeout(timeout):
            while True:
                for event in self.seen:
                    status = event.status
                    assert isinstance(status, SensorsStatus)
                    if match(status):
                        return status
                self._changed.clear()
                await self._changed.wait()


def driver(url: str, clock: FakeClock) -> tuple[ModbusSensors, Events]:
    sensors = ModbusSensors(
        "sensors", url, unit=1, poll_interval_s=0.25, answer_timeout_s=ANSWER_TIMEOUT_S, clock=clock
    )
    events = Events()
    sensors.add_listener(events)
    return sensors, events


async def answer(peer: PtyPeer, response: bytes) -> None:
    assert await peer.read_exactly(8) == POLL
    peer.write(response)


async def opened(peer: PtyPeer, clock: FakeClock, first: bytes) -> tuple[ModbusSensors, Events]:
    sensors, events = driver(peer.url, clock)
    opening = asyncio.create_task(sensors.open())
    await answer(peer, first)
    await opening
    return sensors, events


async def next_poll(peer: PtyPeer, clock: FakeClock, response: bytes | None) -> None:
    await clock.wait_for_sleeper(0.25)
    clock.advance(0.25)
    if response is None:
        assert await peer.read_exactly(8) == POLL
    else:
        await answer(peer, response)


@pytest.fixture
async def closing() -> AsyncIterator[list[ModbusSensors]]:
    made: list[ModbusSensors] = []
    yield made
    for sensors in made:
        await sensors.close()


async def test_open_polls_and_decodes(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    assert sensors.status == SensorsStatus(
        DeviceState.ONLINE, None, DoorStatus.CLOSED, SwitchPosition.RUN
    )
    assert len(events.seen) == 1
    await next_poll(pty_peer, clock, framed("01 02 01 00"))  # same inputs: no event
    await next_poll(pty_peer, clock, framed("01 02 01 01"))  # door opened
    status = await events.wait_for(lambda s: s.door == DoorStatus.OPEN)
    assert status.operator_switch == SwitchPosition.RUN
    assert len(events.seen) == 2 and events.seen[1].changes == {"door": DoorStatus.OPEN}
    await next_poll(pty_peer, clock, framed("01 02 01 03"))  # key turned to maintenance
    await events.wait_for(lambda s: s.operator_switch == SwitchPosition.MAINTENANCE)
    assert events.seen[2].changes == {"operator_switch": SwitchPosition.MAINTENANCE}


async def test_garbage_split_reads_and_other_units(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, b"\xff\x13" + framed("01 02 01 00"))
    closing.append(sensors)
    assert sensors.status.device == DeviceState.ONLINE
    await clock.wait_for_sleeper(0.25)
    clock.advance(0.25)
    assert await pty_peer.read_exactly(8) == POLL
    reply = framed("02 02 01 03") + framed("01 02 01 01")  # unit 2 first: not ours
    for i in range(0, len(reply), 3):
        pty_peer.write(reply[i : i + 3])
    status = await events.wait_for(lambda s: s.door == DoorStatus.OPEN)
    assert status.operator_switch == SwitchPosition.RUN
    assert sensors.discarded_bytes >= 2


async def test_three_polls_without_a_valid_answer_mean_gone(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    bad = bytearray(framed("01 02 01 01"))
    bad[-2] ^= 0x01
    await next_poll(pty_peer, clock, bytes(bad))  # bad CRC: a miss
    await next_poll(pty_peer, clock, None)  # silence: a miss
    assert sensors.status.device == DeviceState.ONLINE
    await next_poll(pty_peer, clock, b"\x00\x00\x00")  # garbage only: the third miss
    status = await events.wait_for(lambda s: s.device == DeviceState.NO_DEVICE)
    assert status.last_error is not None and "3 polls" in status.last_error
    assert sensors.crc_errors == 1


async def test_a_miss_then_an_answer_resets_the_count(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    for _ in range(3):
        await next_poll(pty_peer, clock, None)
        await next_poll(pty_peer, clock, None)
        await next_poll(pty_peer, clock, framed("01 02 01 00"))
    await clock.wait_for_sleeper(0.25)
    assert sensors.status.device == DeviceState.ONLINE
    assert [e.changes for e in events.seen] == [events.seen[0].changes]


async def test_exception_response_is_a_hardware_error_until_answers_resume(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    await next_poll(pty_peer, clock, framed("01 82 04"))
    status = await events.wait_for(lambda s: s.device == DeviceState.HARDWARE_ERROR)
    assert status.last_error == "module exception 04 (server device failure)"
    await next_poll(pty_peer, clock, framed("01 02 01 02"))
    status = await events.wait_for(lambda s: s.operator_switch == SwitchPosition.MAINTENANCE)
    assert status.device == DeviceState.ONLINE and status.last_error is None


async def test_read_inputs_polls_now(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, _ = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    reading = asyncio.create_task(sensors.read_inputs())
    await answer(pty_peer, framed("01 02 01 01"))
    assert (await reading).door == DoorStatus.OPEN
    assert sensors.polls == 2


async def test_open_without_an_answer_is_device_gone(pty_peer: PtyPeer, clock: FakeClock) -> None:
    sensors, _ = driver(pty_peer.url, clock)
    with pytest.raises(DeviceGone):
        await sensors.open()
    assert sensors.status.device == DeviceState.NO_DEVICE
    assert sensors.polls == 3
    with pytest.raises(DeviceGone):
        await sensors.read_inputs()


async def test_line_hang_up_is_no_device(
    pty_peer: PtyPeer, clock: FakeClock, closing: list[ModbusSensors]
) -> None:
    sensors, events = await opened(pty_peer, clock, framed("01 02 01 00"))
    closing.append(sensors)
    pty_peer.hang_up()
    await clock.wait_for_sleeper(0.25)
    clock.advance(0.25)
    await events.wait_for(lambda s: s.device == DeviceState.NO_DEVICE)


async def test_against_the_simulator(tmp_path: Path, closing: list[ModbusSensors]) -> None:
    clock = FakeClock()
    sim = SensorsSimulator(tmp_path / "sensors.tty", unit=7)
    await sim.start()
    try:
        sensors = ModbusSensors(
            "sensors", sim.url, unit=7, poll_interval_s=0.25, answer_timeout_s=0.5, clock=clock
        )
        events = Events()
        sensors.add_listener(events)
        closing.append(sensors)
        sim.inject_garbage(b"\x07\x02\x99")
        await sensors.open()
        assert sensors.status.door == DoorStatus.CLOSED
        assert sim.requests[0] == framed("07 02 00 00 00 08")
        sim.set_door("open")
        sim.set_switch("maintenance")
        assert await sensors.read_inputs() == SensorsStatus(
            DeviceState.ONLINE, None, DoorStatus.OPEN, SwitchPosition.MAINTENANCE
        )
        sim.set_fault(4)
        await clock.wait_for_sleeper(0.25)
        clock.advance(0.25)
        await events.wait_for(lambda s: s.device == DeviceState.HARDWARE_ERROR)
        sim.set_fault(None)
        sim.set_silent(True)
        for _ in range(3):
            await clock.wait_for_sleeper(0.25)
            clock.advance(0.25)
        await events.wait_for(lambda s: s.device == DeviceState.NO_DEVICE)
    finally:
        await sim.stop()
