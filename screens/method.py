"""Choose the payment method: one big button per method on offer, each saying how it is done."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.ports import MethodChoice, PayMethod
from kiosk.money import format_yuan
from screens.base import Screen, card, text_label
from screens.messages import method_text
from screens.theme import icon, px
from screens.widgets.big_button import BigButton

_METHOD_ICONS = {
    PayMethod.WECHAT: "wechat",
    PayMethod.ALIPAY: "alipay",
    PayMethod.WECHAT_QR: "wechat",
    PayMethod.ALIPAY_QR: "alipay",
    PayMethod.UNIONPAY: "unionpay",
}


class MethodButton(BigButton):
    """A method's button: provider logo, name, and a line saying how to pay (the labels let the
    press through to the button). The phone-scan methods carry a phone badge."""

    def __init__(self, method: PayMethod, parent: QWidget | None = None) -> None:
        super().__init__(f"method_{method.value}", "method", parent=parent)
        self.method = method
        row = QHBoxLayout(self)
        row.setContentsMargins(px(40), px(16), px(40), px(16))
        row.setSpacing(px(32))
        logo = QLabel()
        logo.setPixmap(icon(_METHOD_ICONS[method]).pixmap(QSize(px(110), px(110))))
        texts = QVBoxLayout()
        texts.setSpacing(px(4))
        self.title = text_label("method_title", f"method_{method.value}_title", wrap=False)
        self.how = text_label("method_how", f"method_{method.value}_how")
        texts.addStretch(1)
        texts.addWidget(self.title)
        texts.addWidget(self.how)
        texts.addStretch(1)
        row.addWidget(logo)
        row.addLayout(texts, 1)
        badges = {PayMethod.WECHAT_QR: "phone_scan", PayMethod.ALIPAY_QR: "phone_scan"}
        badges |= {PayMethod.WECHAT: "scanner", PayMethod.ALIPAY: "scanner"}
        badges[PayMethod.UNIONPAY] = "card_insert"
        badge = QLabel()
        badge.setPixmap(icon(badges[method]).pixmap(QSize(px(96), px(96))))
        row.addWidget(badge)
        for label in (logo, self.title, self.how, badge):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def retranslate(self) -> None:
        """Label the button in the current language (also its accessible name)."""
        text = method_text(self.method)
        self.title.setText(text.title)
        self.how.setText(text.next_step)
        self.setAccessibleName(f"{text.title}: {text.next_step}")


class MethodScreen(Screen):
    """method_wechat, method_alipay, method_wechat_qr, method_alipay_qr, method_unionpay (only
    those on offer, in the order given); method_amount shows the amount and method_no_receipt
    warns when no receipt can be printed."""

    name = "method"
    offers_video_teller = True
    chosen = Signal(PayMethod)

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
        self.buttons: dict[PayMethod, MethodButton] = {}
        self._buttons_box = QVBoxLayout()
        self._buttons_box.setSpacing(px(24))
        for method in PayMethod:
            button = MethodButton(method)
            button.clicked.connect(lambda _=False, m=method: self.chosen.emit(m))
            self.buttons[method] = button
            self._buttons_box.addWidget(button)
        self.no_receipt = text_label("hint", "method_no_receipt")
        self.body.addWidget(self.title)
        self.body.addWidget(amount_card)
        self.body.addSpacing(px(8))
        self.body.addLayout(self._buttons_box)
        self.body.addWidget(self.no_receipt)
        self.body.addStretch(1)
        self.retranslate()

    def set_choice(self, choice: MethodChoice) -> None:
        """Offer exactly `choice.methods`, in that order."""
        self._choice = choice
        for method, button in self.buttons.items():
            button.setVisible(method in choice.methods)
        for index, method in enumerate(choice.methods):
            self._buttons_box.insertWidget(index, self.buttons[method])
        self.no_receipt.setVisible(not choice.receipt_available)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("How would you like to pay?"))
        self.amount_caption.setText(self.tr("Amount"))
        for button in self.buttons.values():
            button.retranslate()
        self.no_receipt.setText(
            self.tr("The receipt printer is not available. You can reprint the receipt later.")
        )
        if self._choice is not None:
            self.amount.setText(format_yuan(self._choice.amount_fen))
