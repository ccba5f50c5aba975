"""'Show your payment code to the scanner': provider, amount, how to do it, and what went wrong."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.flows.ports import CodePrompt
from kiosk.money import format_yuan
from screens.base import Screen, card, icon_label, show_error, text_label
from screens.messages import message_text, provider_name
from screens.theme import icon, px


class CodeScreen(Screen):
    """Waits for the scanner, which the flow reads: the only buttons are Back and Cancel.
    objectNames: code_title, code_amount, code_steps, code_error."""

    name = "code"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt: CodePrompt | None = None
        self.title = text_label("title", "code_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = text_label("error", "code_error")
        self.error.hide()
        amount_card, amount_box = card()
        row = QHBoxLayout()
        row.setSpacing(px(20))
        self.provider_icon = QLabel()
        self.provider_icon.setObjectName("code_provider_icon")
        row.addWidget(self.provider_icon)
        self.amount_caption = text_label("label", wrap=False)
        self.amount = text_label("amount", "code_amount", wrap=False)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.amount_caption)
        row.addWidget(self.amount, 1)
        amount_box.addLayout(row)
        self.picture = icon_label("scanner", px(420))
        self.steps = text_label("body", "code_steps")
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(amount_card)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.body.addWidget(self.picture)
        self.body.addWidget(self.steps)
        self.body.addStretch(2)
        self.retranslate()

    def set_prompt(self, prompt: CodePrompt) -> None:
        """Show this prompt (with its error, if the last code was refused)."""
        self._prompt = prompt
        self.provider_icon.setPixmap(icon(prompt.provider.value).pixmap(QSize(px(88), px(88))))
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        prompt = self._prompt
        provider = provider_name(prompt.provider) if prompt else ""
        self.title.setText(self.tr("Show your {provider} payment code").format(provider=provider))
        self.amount_caption.setText(self.tr("Amount"))
        self.steps.setText(
            self.tr(
                "Open {provider} on your phone, choose Pay, and hold the payment code "
                "10–20 cm under the scanner window until you hear a beep."
            ).format(provider=provider)
        )
        if prompt is None:
            return
        self.amount.setText(format_yuan(prompt.amount_fen))
        error = message_text(prompt.error, prompt.error_params) if prompt.error else None
        show_error(self.error, error.joined() if error else None)
