"""The teller bot end to end with a terminal's VideoCall, through an in-process signaling relay
that behaves like the VTM service (register, ready, call_request → incoming/answered, forward)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from kiosk.clock import SystemClock
from kiosk.config import VtmSettings
from kiosk.flows.video_ports import FrameMailbox
from kiosk.vtm.call import VideoCall
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
