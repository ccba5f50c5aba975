"""SensorsSimulator through raw bytes on its pty: a Modbus RTU slave with 8 discrete inputs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sim_peers import HostEnd

from simulators.sensors import SensorsSimulator, modbus_crc
from simulators.sensors_routes import add_sensors_routes

# 01 02 00 00 00 08 + CRC: the poll the driver sends (CRC 79 CC, low byte first)
POLL = bytes.fromhex("01 02 00 00 00 08 79 CC")


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


@pytest.fixture
async def simulator(tmp_path: Path) -> AsyncIterator[SensorsSimulator]:
    sim = SensorsSimulator(tmp_path / "run" / "sensors.tty")
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def host(simulator: SensorsSimulator) -> Iterator[HostEnd]:
    end = HostEnd(simulator.path)
    yield end
    end.close()


def test_crc_vectors() -> None:
    assert modbus_crc(bytes.fromhex("01 03 00 00 00 0A")).to_bytes(2, "little") == bytes.fromhex(
        "C5 CD"
    )
    assert framed("01 02 00 00 00 08") == POLL


async def test_answers_the_inputs(simulator: SensorsSimulator, host: HostEnd) -> None:
    host.write(POLL)
    assert await host.read_exactly(6) == framed("01 02 01 00")  # door closed, switch at run
    simulator.set_door("open")
    host.write(POLL)
    assert await host.read_exactly(6) == framed("01 02 01 01")
    simulator.set_switch("maintenance")
    host.write(POLL)
    assert await host.read_exactly(6) == framed("01 02 01 03")
    simulator.set_door("closed")
    host.write(framed("01 02 00 01 00 01"))  # input 1 alone
    assert await host.read_exactly(6) == framed("01 02 01 01")
    assert simulator.requests[0] == POLL
    assert simulator.state()["requests"] == 4


async def test_exceptions(simulator: SensorsSimulator, host: HostEnd) -> None:
    host.write(framed("01 03 00 00 00 0A"))  # holding registers: not this module
    assert await host.read_exactly(5) == framed("01 83 01")
    host.write(framed("01 02 00 00 00 09"))  # 9 inputs of 8
    assert await host.read_exactly(5) == framed("01 82 02")
    host.write(framed("01 02 00 07 00 02"))
    assert await host.read_exactly(5) == framed("01 82 02")
    host.write(framed("01 02 00 00 00 00"))
    assert await host.read_exactly(5) == framed("01 82 03")
    simulator.set_fault(4)
    host.write(POLL)
    assert await host.read_exactly(5) == framed("01 82 04")
    simulator.set_fault(None)
    host.write(POLL)
    assert await host.read_exactly(6) == framed("01 02 01 00")


async def test_other_units_and_bad_crc_are_not_answered(
    simulator: SensorsSimulator, host: HostEnd
) -> None:
    host.write(framed("02 02 00 00 00 08"))
    bad = bytearray(POLL)
    bad[-1] ^= 0xFF
    host.write(bytes(bad))
    await simulator.wait_requests(1)
    host.write(POLL)  # after a pause the slave is in step again
    await simulator.wait_requests(2)
    assert await host.read_exactly(6) == framed("01 02 01 00")
    assert simulator.requests[0] == framed("02 02 00 00 00 08")
    assert simulator.answers == 1
    assert simulator.bad_frames >= 1


async def test_garbage_silence_and_unplug(simulator: SensorsSimulator, host: HostEnd) -> None:
    simulator.inject_garbage(b"\xff\x00\x7e")
    host.write(POLL)
    assert await host.read_exactly(9) == b"\xff\x00\x7e" + framed("01 02 01 00")
    simulator.set_silent(True)
    host.write(POLL)
    await simulator.wait_requests(2)
    simulator.set_silent(False)
    host.write(POLL)
    assert await host.read_exactly(6) == framed("01 02 01 00")  # nothing came for the silent one
    simulator.unplug()
    assert not simulator.plugged and simulator.link is not None and not simulator.link.exists()
    simulator.replug()
    assert simulator.plugged and simulator.link.is_symlink()


def test_control_routes(tmp_path: Path) -> None:
    sim = SensorsSimulator(tmp_path / "sensors.tty")
    app = FastAPI()
    add_sensors_routes(app, sim)
    client = TestClient(app)
    assert client.post("/sensors/door", json={"door": "open"}).status_code == 200
    assert client.post("/sensors/switch", json={"position": "maintenance"}).status_code == 200
    assert client.post("/sensors/door", json={"door": "ajar"}).status_code == 422
    assert client.post("/sensors/garbage", json={"hex": "FF00"}).status_code == 200
    assert client.post("/sensors/garbage", json={"hex": "XYZ"}).status_code == 422
    assert client.post("/sensors/silent", json={"silent": True}).status_code == 200
    assert client.post("/sensors/fault", json={"code": 4}).status_code == 200
    state = client.get("/sensors").json()
    assert (state["door"], state["switch"], state["silent"]) == ("open", "maintenance", True)
    assert (state["garbage_pending"], state["fault"]) == (2, 4)
