"""The terminal's outgoing media: its camera as a WebRTC video track, and a microphone track.

aiortc pulls frames by awaiting `recv()` on each track; both tracks pace themselves on the
monotonic clock so the encoder gets exactly `fps` frames (or 50 audio frames) a second whatever
the camera delivers: a slow camera repeats its last frame, a fast one has frames skipped.
"""

from __future__ import annotations

import asyncio
import fractions
import time
from collections.abc import Callable
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt
from aiortc import MediaStreamTrack, VideoStreamTrack
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame, VideoFrame

from kiosk.flows.video_ports import FrameMailbox, Picture

VIDEO_CLOCK_RATE = 90_000
AUDIO_RATE = 48_000
AUDIO_PTIME_S = 0.020  # one Opus frame
AUDIO_SAMPLES = int(AUDIO_RATE * AUDIO_PTIME_S)
TONE_HZ = 1_000
TONE_AMPLITUDE = 600  # of 32767: a quiet tone, audible on a headset, not in the hall

BgrImage = npt.NDArray[np.uint8]


class CameraFrameLike(Protocol):
    """What the track reads of a `drivers.interfaces.CameraFrame`."""

    @property
    def bgr(self) -> BgrImage: ...

    @property
    def seq(self) -> int: ...

    @property
    def at(self) -> float: ...


class CameraFeed(Protocol):
    """What the track needs of a `drivers.interfaces.Camera`: the latest frame, no I/O."""

    def latest_frame(self) -> CameraFrameLike | None: ...


class Pacer:
    """Media timestamps at a fixed rate, waiting until each one is due."""

    def __init__(self, clock_rate: int, step: int) -> None:
        self.clock_rate = clock_rate
        self.step = step
        self.time_base = fractions.Fraction(1, clock_rate)
        self._start: float | None = None
        self._timestamp = 0

    async def next(self) -> int:
        """The next timestamp, once it is due (the first one at once)."""
        if self._start is None:
            self._start = time.monotonic()
            return 0
        self._timestamp += self.step
        wait = self._start + self._timestamp / self.clock_rate - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        elif wait < -0.5:
            # Far behind (the loop was blocked): restart the schedule rather than burst frames.
            self._start = time.monotonic() - self._timestamp / self.clock_rate
        return self._timestamp


class Progress:
    """Wakes waiters whenever something was received, so they re-check their condition instead
    of polling on a timer."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Something changed."""
        self._event.set()

    async def wait(self, predicate: Callable[[], bool], timeout_s: float) -> bool:
        """Until `predicate()` holds (True) or `timeout_s` passes (False)."""
        try:
            async with asyncio.timeout(timeout_s):
                while not predicate():
                    self._event.clear()
                    await self._event.wait()
        except TimeoutError:
            return predicate()
        return True


def bgr_to_picture(bgr: BgrImage, seq: int, at: float) -> Picture:
    """A screen `Picture` of a BGR frame."""
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    return Picture(width=width, height=height, rgb=rgb.tobytes(), seq=seq, at=at)


class CameraVideoTrack(VideoStreamTrack):
    """The customer's camera, scaled to the call's size, at the call's frame rate.

    Each new camera frame also goes to the `local` mailbox for the self-view; until the camera
    has a frame the track sends a dark frame, so the call starts without waiting for it.
    """

    def __init__(
        self, camera: CameraFeed | None, local: FrameMailbox, width: int, height: int, fps: int
    ) -> None:
        super().__init__()
        self._camera = camera
        self._local = local
        self._size = (width, height)
        self._pacer = Pacer(VIDEO_CLOCK_RATE, VIDEO_CLOCK_RATE // fps)
        self._dark = np.full((height, width, 3), 16, dtype=np.uint8)
        self._last_seq = -1
        self._last: BgrImage = self._dark
        self.frames_sent = 0

    async def recv(self) -> VideoFrame:
        """The next frame, when it is due."""
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        frame = self._camera.latest_frame() if self._camera is not None else None
        if frame is not None and frame.seq != self._last_seq:
            self._last_seq = frame.seq
            bgr = frame.bgr
            if (bgr.shape[1], bgr.shape[0]) != self._size:
                bgr = cv2.resize(bgr, self._size, interpolation=cv2.INTER_AREA).astype(np.uint8)
            self._last = bgr
            self._local.put(bgr_to_picture(bgr, frame.seq, frame.at))
        video = VideoFrame.from_ndarray(self._last, format="bgr24")
        video.pts = pts
        video.time_base = self._pacer.time_base
        self.frames_sent += 1
        return video


def _tone() -> bytes:
    # 20 ms at 48 kHz hold exactly 20 periods of 1 kHz: one buffer repeats without a click.
    t = np.arange(AUDIO_SAMPLES, dtype=np.float64) / AUDIO_RATE
    return (np.sin(2 * np.pi * TONE_HZ * t) * TONE_AMPLITUDE).astype("<i2").tobytes()


class MicrophoneTrack(MediaStreamTrack):
    """The terminal's voice: a quiet 1 kHz tone (the kiosk has no microphone in CI), or silence
    while `muted`. 20 ms mono frames at 48 kHz, as Opus wants them."""

    kind = "audio"

    def __init__(self, tone: bool = True) -> None:
        super().__init__()
        self.muted = False
        self._sound = _tone() if tone else bytes(AUDIO_SAMPLES * 2)
        self._silence = bytes(AUDIO_SAMPLES * 2)
        self._pacer = Pacer(AUDIO_RATE, AUDIO_SAMPLES)

    async def recv(self) -> AudioFrame:
        """The next 20 ms, when they are due."""
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        frame = AudioFrame(format="s16", layout="mono", samples=AUDIO_SAMPLES)
        frame.planes[0].update(self._silence if self.muted else self._sound)
        frame.pts = pts
        frame.sample_rate = AUDIO_RATE
        frame.time_base = self._pacer.time_base
        return frame
