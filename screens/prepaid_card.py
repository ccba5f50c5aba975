"""The prepaid card: its meter, the credit left at the last write-back, recent purchases, a
purchase still to be written, and Buy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.flows.ports import PrepaidCardView
from kiosk.money import format_yuan
from screens.base import Screen, card, show_error, text_label
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.table import FullHeightTable


class PrepaidCardScreen(Screen):
    """btn_buy (when the card can take a purchase) or btn_ok (when it cannot) continues.
    objectNames: prepaid_account, prepaid_name, prepaid_address, prepaid_meter, prepaid_remaining,
    prepaid_purchases (table), prepaid_no_purchases, prepaid_pending (banner), prepaid_blocked."""

    name = "prepaid_card"
    offers_video_teller = True
    go_on = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: PrepaidCardView | None = None
        self.title = text_label("title", "prepaid_title")
        self.pending = text_label("banner", "prepaid_pending")
        self.pending.hide()
        details, details_box = card(px(12))
        grid = QGridLayout()
        grid.setHorizontalSpacing(px(24))
        grid.setVerticalSpacing(px(14))
        self._captions = [text_label("label", wrap=False) for _ in range(5)]
        self.account = text_label("value", "prepaid_account")
        self.name_value = text_label("value", "prepaid_name")
        self.address = text_label("value", "prepaid_address")
        self.meter = text_label("value", "prepaid_meter")
        self.remaining = text_label("amount", "prepaid_remaining", wrap=False)
        values = (self.meter, self.account, self.name_value, self.address, self.remaining)
        for row, (caption, value) in enumerate(zip(self._captions, values, strict=True)):
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        details_box.addLayout(grid)
        self.purchases_title = text_label("subtitle", "prepaid_purchases_title")
        self.purchases = FullHeightTable("prepaid_purchases", (False, True, False))
        self.no_purchases = text_label("muted", "prepaid_no_purchases")
        self.blocked = text_label("hint", "prepaid_blocked")
        self.blocked.hide()
        self.buy = BigButton("btn_buy", "primary")
        self.buy.clicked.connect(self.go_on)
        self.ok = BigButton("btn_ok", "primary")
        self.ok.clicked.connect(self.go_on)
        self.body.addWidget(self.title)
        self.body.addWidget(self.pending)
        self.body.addWidget(details)
        self.body.addWidget(self.purchases_title)
        self.body.addWidget(self.purchases)
        self.body.addWidget(self.no_purchases)
        self.body.addWidget(self.blocked)
        self.body.addStretch(1)
        self.body.addWidget(self.buy)
        self.body.addWidget(self.ok)
        self.retranslate()

    def set_view(self, view: PrepaidCardView) -> None:
        """Show `view` (already masked by the flow)."""
        self._view = view
        self.buy.setVisible(view.can_buy)
        self.ok.setVisible(not view.can_buy)
        self.purchases.setVisible(bool(view.last_purchases))
        self.no_purchases.setVisible(not view.last_purchases)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Your meter card"))
        captions = (
            self.tr("Meter number"),
            self.tr("Account number"),
            self.tr("Name"),
            self.tr("Address"),
            self.tr("Credit in the meter"),
        )
        for label, text in zip(self._captions, captions, strict=True):
            label.setText(text)
        self.purchases_title.setText(self.tr("Recent purchases"))
        self.purchases.set_headers((self.tr("Date"), self.tr("Amount"), self.tr("On the card")))
        self.no_purchases.setText(self.tr("No purchases yet."))
        self.buy.setText(self.tr("Buy electricity"))
        self.ok.setText(self.tr("OK"))
        view = self._view
        if view is None:
            return
        self.account.setText(view.account_no)
        self.name_value.setText(view.masked_name)
        self.address.setText(view.masked_address)
        self.meter.setText(view.meter_no)
        self.remaining.setText(
            format_yuan(view.remaining_fen)
            if view.remaining_fen is not None
            else self.tr("Unknown")
        )
        self.purchases.set_rows(
            [
                (
                    line.at,
                    format_yuan(line.amount_fen),
                    self.tr("Written") if line.written else self.tr("Not yet written"),
                )
                for line in view.last_purchases
            ]
        )
        pending = None
        if view.pending_fen > 0:
            pending = self.tr(
                "An earlier purchase of {amount} is paid but not yet on your card. It will be "
                "written to your card now."
            ).format(amount=format_yuan(view.pending_fen))
        show_error(self.pending, pending)
        blocked = None
        if not view.can_buy:
            blocked = self.tr(
                "Your last purchase has not been loaded into the meter yet. Insert the card into "
                "your meter first, then come back to buy more."
            )
        show_error(self.blocked, blocked)
