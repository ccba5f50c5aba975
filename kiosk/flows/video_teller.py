"""The video-teller journey, as it reads: consent → wait for a teller → the call → the end.

During the call the teller may send commands over the data channel (kiosk/flows/teller_commands.py):
one at a time, each confirmed by the customer on screen, the call staying up throughout. The teller
may hand the customer back to a self-service journey: `video_teller` then returns that service.

Fallbacks: no VTM service or no teller in time → "a teller will call you back" (a mobile number on
the keypad); media that cannot be set up → the same; remote video that stops → audio only. The call
ends cleanly whoever ends it (the customer's End, the teller's hang-up, a walk-away while waiting,
the connection dropping): a Bye to the other side, the peer connection closed, the camera feed
released, in `finally` blocks that survive cancellation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from drivers.interfaces import Camera
from kiosk.backoffice.vtm_models import VtmDocumentAck, VtmDocumentUpload
from kiosk.config import VtmSettings
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import CancelSession, GoBack, Message, Service
from kiosk.flows.teller_commands import CommandOutcome, CommandScene, carry_out
from kiosk.flows.teller_ports import CallEnded
from kiosk.flows.video_ports import FrameMailbox, VideoCallView, VideoWaiting
from kiosk.vtm.control import ControlChannel, ControlClosed
from kiosk.vtm.signaling import (
    Answer,
    Answered,
    Bye,
    CallRequest,
    Offer,
    Queued,
    Register,
    SignalMessage,
)
from kiosk.vtm.signaling_client import SignalingClosed, SignalingError

log = logging.getLogger(__name__)

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
WATCH_S = 0.5  # how often the call's video is looked at while it runs


class Call(Protocol):
    """What the flow needs of a call (kiosk.vtm.call.VideoCall)."""

    async def make_offer(self) -> str: ...
    async def accept_answer(self, sdp: str) -> None: ...
    async def wait_media(self, timeout_s: float) -> bool: ...
    def video_stalled(self) -> bool: ...
    def set_muted(self, muted: bool) -> None: ...
    @property
    def connection_state(self) -> str: ...
    def open_control(self, call_id: str) -> ControlChannel: ...
    async def close(self) -> None: ...


CallFactory = Callable[[VtmSettings, Camera | None, FrameMailbox, FrameMailbox], Call]
SignalingFactory = Callable[[Register], Any]  # → SignalingClient (or a test double)


@dataclass
class VideoDesk:
    """What the terminal gives the video-teller journey."""

    settings: VtmSettings
    camera: Callable[[], Camera | None]
    signaling: SignalingFactory
    new_call: CallFactory
    request_callback: Callable[[str, str, str], Any] | None = None  # (phone, language, reason)
    # (call_id, upload, idempotency key): a photo or signed form to the back office
    upload_document: Callable[[str, VtmDocumentUpload, str], Awaitable[VtmDocumentAck]] | None = (
        None
    )

    def available(self) -> bool:
        """Video calls can be offered: enabled, and the camera is there."""
        return self.settings.enabled and self.camera() is not None


class _Ended(Exception):
    """The call is over; `message` (if any) tells the customer why."""

    def __init__(self, message: Message | None, callback: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.callback = callback


@dataclass(frozen=True)
class _Hangup:
    """How the call ended from the terminal's side: the Bye's reason, and the service the teller
    handed the customer back to, if any."""

    reason: str
    service: Service | None = None


async def video_teller(ctx: FlowContext, desk: VideoDesk) -> Service | None:
    """The whole journey: the service the teller handed the customer back to, or None. Raises
    only CancelSession / GoBack (the customer's own navigation)."""
    if not desk.available():
        await ctx.ui.show_message(Message.VIDEO_UNAVAILABLE, {})
        return None
    if not await ctx.ui.ask_video_consent():
        return None
    ctx.touch()
    call_id = uuid.uuid4().hex
    try:
        return await _call_a_teller(ctx, desk, call_id)
    except _Ended as ended:
        if ended.callback:
            await _offer_callback(ctx, desk, ended.message or Message.VIDEO_NO_TELLER)
        elif ended.message is not None:
            await ctx.ui.show_message(ended.message, {})
    return None


async def _call_a_teller(ctx: FlowContext, desk: VideoDesk, call_id: str) -> Service | None:
    register = Register(role="terminal", terminal_id=ctx.settings.terminal.id)
    client = desk.signaling(register)
    try:
        await client.connect()
    except SignalingError as exc:
        log.warning("video teller: signaling unavailable: %s: %s", type(exc).__name__, exc)
        raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True) from exc
    ended_by = "hangup"
    try:
        await client.send(
            CallRequest(call_id=call_id, language=ctx.language.value, business="general")
        )
        # A queue can take minutes: the customer waits with Cancel on screen, not against the
        # inactivity time-out (the wait has its own limit, then the call-back offer). Setting up
        # the media has its own limits too (connect_timeout_s for the answer and for the media).
        with ctx.inactivity_held():
            answered = await _wait_for_teller(ctx, client, call_id, desk.settings)
            ctx.touch()
            hangup = await _talk(ctx, desk, client, call_id, answered)
        ended_by = hangup.reason
        return hangup.service
    except (CancelSession, GoBack, asyncio.CancelledError):
        ended_by = "walked_away" if ctx.timer is not None and ctx.timer.timed_out else "cancelled"
        raise
    except _Ended as ended:
        ended_by = "failed" if ended.callback else ended_by
        raise
    finally:
        with contextlib.suppress(Exception):
            await asyncio.shield(_bye(client, call_id, ended_by))
        with contextlib.suppress(Exception):
            await client.close()
        log.info("video teller: call %s ended (%s)", call_id[:8], ended_by)


async def _bye(client: Any, call_id: str, reason: str) -> None:
    with contextlib.suppress(SignalingError):
        await asyncio.wait_for(client.send(Bye(call_id=call_id, reason=reason)), 2)


async def _wait_for_teller(
    ctx: FlowContext, client: Any, call_id: str, settings: VtmSettings
) -> Answered:
    """The waiting screen until a teller answers (queue position updated in place)."""
    waiting: asyncio.Future[None] = asyncio.ensure_future(
        ctx.ui.show_video_waiting(VideoWaiting(1, 0))
    )
    deadline = ctx.clock.monotonic() + settings.max_queue_wait_s
    try:
        while True:
            left = deadline - ctx.clock.monotonic()
            if left <= 0:
                raise _Ended(Message.VIDEO_NO_TELLER, callback=True)
            message = await _next(ctx, client, waiting, left)
            if isinstance(message, Queued) and message.call_id == call_id:
                waiting = await _updated(ctx, waiting, message)
            elif isinstance(message, Answered) and message.call_id == call_id:
                return message
            elif isinstance(message, Bye) and message.call_id == call_id:
                raise _Ended(Message.VIDEO_NO_TELLER, callback=True)
    finally:
        if not waiting.done():
            waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)


async def _updated(
    ctx: FlowContext, waiting: asyncio.Future[None], queued: Queued
) -> asyncio.Future[None]:
    """Show the new position: the screen updates in place (a new call, the old one dropped)."""
    fresh = asyncio.ensure_future(
        ctx.ui.show_video_waiting(VideoWaiting(queued.position, queued.estimated_wait_s))
    )
    await asyncio.sleep(0)  # let the new call take the screen before the old one goes
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    return fresh


async def _next(
    ctx: FlowContext, client: Any, screen: asyncio.Future[Any], timeout_s: float
) -> SignalMessage | None:
    """The next signaling message, or None when `timeout_s` passed; the screen's own end (the
    customer pressed Cancel / Back / End) is raised or returned through `screen`."""
    receive = asyncio.ensure_future(client.receive())
    timer = asyncio.ensure_future(ctx.clock.sleep(timeout_s))
    try:
        await asyncio.wait({receive, screen, timer}, return_when=asyncio.FIRST_COMPLETED)
        if screen.done():
            screen.result()  # Cancel / Back raise here
            raise _ScreenDone
        if receive.done():
            try:
                return receive.result()
            except SignalingClosed as exc:
                raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True) from exc
        return None
    finally:
        for task in (receive, timer):
            task.cancel()
        await asyncio.gather(receive, timer, return_exceptions=True)


class _ScreenDone(Exception):
    """The call screen returned: the customer pressed End."""


async def _talk(
    ctx: FlowContext, desk: VideoDesk, client: Any, call_id: str, answered: Answered
) -> _Hangup:
    """Offer, answer, media, the call (and the teller's commands) until someone ends it."""
    remote, local = FrameMailbox(), FrameMailbox()
    call = desk.new_call(desk.settings, desk.camera(), remote, local)
    control = call.open_control(call_id)
    try:
        await client.send(Offer(call_id=call_id, sdp=await call.make_offer()))
        answer = await _answer(ctx, client, call_id, desk.settings.connect_timeout_s)
        await call.accept_answer(answer.sdp)
        media = await call.wait_media(desk.settings.connect_timeout_s)
        if not media and call.connection_state != "connected":
            raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True)
        # No inactivity time-out while talking to a person, command screens included.
        with ctx.inactivity_held():
            view = VideoCallView(
                teller_name=answered.teller_name,
                remote=remote,
                local=local,
                started_at=ctx.clock.monotonic(),
                audio_only=not media,
                on_mute=call.set_muted,
            )
            return await _InCall(ctx, desk, client, call, call_id, view, control).run()
    finally:
        control.close()
        await call.close()


async def _answer(ctx: FlowContext, client: Any, call_id: str, timeout_s: float) -> Answer:
    deadline = ctx.clock.monotonic() + timeout_s
    while (left := deadline - ctx.clock.monotonic()) > 0:
        message = await asyncio.wait_for(_receive_or_closed(client), left)
        if isinstance(message, Answer) and message.call_id == call_id:
            return message
        if isinstance(message, Bye) and message.call_id == call_id:
            raise _Ended(Message.VIDEO_ENDED_BY_TELLER)
    raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True)


async def _receive_or_closed(client: Any) -> SignalMessage:
    try:
        message: SignalMessage = await client.receive()
    except SignalingClosed as exc:
        raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True) from exc
    return message


class _InCall:
    """The call screen and the teller's commands, until the customer presses End ("hangup"),
    the teller hands the customer back, hangs up or ends the call, or the connection goes.

    One screen is up at a time: the call screen, a command's screens (the command running as a
    task), or the account summary a command left up. A new screen is shown before the old one is
    cancelled, so the customer never sees a gap.
    """

    def __init__(
        self,
        ctx: FlowContext,
        desk: VideoDesk,
        client: Any,
        call: Call,
        call_id: str,
        view: VideoCallView,
        control: ControlChannel,
    ) -> None:
        self.ctx = ctx
        self.desk = desk
        self.client = client
        self.call = call
        self.call_id = call_id
        self.view = view
        self.control = control
        self.screen: asyncio.Future[Any] = asyncio.ensure_future(ctx.ui.show_video_call(view))
        self.showing = "call"  # call | account | command
        self.commands: asyncio.Future[Any] | None = asyncio.ensure_future(control.next_command())
        # Kept across steps: a message read while a screen changes must not be dropped.
        self.receive: asyncio.Future[Any] | None = None

    async def run(self) -> _Hangup:
        """Until the call ends from this side; raises _Ended when it ends from the other."""
        try:
            while True:
                ended = await self._step()
                if ended is not None:
                    return ended
        finally:
            futures = (self.screen, self.commands, self.receive)
            waiting = [f for f in futures if f is not None and not f.done()]
            for future in waiting:
                future.cancel()  # a command under way answers "cancelled" as it unwinds
            await asyncio.gather(*waiting, return_exceptions=True)

    async def _step(self) -> _Hangup | None:
        if self.receive is None:
            self.receive = asyncio.ensure_future(self.client.receive())
        receive = self.receive
        timer = asyncio.ensure_future(self.ctx.clock.sleep(WATCH_S))
        waits: set[asyncio.Future[Any]] = {receive, timer, self.screen}
        if self.showing != "command" and self.commands is not None:
            waits.add(self.commands)
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            # The message first: a Bye read here and then dropped would leave the call hanging.
            if receive.done():
                self.receive = None
                try:
                    message = receive.result()
                except SignalingClosed as exc:
                    raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True) from exc
                if isinstance(message, Bye) and message.call_id == self.call_id:
                    raise _Ended(Message.VIDEO_ENDED_BY_TELLER)
            if self.screen.done():
                return await self._screen_done()
            if self.commands is not None and self.commands.done() and self.showing != "command":
                await self._start_command()
        finally:
            timer.cancel()
            await asyncio.gather(timer, return_exceptions=True)
        if self.call.connection_state in ("failed", "closed"):
            raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True)
        if self.call.video_stalled() and not self.view.audio_only:
            log.info("video teller: remote video stopped; audio only")
            self.view = replace(self.view, audio_only=True)
            if self.showing == "call":
                await self._show(self.ctx.ui.show_video_call(self.view), "call")
        return None

    async def _screen_done(self) -> _Hangup | None:
        """The screen up now returned (or raised the customer's Cancel / Back)."""
        if self.showing == "call":
            self.screen.result()
            return _Hangup("hangup")  # End pressed
        if self.showing == "account":
            try:
                self.screen.result()
            except CallEnded:
                return _Hangup("hangup")
            await self._show(self.ctx.ui.show_video_call(self.view), "call")
            return None
        outcome: CommandOutcome = self.screen.result()
        if outcome.customer_ended:
            return _Hangup("hangup")
        if outcome.end_call:
            raise _Ended(Message.VIDEO_ENDED_BY_TELLER)
        if outcome.hand_back is not None:
            return _Hangup("handed_back", outcome.hand_back)
        if outcome.screen is not None:
            self.screen, self.showing = outcome.screen, "account"
        else:
            await self._show(self.ctx.ui.show_video_call(self.view), "call")
        return None

    async def _start_command(self) -> None:
        assert self.commands is not None
        try:
            command = self.commands.result()
        except ControlClosed:
            log.info("video teller: control channel closed; the call goes on without commands")
            self.commands = None
            return
        self.commands = asyncio.ensure_future(self.control.next_command())
        scene = CommandScene(
            self.ctx, self.control, self.call_id, self.view, self.desk.upload_document
        )
        await self._show(carry_out(scene, command), "command")

    async def _show(self, screen: Awaitable[Any], showing: str) -> None:
        fresh = asyncio.ensure_future(screen)
        await asyncio.sleep(0)  # let the new screen take over before the old one goes
        old = self.screen
        if not old.done():
            old.cancel()
        await asyncio.gather(old, return_exceptions=True)
        self.screen, self.showing = fresh, showing


async def _offer_callback(ctx: FlowContext, desk: VideoDesk, why: Message) -> None:
    """'A teller will call you back': a mobile number, or no thanks (Back)."""
    error: Message | None = why
    while True:
        try:
            phone = (await ctx.ui.ask_callback_phone(error)).strip()
        except GoBack:
            return
        ctx.touch()
        if not MOBILE.match(phone):
            error = Message.PHONE_MALFORMED
            continue
        if desk.request_callback is not None:
            try:
                await desk.request_callback(phone, ctx.language.value, why.value)
            except Exception:
                log.exception("video teller: call-back request failed")
                await ctx.ui.show_message(Message.VIDEO_CONNECTION_FAILED, {})
                return
        masked = f"{phone[:3]}****{phone[-4:]}"
        await ctx.ui.show_message(Message.VIDEO_CALLBACK_BOOKED, {"phone": masked})
        return
