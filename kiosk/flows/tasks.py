"""Small task helpers the journeys share: racing a screen against the scanner, and finishing a
payment that was already sent even when the session is being cancelled."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from drivers.interfaces import BarcodeScanner, DeviceError, DeviceGone

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Raced(Generic[T]):
    """Who won a race between a screen and the scanner."""

    answer: T | None = None  # the screen's answer, when the screen finished first
    code: str | None = None  # the scanned code, when the scanner did
    scanner_gone: bool = False  # the scanner vanished while the screen kept waiting


async def race_with_scanner(
    screen: Coroutine[Any, Any, T], scanner: BarcodeScanner | None, *, until_screen: bool = False
) -> Raced[T]:
    """Await `screen` and, if there is a scanner, `scanner.read_code()` at the same time.

    A scanned code cancels the screen. If the scanner vanishes (DeviceGone): with `until_screen`
    the screen keeps waiting (keypad entry continues); otherwise the screen is cancelled and the
    result says `scanner_gone`. Navigation exceptions from the screen (GoBack, CancelSession)
    propagate. Nothing is left running on return.
    """
    screen_task = asyncio.ensure_future(screen)
    if scanner is None:
        return Raced(answer=await screen_task)
    scan_task = asyncio.ensure_future(scanner.read_code())
    gone = False
    try:
        pending: set[asyncio.Future[Any]] = {screen_task, scan_task}
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if screen_task in done:
                return Raced(answer=screen_task.result(), scanner_gone=gone)
            error = (
                DeviceGone("the scanner stopped reading")
                if scan_task.cancelled()
                else scan_task.exception()
            )
            if error is None:
                return Raced(code=scan_task.result())
            if not isinstance(error, DeviceError):
                raise error
            log.warning("scanner failed while waiting for a code: %s", error)
            gone = True
            if not until_screen:
                return Raced(scanner_gone=True)
            pending = {screen_task}
    finally:
        for task in (screen_task, scan_task):
            task.cancel()
        await asyncio.gather(screen_task, scan_task, return_exceptions=True)


async def finish_even_if_cancelled(work: Coroutine[Any, Any, T]) -> T:
    """Run `work` to its end even if the caller is cancelled meanwhile (a payment already sent is
    resolved, not abandoned); the caller's cancellation is re-raised once `work` is done."""
    task = asyncio.ensure_future(work)
    cancelled = False
    while True:
        try:
            result = await asyncio.shield(task)
            break
        except asyncio.CancelledError:
            if task.done():
                raise
            cancelled = True
            log.info("session ending while a payment is in flight: finishing it first")
    if cancelled:
        raise asyncio.CancelledError()
    return result
