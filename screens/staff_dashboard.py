"""The maintenance home: the terminal's summary, the terminal-wide actions, and one card per
device with its state, status, last error, counters and the actions allowed on it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.maintenance.ports import DashboardView, DeviceRow, StaffRequest
from kiosk.maintenance.roles import Action
from kiosk.money import format_yuan
from screens.base import text_label
from screens.staff_base import StaffScreen, staff_button
from screens.staff_texts import (
    action_text,
    counters_text,
    device_class_name,
    device_state_name,
    status_text,
)
from screens.theme import px
from screens.widgets.big_button import BigButton

TERMINAL_COLUMNS = 3
# The state badge's look: colour backs up the words, it never replaces them.
_STATE_LOOK = {"online": "ok", "busy": "ok", "offline": "warn", "user_error": "warn"}
_WARN_VALUES = frozenset({"low", "open", "present", "maintenance", "inoperative"})
_BAD_VALUES = frozenset({"out", "jammed", "retained"})


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class StaffDashboardScreen(StaffScreen):
    """Summary (dashboard_service, dashboard_today, dashboard_review, dashboard_queued), one
    button per terminal-wide action in the view (btn_<action>, e.g. btn_view_journal), and a card
    per device (device_<name>) with device_<name>_state, device_<name>_status,
    device_<name>_error, device_<name>_counters and its buttons btn_<action>_<name> (e.g.
    btn_self_test_printer). Only what the view offers is shown; `requested(StaffRequest)`."""

    name = "staff_dashboard"
    requested = Signal(StaffRequest)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: DashboardView | None = None
        self._cards: list[_DeviceCard] = []
        self._terminal_buttons: list[tuple[Action, BigButton]] = []
        self.title = text_label("staff_title", "dashboard_title")
        summary = QFrame()
        summary.setProperty("role", "card")
        grid = QGridLayout(summary)
        grid.setContentsMargins(px(28), px(18), px(28), px(18))
        grid.setHorizontalSpacing(px(24))
        grid.setVerticalSpacing(px(10))
        self.service = text_label("badge", "dashboard_service")
        self.today = text_label("staff_value", "dashboard_today")
        self.review = text_label("staff_value", "dashboard_review")
        self.queued = text_label("staff_value", "dashboard_queued")
        grid.addWidget(self.service, 0, 0)
        grid.addWidget(self.today, 0, 1)
        grid.addWidget(self.review, 1, 0)
        grid.addWidget(self.queued, 1, 1)
        self.terminal_grid = QGridLayout()
        self.terminal_grid.setSpacing(px(16))
        self.devices_title = text_label("staff_section", "dashboard_devices_title")
        self.devices_box = QVBoxLayout()
        self.devices_box.setSpacing(px(14))
        self.body.addWidget(self.title)
        self.body.addWidget(summary)
        self.body.addLayout(self.terminal_grid)
        self.body.addWidget(self.devices_title)
        self.body.addLayout(self.devices_box)
        self.body.addStretch(1)
        self.retranslate()

    def set_view(self, view: DashboardView) -> None:
        """Show `view`: its summary, its actions only, its devices."""
        self._view = view
        for _action, button in self._terminal_buttons:
            button.setParent(None)  # out of findChild's reach at once, not at the next loop turn
            button.deleteLater()
        self._terminal_buttons = []
        for index, action in enumerate(view.actions):
            button = staff_button(f"btn_{action.value}")
            button.clicked.connect(lambda _=False, a=action: self.requested.emit(StaffRequest(a)))
            self.terminal_grid.addWidget(
                button, index // TERMINAL_COLUMNS, index % TERMINAL_COLUMNS
            )
            self._terminal_buttons.append((action, button))
        for card in self._cards:
            card.setParent(None)
            card.deleteLater()
        self._cards = []
        for row in view.devices:
            card = _DeviceCard(row)
            card.requested.connect(self.requested)
            self.devices_box.addWidget(card)
            self._cards.append(card)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Terminal status"))
        self.devices_title.setText(self.tr("Devices"))
        for action, button in self._terminal_buttons:
            button.setText(action_text(action))
        for card in self._cards:
            card.retranslate()
        view = self._view
        if view is None:
            return
        self.service.setText(
            self.tr("In service") if view.in_service else self.tr("Out of service")
        )
        self.service.setProperty("tone", "ok" if view.in_service else "bad")
        _restyle(self.service)
        self.today.setText(
            self.tr("Today: {count} transactions, {amount} paid").format(
                count=view.transactions_today, amount=format_yuan(view.paid_today_fen)
            )
        )
        self.review.setText(self.tr("Manual review: {count}").format(count=view.manual_review))
        self.review.setProperty("tone", "bad" if view.manual_review else "")
        _restyle(self.review)
        self.queued.setText(
            self.tr("Events waiting to be sent: {count}").format(count=view.queued_events)
        )


class _DeviceCard(QFrame):
    """One device: name and class, state badge, status, last error, counters, its buttons."""

    requested = Signal(StaffRequest)

    def __init__(self, row: DeviceRow) -> None:
        super().__init__()
        self._row = row
        name = row.name
        self.setObjectName(f"device_{name}")
        self.setProperty("role", "card")
        self.heading = text_label("staff_value", f"device_{name}_name")
        self.state = text_label("badge", f"device_{name}_state", wrap=False)
        self.status = text_label("staff_body", f"device_{name}_status")
        self.error = text_label("staff_error", f"device_{name}_error")
        self.counters = text_label("staff_body", f"device_{name}_counters")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.state)
        self.buttons: list[tuple[Action, BigButton]] = []
        actions = QHBoxLayout()
        actions.setSpacing(px(14))
        for action in row.actions:
            button = staff_button(f"btn_{action.value}_{name}")
            button.clicked.connect(
                lambda _=False, a=action: self.requested.emit(StaffRequest(a, name))
            )
            actions.addWidget(button)
            self.buttons.append((action, button))
        column = QVBoxLayout(self)
        column.setContentsMargins(px(24), px(14), px(24), px(16))
        column.setSpacing(px(8))
        column.addLayout(top)
        column.addWidget(self.status)
        column.addWidget(self.error)
        column.addWidget(self.counters)
        if self.buttons:
            column.addLayout(actions)
        self.state.setProperty("tone", _STATE_LOOK.get(row.state, "bad"))
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        row = self._row
        self.heading.setText(f"{row.name} · {device_class_name(row.device_class)}")
        state = device_state_name(row.state)
        if row.state == "online" and not row.available:
            state = self.tr("{state}, not offered").format(state=state)
        self.state.setText(state)
        parts = []
        for field, value in row.status.items():
            parts.append(status_text(field, value))
        self.status.setText("  ·  ".join(parts))
        self.status.setVisible(bool(parts))
        if row.last_error:
            when = f" ({row.last_error_at})" if row.last_error_at else ""
            self.error.setText(
                self.tr("Last error: {error}{when}").format(error=row.last_error, when=when)
            )
        self.error.setVisible(bool(row.last_error))
        self.counters.setText(counters_text(row.counters))
        self.counters.setVisible(bool(row.counters))
        for action, button in self.buttons:
            button.setText(action_text(action))
        tone_values = set(row.status.values())
        self.status.setProperty(
            "tone",
            "bad" if tone_values & _BAD_VALUES else "warn" if tone_values & _WARN_VALUES else "",
        )
        _restyle(self.status)
        _restyle(self.state)
