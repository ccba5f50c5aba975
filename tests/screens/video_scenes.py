"""Deterministic contents of the video-teller screens: synthetic pictures in the mailboxes, a
fixed call clock. Used by the video screenshot tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from screen_scenes import ACCOUNT_VIEW

from kiosk.flows.ports import AccountPrompt, IdleInfo, Message
from kiosk.flows.teller_ports import (
    DocumentPhotoPrompt,
    FormFieldView,
    TellerAccount,
    TellerForm,
    TellerRequest,
)
from kiosk.flows.video_ports import FrameMailbox, Picture, VideoCallView, VideoWaiting
from screens.main_window import MainWindow
from screens.teller_base import TellerScreen
from screens.widgets.video_view import VideoView

CALL_STARTED_AT = 1000.0
CALL_NOW = CALL_STARTED_AT + 83.4  # "01:23"


def synthetic_picture(width: int, height: int, seq: int, tint: tuple[int, int, int]) -> Picture:
    """A still, recognisable frame: a vertical gradient, a head and shoulders, and `seq` marked
    as a row of blocks along the bottom (so two pictures of different seq differ)."""
    rows = np.linspace(0.35, 1.0, height, dtype=np.float32)[:, None, None]
    frame = (rows * np.array(tint, dtype=np.float32)[None, None, :]).astype(np.uint8)
    frame = np.repeat(frame, width, axis=1)
    yy, xx = np.mgrid[0:height, 0:width]
    head = (xx - width / 2) ** 2 + (yy - height * 0.38) ** 2 < (height * 0.14) ** 2
    body = ((xx - width / 2) / (width * 0.28)) ** 2 + ((yy - height) / (height * 0.4)) ** 2 < 1
    frame[head | body] = (236, 222, 205)
    block = max(4, width // 32)
    for bit in range(16):
        if seq >> bit & 1:
            frame[height - block :, bit * block : (bit + 1) * block] = (255, 255, 255)
    return Picture(width=width, height=height, rgb=frame.tobytes(), seq=seq, at=0.0)


def _paint_now(view: VideoView) -> None:
    view.poll()
    view.repaint()


def call_view(audio_only: bool = False, muted: bool = False) -> VideoCallView:
    """A call with a teller picture (640x480) and a customer picture (320x240) in the mailboxes."""
    remote, local = FrameMailbox(), FrameMailbox()
    remote.put(synthetic_picture(640, 480, 7, (40, 110, 170)))
    local.put(synthetic_picture(320, 240, 5, (150, 120, 60)))
    return VideoCallView(
        teller_name="王芳 Wang Fang",
        remote=remote,
        local=local,
        started_at=CALL_STARTED_AT,
        audio_only=audio_only,
        muted=muted,
    )


def _call(window: MainWindow, view: VideoCallView) -> None:
    window.video_call.set_monotonic(lambda: CALL_NOW)
    window.video_call.set_view(view)
    window.show_screen("video_call")
    window.video_call.stop_clock()
    _paint_now(window.video_call.remote)
    _paint_now(window.video_call.local)


def idle_with_video(window: MainWindow, info: IdleInfo) -> None:
    """The idle screen with the video-teller button."""
    window.idle.set_info(replace(info, video_available=True), window.idle.language())
    window.show_screen("idle")


def consent(window: MainWindow) -> None:
    """Consent to the recorded call."""
    window.show_screen("video_consent")


def waiting(window: MainWindow) -> None:
    """Third in the queue, about 4 minutes."""
    window.video_waiting.set_waiting(VideoWaiting(position=3, estimated_wait_s=220))
    window.show_screen("video_waiting")


def call(window: MainWindow) -> None:
    """In the call: teller large, customer small, 01:23."""
    _call(window, call_view())


def call_audio_only(window: MainWindow) -> None:
    """The teller's video stopped: banner and placeholder, muted."""
    _call(window, call_view(audio_only=True, muted=True))


def callback_phone(window: MainWindow) -> None:
    """A number being typed, after a malformed one."""
    window.callback_phone.set_error(Message.PHONE_MALFORMED)
    window.callback_phone.keypad.set_text("1381234567")
    window.show_screen("callback_phone")


def callback_booked(window: MainWindow) -> None:
    """The call back is booked."""
    window.message.set_message(Message.VIDEO_CALLBACK_BOOKED, {"phone": "138****5678"})
    window.show_screen("message")


VIDEO_SCENES: dict[str, Callable[[MainWindow], None]] = {
    "video_consent": consent,
    "video_waiting": waiting,
    "video_call": call,
    "video_call_audio_only": call_audio_only,
    "callback_phone": callback_phone,
    "video_callback_booked": callback_booked,
}


# -- the teller's commands -----------------------------------------------------------------------


def _strip_still(window: MainWindow, screen: TellerScreen) -> None:
    screen.strip.set_monotonic(lambda: CALL_NOW)
    screen.strip.stop_clock()
    _paint_now(screen.strip.video)


def _teller_screen(window: MainWindow, screen: TellerScreen) -> None:
    window.show_screen(screen.name)
    _strip_still(window, screen)


def teller_request(window: MainWindow) -> None:
    """The teller asks for a photo of the ID card."""
    view = call_view()
    window.teller_request.set_request(
        TellerRequest(kind="document_photo", subject="id_card", teller_name="王芳", call=view)
    )
    _teller_screen(window, window.teller_request)


def teller_request_audio_only(window: MainWindow) -> None:
    """The teller asks to print a document; the call is audio only (the name, no picture)."""
    view = call_view(audio_only=True)
    window.teller_request.set_request(
        TellerRequest(kind="print", subject="业务受理单", teller_name="王芳", call=view)
    )
    _teller_screen(window, window.teller_request)


def teller_account(window: MainWindow) -> None:
    """The account summary the teller opened."""
    window.teller_account.set_account(TellerAccount(account=ACCOUNT_VIEW, call=call_view()))
    _teller_screen(window, window.teller_account)


def document_photo(window: MainWindow) -> None:
    """The customer's camera large, the frame guide."""
    window.document_photo.set_prompt(DocumentPhotoPrompt(document="id_card", call=call_view()))
    _teller_screen(window, window.document_photo)
    _paint_now(window.document_photo.camera)


def document_photo_still(window: MainWindow) -> None:
    """The photo taken, Retake / Send."""
    document_photo(window)
    window.document_photo.take.click()
    _paint_now(window.document_photo.still_view)


def teller_form(window: MainWindow) -> None:
    """The contact-phone form after a wrong number, signed."""
    fields = [
        FormFieldView("account_no", "3100012345", editable=False, kind="account"),
        FormFieldView("contact_name", "张三", editable=True, kind="text"),
        FormFieldView("new_phone", "1381234567", editable=True, kind="phone"),
    ]
    window.teller_form.set_form(
        TellerForm(
            form_id="change_contact_phone",
            fields=fields,
            call=call_view(),
            error=Message.TELLER_FORM_FIELD,
            error_field="new_phone",
        )
    )
    _teller_screen(window, window.teller_form)


def teller_form_signing(window: MainWindow) -> None:
    """The same form, new, being signed."""
    teller_form(window)
    form = window.teller_form.form()
    assert form is not None
    window.teller_form.set_form(replace(form, error=None, error_field=None))
    QApplication.processEvents()
    canvas = window.teller_form.pad.canvas
    points = [QPoint(60, 120), QPoint(160, 60), QPoint(260, 150), QPoint(380, 70)]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
    )


def teller_notice(window: MainWindow) -> None:
    """The teller's document is printed."""
    window.teller_notice.set_notice(Message.TELLER_PRINTED)
    window.teller_notice.set_call(call_view())
    _teller_screen(window, window.teller_notice)


def identify_video_teller(window: MainWindow) -> None:
    """The account-number screen offering Video teller in the footer."""
    window.identify.set_prompt(AccountPrompt(scan_available=True))
    window.show_screen("identify")
    window.footer.show_video_teller(True)


TELLER_SCENES: dict[str, Callable[[MainWindow], None]] = {
    "teller_request": teller_request,
    "teller_request_audio_only": teller_request_audio_only,
    "teller_account": teller_account,
    "document_photo": document_photo,
    "document_photo_still": document_photo_still,
    "teller_form": teller_form,
    "teller_form_signing": teller_form_signing,
    "teller_notice": teller_notice,
    "identify_video_teller": identify_video_teller,
}
