"""Fixtures of the screen tests.

- `aio`: a `QtAsyncRunner` (qt_async.py): a qasync loop on pytest-qt's QApplication; run a
  scenario coroutine with `aio.run(...)`, wait for a screen with `await aio.shown(ui, "name")`.
  Journey tests can reuse it: `from qt_async import QtAsyncRunner` after putting this folder on
  sys.path, or copy the fixture below (it is four lines).
- `window`, `ui`: a fresh MainWindow at 1080x1920 (theme loaded once, frozen clock) and the
  QtCustomerUI over it; `activity` counts `on_activity` calls.
- Translations are compiled once per session (scripts/build_translations.py) so that a fresh
  checkout's tests see Chinese.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# Qt's platform must be chosen before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication
from qt_async import QtAsyncRunner
from screen_scenes import FIXED_CLOCK

from kiosk.flows.ports import Language
from screens.i18n import install_language
from screens.main_window import MainWindow
from screens.theme import load_theme
from screens.ui_port import QtCustomerUI

WINDOW_SIZE = (1080, 1920)
ROOT = Path(__file__).resolve().parents[2]


class ActivityCounter:
    """Stands in for the inactivity timer's `touch()`."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Build the .qm files if a .ts is newer (a no-op when they are up to date)."""
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build_translations"], cwd=ROOT, capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()


@pytest.fixture
def aio(qapp: QApplication) -> Iterator[QtAsyncRunner]:
    """An asyncio loop pumped by Qt for this test."""
    runner = QtAsyncRunner(qapp)
    yield runner
    runner.close()


@pytest.fixture
def window(qapp: QApplication, qtbot: object) -> Iterator[MainWindow]:
    """The main window, shown offscreen at 1080x1920 with a frozen clock, in Chinese."""
    load_theme(qapp)
    install_language(Language.ZH_CN)
    main = MainWindow()
    main.freeze_for_screenshots(FIXED_CLOCK)
    main.resize(*WINDOW_SIZE)
    main.show()
    yield main
    main.close()
    main.deleteLater()


@pytest.fixture
def activity() -> ActivityCounter:
    """Counts `on_activity` calls."""
    return ActivityCounter()


@pytest.fixture
def ui(window: MainWindow, activity: ActivityCounter, qapp: QApplication) -> Iterator[QtCustomerUI]:
    """The UI port over `window`, starting in Chinese."""
    port = QtCustomerUI(window, activity, Language.ZH_CN)
    yield port
    port.detach()
