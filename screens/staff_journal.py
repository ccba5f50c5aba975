"""The day's journal for staff: filters, the masked transactions, reprint, and what to do about a
transaction waiting in manual review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidgetItem,
    QWidget,
)

from kiosk.maintenance.ports import JournalFilter, JournalRequest, JournalRow, JournalView
from kiosk.money import format_yuan
from screens.base import show_error, text_label
from screens.staff_base import StaffScreen, staff_button
from screens.staff_texts import (
    journal_filter_name,
    method_name,
    purpose_name,
    review_advice_text,
    tx_state_name,
)
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.table import FullHeightTable

# time, reference, method, purpose, amount, state, account, card
_NUMERIC = (False, False, False, False, True, False, False, False)


class JournalTable(FullHeightTable):
    """The journal rows at full height (the page scrolls), one row selectable by a tap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("journal_table", _NUMERIC, parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Eight columns on a 1080 px portrait screen: each as wide as its text, never "03***…".
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)


class StaffJournalScreen(StaffScreen):
    """Filter buttons journal_filter_<value> (the current one checked), journal_table, the
    summary journal_summary (count and paid total), and for the selected row journal_selected,
    journal_advice (manual review: what to do) and btn_reprint (only when the row can be
    reprinted). Back (btn_staff_back) goes up to the dashboard. `requested(JournalRequest)`."""

    name = "staff_journal"
    has_back = True
    requested = Signal(JournalRequest)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: JournalView | None = None
        self.title = text_label("staff_title", "journal_title")
        self.filters: dict[JournalFilter, BigButton] = {}
        filters = QHBoxLayout()
        filters.setSpacing(px(12))
        for journal_filter in JournalFilter:
            button = staff_button(f"journal_filter_{journal_filter.value}", "staff_filter")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, f=journal_filter: self._choose_filter(f))
            filters.addWidget(button)
            self.filters[journal_filter] = button
        self.summary = text_label("staff_value", "journal_summary")
        self.table = JournalTable()
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.empty = text_label("muted", "journal_empty")
        self.selected = text_label("staff_body", "journal_selected")
        self.advice = text_label("hint", "journal_advice")
        self.reprint = staff_button("btn_reprint", "primary")
        self.reprint.clicked.connect(self._on_reprint)
        self.body.addWidget(self.title)
        self.body.addLayout(filters)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.selected)
        self.body.addWidget(self.advice)
        self.body.addWidget(self.reprint)
        self.body.addStretch(1)
        self.retranslate()

    def set_view(self, view: JournalView) -> None:
        """Show `view` with nothing selected."""
        self._view = view
        self.table.clearSelection()
        self.retranslate()
        self._on_selection()

    def selected_row(self) -> JournalRow | None:
        """The transaction selected, if any."""
        if self._view is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self._view.rows[index] if index < len(self._view.rows) else None

    def _choose_filter(self, journal_filter: JournalFilter) -> None:
        # A checkable button unchecks itself on a second tap: the current filter stays checked.
        self._check_filter()
        self.requested.emit(JournalRequest(filter=journal_filter))

    def _check_filter(self) -> None:
        current = self._view.filter if self._view is not None else JournalFilter.ALL
        for journal_filter, button in self.filters.items():
            button.setChecked(journal_filter is current)

    def _on_reprint(self) -> None:
        row = self.selected_row()
        if row is not None and row.can_reprint:
            self.requested.emit(JournalRequest(reprint=row.reference))

    def _on_selection(self) -> None:
        row = self.selected_row()
        self.reprint.setVisible(row is not None and row.can_reprint)
        if row is None:
            self.selected.hide()
            show_error(self.advice, None)
            return
        self.selected.setText(
            self.tr("Selected: {reference}, {amount}, {state}").format(
                reference=row.reference,
                amount=format_yuan(row.amount_fen),
                state=tx_state_name(row.state),
            )
        )
        self.selected.show()
        advice = review_advice_text(row.advice) if row.advice is not None else None
        show_error(self.advice, advice and self.tr("What to do: {advice}").format(advice=advice))

    def retranslate(self) -> None:
        """Set every text in the current language."""
        for journal_filter, button in self.filters.items():
            button.setText(journal_filter_name(journal_filter))
        self._check_filter()
        self.reprint.setText(self.tr("Reprint the receipt"))
        self.table.set_headers(
            [
                self.tr("Time"),
                self.tr("Reference"),
                self.tr("Method"),
                self.tr("For"),
                self.tr("Amount"),
                self.tr("State"),
                self.tr("Account"),
                self.tr("Card"),
            ]
        )
        view = self._view
        self.title.setText(
            self.tr("Journal of {day}").format(day=view.day) if view else self.tr("Journal")
        )
        if view is None:
            return
        selected = self.table.selectionModel().selectedRows()
        self.table.set_rows([_cells(row) for row in view.rows])
        if selected:
            self.table.selectRow(selected[0].row())
        for r, row in enumerate(view.rows):
            if row.state == "manual_review":
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if isinstance(item, QTableWidgetItem):
                        item.setForeground(Qt.GlobalColor.darkRed)
        self.summary.setText(
            self.tr("{count} transactions · {amount} paid").format(
                count=view.count, amount=format_yuan(view.paid_fen)
            )
        )
        self.empty.setText(self.tr("No transactions for this filter."))
        self.empty.setVisible(not view.rows)
        self._on_selection()


def _cells(row: JournalRow) -> list[str]:
    return [
        row.time,
        row.reference,
        method_name(row.method),
        purpose_name(row.purpose),
        format_yuan(row.amount_fen),
        tx_state_name(row.state),
        row.masked_account,
        row.masked_card or "—",
    ]
