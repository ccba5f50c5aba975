"""A video picture on screen: the newest `Picture` of a `FrameMailbox`, painted on its own timer.

The producer (the call's receive task, the camera thread) never touches the widget; this view
takes the newest picture about 30 times a second and repaints only when there is one. Stale
pictures were already dropped by the mailbox, so a slow GUI never builds a backlog.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QImage, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from kiosk.flows.video_ports import FrameMailbox, Picture
from screens.theme import icon

POLL_MS = 33  # about 30 Hz: the call's frame rate; faster would only repaint the same picture
_BACKGROUND = QColor("#10201E")
_TEXT = QColor("#E8F1EF")


class VideoView(QWidget):
    """Paints `mailbox`'s newest picture scaled to fit (aspect kept, letter-boxed), or, with no
    picture, a placeholder: an icon and a line of text (`set_placeholder`).

    `frames_painted` counts pictures painted and `last_seq` is the `seq` of the last one (tests).
    `frames_shown` counts pictures actually drawn by a paint event (each picture once, however
    often it is repainted), `last_shown_at` is the `time.perf_counter()` of the last one, and
    `on_shown` (if set) is called with the picture as it is drawn (the benchmark's set-up time).
    Polling runs only while the view is shown; nothing here blocks or copies pixels in Python.
    """

    def __init__(
        self,
        object_name: str,
        mailbox: FrameMailbox | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._mailbox = mailbox
        self._picture: Picture | None = None
        self._image: QImage | None = None
        self._placeholder = ""
        self._placeholder_icon = "video"
        self._show_picture = True
        self.frames_painted = 0
        self.last_seq = -1
        self.frames_shown = 0
        self.last_shown_at: float | None = None
        self.on_shown: Callable[[Picture], None] | None = None
        self._shown_seq = -1
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def set_mailbox(self, mailbox: FrameMailbox | None) -> None:
        """Paint from `mailbox` from now on (None: the placeholder only)."""
        if mailbox is self._mailbox:
            return
        self._mailbox = mailbox
        self._picture = None
        self._image = None
        self._shown_seq = -1  # a new call numbers its pictures from 1 again
        self.update()

    def mailbox(self) -> FrameMailbox | None:
        """Where the pictures come from."""
        return self._mailbox

    def set_placeholder(self, text: str, icon_name: str = "video") -> None:
        """What to show when there is no picture (or pictures are switched off)."""
        self._placeholder = text
        self._placeholder_icon = icon_name
        self.update()

    def placeholder(self) -> str:
        """The placeholder's text."""
        return self._placeholder

    def set_show_picture(self, show: bool) -> None:
        """False keeps the placeholder up even when pictures arrive (audio only: the last frame
        frozen on screen would look like a hung call)."""
        self._show_picture = show
        self.update()

    def showing_picture(self) -> bool:
        """Whether a picture (not the placeholder) is on screen."""
        return self._show_picture and self._image is not None

    def poll(self) -> None:
        """Take the newest picture, if there is a new one, and schedule a repaint."""
        if self._mailbox is None:
            return
        picture = self._mailbox.take_new()
        if picture is None:
            return
        expected = picture.width * picture.height * 3
        if picture.width <= 0 or picture.height <= 0 or len(picture.rgb) < expected:
            return  # a malformed picture would make QImage read past the buffer
        # QImage wraps the bytes without copying; the Picture is kept so they stay alive.
        self._picture = picture
        self._image = QImage(
            picture.rgb,
            picture.width,
            picture.height,
            3 * picture.width,
            QImage.Format.Format_RGB888,
        )
        self.frames_painted += 1
        self.last_seq = picture.seq
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        """Poll only while visible: a hidden view must not wake the GUI thread."""
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop polling when hidden."""
        self._timer.stop()
        super().hideEvent(event)

    def sizeHint(self) -> QSize:
        """4:3, the call's picture."""
        return QSize(640, 480)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The picture scaled to fit, or the placeholder."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        if self._show_picture and self._image is not None:
            size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self._image)
            self._count_shown()
        else:
            self._paint_placeholder(painter)
        painter.end()

    def _count_shown(self) -> None:
        picture = self._picture
        if picture is None or picture.seq == self._shown_seq:
            return  # a repaint of a picture already shown (exposure, resize)
        self._shown_seq = picture.seq
        self.frames_shown += 1
        self.last_shown_at = time.perf_counter()
        if self.on_shown is not None:
            self.on_shown(picture)

    def _paint_placeholder(self, painter: QPainter) -> None:
        side = max(24, min(self.width(), self.height()) // 4)
        top = self.height() // 2 - side
        picture = icon(self._placeholder_icon).pixmap(QSize(side, side))
        painter.drawPixmap((self.width() - side) // 2, top, picture)
        if self._placeholder:
            font = painter.font()
            font.setPixelSize(max(18, side // 4))
            painter.setFont(font)
            painter.setPen(_TEXT)
            text_box = QRect(0, top + side + side // 6, self.width(), side)
            painter.drawText(
                text_box,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                self._placeholder,
            )
