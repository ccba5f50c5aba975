"""Inactivity: a session with nobody touching the screen ends, after a visible countdown.

A payment in flight pauses the timer (`with timer.paused():`): money already sent is resolved, never
abandoned, and only then may the session end.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from kiosk.clock import Clock
from kiosk.flows.ports import CancelSession

T = TypeVar("T")


class SessionTimedOut(CancelSession):
    """The session ended because nobody touched the screen."""


class CountdownDisplay(Protocol):
    """Where the countdown is shown (the CustomerUI has this method)."""

    def show_countdown(self, seconds_left: int | None) -> None:
        """Show the seconds left, or hide the countdown with None."""
        ...


class InactivityTimer:
    """Ends the supervised session `timeout_s` after the last touch, counting down the last
    `warning_s` seconds on screen. `touch()` on any customer activity."""

    def __init__(
        self, clock: Clock, timeout_s: float, warning_s: float, ui: CountdownDisplay
    ) -> None:
        if not 0 < warning_s < timeout_s:
            raise ValueError("need 0 < warning_s < timeout_s")
        self._clock = clock
        self._timeout_s = timeout_s
        self._warning_s = warning_s
        self._ui = ui
        self._last_touch = clock.monotonic()
        self._pauses = 0
        self._resumed = asyncio.Event()
        self._resumed.set()
        self._shown: int | None = None
        self.timed_out = False

    @property
    def is_paused(self) -> bool:
        """True while something (a payment in flight) holds the timer."""
        return self._pauses > 0

    def touch(self) -> None:
        """The customer did something: start the period again and hide any countdown."""
        self._last_touch = self._clock.monotonic()
        self._show(None)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the timer while the block runs (nestable); a fresh period starts after it."""
        self._pauses += 1
        self._resumed.clear()
        self._show(None)
        try:
            yield
        finally:
            self._pauses -= 1
            if self._pauses == 0:
                self._last_touch = self._clock.monotonic()
                self._resumed.set()

    def seconds_left(self) -> float:
        """Seconds until the time-out if nobody touches the screen (the full period if paused)."""
        if self.is_paused:
            return self._timeout_s
        return self._last_touch + self._timeout_s - self._clock.monotonic()

    async def supervise(self, session: Coroutine[Any, Any, T] | Awaitable[T]) -> T:
        """Run `session`, cancelling it at the time-out. Raises SessionTimedOut if it was ended
        by the timer (after its clean-up, including any payment in flight, has finished)."""
        self.timed_out = False
        self.touch()
        task: asyncio.Future[T] = asyncio.ensure_future(session)
        watchdog = asyncio.ensure_future(self._watch(task))
        try:
            return await task
        except asyncio.CancelledError:
            if self.timed_out and not _being_cancelled():
                raise SessionTimedOut() from None
            raise
        finally:
            watchdog.cancel()
            await asyncio.gather(watchdog, return_exceptions=True)
            self._show(None)

    async def _watch(self, task: asyncio.Future[Any]) -> None:
        while not task.done():
            if self.is_paused:
                await self._resumed.wait()
                continue
            left = self.seconds_left()
            if left <= 0:
                self._show(None)
                self.timed_out = True
                task.cancel()
                return
            if left > self._warning_s:
                await self._clock.sleep(left - self._warning_s)
                continue
            whole = math.ceil(left)
            self._show(whole)
            # Wake on the next whole second so the countdown ticks 20, 19, 18 ...
            await self._clock.sleep(left - (whole - 1))

    def _show(self, seconds: int | None) -> None:
        if seconds != self._shown:
            self._shown = seconds
            self._ui.show_countdown(seconds)


def _being_cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
