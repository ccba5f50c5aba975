"""A signature pad: the customer signs with a finger; the ink is kept as smooth vector strokes
and exported as a cropped PNG (black ink on white) for the record."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QPointF, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTouchEvent,
)
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

INK_WIDTH = 4.0
CROP_MARGIN = 16
MIN_TARGET_PX = 60
_INK = QColor(0, 0, 0)
_PAPER = QColor(255, 255, 255)


def stroke_path(points: list[QPointF]) -> QPainterPath:
    """A smooth path through `points`: quadratic curves between the midpoints, so that a
    finger's jagged samples read as a pen line. A single point is a dot."""
    path = QPainterPath(points[0])
    if len(points) == 1:
        path.lineTo(points[0] + QPointF(0.1, 0.1))
        return path
    for here, after in itertools.pairwise(points[1:]):
        path.quadTo(here, (here + after) / 2)
    path.lineTo(points[-1])
    return path


class SignatureCanvas(QWidget):
    """The surface the customer writes on (mouse or touch)."""

    changed = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_canvas")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 150)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False

    @property
    def strokes(self) -> list[list[QPointF]]:
        """The strokes drawn so far, each a list of points in widget coordinates."""
        return self._strokes

    def clear(self) -> None:
        """Remove all ink."""
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def paths(self) -> list[QPainterPath]:
        """Each stroke as a smoothed path."""
        return [stroke_path(points) for points in self._strokes]

    # -- input --------------------------------------------------------------------------------

    def _begin(self, at: QPointF) -> None:
        self._strokes.append([at])
        self._drawing = True
        self.update()

    def _extend(self, at: QPointF) -> None:
        if self._drawing and at != self._strokes[-1][-1]:
            self._strokes[-1].append(at)
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())
        self._end()

    def event(self, event: QEvent) -> bool:
        # Touch is taken directly (and accepted) so that Qt does not also synthesise a mouse
        # press from it, which would start every stroke twice.
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            points = event.points()
            if points:
                at = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(at)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(at)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), _PAPER)
        painter.setPen(QPen(QColor(200, 200, 200), 2, Qt.PenStyle.DashLine))
        baseline = int(self.height() * 0.8)
        painter.drawLine(20, baseline, self.width() - 20, baseline)
        _draw_ink(painter, self.paths())
        painter.end()


def _draw_ink(painter: QPainter, paths: list[QPainterPath]) -> None:
    pen = QPen(_INK, INK_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for path in paths:
        painter.drawPath(path)


class SignaturePad(QWidget):
    """Sign with a finger, clear, export as PNG.

    `changed` is emitted after each finished stroke and on clear.
    """

    changed = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAccessibleName(QCoreApplication.translate("Signature", "Signature pad"))
        self.setAccessibleDescription(
            QCoreApplication.translate("Signature", "Sign here with your finger")
        )
        self.canvas = SignatureCanvas(self)
        self.canvas.changed.connect(self.changed)
        self.clear_button = QPushButton(QCoreApplication.translate("Signature", "Clear"), self)
        self.clear_button.setObjectName("signature_clear")
        self.clear_button.setAccessibleName(
            QCoreApplication.translate("Signature", "Clear the signature")
        )
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setMinimumSize(MIN_TARGET_PX * 2, MIN_TARGET_PX)
        self.clear_button.clicked.connect(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignRight)

    @property
    def strokes(self) -> int:
        """How many strokes the signature has."""
        return len(self.canvas.strokes)

    def is_empty(self) -> bool:
        """Whether nothing has been drawn."""
        return not self.canvas.strokes

    def clear(self) -> None:
        """Remove all ink."""
        self.canvas.clear()

    def to_png(self) -> bytes:
        """The signature as PNG: black ink on white, cropped to the ink with a margin.

        An empty pad gives a small blank image (callers check `is_empty()` first).
        """
        paths = self.canvas.paths()
        if not paths:
            bounds_w, bounds_h, origin = 2 * CROP_MARGIN, 2 * CROP_MARGIN, QPointF(0, 0)
        else:
            bounds = paths[0].boundingRect()
            for path in paths[1:]:
                bounds = bounds.united(path.boundingRect())
            pad = CROP_MARGIN + INK_WIDTH
            bounds = bounds.adjusted(-pad, -pad, pad, pad)
            bounds_w, bounds_h = int(bounds.width()) + 1, int(bounds.height()) + 1
            origin = bounds.topLeft()
        image = QImage(bounds_w, bounds_h, QImage.Format.Format_RGB32)
        image.fill(_PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-origin)
        _draw_ink(painter, paths)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt wants str
        buffer.close()
        return bytes(data.data())
