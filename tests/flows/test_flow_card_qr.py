"""Bank-card sales and the terminal's QR, through pay_bill, on fakes."""

from __future__ import annotations

import pytest
from fake_cards import FakePaymentModule, SalePlan
from fakes import ACCOUNT_NO, HANG, FakeBackOffice, FakeDevices, Plan, ScriptedUI

from drivers.interfaces import DeviceError, DeviceTimeout
from kiosk.backoffice.models import PaymentState
from kiosk.flows.context import FlowContext
from kiosk.flows.pay_bill import pay_bill
from kiosk.flows.ports import CancelSession, GoBack, Message, PayMethod, Stage, TakeCard
from kiosk.flows.session import SessionTimedOut
from kiosk.journal import Channel, PaymentJournal, TxState


@pytest.fixture
def module(devices: FakeDevices) -> FakePaymentModule:
    devices.module = FakePaymentModule()
    return devices.module


def script(ui: ScriptedUI, method: PayMethod) -> None:
    ui.script("ask_account_number", ACCOUNT_NO)
    ui.script("ask_amount", 12345)
    ui.script("ask_method", method)


def only_record(journal: PaymentJournal, ctx: FlowContext):  # type: ignore[no-untyped-def]
    [record] = journal.list_for_day(ctx.clock.wall().date())
    return record


async def test_card_sale_approved_posts_prints_and_asks_for_the_card(
    ctx: FlowContext,
    ui: ScriptedUI,
    module: FakePaymentModule,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    printer,  # type: ignore[no-untyped-def]
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.removed_after = 10.0  # taken after one reminder (8 s)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.receipt_printed
    assert PayMethod.UNIONPAY in ui.screens("ask_method")[0].methods
    record = only_record(journal, ctx)
    assert record.state == TxState.COMPLETED and record.channel == Channel.CARD
    assert (record.card_last4, record.approval_code, record.rrn) == (
        "1234",
        "A1B2C3",
        "123456789012",
    )
    assert record.trace_no is not None and len(record.trace_no) == 6
    stages = [p[0] for p in ui.processing]
    assert stages[:3] == [Stage.INSERT_CARD, Stage.INSERT_CARD, Stage.ENTER_PIN]
    assert (Stage.AUTHORISING, 12345, False) in ui.processing
    assert ui.screens("show_take_card") == [TakeCard(True, 0), TakeCard(True, 1)]
    text = printer.printed[0].plain_text()
    assert "**** 1234" in text and "A1B2C3" in text and "123456789012" in text
    assert "622202" not in text  # never more than the last 4
    assert backoffice.postings[record.out_trade_no].masked_pan == "622202******1234"
    assert backoffice.charges() == 1


async def test_card_declined_wrong_pin_is_explained_and_card_returned(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.plans.append(SalePlan(code="55", message="wrong PIN"))
    outcome = await pay_bill(ctx)
    assert outcome is not None and not outcome.paid
    assert outcome.message == Message.CARD_DECLINED
    assert outcome.params == {"code": "55", "reason": "wrong PIN"}
    assert only_record(journal, ctx).state == TxState.DECLINED
    assert ui.screens("show_take_card")  # take card also after a decline


async def test_cancel_at_the_pin_pad_before_authorising(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.plans.append(SalePlan(hang=True))
    ui.script("wait_for_cancel", None)  # Cancel pressed on the processing screen
    outcome = await pay_bill(ctx)
    assert module.cancel_requests == 1
    assert outcome is not None and outcome.message == Message.CARD_CANCELLED
    assert only_record(journal, ctx).state == TxState.DECLINED and module.charged() == 0


async def test_timeout_after_ack_is_reversed_money_returned(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.plans.append(SalePlan(error=DeviceTimeout("no answer"), approved_anyway=True))
    module.fail_reversals = 2
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.CARD_SALE_REVERSED
    assert only_record(journal, ctx).state == TxState.REVERSED
    assert module.charged() == 0 and len(module.reversals) == 1
    assert ctx.clock.sleeps[:2] == [2.0, 4.0]  # backoff doubles
    assert Stage.REVERSING in [p[0] for p in ui.processing]


async def test_reversal_failing_every_time_goes_to_staff(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.plans.append(SalePlan(error=DeviceTimeout("no answer"), approved_anyway=True))
    module.fail_reversals = 99
    outcome = await pay_bill(ctx)
    record = only_record(journal, ctx)
    assert record.state == TxState.MANUAL_REVIEW
    assert outcome is not None and outcome.message == Message.CARD_SALE_UNRESOLVED
    assert outcome.params == {"reference": record.reference}


async def test_module_not_answering_charges_nothing(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.plans.append(SalePlan(error=DeviceError("no ACK"), before_ack=True))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.CARD_MODULE_DOWN
    assert only_record(journal, ctx).state == TxState.DECLINED and module.charged() == 0


async def test_posting_down_after_approval_stays_paid_and_says_so(
    ctx: FlowContext,
    ui: ScriptedUI,
    module: FakePaymentModule,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    printer,  # type: ignore[no-untyped-def]
) -> None:
    script(ui, PayMethod.UNIONPAY)
    backoffice.down_for.add("post_card_payment")
    outcome = await pay_bill(ctx)
    record = only_record(journal, ctx)
    assert record.state == TxState.PAID and printer.printed == []
    assert outcome is not None and outcome.paid and outcome.message == Message.RECEIPT_FAILED
    assert outcome.params == {"reference": record.reference}


async def test_card_left_in_the_slot_is_retained(
    ctx: FlowContext, ui: ScriptedUI, module: FakePaymentModule
) -> None:
    script(ui, PayMethod.UNIONPAY)
    module.removed_after = None
    await pay_bill(ctx)
    assert module.retained
    [(message, params)] = ui.screens("show_message")
    assert message == Message.CARD_RETAINED and params["reference"]
    assert len(ui.screens("show_take_card")) == 8  # 60 s / 8 s reminders


# -- terminal-shown QR -------------------------------------------------------------------------


async def test_qr_paid_after_a_few_polls(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.WECHAT_QR)
    backoffice.plan(Plan(queries=2, then=PaymentState.SUCCESS))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.receipt_printed
    record = only_record(journal, ctx)
    assert record.state == TxState.COMPLETED and record.channel == Channel.QR
    seconds = [prompt.seconds_left for prompt in ui.screens("show_qr_code")]
    assert seconds == [120, 118, 116]  # the count-down goes down with each poll
    assert backoffice.charges() == 1


async def test_qr_expired_is_closed(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.ALIPAY_QR)
    backoffice.plan(Plan(queries=999))
    ctx.timer = None  # a customer who keeps tapping "more time"
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.QR_EXPIRED
    assert only_record(journal, ctx).state == TxState.REVERSED
    assert ("reverse_payment", only_record(journal, ctx).out_trade_no) in backoffice.calls


@pytest.mark.parametrize("press", [GoBack, CancelSession])
async def test_qr_back_or_cancel_closes_the_order(
    ctx: FlowContext,
    ui: ScriptedUI,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
    press: type[Exception],
) -> None:
    script(ui, PayMethod.WECHAT_QR)
    backoffice.plan(Plan(queries=999))
    ui.script("show_qr_code", HANG, press)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.PAYMENT_REVERSED
    assert only_record(journal, ctx).state == TxState.REVERSED and backoffice.charges() == 0


async def test_qr_paid_just_as_the_customer_cancels_stands(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.WECHAT_QR)
    backoffice.plan(Plan(queries=999))
    backoffice.refuse_reverses = True

    async def pay_then_cancel(prompt: object) -> None:
        order = backoffice.orders[only_record(journal, ctx).out_trade_no]
        order.queries_left = 0  # the phone paid: the next look says SUCCESS
        await backoffice.query_payment(only_record(journal, ctx).out_trade_no, order.provider)
        raise CancelSession()

    ui.script("show_qr_code", pay_then_cancel)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert only_record(journal, ctx).state == TxState.COMPLETED and backoffice.charges() == 1


async def test_qr_walk_away_closes_the_order(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice, journal: PaymentJournal
) -> None:
    script(ui, PayMethod.WECHAT_QR)
    backoffice.plan(Plan(queries=999))
    assert ctx.timer is not None
    with pytest.raises(SessionTimedOut):
        await ctx.timer.supervise(pay_bill(ctx))
    record = only_record(journal, ctx)
    assert record.state == TxState.REVERSED and backoffice.charges() == 0
