"""Journeys of issue 3 through the real widgets, against every simulator: bank card, the
terminal's QR, prepaid meter cards. Each checks what the customer saw and what went over the wire
or into the ledgers: the acquirer's sales, the back office's charges, the card's wallet."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.tour.card_journeys import (
    _finish,
    card_answer_lost_reversed,
    pay_by_card,
    prepaid_pulled_out_then_finished,
    prepaid_purchase,
    qr_paid,
)
from kiosk.tour.journeys import TourContext
from simulators.host import SimulatorHost


def luhn_valid(digits: str) -> bool:
    """The Luhn check every bank card number passes."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char) * (2 if index % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def with_check_digit(body: str) -> str:
    """`body` plus the digit that makes it Luhn-valid."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def card_number_like(text: str) -> list[str]:
    """Runs of 13-19 digits with a card network's first digit (3 Amex/JCB, 4 Visa, 5 Mastercard,
    6 UnionPay/Discover) that pass Luhn: what a leaked card number looks like."""
    runs = re.findall(r"(?<!\d)[3-6]\d{12,18}(?!\d)", text)
    return [run for run in runs if luhn_valid(run)]


def _journal_bytes(settings: Settings) -> str:
    folder = settings.resolve(settings.terminal.data_dir)
    return "".join(
        path.read_bytes().decode("latin-1") for path in sorted(Path(folder).glob("journal*"))
    )


def test_card_paid_and_no_card_number_anywhere(
    run_journey: Any, settings: Settings, sims: SimulatorHost, caplog: pytest.LogCaptureFixture
) -> None:
    pan = with_check_digit("622202100012345678")
    assert card_number_like(f"x {pan} y") == [pan]  # the scan does find a card number

    async def scenario(ctx: TourContext) -> tuple[tuple[str, str], list[dict[str, Any]]]:
        result = await pay_by_card(ctx, card=pan)
        return result, await ctx.remote.card_sales()

    caplog.set_level(logging.DEBUG)
    (outcome, status), sales = run_journey(scenario)
    assert outcome == "paid, card taken", status
    approved = [s for s in sales if s["state"] == "approved"]
    assert approved and approved[-1]["masked_pan"] == pan[:6] + "*" * (len(pan) - 10) + pan[-4:]
    assert sims.printer is not None
    receipts = "\n".join(job.text for job in sims.printer.jobs)
    assert pan[-4:] in receipts
    for where, text in (
        ("journal", _journal_bytes(settings)),
        ("logs", caplog.text),
        ("receipts", receipts),
    ):
        assert pan not in text, where
        assert card_number_like(text) == [], where


def test_card_answer_lost_is_reversed_and_not_charged(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> tuple[tuple[str, str], list[dict[str, Any]]]:
        result = await card_answer_lost_reversed(ctx)
        return result, await ctx.remote.card_sales()

    (outcome, message), sales = run_journey(scenario)
    assert outcome == "reversed", message
    assert sales[-1]["state"] == "reversed"
    assert "No money was taken" in message


def test_card_wrong_pin_is_explained_and_nothing_is_charged(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        d = ctx.driver
        account = await ctx.account("residential", True)
        before = len(await ctx.remote.ledger())
        await ctx.remote.next_card_sale(pin="wrong")
        await ctx.start("en")
        await ctx.to_method(account["account_no"])
        await d.wait_screen("method")
        d.click("method_unionpay")
        seen = await _finish(ctx, remove_card=False)
        return seen, (await ctx.remote.ledger())[before:]

    seen, ledger = run_journey(scenario)
    assert "PIN" in seen["message"], seen
    assert not any(row.get("method") == "card" for row in ledger)


def test_qr_paid_from_the_screen_pixels(run_journey: Any) -> None:
    outcome, detail = run_journey(qr_paid)
    assert outcome == "paid", detail


def test_qr_cancelled_closes_the_order(run_journey: Any) -> None:
    async def scenario(ctx: TourContext) -> Any:
        d = ctx.driver
        account = await ctx.account("residential", True)
        await ctx.start("zh")
        await ctx.to_method(account["account_no"])
        await d.wait_screen("method")
        d.click("method_alipay_qr")
        await d.wait_screen("qr_pay", timeout=20)
        d.click("btn_cancel")
        await ctx.back_to_idle()
        today = datetime.now(UTC).date()
        rows = ctx.terminal.journal.list_for_day(today)
        return rows[-1]

    record = run_journey(scenario)
    assert record.state.value == "reversed"


def test_prepaid_purchase_writes_one_credit(run_journey: Any) -> None:
    outcome, status = run_journey(prepaid_purchase)
    assert outcome == "written", status


def test_prepaid_pulled_out_is_finished_at_the_next_insertion(run_journey: Any) -> None:
    outcome, detail = run_journey(prepaid_pulled_out_then_finished)
    assert outcome == "finished at the next insertion", detail


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ("unissued", ("not been issued", "未发行", "not issued")),
        ("foreign", ("another", "其他")),
        ("damaged", ("read", "读")),
    ],
)
def test_unusable_prepaid_cards_are_explained(
    run_journey: Any, card: str, words: tuple[str, ...]
) -> None:
    from kiosk.tour.journeys import _until

    async def scenario(ctx: TourContext) -> str:
        d = ctx.driver
        await d.wait_screen("idle")
        d.click("lang_en")
        await ctx.remote.insert_card(card)
        await d.wait_screen("prepaid_insert", "message", timeout=30)
        await _until(
            lambda: (
                bool(ctx.text("prepaid_insert_error")) or d.ui.current_screen_name() == "message"
            ),
            timeout=30,
        )
        text = (
            ctx.text("message_title") + " " + ctx.text("message_next_step")
            if d.ui.current_screen_name() == "message"
            else ctx.text("prepaid_insert_error")
        )
        await ctx.remote.remove_card()
        await ctx.back_to_idle()
        return text

    text = run_journey(scenario)
    assert any(word.lower() in text.lower() for word in words), text
