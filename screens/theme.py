"""The style sheet and fonts of the customer screens, loaded once per application."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
THEME_PATH = RESOURCES / "theme.qss"
IMAGES = RESOURCES / "images"
FONT_FAMILY = "WenQuanYi Micro Hei"
DESIGN_WIDTH = 1080
DESIGN_HEIGHT = 1920
# 768x1024 scales to 0.55; below that, text would fall under the floors that follow.
_MIN_SCALE = 0.55
_MAX_SCALE = 2.0
# DESIGN.md: body text at least 18 px, touch targets at least 60x60 px, whatever the scale.
_MIN_FONT_PX = 18
_MIN_TARGET_PX = 60
_PX = re.compile(r"(?:(font-size|min-height|min-width)(\s*:\s*))?(\d+)px")
_LOADED_PROPERTY = "kiosk_theme_scale"


def scale_for(width: int, height: int) -> float:
    """How much to scale the 1080x1920 design for a window of this size."""
    factor = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
    return max(_MIN_SCALE, min(_MAX_SCALE, factor))


def scaled_style_sheet(text: str, scale: float) -> str:
    """Every `Npx` in the style sheet multiplied by `scale`, keeping font sizes at 18 px and
    minimum sizes at 60 px or more."""

    def scaled(match: re.Match[str]) -> str:
        prop, sep, value = match.group(1), match.group(2) or "", int(match.group(3))
        floor = 1
        if prop == "font-size":
            floor = min(value, _MIN_FONT_PX)
        elif prop in ("min-height", "min-width"):
            floor = min(value, _MIN_TARGET_PX)
        size = max(floor, round(value * scale))
        return f"{prop or ''}{sep}{size}px"

    return _PX.sub(scaled, text)


def px(value: int) -> int:
    """A length from the 1080-wide design (margins, spacing, icons) at the loaded theme's scale."""
    app = QApplication.instance()
    scale = app.property(_LOADED_PROPERTY) if app is not None else None
    return max(1, round(value * (float(scale) if scale is not None else 1.0)))


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


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/images by file stem, e.g. `icon("wechat")`. One QIcon per name
    for the application's life: it keeps its rendered pixmaps, so a screen shown again does not
    parse and render the SVG again."""
    return QIcon(str(IMAGES / f"{name}.svg"))
