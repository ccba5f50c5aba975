"""The ask/answer machinery shared by the customer port (ui_port.py) and the staff port
(staff_port.py): one pending question at a time, answered by a screen's signal, dropped when the
asking task is cancelled; `screen_shown` once a screen is painted; the activity filter."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QApplication, QWidget

from screens.main_window import MainWindow

_log = logging.getLogger(__name__)
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }
)


class AskingPort(QObject):
    """Base of the Qt ports over a `MainWindow`.

    `_ask(screen)` shows the screen and awaits the answer that `_resolve(screen, value)` gives (or
    the exception `_reject(error)` sets). A late tap on a screen no longer asking is ignored.
    `on_activity` is called once per press inside the window while `_reports_activity()` is true.
    """

    screen_shown = Signal(str)

    def __init__(self, window: MainWindow, on_activity: Callable[[], None] | None) -> None:
        super().__init__(window)
        self._window = window
        self._on_activity = on_activity
        self._pending: tuple[str, asyncio.Future[object]] | None = None
        self._show_serial = 0
        self._announced_serial = 0
        self._last_input: tuple[QEvent.Type, int] | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- questions ----------------------------------------------------------------------------

    def _resolve(self, screen: str, value: object) -> None:
        # A late tap on a screen that is no longer asking (a double tap, a tap during the
        # transition) must not answer the next question.
        if self._pending is None:
            return
        name, future = self._pending
        if name == screen and not future.done():
            future.set_result(value)

    def _reject(self, error: Exception) -> None:
        if self._pending is None:
            return
        _name, future = self._pending
        if not future.done():
            future.set_exception(error)

    def _drop_pending(self) -> None:
        if self._pending is not None:
            self._pending[1].cancel()

    def _new_question(self, screen: str) -> asyncio.Future[object]:
        self._drop_pending()
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._pending = (screen, future)
        self._show(screen)
        return future

    def _answer_lost(self, screen: str, future: asyncio.Future[object]) -> None:
        """The task was cancelled after `future` got its answer (a hook for the customer port)."""

    async def _ask(self, screen: str) -> object:
        future = self._new_question(screen)
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._answer_lost(screen, future)
            raise
        finally:
            if self._pending is not None and self._pending[1] is future:
                self._pending = None

    def _show(self, screen: str, show_cancel: bool | None = None) -> None:
        self._window.show_screen(screen, show_cancel=show_cancel)
        self._show_serial += 1
        QTimer.singleShot(0, partial(self._announce, screen, self._show_serial))

    def _announce(self, screen: str, serial: int) -> None:
        if serial != self._show_serial:
            return  # another screen was shown meanwhile; it announces itself
        if self._window.isVisible():
            self._window.repaint()
        self._announced_serial = serial
        self.screen_shown.emit(screen)

    # -- activity -----------------------------------------------------------------------------

    def _reports_activity(self) -> bool:
        return self._on_activity is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report presses inside the window as activity; never consumes an event."""
        if (
            event.type() in _ACTIVITY_EVENTS
            and isinstance(watched, QWidget)
            and watched.window() is self._window
            and self._first_delivery(event)
            and self._reports_activity()
            and self._on_activity is not None
        ):
            try:
                self._on_activity()
            except Exception:
                _log.exception("on_activity failed")
        return False

    def _first_delivery(self, event: QEvent) -> bool:
        # An unhandled press propagates to each parent widget and passes this filter again.
        if not isinstance(event, QInputEvent):
            return True
        key = (event.type(), event.timestamp())
        if key == self._last_input:
            return False
        self._last_input = key
        return True

    # -- for tests and the tour ---------------------------------------------------------------

    def current_screen_name(self) -> str:
        """The name of the screen being shown."""
        return self._window.current_screen().name

    def widget(self, object_name: str) -> QWidget:
        """The widget called `object_name` on the current screen, header or footer."""
        places = (self._window.current_screen(), self._window.header, self._window.footer)
        for place in places:
            if place.objectName() == object_name:
                return place
            found = place.findChild(QWidget, object_name)
            if found is not None:
                return found
        raise LookupError(f"no widget {object_name!r} on screen {self.current_screen_name()!r}")

    def announcement_pending(self) -> bool:
        """True between showing a screen and emitting its `screen_shown`."""
        return self._announced_serial != self._show_serial

    def detach(self) -> None:
        """Stop watching the application's input (the window is going away)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
