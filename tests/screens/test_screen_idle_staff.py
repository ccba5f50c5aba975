"""The idle screen out of service (both languages) and the hidden long press into maintenance."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from conftest import WINDOW_SIZE, ActivityCounter
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from screen_scenes import FIXED_CLOCK, IDLE_INFO
from staff_scenes import IDLE_OUT_OF_SERVICE

from kiosk.flows.ports import Language, Service, StartChoice
from screens.i18n import install_language
from screens.main_window import MainWindow
from screens.theme import load_theme
from screens.ui_port import QtCustomerUI

LEFT = Qt.MouseButton.LeftButton
LONG_PRESS_S = 5.0


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def pressable(
    qapp: QApplication, qtbot: QtBot, clock: FakeMonotonic
) -> Iterator[tuple[MainWindow, QtCustomerUI]]:
    """A window whose long press is timed by the fake clock, and its customer port."""
    load_theme(qapp)
    install_language(Language.ZH_CN)
    main = MainWindow(long_press_s=60.0, monotonic=clock)
    main.set_long_press_s(LONG_PRESS_S)  # the lead passes settings.maintenance.long_press_s
    main.freeze_for_screenshots(FIXED_CLOCK)
    main.resize(*WINDOW_SIZE)
    main.show()
    port = QtCustomerUI(main, ActivityCounter(), Language.ZH_CN)
    yield main, port
    port.detach()
    main.close()
    main.deleteLater()


def idle_buttons(window: MainWindow) -> list[str]:
    screen = window.idle
    return [
        b.objectName()
        for b in screen.findChildren(QAbstractButton)
        if b.isVisible() and not b.objectName().startswith("lang_")
    ]


def label(window: MainWindow, name: str) -> QLabel:
    found = window.idle.findChild(QLabel, name)
    assert isinstance(found, QLabel), name
    return found


def test_out_of_service_shows_no_service_and_the_next_counter_in_both_languages(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    async def scenario() -> None:
        task = asyncio.ensure_future(ui.wait_for_customer(IDLE_OUT_OF_SERVICE))
        await aio.shown(ui, "idle")
        assert idle_buttons(window) == []
        assert label(window, "idle_title").text() == "暂停服务"
        hint = label(window, "idle_next_counter")
        assert hint.isVisible() and hint.text() == IDLE_OUT_OF_SERVICE.next_counter_hint
        assert window.header.hall.text() == IDLE_INFO.hall_name
        qtbot.mouseClick(window.idle, LEFT, pos=QPoint(500, 1500))  # "touch anywhere"
        qtbot.mouseClick(ui.widget("lang_en"), LEFT)
        assert label(window, "idle_title").text() == "Out of service"
        assert hint.text() == IDLE_OUT_OF_SERVICE.next_counter_hint_en
        assert window.header.hall.text() == IDLE_INFO.hall_name_en
        assert idle_buttons(window) == []
        await aio.idle()
        assert not task.done(), "a customer could start something while out of service"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    aio.run(scenario())
    ui.set_language(Language.ZH_CN)


def test_back_in_service_shows_the_services_again(
    aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    window.idle.set_info(IDLE_OUT_OF_SERVICE, Language.ZH_CN)
    window.idle.set_info(IDLE_INFO, Language.ZH_CN)
    assert set(idle_buttons(window)) >= {"btn_start", "btn_reprint"}
    assert not label(window, "idle_next_counter").isVisible()
    assert label(window, "idle_title").text() != "暂停服务"


def test_out_of_service_without_a_hint_names_a_generic_place(window: MainWindow) -> None:
    bare = replace(IDLE_OUT_OF_SERVICE, next_counter_hint="", next_counter_hint_en="")
    window.idle.set_info(bare, Language.ZH_CN)
    assert label(window, "idle_next_counter").text() == "请使用其他终端或前往人工柜台。"


@pytest.mark.parametrize("info", [IDLE_INFO, IDLE_OUT_OF_SERVICE], ids=["in", "out"])
def test_holding_the_hall_name_long_enough_opens_maintenance(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    pressable: tuple[MainWindow, QtCustomerUI],
    clock: FakeMonotonic,
    info: Any,
) -> None:
    window, port = pressable
    hall = window.header.hall

    async def scenario() -> StartChoice:
        task = asyncio.ensure_future(port.wait_for_customer(info))
        await aio.shown(port, "idle")
        before = hall.grab().toImage()
        qtbot.mousePress(hall, LEFT)
        clock.now += LONG_PRESS_S - 0.5
        window.hall_long_press.check()  # the timer firing early changes nothing
        assert hall.grab().toImage() == before, "the press shows on screen"
        await aio.idle()
        assert not task.done()
        clock.now += 0.5
        window.hall_long_press.check()  # what the timer does when the time is up
        return await aio.answer(task)

    assert aio.run(scenario()) == StartChoice(Service.MAINTENANCE, Language.ZH_CN)
    qtbot.mouseRelease(hall, LEFT)


def test_release_after_long_enough_also_opens_maintenance(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    pressable: tuple[MainWindow, QtCustomerUI],
    clock: FakeMonotonic,
) -> None:
    window, port = pressable
    hall = window.header.hall

    async def scenario() -> StartChoice:
        task = asyncio.ensure_future(port.wait_for_customer(IDLE_INFO))
        await aio.shown(port, "idle")
        qtbot.mousePress(hall, LEFT)
        clock.now += LONG_PRESS_S
        qtbot.mouseRelease(hall, LEFT)
        return await aio.answer(task)

    assert aio.run(scenario()).service is Service.MAINTENANCE


def test_a_short_press_or_one_that_moves_away_does_nothing(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    pressable: tuple[MainWindow, QtCustomerUI],
    clock: FakeMonotonic,
) -> None:
    window, port = pressable
    hall = window.header.hall

    async def scenario() -> None:
        task = asyncio.ensure_future(port.wait_for_customer(IDLE_INFO))
        await aio.shown(port, "idle")
        qtbot.mousePress(hall, LEFT)
        clock.now += LONG_PRESS_S - 1
        qtbot.mouseRelease(hall, LEFT)
        clock.now += 10
        window.hall_long_press.check()
        qtbot.mousePress(hall, LEFT)
        qtbot.mouseMove(hall, QPoint(hall.width() + 50, hall.height() + 50))
        clock.now += LONG_PRESS_S
        window.hall_long_press.check()
        qtbot.mouseRelease(hall, LEFT, pos=QPoint(hall.width() + 50, 0))
        await aio.idle()
        assert not task.done(), "maintenance opened without a full press"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    aio.run(scenario())


def test_a_long_press_during_a_customer_session_does_nothing(
    qtbot: QtBot,
    aio: QtAsyncRunner,
    pressable: tuple[MainWindow, QtCustomerUI],
    clock: FakeMonotonic,
) -> None:
    window, port = pressable
    hall = window.header.hall

    async def scenario() -> None:
        from kiosk.flows.ports import AccountPrompt

        task = asyncio.ensure_future(port.ask_account_number(AccountPrompt(True)))
        await aio.shown(port, "identify")
        qtbot.mousePress(hall, LEFT)
        clock.now += LONG_PRESS_S + 1
        qtbot.mouseRelease(hall, LEFT)
        await aio.idle()
        assert not task.done()
        assert port.current_screen_name() == "identify"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        # Nor is it kept for the next idle screen.
        idle = asyncio.ensure_future(port.wait_for_customer(IDLE_INFO))
        await aio.shown(port, "idle")
        await aio.idle()
        assert not idle.done()
        idle.cancel()
        await asyncio.gather(idle, return_exceptions=True)

    aio.run(scenario())


def test_an_early_customer_touch_is_not_kept_while_out_of_service(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        first = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        qtbot.mouseClick(ui.widget("btn_reprint"), LEFT)  # just before going out of service
        second = asyncio.ensure_future(ui.wait_for_customer(IDLE_OUT_OF_SERVICE))
        await aio.shown(ui, "idle")
        await aio.idle()
        assert not second.done()
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    aio.run(scenario())
