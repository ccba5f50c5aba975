"""The teller bot end to end with a terminal's VideoCall, through an in-process signaling relay
that behaves like the VTM service (register, ready, call_request → incoming/answered, forward)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from kiosk.clock import SystemClock
from kiosk.config import VtmSettings
from kiosk.flows.video_ports import FrameMailbox
from kiosk.vtm.call import VideoCall
from kiosk.vtm.commands import MAX_COMMAND_BYTES, AccountSummaryResult, PrintResult
from kiosk.vtm.control import ControlChannel, ControlClosed
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
    Registered,
    SignalMessage,
    dump_signal,
    parse_signal,
)
from simulators.teller_bot import TellerBot, TellerStep, start_teller_bot
from simulators.teller_bot_routes import add_teller_bot_routes

pytestmark = pytest.mark.timeout(30)
CALL_ID = "C-20260101-0001"


@dataclass
class Link:
    """One client of the relay, with the SignalingClient API."""

    service: Relay
    register: Register
    inbox: asyncio.Queue[SignalMessage] = field(default_factory=asyncio.Queue)

    async def connect(self) -> None:
        self.service.links.append(self)
        await self.inbox.put(Registered())
        assert isinstance(await self.inbox.get(), Registered)

    async def send(self, message: SignalMessage) -> None:
        # Through JSON, as on the wire: the bot must send what the contract allows.
        self.service.handle(self, parse_signal(dump_signal(message)))

    async def receive(self) -> SignalMessage:
        return await self.inbox.get()

    async def close(self) -> None:
        if self in self.service.links:
            self.service.links.remove(self)


@dataclass
class Relay:
    """Just enough of the VTM service: one teller, one call at a time."""

    links: list[Link] = field(default_factory=list)
    ready: list[Link] = field(default_factory=list)
    seen: asyncio.Queue[tuple[str, SignalMessage]] = field(default_factory=asyncio.Queue)
    waiting: list[tuple[Link, CallRequest]] = field(default_factory=list)
    peers: dict[int, Link] = field(default_factory=dict)

    def link(self, url: str, register: Register) -> Link:
        assert url.startswith("ws://127.0.0.1")
        return Link(self, register)

    def handle(self, sender: Link, message: SignalMessage) -> None:
        self.seen.put_nowait((sender.register.role, message))
        if isinstance(message, Ready):
            self.ready.append(sender)
        elif isinstance(message, CallRequest):
            self.waiting.append((sender, message))
        elif isinstance(message, Offer | Answer | Bye):
            self.peers[id(sender)].inbox.put_nowait(message)
        self._match()

    def _match(self) -> None:
        if not self.waiting:
            return
        terminal, request = self.waiting[0]
        if not self.ready:
            terminal.inbox.put_nowait(
                Queued(call_id=request.call_id, position=1, estimated_wait_s=60)
            )
            return
        self.waiting.pop(0)
        teller = self.ready.pop(0)
        self.peers[id(terminal)], self.peers[id(teller)] = teller, terminal
        teller.inbox.put_nowait(
            Incoming(
                call_id=request.call_id, terminal_id="T01", language="zh_CN", business="general"
            )
        )
        terminal.inbox.put_nowait(
            Answered(
                call_id=request.call_id,
                teller_id=teller.register.teller_id or "",
                teller_name=teller.register.name or "",
            )
        )

    async def next_from(self, role: str, kind: type) -> SignalMessage:
        while True:
            sender, message = await asyncio.wait_for(self.seen.get(), 10)
            if sender == role and isinstance(message, kind):
                return message


async def place_call(relay: Relay, settings: VtmSettings | None = None) -> tuple[Link, VideoCall]:
    terminal = relay.link(
        "ws://127.0.0.1:1/api/v1/vtm/signal", Register(role="terminal", terminal_id="T01")
    )
    await terminal.connect()
    call = VideoCall(settings or VtmSettings(), None, FrameMailbox(), FrameMailbox(), SystemClock())
    await terminal.send(CallRequest(call_id=CALL_ID, language="zh_CN", business="general"))
    return terminal, call


async def answer_call(terminal: Link, call: VideoCall) -> Answered:
    answered = await asyncio.wait_for(terminal.receive(), 10)
    assert isinstance(answered, Answered)
    await terminal.send(Offer(call_id=CALL_ID, sdp=await call.make_offer()))
    answer = await asyncio.wait_for(terminal.receive(), 10)
    assert isinstance(answer, Answer) and answer.call_id == CALL_ID
    await call.accept_answer(answer.sdp)
    return answered


async def test_bot_answers_talks_hangs_up_and_is_ready_again() -> None:
    relay = Relay()
    bot = await start_teller_bot(
        "ws://127.0.0.1:1/api/v1/vtm/signal",
        script=[TellerStep(answer_delay_s=0.0, talk_s=1.5)],
        link_factory=relay.link,
    )
    try:
        register = (await relay.next_from("teller", Ready), relay.links[0].register)[1]
        assert (register.teller_id, register.name) == ("T-0001", "王柜员")
        terminal, call = await place_call(relay)
        answered = await answer_call(terminal, call)
        assert answered.teller_name == "王柜员"
        assert await call.wait_media(5.0)
        bye = await asyncio.wait_for(terminal.receive(), 10)  # talk_s over: the teller's goodbye
        assert isinstance(bye, Bye) and bye.reason == "hangup"
        await call.close()
        await relay.next_from("teller", Ready)  # free for the next customer
        state = bot.state()
        assert state["calls"] == 1 and state["ready"]
        last = state["last_call"]
        assert last["call_id"] == CALL_ID and last["ended_by"] == "teller"
        assert last["frames_received"] > 5 and last["frames_sent"] > 5
        assert state["frames_received"] == last["frames_received"]
    finally:
        await bot.stop()
    assert call.running_tasks == 0


async def test_customer_bye_ends_the_call_and_stop_video_stalls_it() -> None:
    relay = Relay()
    bot = TellerBot(
        "ws://127.0.0.1:1/api/v1/vtm/signal",
        script=[TellerStep(answer_delay_s=0.0, stop_video_after_s=0.5)],
        link_factory=relay.link,
    )
    await bot.start()
    try:
        await relay.next_from("teller", Ready)
        terminal, call = await place_call(relay, VtmSettings(frames_stop_s=0.4))
        await answer_call(terminal, call)
        assert await call.wait_media(5.0)
        assert await call.wait_video_stalled(5.0)
        await terminal.send(Bye(call_id=CALL_ID, reason="walked_away"))
        await call.close()
        await relay.next_from("teller", Ready)
        last = bot.state()["last_call"]
        assert (last["ended_by"], last["reason"]) == ("terminal", "walked_away")
    finally:
        await bot.stop()
        await bot.stop()


async def test_never_answer_keeps_calls_waiting_until_the_script_changes() -> None:
    relay = Relay()
    bot = TellerBot(
        "ws://127.0.0.1:1/api/v1/vtm/signal",
        script=[TellerStep(never_answer=True)],
        link_factory=relay.link,
    )
    await bot.start()
    try:
        await asyncio.wait_for(bot.registered.wait(), 5)
        terminal, call = await place_call(relay)
        queued = await asyncio.wait_for(terminal.receive(), 5)
        assert isinstance(queued, Queued)
        assert not bot.state()["ready"]
        bot.script([TellerStep(answer_delay_s=0.0, hangup_after_s=0.5)])
        await answer_call(terminal, call)
        assert await call.wait_media(5.0)
        bye = await asyncio.wait_for(terminal.receive(), 10)
        assert isinstance(bye, Bye)
        await call.close()
    finally:
        await bot.stop()


SUMMARY = AccountSummaryResult(
    account_no="3100012345",
    masked_name="张*",
    arrears_fen=12_345,
    balance_fen=0,
    tariff_name="居民生活用电",
    bills=2,
)
GARBAGE = (
    "not json at all",
    "[1, 2, 3]",
    '{"id": "c-1", "type": "end_call", "payload": {}}',  # c-1 was used by the first command
    '{"id": "x-9", "type": "teleport", "payload": {}}',
    "x" * (MAX_COMMAND_BYTES + 1),
    '{"id": "x-10", "type": "account_summary", "payload": {"account_no": "12"}}',
)


async def terminal_side(control: ControlChannel, seen: list[Any]) -> None:
    """What the flow does with valid commands, reduced to instant answers."""
    try:
        while True:
            command = await control.next_command()
            seen.append(command)
            control.ack(command)
            if command.type == "account_summary":
                control.result(command, "done", SUMMARY)
            elif command.type == "print":
                control.result(command, "done", PrintResult(kind="receipt", lines=2))
            else:
                control.result(command, "done", {})
    except ControlClosed:
        pass


async def test_bot_runs_a_command_script_and_garbage_is_refused_never_executed() -> None:
    relay = Relay()
    commands: tuple[dict[str, Any] | str, ...] = (
        {"type": "account_summary", "payload": {"account_no": "3100012345"}},
        *GARBAGE,
        {"type": "print", "payload": {"kind": "receipt", "title": "凭证", "lines": ["a", "b"]}},
        {"type": "end_call", "payload": {}},
    )
    bot = await start_teller_bot(
        "ws://127.0.0.1:1/api/v1/vtm/signal",
        script=[TellerStep(answer_delay_s=0.0, commands=commands, command_gap_s=0.0)],
        link_factory=relay.link,
    )
    seen: list[Any] = []
    try:
        await relay.next_from("teller", Ready)
        terminal, call = await place_call(relay)
        control = call.open_control(CALL_ID)
        serving = asyncio.create_task(terminal_side(control, seen))
        await answer_call(terminal, call)
        assert await call.wait_media(5.0)
        await asyncio.wait_for(bot.script_done.wait(), 20)
        live = bot.state()
        assert live["in_call"] == CALL_ID and len(live["replies"]) == 12
        await terminal.send(Bye(call_id=CALL_ID, reason="hangup"))
        control.close()
        await serving
        await call.close()
        await relay.next_from("teller", Ready)
    finally:
        await bot.stop()
    # Only the three valid commands reached the terminal's flow, with the bot's ids.
    assert [(c.id, c.type) for c in seen] == [
        ("c-1", "account_summary"),
        ("c-2", "print"),
        ("c-3", "end_call"),
    ]
    assert seen[1].payload.lines == ["a", "b"]
    last = bot.state()["last_call"]
    assert last["commands_sent"] == len(commands) and last["unanswered"] == []
    replies = [(r["id"], r["type"], r.get("status") or r.get("reason")) for r in last["replies"]]
    assert replies == [
        ("c-1", "ack", None),
        ("c-1", "result", "done"),
        (None, "refused", "malformed"),
        (None, "refused", "malformed"),
        ("c-1", "refused", "duplicate_id"),
        ("x-9", "refused", "unknown_type"),
        (None, "refused", "too_large"),
        ("x-10", "refused", "invalid_payload"),
        ("c-2", "ack", None),
        ("c-2", "result", "done"),
        ("c-3", "ack", None),
        ("c-3", "result", "done"),
    ]
    assert last["replies"][1]["payload"]["arrears_fen"] == 12_345
    assert last["replies"][9]["payload"] == {"kind": "receipt", "lines": 2}


async def test_script_route_takes_commands_and_raw_strings() -> None:
    bot = TellerBot("ws://127.0.0.1:1/api/v1/vtm/signal")
    app = FastAPI()
    add_teller_bot_routes(app, bot)
    steps = [{"answer_delay_s": 0, "commands": [{"type": "end_call"}, "{oops"], "command_gap_s": 0}]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        answer = await client.post("/teller_bot/script", json=steps)
        assert answer.status_code == 200, answer.text
        assert answer.json()["steps"][0]["commands"] == [{"type": "end_call"}, "{oops"]
        bad = await client.post("/teller_bot/script", json=[{"command_gap_s": -1}])
        assert bad.status_code == 422
        state = (await client.get("/teller_bot")).json()
    assert state["replies"] == [] and state["last_call"] is None
    step = bot._step()
    assert step.commands == ({"type": "end_call"}, "{oops") and step.command_gap_s == 0
