"""What every customer screen shares: its name, which footer buttons it offers, re-labelling on
a language switch, and small builders for the text roles of theme.qss."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from screens.theme import icon, px


class Screen(QWidget):
    """A page of the main window's stack.

    Subclasses set `name` (what `QtCustomerUI.current_screen_name()` returns), `show_back` and
    `show_cancel` (the footer), and implement `retranslate()` with every visible text, so that a
    language switch re-labels the page in place. Screens show state and emit intent through
    signals; they never decide anything about the business.
    """

    name: ClassVar[str] = ""
    show_back: ClassVar[bool] = True
    show_cancel: ClassVar[bool] = True
    # False when the screen scrolls its own content and pins its main button below it.
    scrollable: ClassVar[bool] = True
    # True on service screens where no money moves and no card is in play: the footer then
    # offers "Video teller" when the idle screen last said video is available.
    offers_video_teller: ClassVar[bool] = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"screen_{self.name}")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(px(56), px(48), px(56), px(40))
        self.body.setSpacing(px(28))

    def retranslate(self) -> None:
        """Set every text in the current language."""

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def text_label(role: str, object_name: str = "", wrap: bool = True) -> QLabel:
    """A label styled by `role` in theme.qss (title, subtitle, body, muted, error, hint, ...)."""
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label


def icon_label(name: str, size: int) -> QLabel:
    """A centred picture from resources/images."""
    label = QLabel()
    label.setPixmap(icon(name).pixmap(QSize(size, size)))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def card(spacing: int = 16) -> tuple[QFrame, QVBoxLayout]:
    """A white rounded panel and the layout to fill it."""
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(px(36), px(28), px(36), px(28))
    layout.setSpacing(spacing)
    return frame, layout


def show_error(label: QLabel, text: str | None) -> None:
    """Fill an error line, or hide it when there is nothing to say."""
    label.setText(text or "")
    label.setVisible(bool(text))
