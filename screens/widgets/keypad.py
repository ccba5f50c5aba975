"""The on-screen keypad: digits, delete, clear and OK, with a display of what was typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from screens.theme import px
from screens.widgets.big_button import BigButton


def _identity(text: str) -> str:
    return text


class Keypad(QWidget):
    """Digit entry for account numbers, references and amounts.

    objectNames: keypad_0 … keypad_9, keypad_dot (only with `decimals`), keypad_delete,
    keypad_clear, keypad_ok, and keypad_display (the label showing the entry).
    `submitted(str)` carries the digits as typed when OK is pressed; `changed(str)` every edit.
    """

    submitted = Signal(str)
    changed = Signal(str)

    def __init__(
        self,
        max_length: int,
        decimals: int = 0,
        ok_when: Callable[[str], bool] = bool,
        display_format: Callable[[str], str] = _identity,
        ok_text: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._max_length = max_length
        self._decimals = decimals
        self._ok_when = ok_when
        self._display_format = display_format
        self._ok_text = ok_text
        self._text = ""
        self._placeholder = ""

        self.display = QLabel()
        self.display.setObjectName("keypad_display")
        self.display.setProperty("role", "display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)

        grid = QGridLayout()
        grid.setSpacing(px(16))
        for digit in range(1, 10):
            key = self._key(str(digit))
            grid.addWidget(key, (digit - 1) // 3, (digit - 1) % 3)
        self.delete_key = BigButton("keypad_delete", "key_action")
        self.delete_key.clicked.connect(self._delete)
        self.clear_key = BigButton("keypad_clear", "key_action")
        self.clear_key.clicked.connect(self.clear)
        if decimals:
            # A fourth column keeps the amount keypad at four rows, like a bank terminal's.
            grid.addWidget(self._key("."), 3, 0)
            grid.addWidget(self._key("0"), 3, 1, 1, 2)
            grid.addWidget(self.delete_key, 0, 3, 2, 1)
            grid.addWidget(self.clear_key, 2, 3, 2, 1)
            for key in (self.delete_key, self.clear_key):
                key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        else:
            grid.addWidget(self.clear_key, 3, 0)
            grid.addWidget(self._key("0"), 3, 1)
            grid.addWidget(self.delete_key, 3, 2)

        self.ok_key = BigButton("keypad_ok", "primary")
        self.ok_key.clicked.connect(self._submit)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(px(20))
        column.addWidget(self.display)
        column.addLayout(grid)
        column.addWidget(self.ok_key)
        self.retranslate()
        self._refresh()

    def _key(self, char: str) -> BigButton:
        name = "keypad_dot" if char == "." else f"keypad_{char}"
        key = BigButton(name, "key")
        key.setText(char)
        key.clicked.connect(lambda: self.press(char))
        return key

    def text(self) -> str:
        """What has been typed so far."""
        return self._text

    def set_placeholder(self, text: str) -> None:
        """Shown in the display while nothing is typed."""
        self._placeholder = text
        self._refresh()

    def set_text(self, text: str) -> None:
        """Replace the entry, e.g. with a preset amount the customer can still edit; characters
        the keypad would refuse are dropped the same way as when typed."""
        self._text = ""
        for char in text:
            self.press(char)
        self._refresh()

    def clear(self) -> None:
        """Empty the entry."""
        self._text = ""
        self._refresh()

    def press(self, char: str) -> None:
        """Type one character, ignoring what would make the entry invalid (a second dot, a third
        decimal, more than `max_length` digits before the decimal point)."""
        candidate = self._text + char
        if char == ".":
            if not self._decimals or "." in self._text:
                return
            if not self._text:
                candidate = "0."
        elif "." in self._text and len(self._text.split(".")[1]) >= self._decimals:
            return
        if len(candidate.split(".")[0]) > self._max_length:
            return
        if (
            candidate.startswith("0")
            and len(candidate) > 1
            and candidate[1] != "."
            and self._decimals
        ):
            candidate = candidate[1:]  # an amount never starts "05"
        self._text = candidate
        self._refresh()

    def _delete(self) -> None:
        self._text = self._text[:-1]
        self._refresh()

    def _submit(self) -> None:
        if self._ok_when(self._text):
            self.submitted.emit(self._text)

    def _refresh(self) -> None:
        shown = self._display_format(self._text) if self._text else self._placeholder
        self.display.setText(shown)
        self.display.setProperty("empty", not self._text)
        self.display.style().polish(self.display)  # the placeholder look depends on "empty"
        self.ok_key.setEnabled(self._ok_when(self._text))
        self.changed.emit(self._text)

    def retranslate(self) -> None:
        """Re-label the keys in the current language."""
        self.delete_key.setText(self.tr("Delete"))
        self.clear_key.setText(self.tr("Clear"))
        # The screen may name OK after what it does ("Continue"), in its own translation context.
        self.ok_key.setText(self._ok_text() if self._ok_text else self.tr("OK"))

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
