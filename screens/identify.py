"""Identify the account: the 10-digit number on the keypad, or the bill's code on the scanner."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.flows.ports import AccountPrompt
from screens.base import Screen, icon_label, show_error, text_label
from screens.messages import message_text
from screens.theme import px
from screens.widgets.keypad import Keypad

ACCOUNT_DIGITS = 10


def group_account_digits(digits: str) -> str:
    """`1234567890` → `1234 5678 90`: groups of four are easier to check against the bill."""
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


class IdentifyScreen(Screen):
    """Keypad entry (keypad_*; OK once 10 digits are typed) and, only when the scanner works, the
    hint to scan the paper bill (identify_scan_hint). identify_error explains a rejected entry."""

    name = "identify"
    offers_video_teller = True
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = text_label("title", "identify_title")
        self.subtitle = text_label("subtitle", "identify_subtitle")
        self.error = text_label("error", "identify_error")
        self.error.hide()
        self.keypad = Keypad(
            ACCOUNT_DIGITS,
            ok_when=lambda text: len(text) == ACCOUNT_DIGITS,
            display_format=group_account_digits,
            ok_text=lambda: self.tr("Continue"),
        )
        self.keypad.submitted.connect(self.submitted)

        self.scan_hint = QWidget()
        self.scan_hint.setObjectName("identify_scan_hint")
        hint_row = QHBoxLayout(self.scan_hint)
        hint_row.setContentsMargins(0, 0, 0, 0)
        hint_row.setSpacing(px(20))
        self.scan_icon = icon_label("scanner", px(120))
        self.scan_text = text_label("hint")
        hint_row.addWidget(self.scan_icon)
        hint_row.addWidget(self.scan_text, 1)

        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)
        self.body.addWidget(self.error)
        self.body.addWidget(self.keypad)
        self.body.addWidget(self.scan_hint)
        self.body.addStretch(1)
        self._prompt = AccountPrompt(scan_available=False)
        self.retranslate()

    def set_prompt(self, prompt: AccountPrompt) -> None:
        """Start a fresh entry; keep the typed digits only when asking again after an error, so
        the customer can correct one digit instead of retyping ten."""
        if prompt.error is None:
            self.keypad.clear()
        self._prompt = prompt
        self.scan_hint.setVisible(prompt.scan_available)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.keypad.retranslate()
        self.title.setText(self.tr("Enter your account number"))
        self.subtitle.setText(
            self.tr("The 10-digit number is printed at the top of your electricity bill.")
        )
        self.keypad.set_placeholder(self.tr("10 digits"))
        self.scan_text.setText(
            self.tr("Or scan the barcode or QR code on your paper bill under the scanner.")
        )
        error = message_text(self._prompt.error) if self._prompt.error else None
        show_error(self.error, error.joined() if error else None)
