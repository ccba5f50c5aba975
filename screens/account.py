"""The account summary: who (masked), what tariff, what is owed, and the last 12 bills."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.backoffice.models import Bill
from kiosk.flows.ports import AccountView
from kiosk.money import format_yuan
from screens.base import Screen, card, text_label
from screens.identify import group_account_digits
from screens.messages import account_kind_name, bill_status_name
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.table import FullHeightTable


def format_price_li(li: int) -> str:
    """A tariff price in li (1/1000 yuan) as `¥0.538`; integer arithmetic, like all money."""
    return f"¥{li // 1000}.{li % 1000:03d}"


class AccountSummary(QWidget):
    """The summary itself (details, money, bills, tiers), shared by the account screen and the
    teller's account screen. objectNames: account_no, account_name, account_address,
    account_kind, account_tariff, account_retail, account_arrears, account_balance,
    account_bills (table), account_tiers (table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scroll_body")
        self._view: AccountView | None = None
        self.title = text_label("title", "account_title")

        details, details_box = card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(px(32))
        grid.setVerticalSpacing(px(14))
        self._caption_labels: list[tuple[str, QLabel, QLabel]] = []
        for row, key in enumerate(("no", "name", "address", "kind", "tariff", "retail")):
            caption = text_label("label", wrap=False)
            value = text_label("value", f"account_{key}")
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self._caption_labels.append((key, caption, value))
        grid.setColumnStretch(1, 1)
        details_box.addLayout(grid)

        money, money_box = card()
        money_row = QHBoxLayout()
        self.arrears_caption = text_label("label")
        self.arrears = text_label("amount_due", "account_arrears")
        self.balance_caption = text_label("label")
        self.balance = text_label("amount", "account_balance")
        for caption, value in (
            (self.arrears_caption, self.arrears),
            (self.balance_caption, self.balance),
        ):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(value)
            money_row.addLayout(column, 1)
        money_box.addLayout(money_row)

        bills, bills_box = card()
        self.bills_title = text_label("subtitle")
        self.bills = FullHeightTable("account_bills", (False, True, True, False))
        bills_box.addWidget(self.bills_title)
        bills_box.addWidget(self.bills)

        self.tiers_card, tiers_box = card()
        self.tiers_title = text_label("subtitle")
        self.tiers = FullHeightTable("account_tiers", (False, True, True, True))
        tiers_box.addWidget(self.tiers_title)
        tiers_box.addWidget(self.tiers)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, px(8), 0)
        column.setSpacing(px(24))
        for widget in (self.title, details, money, bills, self.tiers_card):
            column.addWidget(widget)
        column.addStretch(1)
        self.retranslate()

    def set_view(self, view: AccountView) -> None:
        """Show this account."""
        self._view = view
        self.retranslate()

    def view(self) -> AccountView | None:
        """The account shown."""
        return self._view

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Your account"))
        captions = {
            "no": self.tr("Account number"),
            "name": self.tr("Name"),
            "address": self.tr("Address"),
            "kind": self.tr("Account type"),
            "tariff": self.tr("Tariff"),
            "retail": self.tr("Retail company"),
        }
        self.arrears_caption.setText(self.tr("Amount due"))
        self.balance_caption.setText(self.tr("Balance"))
        self.bills_title.setText(self.tr("Recent bills"))
        self.bills.set_headers(
            [self.tr("Month"), self.tr("Usage (kWh)"), self.tr("Amount"), self.tr("Status")]
        )
        self.tiers.set_headers(
            [self.tr("Tier"), self.tr("Usage (kWh)"), self.tr("Price per kWh"), self.tr("Amount")]
        )
        view = self._view
        values = self._values(view)
        for key, caption, value in self._caption_labels:
            caption.setText(captions[key])
            value.setText(values.get(key, ""))
            shown = key != "retail" or bool(values.get("retail"))
            caption.setVisible(shown)
            value.setVisible(shown)
        if view is None:
            return
        self.arrears.setText(format_yuan(view.arrears_fen))
        self.arrears.setProperty("role", "amount_due" if view.arrears_fen > 0 else "amount")
        self.arrears.style().polish(self.arrears)
        self.balance.setText(format_yuan(view.balance_fen))
        self.bills.set_rows([self._bill_row(bill) for bill in view.bills[:12]])
        self._show_tiers(view.bills[0] if view.bills else None)

    def _values(self, view: AccountView | None) -> dict[str, str]:
        if view is None:
            return {}
        return {
            "no": group_account_digits(view.account_no),
            "name": view.masked_name,
            "address": view.masked_address,
            "kind": account_kind_name(view.kind),
            "tariff": view.tariff_name,
            "retail": view.retail_company or "",
        }

    def _bill_row(self, bill: Bill) -> list[str]:
        return [
            bill.period,
            f"{bill.kwh:,}",
            format_yuan(bill.amount_fen),
            bill_status_name(bill.status),
        ]

    def _show_tiers(self, latest: Bill | None) -> None:
        if latest is None or not latest.tiers:
            self.tiers_card.hide()
            return
        self.tiers_card.show()
        self.tiers_title.setText(
            self.tr("Latest bill by tier ({period})").format(period=latest.period)
        )
        self.tiers.set_rows(
            [
                [
                    self.tr("Tier {n}").format(n=line.tier),
                    f"{line.kwh:,}",
                    format_price_li(line.price_li),
                    format_yuan(line.amount_fen),
                ]
                for line in latest.tiers
            ]
        )


def summary_scroll(summary: AccountSummary, object_name: str) -> QScrollArea:
    """`summary` in a scroll area that a finger drags, as on a phone (the wheel still works)."""
    scroll = QScrollArea()
    scroll.setObjectName(object_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(summary)
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return scroll


class AccountScreen(Screen):
    """Name and address arrive masked (AccountView); this screen never sees them in full.
    The summary's objectNames (AccountSummary), account_scroll, account_nothing_due, btn_pay
    (only when the account can pay). Offers the footer's Video teller button."""

    name = "account"
    scrollable = False
    offers_video_teller = True
    pay = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = AccountSummary()
        self.title = self.summary.title
        self.bills = self.summary.bills
        self.tiers = self.summary.tiers
        scroll = summary_scroll(self.summary, "account_scroll")
        self.pay_button = BigButton("btn_pay", "primary")
        self.pay_button.clicked.connect(self.pay)
        self.nothing_due = text_label("hint", "account_nothing_due")
        self.body.addWidget(scroll, 1)
        self.body.addWidget(self.nothing_due)
        self.body.addWidget(self.pay_button)
        self.retranslate()

    def set_view(self, view: AccountView) -> None:
        """Show this account."""
        self.summary.set_view(view)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.summary.retranslate()
        self.pay_button.setText(self.tr("Continue to payment"))
        self.nothing_due.setText(self.tr("There is nothing to pay on this account."))
        view = self.summary.view()
        if view is None:
            return
        self.pay_button.setVisible(view.can_pay)
        self.nothing_due.setVisible(not view.can_pay)
