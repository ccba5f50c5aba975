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
import json
import logging
import re
import time
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

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
from kiosk.vtm.signaling import (
    Answer,
    Bye,
    Incoming,
    Offer,
    Ready,
    Register,
    SignalMessage,
)
from kiosk.vtm.stamp import draw_stamp

log = logging.getLogger(__name__)
RECONNECT_S = 2.0
COMMAND_TIMEOUT_S = 30.0  # no result or refusal by then: the bot gives up on it and goes on
CHANNEL_WAIT_S = 10.0  # the data channel opens once DTLS and SCTP are up, after the answer


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


DEAD_PORT = 9  # "discard": nothing listens on it on loopback


def unreachable(sdp: str) -> str:
    """The SDP with every ICE candidate's port replaced by one where nobody listens."""

    def dead(match: re.Match[str]) -> str:
        return f"{match.group(1)}{DEAD_PORT}{match.group(3)}"

    return CANDIDATE_PORT.sub(dead, sdp)


# a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ ...
CANDIDATE_PORT = re.compile(r"^(a=candidate:\S+ \d+ \S+ \d+ \S+ )(\d+)( typ .*)$", re.MULTILINE)


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
