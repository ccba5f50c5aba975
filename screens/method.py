"""Choose the payment method: one big button per provider on offer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.backoffice.models import Provider
from kiosk.flows.ports import MethodChoice
from kiosk.money import format_yuan
from screens.base import Screen, card, text_label
from screens.messages import provider_name
from screens.theme import px
from screens.widgets.big_button import BigButton


class MethodScreen(Screen):
    """method_wechat and method_alipay (only those on offer); method_amount shows the amount and
    method_no_receipt warns when no receipt can be printed."""

    name = "method"
    chosen = Signal(Provider)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choice: MethodChoice | None = None
        self.title = text_label("title", "method_title")
        amount_card, amount_box = card()
        row = QHBoxLayout()
        self.amount_caption = text_label("label", wrap=False)
        self.amount = text_label("amount", "method_amount", wrap=False)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.amount_caption)
        row.addWidget(self.amount, 1)
        amount_box.addLayout(row)
        self.buttons: dict[Provider, BigButton] = {}
        buttons = QVBoxLayout()
        buttons.setSpacing(px(32))
        for provider in Provider:
            button = BigButton(f"method_{provider.value}", "method", provider.value, px(150))
            button.clicked.connect(lambda _=False, p=provider: self.chosen.emit(p))
            self.buttons[provider] = button
            buttons.addWidget(button)
        self.no_receipt = text_label("hint", "method_no_receipt")
        self.body.addWidget(self.title)
        self.body.addWidget(amount_card)
        self.body.addSpacing(px(16))
        self.body.addLayout(buttons)
        self.body.addWidget(self.no_receipt)
        self.body.addStretch(1)
        self.retranslate()

    def set_choice(self, choice: MethodChoice) -> None:
        """Offer exactly `choice.methods`."""
        self._choice = choice
        for provider, button in self.buttons.items():
            button.setVisible(provider in choice.methods)
        self.no_receipt.setVisible(not choice.receipt_available)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("How would you like to pay?"))
        self.amount_caption.setText(self.tr("Amount"))
        for provider, button in self.buttons.items():
            button.setText("   " + provider_name(provider))
        self.no_receipt.setText(
            self.tr("The receipt printer is not available. You can reprint the receipt later.")
        )
        if self._choice is not None:
            self.amount.setText(format_yuan(self._choice.amount_fen))
