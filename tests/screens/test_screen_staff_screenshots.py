"""Screenshots of the maintenance screens and the idle screen out of service, compared with the
baselines like every other screen (see test_screen_screenshots.py for the method).

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot
"""

from __future__ import annotations

import os

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from screen_scenes import IDLE_INFO
from staff_scenes import STAFF_SCENES
from test_screen_screenshots import (
    BASELINES,
    FAILED,
    HERE,
    MAX_DIFFERENT_SHARE,
    _different_share,
    _render,
)

from kiosk.flows.ports import Language
from screens.i18n import install_language
from screens.main_window import MainWindow

ENGLISH_SCENES = ("idle_out_of_service", "staff_login_card", "staff_dashboard_technician")
CASES = [(name, Language.ZH_CN) for name in STAFF_SCENES] + [
    (name, Language.EN) for name in ENGLISH_SCENES
]


@pytest.mark.screenshot
@pytest.mark.parametrize(("scene", "language"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_staff_screenshot(
    qapp: QApplication, window: MainWindow, scene: str, language: Language
) -> None:
    install_language(language)
    try:
        window.idle.set_info(IDLE_INFO, language)
        window.header.set_hall_name(window.idle.hall_name())
        window.retranslate()
        STAFF_SCENES[scene](window)
        actual = _render(window, qapp)
    finally:
        install_language(Language.ZH_CN)
    name = f"{scene}_{language.value}.png"
    baseline = BASELINES / name
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        BASELINES.mkdir(exist_ok=True)
        actual.save(baseline, optimize=True)
        return
    if not baseline.exists():
        pytest.fail(f"no baseline {baseline.name}: run UPDATE_SCREENSHOTS=1 (see module doc)")
    expected = Image.open(baseline).convert("RGB")
    assert expected.size == actual.size, f"{name}: baseline is {expected.size}"
    share, mask = _different_share(actual, expected)
    if share > MAX_DIFFERENT_SHARE:
        FAILED.mkdir(exist_ok=True)
        actual.save(FAILED / f"{scene}_{language.value}_actual.png")
        overlay = Image.blend(expected, Image.new("RGB", expected.size, "white"), 0.7)
        overlay.paste(Image.new("RGB", expected.size, (220, 0, 0)), mask=mask)
        overlay.save(FAILED / f"{scene}_{language.value}_diff.png")
        pytest.fail(
            f"{name}: {share:.2%} of pixels differ (allowed {MAX_DIFFERENT_SHARE:.2%}); "
            f"see {FAILED.relative_to(HERE.parents[1])}/"
        )
