"""The header of every screen: hall name, clock, and the inactivity countdown with its one-tap
"more time" extension."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from screens.theme import icon, px
from screens.widgets.big_button import BigButton


def local_time_text() -> str:
    """The terminal's local date and time as the header shows it."""
    return QDateTime.currentDateTime().toString("yyyy-MM-dd  HH:mm")


class Header(QWidget):
    """Hall name and clock on a band, with the countdown strip below it when a session is about to
    time out. objectNames: header_hall, header_clock, countdown, countdown_text, btn_more_time.

    The "more time" tap needs no handler of its own: like every touch in the window it reaches the
    UI port's activity filter, which resets the inactivity timer; the strip hides at once so the
    customer sees the tap worked.
    """

    more_time = Signal()

    def __init__(
        self, time_text: Callable[[], str] = local_time_text, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._time_text = time_text
        self._seconds_left: int | None = None

        band = QFrame()
        band.setObjectName("header")
        self.hall_icon = QLabel()
        self.hall_icon.setPixmap(icon("hall").pixmap(QSize(px(72), px(72))))
        self.hall = QLabel()
        self.hall.setObjectName("header_hall")
        self.clock = QLabel()
        self.clock.setObjectName("header_clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(band)
        row.setContentsMargins(px(32), px(16), px(32), px(16))
        row.setSpacing(px(20))
        row.addWidget(self.hall_icon)
        row.addWidget(self.hall, 1)
        row.addWidget(self.clock)

        self.countdown = QFrame()
        self.countdown.setObjectName("countdown")
        self.countdown_text = QLabel()
        self.countdown_text.setObjectName("countdown_text")
        self.countdown_text.setWordWrap(True)
        self.more_time_button = BigButton("btn_more_time", "more_time")
        self.more_time_button.clicked.connect(self._on_more_time)
        strip = QHBoxLayout(self.countdown)
        strip.setContentsMargins(px(32), px(12), px(32), px(12))
        strip.setSpacing(px(24))
        strip.addWidget(self.countdown_text, 3)
        strip.addWidget(self.more_time_button, 2)
        self.countdown.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(px(0))
        column.addWidget(band)
        column.addWidget(self.countdown)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._tick()
        self.retranslate()

    def set_hall_name(self, name: str) -> None:
        """The hall's name in the current language."""
        self.hall.setText(name)

    def freeze_clock(self, text: str) -> None:
        """Show a fixed time (screenshots, the tour) instead of the running clock."""
        self._ticker.stop()
        self.clock.setText(text)

    def show_countdown(self, seconds_left: int | None) -> None:
        """Show "the session ends in N s" with the extension button; None hides it."""
        self._seconds_left = seconds_left
        self.countdown.setVisible(seconds_left is not None)
        self._label_countdown()

    def countdown_visible(self) -> bool:
        """Whether the countdown strip is showing."""
        return self._seconds_left is not None

    def _on_more_time(self) -> None:
        self.show_countdown(None)
        self.more_time.emit()

    def _tick(self) -> None:
        self.clock.setText(self._time_text())

    def _label_countdown(self) -> None:
        if self._seconds_left is None:
            self.countdown_text.clear()
            return
        self.countdown_text.setText(
            self.tr("Are you still there? This session ends in {seconds} s.").format(
                seconds=self._seconds_left
            )
        )

    def retranslate(self) -> None:
        """Re-label in the current language."""
        self.more_time_button.setText(self.tr("More time"))
        self._label_countdown()

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
