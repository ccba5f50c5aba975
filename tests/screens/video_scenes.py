"""Deterministic contents of the video-teller screens: synthetic pictures in the mailboxes, a
fixed call clock. Used by the video screenshot tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kiosk.flows.ports import IdleInfo, Message
from kiosk.flows.video_ports import FrameMailbox, Picture, VideoCallView, VideoWaiting
from screens.main_window import MainWindow
from screens.widgets.video_view import VideoView

CALL_STARTED_AT = 1000.0
CALL_NOW = CALL_STARTED_AT + 83.4  # "01:23"


def synthetic_picture(width: int, height: int, seq: int, tint: tuple[int, int, int]) -> Picture:
    """A still, recognisable frame: a vertical gradient, a head and shoulders, and `seq` marked
    as a row of blocks along the bottom (so two pictures of different seq differ)."""
    rows = np.linspace(0.35, 1.0, height, dtype=np.float32)[:, None, None]
    frame = (rows * np.array(tint, dtype=np.float32)[None, None, :]).astype(np.uint8)
    frame = np.repeat(frame, width, axis=1)
    yy, xx = np.mgrid[0:height, 0:width]
    head = (xx - width / 2) ** 2 + (yy - height * 0.38) ** 2 < (height * 0.14) ** 2
    body = ((xx - width / 2) / (width * 0.28)) ** 2 + ((yy - height) / (height * 0.4)) ** 2 < 1
    frame[head | body] = (236, 222, 205)
    block = max(4, width // 32)
    for bit in range(16):
        if seq >> bit & 1:
            frame[height - block :, bit * block : (bit + 1) * block] = (255, 255, 255)
    return Picture(width=width, height=height, rgb=frame.tobytes(), seq=seq, at=0.0)


def _paint_now(view: VideoView) -> None:
    view.poll()
    view.repaint()


def call_view(audio_only: bool = False, muted: bool = False) -> VideoCallView:
    """A call with a teller picture (640x480) and a customer picture (320x240) in the mailboxes."""
    remote, local = FrameMailbox(), FrameMailbox()
    remote.put(synthetic_picture(640, 480, 7, (40, 110, 170)))
    local.put(synthetic_picture(320, 240, 5, (150, 120, 60)))
    return VideoCallView(
        teller_name="王芳 Wang Fang",
        remote=remote,
        local=local,
        started_at=CALL_STARTED_AT,
        audio_only=audio_only,
        muted=muted,
    )


def _call(window: MainWindow, view: VideoCallView) -> None:
    window.video_call.set_monotonic(lambda: CALL_NOW)
    window.video_call.set_view(view)
    window.show_screen("video_call")
    window.video_call.stop_clock()
    _paint_now(window.video_call.remote)
    _paint_now(window.video_call.local)


def idle_with_video(window: MainWindow, info: IdleInfo) -> None:
    """The idle screen with the video-teller button."""
    from dataclasses import replace

    window.idle.set_info(replace(info, video_available=True), window.idle.language())
    window.show_screen("idle")


def consent(window: MainWindow) -> None:
    """Consent to the recorded call."""
    window.show_screen("video_consent")


def waiting(window: MainWindow) -> None:
    """Third in the queue, about 4 minutes."""
    window.video_waiting.set_waiting(VideoWaiting(position=3, estimated_wait_s=220))
    window.show_screen("video_waiting")


def call(window: MainWindow) -> None:
    """In the call: teller large, customer small, 01:23."""
    _call(window, call_view())


def call_audio_only(window: MainWindow) -> None:
    """The teller's video stopped: banner and placeholder, muted."""
    _call(window, call_view(audio_only=True, muted=True))


def callback_phone(window: MainWindow) -> None:
    """A number being typed, after a malformed one."""
    window.callback_phone.set_error(Message.PHONE_MALFORMED)
    window.callback_phone.keypad.set_text("1381234567")
    window.show_screen("callback_phone")


def callback_booked(window: MainWindow) -> None:
    """The call back is booked."""
    window.message.set_message(Message.VIDEO_CALLBACK_BOOKED, {"phone": "138****5678"})
    window.show_screen("message")


VIDEO_SCENES: dict[str, Callable[[MainWindow], None]] = {
    "video_consent": consent,
    "video_waiting": waiting,
    "video_call": call,
    "video_call_audio_only": call_audio_only,
    "callback_phone": callback_phone,
    "video_callback_booked": callback_booked,
}
