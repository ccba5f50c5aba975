"""The signature pad: strokes from mouse drags and touch, clear, and the cropped PNG."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from screens.widgets.signature import CROP_MARGIN, MIN_TARGET_PX, SignaturePad, stroke_path


def make_pad(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 400)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def drag(pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    canvas = pad.canvas
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def ink_box(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int, int] | None]:
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = image.point(lambda v: 255 if v < 128 else 0)
    return image.size, dark.getbbox()


def test_starts_empty_and_is_accessible(qtbot: QtBot) -> None:
    pad = make_pad(qtbot)
    assert pad.is_empty() and pad.strokes == 0
    assert pad.accessibleName()
    assert pad.clear_button.accessibleName()
    assert pad.clear_button.height() >= MIN_TARGET_PX
    assert pad.clear_button.width() >= MIN_TARGET_PX
    size, box = ink_box(pad.to_png())
    assert box is None and size == (2 * CROP_MARGIN, 2 * CROP_MARGIN)


def test_mouse_strokes_give_a_cropped_png_with_ink(qtbot: QtBot) -> None:
    pad = make_pad(qtbot)
    with qtbot.waitSignal(pad.changed, timeout=1000):
        drag(pad, [(100, 100), (150, 130), (200, 110), (260, 150)])
    drag(pad, [(120, 200), (240, 210)])
    assert pad.strokes == 2 and not pad.is_empty()
    size, box = ink_box(pad.to_png())
    assert box is not None
    width, height = size
    # cropped: about the ink's extent (160 x 110) plus the margins, not the 600 x 400 pad
    assert 160 <= width <= 160 + 2 * (CROP_MARGIN + 8)
    assert 110 <= height <= 110 + 2 * (CROP_MARGIN + 8)
    left, top, right, bottom = box
    assert CROP_MARGIN - 2 <= left <= CROP_MARGIN + 8 and CROP_MARGIN - 2 <= top <= CROP_MARGIN + 8
    assert width - right <= CROP_MARGIN + 8 and height - bottom <= CROP_MARGIN + 8


def test_clear_button_removes_the_ink(qtbot: QtBot) -> None:
    pad = make_pad(qtbot)
    drag(pad, [(50, 50), (300, 60)])
    with qtbot.waitSignal(pad.changed, timeout=1000):
        qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and pad.strokes == 0
    assert ink_box(pad.to_png())[1] is None


def test_touch_draws_one_stroke(qtbot: QtBot) -> None:
    pad = make_pad(qtbot)
    device = QPointingDevice(
        "test touch",
        1,
        QPointingDevice.DeviceType.TouchScreen,
        QPointingDevice.PointerType.Finger,
        QPointingDevice.Capability.Position,
        1,
        0,
    )
    seq = QTest.touchEvent(pad.canvas, device)
    seq.press(0, QPoint(80, 80)).commit()
    QTest.touchEvent(pad.canvas, device).move(0, QPoint(160, 120)).commit()
    QTest.touchEvent(pad.canvas, device).move(0, QPoint(220, 90)).commit()
    QTest.touchEvent(pad.canvas, device).release(0, QPoint(220, 90)).commit()
    assert pad.strokes == 1
    assert len(pad.canvas.strokes[0]) >= 3
    assert ink_box(pad.to_png())[1] is not None


def test_stroke_path_is_smooth_and_passes_the_ends() -> None:
    points = [QPointF(0, 0), QPointF(10, 10), QPointF(20, 0), QPointF(30, 10)]
    path = stroke_path(points)
    assert path.pointAtPercent(0) == points[0]
    assert path.pointAtPercent(1) == points[-1]
    assert path.elementCount() > len(points)  # curves, not a polyline
    assert not stroke_path([QPointF(5, 5)]).isEmpty()
