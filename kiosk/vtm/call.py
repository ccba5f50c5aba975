"""The terminal's side of a video call: one aiortc peer connection, its tracks and what it received.

The flow drives it: `make_offer()` → (signaling) → `accept_answer()` → `wait_media()`; it watches
`video_stalled()` / `wait_video_stalled()` to fall back to audio only, and always `close()`s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any, cast

import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpSender,
    RTCRtpTransceiver,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError
from av import VideoFrame

from kiosk.clock import Clock
from kiosk.config import VtmSettings
from kiosk.flows.video_ports import FrameMailbox, Picture
from kiosk.vtm.control import ControlChannel, DataChannelLike
from kiosk.vtm.media import CameraFeed, CameraVideoTrack, MicrophoneTrack, Progress
from kiosk.vtm.stamp import read_stamp

log = logging.getLogger(__name__)

CONVERT_IN_THREAD_ABOVE_S = 0.005  # a frame's conversion slower than this leaves the loop


def _prefer(transceiver: RTCRtpTransceiver, kind: str, mime_type: str) -> None:
    codecs = RTCRtpSender.getCapabilities(kind).codecs
    first = [c for c in codecs if c.mimeType.lower() == mime_type.lower()]
    transceiver.setCodecPreferences(first + [c for c in codecs if c not in first])


def _to_rgb(frame: VideoFrame) -> np.ndarray[Any, np.dtype[np.uint8]]:
    rgb: np.ndarray[Any, np.dtype[np.uint8]] = frame.to_ndarray(format="rgb24")  # type: ignore[assignment]
    return rgb


class VideoCall:
    """One WebRTC call from the terminal: camera and microphone out, the teller's media in."""

    def __init__(
        self,
        settings: VtmSettings,
        camera: CameraFeed | None,
        remote: FrameMailbox,
        local: FrameMailbox,
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._remote = remote
        self._clock = clock
        servers = [RTCIceServer(urls=url) for url in settings.ice_servers]
        self._pc = RTCPeerConnection(RTCConfiguration(iceServers=servers))
        # Created before the offer so that the SDP carries the SCTP section for teller commands.
        self.control = self._pc.createDataChannel("control")
        self._video = CameraVideoTrack(
            camera, local, settings.video_width, settings.video_height, settings.video_fps
        )
        self._audio = MicrophoneTrack()
        self._tasks: set[asyncio.Task[None]] = set()
        self._media = asyncio.Event()
        self._offer_at: float | None = None
        self._last_remote_at: float | None = None
        self._convert_in_thread = False
        self._closed = False
        self.first_remote_frame_s: float | None = None
        self.remote_frames = 0
        self.remote_audio_frames = 0
        self.last_glass_to_glass_ms: int | None = None  # teller bot's stamp → frame received
        self.progress = Progress()  # notified at every frame received
        self._pc.on("track", self._on_track)

    @property
    def connection_state(self) -> str:
        """aiortc's connectionState: new, connecting, connected, failed or closed."""
        return str(self._pc.connectionState)

    @property
    def local_frames_sent(self) -> int:
        """Video frames handed to the encoder so far."""
        return self._video.frames_sent

    async def make_offer(self) -> str:
        """Add the local tracks, gather ICE candidates; the complete offer SDP."""
        video = self._pc.addTransceiver(self._video, direction="sendrecv")
        _prefer(video, "video", "video/VP8")
        audio = self._pc.addTransceiver(self._audio, direction="sendrecv")
        _prefer(audio, "audio", "audio/opus")
        await self._pc.setLocalDescription(await self._pc.createOffer())
        self._offer_at = self._clock.monotonic()
        return str(self._pc.localDescription.sdp)

    def open_control(self, call_id: str) -> ControlChannel:
        """The teller's commands and the terminal's replies over the "control" data channel."""
        # RTCDataChannel fits at run time; its pyee overloads and read-only readyState do not
        # match the protocol's plain signature for mypy.
        return ControlChannel(cast(DataChannelLike, self.control), call_id)

    async def accept_answer(self, sdp: str) -> None:
        """The teller's answer: ICE and DTLS start."""
        await self._pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    async def wait_media(self, timeout_s: float) -> bool:
        """True once the first remote video frame is in the mailbox, False after `timeout_s`."""
        try:
            await asyncio.wait_for(self._media.wait(), timeout_s)
        except TimeoutError:
            return False
        return True

    def video_stalled(self) -> bool:
        """No remote video frame for `frames_stop_s` (counted from the offer before the first)."""
        since = self._last_remote_at if self._last_remote_at is not None else self._offer_at
        if since is None:
            return False
        return self._clock.monotonic() - since >= self._settings.frames_stop_s

    async def wait_video_stalled(self, timeout_s: float) -> bool:
        """Wait until `video_stalled()` (True) or `timeout_s` passes (False)."""
        deadline = self._clock.monotonic() + timeout_s
        while not self.video_stalled():
            since = self._last_remote_at if self._last_remote_at is not None else self._offer_at
            now = self._clock.monotonic()
            due = (since if since is not None else now) + self._settings.frames_stop_s
            if now >= deadline:
                return False
            await self._clock.sleep(max(0.01, min(due, deadline) - now))
        return True

    def set_muted(self, muted: bool) -> None:
        """Muted: the microphone track sends silence (the stream keeps flowing)."""
        self._audio.muted = muted

    async def close(self) -> None:
        """Stop the tracks, the receive tasks and the peer connection; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._video.stop()
        self._audio.stop()
        await self._pc.close()

    @property
    def running_tasks(self) -> int:
        """Receive tasks still running (0 after close)."""
        return sum(1 for task in self._tasks if not task.done())

    def _on_track(self, track: MediaStreamTrack) -> None:
        consume = self._consume_video if track.kind == "video" else self._consume_audio
        task = asyncio.get_running_loop().create_task(consume(track), name=f"vtm-{track.kind}")
        self._tasks.add(task)

    async def _consume_audio(self, track: MediaStreamTrack) -> None:
        # The kiosk plays no sound in CI; reading keeps aiortc's jitter buffer from backing up.
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                self.remote_audio_frames += 1
                self.progress.notify()

    async def _consume_video(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                assert isinstance(frame, VideoFrame)
                rgb = await self._convert(frame)
                now = self._clock.monotonic()
                self.remote_frames += 1
                height, width = rgb.shape[:2]
                self._remote.put(
                    Picture(width, height, rgb.tobytes(), seq=self.remote_frames, at=now)
                )
                stamp = read_stamp(rgb)
                if stamp is not None:
                    self.last_glass_to_glass_ms = int(time.time() * 1000) - stamp
                self._last_remote_at = now
                if self.first_remote_frame_s is None and self._offer_at is not None:
                    self.first_remote_frame_s = now - self._offer_at
                self._media.set()
                self.progress.notify()

    async def _convert(self, frame: VideoFrame) -> np.ndarray[Any, np.dtype[np.uint8]]:
        if self._convert_in_thread:
            return await asyncio.to_thread(_to_rgb, frame)
        started = time.perf_counter()
        rgb = _to_rgb(frame)
        if time.perf_counter() - started > CONVERT_IN_THREAD_ABOVE_S:
            log.info("video conversion is slow on this machine: done in a worker thread")
            self._convert_in_thread = True
        return rgb
