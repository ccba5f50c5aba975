"""Reprint service: type the reference shown on the paid screen and printed on the receipt."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.ports import Message
from screens.base import Screen, show_error, text_label
from screens.messages import message_text
from screens.widgets.keypad import Keypad

REFERENCE_MAX_DIGITS = 16


class ReferenceScreen(Screen):
    """Keypad entry of a reference (digits only; keypad_ok once anything is typed).
    reference_error explains an unknown reference."""

    name = "reference"
    offers_video_teller = True
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error: Message | None = None
        self.title = text_label("title", "reference_title")
        self.subtitle = text_label("subtitle", "reference_subtitle")
        self.error = text_label("error", "reference_error")
        self.error.hide()
        self.keypad = Keypad(REFERENCE_MAX_DIGITS, ok_text=lambda: self.tr("Reprint"))
        self.keypad.submitted.connect(self.submitted)
        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)
        self.body.addWidget(self.error)
        self.body.addWidget(self.keypad)
        self.body.addStretch(1)
        self.retranslate()

    def set_error(self, error: Message | None) -> None:
        """Ask afresh, or again after `error` with the entry kept for correction."""
        if error is None:
            self.keypad.clear()
        self._error = error
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.keypad.retranslate()
        self.title.setText(self.tr("Reprint a receipt"))
        self.subtitle.setText(
            self.tr("Enter the reference shown on the payment screen or on your receipt.")
        )
        self.keypad.set_placeholder(self.tr("Reference"))
        error = message_text(self._error) if self._error else None
        show_error(self.error, error.joined() if error else None)
