"""The footer of every screen but idle: Back on the left, Cancel on the right, and, on service
screens where no money moves, "Video teller" between them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from screens.theme import px
from screens.widgets.big_button import BigButton


class Footer(QFrame):
    """Back (objectName btn_back), Cancel (btn_cancel) and Video teller (btn_video_teller,
    emits `video_teller`). Either of Back / Cancel may be hidden by the screen shown, e.g. no Back
    while a payment is being processed; Video teller is hidden unless `show_video_teller(True)`
    was called after the screen was configured."""

    back = Signal()
    cancel = Signal()
    video_teller = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footer")
        self._show_back = True
        self._show_cancel = True
        self.back_button = BigButton("btn_back", "back")
        self.cancel_button = BigButton("btn_cancel", "cancel")
        # No icon: between Back's and Cancel's minimum widths a 1080-wide footer has room for
        # the words only.
        self.video_button = BigButton("btn_video_teller")
        for button in (self.back_button, self.cancel_button, self.video_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Never squeezed under its text by Back and Cancel's minimum widths.
        self.video_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.video_button.hide()
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.cancel)
        self.video_button.clicked.connect(self.video_teller)
        row = QHBoxLayout(self)
        row.setContentsMargins(px(32), px(14), px(32), px(14))
        row.setSpacing(px(10))
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.video_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        self.retranslate()

    def configure(self, show_back: bool, show_cancel: bool) -> None:
        """Which buttons the current screen offers; the footer hides when it offers none.
        Video teller is hidden again: a new screen must ask for it."""
        self._show_back, self._show_cancel = show_back, show_cancel
        self.back_button.setVisible(show_back)
        self.cancel_button.setVisible(show_cancel)
        self.video_button.setVisible(False)
        self.setVisible(show_back or show_cancel)

    def show_video_teller(self, shown: bool) -> None:
        """Offer (or withdraw) "Video teller" on the screen now shown."""
        self.video_button.setVisible(shown)
        self.setVisible(shown or self._show_back or self._show_cancel)

    def retranslate(self) -> None:
        """Re-label in the current language."""
        self.back_button.setText("‹  " + self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.video_button.setText(self.tr("Video teller"))
        self.video_button.setAccessibleName(self.tr("Talk to a teller by video"))

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
