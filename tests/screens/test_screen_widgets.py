"""Shared widgets and the rules screens live by: keypad input, theme scaling, import boundaries."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from screens.account import format_price_li
from screens.identify import group_account_digits
from screens.theme import THEME_PATH, scale_for, scaled_style_sheet
from screens.widgets.keypad import Keypad

SCREENS_DIR = Path(__file__).resolve().parents[2] / "screens"
FORBIDDEN = ("drivers", "kiosk.journal", "kiosk.backoffice.client", "kiosk.devices")


@pytest.fixture
def amount_keypad(qtbot: QtBot) -> Keypad:
    pad = Keypad(5, decimals=2)
    qtbot.addWidget(pad)
    return pad


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("12.34", "12.34"),
        ("12.345", "12.34"),  # a third decimal is refused
        ("1..2", "1.2"),  # a second dot is refused
        (".5", "0.5"),
        ("05", "5"),  # an amount never starts with 0
        ("0.05", "0.05"),
        ("1234567", "12345"),  # at most 5 digits of yuan
        ("12345.67", "12345.67"),
    ],
)
def test_amount_keypad_refuses_what_is_not_an_amount(
    amount_keypad: Keypad, keys: str, expected: str
) -> None:
    for key in keys:
        amount_keypad.press(key)
    assert amount_keypad.text() == expected


def test_digit_keypad_has_no_dot(qtbot: QtBot) -> None:
    pad = Keypad(10)
    qtbot.addWidget(pad)
    for key in "1.2":
        pad.press(key)
    assert pad.text() == "12"
    assert pad.findChild(QPushButton, "keypad_dot") is None


def test_ok_is_enabled_by_the_screen_rule(qtbot: QtBot) -> None:
    pad = Keypad(10, ok_when=lambda text: len(text) == 10)
    qtbot.addWidget(pad)
    submitted: list[str] = []
    pad.submitted.connect(submitted.append)
    pad.set_text("123456789")
    assert not pad.ok_key.isEnabled()
    pad._submit()  # even a forced press cannot submit an incomplete entry
    pad.press("0")
    assert pad.ok_key.isEnabled()
    pad.ok_key.click()
    assert submitted == ["1234567890"]


def test_account_digits_grouped_for_reading() -> None:
    assert group_account_digits("0312345678") == "0312 3456 78"


def test_tariff_price_in_li_is_exact() -> None:
    assert format_price_li(538) == "¥0.538"
    assert format_price_li(1050) == "¥1.050"


def test_theme_scales_to_small_panels_without_breaking_the_floors() -> None:
    assert scale_for(1080, 1920) == 1.0
    assert scale_for(768, 1024) == pytest.approx(0.55, abs=0.02)
    small = scaled_style_sheet(THEME_PATH.read_text(encoding="utf-8"), 0.55)
    fonts = [int(v) for v in re.findall(r"font-size:\s*(\d+)px", small)]
    targets = [int(v) for v in re.findall(r"min-height:\s*(\d+)px", small)]
    assert min(fonts) >= 18
    assert min(targets) >= 60
    assert "border-radius: 10px" in scaled_style_sheet("border-radius: 18px;", 0.55)


def test_screens_do_not_import_devices_journal_or_network() -> None:
    for path in SCREENS_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
