"""The touch button of every screen: large, styled by role in theme.qss, never keeps focus."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from screens.theme import icon


class BigButton(QPushButton):
    """A push button found by tests and the tour through its objectName.

    `role` selects its look in theme.qss: primary (the one main action of a screen), start, back,
    cancel, method, preset, key, key_action, lang, more_time; empty is the plain secondary look.
    """

    def __init__(
        self,
        object_name: str,
        role: str = "",
        icon_name: str | None = None,
        icon_px: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        if role:
            self.setProperty("role", role)
        # A focus frame on a touch screen is noise, and Enter on a stray focus would press it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if icon_name:
            self.setIcon(icon(icon_name))
            self.setIconSize(QSize(icon_px, icon_px))
