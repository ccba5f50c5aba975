"""The video-teller journey with a scripted customer, a scripted VTM service and a fake call:
the queue shown in place, the call, who ends it, and every fallback (no teller, no connection,
video stopped, teller hangs up, customer leaves). Virtual time: minutes run in milliseconds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from fake_channel import FakeDataChannel
from fakes import HANG, After, ScriptedUI

from kiosk.config import Settings
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import CancelSession, GoBack, Message
from kiosk.flows.video_ports import FrameMailbox, VideoCallView
from kiosk.flows.video_teller import VideoDesk, video_teller
from kiosk.vtm.control import ControlChannel
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

Reaction = Callable[["FakeSignaling", SignalMessage], None]


class FakeSignaling:
    """The VTM service as the terminal sees it: messages the test scripts as reactions."""

    def __init__(self, register: Register, react: Reaction, *, fail_connect: bool = False) -> None:
        self.register = register
        self.react = react
        self.fail_connect = fail_connect
        self.sent: list[SignalMessage] = []
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        self.closed = False

    def deliver(self, message: Any) -> None:
        self.inbox.put_nowait(message)

    async def connect(self) -> None:
        if self.fail_connect:
            raise SignalingError("refused")

    async def send(self, message: SignalMessage) -> None:
        self.sent.append(message)
        self.react(self, message)

    async def receive(self) -> SignalMessage:
        message = await self.inbox.get()
        if isinstance(message, BaseException):
            raise message
        return message

    async def close(self) -> None:
        self.closed = True

    def types(self) -> list[str]:
        return [m.type for m in self.sent]


class FakeCall:
    """A call whose media comes (or not) as told."""

    def __init__(self, media: bool = True, state: str = "connected") -> None:
        self.media = media
        self.connection_state = state
        self.channel = FakeDataChannel()
        self.control: ControlChannel | None = None
        self.stalled = False
        self.answer: str | None = None
        self.muted: list[bool] = []
        self.closed = False

    def open_control(self, call_id: str) -> ControlChannel:
        self.control = ControlChannel(self.channel, call_id)
        return self.control

    async def make_offer(self) -> str:
        return "v=0 offer"

    async def accept_answer(self, sdp: str) -> None:
        self.answer = sdp

    async def wait_media(self, timeout_s: float) -> bool:
        return self.media

    def video_stalled(self) -> bool:
        return self.stalled

    def set_muted(self, muted: bool) -> None:
        self.muted.append(muted)

    async def close(self) -> None:
        self.closed = True


def teller_answers(queue: list[int] | None = None) -> Reaction:
    """A service where the call waits at `queue` positions, then a teller answers the offer."""

    def react(service: FakeSignaling, message: SignalMessage) -> None:
        if isinstance(message, CallRequest):
            for position in queue or [1]:
                service.deliver(
                    Queued(
                        call_id=message.call_id, position=position, estimated_wait_s=60 * position
                    )
                )
            service.deliver(
                Answered(call_id=message.call_id, teller_id="T-1", teller_name="王柜员")
            )
        elif isinstance(message, Offer):
            service.deliver(Answer(call_id=message.call_id, sdp="v=0 answer"))

    return react


def nobody_answers(service: FakeSignaling, message: SignalMessage) -> None:
    if isinstance(message, CallRequest):
        service.deliver(Queued(call_id=message.call_id, position=3, estimated_wait_s=540))


class Rig:
    def __init__(self, react: Reaction, call: FakeCall | None = None, **signaling: Any) -> None:
        self.react = react
        self.call = call or FakeCall()
        self.signaling: FakeSignaling | None = None
        self.signaling_options = signaling
        self.callbacks: list[tuple[str, str, str]] = []
        self.calls_made = 0

    def desk(self, settings: Settings, camera: bool = True) -> VideoDesk:
        def new_signaling(register: Register) -> FakeSignaling:
            self.signaling = FakeSignaling(register, self.react, **self.signaling_options)
            return self.signaling

        def new_call(*_: Any) -> FakeCall:
            self.calls_made += 1
            return self.call

        async def request_callback(phone: str, language: str, reason: str) -> None:
            self.callbacks.append((phone, language, reason))

        vtm = settings.vtm.model_copy(update={"enabled": True, "max_queue_wait_s": 300})
        return VideoDesk(
            vtm,
            camera=lambda: object() if camera else None,  # type: ignore[arg-type,return-value]
            signaling=new_signaling,
            new_call=new_call,
            request_callback=request_callback,
        )


async def run(ctx: FlowContext, desk: VideoDesk) -> None:
    await video_teller(ctx, desk)


async def test_a_call_with_the_queue_shown_in_place(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers([2, 1]))
    ui.script("ask_video_consent", True)
    ui.script("show_video_call", After(30, None))  # the customer talks, then presses End
    await run(ctx, rig.desk(settings))
    assert [w.position for w in ui.screens("show_video_waiting")] == [1, 2, 1]
    view: VideoCallView = ui.screens("show_video_call")[0]
    assert view.teller_name == "王柜员" and not view.audio_only
    assert isinstance(view.remote, FrameMailbox) and isinstance(view.local, FrameMailbox)
    assert rig.signaling is not None
    assert rig.signaling.types() == ["call_request", "offer", "bye"]
    assert rig.signaling.sent[-1] == Bye(call_id=rig.signaling.sent[0].call_id, reason="hangup")  # type: ignore[union-attr]
    assert rig.call.answer == "v=0 answer" and rig.call.closed and rig.signaling.closed
    view.on_mute(True)
    assert rig.call.muted == [True]


async def test_declined_consent_calls_nobody(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers())
    ui.script("ask_video_consent", False)
    await run(ctx, rig.desk(settings))
    assert rig.signaling is None and rig.calls_made == 0


async def test_no_camera_is_explained(ctx: FlowContext, ui: ScriptedUI, settings: Settings) -> None:
    rig = Rig(teller_answers())
    await run(ctx, rig.desk(settings, camera=False))
    assert ui.screens("show_message") == [(Message.VIDEO_UNAVAILABLE, {})]


async def test_nobody_answers_in_time_then_a_call_back_is_booked(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(nobody_answers)
    ui.script("ask_video_consent", True)
    ui.script("ask_callback_phone", "12345", "13812345678")
    await run(ctx, rig.desk(settings))
    assert ui.screens("ask_callback_phone") == [Message.VIDEO_NO_TELLER, Message.PHONE_MALFORMED]
    assert rig.callbacks == [("13812345678", "zh_CN", "video_no_teller")]
    assert ui.screens("show_message") == [(Message.VIDEO_CALLBACK_BOOKED, {"phone": "138****5678"})]
    assert rig.signaling is not None and rig.signaling.types() == ["call_request", "bye"]
    assert rig.calls_made == 0


async def test_no_call_back_wanted(ctx: FlowContext, ui: ScriptedUI, settings: Settings) -> None:
    rig = Rig(nobody_answers)
    ui.script("ask_video_consent", True)
    ui.script("ask_callback_phone", GoBack())
    await run(ctx, rig.desk(settings))
    assert rig.callbacks == [] and ui.screens("show_message") == []


async def test_service_unreachable_offers_a_call_back(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers(), fail_connect=True)
    ui.script("ask_video_consent", True)
    ui.script("ask_callback_phone", GoBack())
    await run(ctx, rig.desk(settings))
    assert ui.screens("ask_callback_phone") == [Message.VIDEO_CONNECTION_FAILED]


async def test_media_that_never_connects_offers_a_call_back(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers(), FakeCall(media=False, state="failed"))
    ui.script("ask_video_consent", True)
    ui.script("ask_callback_phone", GoBack())
    await run(ctx, rig.desk(settings))
    assert ui.screens("ask_callback_phone") == [Message.VIDEO_CONNECTION_FAILED]
    assert rig.call.closed
    assert rig.signaling is not None and rig.signaling.types()[-1] == "bye"


async def test_connected_without_video_is_an_audio_call(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers(), FakeCall(media=False, state="connected"))
    ui.script("ask_video_consent", True)
    ui.script("show_video_call", After(5, None))
    await run(ctx, rig.desk(settings))
    assert ui.screens("show_video_call")[0].audio_only


async def test_video_that_stops_falls_back_to_audio_only(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings, clock: Any
) -> None:
    rig = Rig(teller_answers())
    ui.script("ask_video_consent", True)

    ui.script("show_video_call", lambda view: _stall(rig), After(10, None))
    await run(ctx, rig.desk(settings))
    views = ui.screens("show_video_call")
    assert [v.audio_only for v in views] == [False, True]
    assert rig.signaling is not None and rig.signaling.sent[-1].reason == "hangup"  # type: ignore[union-attr]


async def _stall(rig: Rig) -> None:
    rig.call.stalled = True
    await asyncio.get_running_loop().create_future()  # replaced by the audio-only screen


async def test_teller_hangs_up(ctx: FlowContext, ui: ScriptedUI, settings: Settings) -> None:
    rig = Rig(teller_answers())
    ui.script("ask_video_consent", True)

    async def teller_leaves(view: VideoCallView) -> None:
        assert rig.signaling is not None
        call_id = rig.signaling.sent[0].call_id  # type: ignore[union-attr]
        rig.signaling.deliver(Bye(call_id=call_id, reason="hangup"))
        await asyncio.get_running_loop().create_future()

    ui.script("show_video_call", teller_leaves)
    await run(ctx, rig.desk(settings))
    assert ui.screens("show_message") == [(Message.VIDEO_ENDED_BY_TELLER, {})]
    assert rig.call.closed and "show_video_call" in ui.cancelled


async def test_customer_cancels_while_waiting(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(nobody_answers)
    ui.script("ask_video_consent", True)
    # The first screen is replaced when the queue position comes; Cancel is pressed on that one.
    ui.script("show_video_waiting", HANG, After(20, CancelSession()))
    with pytest.raises(CancelSession):
        await run(ctx, rig.desk(settings))
    assert rig.signaling is not None
    assert rig.signaling.types() == ["call_request", "bye"]
    assert rig.signaling.sent[-1].reason == "cancelled"  # type: ignore[union-attr]
    assert rig.signaling.closed and rig.calls_made == 0


async def test_service_dropping_mid_call_offers_a_call_back(
    ctx: FlowContext, ui: ScriptedUI, settings: Settings
) -> None:
    rig = Rig(teller_answers())
    ui.script("ask_video_consent", True)

    async def connection_drops(view: VideoCallView) -> None:
        assert rig.signaling is not None
        rig.signaling.deliver(SignalingClosed("gone"))
        await asyncio.get_running_loop().create_future()

    ui.script("show_video_call", connection_drops)
    ui.script("ask_callback_phone", GoBack())
    await run(ctx, rig.desk(settings))
    assert ui.screens("ask_callback_phone") == [Message.VIDEO_CONNECTION_FAILED]
    assert rig.call.closed
