"""The end of a payment: paid or not, the receipt, the reference, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.flows.ports import Outcome
from kiosk.money import format_yuan
from screens.base import Screen, card, show_error, text_label
from screens.messages import message_text
from screens.theme import icon, px
from screens.widgets.big_button import BigButton


class OutcomeScreen(Screen):
    """btn_done (or a tap anywhere) acknowledges; it also closes by itself. objectNames:
    outcome_status, outcome_amount, outcome_receipt, outcome_reference, outcome_message,
    outcome_closing."""

    name = "outcome"
    show_back = False
    show_cancel = False
    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outcome: Outcome | None = None
        self._seconds_left = 0
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = text_label("status_ok", "outcome_status")
        self.amount = text_label("amount", "outcome_amount")
        self.receipt = text_label("value", "outcome_receipt")
        details, details_box = card()
        self.reference = text_label("value", "outcome_reference")
        self.message = text_label("body", "outcome_message")
        details_box.addWidget(self.reference)
        details_box.addWidget(self.message)
        self.details = details
        self.closing = text_label("muted", "outcome_closing")
        for label in (self.status, self.amount, self.receipt, self.reference, self.closing):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done = BigButton("btn_done", "primary")
        self.done.clicked.connect(self.acknowledged)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.body.addSpacing(px(60))
        for widget in (self.picture, self.status, self.amount, self.receipt, details):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.body.addWidget(self.closing)
        self.body.addWidget(self.done)
        self.retranslate()

    def set_outcome(self, outcome: Outcome, seconds: float) -> None:
        """Show `outcome`; the closing note counts down from `seconds`."""
        self._outcome = outcome
        self._seconds_left = max(0, round(seconds))
        self.picture.setPixmap(
            icon("success" if outcome.paid else "failure").pixmap(QSize(px(200), px(200)))
        )
        self.status.setProperty("role", "status_ok" if outcome.paid else "status_fail")
        self.status.style().polish(self.status)
        self._ticker.start()
        self.retranslate()

    def stop_countdown(self) -> None:
        """Stop the closing note's countdown (the screen is leaving)."""
        self._ticker.stop()

    def _tick(self) -> None:
        self._seconds_left = max(0, self._seconds_left - 1)
        self._label_closing()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap anywhere acknowledges, as the paid screen is informational."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.acknowledged.emit()
        super().mousePressEvent(event)

    def _label_closing(self) -> None:
        self.closing.setText(
            self.tr("This screen closes in {seconds} s.").format(seconds=self._seconds_left)
        )

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.done.setText(self.tr("Done"))
        self._label_closing()
        outcome = self._outcome
        if outcome is None:
            return
        self.status.setText(
            self.tr("Payment successful") if outcome.paid else self.tr("Payment not made")
        )
        self.amount.setText(format_yuan(outcome.amount_fen))
        receipt = None
        if outcome.paid and outcome.receipt_printed:
            receipt = self.tr("Please take your receipt from the slot below.")
        elif not outcome.paid:
            receipt = self.tr("No money was taken.")
        show_error(self.receipt, receipt)
        self.reference.setText(
            self.tr("Reference: {reference}").format(reference=outcome.reference)
        )
        self.reference.setVisible(bool(outcome.reference))
        explained = message_text(outcome.message, outcome.params) if outcome.message else None
        show_error(self.message, explained.joined() if explained else None)
        self.details.setVisible(bool(outcome.reference) or explained is not None)
