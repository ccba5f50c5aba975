"""A read-only table that shows all its rows at full height (the page scrolls, not the table)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


class FullHeightTable(QTableWidget):
    """Rows of text, right-aligned where `numeric[column]`; no selection, no inner scrolling,
    because a nested scroll area under a finger is a trap."""

    def __init__(
        self, object_name: str, numeric: Sequence[bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(numeric), parent)
        self.setObjectName(object_name)
        self._numeric = list(numeric)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_headers(self, titles: Sequence[str]) -> None:
        """Column titles in the current language."""
        self.setHorizontalHeaderLabels(list(titles))
        self._fit_height()

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Replace the contents."""
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                align = (
                    Qt.AlignmentFlag.AlignRight
                    if self._numeric[c]
                    else Qt.AlignmentFlag.AlignHCenter
                )
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        for r in range(len(rows)):
            # Text height plus breathing room: rows a finger can point at while reading aloud.
            self.setRowHeight(r, self.rowHeight(r) + self.fontMetrics().height() // 2)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(
            rows + self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        )
