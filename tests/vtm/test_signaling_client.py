"""The signaling client: against the real VTM service (registration, a call end to end, the
server going away) and against scripted WebSocket servers (heartbeats, refusals, time-outs)."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve

from kiosk.vtm.signaling import (
    Answer,
    Answered,
    Bye,
    CallRequest,
    Incoming,
    Offer,
    Queued,
    Ready,
    Register,
)
from kiosk.vtm.signaling_client import SignalingClient, SignalingClosed, SignalingError
from simulators.backoffice.server import BackOfficeServer, open_database

WAIT_S = 5.0
TERMINAL = Register(role="terminal", terminal_id="SZFT0001")
TELLER = Register(role="teller", teller_id="A1", name="Ms A")
SDP = (
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n"
)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vtm-seed") / "template.sqlite"
    conn = open_database(path, date(2026, 11, 23))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
async def server(seeded_db: Path, tmp_path: Path) -> AsyncIterator[BackOfficeServer]:
    db = tmp_path / "backoffice.sqlite"
    shutil.copyfile(seeded_db, db)
    srv = BackOfficeServer(db, today=date(2026, 11, 23))
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


def signal_url(server: BackOfficeServer) -> str:
    return server.url.replace("http://", "ws://") + "/api/v1/vtm/signal"


async def next_message(client: SignalingClient) -> object:
    async with asyncio.timeout(WAIT_S):
        return await client.receive()


Handler = Callable[[ServerConnection], Awaitable[None]]


@pytest.fixture
async def scripted() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """Serve a scripted WebSocket handler on loopback; returns its URL."""
    servers = []

    async def start(handler: Handler) -> str:
        srv = await serve(handler, "127.0.0.1", 0, ping_interval=None)
        servers.append(srv)
        port = next(iter(srv.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/api/v1/vtm/signal"

    yield start
    for srv in servers:
        srv.close()
        await srv.wait_closed()


async def test_a_call_through_the_service(server: BackOfficeServer) -> None:
    url = signal_url(server)
    async with (
        SignalingClient(url, TELLER, heartbeat_s=0.05) as teller,
        SignalingClient(url, TERMINAL, heartbeat_s=0.05) as terminal,
    ):
        await teller.send(Ready())
        await terminal.send(CallRequest(call_id="call-0001", language="en", business="general"))
        assert await next_message(terminal) == Queued(
            call_id="call-0001", position=1, estimated_wait_s=180
        )
        assert await next_message(terminal) == Answered(
            call_id="call-0001", teller_id="A1", teller_name="Ms A"
        )
        assert await next_message(teller) == Incoming(
            call_id="call-0001", terminal_id="SZFT0001", language="en", business="general"
        )
        await terminal.send(Offer(call_id="call-0001", sdp=SDP))
        assert await next_message(teller) == Offer(call_id="call-0001", sdp=SDP)
        await teller.send(Answer(call_id="call-0001", sdp=SDP))
        # Heartbeats went both ways meanwhile (every 50 ms); their acks never surface.
        assert await next_message(terminal) == Answer(call_id="call-0001", sdp=SDP)
        await terminal.send(Bye(call_id="call-0001", reason="walked_away"))
        assert await next_message(teller) == Bye(call_id="call-0001", reason="walked_away")
    assert terminal.closed and teller.closed


async def test_refused_registration_raises(server: BackOfficeServer) -> None:
    client = SignalingClient(signal_url(server), Register(role="teller"), connect_timeout_s=WAIT_S)
    with pytest.raises(SignalingError, match="register_invalid") as caught:
        await client.connect()
    assert type(caught.value) is SignalingError
    with pytest.raises(SignalingError):
        await client.receive()


async def test_nobody_listening_raises() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = SignalingClient(f"ws://127.0.0.1:{port}/x", TERMINAL, connect_timeout_s=2)
    with pytest.raises(SignalingError, match="could not connect"):
        await client.connect()


async def test_server_stopped_raises_closed(server: BackOfficeServer) -> None:
    client = SignalingClient(signal_url(server), TERMINAL)
    await client.connect()
    await server.stop()
    with pytest.raises(SignalingClosed):
        await next_message(client)
    with pytest.raises(SignalingClosed):
        await client.send(Bye(call_id="call-0001"))
    with pytest.raises(SignalingClosed):  # and again: the end is sticky
        await client.receive()
    await client.close()
    await client.close()


async def test_unanswered_heartbeats_close_after_three(
    scripted: Callable[[Handler], Awaitable[str]],
) -> None:
    seen: list[str] = []

    async def silent(ws: ServerConnection) -> None:
        await ws.recv()
        await ws.send('{"type": "registered"}')
        async for text in ws:
            seen.append(json.loads(text)["type"])

    client = SignalingClient(await scripted(silent), TERMINAL, heartbeat_s=0.05)
    await client.connect()
    with pytest.raises(SignalingClosed, match="heartbeats"):
        await next_message(client)
    assert seen == ["heartbeat"] * 3
    await client.close()


async def test_answered_heartbeats_keep_it_open_and_acks_are_swallowed(
    scripted: Callable[[Handler], Awaitable[str]],
) -> None:
    acked = asyncio.Event()

    async def answering(ws: ServerConnection) -> None:
        await ws.recv()
        await ws.send('{"type": "registered"}')
        count = 0
        async for text in ws:
            assert json.loads(text) == {"type": "heartbeat"}
            await ws.send('{"type": "heartbeat_ack"}')
            count += 1
            if count == 8:  # well past three heartbeats
                await ws.send(
                    '{"type": "queued", "call_id": "call-0001", "position": 2, '
                    '"estimated_wait_s": 360}'
                )
                acked.set()

    async with SignalingClient(await scripted(answering), TERMINAL, heartbeat_s=0.02) as client:
        async with asyncio.timeout(WAIT_S):
            await acked.wait()
        assert await next_message(client) == Queued(
            call_id="call-0001", position=2, estimated_wait_s=360
        )
        assert not client.closed


async def test_messages_before_the_drop_are_delivered_first(
    scripted: Callable[[Handler], Awaitable[str]],
) -> None:
    async def bye_then_close(ws: ServerConnection) -> None:
        await ws.recv()
        await ws.send('{"type": "registered"}')
        await ws.send('{"type": "bye", "call_id": "call-0001", "reason": "teller_gone"}')
        await ws.send("garbage from a broken service")
        await ws.close()

    async with SignalingClient(await scripted(bye_then_close), TERMINAL) as client:
        assert await next_message(client) == Bye(call_id="call-0001", reason="teller_gone")
        with pytest.raises(SignalingClosed):
            await next_message(client)


async def test_no_answer_to_register_times_out(
    scripted: Callable[[Handler], Awaitable[str]],
) -> None:
    async def mute(ws: ServerConnection) -> None:
        await ws.wait_closed()

    client = SignalingClient(await scripted(mute), TERMINAL, connect_timeout_s=0.2)
    with pytest.raises(SignalingError, match="no answer to register"):
        await client.connect()


async def test_send_before_connect_raises() -> None:
    client = SignalingClient("ws://127.0.0.1:9/x", TERMINAL)
    with pytest.raises(SignalingError, match="not connected"):
        await client.send(Ready())
