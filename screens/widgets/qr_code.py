"""A QR code drawn crisp: whole pixels per module, a white quiet zone, no smoothing, so that a
phone (and a test decoding a screenshot) reads it at the first try."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import Property, QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE_MODULES = 4


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules of `data`'s QR code (error correction M), quiet zone included."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


class QrCodeView(QWidget):
    """Draws `code_url` as a square QR of `side` pixels (at least), module edges on whole pixels.

    The text encoded is exposed as the Qt property `code_url` and as the accessible description,
    so tests and the tour can read it without decoding; customers read the pixels."""

    def __init__(self, object_name: str, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._side = side
        self._url = ""
        self._matrix: list[list[bool]] = []
        self.setFixedSize(QSize(side, side))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_url(self, url: str) -> None:
        """Encode `url` (the order's code_url); redrawn only when it changes."""
        if url == self._url:
            return
        self._url = url
        self._matrix = qr_matrix(url) if url else []
        self.setAccessibleDescription(url)
        self.update()

    def _get_code_url(self) -> str:
        return self._url

    code_url = Property(str, _get_code_url)

    def module_count(self) -> int:
        """Modules per side, quiet zone included (0 when empty)."""
        return len(self._matrix)

    def module_rect(self) -> QRect:
        """Where the modules (quiet zone included) are drawn: a whole number of pixels each,
        centred in the widget."""
        count = len(self._matrix)
        if count == 0:
            return QRect()
        module = max(1, self._side // count)
        drawn = module * count
        offset = (self._side - drawn) // 2
        return QRect(offset, offset, drawn, drawn)

    def paintEvent(self, event: QPaintEvent) -> None:
        """White square, then one black rectangle per dark module, never antialiased."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        area = self.module_rect()
        if area.isNull():
            return
        module = area.width() // len(self._matrix)
        black = QColor("#000000")
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(
                        area.x() + x * module, area.y() + y * module, module, module, black
                    )
