"""The video-teller screens through the UI port: consent, waiting (update in place), the call
(frames painted from the mailboxes, mute, end, audio only), the call-back number, the idle
button; and their screenshots in both languages (see test_screen_screenshots.py for the method).

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/screens -k screenshot
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_async import QtAsyncRunner
from screen_scenes import IDLE_INFO
from test_screen_screenshots import (
    MAX_DIFFERENT_SHARE,
    _different_share,
    _render,
    compare_with_baseline,
)
from video_scenes import VIDEO_SCENES, call_view, idle_with_video, synthetic_picture

from kiosk.flows.ports import CancelSession, GoBack, Language, Message, Service
from kiosk.flows.video_ports import FrameMailbox, VideoCallView, VideoWaiting
from screens.callback_phone import group_phone
from screens.main_window import MainWindow
from screens.ui_port import QtCustomerUI
from screens.video_call import call_time_text
from screens.video_waiting import wait_minutes
from screens.widgets.video_view import VideoView

LEFT = Qt.MouseButton.LeftButton


def _click(qtbot: QtBot, ui: QtCustomerUI, name: str) -> None:
    qtbot.mouseClick(ui.widget(name), LEFT)


def _type(qtbot: QtBot, ui: QtCustomerUI, digits: str) -> None:
    for digit in digits:
        _click(qtbot, ui, f"keypad_{digit}")


class _Shown:
    """Counts `screen_shown` announcements per screen."""

    def __init__(self, ui: QtCustomerUI) -> None:
        self.names: list[str] = []
        ui.screen_shown.connect(self.names.append)


# -- consent -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("button", "answer"), [("btn_agree", True), ("btn_decline", False)])
def test_consent_agree_and_decline(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, answer: bool
) -> None:
    async def scenario() -> bool:
        task = asyncio.ensure_future(ui.ask_video_consent())
        await aio.shown(ui, "video_consent")
        assert "90" in ui.widget("video_consent_recording").text()  # type: ignore[attr-defined]
        _click(qtbot, ui, button)
        return await aio.answer(task)

    assert aio.run(scenario()) is answer


@pytest.mark.parametrize(("button", "error"), [("btn_back", GoBack), ("btn_cancel", CancelSession)])
def test_consent_back_and_cancel_raise(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, button: str, error: type[Exception]
) -> None:
    async def scenario() -> None:
        task = asyncio.ensure_future(ui.ask_video_consent())
        await aio.shown(ui, "video_consent")
        _click(qtbot, ui, button)
        with pytest.raises(error):
            await aio.answer(task)

    aio.run(scenario())


# -- waiting -------------------------------------------------------------------------------------


def test_waiting_updates_in_place_and_cancel_raises_in_every_caller(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    shown = _Shown(ui)

    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_video_waiting(VideoWaiting(3, 220)))
        await aio.shown(ui, "video_waiting")
        assert "3" in ui.widget("video_waiting_position").text()  # type: ignore[attr-defined]
        assert "4" in ui.widget("video_waiting_estimate").text()  # type: ignore[attr-defined]
        second = asyncio.ensure_future(ui.show_video_waiting(VideoWaiting(1, 30)))
        await aio.idle()
        assert "1" in ui.widget("video_waiting_position").text()  # type: ignore[attr-defined]
        assert not first.done() and not second.done()
        _click(qtbot, ui, "btn_cancel")
        for task in (first, second):
            with pytest.raises(CancelSession):
                await aio.answer(task)

    aio.run(scenario())
    assert shown.names.count("video_waiting") == 1


def test_waiting_cancelled_by_the_flow_then_updated_stays_quiet_and_back_raises(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    shown = _Shown(ui)

    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_video_waiting(VideoWaiting(2, 100)))
        await aio.shown(ui, "video_waiting")
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        again = asyncio.ensure_future(ui.show_video_waiting(VideoWaiting(1, 10)))
        await aio.idle()
        _click(qtbot, ui, "btn_back")
        with pytest.raises(GoBack):
            await aio.answer(again)

    aio.run(scenario())
    assert shown.names.count("video_waiting") == 1


def test_wait_is_whole_minutes_rounded_up() -> None:
    assert [wait_minutes(s) for s in (0, 1, 60, 61, 220)] == [1, 1, 1, 2, 4]


# -- the call ------------------------------------------------------------------------------------


def test_frames_put_from_another_thread_are_painted_newest_only(
    qtbot: QtBot, window: MainWindow
) -> None:
    mailbox = FrameMailbox()
    view = VideoView("test_view", mailbox)
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.show()
    assert view.frames_painted == 0 and not view.showing_picture()

    def produce() -> None:
        for seq in range(1, 6):
            mailbox.put(synthetic_picture(64, 48, seq, (10, 20, 30)))

    producer = threading.Thread(target=produce)
    producer.start()
    producer.join(timeout=5)
    qtbot.waitUntil(lambda: view.last_seq == 5, timeout=2000)
    painted = view.frames_painted
    assert 1 <= painted <= 5 and view.showing_picture()
    view.poll()  # nothing new: no repaint counted
    assert view.frames_painted == painted
    mailbox.put(synthetic_picture(64, 48, 6, (10, 20, 30)))
    qtbot.waitUntil(lambda: view.last_seq == 6, timeout=2000)
    assert view.frames_painted == painted + 1


def test_a_short_picture_is_refused_not_read_past_its_end(qtbot: QtBot) -> None:
    mailbox = FrameMailbox()
    view = VideoView("test_view", mailbox)
    qtbot.addWidget(view)
    good = synthetic_picture(8, 6, 1, (1, 2, 3))
    mailbox.put(replace(good, rgb=good.rgb[:-1], seq=2))
    view.poll()
    assert view.frames_painted == 0


def test_call_paints_both_mailboxes_mutes_and_ends(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    mutes: list[bool] = []
    remote, local = FrameMailbox(), FrameMailbox()
    view = VideoCallView("王芳", remote, local, started_at=0.0, on_mute=mutes.append)
    window.video_call.set_monotonic(lambda: 65.0)

    async def scenario() -> None:
        task = asyncio.ensure_future(ui.show_video_call(view))
        await aio.shown(ui, "video_call")
        assert ui.widget("video_call_time").text() == "01:05"  # type: ignore[attr-defined]
        assert not ui.widget("video_audio_only").isVisible()
        assert not ui.widget("btn_back").isVisible() and not ui.widget("btn_cancel").isVisible()
        remote_view = window.video_call.remote
        local_view = window.video_call.local
        assert remote_view.width() > 2 * local_view.width()  # teller large, customer small
        remote.put(synthetic_picture(640, 480, 41, (40, 110, 170)))
        local.put(synthetic_picture(320, 240, 9, (150, 120, 60)))
        qtbot.waitUntil(lambda: remote_view.last_seq == 41 and local_view.last_seq == 9)
        assert remote_view.frames_painted == 1 and local_view.frames_painted == 1
        remote.put(synthetic_picture(640, 480, 42, (40, 110, 170)))
        qtbot.waitUntil(lambda: remote_view.frames_painted == 2)
        _click(qtbot, ui, "btn_mute")
        assert ui.widget("btn_mute").text() == "取消静音"  # type: ignore[attr-defined]
        _click(qtbot, ui, "btn_mute")
        assert ui.widget("btn_mute").text() == "静音"  # type: ignore[attr-defined]
        assert not task.done()
        _click(qtbot, ui, "btn_end_call")
        await aio.answer(task)  # End returns normally
        assert task.done() and not task.cancelled()

    aio.run(scenario())
    assert mutes == [True, False]


def test_call_hides_the_inactivity_countdown(
    aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    async def scenario() -> None:
        ui.show_countdown(20)
        task = asyncio.ensure_future(ui.show_video_call(call_view()))
        await aio.shown(ui, "video_call")
        assert not window.header.countdown.isVisible()
        task.cancel()

    aio.run(scenario())


def test_call_recalled_audio_only_updates_in_place(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI, window: MainWindow
) -> None:
    shown = _Shown(ui)
    view = call_view()

    async def scenario() -> None:
        first = asyncio.ensure_future(ui.show_video_call(view))
        await aio.shown(ui, "video_call")
        qtbot.waitUntil(lambda: window.video_call.remote.showing_picture())
        first.cancel()  # the flow noticed the video stopped
        await asyncio.gather(first, return_exceptions=True)
        second = asyncio.ensure_future(ui.show_video_call(replace(view, audio_only=True)))
        await aio.idle()
        assert ui.widget("video_audio_only").isVisible()
        assert not window.video_call.remote.showing_picture()
        assert window.video_call.remote.placeholder() == "仅语音"
        _click(qtbot, ui, "btn_end_call")
        await aio.answer(second)  # End returns normally
        assert second.done() and not second.cancelled()

    aio.run(scenario())
    assert shown.names.count("video_call") == 1


def test_call_time_text() -> None:
    assert [call_time_text(s) for s in (0, 59.9, 60, 3599, 3600, -1)] == [
        "00:00",
        "00:59",
        "01:00",
        "59:59",
        "60:00",
        "00:00",
    ]


# -- call-back number ----------------------------------------------------------------------------


def test_phone_entry_grouped_ok_at_eleven_digits(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> str:
        task = asyncio.ensure_future(ui.ask_callback_phone(None))
        await aio.shown(ui, "callback_phone")
        _type(qtbot, ui, "1381234567")
        assert not ui.widget("keypad_ok").isEnabled()
        _type(qtbot, ui, "89")  # the twelfth digit is refused
        assert ui.widget("keypad_display").text() == "138 1234 5678"  # type: ignore[attr-defined]
        _click(qtbot, ui, "keypad_ok")
        return await aio.answer(task)

    assert aio.run(scenario()) == "13812345678"


def test_phone_error_keeps_the_entry_and_back_is_no_thanks(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        first = asyncio.ensure_future(ui.ask_callback_phone(None))
        await aio.shown(ui, "callback_phone")
        _type(qtbot, ui, "23812345678")
        _click(qtbot, ui, "keypad_ok")
        assert await aio.answer(first) == "23812345678"
        again = asyncio.ensure_future(ui.ask_callback_phone(Message.PHONE_MALFORMED))
        await aio.shown(ui, "callback_phone")
        assert ui.widget("callback_error").isVisible()
        assert "手机号码无效" in ui.widget("callback_error").text()  # type: ignore[attr-defined]
        assert ui.widget("keypad_display").text() == "238 1234 5678"  # type: ignore[attr-defined]
        _click(qtbot, ui, "btn_back")
        with pytest.raises(GoBack):
            await aio.answer(again)

    aio.run(scenario())


def test_group_phone_partial() -> None:
    assert [group_phone(d) for d in ("", "13", "1381", "13812345")] == [
        "",
        "13",
        "138 1",
        "138 1234 5",
    ]


# -- idle button ---------------------------------------------------------------------------------


def test_video_button_only_when_available_and_in_service(
    qtbot: QtBot, aio: QtAsyncRunner, ui: QtCustomerUI
) -> None:
    async def scenario() -> None:
        task = asyncio.ensure_future(ui.wait_for_customer(IDLE_INFO))
        await aio.shown(ui, "idle")
        assert not ui.widget("btn_video_teller").isVisible()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        out = replace(IDLE_INFO, video_available=True, out_of_service=True)
        task = asyncio.ensure_future(ui.wait_for_customer(out))
        await aio.idle()
        assert not ui.widget("btn_video_teller").isVisible()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        # Payment down, a teller can still help.
        info = replace(IDLE_INFO, video_available=True, payment_available=False)
        task = asyncio.ensure_future(ui.wait_for_customer(info))
        await aio.idle()
        button = ui.widget("btn_video_teller")
        assert button.isVisible() and button.text() == "视频柜员"  # type: ignore[attr-defined]
        _click(qtbot, ui, "btn_video_teller")
        choice = await aio.answer(task)
        assert choice.service is Service.VIDEO_TELLER

    aio.run(scenario())


def test_video_button_in_english(qtbot: QtBot, ui: QtCustomerUI, window: MainWindow) -> None:
    window.idle.set_info(replace(IDLE_INFO, video_available=True), Language.ZH_CN)
    ui.set_language(Language.EN)
    assert window.idle.video_teller.text() == "Video teller"
    ui.set_language(Language.ZH_CN)


# -- screenshots ---------------------------------------------------------------------------------

SCENES = {**VIDEO_SCENES, "idle_video": lambda w: idle_with_video(w, IDLE_INFO)}
CASES = [(name, lang) for name in SCENES for lang in (Language.ZH_CN, Language.EN)]


@pytest.mark.screenshot
@pytest.mark.parametrize(("scene", "language"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_video_screenshot(
    qapp: QApplication, window: MainWindow, scene: str, language: Language
) -> None:
    compare_with_baseline(qapp, window, scene, SCENES[scene], language)


@pytest.mark.screenshot
def test_screenshot_shows_the_picture_in_the_mailbox(
    qapp: QApplication, window: MainWindow
) -> None:
    """The call's screenshot depends on the frame: another picture must not pass as the same."""
    SCENES["video_call"](window)
    before = _render(window, qapp)
    window.video_call.remote.mailbox().put(  # type: ignore[union-attr]
        synthetic_picture(640, 480, 8, (170, 60, 40))
    )
    window.video_call.remote.poll()
    window.video_call.remote.repaint()
    share, _mask = _different_share(_render(window, qapp), before)
    assert share > MAX_DIFFERENT_SHARE
