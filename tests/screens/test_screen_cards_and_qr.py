"""Issue 3 on the screens: bank cards, the terminal-shown QR, prepaid meter cards, 'take your card'.

Every port call is answered by clicking real widgets; the QR is decoded from the window's pixels.
"""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from conftest import WINDOW_SIZE
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from screen_scenes import IDLE_INFO, IDLE_UNAVAILABLE, PREPAID_BLOCKED, PREPAID_PENDING, QR_PROMPT

from kiosk.backoffice.models import Provider
from kiosk.flows.ports import (
    CancelSession,
    GoBack,
    Language,
    Message,
    MethodChoice,
    PayMethod,
    PrepaidCardPrompt,
    QrPrompt,
    Service,
    Stage,
    StartChoice,
    TakeCard,
)
from screens.alert_sound import AlertSound, write_alert_wav
from screens.i18n import install_language
from screens.messages import card_decline_reason, message_text, method_text, stage_text
from screens.ui_port import QtCustomerUI
from screens.widgets.qr_code import QUIET_ZONE_MODULES, QrCodeView, qr_matrix

LEFT = Qt.MouseButton.LeftButton


def tap(qtbot: QtBot, ui: QtCustomerUI, name: str) -> None:
    """Click the visible widget called `name` on the current screen."""
    widget = ui.widget(name)
    assert widget.isVisible(), f"{name} is not visible"
    qtbot.mouseClick(widget, LEFT)


def text(ui: QtCustomerUI, name: str) -> str:
    """The text of a label or button on the current screen."""
    widget = ui.widget(name)
    assert isinstance(widget, (QLabel, QAbstractButton)), name
    return widget.text()


def pil(image: QImage) -> Image.Image:
    """A QImage as a PIL RGB image."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = bytes(rgb.constBits())
    size = (rgb.width(), rgb.height())
    return Image.frombuffer("RGB", size, raw, "raw", "RGB", rgb.bytesPerLine(), 1).copy()


def ask(aio: QtAsyncRunner, ui: QtCustomerUI, call: Any, screen: str, then: Any) -> Any:
    """Start a port call, wait for its screen, do `then()`, return the call's answer."""

    async def scenario() -> Any:
        task = asyncio.ensure_future(call)
        await aio.shown(ui, screen)
        then()
        return await aio.answer(task)

    return aio.run(scenario())


# -- the terminal-shown QR ------------------------------------------------------------------------


def test_qr_is_large_and_decodes_from_the_screenshot(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        window = ui._window
        assert window.size().toTuple() == WINDOW_SIZE
        code = ui.widget("qr_code")
        assert code.width() >= 400 and code.height() >= 400
        assert code.property("code_url") == QR_PROMPT.code_url
        assert text(ui, "qr_amount") == "¥128.73"
        assert text(ui, "qr_provider") == "微信支付"
        assert "1:58" in text(ui, "qr_seconds_left")
        found = zxingcpp.read_barcodes(pil(window.grab().toImage()))
        assert [barcode.text for barcode in found] == [QR_PROMPT.code_url]
        tap(qtbot, ui, "btn_cancel")

    with pytest.raises(CancelSession):
        ask(aio, ui, ui.show_qr_code(QR_PROMPT), "qr_pay", then)


def test_qr_modules_are_whole_pixels_with_a_quiet_zone(qtbot: QtBot) -> None:
    view = QrCodeView("qr_code", 600)
    qtbot.addWidget(view)
    url = "https://qr.alipay.com/bax08431uvzqwpqr2zt5004b"
    view.set_url(url)
    matrix = qr_matrix(url)
    assert all(not any(row) for row in matrix[:QUIET_ZONE_MODULES])
    assert all(not any(row[:QUIET_ZONE_MODULES]) for row in matrix)
    area = view.module_rect()
    module = area.width() // view.module_count()
    assert area.width() == module * len(matrix) and module >= 10
    image = pil(view.grab().toImage())
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            left, top = area.x() + x * module, area.y() + y * module
            corners = {
                image.getpixel((left, top)),
                image.getpixel((left + module - 1, top + module - 1)),
            }
            assert corners == {(0, 0, 0) if dark else (255, 255, 255)}, (x, y)


def test_qr_count_down_updates_in_place_and_every_waiting_call_sees_back(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    shown: list[str] = []

    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_qr_code(QR_PROMPT))
        await aio.shown(ui, "qr_pay")
        ui.screen_shown.connect(shown.append)
        later = QrPrompt(QR_PROMPT.provider, QR_PROMPT.amount_fen, QR_PROMPT.code_url, 61)
        second = asyncio.ensure_future(ui.show_qr_code(later))
        await aio.idle()
        assert "1:01" in text(ui, "qr_seconds_left")
        first.cancel()  # the flow drops its older call: the newer one keeps the question
        await asyncio.gather(first, return_exceptions=True)
        assert not second.done()
        tap(qtbot, ui, "btn_back")
        with pytest.raises(GoBack):
            await aio.answer(second)

    aio.run(scenario())
    assert shown == [], "an update of the count-down must not show the screen again"


def test_qr_shown_again_after_the_flow_cancelled_the_last_call(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    """The QR flow cancels its call between polls and calls again: Back still answers."""

    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_qr_code(QR_PROMPT))
        await aio.shown(ui, "qr_pay")
        first.cancel()
        later = QrPrompt(QR_PROMPT.provider, QR_PROMPT.amount_fen, QR_PROMPT.code_url, 100)
        second = asyncio.ensure_future(ui.show_qr_code(later))
        await asyncio.gather(first, return_exceptions=True)
        await aio.shown(ui, "qr_pay")
        assert "1:40" in text(ui, "qr_seconds_left")
        tap(qtbot, ui, "btn_cancel")
        with pytest.raises(CancelSession):
            await aio.answer(second)

    aio.run(scenario())


def test_qr_counts_down_by_itself_and_stops_at_zero(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    async def scenario() -> None:
        prompt = QrPrompt(Provider.ALIPAY, 500, "https://qr.alipay.com/x1", 2)
        task = asyncio.ensure_future(ui.show_qr_code(prompt))
        await aio.shown(ui, "qr_pay")
        screen = ui._window.qr_pay
        assert screen._ticker.isActive()
        screen._ticker.timeout.emit()  # one second passes
        assert "0:01" in text(ui, "qr_seconds_left")
        screen._ticker.timeout.emit()
        screen._ticker.timeout.emit()
        assert screen.seconds() == 0 and not screen._ticker.isActive()
        task.cancel()  # the flow closes the order
        await asyncio.gather(task, return_exceptions=True)

    aio.run(scenario())


def test_a_new_order_replaces_the_code(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_qr_code(QR_PROMPT))
        await aio.shown(ui, "qr_pay")
        other = QrPrompt(Provider.ALIPAY, 900, "https://qr.alipay.com/other", 120)
        second = asyncio.ensure_future(ui.show_qr_code(other))
        await aio.shown(ui, "qr_pay")
        with pytest.raises(asyncio.CancelledError):
            await first  # the old order's question was dropped
        assert ui.widget("qr_code").property("code_url") == other.code_url
        assert text(ui, "qr_provider") == "支付宝"
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    aio.run(scenario())


# -- method, idle, processing ---------------------------------------------------------------------


@pytest.mark.parametrize("method", list(PayMethod))
def test_each_of_the_five_methods_answers_itself(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, method: PayMethod
) -> None:
    choice = MethodChoice(12_873, list(PayMethod), receipt_available=True)
    answer = ask(
        aio, ui, ui.ask_method(choice), "method", lambda: tap(qtbot, ui, f"method_{method.value}")
    )
    assert answer is method


def test_methods_are_listed_in_the_order_given(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    choice = MethodChoice(100, [PayMethod.UNIONPAY, PayMethod.ALIPAY_QR], receipt_available=True)

    def then() -> None:
        card = ui.widget("method_unionpay")
        qr = ui.widget("method_alipay_qr")
        assert card.y() < qr.y()
        assert not ui.widget("method_wechat").isVisible()
        assert "插入银行卡" in text(ui, "method_unionpay_how")
        assert card.accessibleName().startswith("银联银行卡")
        tap(qtbot, ui, "method_alipay_qr")

    assert ask(aio, ui, ui.ask_method(choice), "method", then) is PayMethod.ALIPAY_QR


def test_idle_buy_electricity_starts_the_prepaid_service(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        assert text(ui, "btn_buy_prepaid") == "插卡电表购电"
        tap(qtbot, ui, "btn_buy_prepaid")

    answer = ask(aio, ui, ui.wait_for_customer(IDLE_INFO), "idle", then)
    assert answer == StartChoice(Service.BUY_PREPAID, Language.ZH_CN)


def test_idle_without_payment_does_not_sell_electricity(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        assert not ui.widget("btn_buy_prepaid").isEnabled()
        ui._window.idle._start(Service.BUY_PREPAID)  # even a forced press does not start
        tap(qtbot, ui, "btn_reprint")

    answer = ask(aio, ui, ui.wait_for_customer(IDLE_UNAVAILABLE), "idle", then)
    assert answer.service is Service.REPRINT


def test_insert_card_stage_shows_the_picture_and_allows_cancel(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        ui.show_processing(Stage.INSERT_CARD, 12_873, can_cancel=True)
        await aio.shown(ui, "processing")
        assert text(ui, "processing_stage") == "请插入银行卡"
        assert "密码键盘" in text(ui, "processing_hint")
        assert ui.widget("processing_picture").isVisible()
        waiting = asyncio.ensure_future(ui.wait_for_cancel())
        tap(qtbot, ui, "btn_cancel")
        await aio.answer(waiting)
        ui.show_processing(Stage.WRITING_CARD, 10_000, can_cancel=False)
        await aio.shown(ui, "processing")
        assert not ui.widget("processing_picture").isVisible()
        assert not ui.widget("btn_cancel").isVisible()
        assert ui.widget("processing_warning").isVisible()
        assert "请勿拔卡" in text(ui, "processing_warning")
        ui.show_processing(Stage.READING_CARD, 0, can_cancel=False)
        await aio.shown(ui, "processing")
        assert not ui.widget("processing_warning").isVisible()
        assert not ui.widget("processing_amount").isVisible(), "no amount while reading a card"

    aio.run(scenario())


# -- prepaid meter cards --------------------------------------------------------------------------


def test_insert_meter_card_explains_the_last_problem_and_is_cancelled_by_a_card(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        prompt = PrepaidCardPrompt(Message.PREPAID_CARD_NOT_ISSUED)
        task = asyncio.ensure_future(ui.wait_for_prepaid_card(prompt))
        await aio.shown(ui, "prepaid_insert")
        assert "尚未开户" in text(ui, "prepaid_insert_error")
        assert "芯片朝上" in text(ui, "prepaid_insert_steps")
        task.cancel()  # the reader saw a card
        with pytest.raises(asyncio.CancelledError):
            await task
        again = asyncio.ensure_future(ui.wait_for_prepaid_card(PrepaidCardPrompt()))
        await aio.shown(ui, "prepaid_insert")
        assert not ui.widget("prepaid_insert_error").isVisible()
        tap(qtbot, ui, "btn_back")
        with pytest.raises(GoBack):
            await aio.answer(again)

    aio.run(scenario())


def test_prepaid_card_with_a_pending_purchase(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        assert text(ui, "prepaid_meter") == "440300000001"
        assert text(ui, "prepaid_remaining") == "未知"
        assert "¥100.00" in text(ui, "prepaid_pending") and "补写" in text(ui, "prepaid_pending")
        table = ui.widget("prepaid_purchases")
        assert isinstance(table, QTableWidget) and table.rowCount() == 3
        cell = table.item(0, 2)
        assert cell is not None and cell.text() == "未写卡"
        assert not ui.widget("btn_ok").isVisible()
        tap(qtbot, ui, "btn_buy")

    assert ask(aio, ui, ui.show_prepaid_card(PREPAID_PENDING), "prepaid_card", then) is None


def test_prepaid_card_that_cannot_buy_offers_only_ok(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        assert not ui.widget("btn_buy").isVisible()
        assert "先将卡插入电表" in text(ui, "prepaid_blocked")
        assert text(ui, "prepaid_remaining") == "¥32.15"
        tap(qtbot, ui, "btn_ok")

    assert ask(aio, ui, ui.show_prepaid_card(PREPAID_BLOCKED), "prepaid_card", then) is None


@pytest.mark.parametrize(("button", "error"), [("btn_back", GoBack), ("btn_cancel", CancelSession)])
def test_prepaid_card_back_and_cancel(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        ask(
            aio,
            ui,
            ui.show_prepaid_card(PREPAID_PENDING),
            "prepaid_card",
            lambda: tap(qtbot, ui, button),
        )


# -- take your card -------------------------------------------------------------------------------


def test_take_card_reminds_with_sound_and_text(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    async def scenario() -> None:
        asking = asyncio.ensure_future(ui.wait_for_prepaid_card(PrepaidCardPrompt()))
        await aio.shown(ui, "prepaid_insert")
        ui.show_take_card(TakeCard(bank_card=False))
        with pytest.raises(asyncio.CancelledError):
            await asking  # 'take your card' replaces the question
        await aio.shown(ui, "take_card")
        assert not ui.widget("btn_back").isVisible() and not ui.widget("btn_cancel").isVisible()
        assert "读卡器" in text(ui, "take_card_text")
        assert not ui.widget("take_card_reminder").isVisible()
        assert ui.alerts_played == 0
        ui.show_take_card(TakeCard(bank_card=False, reminders=1))
        ui.show_take_card(TakeCard(bank_card=False, reminders=2))
        assert ui.alerts_played == 2
        assert ui.widget("take_card_reminder").isVisible()
        assert "立即取走" in text(ui, "take_card_reminder")
        ui.show_processing(Stage.PRINTING, 100, can_cancel=False)  # the card was taken
        await aio.shown(ui, "processing")

    aio.run(scenario())


def test_alert_wav_is_a_short_beep(tmp_path: Path) -> None:
    path = tmp_path / "alert.wav"
    write_alert_wav(path)
    with wave.open(str(path), "rb") as beep:
        assert (beep.getnchannels(), beep.getsampwidth()) == (1, 2)
        millis = beep.getnframes() * 1000 // beep.getframerate()
    assert 150 <= millis <= 600


def test_alert_counts_even_without_an_audio_device(qtbot: QtBot) -> None:
    sound = AlertSound()
    sound.play()
    sound.play()
    assert sound.played == 2


# -- texts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "english", "chinese"),
    [
        ("51", "insufficient funds", "余额不足"),
        ("55", "wrong PIN", "密码错误"),
        ("54", "the card has expired", "卡片已过期"),
        ("75", "too many wrong PIN attempts", "密码错误次数超限"),
        ("05", "the bank did not approve the payment", "银行未批准本次支付"),
        ("14", "the card number is not valid", "卡号无效"),
        ("61", "the amount is over the card's limit", "金额超出卡片限额"),
    ],
)
def test_card_declined_is_explained_by_its_iso_code(
    qapp: Any, code: str, english: str, chinese: str
) -> None:
    params = {"code": code, "reason": "MODULE TEXT"}
    install_language(Language.EN)
    assert message_text(Message.CARD_DECLINED, params).title == f"Your card was declined: {english}"
    install_language(Language.ZH_CN)
    assert chinese in message_text(Message.CARD_DECLINED, params).title


def test_an_unknown_decline_code_is_shown_for_staff(qapp: Any) -> None:
    install_language(Language.ZH_CN)
    assert card_decline_reason("96") == "银行拒绝了本次支付（代码 96）"
    install_language(Language.EN)
    shown = message_text(Message.CARD_DECLINED, {"code": "96", "reason": "SYSTEM MALFUNCTION"})
    install_language(Language.ZH_CN)
    assert "(code 96)" in shown.title and "SYSTEM MALFUNCTION" in shown.title


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_in_both_languages(qapp: Any, stage: Stage) -> None:
    install_language(Language.EN)
    english = stage_text(stage)
    install_language(Language.ZH_CN)
    chinese = stage_text(stage)
    assert english.title and english.next_step
    assert any(0x4E00 <= ord(c) <= 0x9FFF for c in chinese.title + chinese.next_step)
    assert chinese.next_step != english.next_step


@pytest.mark.parametrize("method", list(PayMethod))
def test_every_method_says_how_in_chinese(qapp: Any, method: PayMethod) -> None:
    install_language(Language.ZH_CN)
    how = method_text(method)
    assert any(0x4E00 <= ord(c) <= 0x9FFF for c in how.title)
    assert any(0x4E00 <= ord(c) <= 0x9FFF for c in how.next_step)
