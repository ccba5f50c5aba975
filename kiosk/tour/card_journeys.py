"""Tour journeys of issue 3: a bank card at the payment module, the terminal's QR scanned by the
customer's phone, and prepaid meter cards in the IC card reader (a purchase, and a purchase whose
card was pulled out mid-write, finished at the next insertion).

Like the others they click the real widgets and read the outcome from the screen; the card's
contents are read back from the card simulator to check exactly one credit was written.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice

from kiosk.tour.journeys import Journey, TourContext, _until

SCREENS_AFTER_PAYMENT = ("outcome", "take_card", "message", "idle")


async def _finish(ctx: TourContext, *, remove_card: bool) -> dict[str, Any]:
    """Walk the screens after a payment until idle: read the outcome, take the card when asked
    (after its reminder sounded), press Done/OK. Returns what was seen."""
    d = ctx.driver
    seen: dict[str, Any] = {"status": "", "message": "", "take_card": False, "reminded": False}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 90
    while loop.time() < deadline:
        await _until(lambda: d.ui.current_screen_name() in SCREENS_AFTER_PAYMENT, timeout=40)
        screen = d.ui.current_screen_name()
        if screen == "idle":
            break
        if screen == "outcome":
            seen["status"] = ctx.text("outcome_status")
            seen["message"] = ctx.text("outcome_message")
            seen["reference"] = ctx.text("outcome_reference")
            await ctx.collect_receipts()
            d.click("btn_done")
        elif screen == "message":
            seen["message"] = seen["message"] or ctx.text("message_title")
            d.click("btn_ok")
        elif screen == "take_card" and not seen["take_card"]:
            seen["take_card"] = True
            # The customer hesitates: the reminder (text and sound) comes first.
            await _until(lambda: d.is_visible("take_card_reminder"), timeout=20)
            seen["reminded"] = True
            if remove_card:
                await ctx.remote.load_card_into_meter()
                await ctx.remote.remove_card()
            else:
                await ctx.remote.take_bank_card()
            # Reminders show the same screen again: wait until it is left for good.
        await _until(_screen_left(ctx, screen), timeout=30)
    await ctx.collect_receipts()
    return seen


def _screen_left(ctx: TourContext, screen: str) -> Callable[[], bool]:
    return lambda: ctx.driver.ui.current_screen_name() != screen


async def card_paid(ctx: TourContext) -> tuple[str, str]:
    """A bill paid by UnionPay card: PIN on the module's keypad, receipt with the last 4 digits,
    then the customer is reminded to take the card."""
    return await pay_by_card(ctx)


async def pay_by_card(ctx: TourContext, **script: Any) -> tuple[str, str]:
    """`card_paid` with the module's script for this sale (e.g. another card number)."""
    d = ctx.driver
    account = await ctx.account("residential", True)
    await ctx.remote.next_card_sale(take_card=False, **script)
    await ctx.start("zh")
    await ctx.to_method(account["account_no"])
    await d.wait_screen("method")
    d.click("method_unionpay")
    await d.wait_screen("processing")
    seen = await _finish(ctx, remove_card=False)
    sales = await ctx.remote.card_sales()
    approved = [s for s in sales if s["state"] == "approved"]
    last4 = str(approved[-1]["masked_pan"])[-4:] if approved else "none"
    on_receipt = any(last4 in r for r in ctx._receipts)
    ok = ctx._receipts and seen["take_card"] and seen["reminded"] and on_receipt
    return ("paid, card taken" if ok else "not as expected"), seen["status"]


async def card_answer_lost_reversed(ctx: TourContext) -> tuple[str, str]:
    """The bank approved but the module's answer never arrived: the sale is reversed on its own
    and the customer is told the money is not taken (or is returned)."""
    d = ctx.driver
    # A household's arrears: a business's may be over the per-transaction limit (staffed counter).
    account = await ctx.account("residential", True)
    await ctx.remote.next_card_sale(answer="lost")
    await ctx.start("en")
    await ctx.to_method(account["account_no"])
    await d.wait_screen("method")
    d.click("method_unionpay")
    seen = await _finish(ctx, remove_card=False)
    sales = await ctx.remote.card_sales()
    reversed_ = bool(sales) and all(sale.get("state") != "approved" for sale in sales[-1:])
    reversed_ = reversed_ and any(sale.get("state") == "reversed" for sale in sales)
    return ("reversed" if reversed_ and not ctx._receipts else "not reversed"), seen["message"]


def _qr_in_window(ctx: TourContext) -> str:
    """Decode the QR the terminal shows, from the window's pixels, as a phone would."""
    import zxingcpp
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ctx.driver.window.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data().data())))
    for result in zxingcpp.read_barcodes(image):
        if result.format == zxingcpp.BarcodeFormat.QRCode:
            return str(result.text)
    raise RuntimeError("no QR code readable on the screen")


async def qr_paid(ctx: TourContext) -> tuple[str, str]:
    """The customer chooses 'scan with WeChat': the terminal shows the order's QR, the phone scans
    it (decoded from the screen's pixels) and pays; the terminal sees it by polling."""
    d = ctx.driver
    account = await ctx.account("residential", True)
    await ctx.start("zh")
    await ctx.to_method(account["account_no"])
    await d.wait_screen("method")
    d.click("method_wechat_qr")
    await d.wait_screen("qr_pay", timeout=20)
    await _until(lambda: d.is_visible("qr_code"))
    code_url = _qr_in_window(ctx)
    await ctx.remote.phone_scan(code_url)
    status, _ = await ctx.finish_outcome()
    return ("paid" if ctx._receipts else "paid, no receipt"), f"{status} / {code_url[:24]}…"


async def _buy_with_card(ctx: TourContext, card: str, language: str) -> None:
    """Insert a prepaid card at idle, look at it, press Buy, take the smallest amount offered and
    pay with a WeChat code."""
    d = ctx.driver
    await d.wait_screen("idle")
    if language == "en":
        d.click("lang_en")
    await ctx.remote.insert_card(card)
    await d.wait_screen("prepaid_card", timeout=30)
    d.click("btn_buy")
    await d.wait_screen("amount")
    presets = sorted(
        int(name.removeprefix("amount_preset_"))
        for name in _visible_names(ctx, "amount_preset_")
        if name.removeprefix("amount_preset_").isdigit()
    )
    await ctx.choose_amount(presets[0])
    await d.wait_screen("method")
    await ctx.pay_with_code("wechat")


def _visible_names(ctx: TourContext, prefix: str) -> list[str]:
    from PySide6.QtWidgets import QWidget

    root = ctx.driver.window
    return [
        w.objectName()
        for w in root.findChildren(QWidget)
        if w.objectName().startswith(prefix) and w.isVisible()
    ]


async def prepaid_purchase(ctx: TourContext) -> tuple[str, str]:
    """Insert a meter card, buy credit, the terminal writes it with count + 1 and reads it back."""
    before = await _card_contents(ctx, "residential-2")
    await _buy_with_card(ctx, "residential-2", "zh")
    seen = await _finish(ctx, remove_card=True)
    after = await _card_contents(ctx, "residential-2")
    one_credit = after["wallet_count"] == before["wallet_count"] + 1
    return ("written" if one_credit and ctx._receipts else "not written"), seen["status"]


async def prepaid_pulled_out_then_finished(ctx: TourContext) -> tuple[str, str]:
    """The card is pulled out during the write: paid, not written. At the next insertion the
    terminal finishes the purchase (补写卡) without charging again."""
    d = ctx.driver
    before = await _card_contents(ctx, "residential-3")
    await ctx.remote.remove_card_on_write("before")
    await _buy_with_card(ctx, "residential-3", "en")
    first = await _finish(ctx, remove_card=True)
    await d.wait_screen("idle")
    middle = await _card_contents(ctx, "residential-3")
    await ctx.remote.insert_card("residential-3")
    await _until(_screen_left(ctx, "idle"), timeout=20)
    second = await _finish(ctx, remove_card=True)
    after = await _card_contents(ctx, "residential-3")
    finished = (
        middle["wallet_count"] == before["wallet_count"]
        and after["wallet_count"] == before["wallet_count"] + 1
    )
    return ("finished at the next insertion" if finished else "not finished"), (
        f"{first['message']} / {second['message'] or second['status']}"
    )


async def _card_contents(ctx: TourContext, card: str) -> dict[str, Any]:
    """The card's wallet as the card simulator holds it."""
    contents = await ctx.remote.card_contents(card)
    wallet = contents.get("wallet") or {}
    return {"wallet_count": int(wallet.get("count", 0))}


CRASH_CARD = "residential-4"


async def prepaid_purchase_crash_card(ctx: TourContext) -> tuple[str, str]:
    """A purchase on the crash tests' card (the test kills the terminal part-way)."""
    await _buy_with_card(ctx, CRASH_CARD, "zh")
    seen = await _finish(ctx, remove_card=True)
    return "written", seen["status"]


async def prepaid_reinsert_crash_card(ctx: TourContext) -> tuple[str, str]:
    """The crash tests' card comes back: whatever is pending is finished, then the customer
    leaves without buying more."""
    d = ctx.driver
    await d.wait_screen("idle")
    await ctx.remote.insert_card(CRASH_CARD)
    await _until(_screen_left(ctx, "idle"), timeout=20)
    buttons = {"message": "btn_ok", "outcome": "btn_done"}
    while True:
        await _until(
            lambda: d.ui.current_screen_name() in ("prepaid_card", "take_card", "idle", *buttons),
            timeout=40,
        )
        screen = d.ui.current_screen_name()
        if screen not in buttons:
            break
        await ctx.collect_receipts()
        d.click(buttons[screen])
        await _until(_screen_left(ctx, screen), timeout=20)
    if d.ui.current_screen_name() == "prepaid_card":
        d.click("btn_cancel")
    await _until(lambda: d.ui.current_screen_name() in ("take_card", "idle"), timeout=20)
    await ctx.remote.remove_card()
    await d.wait_screen("idle", timeout=20)
    return "card back", ""


CARD_JOURNEYS: dict[str, Journey] = {
    "card_paid": Journey("paid, card taken", card_paid),
    "card_answer_lost_reversed": Journey("reversed", card_answer_lost_reversed),
    "qr_paid": Journey("paid", qr_paid),
    "prepaid_purchase": Journey("written", prepaid_purchase),
    "prepaid_pulled_out_then_finished": Journey(
        "finished at the next insertion", prepaid_pulled_out_then_finished
    ),
    "prepaid_purchase_crash_card": Journey("written", prepaid_purchase_crash_card, in_tour=False),
    "prepaid_reinsert_crash_card": Journey("card back", prepaid_reinsert_crash_card, in_tour=False),
}
