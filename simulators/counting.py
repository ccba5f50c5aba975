"""Waiting until a simulator's record (jobs printed, commands received) has grown to a length."""

from __future__ import annotations

import asyncio


class GrowthWatch:
    """Tests wait on a simulator's list growing to `count` items without polling."""

    def __init__(self) -> None:
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []

    def grown_to(self, length: int) -> None:
        """The record now holds `length` items: wake whoever waited for that many."""
        for count, waiter in list(self._waiters):
            if length >= count and not waiter.done():
                waiter.set_result(None)

    async def wait(self, length: int, count: int, timeout: float) -> None:
        """Return once the record (now `length` long) holds `count` items; TimeoutError after
        `timeout` seconds."""
        if length >= count:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (count, waiter)
        self._waiters.append(entry)
        try:
            await asyncio.wait_for(waiter, timeout)
        finally:
            self._waiters.remove(entry)
