"""Staff login: the staff id on the keypad (unless a staff card gave it), then the PIN, masked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.maintenance.ports import LoginPrompt, StaffLogin, StaffMessage
from screens.base import show_error, text_label
from screens.staff_base import StaffScreen
from screens.staff_texts import staff_message_text
from screens.widgets.keypad import Keypad

STAFF_ID_MIN = 4
STAFF_ID_MAX = 8
PIN_MIN = 4
PIN_MAX = 12
PIN_DOT = "●"


def _masked(pin: str) -> str:
    return PIN_DOT * len(pin)


class StaffLoginScreen(StaffScreen):
    """Two steps on one keypad: staff id (4–8 digits), then the PIN, shown only as dots. Back
    (btn_staff_back) in the PIN step returns to the id step when the id was typed; Exit leaves.

    `submitted(StaffLogin)` once the PIN is entered. The PIN lives only in the keypad's entry and
    is cleared as soon as it is submitted or the prompt changes: no label, no accessible text
    ever holds it. objectNames: staff_login_title, staff_login_prompt, staff_login_error, keypad."""

    name = "staff_login"
    has_back = True
    submitted = Signal(StaffLogin)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = LoginPrompt()
        self._staff_id: str | None = None  # typed or from the card; None: the id step
        self.title = text_label("staff_title", "staff_login_title")
        self.prompt_line = text_label("subtitle", "staff_login_prompt")
        self.error = text_label("error", "staff_login_error")
        self.error.hide()
        for label in (self.title, self.prompt_line):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad(
            max_length=PIN_MAX,
            ok_when=self._ok_when,
            display_format=self._display,
            ok_text=self._ok_label,
        )
        self.keypad.submitted.connect(self._on_ok)
        self.body.addWidget(self.title)
        self.body.addWidget(self.prompt_line)
        self.body.addWidget(self.error)
        self.body.addWidget(self.keypad)
        self.body.addStretch(1)
        self.retranslate()

    def set_prompt(self, prompt: LoginPrompt) -> None:
        """Start the login: the id step, or the PIN step when the id is known."""
        self._prompt = prompt
        self._staff_id = prompt.staff_id
        self.keypad.clear()
        self.retranslate()

    def pin_step(self) -> bool:
        """Whether the keypad is taking the PIN now."""
        return self._staff_id is not None

    def back_to_id(self) -> bool:
        """Back pressed: to the id step if the id was typed here; False when there is no step
        to go back to (the caller then leaves the screen)."""
        if self._staff_id is None or self._prompt.staff_id is not None:
            return False
        self._staff_id = None
        self.keypad.clear()
        self.retranslate()
        return True

    def _ok_when(self, text: str) -> bool:
        if self.pin_step():
            return len(text) >= PIN_MIN
        return STAFF_ID_MIN <= len(text) <= STAFF_ID_MAX

    def _ok_label(self) -> str:
        return self.tr("Log in") if self.pin_step() else self.tr("Next")

    def _display(self, text: str) -> str:
        return _masked(text) if self.pin_step() else text

    def _on_ok(self, text: str) -> None:
        if not self.pin_step():
            self._staff_id = text
            self.keypad.clear()
            self.retranslate()
            return
        staff_id = self._staff_id or ""
        self.keypad.clear()  # the PIN leaves the screen with the answer
        self.submitted.emit(StaffLogin(staff_id=staff_id, pin=text))

    def retranslate(self) -> None:
        """Set every text in the current language."""
        pin = self.pin_step()
        self.title.setText(self.tr("Staff login"))
        prompt = self._prompt
        if not pin:
            self.prompt_line.setText(self.tr("Enter your staff ID"))
            self.keypad.set_placeholder(self.tr("Staff ID"))
        elif prompt.staff_id is not None and prompt.staff_name:
            who = f"{prompt.staff_name} ({prompt.staff_id})"
            if prompt.reauth:
                text = self.tr("{who}: enter your PIN again to go on")
            else:
                text = self.tr("Card of {who}: enter your PIN")
            self.prompt_line.setText(text.format(who=who))
            self.keypad.set_placeholder(self.tr("PIN"))
        else:
            self.prompt_line.setText(
                self.tr("Staff ID {id}: enter your PIN").format(id=self._staff_id)
            )
            self.keypad.set_placeholder(self.tr("PIN"))
        self.keypad.retranslate()
        self.bar.back_button.setVisible(pin and prompt.staff_id is None)
        self._show_error()

    def _show_error(self) -> None:
        error = self._prompt.error
        if error is None and self._prompt.reauth:
            error = StaffMessage.REAUTH
        if error is None:
            show_error(self.error, None)
            return
        text = staff_message_text(error, self._prompt.params)
        show_error(self.error, text.joined())
