"""Day-end reconciliation: totals by payment method on both sides, the transactions that differ,
and Print / Send to the back office."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.backoffice.fleet_models import MethodTotal, ReconciliationDifference
from kiosk.maintenance.ports import ReconciliationRequest, ReconciliationView
from kiosk.money import format_yuan
from screens.base import text_label
from screens.staff_base import StaffScreen, staff_button
from screens.staff_texts import difference_kind_name, method_name, money_or_dash, tx_state_name
from screens.theme import px
from screens.widgets.table import FullHeightTable

DIFFERS_MARK = "≠"
MATCHES_MARK = "="


def totals_differ(total: MethodTotal) -> bool:
    """Whether the two sides disagree on a method's count or amount."""
    return (total.journal_count, total.journal_fen) != (
        total.backoffice_count,
        total.backoffice_fen,
    )


class StaffReconcileScreen(StaffScreen):
    """reconcile_title, reconcile_balance ("Balanced" / "N differences"), reconcile_totals
    (method, terminal count and amount, back office count and amount, "=" or "≠"),
    reconcile_differences (order no., kind, terminal side, back-office side), btn_print,
    btn_send, reconcile_sent (the report id once sent). Back (btn_staff_back) goes up.
    `requested(ReconciliationRequest)`."""

    name = "staff_reconcile"
    has_back = True
    requested = Signal(ReconciliationRequest)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: ReconciliationView | None = None
        self.title = text_label("staff_title", "reconcile_title")
        self.balance = text_label("badge", "reconcile_balance")
        self.balance.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.totals_title = text_label("staff_section", "reconcile_totals_title")
        self.totals = FullHeightTable("reconcile_totals", (False, True, True, True, True, False))
        self.differences_title = text_label("staff_section", "reconcile_differences_title")
        self.differences = FullHeightTable("reconcile_differences", (False, False, True, True))
        self.sent = text_label("hint", "reconcile_sent")
        self.print_button = staff_button("btn_print")
        self.print_button.clicked.connect(lambda: self.requested.emit(ReconciliationRequest.PRINT))
        self.send_button = staff_button("btn_send", "primary")
        self.send_button.clicked.connect(lambda: self.requested.emit(ReconciliationRequest.SEND))
        buttons = QHBoxLayout()
        buttons.setSpacing(px(24))
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.send_button)
        self.body.addWidget(self.title)
        self.body.addWidget(self.balance)
        self.body.addWidget(self.totals_title)
        self.body.addWidget(self.totals)
        self.body.addWidget(self.differences_title)
        self.body.addWidget(self.differences)
        self.body.addWidget(self.sent)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.retranslate()

    def set_view(self, view: ReconciliationView) -> None:
        """Show `view`."""
        self._view = view
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.totals_title.setText(self.tr("Totals by method"))
        self.differences_title.setText(self.tr("Transactions that differ"))
        self.totals.set_headers(
            [
                self.tr("Method"),
                self.tr("Terminal (count)"),
                self.tr("Terminal"),
                self.tr("Back office (count)"),
                self.tr("Back office"),
                self.tr("Match"),
            ]
        )
        self.differences.set_headers(
            [
                self.tr("Order no."),
                self.tr("Difference"),
                self.tr("Terminal"),
                self.tr("Back office"),
            ]
        )
        view = self._view
        self.title.setText(
            self.tr("Day-end reconciliation {day}").format(day=view.day if view else "")
        )
        if view is None:
            return
        count = len(view.differences)
        if count:
            self.balance.setText(self.tr("{count} differences").format(count=count))
        else:
            self.balance.setText(self.tr("Balanced: both sides agree"))
        self.balance.setProperty("tone", "bad" if count else "ok")
        self.balance.style().unpolish(self.balance)
        self.balance.style().polish(self.balance)
        self.totals.set_rows([self._total_cells(total) for total in view.totals])
        for r, total in enumerate(view.totals):
            if totals_differ(total):
                for c in range(self.totals.columnCount()):
                    item = self.totals.item(r, c)
                    if item is not None:
                        item.setForeground(Qt.GlobalColor.darkRed)
        self.differences.set_rows([_difference_cells(d) for d in view.differences])
        self.differences_title.setVisible(bool(view.differences))
        self.differences.setVisible(bool(view.differences))
        self.print_button.setText(
            self.tr("Print again") if view.printed else self.tr("Print the report")
        )
        if view.sent_report_id:
            self.send_button.setText(self.tr("Send again"))
            self.sent.setText(
                self.tr("Sent to the back office: report {report_id}").format(
                    report_id=view.sent_report_id
                )
            )
        else:
            self.send_button.setText(self.tr("Send to back office"))
        self.sent.setVisible(bool(view.sent_report_id))

    def _total_cells(self, total: MethodTotal) -> list[str]:
        return [
            method_name(total.method),
            str(total.journal_count),
            format_yuan(total.journal_fen),
            str(total.backoffice_count),
            format_yuan(total.backoffice_fen),
            DIFFERS_MARK + " " + self.tr("differs")
            if totals_differ(total)
            else MATCHES_MARK + " " + self.tr("matches"),
        ]


def _side(fen: int | None, state: str | None) -> str:
    if fen is None and state is None:
        return "—"
    text = money_or_dash(fen)
    return f"{text} {tx_state_name(state)}" if state else text


def _difference_cells(difference: ReconciliationDifference) -> list[str]:
    return [
        difference.out_trade_no,
        f"{method_name(difference.method)}: {difference_kind_name(difference.kind)}",
        _side(difference.journal_fen, difference.journal_state),
        _side(difference.backoffice_fen, difference.backoffice_state),
    ]
