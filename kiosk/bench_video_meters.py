"""The instruments of the video call's benchmark (kiosk/bench_video.py): the GUI thread's
stalls, Python's collector pauses, CPU time by process, thread and machine (Linux /proc), and a
nearest-rank percentile."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import time
from collections.abc import Iterator
from typing import Any

STALL_TICK_MS = 5


class GuiStallMeter:
    """The longest lateness of a 5 ms precise QTimer on the GUI thread, and how many ticks were
    later than `over_ms`."""

    def __init__(self, interval_ms: int = STALL_TICK_MS, over_ms: float = 30.0) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval_s = interval_ms / 1000
        self.over_s = over_ms / 1000
        self.longest_s = 0.0
        self.stalls_over = 0
        self.ticks = 0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        late = now - self._last - self.interval_s
        self.longest_s = max(self.longest_s, late)
        self.stalls_over += late > self.over_s
        self.ticks += 1
        self._last = now

    @contextlib.contextmanager
    def running(self) -> Iterator[GuiStallMeter]:
        """Measure while inside the block."""
        self._last = time.perf_counter()
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.stop()


class GcPauses:
    """Python's cyclic-collector runs while inside `running()`: the longest, by generation, and
    in which thread (a collection stops every Python thread, the GUI's included)."""

    def __init__(self) -> None:
        self.longest_ms: dict[int, float] = {}
        self.count = 0
        self.threads: set[str] = set()
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        import threading

        ms = (time.perf_counter() - self._started) * 1000
        generation = info["generation"]
        self.longest_ms[generation] = max(self.longest_ms.get(generation, 0.0), ms)
        self.count += 1
        self.threads.add(threading.current_thread().name)

    @contextlib.contextmanager
    def running(self) -> Iterator[GcPauses]:
        """Record collections while inside the block."""
        import gc

        gc.callbacks.append(self._callback)
        try:
            yield self
        finally:
            gc.callbacks.remove(self._callback)

    def as_dict(self) -> dict[str, Any]:
        """The figures for the JSON."""
        return {
            "collections": self.count,
            "longest_ms_by_generation": {
                str(g): round(ms, 1) for g, ms in sorted(self.longest_ms.items())
            },
            "threads": sorted(self.threads),
        }


def cpu_seconds() -> float:
    """User + system CPU time of this process, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def thread_cpu_seconds() -> dict[str, float]:
    """CPU seconds of each thread of this process, keyed "name (tid)": the Python thread's name,
    else the OS's (Qt's and qasync's threads). Linux /proc; empty elsewhere."""
    import threading

    names = {t.native_id: t.name for t in threading.enumerate()}
    ticks = os.sysconf("SC_CLK_TCK")
    seconds: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for tid in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError), open(f"/proc/self/task/{tid}/stat") as stat:
                # After the ")" closing the command: state is field 3, utime 14, stime 15.
                fields = stat.read().rsplit(")", 1)[1].split()
                name = names.get(int(tid)) or _native_name(tid)
                seconds[f"{name} ({tid})"] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine spent busy since boot (Linux /proc/stat; 0.0
    elsewhere): with the terminal's own, it tells how much else ran during the window."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU seconds of this process's running child processes (the simulators' process: the
    teller bot, the camera, the back office), from /proc; 0.0 where that cannot be read."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    with contextlib.suppress(OSError):
        for tid in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError), open(f"/proc/self/task/{tid}/children") as kids:
                for pid in kids.read().split():
                    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _native_name(tid: str) -> str:
    try:
        with open(f"/proc/self/task/{tid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return "native"


def thread_shares(
    before: dict[str, float], after: dict[str, float], wall: float
) -> dict[str, float]:
    """Share of one core by kind of thread: a pool's threads (same name) are summed."""
    shares: dict[str, float] = {}
    for key, cpu in after.items():
        name = key.rsplit(" (", 1)[0]
        shares[name] = shares.get(name, 0.0) + (cpu - before.get(key, 0.0)) / wall
    busy = sorted(shares.items(), key=lambda item: -item[1])
    return {name: round(share, 3) for name, share in busy if share >= 0.005}


def percentile(values: list[int] | list[float], share: float) -> float | None:
    """The nearest-rank percentile (`share` in 0..1) of `values`; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return float(ordered[rank - 1])
