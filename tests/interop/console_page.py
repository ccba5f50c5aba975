"""Driving the browser teller console's page (Playwright), shared by the interop tests here and
the whole-terminal one in tests/journeys (which imports it as `tests.interop.console_page`): it
imports nothing from its folder."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

WAIT_MS = 20_000


async def wait_in_page(page: Page, condition: str) -> None:
    """Until `condition` (JavaScript on window.consoleState as `s`) holds in the page."""
    await page.wait_for_function(
        f"() => {{ const s = window.consoleState; return {condition}; }}", timeout=WAIT_MS
    )


async def console_state(page: Page) -> dict[str, Any]:
    """window.consoleState: state, call_id, frame counts, the commands sent and the replies."""
    state: dict[str, Any] = await page.evaluate("() => window.consoleState")
    return state


async def log_in_and_ready(page: Page) -> None:
    """On the open console page: log in with the teller filled in, press Ready."""
    await page.get_by_test_id("login").click()
    await page.get_by_test_id("ready").click()
    await wait_in_page(page, 's.state === "ready"')
