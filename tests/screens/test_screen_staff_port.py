"""QtMaintenanceUI answered by clicking real widgets: login, dashboard, journal, reconciliation,
results, questions, config; Exit, Back, cancellation, late taps, activity."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from conftest import ActivityCounter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from staff_scenes import (
    CARD_LOGIN,
    JOURNAL_VIEW,
    OPERATOR_VIEW,
    PIN_WRONG_LOGIN,
    RECONCILIATION_VIEW,
    TECHNICIAN_VIEW,
)

from kiosk.flows.ports import GoBack, Language
from kiosk.maintenance.ports import (
    JournalFilter,
    JournalRequest,
    LoginPrompt,
    ReconciliationRequest,
    StaffExit,
    StaffLogin,
    StaffMessage,
    StaffRequest,
)
from kiosk.maintenance.roles import Action
from screens.i18n import install_language
from screens.main_window import MainWindow
from screens.staff_port import QtMaintenanceUI
from screens.ui_port import QtCustomerUI

LEFT = Qt.MouseButton.LeftButton
PIN = "975310"


@pytest.fixture
def staff(
    window: MainWindow, ui: QtCustomerUI, qapp: QApplication
) -> Iterator[tuple[QtMaintenanceUI, ActivityCounter]]:
    """The staff port over the same window as the customer port (as in the app)."""
    counter = ActivityCounter()
    port = QtMaintenanceUI(window)
    port.set_on_activity(counter)
    yield port, counter
    port.detach()


def tap(qtbot: QtBot, port: QtMaintenanceUI, name: str) -> None:
    widget = port.widget(name)
    assert widget.isVisible(), f"{name} is not visible on {port.current_screen_name()}"
    qtbot.mouseClick(widget, LEFT)


def text(port: QtMaintenanceUI, name: str) -> str:
    widget = port.widget(name)
    assert isinstance(widget, (QLabel, QAbstractButton)), name
    return widget.text()


def type_digits(qtbot: QtBot, port: QtMaintenanceUI, digits: str) -> None:
    for char in digits:
        tap(qtbot, port, f"keypad_{char}")


def ask(
    aio: QtAsyncRunner,
    port: QtMaintenanceUI,
    call: Coroutine[Any, Any, Any],
    screen: str,
    then: Callable[[], None],
) -> Any:
    """Start a port call, wait for its screen, do `then()`, return the call's answer."""

    async def scenario() -> Any:
        task = asyncio.ensure_future(call)
        await aio.shown(port, screen)  # type: ignore[arg-type]
        then()
        return await aio.answer(task)

    return aio.run(scenario())


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def visible_texts(root: QWidget) -> list[str]:
    """Every label's and button's text and every accessible text under `root`."""
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append(widget.text())
        found += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    return found


# -- login ------------------------------------------------------------------------------------


def test_login_with_staff_id_then_masked_pin(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    window: MainWindow,
) -> None:
    port, _ = staff

    def then() -> None:
        assert text(port, "staff_login_prompt") == "请输入工号"
        assert not port.widget("keypad_ok").isEnabled()
        type_digits(qtbot, port, "3001")
        tap(qtbot, port, "keypad_ok")
        assert text(port, "staff_login_prompt") == "工号 3001：请输入密码"
        type_digits(qtbot, port, PIN)
        assert text(port, "keypad_display") == "●" * len(PIN)
        texts = visible_texts(window)
        assert not any(PIN in t for t in texts), "the PIN shows somewhere"
        tap(qtbot, port, "keypad_ok")

    answer = ask(aio, port, port.ask_staff_login(LoginPrompt()), "staff_login", then)
    assert answer == StaffLogin(staff_id="3001", pin=PIN)
    assert window.staff_login.keypad.text() == "", "the PIN stays in the keypad after login"


def test_back_in_the_pin_step_returns_to_the_id(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    def then() -> None:
        assert not port.widget("btn_staff_back").isVisible()  # nothing to go back to yet
        type_digits(qtbot, port, "4001")
        tap(qtbot, port, "keypad_ok")
        type_digits(qtbot, port, "11")
        tap(qtbot, port, "btn_staff_back")
        assert text(port, "keypad_display") == "工号"  # placeholder: the entry was cleared
        type_digits(qtbot, port, "1001")
        tap(qtbot, port, "keypad_ok")
        type_digits(qtbot, port, "246810")
        tap(qtbot, port, "keypad_ok")

    answer = ask(aio, port, port.ask_staff_login(LoginPrompt()), "staff_login", then)
    assert answer == StaffLogin("1001", "246810")


def test_card_login_asks_only_the_pin_by_name(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    def then() -> None:
        assert text(port, "staff_login_prompt") == "李主管 (2001) 的工作卡：请输入密码"
        assert not port.widget("btn_staff_back").isVisible()
        type_digits(qtbot, port, "135790")
        tap(qtbot, port, "keypad_ok")

    answer = ask(aio, port, port.ask_staff_login(CARD_LOGIN), "staff_login", then)
    assert answer == StaffLogin("2001", "135790")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (PIN_WRONG_LOGIN, "Wrong PIN. 3 attempts left before the account is locked."),
        (
            LoginPrompt(error=StaffMessage.LOCKED, params={"until": "10:05"}),
            "Account locked after too many wrong PINs. Try again after 10:05, or ask the hall "
            "supervisor.",
        ),
        (
            LoginPrompt(error=StaffMessage.UNKNOWN_STAFF),
            "Unknown staff ID or card. Check the ID, or ask the hall supervisor to register you.",
        ),
        (
            LoginPrompt(staff_id="2001", staff_name="李主管", reauth=True),
            "Please confirm it is still you. Enter your PIN again to go on.",
        ),
    ],
)
def test_login_errors_are_explained(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    prompt: LoginPrompt,
    expected: str,
) -> None:
    port, _ = staff
    install_language(Language.EN)
    try:

        def then() -> None:
            assert text(port, "staff_login_error") == expected
            assert port.widget("staff_login_error").isVisible()
            tap(qtbot, port, "btn_staff_exit")

        with pytest.raises(StaffExit):
            ask(aio, port, port.ask_staff_login(prompt), "staff_login", then)
    finally:
        install_language(Language.ZH_CN)


# -- dashboard --------------------------------------------------------------------------------


def test_operator_dashboard_offers_only_the_operator_actions(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    def then() -> None:
        screen = port.widget("screen_staff_dashboard")
        names = {b.objectName() for b in screen.findChildren(QAbstractButton) if b.isVisible()}
        assert "btn_reset_device_printer" not in names
        assert not any(n.startswith("btn_reset_device") for n in names)
        assert {"btn_view_journal", "btn_reconcile", "btn_out_of_service"} & names == set()
        assert "btn_paper_refilled_printer" in names
        assert text(port, "staff_header") == "维护模式 · 王师傅 (1001) · 操作员"
        assert text(port, "device_printer_state") == "在线"
        assert text(port, "device_payment_state") == "未连接"
        assert text(port, "device_printer_counters") == "换纸后已打印 361 张 · 剩余纸量约 10%"
        assert "纸张：将尽" in text(port, "device_printer_status").replace(": ", "：")
        assert "2026-03-14 09:01:05" in text(port, "device_payment_error")
        tap(qtbot, port, "btn_self_test_scanner")

    answer = ask(aio, port, port.show_dashboard(OPERATOR_VIEW), "staff_dashboard", then)
    assert answer == StaffRequest(Action.SELF_TEST, "scanner")


def test_technician_dashboard_terminal_action_and_device_reset(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff
    answer = ask(
        aio,
        port,
        port.show_dashboard(TECHNICIAN_VIEW),
        "staff_dashboard",
        lambda: tap(qtbot, port, "btn_view_config"),
    )
    assert answer == StaffRequest(Action.VIEW_CONFIG)
    answer = ask(
        aio,
        port,
        port.show_dashboard(TECHNICIAN_VIEW),
        "staff_dashboard",
        lambda: tap(qtbot, port, "btn_reset_device_payment"),
    )
    assert answer == StaffRequest(Action.RESET_DEVICE, "payment")
    assert text(port, "dashboard_service") == "暂停服务"
    assert text(port, "dashboard_queued") == "待上送事件：12"


def test_a_new_view_replaces_the_old_buttons(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    async def scenario() -> None:
        first = asyncio.ensure_future(port.show_dashboard(TECHNICIAN_VIEW))
        await aio.shown(port, "staff_dashboard")  # type: ignore[arg-type]
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        second = asyncio.ensure_future(port.show_dashboard(OPERATOR_VIEW))
        await aio.idle()
        with pytest.raises(LookupError):
            port.widget("btn_reset_device_printer")
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    aio.run(scenario())


# -- journal ----------------------------------------------------------------------------------


def test_journal_filter_and_reprint_of_the_selected_row(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    window: MainWindow,
) -> None:
    port, _ = staff
    table = window.staff_journal.table

    def click_row(row: int) -> None:
        rect = table.visualRect(table.model().index(row, 1))
        qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())

    answer = ask(
        aio,
        port,
        port.show_journal(JOURNAL_VIEW),
        "staff_journal",
        lambda: tap(qtbot, port, "journal_filter_manual_review"),
    )
    assert answer == JournalRequest(filter=JournalFilter.MANUAL_REVIEW)

    def reprint() -> None:
        assert text(port, "journal_summary") == "3 笔交易 · 已收 ¥328.73"
        assert not port.widget("btn_reprint").isVisible()
        click_row(1)  # manual review: no reprint, the advice instead
        assert not port.widget("btn_reprint").isVisible()
        assert "收单机构" in text(port, "journal_advice")
        click_row(0)
        assert not port.widget("journal_advice").isVisible()
        tap(qtbot, port, "btn_reprint")

    answer = ask(aio, port, port.show_journal(JOURNAL_VIEW), "staff_journal", reprint)
    assert answer == JournalRequest(reprint="260314093012")


def test_journal_back_raises_go_back(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff
    with pytest.raises(GoBack):
        ask(
            aio,
            port,
            port.show_journal(JOURNAL_VIEW),
            "staff_journal",
            lambda: tap(qtbot, port, "btn_staff_back"),
        )


# -- reconciliation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "expected"),
    [("btn_print", ReconciliationRequest.PRINT), ("btn_send", ReconciliationRequest.SEND)],
)
def test_reconciliation_print_and_send(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    button: str,
    expected: ReconciliationRequest,
) -> None:
    port, _ = staff

    def then() -> None:
        assert text(port, "reconcile_balance") == "2 笔差异"
        assert not port.widget("reconcile_sent").isVisible()
        tap(qtbot, port, button)

    answer = ask(aio, port, port.show_reconciliation(RECONCILIATION_VIEW), "staff_reconcile", then)
    assert answer is expected


def test_reconciliation_marks_the_method_that_differs_and_shows_the_sent_report(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    window: MainWindow,
) -> None:
    port, _ = staff
    from dataclasses import replace

    view = replace(RECONCILIATION_VIEW, sent_report_id="R-20260314-0117")

    def then() -> None:
        totals = window.staff_reconcile.totals
        marks = [cell(totals, r, 5) for r in range(totals.rowCount())]
        assert marks == ["= 一致", "≠ 不符", "= 一致"]
        differences = window.staff_reconcile.differences
        assert cell(differences, 1, 3) == "¥200.00 已退款"
        assert text(port, "reconcile_sent") == "已上送后台：报告编号 R-20260314-0117"
        tap(qtbot, port, "btn_staff_back")

    with pytest.raises(GoBack):
        ask(aio, port, port.show_reconciliation(view), "staff_reconcile", then)


# -- results, questions, config -----------------------------------------------------------------


def test_progress_then_result_with_the_self_test_instruction(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    async def scenario() -> None:
        port.show_staff_progress(
            StaffMessage.SELF_TEST_RUNNING, {"device": "scanner", "test": "scan"}
        )
        await aio.shown(port, "staff_progress")  # type: ignore[arg-type]
        assert text(port, "staff_progress_detail") == "请将二维码或条码对准扫码器。"
        assert not port.widget("btn_staff_exit").isVisible()
        task = asyncio.ensure_future(
            port.show_staff_result(
                StaffMessage.SELF_TEST_PASSED,
                {"device": "scanner", "test": "scan", "detail": "QR, 18 chars"},
                ok=True,
            )
        )
        await aio.shown(port, "staff_result")  # type: ignore[arg-type]
        assert text(port, "staff_result_status") == "通过"
        assert text(port, "staff_result_title") == "scanner 自检通过"
        assert text(port, "staff_result_detail") == "QR, 18 chars"
        tap(qtbot, port, "btn_staff_ok")
        await aio.answer(task)

    aio.run(scenario())


@pytest.mark.parametrize(("button", "expected"), [("btn_staff_yes", True), ("btn_staff_no", False)])
def test_confirm_yes_and_no(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    button: str,
    expected: bool,
) -> None:
    port, _ = staff

    def then() -> None:
        assert text(port, "staff_confirm_title") == "确定将本机暂停服务吗？"
        tap(qtbot, port, button)

    call = port.confirm_staff(StaffMessage.CONFIRM_OUT_OF_SERVICE, {})
    assert ask(aio, port, call, "staff_confirm", then) is expected


def test_config_text_returns_on_back(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    window: MainWindow,
) -> None:
    port, _ = staff
    config = '[terminal]\nid = "T0117"\n' + "\n".join(f"line{i} = {i}" for i in range(200))

    def then() -> None:
        assert window.staff_config.text.toPlainText() == config
        tap(qtbot, port, "btn_staff_back")

    assert ask(aio, port, port.show_config(config), "staff_config", then) is None


@pytest.mark.parametrize(
    "start",
    [
        lambda p: p.show_dashboard(OPERATOR_VIEW),
        lambda p: p.show_journal(JOURNAL_VIEW),
        lambda p: p.show_reconciliation(RECONCILIATION_VIEW),
        lambda p: p.show_config("x"),
        lambda p: p.show_staff_result(StaffMessage.NOW_IN_SERVICE, {}, True),
        lambda p: p.confirm_staff(StaffMessage.CONFIRM_IN_SERVICE, {}),
    ],
    ids=["dashboard", "journal", "reconciliation", "config", "result", "confirm"],
)
def test_exit_raises_staff_exit_on_every_screen(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    start: Callable[[QtMaintenanceUI], Coroutine[Any, Any, Any]],
) -> None:
    port, _ = staff

    async def scenario() -> None:
        task = asyncio.ensure_future(start(port))
        await aio.idle()
        await aio.shown(port, port.current_screen_name())  # type: ignore[arg-type]
        tap(qtbot, port, "btn_staff_exit")
        await aio.answer(task)

    with pytest.raises(StaffExit):
        aio.run(scenario())


def test_cancelled_call_leaves_the_ui_usable_and_ignores_late_taps(
    qtbot: QtBot, aio: QtAsyncRunner, staff: tuple[QtMaintenanceUI, ActivityCounter]
) -> None:
    port, _ = staff

    async def scenario() -> Any:
        first = asyncio.ensure_future(port.confirm_staff(StaffMessage.CONFIRM_IN_SERVICE, {}))
        await aio.shown(port, "staff_confirm")  # type: ignore[arg-type]
        first.cancel()  # idle time-out
        await asyncio.gather(first, return_exceptions=True)
        tap(qtbot, port, "btn_staff_yes")  # late: nobody is asking
        second = asyncio.ensure_future(port.show_dashboard(OPERATOR_VIEW))
        await aio.shown(port, "staff_dashboard")  # type: ignore[arg-type]
        await aio.idle()
        assert not second.done(), "a late tap answered the next question"
        tap(qtbot, port, "btn_paper_refilled_printer")
        return await aio.answer(second)

    assert aio.run(scenario()) == StaffRequest(Action.PAPER_REFILLED, "printer")


def test_every_touch_on_a_staff_screen_is_activity_and_no_countdown_shows(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    staff: tuple[QtMaintenanceUI, ActivityCounter],
    window: MainWindow,
) -> None:
    port, counter = staff
    window.header.show_countdown(20)  # left over from a customer session

    def then() -> None:
        assert not window.header.countdown_visible()
        type_digits(qtbot, port, "12")
        assert counter.count == 2
        tap(qtbot, port, "btn_staff_exit")

    with pytest.raises(StaffExit):
        ask(aio, port, port.ask_staff_login(LoginPrompt()), "staff_login", then)
    assert counter.count == 3
