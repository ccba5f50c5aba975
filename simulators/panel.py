"""The hardware panel: a window to drive the simulators by hand.

Show a payment code or a paper bill's barcode to the scanner, send garbage, unplug and re-plug the
scanner or the printer, paper near end / out, cover open, tell the back office how the next
payment behaves, script the next bank-card sale, insert and remove prepaid meter cards, let the
customer's phone scan the terminal's QR, and read the last receipt as printed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulators.host import SimulatorHost
from simulators.panel_cards import card_reader_box, payment_module_box, phone_box
from simulators.panel_sensors import camera_box, sensors_box, staff_card_box
from simulators.remote import SimulatorRemote

log = logging.getLogger(__name__)

PAYMENT_BEHAVIOURS = [
    "normal",
    "decline",
    "paying_then_success",
    "paying_then_fail",
    "paying_forever",
    "system_error",
    "system_error_then_fail",
    "drop_response",
    "http_500",
]


class HardwarePanel(QWidget):
    """Buttons that act on the running simulators through the host's loop."""

    def __init__(self, host: SimulatorHost) -> None:
        super().__init__()
        assert host.endpoints is not None
        self.setWindowTitle("Hardware panel — simulators")
        self._host = host
        self._remote = SimulatorRemote(host.endpoints.control_url, host.endpoints.backoffice_url)
        self._status = QLabel("ready")
        layout = QVBoxLayout(self)
        layout.addWidget(self._scanner_box())
        layout.addWidget(self._printer_box())
        layout.addWidget(self._backoffice_box())
        layout.addWidget(payment_module_box(self._remote, self._do))
        if host.card is not None:
            layout.addWidget(card_reader_box(self._remote, self._do))
            layout.addWidget(staff_card_box(self._remote, self._do))
        if host.sensors is not None:
            layout.addWidget(sensors_box(self._remote, self._do))
        if host.camera is not None:
            layout.addWidget(camera_box(self._remote, self._do))
        layout.addWidget(phone_box(self._remote, self._do))
        layout.addWidget(self._receipt_box(), 1)
        layout.addWidget(self._status)
        self._accounts: list[dict[str, Any]] = []
        QTimer.singleShot(0, self._load_accounts)

    def _do(self, label: str, work: Callable[[], Awaitable[Any]]) -> Any:
        try:
            result = self._host.call(work(), timeout=10)
            self._status.setText(f"{label}: done")
            return result
        except Exception as exc:  # the panel reports, never crashes
            log.warning("%s failed: %s", label, exc)
            self._status.setText(f"{label}: failed ({exc})")
            return None

    def _button(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(action)
        return button

    def _scanner_box(self) -> QGroupBox:
        box = QGroupBox("QR / barcode scanner")
        grid = QGridLayout(box)
        self._code_behaviour = QComboBox()
        self._code_behaviour.addItems(
            ["ok", "insufficient_funds", "needs_password", "needs_password_then_cancel", "expired"]
        )
        grid.addWidget(self._code_behaviour, 0, 0)
        grid.addWidget(self._button("WeChat payment code", lambda: self._wallet("wechat")), 0, 1)
        grid.addWidget(self._button("Alipay payment code", lambda: self._wallet("alipay")), 0, 2)
        self._bill_choice = QComboBox()
        grid.addWidget(self._bill_choice, 1, 0, 1, 2)
        grid.addWidget(self._button("Show bill barcode", self._show_bill), 1, 2)
        self._free_text = QLineEdit()
        self._free_text.setPlaceholderText("any text")
        grid.addWidget(self._free_text, 2, 0)
        grid.addWidget(self._button("Scan text", self._scan_text), 2, 1)
        grid.addWidget(
            self._button(
                "Send garbage",
                lambda: self._do(
                    "garbage", lambda: self._remote.scanner_raw(b"\x00\xff\x1b12\x80")
                ),
            ),
            2,
            2,
        )
        grid.addWidget(
            self._button(
                "Unplug", lambda: self._do("unplug", lambda: self._remote.scanner_plugged(False))
            ),
            3,
            1,
        )
        grid.addWidget(
            self._button(
                "Re-plug", lambda: self._do("replug", lambda: self._remote.scanner_plugged(True))
            ),
            3,
            2,
        )
        return box

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox("Receipt printer")
        row = QHBoxLayout(box)
        for label, state in (("Paper full", "full"), ("Near end", "near_end"), ("Out", "out")):
            row.addWidget(self._button(label, partial(self._paper, state)))
        row.addWidget(
            self._button(
                "Cover open", lambda: self._do("cover", lambda: self._remote.printer_cover(True))
            )
        )
        row.addWidget(
            self._button(
                "Cover closed", lambda: self._do("cover", lambda: self._remote.printer_cover(False))
            )
        )
        row.addWidget(
            self._button(
                "Stall", lambda: self._do("stall", lambda: self._remote.printer_stalled(True))
            )
        )
        row.addWidget(
            self._button(
                "Resume", lambda: self._do("resume", lambda: self._remote.printer_stalled(False))
            )
        )
        row.addWidget(
            self._button(
                "Unplug", lambda: self._do("unplug", lambda: self._remote.printer_plugged(False))
            )
        )
        row.addWidget(
            self._button(
                "Re-plug", lambda: self._do("replug", lambda: self._remote.printer_plugged(True))
            )
        )
        return box

    def _backoffice_box(self) -> QGroupBox:
        box = QGroupBox("Back office")
        row = QHBoxLayout(box)
        self._behaviour = QComboBox()
        self._behaviour.addItems(PAYMENT_BEHAVIOURS)
        row.addWidget(QLabel("Next payment:"))
        row.addWidget(self._behaviour)
        row.addWidget(self._button("Apply", self._apply_behaviour))
        row.addWidget(
            self._button("Outage on", lambda: self._do("outage", lambda: self._remote.outage(True)))
        )
        row.addWidget(
            self._button(
                "Outage off", lambda: self._do("outage", lambda: self._remote.outage(False))
            )
        )
        return box

    def _receipt_box(self) -> QGroupBox:
        box = QGroupBox("Last receipt")
        row = QHBoxLayout(box)
        self._receipt_text = QPlainTextEdit()
        self._receipt_text.setReadOnly(True)
        row.addWidget(self._receipt_text, 1)
        self._receipt_image = QLabel()
        scroll = QScrollArea()
        scroll.setWidget(self._receipt_image)
        row.addWidget(scroll, 1)
        row.addWidget(self._button("Refresh", self._refresh_receipt))
        return box

    def _paper(self, state: str) -> None:
        self._do(f"paper {state}", lambda: self._remote.printer_paper(state))

    def _wallet(self, provider: str) -> None:
        behaviour = self._code_behaviour.currentText()

        async def work() -> None:
            code = await self._remote.wallet_code(provider, behaviour)
            await self._remote.present_code(code)

        self._do(f"{provider} code", work)

    def _load_accounts(self) -> None:
        accounts = self._do("accounts", lambda: self._remote.sample_accounts()) or []
        self._accounts = accounts[:40]
        for account in self._accounts:
            self._bill_choice.addItem(f"{account['account_no']} {account.get('kind', '')}")

    def _show_bill(self) -> None:
        index = self._bill_choice.currentIndex()
        if 0 <= index < len(self._accounts):
            code = str(self._accounts[index]["bill_barcode"])
            self._do("bill barcode", lambda: self._remote.present_code(code))

    def _scan_text(self) -> None:
        text = self._free_text.text()
        if text:
            self._do("scan text", lambda: self._remote.present_code(text))

    def _apply_behaviour(self) -> None:
        behaviour = self._behaviour.currentText()
        if behaviour == "normal":
            self._do("reset", self._remote.reset)
        else:
            self._do(behaviour, lambda: self._remote.next_payment(behaviour))

    def _refresh_receipt(self) -> None:
        jobs = self._do("jobs", self._remote.printed_jobs) or []
        if not jobs:
            self._receipt_text.setPlainText("(nothing printed yet)")
            return
        self._receipt_text.setPlainText(str(jobs[-1]["text"]))
        png = self._do("png", lambda: self._remote.printed_png(len(jobs) - 1))
        if png:
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            self._receipt_image.setPixmap(pixmap)
            self._receipt_image.adjustSize()


def run_panel(host: SimulatorHost) -> int:
    """Show the panel until its window is closed."""
    app = cast(QApplication, QApplication.instance() or QApplication([]))
    panel = HardwarePanel(host)
    panel.resize(900, 700)
    screen = app.primaryScreen()
    if screen is not None:
        # Beside the terminal's window, which opens at the screen's left edge.
        area = screen.availableGeometry()
        panel.move(area.right() - panel.width(), area.top())
    panel.show()
    return int(app.exec())
