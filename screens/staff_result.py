"""The small maintenance screens: progress, a result with OK, a yes/no question, the config text."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QWidget

from kiosk.maintenance.ports import StaffMessage
from screens.base import icon_label, text_label
from screens.staff_base import StaffScreen, staff_button
from screens.staff_texts import staff_message_text
from screens.theme import icon, px
from screens.widgets.spinner import Spinner


class _MessageScreen(StaffScreen):
    """A staff message: title and detail, re-labelled on a language switch."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message: StaffMessage | None = None
        self._params: dict[str, str] = {}
        self.title = text_label("title", f"{prefix}_title")
        self.detail = text_label("body", f"{prefix}_detail")
        for label in (self.title, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_message(self, message: StaffMessage, params: Mapping[str, str]) -> None:
        """Show `message` with its parameters."""
        self._message = message
        self._params = dict(params)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        if self._message is None:
            return
        text = staff_message_text(self._message, self._params)
        self.title.setText(text.title)
        self.detail.setText(text.next_step)
        self.detail.setVisible(bool(text.next_step.strip()))


class StaffProgressScreen(_MessageScreen):
    """Busy: a spinner, what is running and what to do meanwhile (a self-test's instruction).
    No Exit while it runs: nothing is waiting for a tap, and the step ends by itself.
    objectNames: staff_progress_title, staff_progress_detail."""

    name = "staff_progress"
    has_exit = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("staff_progress", parent)
        self.spinner = Spinner(px(180))
        self.body.addStretch(2)
        self.body.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addSpacing(px(32))
        self.body.addWidget(self.title)
        self.body.addWidget(self.detail)
        self.body.addStretch(3)


class StaffResultScreen(_MessageScreen):
    """Passed / failed / done with its parameters and OK (btn_staff_ok).
    objectNames: staff_result_status, staff_result_title, staff_result_detail."""

    name = "staff_result"
    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("staff_result", parent)
        self._ok = True
        self._kind: StaffMessage | None = None
        self.picture = icon_label("success", px(160))
        self.status = text_label("status_ok", "staff_result_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ok_button = staff_button("btn_staff_ok", "primary")
        self.ok_button.clicked.connect(self.acknowledged)
        self.body.addSpacing(px(80))
        self.body.addWidget(self.picture)
        self.body.addWidget(self.status)
        self.body.addWidget(self.title)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.body.addWidget(self.ok_button)
        self.retranslate()

    def set_result(self, message: StaffMessage, params: Mapping[str, str], ok: bool) -> None:
        """Show the result; `ok` picks the look (passed / done, or failed)."""
        self._ok = ok
        self._kind = message
        self.picture.setPixmap(icon("success" if ok else "failure").pixmap(px(160), px(160)))
        self.status.setProperty("role", "status_ok" if ok else "status_fail")
        self.status.style().polish(self.status)
        self.set_message(message, params)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.ok_button.setText(self.tr("OK"))
        if self._kind is StaffMessage.SELF_TEST_PASSED and self._ok:
            self.status.setText(self.tr("Passed"))
        else:
            self.status.setText(self.tr("Done") if self._ok else self.tr("Failed"))
        super().retranslate()


class StaffConfirmScreen(_MessageScreen):
    """A yes / no question: btn_staff_yes, btn_staff_no.
    objectNames: staff_confirm_title, staff_confirm_detail."""

    name = "staff_confirm"
    answered = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("staff_confirm", parent)
        self.yes = staff_button("btn_staff_yes", "primary")
        self.no = staff_button("btn_staff_no")
        self.yes.clicked.connect(lambda: self.answered.emit(True))
        self.no.clicked.connect(lambda: self.answered.emit(False))
        row = QHBoxLayout()
        row.setSpacing(px(32))
        row.addWidget(self.no)
        row.addWidget(self.yes)
        self.body.addSpacing(px(200))
        self.body.addWidget(self.title)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.body.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        super().retranslate()


class StaffConfigScreen(StaffScreen):
    """The configuration as text (secrets already removed by the flow), monospace, scrollable;
    Back (btn_staff_back) returns. objectNames: staff_config_title, config_text."""

    name = "staff_config"
    has_back = True
    # The text box scrolls itself; a page scroll around it would fight the finger.
    scrollable = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = text_label("staff_title", "staff_config_title")
        self.text = QPlainTextEdit()
        self.text.setObjectName("config_text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.body.addWidget(self.title)
        self.body.addWidget(self.text, 1)
        self.retranslate()

    def set_text(self, text: str) -> None:
        """Show `text` from its first line."""
        self.text.setPlainText(text)
        self.text.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Configuration (read only)"))
