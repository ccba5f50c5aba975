"""The teller's side of one call, for the teller bot: the synthetic video (frame counter,
wall time and the latency stamp strip), the bot's end of the "control" data channel (commands
out, every reply kept), the peer connection that answers the terminal's offer, and an SDP made
unreachable for ICE-failure tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from datetime import datetime
from typing import Any

import cv2
import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamError
from av import VideoFrame

from kiosk.vtm.media import VIDEO_CLOCK_RATE, MicrophoneTrack, Pacer, Progress
from kiosk.vtm.stamp import draw_stamp

log = logging.getLogger(__name__)

COMMAND_TIMEOUT_S = 30.0  # no result or refusal by then: the bot gives up on it and goes on
CHANNEL_WAIT_S = 10.0  # the data channel opens once DTLS and SCTP are up, after the answer


DEAD_PORT = 9  # "discard": nothing listens on it on loopback


def unreachable(sdp: str) -> str:
    """The SDP with every ICE candidate's port replaced by one where nobody listens."""

    def dead(match: re.Match[str]) -> str:
        return f"{match.group(1)}{DEAD_PORT}{match.group(3)}"

    return CANDIDATE_PORT.sub(dead, sdp)


# a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ ...
CANDIDATE_PORT = re.compile(r"^(a=candidate:\S+ \d+ \S+ \d+ \S+ )(\d+)( typ .*)$", re.MULTILINE)


class SyntheticVideoTrack(VideoStreamTrack):
    """640x480 test picture: moving bars, the frame counter, the wall time and the stamp strip."""

    def __init__(self, width: int = 640, height: int = 480, fps: int = 30) -> None:
        super().__init__()
        self._width, self._height = width, height
        self._pacer = Pacer(VIDEO_CLOCK_RATE, VIDEO_CLOCK_RATE // fps)
        gradient = np.linspace(40, 200, width, dtype=np.float32)
        self._base = np.repeat(gradient[None, :], height, axis=0).astype(np.uint8)
        self._running = asyncio.Event()
        self._running.set()
        self.frames_sent = 0

    def pause(self) -> None:
        """Send nothing more (recv blocks): the receiver sees the video stop."""
        self._running.clear()

    async def recv(self) -> VideoFrame:
        """The next picture, when it is due."""
        await self._running.wait()
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        count = self.frames_sent + 1
        now_ms = int(time.time() * 1000)
        shift = (count * 4) % self._width
        grey = np.roll(self._base, shift, axis=1)
        bgr = np.stack([grey, 255 - grey, grey // 2 + 64], axis=2)
        text = f"#{count} {datetime.fromtimestamp(now_ms / 1000):%H:%M:%S}.{now_ms % 1000:03d}"
        cv2.putText(bgr, text, (20, self._height - 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 5)
        cv2.putText(bgr, text, (20, self._height - 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
        draw_stamp(bgr, now_ms)
        frame = VideoFrame.from_ndarray(bgr, format="bgr24")
        frame.pts = pts
        frame.time_base = self._pacer.time_base
        self.frames_sent = count
        return frame


class TellerControl:
    """The teller's end of the call's "control" data channel: sends commands one at a time and
    keeps every reply as received (an unreadable one as {"raw": text})."""

    def __init__(self) -> None:
        self.channel: Any = None  # aiortc's RTCDataChannel, once the terminal's arrives
        self.opened = asyncio.Event()
        self.replies: list[dict[str, Any]] = []
        self.commands_sent = 0
        self.unanswered: list[str] = []  # ids (or "-") given up on after COMMAND_TIMEOUT_S
        self._inbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def attach(self, channel: Any) -> None:
        """aiortc's "datachannel" event: only the terminal's "control" channel is ours."""
        if channel.label != "control":
            log.warning("teller bot: ignoring data channel %r", channel.label)
            return
        self.channel = channel
        channel.on("message", self._on_message)
        channel.on("close", lambda: self._inbox.put_nowait(None))
        self.opened.set()

    def _on_message(self, data: str | bytes) -> None:
        try:
            reply = json.loads(data)
        except ValueError:
            reply = None
        if not isinstance(reply, dict):
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            reply = {"raw": text}
        self.replies.append(reply)
        self._inbox.put_nowait(reply)

    async def run(self, commands: tuple[dict[str, Any] | str, ...], gap_s: float) -> None:
        """Send `commands` in order, each after the previous one's result or refusal (or
        COMMAND_TIMEOUT_S), `gap_s` apart; stops when the channel closes."""
        await asyncio.sleep(gap_s)
        try:
            await asyncio.wait_for(self.opened.wait(), CHANNEL_WAIT_S)
        except TimeoutError:
            log.warning("teller bot: no control channel from the terminal; commands not sent")
            self.unanswered.extend("-" for _ in commands)
            return
        number = 0
        for index, command in enumerate(commands):
            if index:
                await asyncio.sleep(gap_s)
            if isinstance(command, str):
                text, expected = command, _id_in(command)
            else:
                number += 1
                body = {"id": f"c-{number}", **command}
                text, expected = json.dumps(body, ensure_ascii=False), body["id"]
            if self.channel.readyState != "open":
                log.info("teller bot: control channel closed; %d commands left", len(commands))
                return
            self.channel.send(text)
            self.commands_sent += 1
            if not await self._answered(expected, raw=isinstance(command, str)):
                if self.channel.readyState != "open":
                    return
                log.warning("teller bot: no answer to command %s", expected or "-")
                self.unanswered.append(str(expected or "-"))

    async def _answered(self, expected: Any, raw: bool) -> bool:
        """Wait for the reply that ends command `expected`: its result or refusal. A raw string
        may be refused before its id could be read: a refusal without id ends it too."""
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT_S):
                while (reply := await self._inbox.get()) is not None:
                    if reply.get("type") not in ("result", "refused"):
                        continue
                    if reply.get("id") == expected or (raw and reply.get("id") is None):
                        return True
        except TimeoutError:
            return False
        return False


def _id_in(text: str) -> Any:
    """The id a raw command carries, if it is a JSON object with one."""
    try:
        body = json.loads(text)
    except ValueError:
        return None
    return body.get("id") if isinstance(body, dict) else None


class TellerPeer:
    """The teller's side of one call's media: answers an offer, sends its tracks, counts what
    the terminal sends."""

    def __init__(self, ice_servers: list[str] | None = None) -> None:
        servers = [RTCIceServer(urls=url) for url in ice_servers or []]
        self._pc = RTCPeerConnection(RTCConfiguration(iceServers=servers))
        self.video = SyntheticVideoTrack()
        self.audio = MicrophoneTrack()
        self._tasks: set[asyncio.Task[None]] = set()
        self.frames_received = 0
        self.audio_frames_received = 0
        self.last_brightness: float | None = None  # mean grey level of the terminal's last frame
        self.progress = Progress()  # notified at every frame received
        self.control = TellerControl()
        self._pc.on("track", self._on_track)
        self._pc.on("datachannel", self.control.attach)

    @property
    def frames_sent(self) -> int:
        """Video frames sent so far."""
        return self.video.frames_sent

    async def answer(self, offer_sdp: str) -> str:
        """The complete answer SDP to the terminal's offer."""
        await self._pc.setRemoteDescription(RTCSessionDescription(sdp=offer_sdp, type="offer"))
        for transceiver in self._pc.getTransceivers():
            track = self.video if transceiver.kind == "video" else self.audio
            transceiver.sender.replaceTrack(track)
            transceiver.direction = "sendrecv"
        await self._pc.setLocalDescription(await self._pc.createAnswer())
        return str(self._pc.localDescription.sdp)

    def stop_video(self) -> None:
        """The teller's camera stops; the call goes on with voice."""
        self.video.pause()

    async def close(self) -> None:
        """Stop tracks, receive tasks and the connection; safe to call twice."""
        for task in self._tasks:
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.video.stop()
        self.audio.stop()
        await self._pc.close()

    def _on_track(self, track: MediaStreamTrack) -> None:
        task = asyncio.get_running_loop().create_task(self._consume(track))
        self._tasks.add(task)

    async def _consume(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                self.progress.notify()
                if not isinstance(frame, VideoFrame):
                    self.audio_frames_received += 1
                    continue
                self.frames_received += 1
                if self.frames_received % 10 == 1:  # a sample is proof enough, and cheap
                    grey = frame.to_ndarray(format="gray")
                    self.last_brightness = float(grey.mean())
