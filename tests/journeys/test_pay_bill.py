"""Paying a bill, end to end: the real terminal, clicked through its widgets, against the
simulators over their real transports. What is checked is what a person sees, what the printer
printed, and what the back office's ledger holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget

from kiosk.journal import TxState
from kiosk.money import format_yuan
from kiosk.tour import journeys
from kiosk.tour.journeys import TourContext, _until


def _today_records(ctx: TourContext) -> list[Any]:
    return list(ctx.terminal.journal.list_for_day(datetime.now(UTC).date()))


def _visible_texts(ctx: TourContext) -> str:
    page = ctx.terminal.window.current_screen()
    return "\n".join(label.text() for label in page.findChildren(QLabel) if label.isVisible())


async def _ledger_charges(ctx: TourContext, out_trade_no: str) -> list[dict[str, Any]]:
    rows = await ctx.remote.ledger(out_trade_no)
    return [row for row in rows if row.get("kind") == "charge"]


def test_pay_arrears_with_wechat_code_typed_account(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        d = ctx.driver
        account = await ctx.account("residential", True)
        await ctx.start("zh")
        d.type_digits(account["account_no"])
        d.click("keypad_ok")
        await d.wait_screen("account")
        shown = _visible_texts(ctx)
        assert account["name"] not in shown, "the full name must be masked"
        assert format_yuan(account["arrears_fen"]) in shown
        table = d.widget("account_bills")  # the account screen's (the teller's has one too)
        assert isinstance(table, QTableWidget) and table.rowCount() == 12
        d.click("btn_pay")
        await d.wait_screen("amount")
        await ctx.choose_amount()
        await d.wait_screen("method")
        await ctx.pay_with_code("wechat")
        await d.wait_screen("outcome", timeout=30)
        assert format_yuan(account["arrears_fen"]) in ctx.text("outcome_amount")
        await ctx.collect_receipts()
        d.click("btn_done")
        await d.wait_screen("idle")

        receipts = ctx.take_receipts()
        assert len(receipts) == 1
        receipt = receipts[0]
        assert "电费缴费凭证" in receipt
        assert (
            format_yuan(account["arrears_fen"], symbol="￥") in receipt
        )  # printers' full-width yen
        assert account["account_no"] not in receipt, "the account number is masked on paper"
        [record] = _today_records(ctx)
        assert record.state == TxState.COMPLETED
        assert record.receipt_printed_at is not None
        assert record.reference in receipt
        charges = await _ledger_charges(ctx, record.out_trade_no)
        assert len(charges) == 1 and charges[0]["amount_fen"] == account["arrears_fen"]
        refreshed = await ctx.remote.sample_accounts(kind="residential", in_arrears=True)
        assert account["account_no"] not in {a["account_no"] for a in refreshed}

    run_journey(scenario)


def test_scanned_bill_topup_with_alipay_confirm_on_phone(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> str:
        return (await journeys.pay_alipay_scanned_bill_topup(ctx))[0]

    assert run_journey(scenario) == "paid"


def test_declined_is_explained_and_nothing_is_charged(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, detail = await journeys.declined(ctx)
        assert outcome == "declined", detail
        [record] = _today_records(ctx)
        assert record.state == TxState.DECLINED
        assert await _ledger_charges(ctx, record.out_trade_no) == []

    run_journey(scenario)


def test_wrong_provider_code_explained_on_the_code_screen(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, error = await journeys.wrong_provider_code(ctx)
        assert outcome == "explained"
        assert "支付宝" in error and "微信" in error, error
        assert _today_records(ctx) == [], "a wrong code never reaches the back office"

    run_journey(scenario)


def test_expired_code_is_refused_and_a_fresh_one_pays(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, error = await journeys.expired_code_then_fresh(ctx)
        assert outcome == "paid after a fresh code", error
        assert "过期" in error or "失效" in error, error
        states = sorted(r.state for r in _today_records(ctx))
        assert states == [TxState.COMPLETED, TxState.DECLINED], "a new attempt, a new key"

    run_journey(scenario)


def test_malformed_and_unknown_account_numbers(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, detail = await journeys.unknown_and_malformed_account(ctx)
        assert outcome == "explained"
        malformed, unknown = detail.split(" / ")
        assert malformed and unknown and malformed != unknown

    run_journey(scenario)


def test_paper_out_asked_first_then_reprinted_from_journal(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, detail = await journeys.paper_out_then_reprint(ctx)
        assert outcome == "reprinted", detail
        [record] = _today_records(ctx)
        assert record.state == TxState.COMPLETED
        assert len(await _ledger_charges(ctx, record.out_trade_no)) == 1

    run_journey(scenario)


def test_scanner_unplugged_hides_bill_scanning_keypad_still_works(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        d = ctx.driver
        account = await ctx.account("commercial", None)
        await ctx.remote.scanner_plugged(False)
        devices = ctx.terminal.devices
        try:
            await _until(lambda: not devices.availability().scanner, timeout=15)
            await ctx.start("en")
            assert not d.is_visible("identify_scan_hint")
            d.type_digits(account["account_no"])
            d.click("keypad_ok")
            await d.wait_screen("account")
            d.click("btn_cancel")
            await d.wait_screen("idle")
        finally:
            await ctx.remote.scanner_plugged(True)
        await _until(lambda: devices.availability().scanner, timeout=20)
        await ctx.start("en")
        assert d.is_visible("identify_scan_hint")
        d.click("btn_cancel")
        await d.wait_screen("idle")

    run_journey(scenario)


def test_garbage_on_the_scanner_line_blocks_nothing(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        d = ctx.driver
        account = await ctx.account("prepaid", None)
        await ctx.start("zh")
        await ctx.remote.scanner_raw(b"\x00\xff\x1b\x80garbage")
        await ctx.remote.scanner_raw(b"half a fra")
        await ctx.remote.scanner_raw(b"\r")
        await ctx.remote.present_code(account["bill_barcode"])
        await d.wait_screen("account")
        d.click("btn_cancel")
        await d.wait_screen("idle")

    run_journey(scenario)


def test_backoffice_down_idle_says_so(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        outcome, banner = await journeys.backoffice_down(ctx)
        assert outcome == "explained" and banner

    run_journey(scenario)


def test_walk_away_returns_to_idle_and_wipes_the_session(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> None:
        d = ctx.driver
        assert (await journeys.walk_away(ctx))[0] == "timed out"
        await ctx.start("zh")
        assert ctx.terminal.window.identify.keypad.text() == "", "typed digits must be wiped"
        d.click("btn_cancel")
        await d.wait_screen("idle")

    run_journey(scenario)


def test_walking_away_while_confirming_on_phone_never_abandons_the_payment(
    run_journey: Any,
) -> None:
    async def scenario(ctx: TourContext) -> None:
        d = ctx.driver
        account = await ctx.account("residential", True)
        await ctx.remote.next_payment("paying_then_success")
        await ctx.start("zh")
        await ctx.to_method(account["account_no"])
        await d.wait_screen("method")
        await ctx.pay_with_code("wechat")
        await d.wait_screen("processing")
        # Nobody touches anything from here: the payment must still end paid, with a receipt.
        await d.wait_screen("outcome", timeout=40)
        await ctx.collect_receipts()
        await d.wait_screen("idle", timeout=40)
        [record] = _today_records(ctx)
        assert record.state == TxState.COMPLETED
        assert len(ctx.take_receipts()) == 1
        assert len(await _ledger_charges(ctx, record.out_trade_no)) == 1

    run_journey(scenario)
