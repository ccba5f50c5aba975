"""Screenshot of every screen against committed baselines (tests/screens/baselines/).

The window is laid out at its real 1080x1920 and the picture scaled to 540x960 before comparing,
so baselines stay small while showing the layout a customer sees. Fonts antialias a little
differently between machines: a pixel counts as different only beyond a channel tolerance, and a
small share of such pixels is allowed.

Update the baselines after an intended change, then look at them:
    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot
On a mismatch the actual picture and a diff are written to tests/screens/_failed/.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from screen_scenes import IDLE_INFO, SCENES

from kiosk.flows.ports import Language
from screens.i18n import install_language
from screens.main_window import MainWindow

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines"
FAILED = HERE / "_failed"
SHOT_SIZE = (540, 960)
CHANNEL_TOLERANCE = 64  # of 255: antialiasing and hinting differences stay below this
# 0.02 % of 540x960 is about 100 pixels: one changed digit of an amount is more than that.
MAX_DIFFERENT_SHARE = 0.0002
ENGLISH_SCENES = (
    "idle",
    "idle_unavailable",
    "identify",
    "account",
    "amount_topup",
    "method",
    "code_error",
    "processing",
    "outcome_receipt_failed",
    "message",
    "qr_pay",
    "processing_insert_card",
    "processing_writing_card",
    "prepaid_insert_error",
    "prepaid_card_pending",
    "prepaid_card_blocked",
    "take_card_reminder",
    "message_card_declined",
)
CASES = [(name, Language.ZH_CN) for name in SCENES] + [(n, Language.EN) for n in ENGLISH_SCENES]


def _render(window: MainWindow, app: QApplication) -> Image.Image:
    for _ in range(3):
        app.processEvents()
    picture = window.grab().toImage()
    small = picture.scaled(
        *SHOT_SIZE,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    rgb = small.convertToFormat(QImage.Format.Format_RGB888)
    raw = bytes(rgb.constBits())  # rows are padded to bytesPerLine
    return Image.frombuffer("RGB", SHOT_SIZE, raw, "raw", "RGB", rgb.bytesPerLine(), 1).copy()


def _different_share(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    diff = ImageChops.difference(actual, expected)
    strongest = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(strongest[0], strongest[1]), strongest[2])
    mask = worst.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    share = mask.histogram()[255] / (actual.width * actual.height)
    return share, mask


def compare_with_baseline(
    qapp: QApplication,
    window: MainWindow,
    scene: str,
    set_up: Callable[[MainWindow], object],
    language: Language,
) -> None:
    """Render `scene` (set up by `set_up`) in `language` and compare it with its baseline PNG;
    with UPDATE_SCREENSHOTS=1, write the baseline instead. On a difference the actual picture and
    a red overlay of what differs go to tests/screens/_failed/. Every screenshot test uses this."""
    install_language(language)
    try:
        window.idle.set_info(IDLE_INFO, language)
        window.header.set_hall_name(window.idle.hall_name())
        window.retranslate()
        set_up(window)
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
        pytest.fail(
            f"no baseline {baseline.name}: "
            "run UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot"
        )
    expected = Image.open(baseline).convert("RGB")
    assert expected.size == actual.size, f"{name}: baseline is {expected.size}, not {actual.size}"
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


@pytest.mark.screenshot
@pytest.mark.parametrize(("scene", "language"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_screenshot(qapp: QApplication, window: MainWindow, scene: str, language: Language) -> None:
    compare_with_baseline(qapp, window, scene, SCENES[scene], language)


@pytest.mark.screenshot
def test_screenshot_comparison_catches_a_changed_word(
    qapp: QApplication, window: MainWindow
) -> None:
    """The tolerance absorbs antialiasing, not content: one changed button label must fail."""
    SCENES["method"](window)
    before = _render(window, qapp)
    assert _different_share(before, _render(window, qapp))[0] == 0.0
    window.method.amount.setText("¥128.78")
    share, _mask = _different_share(_render(window, qapp), before)
    assert share > MAX_DIFFERENT_SHARE, "one changed digit of the amount went unnoticed"
    window.method.buttons[next(iter(window.method.buttons))].title.setText("Bank card")
    share, _mask = _different_share(_render(window, qapp), before)
    assert share > MAX_DIFFERENT_SHARE
