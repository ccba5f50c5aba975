"""PaymentModuleSimulator through raw bytes on its pty (never the driver), and its HTTP routes."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sim_peers import HostEnd

from simulators.payment_module.frames import FS, build
from simulators.payment_module.routes import add_payment_module_routes
from simulators.payment_module.sim import PaymentModuleSimulator

ACK, NAK = b"\x06", b"\x15"
ECHO = bytes.fromhex("02 00 01 10 03 12")
ECHO_ANSWER = bytes.fromhex("02 00 01 90 03 92")
SALE_123_45 = bytes.fromhex(
    "02 00 24 20 30 30 30 30 30 30 30 31 32 33 34 35 1C 30 30 30 31 32 33 1C 50 32 30 32 36"
    " 30 31 30 31 30 30 30 30 30 31 03 51"
)


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[PaymentModuleSimulator]:
    simulator = PaymentModuleSimulator(tmp_path / "run" / "pm.tty", ack_timeout_s=0.2)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
def host(sim: PaymentModuleSimulator) -> Iterator[HostEnd]:
    end = HostEnd(sim.path)
    yield end
    end.close()


async def read_frame(host: HostEnd) -> bytes:
    head = await host.read_exactly(3)
    assert head[0] == 0x02
    return head + await host.read_exactly(int.from_bytes(head[1:3], "big") + 2)


def fields(frame: bytes) -> list[str]:
    return frame[4:-2].decode("ascii").split("\x1c")


async def test_link_url_and_echo(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    assert sim.link is not None and os.readlink(sim.link) == sim.slave_path
    assert sim.url == f"serial://{sim.link}?baud=115200"
    host.write(ECHO)
    assert await host.read_exactly(7) == ACK + ECHO_ANSWER
    host.write(ACK)


async def test_approved_sale_bytes(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    host.write(SALE_123_45)
    assert await host.read_exactly(1) == ACK
    seen = []
    for _ in range(6):
        frame = await read_frame(host)
        host.write(ACK)
        seen.append(frame)
    assert seen[0] == bytes.fromhex("02 00 0C 50 69 6E 73 65 72 74 5F 63 61 72 64 03 03")
    assert seen[1] == bytes.fromhex("02 00 01 52 03 50")
    assert [f[3] for f in seen[2:]] == [0x50, 0x50, 0x50, 0xA0]
    assert seen[4] == bytes.fromhex("02 00 0C 50 61 75 74 68 6F 72 69 73 69 6E 67 03 30")
    rc, pan, auth, rrn, trace, amount, message = fields(seen[5])
    assert (rc, pan, trace, amount, message) == (
        "00",
        "622202*********0123",
        "000123",
        "000000012345",
        "APPROVED",
    )
    assert len(auth) == 6 and len(rrn) == 12
    assert await read_frame(host) == bytes.fromhex("02 00 01 51 03 53")  # card taken
    host.write(ACK)
    entry = sim.ledger()[0]
    assert entry["rrn"] == rrn and entry["order_ref"] == "P20260101000001"


async def test_unacked_frame_is_sent_four_times(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    host.write(ECHO)
    assert await host.read_exactly(1 + 4 * len(ECHO_ANSWER), timeout=3) == ACK + ECHO_ANSWER * 4


async def test_nak_gets_the_same_bytes_again(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    host.write(ECHO)
    assert await host.read_exactly(7) == ACK + ECHO_ANSWER
    host.write(NAK)
    assert await host.read_exactly(6) == ECHO_ANSWER
    host.write(ACK)


async def test_corrupt_and_half_frames_are_naked(
    sim: PaymentModuleSimulator, host: HostEnd
) -> None:
    host.write(b"noise" + bytes.fromhex("02 00 01 10 03 13"))
    assert await host.read_exactly(1) == NAK
    host.write(ECHO[:3])  # the rest never comes: abandoned after the frame gap
    assert await host.read_exactly(1, timeout=2) == NAK
    assert sim.naks_sent == 2 and sim.commands == []


async def test_duplicate_sale_never_charges_twice(
    sim: PaymentModuleSimulator, host: HostEnd
) -> None:
    sale = build(0x20, "000000000100", "000042", "R")
    host.write(sale + sale)
    assert await host.read_exactly(2) == ACK + ACK
    frames: list[bytes] = []
    while not frames or frames[-1][3] != 0xA0:
        frames.append(await read_frame(host))
        host.write(ACK)
    assert await read_frame(host) == bytes.fromhex("02 00 01 51 03 53")
    host.write(ACK)
    host.write(sale)  # the terminal never saw our ACK and sent it once more
    assert await host.read_exactly(1) == ACK
    assert await read_frame(host) == frames[-1]  # the same result again, not a new sale
    host.write(ACK)
    assert len(sim.ledger()) == 1


async def test_silent_module_answers_nothing(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    sim.silent(True)
    host.write(ECHO)
    with pytest.raises(TimeoutError):
        await host.read_exactly(1, timeout=0.3)
    sim.silent(False)
    host.write(ECHO)
    assert await host.read_exactly(7) == ACK + ECHO_ANSWER


async def test_unplug_hangs_up_and_replug_serves_again(
    sim: PaymentModuleSimulator, host: HostEnd
) -> None:
    sim.unplug()
    assert not sim.plugged and sim.link is not None and not sim.link.exists()
    with pytest.raises((EOFError, OSError)):
        await host.read_exactly(1)
    sim.replug()
    fresh = HostEnd(sim.path)
    fresh.write(ECHO)
    assert await fresh.read_exactly(7) == ACK + ECHO_ANSWER
    fresh.close()


def test_script_validation() -> None:
    sim = PaymentModuleSimulator()
    with pytest.raises(ValueError):
        sim.next_sale(pin="maybe")
    with pytest.raises(ValueError):
        sim.next_sale(issuer="decline:5")
    with pytest.raises(ValueError):
        sim.next_sale(card="1234")
    assert sim.next_sale(issuer="decline:05").issuer == "decline:05"


async def test_http_routes(sim: PaymentModuleSimulator, host: HostEnd) -> None:
    app = FastAPI()
    add_payment_module_routes(app, sim)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        answer = await client.post(
            "/payment_module/next_sale",
            json={"issuer": "decline:51", "take_card": False, "pin": "right"},
        )
        assert answer.status_code == 200
        bad = await client.post("/payment_module/next_sale", json={"pin": "maybe"})
        assert bad.status_code == 422
        host.write(build(0x20, "000000000500", "000077", "H"))
        assert await host.read_exactly(1) == ACK
        result = b""
        while not result or result[3] != 0xA0:
            result = await read_frame(host)
            host.write(ACK)
        assert fields(result)[0] == "51"
        assert (await client.get("/payment_module/state")).json()["card_in_slot"] is True
        assert (await client.post("/payment_module/take_card")).json() == {"taken": True}
        ledger = (await client.get("/payment_module/ledger")).json()
        assert ledger[0]["state"] == "declined" and ledger[0]["amount_fen"] == 500
        assert (await client.post("/payment_module/reversal_fails", json={"count": 1})).json() == {
            "count": 1
        }
        assert (
            await client.post("/payment_module/silent", json={"silent": False})
        ).status_code == 200
        assert (await client.post("/payment_module/garbage", json={"hex": "zz"})).status_code == 422
        assert (await client.post("/payment_module/plugged", json={"plugged": False})).json() == {
            "plugged": False
        }
        assert not sim.plugged
        assert (await client.post("/payment_module/plugged", json={"plugged": True})).json() == {
            "plugged": True
        }
    assert FS == b"\x1c"
