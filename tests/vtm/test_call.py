"""The terminal's VideoCall against the teller bot's media peer, on loopback: media both ways,
the fallbacks' signals (video stalls), mute, and a clean close."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import numpy as np
import pytest

from kiosk.clock import SystemClock
from kiosk.config import VtmSettings
from kiosk.flows.video_ports import FrameMailbox
from kiosk.vtm.call import VideoCall
from kiosk.vtm.stamp import read_stamp
from simulators.teller_peer import TellerPeer

pytestmark = pytest.mark.timeout(30)


@dataclass(frozen=True)
class FakeFrame:
    bgr: np.ndarray
    seq: int
    at: float


class FakeCamera:
    """A bright 320x240 picture, a new frame at every look (the capture thread's job)."""

    def __init__(self) -> None:
        self.seq = 0
        self.looks = 0

    def latest_frame(self) -> FakeFrame:
        self.looks += 1
        self.seq += 1
        bgr = np.full((240, 320, 3), 190, dtype=np.uint8)
        bgr[:, : self.seq % 320] = 230
        return FakeFrame(bgr, self.seq, time.monotonic())


async def connect(call: VideoCall, peer: TellerPeer) -> None:
    offer = await call.make_offer()
    assert "VP8" in offer and "opus" in offer and "webrtc-datachannel" in offer
    await call.accept_answer(await peer.answer(offer))


def first_video_codec(sdp: str) -> str:
    """The codec named by the first payload type of the m=video line."""
    lines = sdp.splitlines()
    m_video = next(line for line in lines if line.startswith("m=video"))
    payload_type = m_video.split()[3]
    rtpmap = next(line for line in lines if line.startswith(f"a=rtpmap:{payload_type} "))
    return rtpmap.split()[1].split("/")[0]


async def test_media_flows_both_ways_on_loopback() -> None:
    remote, local = FrameMailbox(), FrameMailbox()
    camera = FakeCamera()
    call = VideoCall(VtmSettings(), camera, remote, local, SystemClock())
    peer = TellerPeer()
    try:
        offer = await call.make_offer()
        assert first_video_codec(offer) == "VP8"
        assert "a=candidate" in offer  # complete SDP: no trickle ICE
        await call.accept_answer(await peer.answer(offer))
        assert await call.wait_media(5.0)
        assert call.first_remote_frame_s is not None and call.first_remote_frame_s < 2.0
        assert call.connection_state == "connected"

        first = remote.take_new()
        assert first is not None and (first.width, first.height) == (640, 480)
        assert len(first.rgb) == 640 * 480 * 3
        # Later pictures carry a higher seq; wait on the call's own counter, not on time.
        assert await call.progress.wait(lambda: call.remote_frames >= first.seq + 5, 5.0)
        later = remote.take_new()
        assert later is not None and later.seq > first.seq

        rgb = np.frombuffer(later.rgb, dtype=np.uint8).reshape(480, 640, 3)
        stamp = read_stamp(rgb)
        assert stamp is not None
        assert 0 <= time.time() * 1000 - stamp < 2000
        assert call.last_glass_to_glass_ms is not None and 0 <= call.last_glass_to_glass_ms < 2000

        # The self-view shows the camera at the call's size; the teller sees real frames.
        own = local.peek()
        assert own is not None and (own.width, own.height) == (640, 480)
        assert await peer.progress.wait(lambda: peer.frames_received >= 10, 5.0)
        # The teller samples every tenth frame; wait for a sample of the camera, not the dark frame.
        assert await peer.progress.wait(lambda: (peer.last_brightness or 0) > 150, 5.0)
        assert await call.progress.wait(lambda: call.remote_audio_frames > 0, 5.0)
        assert not call.video_stalled()
    finally:
        await call.close()
        await peer.close()
    assert call.running_tasks == 0
    assert call.connection_state == "closed"


async def test_teller_video_stopping_makes_the_call_stall() -> None:
    settings = VtmSettings(frames_stop_s=0.4)
    call = VideoCall(settings, FakeCamera(), FrameMailbox(), FrameMailbox(), SystemClock())
    peer = TellerPeer()
    try:
        await connect(call, peer)
        assert await call.wait_media(5.0)
        assert not call.video_stalled()
        peer.stop_video()
        assert await call.wait_video_stalled(5.0)
        assert call.video_stalled()
        # Voice goes on: audio frames keep arriving after the video stopped.
        heard = call.remote_audio_frames
        assert await call.progress.wait(lambda: call.remote_audio_frames > heard + 5, 5.0)
    finally:
        await call.close()
        await peer.close()


async def test_no_answer_means_no_media_and_stalled_after_the_offer() -> None:
    settings = VtmSettings(frames_stop_s=0.2)
    call = VideoCall(settings, None, FrameMailbox(), FrameMailbox(), SystemClock())
    assert not call.video_stalled()  # no offer yet: nothing to judge
    await call.make_offer()
    assert not await call.wait_media(0.3)
    assert call.first_remote_frame_s is None
    assert call.video_stalled()
    await call.close()


async def test_without_camera_a_dark_frame_is_sent() -> None:
    call = VideoCall(VtmSettings(), None, FrameMailbox(), FrameMailbox(), SystemClock())
    peer = TellerPeer()
    try:
        await connect(call, peer)
        assert await call.wait_media(5.0)
        assert await peer.progress.wait(lambda: peer.last_brightness is not None, 5.0)
        assert peer.last_brightness is not None and peer.last_brightness < 40
    finally:
        await call.close()
        await peer.close()


async def test_mute_sends_silence() -> None:
    call = VideoCall(VtmSettings(), None, FrameMailbox(), FrameMailbox(), SystemClock())
    audio = call._audio  # the track aiortc reads
    loud = await audio.recv()
    call.set_muted(True)
    quiet = await audio.recv()
    call.set_muted(False)
    again = await audio.recv()
    assert np.abs(loud.to_ndarray()).max() > 100
    assert np.abs(quiet.to_ndarray()).max() == 0
    assert np.abs(again.to_ndarray()).max() > 100
    assert (loud.samples, loud.sample_rate) == (960, 48000)
    assert loud.pts is not None and quiet.pts == loud.pts + 960
    await call.close()


async def test_close_is_idempotent_and_leaves_no_task() -> None:
    camera = FakeCamera()
    call = VideoCall(VtmSettings(), camera, FrameMailbox(), FrameMailbox(), SystemClock())
    peer = TellerPeer()
    await connect(call, peer)
    assert await call.wait_media(5.0)
    await peer.close()  # the teller hangs up first
    await call.close()
    await call.close()
    assert call.running_tasks == 0
    looks = camera.looks
    # The camera is not read any more once closed: the video track is stopped.
    assert call._video.readyState == "ended"
    assert camera.looks == looks
    leftover = [t for t in asyncio.all_tasks() if t.get_name().startswith("vtm-") and not t.done()]
    assert leftover == []
