"""'The teller asks to ...': what exactly, Allow or Decline; and the short notices shown over the
call while the terminal carries a command out (printing, printed, upload failed)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.flows.ports import Message
from kiosk.flows.teller_ports import TellerRequest
from screens.base import card, icon_label, text_label
from screens.messages import message_text
from screens.teller_base import TellerScreen
from screens.teller_texts import request_text
from screens.theme import icon, px
from screens.widgets.big_button import BigButton

_REQUEST_ICONS = {
    "account_summary": "info",
    "document_photo": "video",
    "push_form": "info",
    "print": "receipt",
    "hand_back": "hall",
}


class TellerRequestScreen(TellerScreen):
    """btn_teller_allow answers True, btn_teller_decline False (both at least 64 px high).
    objectNames: teller_request_title ("The teller asks to:"), teller_request_what (what exactly),
    teller_request_note; the strip's btn_strip_end_call ends the call."""

    name = "teller_request"
    answered = Signal(bool)

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(monotonic, parent)
        self._request: TellerRequest | None = None
        panel, box = card(px(20))
        self.picture = icon_label("info", px(140))
        self.title = text_label("subtitle", "teller_request_title")
        self.what = text_label("title", "teller_request_what")
        self.note = text_label("muted", "teller_request_note")
        for label in (self.title, self.what, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.picture)
        box.addWidget(self.title)
        box.addWidget(self.what)
        box.addWidget(self.note)
        self.allow = BigButton("btn_teller_allow", "primary")
        self.allow.clicked.connect(lambda: self.answered.emit(True))
        self.decline = BigButton("btn_teller_decline")
        self.decline.clicked.connect(lambda: self.answered.emit(False))
        buttons = QHBoxLayout()
        buttons.setSpacing(px(24))
        buttons.addWidget(self.decline, 1)
        buttons.addWidget(self.allow, 1)
        self.body.addSpacing(px(40))
        self.body.addWidget(panel)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.retranslate()

    def set_request(self, request: TellerRequest) -> None:
        """Ask about `request`, with its call in the strip."""
        self._request = request
        _set_icon(self.picture, _REQUEST_ICONS.get(request.kind, "info"), px(140))
        self.set_call(request.call)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        request = self._request
        teller = request.teller_name if request is not None and request.teller_name else ""
        if teller:
            self.title.setText(self.tr("{name} asks to:").format(name=teller))
        else:
            self.title.setText(self.tr("The teller asks to:"))
        self.what.setText(request_text(request.kind, request.subject) if request else "")
        self.note.setText(
            self.tr("Nothing happens unless you allow it. You can decline and keep talking.")
        )
        self.allow.setText(self.tr("Allow"))
        self.allow.setAccessibleName(self.tr("Allow the teller's request"))
        self.decline.setText(self.tr("Decline"))
        self.decline.setAccessibleName(self.tr("Decline the teller's request"))


class TellerNoticeScreen(TellerScreen):
    """A notice over the call, no buttons but the strip's End call; the next screen replaces it.
    objectNames: teller_notice_title, teller_notice_next_step."""

    name = "teller_notice"

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(monotonic, parent)
        self._message: Message | None = None
        self.picture = icon_label("info", px(180))
        self.title = text_label("title", "teller_notice_title")
        self.next_step = text_label("body", "teller_notice_next_step")
        for label in (self.title, self.next_step):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addSpacing(px(120))
        self.body.addWidget(self.picture)
        self.body.addWidget(self.title)
        self.body.addWidget(self.next_step)
        self.body.addStretch(1)
        self.retranslate()

    def set_notice(self, message: Message) -> None:
        """Say `message`."""
        self._message = message
        failed = message in (
            Message.TELLER_PRINT_FAILED,
            Message.TELLER_UPLOAD_FAILED,
            Message.TELLER_ACCOUNT_FAILED,
        )
        printed = message in (Message.TELLER_PRINTING, Message.TELLER_PRINTED)
        _set_icon(self.picture, "failure" if failed else "receipt" if printed else "info", px(180))
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        if self._message is None:
            return
        text = message_text(self._message)
        self.title.setText(text.title)
        self.next_step.setText(text.next_step)


def _set_icon(label: QLabel, name: str, size: int) -> None:
    label.setPixmap(icon(name).pixmap(QSize(size, size)))
