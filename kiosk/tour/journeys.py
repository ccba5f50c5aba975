"""The tour's journeys: what a customer does, step by step, on the real widgets.

Each journey starts and ends at the idle screen and returns (outcome, detail); the outcome is read
from what the screen shows, not from inside the application.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from kiosk.tour.driver import TourDriver
from simulators.remote import SimulatorRemote


class TourContext:
    """What a journey can use: the driver (widgets), the simulators' remote, the terminal."""

    def __init__(
        self,
        driver: TourDriver,
        remote: SimulatorRemote,
        terminal: Any,
        receipts_dir: Path | None = None,
    ) -> None:
        self.driver = driver
        self.receipts_dir = receipts_dir
        self.remote = remote
        self.terminal = terminal
        self._jobs_seen = 0
        self._receipts: list[str] = []

    def text(self, name: str) -> str:
        """The text a label shows."""
        widget = self.driver.widget(name)
        return widget.text() if isinstance(widget, QLabel) else ""

    async def skip_printed(self) -> None:
        """Ignore whatever the printer printed before this journey."""
        self._jobs_seen = len(await self.remote.printed_jobs())
        self._receipts = []

    async def collect_receipts(self) -> None:
        """Fetch what the printer simulator printed since last time."""
        jobs = await self.remote.printed_jobs()
        for job in jobs[self._jobs_seen :]:
            self._receipts.append(str(job["text"]))
            if self.receipts_dir is not None:
                png = await self.remote.printed_png(int(job["index"]))
                (self.receipts_dir / f"receipt_{int(job['index']) + 1:02d}.png").write_bytes(png)
        self._jobs_seen = len(jobs)

    def take_receipts(self) -> list[str]:
        """Receipts printed during the journey just ended."""
        receipts, self._receipts = self._receipts, []
        return receipts

    async def account(self, kind: str, in_arrears: bool | None) -> dict[str, Any]:
        """A seeded account of that kind from the back-office simulator."""
        accounts = await self.remote.sample_accounts(kind=kind, in_arrears=in_arrears)
        return accounts[0]

    async def start(self, language: str = "zh") -> None:
        """From idle: pick the language and touch to start."""
        d = self.driver
        await d.wait_screen("idle")
        # After an outage the idle screen offers payment again once it has seen the back office.
        await _until(lambda: d.widget("btn_start").isEnabled(), timeout=30)
        d.click(f"lang_{language}")
        d.click("btn_start")
        await d.wait_screen("identify")

    async def to_method(self, account_no: str, *, preset: int | None = None) -> None:
        """Identify on the keypad, look at the account, choose the amount."""
        d = self.driver
        d.type_digits(account_no)
        d.click("keypad_ok")
        await d.wait_screen("account")
        d.click("btn_pay")
        await d.wait_screen("amount")
        await self.choose_amount(preset)

    async def choose_amount(self, preset: int | None = None) -> None:
        """On the amount screen: the arrears as they are, or a preset top-up amount."""
        d = self.driver
        if d.is_visible("btn_pay"):
            d.click("btn_pay")
            return
        if preset is not None:
            d.click(f"amount_preset_{preset}")
        elif not self.text("keypad_display").strip():
            raise RuntimeError("a top-up journey must name its amount")
        d.click("keypad_ok")

    async def pay_with_code(self, provider: str, behaviour: str = "ok") -> None:
        """Choose the provider and show a fresh code from the simulated phone."""
        d = self.driver
        d.click(f"method_{provider}")
        await d.wait_screen("code")
        await self.remote.present_code(await self.remote.wallet_code(provider, behaviour))

    async def finish_outcome(self) -> tuple[str, str]:
        """Read the outcome screen, then leave it; returns (status text, message text)."""
        d = self.driver
        await d.wait_screen("outcome", timeout=30)
        status = self.text("outcome_status")
        message = self.text("outcome_message")
        await self.collect_receipts()
        d.click("btn_done")
        await d.wait_screen("idle")
        return status, message

    async def back_to_idle(self) -> None:
        """After a failure: press Cancel / OK / Done until the idle screen is back."""
        d = self.driver
        for _ in range(6):
            if d.ui.current_screen_name() == "idle":
                return
            for name in ("btn_ok", "btn_done", "btn_cancel", "btn_staff_ok", "btn_staff_exit"):
                if d.is_visible(name):
                    d.click(name)
                    break
            try:
                await d.wait_screen("idle", "message", "outcome", "staff_dashboard", timeout=10)
            except TimeoutError:
                continue


@dataclass(frozen=True)
class Journey:
    """A named journey and the outcome it should end with."""

    expected: str
    run: Callable[[TourContext], Awaitable[tuple[str, str]]]
    in_tour: bool = True  # False: run only when named (crash tests' halves of a journey)


async def pay_wechat_keypad(ctx: TourContext) -> tuple[str, str]:
    """Residential account in arrears, typed on the keypad, paid with a WeChat code."""
    account = await ctx.account("residential", True)
    await ctx.start("zh")
    await ctx.to_method(account["account_no"])
    await ctx.driver.wait_screen("method")
    await ctx.pay_with_code("wechat")
    status, _ = await ctx.finish_outcome()
    return ("paid" if ctx._receipts else "paid, no receipt"), status


async def pay_alipay_scanned_bill_topup(ctx: TourContext) -> tuple[str, str]:
    """Prepaid account found by scanning its paper bill, topped up in English with Alipay; the
    customer has to confirm on the phone first."""
    account = await ctx.account("prepaid", None)
    d = ctx.driver
    await ctx.start("en")
    await ctx.remote.present_code(account["bill_barcode"])
    await d.wait_screen("account")
    d.click("btn_pay")
    await d.wait_screen("amount")
    await ctx.choose_amount(10000)
    await d.wait_screen("method")
    await ctx.pay_with_code("alipay", "needs_password")
    await d.wait_screen("processing")
    status, _ = await ctx.finish_outcome()
    return ("paid" if ctx._receipts else "paid, no receipt"), status


async def declined(ctx: TourContext) -> tuple[str, str]:
    """The customer's wallet has not enough money: the provider declines."""
    account = await ctx.account("residential", True)
    await ctx.start("en")
    await ctx.to_method(account["account_no"])
    await ctx.driver.wait_screen("method")
    await ctx.pay_with_code("wechat", "insufficient_funds")
    status, message = await ctx.finish_outcome()
    return ("declined" if not ctx._receipts else "paid"), f"{status} / {message}"


async def wrong_provider_code(ctx: TourContext) -> tuple[str, str]:
    """WeChat chosen, an Alipay code shown: explained on the same screen, then cancelled."""
    account = await ctx.account("residential", True)
    d = ctx.driver
    await ctx.start("zh")
    await ctx.to_method(account["account_no"])
    await d.wait_screen("method")
    d.click("method_wechat")
    await d.wait_screen("code")
    await ctx.remote.present_code(await ctx.remote.wallet_code("alipay"))
    await _until(lambda: bool(ctx.text("code_error")))
    error = ctx.text("code_error")
    d.click("btn_cancel")
    await d.wait_screen("idle")
    return "explained", error


async def expired_code_then_fresh(ctx: TourContext) -> tuple[str, str]:
    """An old payment code (a screenshot kept from yesterday): the provider refuses it, the
    terminal asks for a fresh one on the same screen, and the fresh one pays."""
    d = ctx.driver
    account = (await ctx.remote.sample_accounts(kind="prepaid"))[1]
    await ctx.start("zh")
    await ctx.to_method(account["account_no"], preset=5000)
    await d.wait_screen("method")
    d.click("method_wechat")
    await d.wait_screen("code")
    await ctx.remote.present_code(await ctx.remote.wallet_code("wechat", "expired"))
    await _until(lambda: d.ui.current_screen_name() == "code" and bool(ctx.text("code_error")))
    error = ctx.text("code_error")
    await ctx.remote.present_code(await ctx.remote.wallet_code("wechat"))
    await ctx.finish_outcome()
    return ("paid after a fresh code" if ctx._receipts else "not paid"), error


async def unknown_and_malformed_account(ctx: TourContext) -> tuple[str, str]:
    """A number with a wrong check digit, then a well-formed one nobody has: both explained on
    the keypad screen."""
    d = ctx.driver
    await ctx.start("zh")
    unknown_no = _unknown_account_no()
    d.type_digits(unknown_no[:9] + str((int(unknown_no[9]) + 1) % 10))
    d.click("keypad_ok")
    await _until(lambda: bool(ctx.text("identify_error")))
    malformed = ctx.text("identify_error")
    d.click("keypad_clear")
    d.type_digits(unknown_no)
    d.click("keypad_ok")
    await _until(lambda: ctx.text("identify_error") not in ("", malformed))
    unknown = ctx.text("identify_error")
    d.click("btn_cancel")
    await d.wait_screen("idle")
    return "explained", f"{malformed} / {unknown}"


async def paper_out_then_reprint(ctx: TourContext) -> tuple[str, str]:
    """Paper out: asked before paying, paid without a receipt, reprinted from the journal after
    the paper is refilled."""
    d = ctx.driver
    accounts = await ctx.remote.sample_accounts(kind="commercial", in_arrears=True)
    account = accounts[0]
    await ctx.remote.printer_paper("out")
    await ctx.start("zh")
    await ctx.to_method(account["account_no"])
    await d.wait_screen("no_receipt")
    d.click("btn_pay_without_receipt")
    await d.wait_screen("method")
    await ctx.pay_with_code("wechat")
    await d.wait_screen("outcome", timeout=30)
    reference = ctx.text("outcome_reference")
    message = ctx.text("outcome_message")
    d.click("btn_done")
    await d.wait_screen("idle")
    await ctx.remote.printer_paper("full")
    ref_digits = "".join(ch for ch in reference if ch.isdigit())
    d.click("btn_reprint")
    await d.wait_screen("reference")
    d.type_digits(ref_digits)
    d.click("keypad_ok")
    await d.wait_screen("message", "outcome", timeout=20)
    reprinted = ctx.text("message_title") if d.ui.current_screen_name() == "message" else ""
    await ctx.collect_receipts()
    await ctx.back_to_idle()
    ok = any("补打" in r or "REPRINT" in r.upper() for r in ctx._receipts)
    return ("reprinted" if ok else "not reprinted"), f"{message} / {reprinted}"


async def scanner_unplugged(ctx: TourContext) -> tuple[str, str]:
    """Scanner unplugged: bill scanning is hidden, the keypad still works."""
    d = ctx.driver
    await ctx.remote.scanner_plugged(False)
    devices = ctx.terminal.devices
    await _until(lambda: not devices.availability().scanner, timeout=15)
    await ctx.start("zh")
    hint_visible = d.is_visible("identify_scan_hint")
    d.click("btn_cancel")
    await d.wait_screen("idle")
    await ctx.remote.scanner_plugged(True)
    await _until(lambda: devices.availability().scanner, timeout=20)
    return ("scan hidden" if not hint_visible else "scan still offered"), ""


async def backoffice_down(ctx: TourContext) -> tuple[str, str]:
    """The back office is unreachable: the idle screen says payment is unavailable, and a
    customer already inside is told before choosing how to pay."""
    d = ctx.driver
    await ctx.remote.outage(True)
    try:
        await d.wait_screen("idle")
        if d.widget("btn_start").isEnabled():
            # The idle screen was drawn before the outage: the next visit to it shows it.
            d.click("btn_start")
            await d.wait_screen("identify")
            d.click("btn_cancel")
        await _until(
            lambda: d.ui.current_screen_name() == "idle" and d.is_visible("idle_banner"),
            timeout=30,
        )
        banner = ctx.text("idle_banner")
        start_offered = d.widget("btn_start").isEnabled()
    finally:
        await ctx.remote.outage(False)
    return ("explained" if banner and not start_offered else "not explained"), banner


async def walk_away(ctx: TourContext) -> tuple[str, str]:
    """The customer leaves at the account screen: countdown, then back to idle."""
    d = ctx.driver
    account = await ctx.account("industrial", None)
    await ctx.start("zh")
    d.type_digits(account["account_no"])
    d.click("keypad_ok")
    await d.wait_screen("account")
    await _until(lambda: d.is_visible("countdown"), timeout=30)
    await d.wait_screen("idle", timeout=30)
    return "timed out", ""


def _unknown_account_no() -> str:
    """A 10-digit number with a valid check digit that the seed never issues (prefix 9)."""
    body = "999999999"
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return body + str((10 - total % 10) % 10)


async def _until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Wait for something the screen shows, letting the event loop run meanwhile."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the screen did not show what was expected")
        await asyncio.sleep(0.02)


JOURNEYS: dict[str, Journey] = {
    "pay_wechat_keypad": Journey("paid", pay_wechat_keypad),
    "pay_alipay_scanned_bill_topup": Journey("paid", pay_alipay_scanned_bill_topup),
    "declined": Journey("declined", declined),
    "wrong_provider_code": Journey("explained", wrong_provider_code),
    "expired_code_then_fresh": Journey("paid after a fresh code", expired_code_then_fresh),
    "unknown_and_malformed_account": Journey("explained", unknown_and_malformed_account),
    "paper_out_then_reprint": Journey("reprinted", paper_out_then_reprint),
    "scanner_unplugged": Journey("scan hidden", scanner_unplugged),
    "backoffice_down": Journey("explained", backoffice_down),
    "walk_away": Journey("timed out", walk_away),
}
