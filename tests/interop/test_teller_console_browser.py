"""The browser teller console in Debian's chromium (Playwright, fake camera and microphone) takes
a call from the terminal's own classes (SignalingClient, VideoCall, ControlChannel) through the
back-office simulator's VTM service: video both ways for 5 s and more, a teller command validated
on the terminal and its replies shown in the console, garbage refused, the teller's hang-up."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from console_page import WAIT_MS, console_state, log_in_and_ready, wait_in_page
from playwright.async_api import Browser, Page, async_playwright

from kiosk.clock import SystemClock
from kiosk.config import VtmSettings
from kiosk.flows.video_ports import FrameMailbox
from kiosk.vtm.call import VideoCall
from kiosk.vtm.commands import AccountSummaryCommand, AccountSummaryResult
from kiosk.vtm.control import ControlChannel
from kiosk.vtm.signaling import (
    Answer,
    Answered,
    Bye,
    CallRequest,
    Offer,
    Register,
    SignalMessage,
)
from kiosk.vtm.signaling_client import SignalingClient
from simulators.backoffice.server import BackOfficeServer

pytestmark = [pytest.mark.interop, pytest.mark.timeout(90)]

CALL_ID = "C-INTEROP-0001"
TERMINAL_ID = "SZFT0001"
SUMMARY = AccountSummaryResult(
    account_no="3100012345",
    masked_name="张*",
    arrears_fen=12_345,
    balance_fen=-5,
    tariff_name="居民生活用电",
    bills=2,
)


class CameraStandIn:
    """A synthetic camera: a bright picture with a moving band, a new frame at every look."""

    def __init__(self) -> None:
        self.seq = 0

    def latest_frame(self) -> Any:
        self.seq += 1
        bgr = np.full((480, 640, 3), 180, dtype=np.uint8)
        bgr[:, (self.seq * 8) % 640 :][:, :40] = 240
        return _Frame(bgr, self.seq, time.monotonic())


class _Frame:
    def __init__(self, bgr: np.ndarray[Any, Any], seq: int, at: float) -> None:
        self.bgr, self.seq, self.at = bgr, seq, at


@pytest.fixture
async def browser(chromium: Path, chromium_args: list[str]) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=chromium_args
        )
        try:
            yield launched
        finally:
            await launched.close()


async def receive(client: SignalingClient, kind: type[SignalMessage]) -> Any:
    """The next message of `kind` from the service (queue positions on the way are skipped)."""
    async with asyncio.timeout(WAIT_MS / 1000):
        while not isinstance(message := await client.receive(), kind):
            pass
    return message


async def log_in_with_the_default_teller(page: Page, server: BackOfficeServer) -> None:
    await page.goto(f"{server.url}/teller/")
    assert await page.get_by_test_id("teller-id").input_value() == "T-0002"
    assert await page.get_by_test_id("teller-name").input_value() == "李柜员"
    await log_in_and_ready(page)


async def test_console_takes_a_call_exchanges_video_runs_a_command_and_hangs_up(
    backoffice: BackOfficeServer, browser: Browser
) -> None:
    page = await browser.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    await log_in_with_the_default_teller(page, backoffice)

    signal_url = backoffice.url.replace("http://", "ws://") + "/api/v1/vtm/signal"
    terminal = SignalingClient(signal_url, Register(role="terminal", terminal_id=TERMINAL_ID))
    await terminal.connect()
    call = VideoCall(VtmSettings(), CameraStandIn(), FrameMailbox(), FrameMailbox(), SystemClock())
    control: ControlChannel = call.open_control(CALL_ID)
    try:
        await terminal.send(CallRequest(call_id=CALL_ID, language="zh_CN", business="general"))
        answered = await receive(terminal, Answered)
        assert (answered.teller_id, answered.teller_name) == ("T-0002", "李柜员")
        await wait_in_page(page, f's.state === "incoming" && s.call_id === "{CALL_ID}"')
        assert await page.get_by_test_id("incoming-terminal").text_content() == TERMINAL_ID
        assert await page.get_by_test_id("incoming-business").text_content() == "general"

        await terminal.send(Offer(call_id=CALL_ID, sdp=await call.make_offer()))
        answer = await receive(terminal, Answer)
        assert "a=candidate:" in answer.sdp  # complete: the terminal takes no trickled ones
        await call.accept_answer(answer.sdp)
        assert await call.wait_media(WAIT_MS / 1000), "no video from the browser"

        # Video both ways for at least 5 s, with more than 100 frames decoded on each side.
        media_at = time.monotonic()
        await wait_in_page(page, 's.state === "in_call" && s.framesDecoded > 100')
        assert await call.progress.wait(lambda: call.remote_frames > 100, WAIT_MS / 1000)
        await page.wait_for_function(
            f"() => performance.now() >= {await page.evaluate('performance.now()') + 5000}",
            timeout=WAIT_MS,
        )
        assert time.monotonic() - media_at >= 5.0
        assert call.remote_frames > 100 and call.local_frames_sent > 100
        state = await console_state(page)
        assert state["framesDecoded"] > 100 and state["framesSent"] > 100
        await wait_in_page(page, "s.controlOpen")

        # A command from the console: validated on the terminal, answered, shown in the console.
        await page.get_by_test_id("in-account-no").fill("3100012345")
        await page.get_by_test_id("cmd-account_summary").click()
        async with asyncio.timeout(WAIT_MS / 1000):
            command = await control.next_command()
        assert isinstance(command, AccountSummaryCommand)
        assert (command.id, command.payload.account_no) == ("c-1", "3100012345")
        assert control.busy
        control.ack(command)
        control.result(command, "done", SUMMARY)
        assert not control.busy
        await wait_in_page(page, "s.replies.length === 2 && s.pending === null")
        state = await console_state(page)
        assert state["replies"][0] == {"id": "c-1", "type": "ack"}
        assert state["replies"][1]["status"] == "done"
        assert state["replies"][1]["payload"] == SUMMARY.model_dump()
        view = await page.get_by_test_id("result-view").text_content() or ""
        assert "¥123.45" in view and "-¥0.05" in view and "张*" in view
        log = await page.get_by_test_id("log").text_content() or ""
        assert "c-1 ack" in log and "c-1 result: done" in log

        # Garbage from the raw box is refused by the terminal, never reaches the flow.
        await page.get_by_test_id("raw-json").fill('{"id": "c-1", "type": "end_call"}')
        await page.get_by_test_id("send-raw").click()
        await page.get_by_test_id("raw-json").fill("not json")
        await page.get_by_test_id("send-raw").click()
        await wait_in_page(page, "s.replies.length === 4")
        replies = (await console_state(page))["replies"][2:]
        assert [(r["id"], r["reason"]) for r in replies] == [
            ("c-1", "duplicate_id"),
            (None, "malformed"),
        ]
        assert not control.busy

        # The teller hangs up: bye reaches the terminal; the console is free for the next call.
        await page.get_by_test_id("hangup").click()
        bye = await receive(terminal, Bye)
        assert (bye.call_id, bye.reason) == (CALL_ID, "hangup")
        await wait_in_page(page, 's.state === "idle" && s.call_id === null')
        assert (await console_state(page))["ended"] == {"by": "teller", "reason": "hangup"}
    finally:
        control.close()
        await call.close()
        await terminal.close()
    assert page_errors == []
