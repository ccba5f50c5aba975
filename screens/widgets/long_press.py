"""A hidden long press on a widget: staff hold it to open maintenance; nothing shows meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class LongPress(QObject):
    """Emits `held` once when `target` has been pressed for `seconds` without the finger
    leaving it. A shorter press, or one that moves off the target, does nothing.

    The duration is measured with `monotonic` (injectable, for tests); a single-shot timer checks
    when the time should be up, and the release checks again, so a test can drive it with a fake
    clock and `check()` or a release instead of waiting. The target's look never changes.
    """

    held = Signal()

    def __init__(
        self,
        target: QWidget,
        seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._target = target
        self._seconds = seconds
        self._monotonic = monotonic
        self._pressed_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.check)
        target.installEventFilter(self)

    @property
    def seconds(self) -> float:
        """How long the press must last."""
        return self._seconds

    def set_seconds(self, seconds: float) -> None:
        """Change how long the press must last (settings.maintenance.long_press_s)."""
        self._seconds = seconds

    def pressing(self) -> bool:
        """Whether a press is being timed now."""
        return self._pressed_at is not None

    def check(self) -> None:
        """Emit `held` if the current press has lasted long enough (then stop timing it)."""
        if self._pressed_at is None:
            return
        left = self._seconds - (self._monotonic() - self._pressed_at)
        if left <= 0:
            self._reset()
            self.held.emit()
        elif not self._timer.isActive():
            # Qt timers may fire a little early: look again when the time is really up.
            self._timer.start(max(1, round(left * 1000)))

    def _reset(self) -> None:
        self._pressed_at = None
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Time presses on the target; never consumes an event."""
        if watched is not self._target:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed_at = self._monotonic()
            self._timer.start(max(1, round(self._seconds * 1000)))
        elif kind == QEvent.Type.MouseButtonRelease:
            self.check()
            self._reset()
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            inside = self._target.rect().contains(
                QPoint(round(event.position().x()), round(event.position().y()))
            )
            if not inside:
                self._reset()
        elif kind in (QEvent.Type.Hide, QEvent.Type.Leave):
            self._reset()
        return False
