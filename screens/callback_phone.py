"""'A teller will call you back': a mobile number typed on the keypad, shown grouped 3-4-4."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.ports import Message
from screens.base import Screen, icon_label, show_error, text_label
from screens.messages import message_text
from screens.theme import px
from screens.widgets.keypad import Keypad

PHONE_DIGITS = 11  # a mainland mobile number


def group_phone(digits: str) -> str:
    """'13812345678' as '138 1234 5678' (a partial entry grouped as far as it goes)."""
    groups = [digits[:3], digits[3:7], digits[7:]]
    return " ".join(group for group in groups if group)


class CallbackPhoneScreen(Screen):
    """Keypad (OK enabled at 11 digits) submits the digits; Back means no thanks (GoBack).
    objectNames: callback_title, callback_subtitle, callback_error, keypad_*."""

    name = "callback_phone"
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error: Message | None = None
        self.picture = icon_label("video_teller", px(120))
        self.title = text_label("title", "callback_title")
        self.subtitle = text_label("subtitle", "callback_subtitle")
        self.error = text_label("error", "callback_error")
        self.error.hide()
        self.keypad = Keypad(
            PHONE_DIGITS,
            ok_when=lambda text: len(text) == PHONE_DIGITS,
            display_format=group_phone,
            ok_text=lambda: self.tr("Call me back"),
        )
        self.keypad.submitted.connect(self.submitted)
        self.body.addWidget(self.picture)
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
        self.title.setText(self.tr("A teller will call you back"))
        self.subtitle.setText(
            self.tr("Enter your mobile number. Press Back if you do not want to be called.")
        )
        self.keypad.set_placeholder(self.tr("Mobile number"))
        error = message_text(self._error) if self._error else None
        show_error(self.error, error.joined() if error else None)
