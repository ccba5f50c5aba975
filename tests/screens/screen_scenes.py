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
    PayMethod,
    PrepaidCardPrompt,
    PrepaidCardView,
    PurchaseLine,
    QrPrompt,
    Stage,
    TakeCard,
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

QR_PROMPT = QrPrompt(
    provider=Provider.WECHAT,
    amount_fen=12_873,
    code_url="weixin://wxpay/bizpayurl?pr=Qx7Kd3aZ9",
    seconds_left=118,
)

PREPAID_VIEW = PrepaidCardView(
    account_no="1163465493",
    masked_name="李*华",
    masked_address="深圳市福田区莲花****",
    meter_no="440300000001",
    remaining_fen=3_215,
    last_purchases=[
        PurchaseLine(at="2026-03-02 18:41", amount_fen=10_000, written=True),
        PurchaseLine(at="2026-02-11 09:05", amount_fen=20_000, written=True),
        PurchaseLine(at="2026-01-20 20:17", amount_fen=5_000, written=True),
    ],
    pending_fen=0,
    can_buy=True,
)
PREPAID_PENDING = PrepaidCardView(
    account_no=PREPAID_VIEW.account_no,
    masked_name=PREPAID_VIEW.masked_name,
    masked_address=PREPAID_VIEW.masked_address,
    meter_no=PREPAID_VIEW.meter_no,
    remaining_fen=None,
    last_purchases=[
        PurchaseLine(at="2026-03-14 08:55", amount_fen=10_000, written=False),
        *PREPAID_VIEW.last_purchases[:2],
    ],
    pending_fen=10_000,
    can_buy=True,
)
PREPAID_BLOCKED = PrepaidCardView(
    account_no=PREPAID_VIEW.account_no,
    masked_name=PREPAID_VIEW.masked_name,
    masked_address=PREPAID_VIEW.masked_address,
    meter_no=PREPAID_VIEW.meter_no,
    remaining_fen=3_215,
    last_purchases=PREPAID_VIEW.last_purchases,
    pending_fen=0,
    can_buy=False,
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
    window.method.set_choice(MethodChoice(12_873, list(PayMethod), True))
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


@scene("method_card_only")
def method_card_only(window: MainWindow) -> None:
    window.method.set_choice(MethodChoice(12_873, [PayMethod.UNIONPAY, PayMethod.WECHAT_QR], False))
    window.show_screen("method")


@scene("qr_pay")
def qr_pay(window: MainWindow) -> None:
    window.qr_pay.set_prompt(QR_PROMPT)
    window.qr_pay.stop_countdown()
    window.show_screen("qr_pay")


@scene("processing_insert_card")
def processing_insert_card(window: MainWindow) -> None:
    window.processing.set_stage(Stage.INSERT_CARD, 12_873)
    window.show_screen("processing", show_cancel=True)


@scene("processing_authorising")
def processing_authorising(window: MainWindow) -> None:
    window.processing.set_stage(Stage.AUTHORISING, 12_873)
    window.show_screen("processing", show_cancel=False)


@scene("processing_writing_card")
def processing_writing_card(window: MainWindow) -> None:
    window.processing.set_stage(Stage.WRITING_CARD, 10_000)
    window.show_screen("processing", show_cancel=False)


@scene("prepaid_insert")
def prepaid_insert(window: MainWindow) -> None:
    window.prepaid_insert.set_prompt(PrepaidCardPrompt())
    window.show_screen("prepaid_insert")


@scene("prepaid_insert_error")
def prepaid_insert_error(window: MainWindow) -> None:
    window.prepaid_insert.set_prompt(PrepaidCardPrompt(Message.PREPAID_CARD_UNREADABLE))
    window.show_screen("prepaid_insert")


@scene("prepaid_card")
def prepaid_card(window: MainWindow) -> None:
    window.prepaid_card.set_view(PREPAID_VIEW)
    window.show_screen("prepaid_card")


@scene("prepaid_card_pending")
def prepaid_card_pending(window: MainWindow) -> None:
    window.prepaid_card.set_view(PREPAID_PENDING)
    window.show_screen("prepaid_card")


@scene("prepaid_card_blocked")
def prepaid_card_blocked(window: MainWindow) -> None:
    window.prepaid_card.set_view(PREPAID_BLOCKED)
    window.show_screen("prepaid_card")


@scene("take_card")
def take_card(window: MainWindow) -> None:
    window.take_card.set_prompt(TakeCard(bank_card=True))
    window.show_screen("take_card")


@scene("take_card_reminder")
def take_card_reminder(window: MainWindow) -> None:
    window.take_card.set_prompt(TakeCard(bank_card=False, reminders=2))
    window.show_screen("take_card")


@scene("message_card_declined")
def message_card_declined(window: MainWindow) -> None:
    window.message.set_message(Message.CARD_DECLINED, {"code": "51", "reason": "INSUFF FUNDS"})
    window.show_screen("message")
