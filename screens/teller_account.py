"""The account summary the customer allowed the teller to open, shown with the call."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.teller_ports import TellerAccount
from screens.account import AccountSummary, summary_scroll
from screens.base import text_label
from screens.teller_base import TellerScreen
from screens.widgets.big_button import BigButton


class TellerAccountScreen(TellerScreen):
    """The account screen's summary (AccountSummary: account_no, account_bills, ...) under the
    call strip, in teller_account_scroll; btn_back_to_call emits `back_to_call`. The teller sees
    the same summary on their console: teller_account_shared says so."""

    name = "teller_account"
    scrollable = False
    back_to_call = Signal()

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(monotonic, parent)
        self.summary = AccountSummary()
        self.shared = text_label("hint", "teller_account_shared")
        self.back = BigButton("btn_back_to_call", "primary")
        self.back.clicked.connect(self.back_to_call)
        self.body.addWidget(self.shared)
        self.body.addWidget(summary_scroll(self.summary, "teller_account_scroll"), 1)
        self.body.addWidget(self.back)
        self.retranslate()

    def set_account(self, account: TellerAccount) -> None:
        """Show `account.account` with `account.call` in the strip."""
        self.summary.set_view(account.account)
        self.set_call(account.call)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.summary.retranslate()
        self.shared.setText(self.tr("The teller sees this summary too."))
        self.back.setText(self.tr("Back to the call"))
