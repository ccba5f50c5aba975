"""Deterministic contents for every screen: used by the screenshot tests (and handy for a look at
a screen: `python -m tests.screens.render_scenes`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.backoffice.models import AccountKind, Bill, Provider, TierLine
from kiosk.flows.ports import (
    AccountPrompt,
    AccountView,
    AmountChoice,
    CodePrompt,
    IdleInfo,
    Message,
    MethodChoice,
    Outcome,
    Stage,
)
from screens.main_window import MainWindow

FIXED_CLOCK = "2026-03-14  09:30"

IDLE_INFO = IdleInfo(
    hall_name="福田智慧供电营业厅",
    hall_name_en="Futian Smart Power Service Hall",
    notices=[
        ("计划停电通知", "3月16日 08:00–12:00 福田区景田片区线路检修，请提前做好准备。"),
        ("缴费方式", "本机支持微信支付、支付宝付款码缴纳电费，24小时服务。"),
    ],
    notices_en=[
        (
            "Planned outage",
            "16 March 08:00–12:00, Jingtian area of Futian: line maintenance. Please prepare.",
        ),
        (
            "How to pay",
            "This terminal accepts WeChat Pay and Alipay payment codes, 24 hours a day.",
        ),
    ],
    payment_available=True,
)

IDLE_UNAVAILABLE = IdleInfo(
    hall_name=IDLE_INFO.hall_name,
    hall_name_en=IDLE_INFO.hall_name_en,
    notices=IDLE_INFO.notices[:1],
    notices_en=IDLE_INFO.notices_en[:1],
    payment_available=False,
    unavailable_reason=Message.BACKOFFICE_DOWN,
)

IDLE_SCANNER_DOWN = IdleInfo(
    hall_name=IDLE_INFO.hall_name,
    hall_name_en=IDLE_INFO.hall_name_en,
    notices=IDLE_INFO.notices[:1],
    notices_en=IDLE_INFO.notices_en[:1],
    payment_available=True,
    degraded_reason=Message.SCANNER_DOWN_LOOKUP_ONLY,
)


def _bills() -> list[Bill]:
    bills = []
    for month in range(12):
        year, mon = (2026, 2 - month) if month < 2 else (2025, 14 - month)
        kwh = 180 + ((month + 2) * 37) % 220
        tier1 = min(kwh, 200)
        tier2 = max(0, kwh - 200)
        tiers = [TierLine(tier=1, kwh=tier1, price_li=538, amount_fen=tier1 * 538 // 10)]
        if tier2:
            tiers.append(TierLine(tier=2, kwh=tier2, price_li=588, amount_fen=tier2 * 588 // 10))
        amount = sum(line.amount_fen for line in tiers)
        bills.append(
            Bill(
                period=f"{year}-{mon:02d}",
                kwh=kwh,
                amount_fen=amount,
                paid_fen=0 if month == 0 else amount,
                due_date=date(year, mon, 28),
                status="unpaid" if month == 0 else "paid",
                tiers=tiers,
            )
        )
    return bills


ACCOUNT_VIEW = AccountView(
    account_no="0312345678",
    masked_name="张*明",
    masked_address="深圳市福田区景田****",
    kind=AccountKind.RESIDENTIAL,
    tariff_name="居民阶梯电价 (广东)",
    arrears_fen=12_873,
    balance_fen=0,
    retail_company=None,
    bills=_bills(),
    can_pay=True,
)

OUTCOME_PAID = Outcome(paid=True, amount_fen=12_873, reference="260314093012", receipt_printed=True)
OUTCOME_RECEIPT_FAILED = Outcome(
    paid=True,
    amount_fen=12_873,
    reference="260314093012",
    message=Message.RECEIPT_FAILED,
    params={"reference": "260314093012"},
)


SCENES: dict[str, Callable[[MainWindow], None]] = {}


def scene(name: str) -> Callable[[Callable[[MainWindow], None]], Callable[[MainWindow], None]]:
    """Register a function that fills and shows one screen."""

    def register(fill: Callable[[MainWindow], None]) -> Callable[[MainWindow], None]:
        SCENES[name] = fill
        return fill

    return register


@scene("idle")
def idle(window: MainWindow) -> None:
    window.idle.set_info(IDLE_INFO, window.idle.language())
    window.header.set_hall_name(window.idle.hall_name())
    window.show_screen("idle")


@scene("idle_unavailable")
def idle_unavailable(window: MainWindow) -> None:
    window.idle.set_info(IDLE_UNAVAILABLE, window.idle.language())
    window.header.set_hall_name(window.idle.hall_name())
    window.show_screen("idle")


@scene("idle_scanner_down")
def idle_scanner_down(window: MainWindow) -> None:
    window.idle.set_info(IDLE_SCANNER_DOWN, window.idle.language())
    window.header.set_hall_name(window.idle.hall_name())
    window.show_screen("idle")


@scene("identify")
def identify(window: MainWindow) -> None:
    window.identify.set_prompt(AccountPrompt(scan_available=True))
    window.identify.keypad.set_text("031234")
    window.show_screen("identify")


@scene("identify_error")
def identify_error(window: MainWindow) -> None:
    window.identify.set_prompt(AccountPrompt(scan_available=False))
    window.identify.keypad.set_text("0312345679")
    window.identify.set_prompt(AccountPrompt(scan_available=False, error=Message.ACCOUNT_NOT_FOUND))
    window.show_screen("identify")


@scene("identify_countdown")
def identify_countdown(window: MainWindow) -> None:
    window.identify.set_prompt(AccountPrompt(scan_available=True))
    window.show_screen("identify")
    window.header.show_countdown(15)


@scene("account")
def account(window: MainWindow) -> None:
    window.account.set_view(ACCOUNT_VIEW)
    window.show_screen("account")


@scene("amount_fixed")
def amount_fixed(window: MainWindow) -> None:
    window.amount.set_choice(AmountChoice(12_873, False, 1000, 500_000))
    window.show_screen("amount")


@scene("amount_topup")
def amount_topup(window: MainWindow) -> None:
    choice = AmountChoice(0, True, 1000, 500_000, [5000, 10000, 20000, 50000, 100000, 200000])
    window.amount.set_choice(choice)
    window.amount.keypad.set_text("150")
    window.show_screen("amount")


@scene("method")
def method(window: MainWindow) -> None:
    window.method.set_choice(MethodChoice(12_873, [Provider.WECHAT, Provider.ALIPAY], True))
    window.show_screen("method")


@scene("no_receipt")
def no_receipt(window: MainWindow) -> None:
    window.show_screen("no_receipt")


@scene("code")
def code(window: MainWindow) -> None:
    window.code.set_prompt(CodePrompt(Provider.WECHAT, 12_873))
    window.show_screen("code")


@scene("code_error")
def code_error(window: MainWindow) -> None:
    params = {"expected": "wechat", "scanned": "alipay"}
    window.code.set_prompt(CodePrompt(Provider.WECHAT, 12_873, Message.CODE_WRONG_PROVIDER, params))
    window.show_screen("code")


@scene("processing")
def processing(window: MainWindow) -> None:
    window.processing.set_stage(Stage.CONFIRM_ON_PHONE, 12_873)
    window.show_screen("processing", show_cancel=True)


@scene("outcome_paid")
def outcome_paid(window: MainWindow) -> None:
    window.outcome.set_outcome(OUTCOME_PAID, 10)
    window.outcome.stop_countdown()
    window.show_screen("outcome")


@scene("outcome_receipt_failed")
def outcome_receipt_failed(window: MainWindow) -> None:
    window.outcome.set_outcome(OUTCOME_RECEIPT_FAILED, 10)
    window.outcome.stop_countdown()
    window.show_screen("outcome")


@scene("message")
def message(window: MainWindow) -> None:
    window.message.set_message(Message.PAYMENT_REVERSED, {})
    window.show_screen("message")


@scene("reference")
def reference(window: MainWindow) -> None:
    window.reference.set_error(Message.REFERENCE_UNKNOWN)
    window.show_screen("reference")
