"""'Take your card': shown until the card is out, with a sound and a stronger text each time the
flow reminds the customer."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.flows.ports import TakeCard
from screens.alert_sound import AlertSound
from screens.base import Screen, show_error, text_label
from screens.theme import icon, px


class TakeCardScreen(Screen):
    """No buttons: the card leaving the slot moves the flow on. objectNames: take_card_title,
    take_card_text, take_card_reminder (only after a reminder), take_card_picture.

    `alerts_played` counts the reminder sounds (one per `set_prompt` with reminders > 0)."""

    name = "take_card"
    show_back = False
    show_cancel = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = TakeCard(bank_card=True)
        self.sound = AlertSound(self)
        self.picture = QLabel()
        self.picture.setObjectName("take_card_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(icon("take_card").pixmap(QSize(px(420), px(420))))
        self.title = text_label("title", "take_card_title")
        self.text = text_label("body", "take_card_text")
        self.reminder = text_label("banner", "take_card_reminder")
        self.reminder.hide()
        for label in (self.title, self.text, self.reminder):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addSpacing(px(120))
        self.body.addWidget(self.picture)
        self.body.addSpacing(px(24))
        self.body.addWidget(self.title)
        self.body.addWidget(self.text)
        self.body.addSpacing(px(24))
        self.body.addWidget(self.reminder)
        self.body.addStretch(1)
        self.retranslate()

    @property
    def alerts_played(self) -> int:
        """How many reminder alerts have sounded."""
        return self.sound.played

    def set_prompt(self, prompt: TakeCard) -> None:
        """Show the prompt; a reminder (reminders > 0) also sounds the alert once."""
        self._prompt = prompt
        self.retranslate()
        if prompt.reminders > 0:
            self.sound.play()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        prompt = self._prompt
        self.title.setText(self.tr("Please take your card"))
        if prompt.bank_card:
            self.text.setText(self.tr("Your bank card is coming out of the card slot."))
        else:
            self.text.setText(self.tr("Take your meter card out of the card reader."))
        reminder = None
        if prompt.reminders > 0:
            reminder = self.tr("Your card is still in the slot. Please take it now.")
        show_error(self.reminder, reminder)
