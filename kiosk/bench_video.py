"""`kiosk bench` figures of issue 4: a 640x480@30 video call with the teller bot, through the real
call screen (offscreen Qt), the real VideoCall (aiortc, VP8 + Opus) and the camera driver reading
the MJPEG camera simulator.

The teller bot and the camera simulator run in the simulators' process, so the CPU figure is the
terminal's alone. Figures:
- set-up: `accept_answer` called (the teller's answer) → the first remote picture drawn by the
  call screen's VideoView; median over `calls` calls;
- CPU: the terminal process's CPU time (every thread) over a steady window of the call, divided
  by the window's wall time: a share of one core;
- glass-to-glass latency from the stamp in the bot's frames (kiosk/vtm/stamp.py): to the frame
  received (VideoCall's per-frame figure) and to the picture drawn on screen; median and p95;
- the longest GUI-thread stall: the largest lateness of a 5 ms QTimer's ticks;
- frames: drawn per second on the call screen, received, dropped by the mailbox, sent by the
  terminal, and received by the bot (its own count, GET /teller_bot).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.bench_video_meters import (
    GcPauses,
    GuiStallMeter,
    children_cpu_seconds,
    cpu_seconds,
    machine_busy_seconds,
    percentile,
    thread_cpu_seconds,
    thread_shares,
)
from kiosk.clock import Clock
from kiosk.config import Settings, VtmSettings
from kiosk.flows.video_ports import FrameMailbox, Picture
from kiosk.tour.journeys import TourContext
from kiosk.tour.video_journeys import ask_for_a_teller
from kiosk.vtm.call import VideoCall
from kiosk.vtm.media import CameraFeed

CALLS = 5
WINDOW_S = 10.0
WARM_UP_S = 1.0  # after the first picture: the encoder's and jitter buffer's start is not steady
TARGETS = {
    "setup_s": 1.0,
    "cpu_share_of_one_core": 0.5,
    "latency_to_screen_p95_ms": 150.0,
    "gui_longest_stall_ms": 30.0,
}
BOT_SCRIPT = {"answer_delay_s": 0.0, "talk_s": 600.0}  # answers at once, never hangs up first


@dataclass
class CallProbe:
    """What one call's instruments saw; the bench reads it, the call and the view fill it."""

    answered_at: float | None = None  # perf_counter when accept_answer was called
    first_shown_at: float | None = None
    shown: asyncio.Event = field(default_factory=asyncio.Event)
    remote: FrameMailbox | None = None
    call: VideoCall | None = None
    stamps: dict[int, int] = field(default_factory=dict)  # picture seq → the bot's stamp, ms
    to_receive_ms: list[int] = field(default_factory=list)
    to_screen_ms: list[int] = field(default_factory=list)
    recording: bool = False

    def on_stamp(self, seq: int, latency_ms: int) -> None:
        """A frame `seq` was received with a readable stamp `latency_ms` old."""
        self.stamps[seq] = int(time.time() * 1000) - latency_ms
        if self.recording:
            self.to_receive_ms.append(latency_ms)

    def on_shown(self, picture: Picture) -> None:
        """The call screen drew `picture`."""
        if self.answered_at is not None and self.first_shown_at is None:
            self.first_shown_at = time.perf_counter()
            self.shown.set()
        stamp = self.stamps.pop(picture.seq, None)
        if self.recording and stamp is not None:
            self.to_screen_ms.append(int(time.time() * 1000) - stamp)
        for seq in [s for s in self.stamps if s < picture.seq]:
            del self.stamps[seq]  # skipped by the mailbox: never shown


class MeasuredCall(VideoCall):
    """The product's VideoCall, unchanged, with the bench's probe on two of its seams: the
    teller's answer, and every stamp read (`last_glass_to_glass_ms` is set once per frame)."""

    def __init__(
        self,
        settings: VtmSettings,
        camera: CameraFeed | None,
        remote: FrameMailbox,
        local: FrameMailbox,
        clock: Clock,
        probe: CallProbe,
    ) -> None:
        self._probe = probe
        self._g2g_ms: int | None = None
        super().__init__(settings, camera, remote, local, clock)

    @property
    def last_glass_to_glass_ms(self) -> int | None:
        """The last frame's stamp age when received (as VideoCall)."""
        return self._g2g_ms

    @last_glass_to_glass_ms.setter
    def last_glass_to_glass_ms(self, value: int | None) -> None:
        self._g2g_ms = value
        if value is not None:
            self._probe.on_stamp(self.remote_frames, value)

    async def accept_answer(self, sdp: str) -> None:
        """Stamp the answer's arrival, then the product's accept_answer."""
        self._probe.answered_at = time.perf_counter()
        await super().accept_answer(sdp)


async def _place_call(ctx: TourContext, probe: CallProbe) -> float:
    """Idle → Video teller → consent → the first remote picture drawn; the set-up seconds."""
    await ask_for_a_teller(ctx)
    await asyncio.wait_for(probe.shown.wait(), 30)
    assert probe.answered_at is not None and probe.first_shown_at is not None
    return probe.first_shown_at - probe.answered_at


async def _end_call(ctx: TourContext) -> None:
    ctx.driver.click("btn_end_call")
    await ctx.driver.wait_screen("idle", timeout=20)


async def _steady_window(ctx: TourContext, probe: CallProbe, window_s: float) -> dict[str, Any]:
    """The figures of `window_s` seconds of the running call."""
    assert probe.call is not None and probe.remote is not None
    call, remote, view = probe.call, probe.remote, ctx.terminal.window.video_call.remote
    await asyncio.sleep(WARM_UP_S)
    bot_before = (await ctx.remote.teller_state())["frames_received"]
    meter = GuiStallMeter(over_ms=TARGETS["gui_longest_stall_ms"])
    shown0, received0, dropped0 = view.frames_shown, call.remote_frames, remote.dropped
    sent0 = call.local_frames_sent
    probe.recording = True
    gc_pauses = GcPauses()
    with meter.running(), gc_pauses.running():
        threads0, busy0 = thread_cpu_seconds(), machine_busy_seconds()
        sims0 = children_cpu_seconds()
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await asyncio.sleep(window_s)
        cpu1, wall1 = cpu_seconds(), time.perf_counter()
        threads1, busy1 = thread_cpu_seconds(), machine_busy_seconds()
        sims1 = children_cpu_seconds()
    probe.recording = False
    wall = wall1 - wall0
    bot_after = (await ctx.remote.teller_state())["frames_received"]
    return {
        "window_s": round(wall, 2),
        "remote_view_px": f"{view.width()}x{view.height()}",  # what the picture is scaled to
        "cpu_share_of_one_core": round((cpu1 - cpu0) / wall, 3),
        "cpu_share_by_thread": thread_shares(threads0, threads1, wall),
        # Everything else on the machine (the simulators' process, anything else running), in
        # cores: a busy machine explains stalls and latency the terminal did not cause.
        "machine_cores": os.cpu_count(),
        "simulators_cpu_cores": round((sims1 - sims0) / wall, 2),
        "rest_of_machine_cpu_cores": round(
            max(0.0, (busy1 - busy0) - (cpu1 - cpu0) - (sims1 - sims0)) / wall, 2
        ),
        "latency_ms": {
            "to_screen": _latency(probe.to_screen_ms),
            "to_receive": _latency(probe.to_receive_ms),
        },
        "gui_longest_stall_ms": round(meter.longest_s * 1000, 1),
        "gui_stalls_over_target": meter.stalls_over,
        "gc_pauses": gc_pauses.as_dict(),
        "frames": {
            "shown_per_s": round((view.frames_shown - shown0) / wall, 1),
            "received": call.remote_frames - received0,
            "dropped_by_mailbox": remote.dropped - dropped0,
            "sent_by_terminal": call.local_frames_sent - sent0,
            "received_by_bot": bot_after - bot_before,
        },
    }


def _latency(values: list[int]) -> dict[str, Any]:
    return {
        "median": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": float(max(values)) if values else None,
        "count": len(values),
    }


async def video_figures(
    ctx: TourContext, calls: int = CALLS, window_s: float = WINDOW_S
) -> dict[str, Any]:
    """`calls` calls with the teller bot; the last one runs a steady window of `window_s`."""
    terminal = ctx.terminal
    desk = terminal.video
    if desk is None or not desk.available():
        return {"skipped": "video calls are off ([vtm] enabled = false, or no camera)"}
    view = terminal.window.video_call.remote  # the call screen's VideoView, shown or not
    product_new_call = desk.new_call
    probe = CallProbe()

    def new_call(
        config: VtmSettings, camera: CameraFeed | None, remote: FrameMailbox, local: FrameMailbox
    ) -> MeasuredCall:
        call = MeasuredCall(config, camera, remote, local, terminal.clock, probe)
        probe.call, probe.remote = call, remote
        return call

    await ctx.remote.teller_script(BOT_SCRIPT)
    desk.new_call = new_call
    setups: list[float] = []
    window: dict[str, Any] = {}
    try:
        for i in range(calls):
            probe = CallProbe()
            view.on_shown = probe.on_shown
            setups.append(await _place_call(ctx, probe))
            if i == calls - 1:
                window = await _steady_window(ctx, probe, window_s)
            await _end_call(ctx)
    finally:
        desk.new_call = product_new_call
        view.on_shown = None
        await ctx.remote.teller_script({})
    return {
        "call": f"{desk.settings.video_width}x{desk.settings.video_height}"
        f"@{desk.settings.video_fps}, VP8 + Opus, loopback",
        "setup_s": {
            "median": round(statistics.median(setups), 3),
            "max": round(max(setups), 3),
            "runs": [round(s, 3) for s in setups],
        },
        **window,
        "targets": TARGETS,
    }


def _row(name: str, value: Any, target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    return f"  {name:<34}{value!s:>12}   {target:<14}{verdict}"


def video_table(figures: dict[str, Any]) -> str:
    """The figures as a text table, each beside its target."""
    if "skipped" in figures:
        return f"video call: skipped ({figures['skipped']})"
    setup = figures["setup_s"]["median"]
    cpu = figures["cpu_share_of_one_core"]
    screen = figures["latency_ms"]["to_screen"]
    receive = figures["latency_ms"]["to_receive"]
    stall = figures["gui_longest_stall_ms"]
    frames = figures["frames"]

    def under(value: float | None, target: float) -> bool | None:
        return None if value is None else value <= target

    lines = [
        f"video call ({figures['call']}), steady window {figures['window_s']} s:",
        _row("set-up, answer → first shown (s)", setup, "≤ 1 s", under(setup, 1.0)),
        _row("CPU, share of one core", f"{cpu:.0%}", "≤ 50 %", under(cpu, 0.5)),
        _row("glass-to-screen median (ms)", screen["median"], "", None),
        _row("glass-to-screen p95 (ms)", screen["p95"], "≤ 150 ms", under(screen["p95"], 150)),
        _row("glass-to-receive median/p95 (ms)", f"{receive['median']}/{receive['p95']}", "", None),
        _row("longest GUI stall (ms)", stall, "≤ 30 ms", under(stall, 30)),
        _row("simulators' process (cores)", figures["simulators_cpu_cores"], "", None),
        _row("rest of the machine (cores)", figures["rest_of_machine_cpu_cores"], "", None),
        _row("frames shown per second", frames["shown_per_s"], "", None),
        _row("frames received", frames["received"], "", None),
        _row("frames dropped by the mailbox", frames["dropped_by_mailbox"], "", None),
        _row("frames sent by the terminal", frames["sent_by_terminal"], "", None),
        _row("frames received by the bot", frames["received_by_bot"], "", None),
    ]
    return "\n".join(lines)


def with_free_camera_port(settings: Settings) -> Settings:
    """`settings` with the camera simulator on a free port and the camera device pointed at it
    (the config's fixed port may be taken by a running `kiosk run`)."""
    from kiosk.bench import _free_port

    port = _free_port()
    devices = {
        name: device.model_copy(update={"url": f"http://127.0.0.1:{port}/stream.mjpg"})
        if device.driver == "opencv_camera"
        else device
        for name, device in settings.devices.items()
    }
    simulators = settings.simulators.model_copy(update={"camera_port": port})
    return settings.model_copy(update={"devices": devices, "simulators": simulators})


async def _standalone(settings: Settings, calls: int, window_s: float) -> dict[str, Any]:
    from kiosk.tour.driver import TourDriver
    from kiosk.tour.runner import running_terminal, tour_settings
    from simulators.remote import SimulatorRemote

    remote = SimulatorRemote(
        f"http://127.0.0.1:{settings.simulators.control_port}", settings.backoffice.base_url
    )
    try:
        async with running_terminal(tour_settings(settings)) as terminal:
            driver = TourDriver(terminal.ui, terminal.window, None, terminal.staff_ui)
            await driver.wait_screen("idle", timeout=30)
            return await video_figures(TourContext(driver, remote, terminal), calls, window_s)
    finally:
        await remote.aclose()


def run_video_bench(settings: Settings, calls: int = CALLS, window_s: float = WINDOW_S) -> Any:
    """The video figures alone: the simulators in a child process, the terminal in this one."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from kiosk.app import load_theme
    from kiosk.bench import simulator_process

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    load_theme(app)
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-video-") as tmp,
        simulator_process(with_free_camera_port(settings), Path(tmp)) as (derived, _config),
    ):
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            return loop.run_until_complete(_standalone(derived, calls, window_s))


if __name__ == "__main__":
    import argparse

    from kiosk.config import load_settings

    parser = argparse.ArgumentParser(description="the video call's figures of `kiosk bench`")
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    parser.add_argument("--calls", type=int, default=CALLS)
    parser.add_argument("--window-s", type=float, default=WINDOW_S)
    args = parser.parse_args()
    result = run_video_bench(load_settings(args.config), args.calls, args.window_s)
    print(video_table(result), file=sys.stderr)
    print(json.dumps(result, indent=2, ensure_ascii=False))
