"""The footer of every screen but idle: Back on the left, Cancel on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from screens.theme import px
from screens.widgets.big_button import BigButton


class Footer(QFrame):
    """Back (objectName btn_back) and Cancel (btn_cancel). Either may be hidden by the screen
    shown, e.g. no Back while a payment is being processed."""

    back = Signal()
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footer")
        self.back_button = BigButton("btn_back", "back")
        self.cancel_button = BigButton("btn_cancel", "cancel")
        for button in (self.back_button, self.cancel_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(px(32), px(14), px(32), px(14))
        row.setSpacing(px(32))
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        self.retranslate()

    def configure(self, show_back: bool, show_cancel: bool) -> None:
        """Which buttons the current screen offers; the footer hides when it offers neither."""
        self.back_button.setVisible(show_back)
        self.cancel_button.setVisible(show_cancel)
        self.setVisible(show_back or show_cancel)

    def retranslate(self) -> None:
        """Re-label in the current language."""
        self.back_button.setText("‹  " + self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
