"""Payment in progress: what is happening now and what the customer should do meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.flows.ports import Stage
from kiosk.money import format_yuan
from screens.base import Screen, text_label
from screens.messages import stage_text
from screens.theme import px
from screens.widgets.spinner import Spinner


class ProcessingScreen(Screen):
    """No Back (a sent payment is never abandoned); Cancel (btn_cancel in the footer) only while
    the flow allows it. objectNames: processing_stage, processing_hint, processing_amount."""

    name = "processing"
    show_back = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage = Stage.SENDING
        self._amount_fen = 0
        self.spinner = Spinner(px(220))
        self.stage = text_label("title", "processing_stage")
        self.hint = text_label("subtitle", "processing_hint")
        self.amount = text_label("amount", "processing_amount")
        for label in (self.stage, self.hint, self.amount):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(2)
        self.body.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addSpacing(px(40))
        self.body.addWidget(self.stage)
        self.body.addWidget(self.hint)
        self.body.addSpacing(px(24))
        self.body.addWidget(self.amount)
        self.body.addStretch(3)
        self.retranslate()

    def set_stage(self, stage: Stage, amount_fen: int) -> None:
        """Show `stage` for a payment of `amount_fen`."""
        self._stage = stage
        self._amount_fen = amount_fen
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        text = stage_text(self._stage)
        self.stage.setText(text.title)
        self.hint.setText(text.next_step)
        self.amount.setText(format_yuan(self._amount_fen))
