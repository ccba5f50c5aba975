"""The style sheet and fonts of the customer screens, loaded once per application."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
THEME_PATH = RESOURCES / "theme.qss"
IMAGES = RESOURCES / "images"
FONT_FAMILY = "WenQuanYi Micro Hei"
DESIGN_WIDTH = 1080
DESIGN_HEIGHT = 1920
# Below 0.7 body text would drop under 22 px and keys under 80 px: too small to touch or read.
_MIN_SCALE = 0.7
_MAX_SCALE = 2.0
_PX = re.compile(r"(\d+)px")
_LOADED_PROPERTY = "kiosk_theme_scale"


def scale_for(width: int, height: int) -> float:
    """How much to scale the 1080x1920 design for a window of this size."""
    factor = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
    return max(_MIN_SCALE, min(_MAX_SCALE, factor))


def scaled_style_sheet(text: str, scale: float) -> str:
    """Every `Npx` in the style sheet multiplied by `scale` (rounded, at least 1 px)."""
    return _PX.sub(lambda m: f"{max(1, round(int(m.group(1)) * scale))}px", text)


def load_theme(app: QApplication, scale: float = 1.0) -> None:
    """Apply theme.qss (scaled) and the Chinese-capable font to `app`; later calls do nothing,
    because re-polishing every widget on a kiosk costs a visible flicker."""
    if app.property(_LOADED_PROPERTY) is not None:
        return
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(1, round(32 * scale)))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(scaled_style_sheet(THEME_PATH.read_text(encoding="utf-8"), scale))
    app.setProperty(_LOADED_PROPERTY, scale)


def theme_scale(app: QApplication) -> float:
    """The scale the theme was loaded with (1.0 if it was not loaded)."""
    value = app.property(_LOADED_PROPERTY)
    return float(value) if value is not None else 1.0


def icon(name: str) -> QIcon:
    """An icon from resources/images by file stem, e.g. `icon("wechat")`."""
    return QIcon(str(IMAGES / f"{name}.svg"))
