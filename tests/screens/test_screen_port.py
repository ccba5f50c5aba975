"""QtCustomerUI answered by clicking real widgets: every port call, Back, Cancel, cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from conftest import ActivityCounter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from screen_scenes import ACCOUNT_VIEW, IDLE_INFO, OUTCOME_PAID

from kiosk.backoffice.models import Provider
from kiosk.flows.ports import (
    AccountPrompt,
    AmountChoice,
    CancelSession,
    CodePrompt,
    GoBack,
    Language,
    Message,
    MethodChoice,
    PayMethod,
    Service,
    Stage,
    StartChoice,
)
from screens.ui_port import QtCustomerUI

LEFT = Qt.MouseButton.LeftButton


def tap(qtbot: QtBot, ui: QtCustomerUI, name: str) -> None:
    """Click the widget called `name` on the current screen."""
    widget = ui.widget(name)
    assert widget.isVisible(), f"{name} is not visible"
    qtbot.mouseClick(widget, LEFT)


def text(ui: QtCustomerUI, name: str) -> str:
    """The text of a label or button on the current screen."""
    widget = ui.widget(name)
    assert isinstance(widget, (QLabel, QAbstractButton)), name
    return widget.text()


def type_digits(qtbot: QtBot, ui: QtCustomerUI, digits: str) -> None:
    for char in digits:
        tap(qtbot, ui, "keypad_dot" if char == "." else f"keypad_{char}")


def ask(
    aio: QtAsyncRunner,
    ui: QtCustomerUI,
    call: Coroutine[Any, Any, Any],
    screen: str,
    then: Any,
) -> Any:
    """Start a port call, wait for its screen, do `then()`, return the call's answer."""

    async def scenario() -> Any:
        task = asyncio.ensure_future(call)
        await aio.shown(ui, screen)
        then()
        return await aio.answer(task)

    return aio.run(scenario())


def test_idle_start_answers_pay_bill_in_current_language(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    answer = ask(
        aio, ui, ui.wait_for_customer(IDLE_INFO), "idle", lambda: tap(qtbot, ui, "btn_start")
    )
    assert answer == StartChoice(Service.PAY_BILL, Language.ZH_CN)


def test_idle_reprint_after_switching_to_english(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def then() -> None:
        tap(qtbot, ui, "lang_en")
        assert text(ui, "btn_start") == "Touch to start"
        assert text(ui, "header_hall") == IDLE_INFO.hall_name_en
        tap(qtbot, ui, "btn_reprint")

    answer = ask(aio, ui, ui.wait_for_customer(IDLE_INFO), "idle", then)
    assert answer == StartChoice(Service.REPRINT, Language.EN)


def test_a_touch_while_the_idle_screen_is_redrawn_is_kept(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> Any:
        first = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        first.cancel()  # the flow redraws the idle screen (a device came or went)
        await asyncio.gather(first, return_exceptions=True)
        tap(qtbot, ui, "btn_start")  # no question pending at this instant
        return await ui.wait_for_customer(IDLE_INFO)

    assert aio.run(scenario()) == StartChoice(Service.PAY_BILL, Language.ZH_CN)


def test_a_touch_between_cancelling_and_clearing_the_idle_question_is_kept(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> Any:
        first = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        first.cancel()  # its future is cancelled at once; the task has not unwound yet
        tap(qtbot, ui, "btn_start")
        await asyncio.gather(first, return_exceptions=True)
        return await ui.wait_for_customer(IDLE_INFO)

    assert aio.run(scenario()) == StartChoice(Service.PAY_BILL, Language.ZH_CN)


def test_a_stale_idle_touch_does_not_start_a_later_session(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> Any:
        first = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        tap(qtbot, ui, "btn_start")
        # Another screen was asked for in between: the touch belonged to that moment only.
        other = asyncio.ensure_future(ui.ask_reference(None))
        await aio.shown(ui, "reference")
        other.cancel()
        await asyncio.gather(other, return_exceptions=True)
        again = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        assert not again.done()
        tap(qtbot, ui, "btn_reprint")
        return await again

    assert aio.run(scenario()).service is Service.REPRINT


def test_idle_without_payment_explains_and_offers_only_reprint(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    from screen_scenes import IDLE_UNAVAILABLE

    def then() -> None:
        assert ui.widget("idle_banner").isVisible()
        assert "缴费服务暂时不可用" in text(ui, "idle_banner")
        assert not ui.widget("btn_start").isEnabled()
        qtbot.mouseClick(ui.widget("btn_start"), LEFT)  # disabled: nothing happens
        tap(qtbot, ui, "btn_reprint")

    answer = ask(aio, ui, ui.wait_for_customer(IDLE_UNAVAILABLE), "idle", then)
    assert answer.service is Service.REPRINT


def test_account_number_typed_on_keypad(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    def then() -> None:
        ok = ui.widget("keypad_ok")
        type_digits(qtbot, ui, "031234567")
        assert not ok.isEnabled(), "OK before the 10th digit"
        type_digits(qtbot, ui, "99")  # the 11th digit is refused
        tap(qtbot, ui, "keypad_delete")
        type_digits(qtbot, ui, "8")
        assert text(ui, "keypad_display") == "0312 3456 78"
        assert ok.isEnabled()
        tap(qtbot, ui, "keypad_ok")

    answer = ask(aio, ui, ui.ask_account_number(AccountPrompt(True)), "identify", then)
    assert answer == "0312345678"


@pytest.mark.parametrize("scan_available", [True, False])
def test_scan_hint_only_when_scanner_works(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, scan_available: bool
) -> None:
    def then() -> None:
        assert ui.widget("identify_scan_hint").isVisible() is scan_available
        tap(qtbot, ui, "btn_back")

    with pytest.raises(GoBack):
        ask(aio, ui, ui.ask_account_number(AccountPrompt(scan_available)), "identify", then)


def test_error_prompt_keeps_the_digits_for_correction(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    def first() -> None:
        type_digits(qtbot, ui, "0312345679")
        tap(qtbot, ui, "keypad_ok")

    ask(aio, ui, ui.ask_account_number(AccountPrompt(False)), "identify", first)

    def again() -> None:
        assert "未找到该户号" in text(ui, "identify_error")
        assert text(ui, "keypad_display") == "0312 3456 79"
        tap(qtbot, ui, "keypad_delete")
        type_digits(qtbot, ui, "8")
        tap(qtbot, ui, "keypad_ok")

    prompt = AccountPrompt(False, error=Message.ACCOUNT_NOT_FOUND)
    assert ask(aio, ui, ui.ask_account_number(prompt), "identify", again) == "0312345678"


def test_account_pay(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    def then() -> None:
        assert text(ui, "account_name") == "张*明"
        assert text(ui, "account_arrears") == "¥128.73"
        bills = ui.widget("account_bills")
        assert isinstance(bills, QTableWidget) and bills.rowCount() == 12
        tap(qtbot, ui, "btn_pay")

    assert ask(aio, ui, ui.show_account(ACCOUNT_VIEW), "account", then) is None


def test_fixed_arrears_amount(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    choice = AmountChoice(12_873, False, 1000, 500_000)

    def then() -> None:
        assert text(ui, "btn_pay") == "缴费 ¥128.73"
        assert not ui.widget("keypad_ok").isVisible()
        tap(qtbot, ui, "btn_pay")

    assert ask(aio, ui, ui.ask_amount(choice), "amount", then) == 12_873


def test_topup_typed_with_decimals(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    choice = AmountChoice(0, True, 1000, 500_000, [5000, 10000])

    def then() -> None:
        assert "¥10.00" in text(ui, "amount_limits")
        type_digits(qtbot, ui, "12.505")  # the third decimal is refused
        tap(qtbot, ui, "keypad_ok")

    assert ask(aio, ui, ui.ask_amount(choice), "amount", then) == 1250


def test_topup_preset_fills_keypad(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    choice = AmountChoice(0, True, 1000, 500_000, [5000, 10000])

    def then() -> None:
        tap(qtbot, ui, "amount_preset_10000")
        assert text(ui, "keypad_display") == "¥ 100"
        tap(qtbot, ui, "keypad_ok")

    assert ask(aio, ui, ui.ask_amount(choice), "amount", then) == 10000


def test_amount_error_shows_limits(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    choice = AmountChoice(0, True, 1000, 500_000, [], error=Message.AMOUNT_OUT_OF_RANGE)

    def then() -> None:
        error = text(ui, "amount_error")
        assert "¥10.00" in error and "¥5,000.00" in error
        tap(qtbot, ui, "btn_cancel")

    with pytest.raises(CancelSession):
        ask(aio, ui, ui.ask_amount(choice), "amount", then)


def test_method_offers_only_available_providers(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    choice = MethodChoice(12_873, [PayMethod.ALIPAY, PayMethod.UNIONPAY], receipt_available=False)

    def then() -> None:
        assert not ui.widget("method_wechat").isVisible()
        assert not ui.widget("method_alipay_qr").isVisible()
        assert ui.widget("method_no_receipt").isVisible()
        tap(qtbot, ui, "method_alipay")

    assert ask(aio, ui, ui.ask_method(choice), "method", then) is PayMethod.ALIPAY


@pytest.mark.parametrize(
    ("button", "expected"), [("btn_pay_without_receipt", True), ("btn_no_pay", False)]
)
def test_confirm_without_receipt(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, expected: Any
) -> None:
    answer = ask(
        aio, ui, ui.confirm_without_receipt(), "no_receipt", lambda: tap(qtbot, ui, button)
    )
    assert answer is expected


def test_code_prompt_is_cancelled_when_a_code_is_read(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        prompt = CodePrompt(Provider.WECHAT, 12_873, Message.CODE_EXPIRED)
        task = asyncio.ensure_future(ui.wait_at_code_prompt(prompt))
        await aio.shown(ui, "code")
        assert "付款码已过期" in text(ui, "code_error")
        task.cancel()  # what the flow does when the scanner reads a code
        with pytest.raises(asyncio.CancelledError):
            await task
        # A late Back on the old screen must not leak into the next question.
        qtbot.mouseClick(ui.widget("btn_back"), LEFT)
        next_task = asyncio.ensure_future(ui.confirm_without_receipt())
        await aio.shown(ui, "no_receipt")
        tap(qtbot, ui, "btn_no_pay")
        assert await aio.answer(next_task) is False

    aio.run(scenario())


@pytest.mark.parametrize(("button", "error"), [("btn_back", GoBack), ("btn_cancel", CancelSession)])
def test_code_prompt_back_and_cancel(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, error: type[Exception]
) -> None:
    prompt = CodePrompt(Provider.ALIPAY, 500)
    with pytest.raises(error):
        ask(aio, ui, ui.wait_at_code_prompt(prompt), "code", lambda: tap(qtbot, ui, button))


@pytest.mark.parametrize(
    ("screen", "make_call"),
    [
        ("identify", lambda ui: ui.ask_account_number(AccountPrompt(True))),
        ("account", lambda ui: ui.show_account(ACCOUNT_VIEW)),
        ("amount", lambda ui: ui.ask_amount(AmountChoice(100, False, 1, 10))),
        ("method", lambda ui: ui.ask_method(MethodChoice(100, list(PayMethod), True))),
        ("no_receipt", lambda ui: ui.confirm_without_receipt()),
        ("message", lambda ui: ui.show_message(Message.DECLINED, {"reason": "x"})),
        ("reference", lambda ui: ui.ask_reference(None)),
    ],
)
@pytest.mark.parametrize(("button", "error"), [("btn_back", GoBack), ("btn_cancel", CancelSession)])
def test_back_and_cancel_on_every_asking_screen(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    ui: QtCustomerUI,
    screen: str,
    make_call: Callable[[QtCustomerUI], Coroutine[Any, Any, Any]],
    button: str,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        ask(aio, ui, make_call(ui), screen, lambda: tap(qtbot, ui, button))


def test_processing_cancel_only_when_allowed(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        ui.show_processing(Stage.SENDING, 12_873, can_cancel=False)
        await aio.shown(ui, "processing")
        assert not ui.widget("btn_cancel").isVisible()
        assert not ui.widget("btn_back").isVisible()
        assert text(ui, "processing_stage") == "正在提交支付…"
        ui.show_processing(Stage.CONFIRM_ON_PHONE, 12_873, can_cancel=True)
        await aio.shown(ui, "processing")
        waiting = asyncio.ensure_future(ui.wait_for_cancel())
        await aio.idle()
        assert not waiting.done()
        tap(qtbot, ui, "btn_cancel")
        await aio.answer(waiting)

    aio.run(scenario())


def test_cancel_pressed_before_waiting_is_not_lost(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        ui.show_processing(Stage.CONFIRM_ON_PHONE, 100, can_cancel=True)
        await aio.shown(ui, "processing")
        tap(qtbot, ui, "btn_cancel")
        await aio.answer(asyncio.ensure_future(ui.wait_for_cancel()), timeout=1)

    aio.run(scenario())


def test_outcome_returns_on_done(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    def then() -> None:
        assert text(ui, "outcome_status") == "缴费成功"
        assert "260314093012" in text(ui, "outcome_reference")
        assert not ui.widget("btn_back").isVisible() and not ui.widget("btn_cancel").isVisible()
        tap(qtbot, ui, "btn_done")

    ask(aio, ui, ui.show_outcome(OUTCOME_PAID, seconds=60), "outcome", then)


def test_outcome_returns_by_itself_after_its_time(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    loop_time = aio.loop.time()
    aio.run(ui.show_outcome(OUTCOME_PAID, seconds=0.05), timeout=5)
    assert aio.loop.time() - loop_time >= 0.05


def test_message_ok(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    def then() -> None:
        assert "拒绝" in text(ui, "message_title")
        assert "余额不足" in text(ui, "message_title")
        tap(qtbot, ui, "btn_ok")

    call = ui.show_message(Message.DECLINED, {"reason": "余额不足"})
    assert ask(aio, ui, call, "message", then) is None


def test_reference_typed(qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    def then() -> None:
        assert "未找到" in text(ui, "reference_error")
        type_digits(qtbot, ui, "260314093012")
        tap(qtbot, ui, "keypad_ok")

    call = ui.ask_reference(Message.REFERENCE_UNKNOWN)
    assert ask(aio, ui, call, "reference", then) == "260314093012"


def test_countdown_shown_and_more_time_is_activity(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, activity: ActivityCounter
) -> None:
    ui.show_countdown(15)
    strip: QWidget = ui.widget("countdown")
    assert strip.isVisible()
    assert "15" in text(ui, "countdown_text")
    before = activity.count
    tap(qtbot, ui, "btn_more_time")
    assert activity.count == before + 1
    assert not strip.isVisible()
    ui.show_countdown(9)
    assert strip.isVisible() and "9" in text(ui, "countdown_text")
    ui.show_countdown(None)
    assert not strip.isVisible()


def test_every_press_in_the_window_is_activity(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, activity: ActivityCounter
) -> None:
    def then() -> None:
        start = activity.count
        tap(qtbot, ui, "keypad_5")
        qtbot.mouseClick(ui.widget("identify_title"), LEFT)  # not a button: still a touch
        qtbot.keyClick(ui.widget("keypad_display"), Qt.Key.Key_A)
        assert activity.count == start + 3
        tap(qtbot, ui, "btn_cancel")

    with pytest.raises(CancelSession):
        ask(aio, ui, ui.ask_account_number(AccountPrompt(False)), "identify", then)


def test_a_press_outside_the_window_is_not_activity(
    qtbot: QtBot, ui: QtCustomerUI, activity: ActivityCounter
) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    qtbot.mouseClick(other, LEFT)
    assert activity.count == 0


def test_current_screen_name_follows_the_port(aio: QtAsyncRunner, ui: QtCustomerUI) -> None:
    async def scenario() -> None:
        ui.show_processing(Stage.PRINTING, 100, can_cancel=False)
        await aio.shown(ui, "processing")
        assert ui.current_screen_name() == "processing"

    aio.run(scenario())


def test_idle_with_the_scanner_down_still_starts_and_says_why(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    from screen_scenes import IDLE_SCANNER_DOWN

    def then() -> None:
        assert ui.widget("idle_banner").isVisible()
        assert "扫码器" in text(ui, "idle_banner")
        assert ui.widget("btn_start").isEnabled()
        tap(qtbot, ui, "btn_start")

    answer = ask(aio, ui, ui.wait_for_customer(IDLE_SCANNER_DOWN), "idle", then)
    assert answer.service is Service.PAY_BILL
