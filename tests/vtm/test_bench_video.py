"""The video call's benchmark: it runs end to end and reports every figure with a sane type; its
instruments (latency probe, GUI stall meter, percentiles, thread shares) measure what they say.
Figures are never judged against their targets here: a benchmark reports."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.bench_video import CallProbe, video_table
from kiosk.bench_video_meters import (
    GcPauses,
    GuiStallMeter,
    percentile,
    thread_cpu_seconds,
    thread_shares,
)
from kiosk.flows.video_ports import Picture

ROOT = Path(__file__).resolve().parents[2]


def _picture(seq: int) -> Picture:
    return Picture(2, 2, bytes(12), seq=seq, at=time.monotonic())


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([7], 0.95) == 7.0
    assert percentile([30, 10, 20], 1.0) == 30.0
    assert percentile([], 0.5) is None


def test_probe_measures_to_the_screen_and_forgets_skipped_frames() -> None:
    probe = CallProbe()
    probe.on_shown(_picture(1))  # a picture before the answer: not the call's first
    assert probe.first_shown_at is None and not probe.shown.is_set()
    probe.answered_at = time.perf_counter()
    probe.recording = True
    probe.on_stamp(2, 40)
    probe.on_stamp(3, 1_000)
    probe.on_shown(_picture(3))  # 2 was replaced in the mailbox, never shown
    assert probe.first_shown_at is not None and probe.shown.is_set()
    assert probe.to_receive_ms == [40, 1_000]
    assert len(probe.to_screen_ms) == 1 and 1_000 <= probe.to_screen_ms[0] < 1_500
    assert probe.stamps == {}


def test_probe_records_latency_only_inside_the_window() -> None:
    probe = CallProbe()
    probe.on_stamp(1, 30)
    probe.on_shown(_picture(1))
    assert probe.to_receive_ms == [] and probe.to_screen_ms == []


def test_stall_meter_sees_a_blocked_gui_thread(qtbot: QtBot) -> None:
    meter = GuiStallMeter(interval_ms=5, over_ms=30)
    with meter.running():
        qtbot.waitUntil(lambda: meter.ticks >= 3, timeout=2000)
        blocked_until = time.perf_counter() + 0.08
        while time.perf_counter() < blocked_until:  # the GUI thread busy, not asleep
            pass
        ticks = meter.ticks
        qtbot.waitUntil(lambda: meter.ticks > ticks, timeout=2000)
    # Only the lower bound: on a loaded machine a quiet GUI thread may also be late.
    assert meter.longest_s >= 0.07
    assert meter.stalls_over >= 1


def test_gc_pauses_counts_collections_only_while_running() -> None:
    pauses = GcPauses()
    with pauses.running():
        gc.collect(1)
    gc.collect(0)
    figures = pauses.as_dict()
    assert figures["collections"] == 1
    assert set(figures["longest_ms_by_generation"]) == {"1"}
    assert figures["threads"] == ["MainThread"]


def test_thread_shares_sum_a_pool_and_drop_idle_threads() -> None:
    before = {"MainThread (1)": 1.0, "worker (2)": 0.0, "worker (3)": 0.5, "idle (4)": 2.0}
    after = {"MainThread (1)": 3.0, "worker (2)": 1.0, "worker (3)": 1.5, "idle (4)": 2.0}
    assert thread_shares(before, after, 10.0) == {"MainThread": 0.2, "worker": 0.2}
    assert any(key.startswith("MainThread (") for key in thread_cpu_seconds())


def test_table_marks_a_missed_target() -> None:
    latency = {"median": 60.0, "p95": 200.0, "max": 220.0, "count": 10}
    figures = {
        "call": "640x480@30",
        "window_s": 10.0,
        "setup_s": {"median": 0.2, "max": 0.3, "runs": [0.2]},
        "cpu_share_of_one_core": 0.42,
        "latency_ms": {"to_screen": latency, "to_receive": latency},
        "gui_longest_stall_ms": 5.0,
        "simulators_cpu_cores": 0.3,
        "rest_of_machine_cpu_cores": 0.0,
        "frames": {
            "shown_per_s": 29.0,
            "received": 300,
            "dropped_by_mailbox": 3,
            "sent_by_terminal": 299,
            "received_by_bot": 298,
        },
    }
    rows = {line.split("  ")[1].strip(): line for line in video_table(figures).splitlines()[1:]}
    assert rows["glass-to-screen p95 (ms)"].endswith("MISSED")
    assert rows["CPU, share of one core"].endswith("ok")
    assert "42%" in rows["CPU, share of one core"]
    assert "skipped" in video_table({"skipped": "video calls are off"})


@pytest.mark.timeout(120)
def test_video_bench_reports_every_figure(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.bench_video",
            "--config",
            str(ROOT / "config.toml"),
            "--calls",
            "2",
            "--window-s",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=110,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    figures = json.loads(result.stdout)
    assert "CPU, share of one core" in result.stderr  # the table
    setup = figures["setup_s"]
    assert len(setup["runs"]) == 2 and all(isinstance(s, float) and s > 0 for s in setup["runs"])
    assert isinstance(setup["median"], float)
    assert 0.5 <= figures["window_s"] < 5
    assert isinstance(figures["cpu_share_of_one_core"], float)
    assert figures["cpu_share_of_one_core"] > 0
    assert "MainThread" in figures["cpu_share_by_thread"]
    assert figures["simulators_cpu_cores"] > 0  # the bot encodes and decodes VP8 over there
    assert isinstance(figures["rest_of_machine_cpu_cores"], float | int)
    assert isinstance(figures["gc_pauses"]["collections"], int)
    for kind in ("to_screen", "to_receive"):
        latency = figures["latency_ms"][kind]
        assert latency["count"] > 0
        assert isinstance(latency["median"], float) and isinstance(latency["p95"], float)
        assert latency["median"] <= latency["p95"] <= latency["max"]
    assert isinstance(figures["gui_longest_stall_ms"], float)
    assert isinstance(figures["gui_stalls_over_target"], int)
    frames = figures["frames"]
    assert isinstance(frames["shown_per_s"], float) and frames["shown_per_s"] > 0
    for count in ("received", "sent_by_terminal", "received_by_bot"):
        assert isinstance(frames[count], int) and frames[count] > 0
    assert isinstance(frames["dropped_by_mailbox"], int) and frames["dropped_by_mailbox"] >= 0
    assert set(figures["targets"]) == {
        "setup_s",
        "cpu_share_of_one_core",
        "latency_to_screen_p95_ms",
        "gui_longest_stall_ms",
    }
