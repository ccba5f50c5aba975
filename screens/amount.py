"""How much to pay: the arrears as a fixed amount, or a top-up typed or chosen from presets."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.flows.ports import AmountChoice
from kiosk.money import format_yuan, parse_yuan
from screens.base import Screen, card, show_error, text_label
from screens.messages import message_text
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.keypad import Keypad

PRESETS_PER_ROW = 3
# ¥99,999.99 is above any per-transaction limit; longer entries are typing mistakes.
MAX_YUAN_DIGITS = 5


def _yuan_entry(text: str) -> str:
    return f"¥ {text}"


def _fen_of(text: str) -> int:
    try:
        return parse_yuan(text.rstrip("."))
    except ValueError:
        return 0


class AmountScreen(Screen):
    """Fixed arrears: the amount (amount_due) and btn_pay. Top-up: the limits (amount_limits),
    presets amount_preset_<fen> that fill the keypad, the keypad (keypad_*, keypad_dot) and
    keypad_ok to pay. amount_error explains a refused amount."""

    name = "amount"
    offers_video_teller = True
    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choice: AmountChoice | None = None
        self._preset_buttons: list[BigButton] = []
        self._preset_fen: list[int] = []
        self.title = text_label("title", "amount_title")
        self.subtitle = text_label("subtitle", "amount_subtitle")
        self.error = text_label("error", "amount_error")
        self.error.hide()

        self.due_card, due_box = card()
        self.due_caption = text_label("label")
        self.due = text_label("amount_due", "amount_due")
        due_box.addWidget(self.due_caption)
        due_box.addWidget(self.due)

        self.limits = text_label("hint", "amount_limits")
        self.presets = QWidget()
        self.presets_grid = QGridLayout(self.presets)
        self.presets_grid.setContentsMargins(0, 0, 0, 0)
        self.presets_grid.setSpacing(px(16))
        self.keypad = Keypad(
            MAX_YUAN_DIGITS,
            decimals=2,
            ok_when=lambda text: _fen_of(text) > 0,
            display_format=_yuan_entry,
            ok_text=lambda: self.tr("Pay"),
        )
        self.keypad.submitted.connect(lambda text: self.chosen.emit(_fen_of(text)))

        self.pay_button = BigButton("btn_pay", "primary")
        self.pay_button.clicked.connect(self._pay_arrears)

        for widget in (self.title, self.subtitle, self.error, self.due_card, self.limits):
            self.body.addWidget(widget)
        self.body.addWidget(self.presets)
        self.body.addWidget(self.keypad)
        self.body.addStretch(1)
        self.body.addWidget(self.pay_button)
        self.retranslate()

    def set_choice(self, choice: AmountChoice) -> None:
        """Offer this choice; the typed amount is kept when asking again after an error."""
        if choice.error is None:
            self.keypad.clear()
            if choice.topup_allowed and choice.arrears_fen > 0:
                # Most customers pay what they owe: offer it typed in, ready to confirm.
                self._preset(choice.arrears_fen)
        self._choice = choice
        presets = list(choice.presets_fen) if choice.topup_allowed else []
        # Buttons are made once and reused: a kiosk shows this screen thousands of times, and
        # widgets made and deleted per visit cost time and memory.
        while len(self._preset_buttons) < len(presets):
            index = len(self._preset_buttons)
            button = BigButton(f"amount_preset_{index}", "preset")
            button.clicked.connect(lambda _=False, i=index: self._preset(self._preset_fen[i]))
            self.presets_grid.addWidget(button, index // PRESETS_PER_ROW, index % PRESETS_PER_ROW)
            self._preset_buttons.append(button)
        self._preset_fen = presets
        for index, button in enumerate(self._preset_buttons):
            if index < len(presets):
                button.setObjectName(f"amount_preset_{presets[index]}")
                button.setText(format_yuan(presets[index]))
            else:
                button.setObjectName(f"amount_preset_unused_{index}")
            button.setVisible(index < len(presets))
        topup = choice.topup_allowed
        self.due_card.setVisible(not topup or choice.arrears_fen > 0)
        self.limits.setVisible(topup)
        self.presets.setVisible(topup and bool(choice.presets_fen))
        self.keypad.setVisible(topup)
        self.pay_button.setVisible(not topup)
        self.retranslate()

    def _preset(self, fen: int) -> None:
        self.keypad.set_text(f"{fen // 100}.{fen % 100:02d}" if fen % 100 else str(fen // 100))

    def _pay_arrears(self) -> None:
        if self._choice is not None:
            self.chosen.emit(self._choice.arrears_fen)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.keypad.retranslate()
        choice = self._choice
        topup = choice is not None and choice.topup_allowed
        if topup:
            self.title.setText(self.tr("How much would you like to pay?"))
            self.subtitle.setText(self.tr("Choose an amount or type it in yuan."))
        else:
            self.title.setText(self.tr("Amount to pay"))
            self.subtitle.setText(self.tr("The full amount due is paid in one payment."))
        self.due_caption.setText(self.tr("Amount due"))
        self.keypad.set_placeholder(self.tr("Amount in yuan"))
        if choice is None:
            return
        self.due.setText(format_yuan(choice.arrears_fen))
        self.limits.setText(
            self.tr("You can pay from {min} to {max}.").format(
                min=format_yuan(choice.min_fen), max=format_yuan(choice.max_fen)
            )
        )
        self.pay_button.setText(
            self.tr("Pay {amount}").format(amount=format_yuan(choice.arrears_fen))
        )
        params = {"min": str(choice.min_fen), "max": str(choice.max_fen)}
        error = message_text(choice.error, params) if choice.error else None
        show_error(self.error, error.joined() if error else None)
