"""The terminal's one window: header, a stack of screens, footer."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from screens.account import AccountScreen
from screens.amount import AmountScreen
from screens.base import Screen
from screens.callback_phone import CallbackPhoneScreen
from screens.code import CodeScreen
from screens.document_photo import DocumentPhotoScreen
from screens.identify import IdentifyScreen
from screens.idle import IdleScreen
from screens.message import MessageScreen
from screens.method import MethodScreen
from screens.no_receipt import NoReceiptScreen
from screens.outcome import OutcomeScreen
from screens.prepaid_card import PrepaidCardScreen
from screens.prepaid_insert import PrepaidInsertScreen
from screens.processing import ProcessingScreen
from screens.qr_pay import QrPayScreen
from screens.reference import ReferenceScreen
from screens.staff_dashboard import StaffDashboardScreen
from screens.staff_journal import StaffJournalScreen
from screens.staff_login import StaffLoginScreen
from screens.staff_reconcile import StaffReconcileScreen
from screens.staff_result import (
    StaffConfigScreen,
    StaffConfirmScreen,
    StaffProgressScreen,
    StaffResultScreen,
)
from screens.take_card import TakeCardScreen
from screens.teller_account import TellerAccountScreen
from screens.teller_form import TellerFormScreen
from screens.teller_request import TellerNoticeScreen, TellerRequestScreen
from screens.theme import px
from screens.video_call import VideoCallScreen
from screens.video_consent import VideoConsentScreen
from screens.video_waiting import VideoWaitingScreen
from screens.widgets.footer import Footer
from screens.widgets.header import Header, local_time_text
from screens.widgets.long_press import LongPress

# How long staff hold the hall name to open maintenance, unless told (maintenance.long_press_s).
DEFAULT_LONG_PRESS_S = 5.0


class MainWindow(QWidget):
    """Header on top, one screen at a time in the middle, Back/Cancel at the bottom.

    The window only shows what it is told; `QtCustomerUI` (screens/ui_port.py) and
    `QtMaintenanceUI` (screens/staff_port.py) decide which screen and turn its signals into
    answers for the flows. `hall_long_press` times a press on the header's hall name
    (`long_press_s`, measured with `monotonic`): the hidden way into maintenance.
    """

    def __init__(
        self,
        time_text: Callable[[], str] = local_time_text,
        parent: QWidget | None = None,
        long_press_s: float = DEFAULT_LONG_PRESS_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle("Self-service payment")
        self.header = Header(time_text)
        self.footer = Footer()
        self.stack = QStackedWidget()
        self.idle = IdleScreen()
        self.identify = IdentifyScreen()
        self.account = AccountScreen()
        self.amount = AmountScreen()
        self.method = MethodScreen()
        self.no_receipt = NoReceiptScreen()
        self.code = CodeScreen()
        self.processing = ProcessingScreen()
        self.outcome = OutcomeScreen()
        self.message = MessageScreen()
        self.reference = ReferenceScreen()
        self.qr_pay = QrPayScreen()
        self.prepaid_insert = PrepaidInsertScreen()
        self.prepaid_card = PrepaidCardScreen()
        self.take_card = TakeCardScreen()
        self.video_consent = VideoConsentScreen()
        self.video_waiting = VideoWaitingScreen()
        self.video_call = VideoCallScreen(monotonic)
        self.callback_phone = CallbackPhoneScreen()
        self.teller_request = TellerRequestScreen(monotonic)
        self.teller_account = TellerAccountScreen(monotonic)
        self.document_photo = DocumentPhotoScreen(monotonic)
        self.teller_form = TellerFormScreen(monotonic)
        self.teller_notice = TellerNoticeScreen(monotonic)
        self.staff_login = StaffLoginScreen()
        self.staff_dashboard = StaffDashboardScreen()
        self.staff_journal = StaffJournalScreen()
        self.staff_reconcile = StaffReconcileScreen()
        self.staff_progress = StaffProgressScreen()
        self.staff_result = StaffResultScreen()
        self.staff_confirm = StaffConfirmScreen()
        self.staff_config = StaffConfigScreen()
        self.hall_long_press = LongPress(self.header.hall, long_press_s, monotonic, self)
        self._screens: dict[str, Screen] = {}
        self._pages: dict[str, QWidget] = {}
        for screen in (
            self.idle,
            self.identify,
            self.account,
            self.amount,
            self.method,
            self.no_receipt,
            self.code,
            self.processing,
            self.outcome,
            self.message,
            self.reference,
            self.qr_pay,
            self.prepaid_insert,
            self.prepaid_card,
            self.take_card,
            self.video_consent,
            self.video_waiting,
            self.video_call,
            self.callback_phone,
            self.teller_request,
            self.teller_account,
            self.document_photo,
            self.teller_form,
            self.teller_notice,
            self.staff_login,
            self.staff_dashboard,
            self.staff_journal,
            self.staff_reconcile,
            self.staff_progress,
            self.staff_result,
            self.staff_confirm,
            self.staff_config,
        ):
            self._add(screen)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(px(0))
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        column.addWidget(self.footer)
        self.show_screen("idle")

    def _add(self, screen: Screen) -> None:
        page: QWidget = screen
        if screen.scrollable:
            # A safety net for small panels (768x1024): content that does not fit scrolls
            # instead of being squeezed under its minimum size and overlapping.
            scroll = QScrollArea()
            scroll.setObjectName(f"page_{screen.name}")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(screen)
            page = scroll
        self._screens[screen.name] = screen
        self._pages[screen.name] = page
        self.stack.addWidget(page)

    def screen_names(self) -> list[str]:
        """Every screen's name."""
        return list(self._screens)

    def screen_named(self, name: str) -> Screen:
        """The screen called `name`."""
        return self._screens[name]

    def page(self, name: str) -> QWidget:
        """The stack page holding screen `name` (the screen, or its scroll area)."""
        return self._pages[name]

    def current_screen(self) -> Screen:
        """The screen being shown."""
        page = self.stack.currentWidget()
        for name, candidate in self._pages.items():
            if candidate is page:
                return self._screens[name]
        raise LookupError("no screen is current")

    def show_screen(
        self, name: str, show_back: bool | None = None, show_cancel: bool | None = None
    ) -> Screen:
        """Bring screen `name` to the front with its footer (or the footer buttons given)."""
        screen = self._screens[name]
        self.stack.setCurrentWidget(self._pages[name])
        self.footer.configure(
            screen.show_back if show_back is None else show_back,
            screen.show_cancel if show_cancel is None else show_cancel,
        )
        return screen

    def retranslate(self) -> None:
        """Re-label everything now, without waiting for Qt's posted LanguageChange events."""
        self.header.retranslate()
        self.footer.retranslate()
        for screen in self._screens.values():
            screen.retranslate()

    def freeze_for_screenshots(self, clock_text: str) -> None:
        """Make the window's pixels independent of when they are taken: a fixed clock and a
        still spinner."""
        self.header.freeze_clock(clock_text)
        self.processing.spinner.set_animated(False)
        self.staff_progress.spinner.set_animated(False)
        self.video_waiting.spinner.set_animated(False)

    def set_long_press_s(self, seconds: float) -> None:
        """How long the hall name must be held to open maintenance."""
        self.hall_long_press.set_seconds(seconds)
