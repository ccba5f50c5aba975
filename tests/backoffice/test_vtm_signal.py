"""The VTM service over a real WebSocket: registration, queueing, routing, relaying, endings,
refusals, heartbeats, and the record of finished calls."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from backoffice_testkit import FakeClock
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from simulators.backoffice.server import BackOfficeServer

WAIT_S = 5.0
# A complete SDP with odd bytes: the relay must pass it on unchanged.
SDP = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0 1\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.1\r\n"
    'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\na=x-note:"quoted" \\ é\r\n'
)


class WsPeer:
    """A raw signaling connection: JSON objects in and out, each read with a time-out."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message))

    async def send_raw(self, text: str) -> None:
        await self.ws.send(text)

    async def recv(self) -> dict[str, Any]:
        async with asyncio.timeout(WAIT_S):
            data: dict[str, Any] = json.loads(await self.ws.recv())
        return data

    async def expect(self, **fields: Any) -> dict[str, Any]:
        message = await self.recv()
        assert {k: message.get(k) for k in fields} == fields, message
        return message

    async def closed(self) -> None:
        """Wait until the service closes the socket."""
        async with asyncio.timeout(WAIT_S):
            with pytest.raises(ConnectionClosed):
                while True:
                    await self.ws.recv()


Open = Callable[[], Awaitable[WsPeer]]
Join = Callable[..., Awaitable[WsPeer]]


@pytest.fixture
async def open_ws(server: BackOfficeServer) -> AsyncIterator[Open]:
    """Open unregistered connections to the service; all closed at the end."""
    opened: list[ClientConnection] = []
    url = server.url.replace("http://", "ws://") + "/api/v1/vtm/signal"

    async def open_one() -> WsPeer:
        ws = await connect(url, open_timeout=WAIT_S, ping_interval=None)
        opened.append(ws)
        return WsPeer(ws)

    yield open_one
    for ws in opened:
        await ws.close()


@pytest.fixture
def join(open_ws: Open) -> Join:
    """A registered terminal (`join("T1")`) or teller (`join("A1", teller=True)`)."""

    async def register(peer_id: str, teller: bool = False, ready: bool = False) -> WsPeer:
        peer = await open_ws()
        if teller:
            await peer.send(type="register", role="teller", teller_id=peer_id, name=f"Ms {peer_id}")
        else:
            await peer.send(type="register", role="terminal", terminal_id=peer_id)
        await peer.expect(type="registered")
        if ready:
            await peer.send(type="ready")
        return peer

    return register


def call_request(call_id: str) -> dict[str, Any]:
    return {"type": "call_request", "call_id": call_id, "language": "zh_CN", "business": "general"}


async def vtm_state(sim: httpx.AsyncClient) -> dict[str, Any]:
    response = await sim.get("/_sim/vtm")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def finished(sim: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await sim.get("/_sim/vtm/calls")
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_register_both_roles(join: Join, sim: httpx.AsyncClient) -> None:
    await join("T1")
    await join("A1", teller=True)
    state = await vtm_state(sim)
    assert state["terminals"] == ["T1"]
    assert state["tellers"] == [
        {"teller_id": "A1", "name": "Ms A1", "state": "busy", "call_id": None}
    ]


@pytest.mark.parametrize(
    ("first", "code"),
    [
        ('{"type": "heartbeat"}', "not_registered"),
        ("not json", "not_registered"),
        ('{"type": "register", "role": "teller"}', "register_invalid"),
        ('{"type": "register", "role": "terminal", "terminal_id": ""}', "register_invalid"),
    ],
)
async def test_first_message_must_be_a_valid_register(open_ws: Open, first: str, code: str) -> None:
    peer = await open_ws()
    await peer.send_raw(first)
    await peer.expect(type="error", code=code)
    await peer.closed()


async def test_call_routed_to_free_teller_full_sequence(
    join: Join, sim: httpx.AsyncClient, sim_clock: FakeClock
) -> None:
    teller = await join("A1", teller=True, ready=True)
    terminal = await join("T1")
    await terminal.send(**call_request("call-0001"))
    await terminal.expect(type="queued", call_id="call-0001", position=1, estimated_wait_s=180)
    await terminal.expect(type="answered", call_id="call-0001", teller_id="A1", teller_name="Ms A1")
    await teller.expect(
        type="incoming", call_id="call-0001", terminal_id="T1", language="zh_CN", business="general"
    )
    sim_clock.advance(2)
    await terminal.send(type="offer", call_id="call-0001", sdp=SDP)
    offer = await teller.expect(type="offer", call_id="call-0001")
    assert offer["sdp"] == SDP
    await teller.send(type="answer", call_id="call-0001", sdp=SDP + "a=answer\r\n")
    answer = await terminal.expect(type="answer", call_id="call-0001")
    assert answer["sdp"] == SDP + "a=answer\r\n"
    sim_clock.advance(58)
    await terminal.send(type="bye", call_id="call-0001", reason="hangup")
    await teller.expect(type="bye", call_id="call-0001", reason="hangup")

    state = await vtm_state(sim)
    assert state["live_calls"] == []
    assert state["tellers"][0]["state"] == "busy"  # until it says ready again
    [record] = await finished(sim)
    assert record["call_id"] == "call-0001"
    assert (record["terminal_id"], record["teller_id"]) == ("T1", "A1")
    assert (record["waited_s"], record["talked_s"]) == (0, 60)
    assert (record["end_reason"], record["ended_by"]) == ("hangup", "terminal")
    # The average now runs over 180 s and this 60 s call.
    assert state["handling_time_s"] == 120


async def test_busy_teller_gets_next_call_only_after_ready(join: Join) -> None:
    teller = await join("A1", teller=True, ready=True)
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await first.expect(type="queued", position=1)
    await first.expect(type="answered")
    await teller.expect(type="incoming", call_id="call-0001")
    await second.send(**call_request("call-0002"))
    await second.expect(type="queued", position=1)
    await teller.send(type="bye", call_id="call-0001", reason="hangup")
    await first.expect(type="bye", call_id="call-0001", reason="hangup")
    await teller.send(type="heartbeat")
    await teller.expect(type="heartbeat_ack")  # nothing was routed to a busy teller meanwhile
    await teller.send(type="ready")
    await teller.expect(type="incoming", call_id="call-0002", terminal_id="T2")
    await second.expect(type="answered", call_id="call-0002")


async def test_two_terminals_one_teller_positions(join: Join, sim: httpx.AsyncClient) -> None:
    await sim.post("/_sim/vtm/handling_time", json={"seconds": 100})
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await first.expect(type="queued", call_id="call-0001", position=1, estimated_wait_s=100)
    await second.send(**call_request("call-0002"))
    await second.expect(type="queued", call_id="call-0002", position=2, estimated_wait_s=200)
    assert [c["position"] for c in (await vtm_state(sim))["queue"]] == [1, 2]

    teller = await join("A1", teller=True, ready=True)
    await teller.expect(type="incoming", call_id="call-0001")
    await first.expect(type="answered", call_id="call-0001")
    await second.expect(type="queued", call_id="call-0002", position=1, estimated_wait_s=100)


async def test_cancel_while_queued_moves_the_next_up(
    join: Join, sim: httpx.AsyncClient, sim_clock: FakeClock
) -> None:
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await first.expect(type="queued", position=1)
    await second.send(**call_request("call-0002"))
    await second.expect(type="queued", position=2)
    sim_clock.advance(30)
    await first.send(type="bye", call_id="call-0001", reason="cancelled")
    await second.expect(type="queued", call_id="call-0002", position=1)
    assert [c["call_id"] for c in (await vtm_state(sim))["queue"]] == ["call-0002"]
    [record] = await finished(sim)
    assert (record["call_id"], record["teller_id"], record["end_reason"]) == (
        "call-0001",
        None,
        "cancelled",
    )
    assert (record["waited_s"], record["talked_s"]) == (30, 0)
    # The withdrawn call cannot be resumed, and a new one may be asked for.
    await first.send(type="offer", call_id="call-0001", sdp=SDP)
    await first.expect(type="error", code="not_your_call")
    await first.send(**call_request("call-0003"))
    await first.expect(type="queued", call_id="call-0003", position=2)


async def test_queued_terminal_disconnect_is_withdrawn(join: Join, sim: httpx.AsyncClient) -> None:
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await first.expect(type="queued", position=1)
    await second.send(**call_request("call-0002"))
    await second.expect(type="queued", position=2)
    await first.ws.close()
    await second.expect(type="queued", call_id="call-0002", position=1)
    [record] = await finished(sim)
    assert record["end_reason"] == "disconnected"


async def test_terminal_disconnect_mid_call_sends_bye_to_teller(
    join: Join, sim: httpx.AsyncClient
) -> None:
    teller = await join("A1", teller=True, ready=True)
    terminal = await join("T1")
    await terminal.send(**call_request("call-0001"))
    await teller.expect(type="incoming", call_id="call-0001")
    await terminal.ws.close()
    await teller.expect(type="bye", call_id="call-0001", reason="disconnected")
    state = await vtm_state(sim)
    assert state["live_calls"] == [] and state["terminals"] == []
    [record] = await finished(sim)
    assert (record["end_reason"], record["ended_by"]) == ("disconnected", "terminal")


async def test_teller_disconnect_mid_call_sends_bye_to_terminal(
    join: Join, sim: httpx.AsyncClient
) -> None:
    teller = await join("A1", teller=True, ready=True)
    terminal = await join("T1")
    await terminal.send(**call_request("call-0001"))
    await terminal.expect(type="queued")
    await terminal.expect(type="answered")
    await teller.ws.close()
    await terminal.expect(type="bye", call_id="call-0001", reason="teller_gone")
    assert (await vtm_state(sim))["tellers"] == []
    # The terminal is free to queue again.
    await terminal.send(**call_request("call-0002"))
    await terminal.expect(type="queued", call_id="call-0002", position=1)


async def test_malformed_and_unknown_messages_refused(join: Join) -> None:
    terminal = await join("T1")
    for text, code in [
        ("{not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"type": "teleport"}', "unknown_type"),
        ('{"type": "call_request", "call_id": "short"}', "malformed"),
        ('{"type": "offer", "call_id": "call-0001", "sdp": "x", "extra": 1}', "malformed"),
        ('{"type": "register", "role": "terminal", "terminal_id": "T9"}', "already_registered"),
        ('{"type": "answer", "call_id": "call-0001", "sdp": "x"}', "not_allowed"),
        ('{"type": "ready"}', "not_allowed"),
        (
            '{"type": "incoming", "call_id": "c", "terminal_id": "T", "language": "en", '
            '"business": "b"}',
            "not_allowed",
        ),
    ]:
        await terminal.send_raw(text)
        await terminal.expect(type="error", code=code)
    await terminal.ws.send(b"\x00binary")
    await terminal.expect(type="error", code="malformed")
    # Still connected and working after all of it.
    await terminal.send(type="heartbeat")
    await terminal.expect(type="heartbeat_ack")


async def test_foreign_call_messages_are_refused_not_forwarded(join: Join) -> None:
    teller_a = await join("A1", teller=True, ready=True)
    teller_b = await join("B1", teller=True)
    owner, stranger = await join("T1"), await join("T2")
    await owner.send(**call_request("call-0001"))
    await teller_a.expect(type="incoming", call_id="call-0001")

    await stranger.send(type="offer", call_id="call-0001", sdp=SDP)
    await stranger.expect(type="error", code="not_your_call")
    await stranger.send(type="bye", call_id="call-0001", reason="hangup")
    await stranger.expect(type="error", code="not_your_call")
    await teller_b.send(type="answer", call_id="call-0001", sdp=SDP)
    await teller_b.expect(type="error", code="not_your_call")
    await teller_b.send(type="bye", call_id="call-0001", reason="hangup")
    await teller_b.expect(type="error", code="not_your_call")

    # Nothing reached the real parties: their next messages are the ones sent now.
    await owner.expect(type="queued")
    await owner.expect(type="answered")
    await owner.send(type="offer", call_id="call-0001", sdp=SDP)
    await teller_a.expect(type="offer", call_id="call-0001")
    await teller_a.send(type="answer", call_id="call-0001", sdp=SDP)
    await owner.expect(type="answer", call_id="call-0001")


async def test_second_call_and_reused_call_id_refused(join: Join) -> None:
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await first.expect(type="queued")
    await first.send(**call_request("call-0009"))
    await first.expect(type="error", code="call_in_progress")
    await second.send(**call_request("call-0001"))
    await second.expect(type="error", code="duplicate_call")
    await second.send(type="offer", call_id="call-0002", sdp=SDP)
    await second.expect(type="error", code="not_your_call")
    await first.send(type="offer", call_id="call-0001", sdp=SDP)
    await first.expect(type="error", code="not_answered")


async def test_teller_ready_in_call_refused(join: Join) -> None:
    teller = await join("A1", teller=True, ready=True)
    terminal = await join("T1")
    await terminal.send(**call_request("call-0001"))
    await teller.expect(type="incoming")
    await teller.send(type="ready")
    await teller.expect(type="error", code="in_call")


async def test_heartbeat_answered(join: Join) -> None:
    for peer in (await join("T1"), await join("A1", teller=True)):
        for _ in range(3):
            await peer.send(type="heartbeat")
            await peer.expect(type="heartbeat_ack")


async def test_reconnect_with_same_id_replaces_old_connection(join: Join) -> None:
    teller = await join("A1", teller=True, ready=True)
    old = await join("T1")
    await old.send(**call_request("call-0001"))
    await teller.expect(type="incoming", call_id="call-0001")
    await old.expect(type="queued")
    await old.expect(type="answered")
    new = await join("T1")
    await old.expect(type="error", code="replaced")
    await old.closed()
    await teller.expect(type="bye", call_id="call-0001", reason="disconnected")
    await new.send(type="heartbeat")
    await new.expect(type="heartbeat_ack")


async def test_two_tellers_take_calls_in_ready_order(join: Join) -> None:
    teller_b = await join("B1", teller=True, ready=True)
    teller_a = await join("A1", teller=True, ready=True)
    first, second = await join("T1"), await join("T2")
    await first.send(**call_request("call-0001"))
    await teller_b.expect(type="incoming", call_id="call-0001")
    await second.send(**call_request("call-0002"))
    await teller_a.expect(type="incoming", call_id="call-0002")
    await second.expect(type="queued", position=1)
    await second.expect(type="answered", teller_id="A1")
