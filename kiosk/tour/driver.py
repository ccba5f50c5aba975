"""Drives the running terminal through its real widgets, the way a person would, and records
what it sees: a PNG of every screen shown and the latency from each click to the next screen
painted. Used by the tour, the benchmark and the journey tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget


@dataclass
class ScreenVisit:
    """One screen shown during a journey."""

    screen: str
    at_s: float
    after_click_ms: float | None  # click-to-painted latency, when a click caused it
    png: str | None = None


@dataclass
class JourneyRecord:
    """What happened in one journey."""

    name: str
    outcome: str = "not run"
    detail: str = ""
    visits: list[ScreenVisit] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The record for report.json."""
        return {
            "journey": self.name,
            "outcome": self.outcome,
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
            "screens": [
                {
                    "screen": v.screen,
                    "at_s": round(v.at_s, 3),
                    "after_click_ms": None
                    if v.after_click_ms is None
                    else round(v.after_click_ms, 2),
                    "png": v.png,
                }
                for v in self.visits
            ],
            "receipts": self.receipts,
        }


class TourDriver:
    """Clicks widgets by objectName and waits for screens by name, recording each visit."""

    def __init__(
        self, ui: Any, window: QWidget, shots_dir: Path | None, staff_ui: Any = None
    ) -> None:
        self.ui = ui
        self.window = window
        self.shots_dir = shots_dir
        self.record: JourneyRecord | None = None
        self._click_at: float | None = None
        self._seen: list[str] = []
        self._announced = asyncio.Event()
        self._shot_no = 0
        self.latencies_ms: list[float] = []
        ui.screen_shown.connect(self._on_shown)
        if staff_ui is not None:
            # Maintenance screens share the window; the staff port announces them.
            staff_ui.screen_shown.connect(self._on_shown)

    def begin(self, name: str) -> JourneyRecord:
        """Start recording a journey."""
        self.record = JourneyRecord(name=name, started=time.perf_counter())
        return self.record

    def end(self, outcome: str, detail: str = "") -> JourneyRecord:
        """Finish the journey's record."""
        assert self.record is not None
        self.record.outcome = outcome
        self.record.detail = detail
        self.record.seconds = time.perf_counter() - self.record.started
        return self.record

    def _on_shown(self, screen: str) -> None:
        now = time.perf_counter()
        latency = None
        if self._click_at is not None:
            latency = (now - self._click_at) * 1000.0
            self.latencies_ms.append(latency)
            self._click_at = None
        if self.record is not None:
            visit = ScreenVisit(screen, now - self.record.started, latency)
            if self.shots_dir is not None:
                self._shot_no += 1
                path = self.shots_dir / f"{self._shot_no:03d}_{self.record.name}_{screen}.png"
                self.window.grab().save(str(path))
                visit.png = path.name
            self.record.visits.append(visit)
        self._seen.append(screen)
        self._announced.set()

    def drain(self) -> None:
        """Forget screens announced so far (a click makes the next announcement the answer)."""
        self._seen.clear()

    async def wait_screen(self, *names: str, timeout: float = 15.0) -> str:
        """Wait until one of `names` has been announced since the last click, and return it.

        Screens announced before the matching one are forgotten; the match stays, so waiting for
        the same screen again returns at once.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for index, screen in enumerate(self._seen):
                if screen in names:
                    del self._seen[:index]
                    return screen
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"waited for {names}, screen is {self.ui.current_screen_name()!r}"
                )
            self._announced.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._announced.wait(), remaining)

    def widget(self, name: str) -> QWidget:
        """The visible widget called `name` on the current screen, header or footer."""
        found: QWidget = self.ui.widget(name)
        return found

    def is_visible(self, name: str) -> bool:
        """Whether a widget with that name is visible on the current screen."""
        try:
            return self.widget(name).isVisible()
        except LookupError:
            return False

    def click(self, name: str) -> None:
        """Click the widget as a finger would: a press and release at its centre."""
        target = self.widget(name)
        if not target.isVisible() or not target.isEnabled():
            raise RuntimeError(
                f"{name} is not clickable on {self.ui.current_screen_name()} "
                f"(visible={target.isVisible()}, enabled={target.isEnabled()})"
            )
        self.drain()
        self._click_at = time.perf_counter()
        if isinstance(target, QAbstractButton):
            QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        else:
            QTest.mouseClick(
                target,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                QPoint(target.width() // 2, target.height() // 2),
            )

    def shot(self, label: str) -> None:
        """A PNG of the window now (a screen whose content changes without a new screen, such as
        a call once video arrives), recorded like a visit."""
        if self.record is None:
            return
        visit = ScreenVisit(label, time.perf_counter() - self.record.started, None)
        if self.shots_dir is not None:
            self._shot_no += 1
            path = self.shots_dir / f"{self._shot_no:03d}_{self.record.name}_{label}.png"
            self.window.grab().save(str(path))
            visit.png = path.name
        self.record.visits.append(visit)

    async def hold_until(self, name: str, *screens: str, timeout: float = 30.0) -> str:
        """Hold a finger on the widget until one of `screens` is shown (a long press), then
        lift it; returns the screen."""
        target = self.widget(name)
        centre = QPoint(target.width() // 2, target.height() // 2)
        self.drain()
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        try:
            return await self.wait_screen(*screens, timeout=timeout)
        finally:
            QTest.mouseRelease(
                target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
            )

    def sign(self, name: str) -> None:
        """Draw a signature on the pad's canvas with a finger: two strokes across it."""
        canvas = self.widget(name)
        width, height = canvas.width(), canvas.height()
        strokes = [
            [(0.1, 0.6), (0.2, 0.3), (0.3, 0.7), (0.42, 0.35), (0.5, 0.6)],
            [(0.55, 0.5), (0.65, 0.3), (0.75, 0.65), (0.9, 0.4)],
        ]
        for stroke in strokes:
            points = [QPoint(int(x * width), int(y * height)) for x, y in stroke]
            QTest.mousePress(
                canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0]
            )
            for point in points[1:]:
                QTest.mouseMove(canvas, point)
            QTest.mouseRelease(
                canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
            )

    def type_digits(self, digits: str) -> None:
        """Type on the on-screen keypad."""
        for digit in digits:
            self.click(f"keypad_{digit}")
