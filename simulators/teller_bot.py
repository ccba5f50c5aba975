"""A scripted remote teller: registers with the VTM signaling service, takes calls and answers
them with real WebRTC media, so the terminal's video calls run end to end without a person.

Its video is synthetic: a moving pattern, the frame counter and the wall-clock time as text, and
the same time as a machine-readable stamp strip (kiosk/vtm/stamp.py) for latency measurement.
It counts the terminal's frames and their brightness: a real camera picture is not the dark
placeholder the terminal sends before its camera delivers.

A step of its script may carry teller commands (kiosk/vtm/commands.py): the bot sends them in
order over the terminal's "control" data channel, each once the previous one is answered, and
records every reply. Raw strings are sent as they are, so tests can send garbage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from kiosk.vtm.signaling import (
    Answer,
    Bye,
    Incoming,
    Offer,
    Ready,
    Register,
    SignalMessage,
)
from simulators.teller_peer import TellerPeer, unreachable

log = logging.getLogger(__name__)
RECONNECT_S = 2.0


class SignalingLink(Protocol):
    """What the bot uses of `kiosk.vtm.signaling_client.SignalingClient`."""

    async def connect(self) -> None: ...
    async def send(self, message: SignalMessage) -> None: ...
    async def receive(self) -> SignalMessage: ...
    async def close(self) -> None: ...


LinkFactory = Callable[[str, Register], SignalingLink]


def _signaling_client(url: str, register: Register) -> SignalingLink:
    from kiosk.vtm.signaling_client import SignalingClient  # written beside this, in parallel

    client: SignalingLink = SignalingClient(url, register)
    return client


@dataclass(frozen=True)
class TellerStep:
    """How the teller handles one call; the bot's script is a list of them, the last repeats."""

    answer_delay_s: float = 1.0  # incoming → the teller's answer SDP goes out
    talk_s: float = 60.0  # then the teller says goodbye, unless the customer did first
    hangup_after_s: float | None = None  # the teller hangs up this long after answering
    stop_video_after_s: float | None = None  # the teller's video stops: the terminal goes audio
    never_answer: bool = False  # stay not-ready: calls wait in the queue
    # The teller's network is broken: its answer names addresses where nobody listens, so ICE
    # (and the call's media) never connects and the terminal must fall back.
    unreachable_media: bool = False
    # Teller commands, sent in order: {"type": ..., "payload": {...}} gets the id "c-1", "c-2",
    # ... (an "id" of its own is kept: duplicate-id tests); a str is sent exactly as it is.
    commands: tuple[dict[str, Any] | str, ...] = ()
    command_gap_s: float = 1.0  # after the answer, and between a result and the next command


@dataclass
class CallRecord:
    """What the bot remembers of one call."""

    call_id: str
    terminal_id: str
    frames_received: int = 0
    frames_sent: int = 0
    last_brightness: float | None = None
    ended_by: str = ""  # "teller" or "terminal"
    reason: str = ""
    commands_sent: int = 0
    replies: list[dict[str, Any]] = field(default_factory=list)  # every reply, as received
    unanswered: list[str] = field(default_factory=list)  # command ids given up on


@dataclass
class _Call:
    incoming: Incoming
    step: TellerStep
    inbox: asyncio.Queue[SignalMessage] = field(default_factory=asyncio.Queue)
    received_at: float = field(default_factory=time.monotonic)


class TellerBot:
    """A teller that answers video calls by script. Runs on the simulators' loop."""

    def __init__(
        self,
        signaling_url: str,
        teller_id: str = "T-0001",
        name: str = "王柜员",
        name_en: str = "Teller Wang",
        script: list[TellerStep] | None = None,
        ice_servers: list[str] | None = None,
        link_factory: LinkFactory | None = None,
    ) -> None:
        self.signaling_url = signaling_url
        self.teller_id = teller_id
        self.name = name
        self.name_en = name_en
        self._steps = list(script or [TellerStep()])
        self._ice_servers = list(ice_servers or [])
        self._link_factory = link_factory or _signaling_client
        self._task: asyncio.Task[None] | None = None
        self._call: _Call | None = None
        self._peer: TellerPeer | None = None
        self._ready = False
        self._script_changed = asyncio.Event()
        self.calls: list[CallRecord] = []
        self.registered = asyncio.Event()
        # Cleared when a call is answered, set when its commands are over (all answered, given
        # up on, or the channel closed): tests wait on it instead of on the clock.
        self.script_done = asyncio.Event()

    def script(self, steps: list[TellerStep]) -> None:
        """Replace the script from the next call on (a never-answering bot gets ready now)."""
        self._steps = list(steps) or [TellerStep()]
        self._script_changed.set()

    def state(self) -> dict[str, Any]:
        """calls, frames_received, frames_sent, replies (the current call, else the last),
        last_call."""
        last = self.calls[-1] if self.calls else None
        peer = self._peer
        return {
            "calls": len(self.calls),
            "ready": self._ready,
            "in_call": self._call.incoming.call_id if self._call else None,
            "frames_received": peer.frames_received
            if peer
            else (last.frames_received if last else 0),
            "frames_sent": peer.frames_sent if peer else (last.frames_sent if last else 0),
            "replies": list(peer.control.replies) if peer else (last.replies if last else []),
            "last_call": asdict(last) if last else None,
        }

    async def start(self) -> None:
        """Connect in the background (and reconnect whenever the link drops)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="teller-bot")

    async def stop(self) -> None:
        """Hang up any call and disconnect; safe to call twice."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _step(self) -> TellerStep:
        return self._steps[min(len(self.calls), len(self._steps) - 1)]

    async def _run(self) -> None:
        register = Register(role="teller", teller_id=self.teller_id, name=self.name)
        while True:
            link = self._link_factory(self.signaling_url, register)
            try:
                await link.connect()
                self.registered.set()
                await self._serve(link)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the service restarts: the teller logs in again
                log.warning("teller bot: signaling lost (%s); reconnecting", exc)
            finally:
                self._ready = False
                await self._end_call("teller", "shutdown", None)
                with contextlib.suppress(Exception):
                    await link.close()
            await asyncio.sleep(RECONNECT_S)

    async def _serve(self, link: SignalingLink) -> None:
        call_task: asyncio.Task[None] | None = None
        receiving: asyncio.Task[SignalMessage] | None = None
        try:
            while True:
                if call_task is None and self._ready and self._step().never_answer:
                    # A teller told to take no calls while free logs out (and back in, not
                    # ready): the service then has nobody to route calls to.
                    log.info("teller bot: no more calls; logging out and in, not ready")
                    return
                if call_task is None and not self._ready and not self._step().never_answer:
                    await link.send(Ready())
                    self._ready = True
                self._script_changed.clear()
                receiving = receiving or asyncio.ensure_future(link.receive())
                waits: set[asyncio.Future[Any]] = {receiving}
                waits.add(asyncio.ensure_future(self._script_changed.wait()))
                if call_task is not None:
                    waits.add(call_task)
                done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                for other in pending:
                    if other is not receiving and other is not call_task:
                        other.cancel()
                if call_task is not None and call_task in done:
                    call_task.result()
                    call_task = None
                if receiving in done:
                    message = receiving.result()
                    receiving = None
                    call_task = self._dispatch(link, message, call_task)
        finally:
            for task in (receiving, call_task):
                if task is not None:
                    task.cancel()

    def _dispatch(
        self, link: SignalingLink, message: SignalMessage, call_task: asyncio.Task[None] | None
    ) -> asyncio.Task[None] | None:
        if isinstance(message, Incoming) and call_task is None:
            self._ready = False
            self._call = _Call(message, self._step())
            return asyncio.get_running_loop().create_task(self._take_call(link, self._call))
        if isinstance(message, Offer | Bye) and self._call is not None:
            if message.call_id == self._call.incoming.call_id:
                self._call.inbox.put_nowait(message)
        else:
            log.debug("teller bot ignores %s", message.type)
        return call_task

    async def _take_call(self, link: SignalingLink, call: _Call) -> None:
        call_id = call.incoming.call_id
        first = await call.inbox.get()
        if isinstance(first, Bye):
            await self._end_call("terminal", first.reason, call)
            return
        assert isinstance(first, Offer)
        remaining = call.step.answer_delay_s - (time.monotonic() - call.received_at)
        if remaining > 0:
            await asyncio.sleep(remaining)
        self._peer = TellerPeer(self._ice_servers)
        sdp = await self._peer.answer(first.sdp)
        if call.step.unreachable_media:
            # Its checks would otherwise reach the terminal and make a peer-reflexive pair work.
            await self._peer.close()
            sdp = unreachable(sdp)
        await link.send(Answer(call_id=call_id, sdp=sdp))
        if call.step.stop_video_after_s is not None:
            asyncio.get_running_loop().call_later(
                call.step.stop_video_after_s, self._peer.stop_video
            )
        talk = call.step.talk_s
        if call.step.hangup_after_s is not None:
            talk = min(talk, call.step.hangup_after_s)
        self.script_done.clear()
        commands = None
        if call.step.commands:
            script = self._peer.control.run(call.step.commands, call.step.command_gap_s)
            commands = asyncio.get_running_loop().create_task(_logged(script, self.script_done))
        else:
            self.script_done.set()
        try:
            async with asyncio.timeout(talk):
                while not isinstance(message := await call.inbox.get(), Bye):
                    pass
            await self._end_call("terminal", message.reason, call)
        except TimeoutError:
            await link.send(Bye(call_id=call_id, reason="hangup"))
            await self._end_call("teller", "hangup", call)
        finally:
            if commands is not None:
                commands.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await commands

    async def _end_call(self, ended_by: str, reason: str, call: _Call | None) -> None:
        call = call or self._call
        if call is None:
            return
        peer, self._peer, self._call = self._peer, None, None
        record = CallRecord(call.incoming.call_id, call.incoming.terminal_id, ended_by=ended_by)
        record.reason = reason
        if peer is not None:
            record.frames_received = peer.frames_received
            record.frames_sent = peer.frames_sent
            record.last_brightness = peer.last_brightness
            record.commands_sent = peer.control.commands_sent
            record.replies = list(peer.control.replies)
            record.unanswered = list(peer.control.unanswered)
            await peer.close()
        self.calls.append(record)


async def _logged(script: Coroutine[Any, Any, None], done: asyncio.Event) -> None:
    """Run the command script, then set `done`; a failure of it is logged, the call goes on."""
    try:
        await script
    except Exception:
        log.exception("teller bot: command script failed")
    finally:
        done.set()


async def start_teller_bot(signaling_url: str, **options: Any) -> TellerBot:
    """A `TellerBot` connecting in the background (options as for the constructor); stop it with
    `await bot.stop()`."""
    bot = TellerBot(signaling_url, **options)
    await bot.start()
    return bot
