"""A busy indicator drawn with QPainter: a turning arc, calm and without an image file."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QWidget

_STEP_DEGREES = 12
_FRAME_MS = 40


class Spinner(QWidget):
    """Turns while shown and animated; `set_animated(False)` holds it still at its start angle
    (screenshots must not depend on when they were taken)."""

    def __init__(self, diameter: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diameter = diameter
        self._angle = 0
        self._animated = True
        self._timer = QTimer(self)
        self._timer.setInterval(_FRAME_MS)
        self._timer.timeout.connect(self._advance)
        self.setFixedSize(QSize(diameter, diameter))

    def set_animated(self, animated: bool) -> None:
        """Turn or hold still (at angle 0)."""
        self._animated = animated
        self._angle = 0
        if animated and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        """Turn only while visible: a hidden page must not wake the GUI thread 25 times a second."""
        if self._animated:
            self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop turning when hidden."""
        self._timer.stop()
        super().hideEvent(event)

    def _advance(self) -> None:
        self._angle = (self._angle + _STEP_DEGREES) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw a faint ring and a bright quarter arc at the current angle."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(4.0, self._diameter / 12)
        rect = QRectF(width, width, self._diameter - 2 * width, self._diameter - 2 * width)
        painter.setPen(QPen(QColor("#CFE3E0"), width))
        painter.drawEllipse(rect)
        pen = QPen(QColor("#00796B"), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, (90 - self._angle) * 16, -100 * 16)
        painter.end()
