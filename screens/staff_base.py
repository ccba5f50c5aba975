"""What every maintenance screen shares: the staff bar (maintenance mode, who is logged in, Back
and Exit maintenance) and the denser look of staff screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.maintenance.roles import Role
from screens.base import Screen, text_label
from screens.staff_texts import role_name
from screens.theme import px
from screens.widgets.big_button import BigButton


@dataclass(frozen=True)
class StaffIdentity:
    """Who is logged in, as the staff bar shows it."""

    staff_id: str
    name: str
    role: Role


class StaffBar(QFrame):
    """The line "Maintenance mode · 李主管 (2001) · Supervisor" (staff_header), Back
    (btn_staff_back, where there is a level up) and Exit maintenance (btn_staff_exit)."""

    back = Signal()
    exit = Signal()

    def __init__(self, show_back: bool, show_exit: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("staff_bar")
        self._identity: StaffIdentity | None = None
        self.line = text_label("staff_header", "staff_header")
        self.back_button = BigButton("btn_staff_back", "staff_back")
        self.back_button.clicked.connect(self.back)
        self.back_button.setVisible(show_back)
        self.exit_button = BigButton("btn_staff_exit", "staff_exit")
        self.exit_button.clicked.connect(self.exit)
        self.exit_button.setVisible(show_exit)
        for button in (self.back_button, self.exit_button):
            button.setMinimumWidth(px(240))
            button.setSizePolicy(button.sizePolicy().Policy.Fixed, button.sizePolicy().Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(px(24), px(12), px(24), px(12))
        row.setSpacing(px(20))
        row.addWidget(self.back_button)
        row.addWidget(self.line, 1)
        row.addWidget(self.exit_button)
        self.retranslate()

    def set_identity(self, identity: StaffIdentity | None) -> None:
        """Who is logged in (None before the login)."""
        self._identity = identity
        self.retranslate()

    def retranslate(self) -> None:
        """Re-label in the current language."""
        self.back_button.setText("‹  " + self.tr("Back"))
        self.exit_button.setText(self.tr("Exit maintenance"))
        mode = self.tr("Maintenance mode")
        if self._identity is None:
            self.line.setText(mode)
        else:
            who = f"{self._identity.name} ({self._identity.staff_id})"
            self.line.setText(f"{mode} · {who} · {role_name(self._identity.role)}")

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class StaffScreen(Screen):
    """A maintenance screen: no customer footer, the staff bar on top instead.

    `has_back` says whether the screen has a level up; the bar's signals are wired by the port."""

    show_back = False
    show_cancel = False
    has_back: ClassVar[bool] = False
    has_exit: ClassVar[bool] = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("staff", True)
        self.bar = StaffBar(self.has_back, self.has_exit)
        self.body.setContentsMargins(px(32), px(20), px(32), px(28))
        self.body.setSpacing(px(18))
        self.body.addWidget(self.bar)

    def set_identity(self, identity: StaffIdentity | None) -> None:
        """Show who is logged in."""
        self.bar.set_identity(identity)


def staff_button(object_name: str, role: str = "staff") -> BigButton:
    """A staff-screen button: smaller than a customer's, still a 60 px+ target."""
    return BigButton(object_name, role)
