"""'Insert your meter card': how to insert the prepaid (IC) card, and why the last one failed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.flows.ports import PrepaidCardPrompt
from screens.base import Screen, icon_label, show_error, text_label
from screens.messages import message_text
from screens.theme import px


class PrepaidInsertScreen(Screen):
    """Waits for the card reader, which the flow watches: only Back and Cancel. objectNames:
    prepaid_insert_title, prepaid_insert_steps, prepaid_insert_error."""

    name = "prepaid_insert"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = PrepaidCardPrompt()
        self.title = text_label("title", "prepaid_insert_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = text_label("subtitle", "prepaid_insert_subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = text_label("error", "prepaid_insert_error")
        self.error.hide()
        self.picture = icon_label("ic_card", px(440))
        self.steps = text_label("body", "prepaid_insert_steps")
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.body.addWidget(self.picture)
        self.body.addWidget(self.steps)
        self.body.addStretch(2)
        self.retranslate()

    def set_prompt(self, prompt: PrepaidCardPrompt) -> None:
        """Show the prompt, with the last card's problem if there was one."""
        self._prompt = prompt
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Insert your meter card"))
        self.subtitle.setText(self.tr("Buy electricity for your prepaid (card) meter"))
        self.steps.setText(
            self.tr(
                "Hold the card with the chip facing up and push it, chip first, into the card "
                "reader below the screen. Leave it there until you are told to take it."
            )
        )
        error = message_text(self._prompt.error) if self._prompt.error else None
        show_error(self.error, error.joined() if error else None)
