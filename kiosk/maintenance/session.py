"""A staff member's maintenance session: the idle time-out (back to the customer screens after
`idle_timeout_s` without a touch) and the re-authentication due `reauth_after_s` after the last
successful PIN. Time comes from the injected clock, so tests drive it instead of sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

from kiosk.clock import Clock
from kiosk.config import MaintenanceSettings
from kiosk.maintenance.context import StaffMember

T = TypeVar("T")


class StaffTimeout(Exception):
    """The staff member left the terminal alone for `idle_timeout_s`."""


class IdleTimer(Protocol):
    """Anything with an idle time-out that `ask` can race a UI call against."""

    clock: Clock

    def touch(self) -> None:
        """Restart the idle time-out."""
        ...

    def idle_left(self) -> float:
        """Seconds before the idle time-out."""
        ...


class LoginTimer:
    """The idle time-out of the login screens, before anyone is logged in."""

    def __init__(self, clock: Clock, settings: MaintenanceSettings) -> None:
        self.clock = clock
        self._timeout = settings.idle_timeout_s
        self._last_touch = clock.monotonic()

    def touch(self) -> None:
        """A key was pressed."""
        self._last_touch = self.clock.monotonic()

    def idle_left(self) -> float:
        """Seconds before the login screen gives up."""
        return self._timeout - (self.clock.monotonic() - self._last_touch)


class StaffSession:
    """Who is logged in, since when their PIN was last checked, and when they last touched."""

    def __init__(self, member: StaffMember, clock: Clock, settings: MaintenanceSettings) -> None:
        self.member = member
        self.clock = clock
        self._settings = settings
        self._last_touch = clock.monotonic()
        self._last_pin = clock.monotonic()

    def touch(self) -> None:
        """The staff member did something: the idle time-out starts again."""
        self._last_touch = self.clock.monotonic()

    def idle_left(self) -> float:
        """Seconds before the idle time-out (0 or less: it has passed)."""
        return self._settings.idle_timeout_s - (self.clock.monotonic() - self._last_touch)

    def needs_reauth(self) -> bool:
        """Whether the PIN must be asked again before the next action."""
        return self.clock.monotonic() - self._last_pin >= self._settings.reauth_after_s

    def reauthenticated(self) -> None:
        """The PIN was checked again just now."""
        self._last_pin = self.clock.monotonic()
        self.touch()


async def ask(session: IdleTimer, awaitable: Awaitable[T]) -> T:
    """Await a UI call, racing it against the idle time-out; an answer counts as a touch.

    When `idle_timeout_s` passes with no touch, the UI call is cancelled and `StaffTimeout`
    raised. A `touch()` from elsewhere while waiting (a key press on a busy screen) pushes the
    time-out back. Cancelling the caller cancels the UI call too.
    """
    answer: asyncio.Future[T] = asyncio.ensure_future(awaitable)
    try:
        while True:
            left = session.idle_left()
            if left <= 0:
                raise StaffTimeout()
            timer = asyncio.ensure_future(session.clock.sleep(left))
            try:
                racing: set[asyncio.Future[Any]] = {answer, timer}
                await asyncio.wait(racing, return_when=asyncio.FIRST_COMPLETED)
            finally:
                timer.cancel()
            if answer.done():
                session.touch()
                return answer.result()
    finally:
        if not answer.done():
            answer.cancel()
            # let the UI call unwind (its screen put away) before the next screen is shown
            await asyncio.wait({answer})
