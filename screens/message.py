"""An explained failure: what happened, what to do next, and OK."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.ports import Message
from screens.base import Screen, icon_label, text_label
from screens.messages import message_text
from screens.theme import px
from screens.widgets.big_button import BigButton


class MessageScreen(Screen):
    """btn_ok acknowledges. objectNames: message_title, message_next_step."""

    name = "message"
    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message: Message | None = None
        self._params: dict[str, str] = {}
        self.picture = icon_label("info", px(200))
        self.title = text_label("title", "message_title")
        self.next_step = text_label("body", "message_next_step")
        for label in (self.title, self.next_step):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ok = BigButton("btn_ok", "primary")
        self.ok.clicked.connect(self.acknowledged)
        self.body.addSpacing(px(120))
        self.body.addWidget(self.picture)
        self.body.addSpacing(px(24))
        self.body.addWidget(self.title)
        self.body.addWidget(self.next_step)
        self.body.addStretch(1)
        self.body.addWidget(self.ok)
        self.retranslate()

    def set_message(self, message: Message, params: Mapping[str, str]) -> None:
        """Explain `message` with its parameters."""
        self._message = message
        self._params = dict(params)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.ok.setText(self.tr("OK"))
        if self._message is None:
            return
        text = message_text(self._message, self._params)
        self.title.setText(text.title)
        self.next_step.setText(text.next_step)
