"""The teller's command screens through the UI port (request, account, document photo, form,
notice, each with the call strip and End call) and the Video teller button of the service
screens; their screenshots in both languages (see test_screen_screenshots.py for the method).

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, cast

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from screen_scenes import ACCOUNT_VIEW, IDLE_INFO, PREPAID_VIEW
from test_screen_screenshots import (
    compare_with_baseline,
)
from video_scenes import TELLER_SCENES, call_view, synthetic_picture

from kiosk.backoffice.models import Provider
from kiosk.flows.ports import (
    AccountPrompt,
    AmountChoice,
    CodePrompt,
    Language,
    Message,
    MethodChoice,
    Outcome,
    PayMethod,
    PrepaidCardPrompt,
    Service,
    Stage,
    TakeCard,
    VideoTellerRequested,
)
from kiosk.flows.teller_ports import (
    CallEnded,
    DocumentPhotoPrompt,
    FormFieldView,
    SignedForm,
    TellerAccount,
    TellerForm,
    TellerRequest,
)
from kiosk.flows.video_ports import FrameMailbox, VideoCallView
from screens.i18n import install_language
from screens.identify import group_account_digits
from screens.main_window import MainWindow
from screens.teller_texts import request_text
from screens.ui_port import QtCustomerUI
from screens.widgets.video_view import VideoView

LEFT = Qt.MouseButton.LeftButton
MIN_BUTTON_PX = 64


def _click(qtbot: QtBot, ui: QtCustomerUI, name: str) -> None:
    widget = ui.widget(name)
    assert widget.isVisible(), f"{name} is not visible"
    qtbot.mouseClick(widget, LEFT)


def _type(qtbot: QtBot, ui: QtCustomerUI, digits: str) -> None:
    for digit in digits:
        _click(qtbot, ui, f"keypad_{digit}")


def _text(ui: QtCustomerUI, name: str) -> str:
    return str(ui.widget(name).text())  # type: ignore[attr-defined]


def _sign(canvas: QWidget) -> None:
    """One stroke across the pad, as a finger would draw it."""
    points = [QPoint(40, 40), QPoint(120, 90), QPoint(220, 50), QPoint(300, 110)]
    QTest.mousePress(canvas, LEFT, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, LEFT, Qt.KeyboardModifier.NoModifier, points[-1])


def _form(view: VideoCallView, **changes: Any) -> TellerForm:
    fields = [
        FormFieldView("account_no", "3100012345", editable=False, kind="account"),
        FormFieldView("contact_name", "张三", editable=True, kind="text"),
        FormFieldView("new_phone", "13812345678", editable=True, kind="phone"),
    ]
    return replace(TellerForm("change_contact_phone", fields, view), **changes)


# -- the call strip ------------------------------------------------------------------------------


def test_every_teller_screen_keeps_the_call_and_no_footer(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    view = call_view()

    async def scenario() -> None:
        task = asyncio.ensure_future(
            ui.ask_teller_request(TellerRequest("account_summary", "", "王芳", view))
        )
        await aio.shown(ui, "teller_request")
        strip_video = ui.widget("call_strip_video")
        assert isinstance(strip_video, VideoView) and strip_video.mailbox() is view.remote
        qtbot.waitUntil(lambda: strip_video.last_seq == 7, timeout=2000)  # the teller's frame
        assert "王芳" in _text(ui, "call_strip_teller")
        assert _text(ui, "btn_strip_end_call") == "结束通话"
        assert not window.footer.isVisible()
        task.cancel()

    aio.run(scenario())


def test_audio_only_strip_shows_the_name_instead_of_the_video(
    aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        view = call_view(audio_only=True)
        task = asyncio.ensure_future(
            ui.ask_teller_request(TellerRequest("print", "受理单", "王芳", view))
        )
        await aio.shown(ui, "teller_request")
        assert not ui.widget("call_strip_video").isVisible()
        assert _text(ui, "call_strip_teller") == "王芳 Wang Fang（仅语音）"
        task.cancel()

    aio.run(scenario())


def test_strip_counts_the_call_time(window: MainWindow) -> None:
    strip = window.teller_request.strip
    view = replace(call_view(), started_at=100.0)
    strip.set_monotonic(lambda: 100.0 + 125.2)
    strip.set_call(view)
    assert strip.time.text() == "通话时长 02:05"


# -- the request -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "subject", "expected"),
    [
        ("account_summary", "3100012345", "查看您的账户信息"),
        ("document_photo", "id_card", "用摄像头拍摄您的身份证"),
        ("document_photo", "household_register", "用摄像头拍摄您的户口簿"),
        ("document_photo", "property_certificate", "用摄像头拍摄您的房产证"),
        ("document_photo", "other", "用摄像头拍摄您的其他证件"),
        ("push_form", "change_contact_phone", "请您填写并签署《变更联系电话》"),
        ("print", "Receipt of 2026-03", "为您打印《Receipt of 2026-03》"),
        ("hand_back", "pay_bill", "结束通话并继续办理交电费"),
        ("hand_back", "buy_prepaid", "结束通话并继续办理购电"),
        ("hand_back", "reprint", "结束通话并继续办理补打凭条"),
    ],
)
def test_request_says_exactly_what(
    aio: QtAsyncRunner, ui: QtCustomerUI, kind: str, subject: str, expected: str
) -> None:
    async def scenario() -> None:
        request = TellerRequest(kind, subject, "王芳", call_view())
        task = asyncio.ensure_future(ui.ask_teller_request(request))
        await aio.shown(ui, "teller_request")
        assert _text(ui, "teller_request_title") == "王芳请求："
        assert _text(ui, "teller_request_what") == expected
        task.cancel()

    aio.run(scenario())


def test_request_in_english(qapp: QApplication) -> None:
    install_language(Language.EN)
    try:
        assert request_text("document_photo", "id_card") == (
            "take a photo of your ID card with the camera"
        )
        assert request_text("push_form", "change_contact_phone") == (
            "have you fill in and sign “Change of contact phone”"
        )
        assert request_text("hand_back", "pay_bill") == (
            "end the call and continue with paying your electricity bill"
        )
    finally:
        install_language(Language.ZH_CN)


@pytest.mark.parametrize(
    ("button", "answer"), [("btn_teller_allow", True), ("btn_teller_decline", False)]
)
def test_request_allow_and_decline(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, answer: bool
) -> None:
    async def scenario() -> bool:
        task = asyncio.ensure_future(
            ui.ask_teller_request(TellerRequest("print", "受理单", "王芳", call_view()))
        )
        await aio.shown(ui, "teller_request")
        assert ui.widget("btn_teller_allow").height() >= MIN_BUTTON_PX
        assert ui.widget("btn_teller_decline").height() >= MIN_BUTTON_PX
        assert _text(ui, "btn_teller_allow") == "允许"
        assert _text(ui, "btn_teller_decline") == "拒绝"
        _click(qtbot, ui, button)
        return await aio.answer(task)

    assert aio.run(scenario()) is answer


async def _ends_with_call_ended(
    aio: QtAsyncRunner, ui: QtCustomerUI, qtbot: QtBot, ask: Awaitable[object], screen: str
) -> None:
    task = asyncio.ensure_future(ask)
    await aio.shown(ui, screen)
    _click(qtbot, ui, "btn_strip_end_call")
    with pytest.raises(CallEnded):
        await aio.answer(task)


def _asks(ui: QtCustomerUI) -> list[tuple[str, Callable[[], Awaitable[object]]]]:
    view = call_view()
    return [
        ("teller_request", lambda: ui.ask_teller_request(TellerRequest("print", "x", "", view))),
        ("teller_account", lambda: ui.show_teller_account(TellerAccount(ACCOUNT_VIEW, view))),
        ("document_photo", lambda: ui.take_document_photo(DocumentPhotoPrompt("id_card", view))),
        ("teller_form", lambda: ui.fill_teller_form(_form(view))),
    ]


@pytest.mark.parametrize(
    "screen", ["teller_request", "teller_account", "document_photo", "teller_form"]
)
def test_end_call_on_each_teller_screen_raises_call_ended(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, screen: str
) -> None:
    ask = dict(_asks(ui))[screen]
    aio.run(_ends_with_call_ended(aio, ui, qtbot, ask(), screen))


# -- the account --------------------------------------------------------------------------------


def test_account_summary_with_back_to_the_call(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        task = asyncio.ensure_future(
            ui.show_teller_account(TellerAccount(ACCOUNT_VIEW, call_view()))
        )
        await aio.shown(ui, "teller_account")
        assert _text(ui, "account_no") == group_account_digits(ACCOUNT_VIEW.account_no)
        assert _text(ui, "account_name") == ACCOUNT_VIEW.masked_name
        assert ui.widget("account_bills").rowCount() == len(ACCOUNT_VIEW.bills)  # type: ignore[attr-defined]
        assert _text(ui, "btn_back_to_call") == "返回通话"
        _click(qtbot, ui, "btn_back_to_call")
        await aio.answer(task)
        assert task.done() and not task.cancelled()

    aio.run(scenario())


# -- the document photo ------------------------------------------------------------------------


def test_photo_sends_the_picture_in_the_mailbox_at_the_tap(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    view = call_view()
    at_tap = synthetic_picture(320, 240, 41, (90, 90, 90))
    later = synthetic_picture(320, 240, 42, (200, 30, 30))

    async def scenario() -> object:
        task = asyncio.ensure_future(ui.take_document_photo(DocumentPhotoPrompt("id_card", view)))
        await aio.shown(ui, "document_photo")
        assert _text(ui, "document_title") == "请将您的身份证对准摄像头"
        camera = ui.widget("document_camera")
        assert isinstance(camera, VideoView) and camera.mailbox() is view.local
        assert not ui.widget("btn_photo_send").isVisible()
        view.local.put(at_tap)
        _click(qtbot, ui, "btn_take_photo")
        view.local.put(later)  # the camera goes on; the still must not follow it
        still = ui.widget("document_still")
        assert isinstance(still, VideoView) and still.last_seq == 41
        assert not ui.widget("btn_take_photo").isVisible()
        _click(qtbot, ui, "btn_photo_send")
        return await aio.answer(task)

    assert aio.run(scenario()) is at_tap


def test_photo_retake_goes_live_and_takes_the_newer_picture(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    view = call_view()

    async def scenario() -> object:
        task = asyncio.ensure_future(ui.take_document_photo(DocumentPhotoPrompt("other", view)))
        await aio.shown(ui, "document_photo")
        _click(qtbot, ui, "btn_take_photo")
        assert _text(ui, "document_title") == "照片清晰吗？"
        _click(qtbot, ui, "btn_photo_retake")
        assert ui.widget("btn_take_photo").isVisible()
        view.local.put(synthetic_picture(320, 240, 99, (10, 10, 10)))
        _click(qtbot, ui, "btn_take_photo")
        _click(qtbot, ui, "btn_photo_send")
        return await aio.answer(task)

    picture = aio.run(scenario())
    assert picture.seq == 99  # type: ignore[attr-defined]


def test_photo_declined_is_none_and_no_picture_is_explained(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    view = replace(call_view(), local=FrameMailbox())

    async def scenario() -> object:
        task = asyncio.ensure_future(ui.take_document_photo(DocumentPhotoPrompt("id_card", view)))
        await aio.shown(ui, "document_photo")
        _click(qtbot, ui, "btn_take_photo")  # the camera has given nothing yet
        assert ui.widget("document_error").isVisible()
        assert ui.widget("btn_take_photo").isVisible() and not task.done()
        _click(qtbot, ui, "btn_photo_decline")
        return await aio.answer(task)

    assert aio.run(scenario()) is None


# -- the form ------------------------------------------------------------------------------------


def test_form_edits_a_phone_signs_and_submits_a_png_with_ink(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    async def scenario() -> object:
        task = asyncio.ensure_future(ui.fill_teller_form(_form(call_view())))
        await aio.shown(ui, "teller_form")
        assert _text(ui, "form_title") == "变更联系电话"
        assert _text(ui, "form_label_account_no") == "户号"
        assert _text(ui, "form_label_contact_name") == "联系人"
        assert _text(ui, "form_label_new_phone") == "新联系电话"
        assert _text(ui, "form_value_account_no") == "3100 0123 45"  # read-only: text
        assert _text(ui, "form_value_contact_name") == "张三"  # no text keypad: as the teller sent
        assert ui.widget("form_note_contact_name").isVisible()
        submit = ui.widget("btn_form_submit")
        assert not submit.isEnabled()  # not signed
        _click(qtbot, ui, "form_field_new_phone")
        assert ui.widget("keypad_display").isVisible()
        _click(qtbot, ui, "keypad_clear")
        _type(qtbot, ui, "139000011112")  # one digit too many: kept to 11
        assert _text(ui, "form_field_new_phone") == "139 0000 1111"
        _click(qtbot, ui, "keypad_ok")
        assert not submit.isEnabled()
        _sign(window.teller_form.pad.canvas)
        assert submit.isEnabled()
        _click(qtbot, ui, "btn_form_submit")
        return await aio.answer(task)

    signed = aio.run(scenario())
    assert isinstance(signed, SignedForm)
    assert signed.values == {
        "account_no": "3100012345",
        "contact_name": "张三",
        "new_phone": "13900001111",
    }
    assert signed.strokes == 1
    image = Image.open(io.BytesIO(signed.signature_png))
    assert image.format == "PNG"
    darkest = image.convert("L").getextrema()[0]
    assert isinstance(darkest, int) and darkest < 64, "no ink in the signature"


def test_submit_is_disabled_while_editing_and_a_change_wipes_the_signature(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    async def scenario() -> None:
        task = asyncio.ensure_future(ui.fill_teller_form(_form(call_view())))
        await aio.shown(ui, "teller_form")
        _sign(window.teller_form.pad.canvas)
        submit = cast(QPushButton, ui.widget("btn_form_submit"))
        assert submit.isEnabled()
        _click(qtbot, ui, "form_field_new_phone")
        assert not submit.isEnabled() and not submit.isVisible()  # Done is the way on
        _click(qtbot, ui, "keypad_delete")
        _click(qtbot, ui, "keypad_ok")
        assert window.teller_form.pad.is_empty() and not submit.isEnabled()
        submit.click()  # even a forced click submits nothing unsigned
        await aio.idle()
        assert not task.done()
        task.cancel()

    aio.run(scenario())


def test_form_errors_next_to_the_field_and_the_pad(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    view = call_view()

    async def scenario() -> object:
        wrong = _form(view, error=Message.TELLER_FORM_FIELD, error_field="new_phone")
        task = asyncio.ensure_future(ui.fill_teller_form(wrong))
        await aio.shown(ui, "teller_form")
        assert _text(ui, "form_error_new_phone").startswith("新联系电话填写有误")
        assert not ui.widget("form_error_contact_name").isVisible()
        assert ui.widget("keypad_display").isVisible()  # opened on the field in error
        _click(qtbot, ui, "keypad_ok")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        unsigned = _form(view, error=Message.TELLER_FORM_SIGN)
        task = asyncio.ensure_future(ui.fill_teller_form(unsigned))
        await aio.idle()
        assert _text(ui, "form_sign_error").startswith("请先在表单上签名")
        _sign(window.teller_form.pad.canvas)
        assert not ui.widget("form_sign_error").isVisible()
        _click(qtbot, ui, "btn_form_decline")
        return await aio.answer(task)

    assert aio.run(scenario()) is None


# -- the notice ----------------------------------------------------------------------------------


def test_notice_is_shown_and_end_call_there_is_not_lost(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    view = call_view()

    async def scenario() -> None:
        ui.show_teller_notice(Message.TELLER_PRINTED, view)
        await aio.shown(ui, "teller_notice")
        assert _text(ui, "teller_notice_title") == "请取走打印的单据"
        assert not window.footer.isVisible()
        _click(qtbot, ui, "btn_strip_end_call")
        with pytest.raises(CallEnded):
            await ui.ask_teller_request(TellerRequest("print", "x", "", view))
        ui.show_teller_notice(Message.TELLER_PRINT_FAILED, view)
        await aio.shown(ui, "teller_notice")
        _click(qtbot, ui, "btn_strip_end_call")
        await aio.answer(asyncio.ensure_future(ui.show_video_call(view)))  # returns at once

    aio.run(scenario())


def test_a_held_notice_ends_at_once_on_end_call(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    """While the flow holds the notice up, End call raises CallEnded at once, not after the
    hold; a hold that nobody interrupts simply returns."""
    view = call_view()

    async def scenario() -> None:
        ui.show_teller_notice(Message.TELLER_PRINTED, view)
        await aio.answer(asyncio.ensure_future(ui.hold_teller_notice(0.05)))
        assert ui.current_screen_name() == "teller_notice"
        held = asyncio.ensure_future(ui.hold_teller_notice(60))
        await aio.idle()
        _click(qtbot, ui, "btn_strip_end_call")
        with pytest.raises(CallEnded):
            await aio.answer(held, timeout=2)

    aio.run(scenario())


# -- the Video teller button ---------------------------------------------------------------------


async def _start(aio: QtAsyncRunner, ui: QtCustomerUI, video: bool) -> None:
    """A customer starts at the idle screen that said whether video is available."""
    task = asyncio.ensure_future(ui.wait_for_customer(replace(IDLE_INFO, video_available=video)))
    await aio.shown(ui, "idle")
    cast(QPushButton, ui.widget("btn_start")).click()
    await aio.answer(task)


def _service_asks(ui: QtCustomerUI) -> dict[str, Callable[[], Awaitable[object]]]:
    return {
        "identify": lambda: ui.ask_account_number(AccountPrompt(scan_available=True)),
        "account": lambda: ui.show_account(ACCOUNT_VIEW),
        "amount": lambda: ui.ask_amount(AmountChoice(12_873, False, 100, 500_000)),
        "method": lambda: ui.ask_method(MethodChoice(12_873, [PayMethod.WECHAT], True)),
        "reference": lambda: ui.ask_reference(None),
        "prepaid_card": lambda: ui.show_prepaid_card(PREPAID_VIEW),
    }


@pytest.mark.parametrize(
    "screen", ["identify", "account", "amount", "method", "reference", "prepaid_card"]
)
def test_video_teller_button_raises_from_each_service_screen(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, screen: str
) -> None:
    async def scenario() -> None:
        await _start(aio, ui, video=True)
        task = asyncio.ensure_future(_service_asks(ui)[screen]())
        await aio.shown(ui, screen)
        assert ui.video_teller_offered()
        assert _text(ui, "btn_video_teller") == "视频柜员"
        _click(qtbot, ui, "btn_video_teller")
        with pytest.raises(VideoTellerRequested):
            await aio.answer(task)

    aio.run(scenario())


def test_video_teller_button_absent_when_video_is_not_available(
    aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        await _start(aio, ui, video=False)
        for screen, ask in _service_asks(ui).items():
            task = asyncio.ensure_future(ask())
            await aio.shown(ui, screen)
            assert not ui.video_teller_offered(), screen
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    aio.run(scenario())


def test_video_teller_button_never_where_money_moves_or_a_card_is_in_play(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    async def scenario() -> None:
        await _start(aio, ui, video=True)
        shows: list[tuple[str, Callable[[], object]]] = [
            ("code", lambda: ui.wait_at_code_prompt(CodePrompt(Provider.WECHAT, 100))),
            ("prepaid_insert", lambda: ui.wait_for_prepaid_card(PrepaidCardPrompt())),
            ("outcome", lambda: ui.show_outcome(Outcome(True, 100, "260314"), 30)),
            ("processing", lambda: ui.show_processing(Stage.SENDING, 100, True)),
            ("take_card", lambda: ui.show_take_card(TakeCard(bank_card=True))),
        ]
        for screen, show in shows:
            # The identify screen first, offering it, so that hiding it is what is tested.
            first = asyncio.ensure_future(_service_asks(ui)["identify"]())
            await aio.shown(ui, "identify")
            assert ui.video_teller_offered()
            result = show()
            task = asyncio.ensure_future(result) if asyncio.iscoroutine(result) else None
            await aio.shown(ui, screen)
            assert not ui.video_teller_offered(), screen
            # A tap that reached the hidden button still does nothing here.
            window.footer.video_button.click()
            await aio.idle()
            if task is not None:
                assert not task.done(), screen
                task.cancel()
            first.cancel()
            await asyncio.gather(first, *(t for t in [task] if t), return_exceptions=True)

    aio.run(scenario())


def test_video_teller_button_in_english(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    async def scenario() -> None:
        await _start(aio, ui, video=True)
        ui.set_language(Language.EN)
        task = asyncio.ensure_future(ui.ask_reference(None))
        await aio.shown(ui, "reference")
        assert _text(ui, "btn_video_teller") == "Video teller"
        task.cancel()

    try:
        aio.run(scenario())
    finally:
        ui.set_language(Language.ZH_CN)


def test_video_button_sent_to_idle_starts_nothing_but_a_video_service(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    """The idle screen's own Video teller button is unchanged: it starts the service."""

    async def scenario() -> Service:
        task = asyncio.ensure_future(ui.wait_for_customer(replace(IDLE_INFO, video_available=True)))
        await aio.shown(ui, "idle")
        _click(qtbot, ui, "btn_video_teller")
        return (await aio.answer(task)).service

    assert aio.run(scenario()) is Service.VIDEO_TELLER


# -- screenshots ---------------------------------------------------------------------------------

CASES = [(name, lang) for name in TELLER_SCENES for lang in (Language.ZH_CN, Language.EN)]


@pytest.mark.screenshot
@pytest.mark.parametrize(("scene", "language"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_teller_screenshot(
    qapp: QApplication, window: MainWindow, scene: str, language: Language
) -> None:
    compare_with_baseline(qapp, window, scene, TELLER_SCENES[scene], language)
