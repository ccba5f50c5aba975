"""'Hold your <document> to the camera': the customer's own camera large with a frame guide,
Take photo; then the still taken at the tap with Retake / Send."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedLayout, QWidget

from kiosk.flows.teller_ports import DocumentPhotoPrompt
from kiosk.flows.video_ports import FrameMailbox, Picture
from screens.base import show_error, text_label
from screens.teller_base import TellerScreen
from screens.teller_texts import document_name
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.video_view import VideoView

# An ID card is 85.6 x 54 mm (ISO/IEC 7810 ID-1); other documents are larger but the guide only
# shows where to hold them.
GUIDE_ASPECT = 85.6 / 54.0
GUIDE_SHARE = 0.8  # of the picture's width
_GUIDE = QColor("#F2B441")


class FrameGuide(QWidget):
    """A dashed rectangle over the camera picture: hold the document inside it. Lets every touch
    through to the picture below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def guide_rect(self) -> QRectF:
        """Where the document should be, in this widget's coordinates."""
        width = self.width() * GUIDE_SHARE
        height = width / GUIDE_ASPECT
        if height > self.height() * GUIDE_SHARE:
            height = self.height() * GUIDE_SHARE
            width = height * GUIDE_ASPECT
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dashed guide."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_GUIDE, max(3, px(6)), Qt.PenStyle.DashLine))
        painter.drawRoundedRect(self.guide_rect(), px(18), px(18))
        painter.end()


class _GuidedView(QWidget):
    """A VideoView with the frame guide laid over it."""

    def __init__(self, view: VideoView) -> None:
        super().__init__()
        self.view = view
        view.setParent(self)
        self.guide = FrameGuide(self)
        self.guide.raise_()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Both fill the area."""
        self.view.setGeometry(self.rect())
        self.guide.setGeometry(self.rect())
        super().resizeEvent(event)


class DocumentPhotoScreen(TellerScreen):
    """Live: document_camera (VideoView on `call.local`) under the guide, btn_take_photo,
    btn_photo_decline. Still: document_still (the picture taken at the tap), btn_photo_retake,
    btn_photo_send. `answered(object)` carries the Picture sent, or None (declined).
    objectNames: document_title, document_hint, document_error (no picture from the camera)."""

    name = "document_photo"
    scrollable = False
    answered = Signal(object)

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(monotonic, parent)
        self._prompt: DocumentPhotoPrompt | None = None
        self._still: Picture | None = None
        self._no_picture = False
        self.title = text_label("title", "document_title")
        self.hint = text_label("subtitle", "document_hint")
        self.error = text_label("error", "document_error")
        self.error.hide()
        self.camera = VideoView("document_camera")
        self.still_view = VideoView("document_still")
        self._still_box = FrameMailbox()
        self.still_view.set_mailbox(self._still_box)
        self.pictures = QStackedLayout()
        self.pictures.addWidget(_GuidedView(self.camera))
        self.pictures.addWidget(self.still_view)
        self.take = BigButton("btn_take_photo", "primary")
        self.take.clicked.connect(self._take)
        self.decline = BigButton("btn_photo_decline")
        self.decline.clicked.connect(lambda: self.answered.emit(None))
        self.retake = BigButton("btn_photo_retake")
        self.retake.clicked.connect(self._live)
        self.send = BigButton("btn_photo_send", "primary")
        self.send.clicked.connect(self._send)
        buttons = QHBoxLayout()
        buttons.setSpacing(px(24))
        for button in (self.decline, self.retake, self.take, self.send):
            buttons.addWidget(button, 1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.error)
        self.body.addLayout(self.pictures, 1)
        self.body.addLayout(buttons)
        self._live()

    def set_prompt(self, prompt: DocumentPhotoPrompt) -> None:
        """Ask for `prompt.document`: the live camera, nothing taken yet."""
        self._prompt = prompt
        self.camera.set_mailbox(prompt.call.local)
        self.set_call(prompt.call)
        self._live()

    def still(self) -> Picture | None:
        """The picture taken, while it is shown for Retake / Send."""
        return self._still

    def _take(self) -> None:
        # The picture in the mailbox at the tap, taken or not by the painter: what the customer
        # saw when they tapped is what they are asked to send.
        picture = self._prompt.call.local.peek() if self._prompt is not None else None
        if picture is None:
            self._no_picture = True
            self.retranslate()
            return
        self._still = picture
        self._no_picture = False
        self._still_box.put(picture)
        self.still_view.poll()
        self.pictures.setCurrentIndex(1)
        self._buttons(still=True)
        self.retranslate()

    def _live(self) -> None:
        self._still = None
        self._no_picture = False
        self.pictures.setCurrentIndex(0)
        self._buttons(still=False)
        self.retranslate()

    def _send(self) -> None:
        if self._still is not None:
            self.answered.emit(self._still)

    def _buttons(self, still: bool) -> None:
        self.take.setVisible(not still)
        self.decline.setVisible(not still)
        self.retake.setVisible(still)
        self.send.setVisible(still)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        document = document_name(self._prompt.document) if self._prompt is not None else ""
        if self._still is None:
            title = self.tr("Hold your {document} to the camera")
            self.title.setText(title.format(document=document))
            self.hint.setText(
                self.tr("Keep it inside the frame, flat and still, then press Take photo.")
            )
        else:
            self.title.setText(self.tr("Is the photo clear?"))
            self.hint.setText(
                self.tr("Press Send to give it to the teller, or Retake to take it again.")
            )
        show_error(
            self.error,
            self.tr("The camera has no picture yet. Please wait a moment and try again.")
            if self._no_picture
            else None,
        )
        self.camera.set_placeholder(self.tr("Your camera"))
        self.camera.setAccessibleName(self.tr("Your camera"))
        self.still_view.setAccessibleName(self.tr("The photo taken"))
        self.take.setText(self.tr("Take photo"))
        self.decline.setText(self.tr("Decline"))
        self.retake.setText(self.tr("Retake"))
        self.send.setText(self.tr("Send"))
