"""Running the UI port's coroutines on qasync inside pytest-qt (reusable by journey tests).

The app runs one asyncio loop inside Qt (qasync), so the futures of `QtCustomerUI` resolve on the
Qt thread. Tests do the same: `QtAsyncRunner.run(coro)` runs a scenario coroutine on a
`qasync.QEventLoop` made over pytest-qt's QApplication. While it awaits, Qt processes events, so
the scenario can start a port call as a task, wait for its screen with `shown(ui, name)` (a future
on the `screen_shown` signal, not a sleep), click widgets with `qtbot.mouseClick`, and await the
task's answer with a time-out.

    def test_x(qtbot, aio, ui):
        async def scenario():
            task = asyncio.ensure_future(ui.ask_account_number(AccountPrompt(True)))
            await aio.shown(ui, "identify")
            qtbot.mouseClick(ui.widget("keypad_1"), Qt.MouseButton.LeftButton)
            ...
            return await aio.answer(task)
        assert aio.run(scenario()) == "..."

Sync test functions only: pytest-asyncio (asyncio_mode=auto) would run `async def` tests on its own
loop, which does not pump Qt events.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtWidgets import QApplication

from screens.ui_port import QtCustomerUI

T = TypeVar("T")
DEFAULT_TIMEOUT_S = 5.0


class QtAsyncRunner:
    """An asyncio loop pumped by Qt, for one test."""

    def __init__(self, app: QApplication) -> None:
        self.loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = DEFAULT_TIMEOUT_S) -> T:
        """Run `coro` to completion (or fail after `timeout` seconds)."""
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    async def shown(self, ui: QtCustomerUI, name: str, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        """Wait until `ui` has shown and painted screen `name`."""
        await self.idle()  # let a port call just started as a task reach its screen
        if ui.current_screen_name() == name and not ui.announcement_pending():
            return
        arrived: asyncio.Future[None] = self.loop.create_future()

        def on_shown(shown: str) -> None:
            if shown == name and not arrived.done():
                arrived.set_result(None)

        ui.screen_shown.connect(on_shown)
        try:
            await asyncio.wait_for(arrived, timeout)
        finally:
            ui.screen_shown.disconnect(on_shown)

    async def answer(self, task: asyncio.Future[T], timeout: float = DEFAULT_TIMEOUT_S) -> T:
        """The result of a port call started as a task (or its exception)."""
        return await asyncio.wait_for(task, timeout)

    async def idle(self) -> None:
        """Let the loop and Qt run the callbacks already queued (signals, singleShot(0))."""
        for _ in range(3):
            await asyncio.sleep(0)

    def close(self) -> None:
        """Cancel what is left and close the loop."""
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()
        asyncio.set_event_loop(None)
