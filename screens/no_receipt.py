"""The printer cannot print: pay anyway (receipt reprinted later) or stop here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from screens.base import Screen, icon_label, text_label
from screens.theme import px
from screens.widgets.big_button import BigButton


class NoReceiptScreen(Screen):
    """btn_pay_without_receipt answers True, btn_no_pay answers False."""

    name = "no_receipt"
    answered = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = icon_label("info", px(180))
        self.title = text_label("title", "no_receipt_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = text_label("body", "no_receipt_text")
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pay_anyway = BigButton("btn_pay_without_receipt", "primary")
        self.pay_anyway.clicked.connect(lambda: self.answered.emit(True))
        self.stop = BigButton("btn_no_pay")
        self.stop.clicked.connect(lambda: self.answered.emit(False))
        self.body.addSpacing(px(80))
        for widget in (self.picture, self.title, self.explanation):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.body.addWidget(self.pay_anyway)
        self.body.addWidget(self.stop)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("The receipt printer is not working"))
        self.explanation.setText(
            self.tr(
                "You can still pay. After paying, note the reference shown on the screen: "
                "with it you can reprint the receipt later on this terminal."
            )
        )
        self.pay_anyway.setText(self.tr("Pay without a receipt"))
        self.stop.setText(self.tr("Do not pay now"))
