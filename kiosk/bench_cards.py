"""`kiosk bench` figures of issue 3: software time of a bank-card sale and of a prepaid purchase
with the simulators answering at once, and the APDUs a purchase needs on the card."""

from __future__ import annotations

import statistics
import time
from typing import Any

from kiosk.tour.card_journeys import _buy_with_card
from kiosk.tour.journeys import TourContext, _until

BENCH_CARD = "residential"


def _summary(seconds: list[float]) -> dict[str, Any]:
    return {
        "median": round(statistics.median(seconds), 3),
        "max": round(max(seconds), 3),
        "count": len(seconds),
    }


async def card_sale_times(ctx: TourContext, accounts: list[str], count: int) -> list[float]:
    """Touch to start → bank card → approved → card taken → receipt → idle, `count` times."""
    d = ctx.driver
    times: list[float] = []
    for i in range(count):
        started = time.perf_counter()
        await ctx.start("zh")
        await ctx.to_method(accounts[i % len(accounts)], preset=10000)
        await d.wait_screen("method")
        d.click("method_unionpay")
        await d.wait_screen("outcome", timeout=30)
        d.click("btn_done")
        await d.wait_screen("idle")
        times.append(time.perf_counter() - started)
    return times


async def prepaid_times(ctx: TourContext, count: int) -> tuple[list[float], list[int]]:
    """Insert the card → buy → pay with a WeChat code → written and verified → receipt → card
    out → idle, `count` times; also the APDUs each purchase sent to the card."""
    times: list[float] = []
    apdus: list[int] = []
    for _ in range(count):
        before = int((await ctx.remote.card_state())["apdu_count"])
        started = time.perf_counter()
        await _buy_with_card(ctx, BENCH_CARD, "zh")
        # The customer takes the card at once (the reminder is not waited for).
        await ctx.driver.wait_screen("take_card", "outcome", timeout=30)
        await ctx.remote.load_card_into_meter()
        await ctx.remote.remove_card()
        await _back_to_idle(ctx)
        times.append(time.perf_counter() - started)
        apdus.append(int((await ctx.remote.card_state())["apdu_count"]) - before)
    return times, apdus


async def _back_to_idle(ctx: TourContext) -> None:
    """Leave the outcome (Done) and the take-card screen (the card is out already) for idle."""
    d = ctx.driver
    while d.ui.current_screen_name() != "idle":
        await _until(lambda: d.ui.current_screen_name() in ("outcome", "idle"), timeout=30)
        if d.ui.current_screen_name() == "outcome":
            d.click("btn_done")
            await _until(lambda: d.ui.current_screen_name() != "outcome", timeout=30)


async def card_figures(ctx: TourContext, accounts: list[str], count: int) -> dict[str, Any]:
    """Every issue-3 figure as a dict for the bench's JSON."""
    sale = await card_sale_times(ctx, accounts, count)
    prepaid, apdus = await prepaid_times(ctx, max(1, count // 2))
    return {
        "card_sale_software_s": _summary(sale)
        | {"note": "touch → bank card approved → card taken → receipt → idle, module at once"},
        "prepaid_purchase_software_s": _summary(prepaid)
        | {
            "note": "card inserted → read → buy → WeChat code → written and read back → "
            "receipt → card out → idle; includes pcscd's card detection (polls every 400 ms)"
        },
        "prepaid_purchase_apdus": {
            "per_purchase": sorted(set(apdus)),
            "note": "APDUs the card saw per purchase: reading it at insertion, then the write "
            "and its read-back",
        },
    }
