"""Screenshots of the maintenance screens and the idle screen out of service, compared with the
baselines like every other screen (see test_screen_screenshots.py for the method).

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from staff_scenes import STAFF_SCENES
from test_screen_screenshots import (
    compare_with_baseline,
)

from kiosk.flows.ports import Language
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
    compare_with_baseline(qapp, window, scene, STAFF_SCENES[scene], language)
