"""Payment in progress: what is happening now and what the customer should do meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.flows.ports import Stage
from kiosk.money import format_yuan
from screens.base import Screen, text_label
from screens.messages import stage_text
from screens.theme import icon, px
from screens.widgets.spinner import Spinner

# Stages where the customer has something to do with their hands: a picture shows how, instead
# of the spinner.
STAGE_PICTURES = {
    Stage.INSERT_CARD: "card_insert",
    Stage.ENTER_PIN: "pin_pad",
}
# Stages whose hint is a warning (pulling the card out now would interrupt the write).
WARNING_STAGES = frozenset({Stage.WRITING_CARD, Stage.AUTHORISING})


class ProcessingScreen(Screen):
    """No Back (a sent payment is never abandoned); Cancel (btn_cancel in the footer) only while
    the flow allows it. objectNames: processing_stage, processing_hint, processing_amount,
    processing_picture (only for stages with a picture: insert card, enter PIN), processing_warning
    (the next step as a warning, instead of processing_hint, while authorising or writing a card;
    processing_hint keeps the same text)."""

    name = "processing"
    show_back = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage = Stage.SENDING
        self._amount_fen = 0
        self.spinner = Spinner(px(220))
        self.picture = QLabel()
        self.picture.setObjectName("processing_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.hide()
        self.stage = text_label("title", "processing_stage")
        self.hint = text_label("subtitle", "processing_hint")
        # A label of its own rather than a role switched at run time: Qt does not re-measure a
        # label whose style sheet padding changes after it was laid out.
        self.warning = text_label("banner", "processing_warning")
        self.warning.hide()
        self.amount = text_label("amount", "processing_amount")
        for label in (self.stage, self.hint, self.warning, self.amount):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(2)
        self.body.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.picture)
        self.body.addSpacing(px(40))
        self.body.addWidget(self.stage)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.warning)
        self.body.addSpacing(px(24))
        self.body.addWidget(self.amount)
        self.body.addStretch(3)
        self.retranslate()

    def set_stage(self, stage: Stage, amount_fen: int) -> None:
        """Show `stage` for a payment of `amount_fen` (0: no amount, e.g. reading a card)."""
        self._stage = stage
        self._amount_fen = amount_fen
        picture = STAGE_PICTURES.get(stage)
        if picture is not None:
            self.picture.setPixmap(icon(picture).pixmap(QSize(px(420), px(420))))
        self.picture.setVisible(picture is not None)
        self.spinner.setVisible(picture is None)
        warning = stage in WARNING_STAGES
        self.hint.setVisible(not warning)
        self.warning.setVisible(warning)
        self.amount.setVisible(amount_fen > 0)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        text = stage_text(self._stage)
        self.stage.setText(text.title)
        self.hint.setText(text.next_step)
        self.warning.setText(text.next_step)
        self.amount.setText(format_yuan(self._amount_fen))
