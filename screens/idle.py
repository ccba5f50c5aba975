"""The idle screen: what the hall offers, its notices, and a big "touch to start"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flows.ports import IdleInfo, Language, Service
from screens.base import Screen, icon_label, show_error, text_label
from screens.messages import message_text
from screens.theme import px
from screens.widgets.big_button import BigButton

NOTICES_PER_PAGE = 3
NOTICE_ROTATION_MS = 10_000


class IdleScreen(Screen):
    """Touch anywhere (or on btn_start) to pay a bill; btn_buy_prepaid to buy electricity for a
    card (prepaid) meter; btn_reprint for a lost receipt; btn_video_teller (only when
    `IdleInfo.video_available`) for a video call to a remote teller; lang_zh /
    lang_en switch the language at once. When payment is unavailable a banner (idle_banner) says
    why and only the reprint service stays on offer (buying electricity is a payment too).

    Out of service (staff took the terminal out): idle_title says so, idle_next_counter points to
    the next terminal or counter in the language shown, and no service button is shown at all;
    a touch starts nothing. The hall name and clock stay in the header."""

    name = "idle"
    show_back = False
    show_cancel = False

    start_requested = Signal(Service)
    language_requested = Signal(Language)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info: IdleInfo | None = None
        self._notice_cards: list[_NoticeCard] = []
        self._language = Language.ZH_CN
        self._page = 0

        self.hero_icon = icon_label("receipt", px(150))
        self.hero = text_label("hero", "idle_title")
        self.hero.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hero_sub = text_label("hero_sub", "idle_subtitle")
        self.hero_sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner = text_label("banner", "idle_banner")
        self.banner.hide()
        self.next_counter = text_label("hint", "idle_next_counter")
        self.next_counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_counter.hide()

        self.start = BigButton("btn_start", "start")
        self.start.clicked.connect(lambda: self._start(Service.PAY_BILL))
        self.buy_prepaid = BigButton("btn_buy_prepaid", "start_secondary", "ic_card", px(96))
        self.buy_prepaid.clicked.connect(lambda: self._start(Service.BUY_PREPAID))
        self.reprint = BigButton("btn_reprint")
        self.reprint.clicked.connect(lambda: self._start(Service.REPRINT))
        self.video_teller = BigButton("btn_video_teller", "", "video_teller", px(56))
        self.video_teller.clicked.connect(lambda: self._start(Service.VIDEO_TELLER))
        self.video_teller.hide()

        self.notices_title = text_label("subtitle", "idle_notices_title")
        self.notices_box = QVBoxLayout()
        self.notices_box.setSpacing(px(16))
        self._rotation = QTimer(self)
        self._rotation.setInterval(NOTICE_ROTATION_MS)
        self._rotation.timeout.connect(self._next_page)

        self.lang_zh = BigButton("lang_zh", "lang")
        self.lang_zh.setText("中文")
        self.lang_en = BigButton("lang_en", "lang")
        self.lang_en.setText("English")
        for button, language in ((self.lang_zh, Language.ZH_CN), (self.lang_en, Language.EN)):
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, lang=language: self._choose_language(lang))
        languages = QHBoxLayout()
        languages.setSpacing(px(24))
        languages.addStretch(1)
        languages.addWidget(self.lang_zh)
        languages.addWidget(self.lang_en)
        languages.addStretch(1)

        self.body.addSpacing(px(24))
        self.body.addWidget(self.hero_icon)
        self.body.addWidget(self.hero)
        self.body.addWidget(self.hero_sub)
        self.body.addWidget(self.banner)
        self.body.addWidget(self.next_counter)
        self.body.addSpacing(px(12))
        self.body.addWidget(self.start)
        self.body.addWidget(self.buy_prepaid)
        # Side by side: a fourth full-width button would push the notices off a 1920 screen.
        secondary = QHBoxLayout()
        secondary.setSpacing(px(24))
        secondary.addWidget(self.reprint)
        secondary.addWidget(self.video_teller)
        self.body.addLayout(secondary)
        self.body.addSpacing(px(12))
        self.body.addWidget(self.notices_title)
        self.body.addLayout(self.notices_box)
        self.body.addStretch(1)
        self.body.addLayout(languages)
        self.retranslate()

    def set_info(self, info: IdleInfo, language: Language) -> None:
        """Show the hall's state: availability, notices, current language."""
        self._info = info
        self._page = 0
        self.set_language(language)
        notices = self._notices()
        if len(notices) > NOTICES_PER_PAGE:
            self._rotation.start()
        else:
            self._rotation.stop()

    def set_language(self, language: Language) -> None:
        """Mark the current language and show the notices in it."""
        self._language = language
        self.lang_zh.setChecked(language is Language.ZH_CN)
        self.lang_en.setChecked(language is Language.EN)
        self._fill_notices()
        self.retranslate()

    def language(self) -> Language:
        """The language the idle screen shows."""
        return self._language

    def hall_name(self) -> str:
        """The hall's name in the current language."""
        if self._info is None:
            return ""
        if self._language is Language.EN and self._info.hall_name_en:
            return self._info.hall_name_en
        return self._info.hall_name

    def _notices(self) -> list[tuple[str, str]]:
        if self._info is None:
            return []
        if self._language is Language.EN and self._info.notices_en:
            return self._info.notices_en
        return self._info.notices

    def _fill_notices(self) -> None:
        # Notice cards are made once and reused: the idle screen is redrawn many times a day,
        # and cards made and deleted on each redraw cost memory that was never given back.
        notices = self._notices()
        first = self._page * NOTICES_PER_PAGE
        page = notices[first : first + NOTICES_PER_PAGE]
        while len(self._notice_cards) < len(page):
            card = _NoticeCard()
            self.notices_box.addWidget(card)
            self._notice_cards.append(card)
        for index, card in enumerate(self._notice_cards):
            if index < len(page):
                card.show_notice(*page[index])
            card.setVisible(index < len(page))
        self.notices_title.setVisible(bool(notices))

    def _next_page(self) -> None:
        pages = max(1, -(-len(self._notices()) // NOTICES_PER_PAGE))
        self._page = (self._page + 1) % pages
        self._fill_notices()

    def _available(self) -> bool:
        return self._info is None or self._info.payment_available

    def _video_available(self) -> bool:
        return self._info is not None and self._info.video_available

    def out_of_service(self) -> bool:
        """Whether staff took the terminal out of service."""
        return self._info is not None and self._info.out_of_service

    def _next_counter_hint(self) -> str:
        info = self._info
        if info is None:
            return ""
        # Either language's hint beats none: a counter number reads the same in both.
        hints = [info.next_counter_hint, info.next_counter_hint_en]
        if self._language is Language.EN:
            hints.reverse()
        for hint in hints:
            if hint:
                return hint
        return self.tr("Please use another terminal or the staffed counter.")

    def _start(self, service: Service) -> None:
        if self.out_of_service():
            return
        if service is Service.VIDEO_TELLER:
            # A teller helps precisely when payment is down: the call does not need it.
            if self._video_available():
                self.start_requested.emit(service)
            return
        if service is not Service.REPRINT and not self._available():
            return
        prepaid_off = self._info is not None and not self._info.prepaid_available
        if service is Service.BUY_PREPAID and prepaid_off:
            return
        self.start_requested.emit(service)

    def _choose_language(self, language: Language) -> None:
        self.set_language(language)
        self.language_requested.emit(language)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch on the empty part of the screen starts, as the screen invites."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._start(Service.PAY_BILL)
        super().mousePressEvent(event)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.hero.setText(self.tr("Self-service payment"))
        self.hero_sub.setText(
            self.tr(
                "Pay your electricity bill or buy electricity for your card meter, 24 hours a day"
            )
        )
        self.reprint.setText(self.tr("Reprint a receipt"))
        self.notices_title.setText(self.tr("Notices"))
        if self.out_of_service():
            self._label_out_of_service()
            return
        self.next_counter.hide()
        self.reprint.show()
        self.start.show()
        self.video_teller.setVisible(self._video_available())
        self.video_teller.setText(self.tr("Video teller"))
        available = self._available()
        self.start.setEnabled(available)
        prepaid = available and (self._info is None or self._info.prepaid_available)
        self.buy_prepaid.setEnabled(prepaid)
        self.buy_prepaid.setVisible(self._info is None or self._info.prepaid_available)
        self.buy_prepaid.setText(self.tr("Buy electricity (card meter)"))
        self.start.setText(
            self.tr("Touch to start") if available else self.tr("Payment unavailable")
        )
        reason = None
        if available and self._info is not None and self._info.degraded_reason is not None:
            explained = message_text(self._info.degraded_reason)
            reason = f"{explained.title}\n{explained.next_step}"
        if not available and self._info is not None:
            if self._info.unavailable_reason is not None:
                explained = message_text(self._info.unavailable_reason)
                reason = f"{explained.title}\n{explained.next_step}"
            else:
                reason = self.tr(
                    "Payment is unavailable at the moment. Please use the staffed counter."
                )
        show_error(self.banner, reason)

    def _label_out_of_service(self) -> None:
        self.hero.setText(self.tr("Out of service"))
        self.hero_sub.setText(self.tr("This terminal is temporarily out of service."))
        self.next_counter.setText(self._next_counter_hint())
        self.next_counter.show()
        for button in (self.start, self.buy_prepaid, self.reprint, self.video_teller):
            button.hide()
        show_error(self.banner, None)


class _NoticeCard(QFrame):
    """One hall notice: a title and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "notice")
        column = QVBoxLayout(self)
        column.setContentsMargins(px(28), px(18), px(28), px(18))
        column.setSpacing(px(6))
        self.heading: QLabel = text_label("notice_title")
        self.text = text_label("notice_body")
        column.addWidget(self.heading)
        column.addWidget(self.text)

    def show_notice(self, title: str, body: str) -> None:
        """Show this notice."""
        self.heading.setText(title)
        self.text.setText(body)
