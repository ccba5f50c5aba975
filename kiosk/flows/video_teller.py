"""The video-teller journey, as it reads: consent → wait for a teller → the call → the end.

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
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from drivers.interfaces import Camera
from kiosk.config import VtmSettings
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import CancelSession, GoBack, Message
from kiosk.flows.video_ports import FrameMailbox, VideoCallView, VideoWaiting
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

    def available(self) -> bool:
        """Video calls can be offered: enabled, and the camera is there."""
        return self.settings.enabled and self.camera() is not None


class _Ended(Exception):
    """The call is over; `message` (if any) tells the customer why."""

    def __init__(self, message: Message | None, callback: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.callback = callback


async def video_teller(ctx: FlowContext, desk: VideoDesk) -> None:
    """The whole journey. Raises only CancelSession / GoBack (the customer's own navigation)."""
    if not desk.available():
        await ctx.ui.show_message(Message.VIDEO_UNAVAILABLE, {})
        return
    if not await ctx.ui.ask_video_consent():
        return
    ctx.touch()
    call_id = uuid.uuid4().hex
    try:
        await _call_a_teller(ctx, desk, call_id)
    except _Ended as ended:
        if ended.callback:
            await _offer_callback(ctx, desk, ended.message or Message.VIDEO_NO_TELLER)
        elif ended.message is not None:
            await ctx.ui.show_message(ended.message, {})


async def _call_a_teller(ctx: FlowContext, desk: VideoDesk, call_id: str) -> None:
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
        # inactivity time-out (the wait has its own limit, then the call-back offer).
        with ctx.inactivity_held():
            answered = await _wait_for_teller(ctx, client, call_id, desk.settings)
        ctx.touch()
        ended_by = await _talk(ctx, desk, client, call_id, answered)
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
) -> str:
    """Offer, answer, media, the call screen until someone ends it; how it ended."""
    remote, local = FrameMailbox(), FrameMailbox()
    call = desk.new_call(desk.settings, desk.camera(), remote, local)
    screen: asyncio.Future[None] | None = None
    try:
        await client.send(Offer(call_id=call_id, sdp=await call.make_offer()))
        answer = await _answer(ctx, client, call_id, desk.settings.connect_timeout_s)
        await call.accept_answer(answer.sdp)
        media = await call.wait_media(desk.settings.connect_timeout_s)
        if not media and call.connection_state != "connected":
            raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True)
        with ctx.inactivity_held():  # no inactivity time-out while talking to a person
            view = VideoCallView(
                teller_name=answered.teller_name,
                remote=remote,
                local=local,
                started_at=ctx.clock.monotonic(),
                audio_only=not media,
                on_mute=call.set_muted,
            )
            screen = asyncio.ensure_future(ctx.ui.show_video_call(view))
            return await _during_call(ctx, client, call, call_id, view, screen)
    finally:
        if screen is not None and not screen.done():
            screen.cancel()
            await asyncio.gather(screen, return_exceptions=True)
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


async def _during_call(
    ctx: FlowContext,
    client: Any,
    call: Call,
    call_id: str,
    view: VideoCallView,
    screen: asyncio.Future[None],
) -> str:
    """Until the customer presses End ("hangup"), the teller hangs up, or the connection goes."""
    while True:
        try:
            message = await _next(ctx, client, screen, WATCH_S)
        except _ScreenDone:
            return "hangup"
        if isinstance(message, Bye) and message.call_id == call_id:
            raise _Ended(Message.VIDEO_ENDED_BY_TELLER)
        if call.connection_state in ("failed", "closed"):
            raise _Ended(Message.VIDEO_CONNECTION_FAILED, callback=True)
        if call.video_stalled() and not view.audio_only:
            log.info("video teller: remote video stopped; audio only")
            view = replace(view, audio_only=True)
            fresh = asyncio.ensure_future(ctx.ui.show_video_call(view))
            await asyncio.sleep(0)
            screen.cancel()
            await asyncio.gather(screen, return_exceptions=True)
            screen = fresh


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
