"""The browser teller console in Debian's chromium (Playwright, fake camera and microphone) takes
a call from the whole terminal: the Qt window and its screens, the flows, the device manager and
the simulators, as the journey tests run them. The teller bot is told to take no calls, so the
console is the only teller ready; the customer asks for a teller on the touchscreen, the console
answers, video flows both ways for 5 s and more, the console prints a document on the terminal's
receipt printer once the customer allows it, and hangs up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, async_playwright

from kiosk.tour.journeys import TourContext, _until
from kiosk.tour.video_journeys import ask_for_a_teller
from screens.widgets.video_view import VideoView
from simulators.host import SimulatorHost
from tests.interop.console_page import WAIT_MS, console_state, log_in_and_ready, wait_in_page

pytestmark = [pytest.mark.interop, pytest.mark.timeout(90)]

CONSOLE_TELLER = "T-0002"
MIN_FRAMES = 100
BOTH_WAYS_S = 5.0
PRINT_TITLE = "互通测试凭证 7731"
PRINT_LINES = ["柜员控制台打印 第一行", "Second line from the console"]


async def _until_async(
    check: Callable[[], Awaitable[bool]], what: str, timeout: float = 15.0
) -> None:
    """`_until` for a condition that has to ask a simulator over HTTP; `what` names it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        await asyncio.sleep(0.05)


def painted(ctx: TourContext) -> int:
    """Remote (teller) frames painted by the terminal's call screen."""
    view = ctx.driver.widget("video_remote")
    assert isinstance(view, VideoView)
    return view.frames_painted


async def free_tellers(ctx: TourContext) -> list[str]:
    """Tellers the VTM service could give a call to now."""
    vtm = await ctx.remote.vtm_state()
    return [t["teller_id"] for t in vtm["tellers"] if t["state"] == "free"]


async def console_takes_the_call(
    backoffice_url: str, chromium: Path, chromium_args: list[str], ctx: TourContext
) -> None:
    d = ctx.driver
    bot_calls = (await ctx.remote.teller_state())["calls"]
    await ctx.remote.teller_script({"never_answer": True})
    try:
        # The bot logs out and in again, not ready: only then is the console the one teller.
        await _until_async(lambda: _equals(free_tellers(ctx), []), "no teller free")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(chromium), headless=True, args=chromium_args
            )
            try:
                page = await browser.new_page()
                page_errors: list[str] = []
                page.on("pageerror", lambda error: page_errors.append(str(error)))
                await _call(backoffice_url, ctx, page)
                assert page_errors == []
            finally:
                await browser.close()
    finally:
        await ctx.remote.teller_script({})
    assert (await ctx.remote.teller_state())["calls"] == bot_calls, "the bot took a call"
    assert d.ui.current_screen_name() == "idle"


async def _equals(value: Awaitable[Any], expected: Any) -> bool:
    return bool(await value == expected)


async def _call(backoffice_url: str, ctx: TourContext, page: Page) -> None:
    d = ctx.driver
    loop = asyncio.get_running_loop()

    # The console: log in, Ready.
    await page.goto(f"{backoffice_url}/teller/")
    await log_in_and_ready(page)
    await _until_async(
        lambda: _equals(free_tellers(ctx), [CONSOLE_TELLER]), "the console the only teller free"
    )

    # The customer: idle → Video teller → consent, Agree → waiting → the call.
    await ask_for_a_teller(ctx)
    await d.wait_screen("video_waiting", timeout=20)
    await wait_in_page(page, '["incoming", "answering", "in_call"].includes(s.state)')
    call_id = (await console_state(page))["call_id"]
    terminal_id = ctx.terminal.settings.terminal.id
    assert await page.get_by_test_id("incoming-terminal").text_content() == terminal_id
    await d.wait_screen("video_call", timeout=20)
    connected_at = loop.time()
    vtm = await ctx.remote.vtm_state()
    assert [(c["call_id"], c["teller_id"]) for c in vtm["live_calls"]] == [
        (call_id, CONSOLE_TELLER)
    ]

    # Video both ways for at least 5 s, more than 100 frames on each side.
    page_clock_ms = await page.evaluate("performance.now()")
    await _until(
        lambda: painted(ctx) > MIN_FRAMES and loop.time() - connected_at >= BOTH_WAYS_S,
        timeout=WAIT_MS / 1000,
    )
    await wait_in_page(
        page,
        f's.state === "in_call" && s.framesDecoded > {MIN_FRAMES}'
        f" && performance.now() >= {page_clock_ms + BOTH_WAYS_S * 1000}",
    )
    # Still flowing at the end, not 100 frames and then a stall.
    on_terminal, in_browser = painted(ctx), (await console_state(page))["framesDecoded"]
    await _until(lambda: painted(ctx) >= on_terminal + 10, timeout=5)
    await wait_in_page(page, f"s.framesDecoded >= {in_browser + 10}")

    # A print command from the console's form: the customer allows it, the printer prints it.
    await wait_in_page(page, "s.controlOpen && s.pending === null")
    await page.get_by_test_id("in-print-title").fill(PRINT_TITLE)
    await page.get_by_test_id("in-print-lines").fill("\n".join(PRINT_LINES))
    await page.get_by_test_id("cmd-print").click()
    await d.wait_screen("teller_request", timeout=20)
    assert PRINT_TITLE in ctx.text("teller_request_what")
    # Acknowledged at once, while the customer is still being asked.
    await wait_in_page(page, 's.replies.length === 1 && s.pending === "c-1"')
    assert (await console_state(page))["replies"] == [{"id": "c-1", "type": "ack"}]
    d.click("btn_teller_allow")
    await d.wait_screen("video_call", timeout=20)
    await wait_in_page(page, "s.replies.length === 2 && s.pending === null")
    result = (await console_state(page))["replies"][1]
    assert (result["id"], result["type"], result["status"]) == ("c-1", "result", "done")
    assert result["payload"]["lines"] == len(PRINT_LINES)
    log = await page.get_by_test_id("log-entry").all_text_contents()
    acks = [i for i, line in enumerate(log) if "← c-1 ack" in line]
    results = [i for i, line in enumerate(log) if "← c-1 result: done" in line]
    assert len(acks) == 1 and len(results) == 1 and acks[0] < results[0], log

    receipts: list[str] = []

    async def printed() -> bool:
        await ctx.collect_receipts()
        receipts.extend(ctx.take_receipts())
        return bool(receipts)

    await _until_async(printed, "the teller's document printed")
    [receipt] = receipts
    assert PRINT_TITLE in receipt and all(line in receipt for line in PRINT_LINES), receipt

    # The console hangs up: the customer is told, OK, idle; the console is free again.
    await page.get_by_test_id("hangup").click()
    await d.wait_screen("message", timeout=20)
    assert "结束" in ctx.text("message_title"), ctx.text("message_title")
    d.click("btn_ok")
    await d.wait_screen("idle", timeout=20)
    await wait_in_page(page, 's.state === "idle" && s.call_id === null')
    assert (await console_state(page))["ended"] == {"by": "teller", "reason": "hangup"}
    async with httpx.AsyncClient(base_url=backoffice_url, timeout=10.0) as http:
        response = await http.get("/_sim/vtm/calls", params={"limit": 1})
    record = response.json()[0]
    assert (record["call_id"], record["teller_id"], record["terminal_id"]) == (
        call_id,
        CONSOLE_TELLER,
        terminal_id,
    )
    assert (record["ended_by"], record["end_reason"]) == ("teller", "hangup")


def test_the_console_takes_a_call_from_the_whole_terminal(
    run_journey: Callable[..., Any],
    sims: SimulatorHost,
    chromium: Path,
    chromium_args: list[str],
) -> None:
    assert sims.endpoints is not None
    run_journey(
        partial(console_takes_the_call, sims.endpoints.backoffice_url, chromium, chromium_args)
    )
