"""Helpers shared by the back-office tests (a unique module name: every test folder may have a
conftest.py, and they would all be importable as `conftest`)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

SEED_DAY = date(2026, 11, 23)


class FakeClock:
    """A clock the test moves: sleep() returns at once, having advanced time."""

    def __init__(self, start: datetime = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)) -> None:
        self._mono = 1000.0
        self._wall = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)
