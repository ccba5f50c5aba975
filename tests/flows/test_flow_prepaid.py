"""Buying electricity for a prepaid meter card, 补写卡, and recovery of prepaid and card rows."""

from __future__ import annotations

import pytest
from fake_backoffice import Meter
from fake_cards import FakeCardIO, FakeCardReader, FakePaymentModule, Insert, MeterCard, SalePlan
from fakes import FakeBackOffice, FakeDevices, FakePrinter, Plan, ScriptedUI, account

from drivers.interfaces import DeviceTimeout
from drivers.prepaid_types import CardProblem
from kiosk.backoffice.models import AccountKind, PaymentState, Provider, PurchaseStatus
from kiosk.config import Settings
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import Message, PayMethod, Stage
from kiosk.flows.prepaid import buy_prepaid
from kiosk.journal import Channel, JournalRecord, PaymentJournal, Purpose, TxState
from kiosk.recovery import recover_unfinished

SERIAL = "5A10000000000001"
METER_ACCOUNT = "1163465493"


@pytest.fixture
def reader(devices: FakeDevices) -> FakeCardReader:
    devices.reader = FakeCardReader()
    return devices.reader


@pytest.fixture
def card() -> MeterCard:
    return MeterCard()


@pytest.fixture
def meter(backoffice: FakeBackOffice) -> Meter:
    backoffice.add(
        account(
            METER_ACCOUNT,
            arrears_fen=0,
            balance_fen=3000,
            kind=AccountKind.PREPAID,
            topup_allowed=True,
        )
    )
    return backoffice.add_meter(Meter(SERIAL, "440300000001", METER_ACCOUNT))


@pytest.fixture
def io() -> FakeCardIO:
    return FakeCardIO()


def rows(journal: PaymentJournal, ctx: FlowContext):  # type: ignore[no-untyped-def]
    return journal.list_for_day(ctx.clock.wall().date())


def buyer(ui: ScriptedUI, reader: FakeCardReader, card: MeterCard, amount: int = 5000) -> None:
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    ui.script("ask_amount", amount)
    ui.script("ask_method", PayMethod.WECHAT_QR)


async def test_purchase_is_paid_written_verified_confirmed_and_printed(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    printer: FakePrinter,
) -> None:
    buyer(ui, reader, card)
    backoffice.plan(Plan(queries=1))
    outcome = await buy_prepaid(ctx, card_io=io)
    assert outcome is not None and outcome.paid and outcome.receipt_printed
    assert (card.wallet_count, card.wallet_amount_fen) == (1, 5000)
    [record] = rows(journal, ctx)
    assert record.purpose == Purpose.PREPAID and record.state == TxState.COMPLETED
    assert record.purchase_count == 1 and record.written_confirmed_at is not None
    assert [h.to_state for h in journal.history(record.out_trade_no)][-4:] == [
        TxState.POSTED,
        TxState.PAID_NOT_WRITTEN,
        TxState.WRITTEN,
        TxState.COMPLETED,
    ]
    assert meter.purchases[record.out_trade_no].status == PurchaseStatus.WRITTEN
    view = ui.screens("show_prepaid_card")[0]
    assert view.can_buy and view.remaining_fen == 3000 and view.meter_no == "440300000001"
    assert Stage.WRITING_CARD in [p[0] for p in ui.processing]
    text = printer.printed[0].plain_text()
    assert "440300000001" in text and "已写卡" in text
    assert reader.card is None  # asked out and taken
    assert backoffice.charges() == 1


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (CardProblem.UNREADABLE, Message.PREPAID_CARD_UNREADABLE),
        (CardProblem.NOT_ISSUED, Message.PREPAID_CARD_NOT_ISSUED),
    ],
)
async def test_unusable_cards_are_explained(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    meter: Meter,
    io: FakeCardIO,
    problem: CardProblem,
    message: Message,
) -> None:
    ui.script("wait_for_prepaid_card", Insert(reader, MeterCard(problem=problem)), Exception)
    with pytest.raises(Exception):  # noqa: B017 - the customer gives up at the second prompt
        await buy_prepaid(ctx, card_io=io)
    assert ui.screens("wait_for_prepaid_card")[1].error == message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"utility_code": "3205"}, Message.PREPAID_CARD_FOREIGN),
        ({"meter_type": 9}, Message.PREPAID_CARD_WRONG_METER),
    ],
)
async def test_policy_refuses_foreign_and_wrong_meter_cards(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    meter: Meter,
    io: FakeCardIO,
    changes: dict[str, object],
    message: Message,
) -> None:
    bad = MeterCard(**changes)  # type: ignore[arg-type]
    ui.script("wait_for_prepaid_card", Insert(reader, bad), Exception)
    with pytest.raises(Exception):  # noqa: B017
        await buy_prepaid(ctx, card_io=io)
    assert ui.screens("wait_for_prepaid_card")[1].error == message


async def test_unknown_card(
    ctx: FlowContext, ui: ScriptedUI, reader: FakeCardReader, io: FakeCardIO
) -> None:
    ui.script("wait_for_prepaid_card", Insert(reader, MeterCard(serial="5A10000000000009")))
    assert await buy_prepaid(ctx, card_io=io) is None
    assert ui.screens("show_message") == [(Message.PREPAID_CARD_UNKNOWN, {})]


async def test_unloaded_purchase_must_go_into_the_meter_first(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    meter: Meter,
    io: FakeCardIO,
    backoffice: FakeBackOffice,
) -> None:
    card = MeterCard(wallet_count=1, wallet_amount_fen=5000, meter_count=0)
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    assert await buy_prepaid(ctx, card_io=io) is None
    assert ui.screens("show_prepaid_card")[0].can_buy is False
    assert ui.screens("show_message") == [(Message.PREPAID_LOAD_METER_FIRST, {})]
    assert "ask_amount" not in ui.names() and backoffice.charges() == 0


async def test_card_removed_mid_write_is_finished_on_next_insertion_never_paid_twice(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    printer: FakePrinter,
) -> None:
    buyer(ui, reader, card)
    card.write_problem = CardProblem.REMOVED
    outcome = await buy_prepaid(ctx, card_io=io)
    assert outcome is not None and outcome.paid and outcome.message == Message.PREPAID_CARD_REMOVED
    [record] = rows(journal, ctx)
    assert record.state == TxState.PAID_NOT_WRITTEN and card.wallet_count == 0
    assert journal.unwritten_for_card(SERIAL) == [record]
    # Recovery leaves it alone: the card is not here.
    assert await recover_unfinished(journal, backoffice, ctx.devices, ctx.settings, ctx.clock) == []
    # 补写卡: the customer comes back with the card.
    ui.shown.clear()
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    assert await buy_prepaid(ctx, card_io=io) is None  # cannot buy more: load the meter first
    assert (card.wallet_count, card.wallet_amount_fen) == (1, 5000)
    assert journal.get(record.out_trade_no).state == TxState.COMPLETED
    assert (Message.PREPAID_FINISHED, {"amount": "¥50.00"}) in ui.screens("show_message")
    assert ui.screens("show_prepaid_card")[0].pending_fen == 5000
    assert backoffice.charges() == 1 and len(printer.printed) == 1


async def test_write_landed_before_the_card_was_pulled_is_only_confirmed(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
) -> None:
    buyer(ui, reader, card)
    card.write_applied_then_removed = True
    await buy_prepaid(ctx, card_io=io)
    [record] = rows(journal, ctx)
    assert record.state == TxState.PAID_NOT_WRITTEN and card.wallet_count == 1
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    await buy_prepaid(ctx, card_io=io)
    assert len(io.writes) == 1  # not written a second time
    assert journal.get(record.out_trade_no).state == TxState.COMPLETED


async def test_pending_from_another_terminal_is_written_without_a_payment_row(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
) -> None:
    backoffice.paid_elsewhere(SERIAL, "SZ-OTHER-01-20261123-abc", 8000)
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    await buy_prepaid(ctx, card_io=io)
    assert (card.wallet_count, card.wallet_amount_fen) == (1, 8000)
    assert meter.purchases["SZ-OTHER-01-20261123-abc"].status == PurchaseStatus.WRITTEN
    assert rows(journal, ctx) == []  # no payment invented here
    assert (Message.PREPAID_FINISHED, {"amount": "¥80.00"}) in ui.screens("show_message")


async def test_mac_error_goes_to_staff(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
) -> None:
    buyer(ui, reader, card)
    card.write_problem = CardProblem.MAC_ERROR
    outcome = await buy_prepaid(ctx, card_io=io)
    [record] = rows(journal, ctx)
    assert record.state == TxState.MANUAL_REVIEW
    assert outcome is not None and outcome.message == Message.PREPAID_MAC_ERROR
    assert outcome.params == {"reference": record.reference}


async def test_count_mismatch_goes_to_staff(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    meter: Meter,
    io: FakeCardIO,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
) -> None:
    backoffice.paid_elsewhere(SERIAL, "SZ-OTHER-01-20261123-abc", 8000)
    meter.purchase_count = 4  # issued as count 5, the card is at 0
    card = MeterCard()
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    assert await buy_prepaid(ctx, card_io=io) is None
    assert ui.screens("show_message")[0][0] == Message.PREPAID_COUNT_MISMATCH
    assert io.writes == [] and "ask_amount" not in ui.names()


async def test_second_order_while_one_is_pending_is_refused_not_charged(
    ctx: FlowContext,
    ui: ScriptedUI,
    reader: FakeCardReader,
    card: MeterCard,
    meter: Meter,
    io: FakeCardIO,
    backoffice: FakeBackOffice,
) -> None:
    buyer(ui, reader, card)

    async def sold_elsewhere(choice: object) -> PayMethod:
        backoffice.paid_elsewhere(SERIAL, "SZ-OTHER-01-20261123-xyz", 2000)
        return PayMethod.WECHAT_QR

    ui.scripts["ask_method"].clear()
    ui.script("ask_method", sold_elsewhere)
    assert await buy_prepaid(ctx, card_io=io) is None
    assert (Message.PREPAID_LOAD_METER_FIRST, {}) in ui.screens("show_message")
    assert backoffice.charges() == 0 and "show_qr_code" not in ui.names()


# -- recovery -------------------------------------------------------------------------------------


def prepaid_draft(journal: PaymentJournal, settings: Settings, provider: str = "wechat"):  # type: ignore[no-untyped-def]
    from kiosk.backoffice.models import Provider
    from kiosk.journal import Channel

    return journal.create_draft(
        terminal_id=settings.terminal.id,
        account_no=METER_ACCOUNT,
        purpose=Purpose.PREPAID,
        amount_fen=5000,
        provider=Provider(provider),
        channel=Channel.CARD if provider == "unionpay" else Channel.QR,
        card_serial=SERIAL,
        meter_no="440300000001",
    )


async def test_recovery_issues_posted_and_confirms_written(
    ctx: FlowContext,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    meter: Meter,
    settings: Settings,
    devices: FakeDevices,
    card: MeterCard,
    io: FakeCardIO,
    reader: FakeCardReader,
    ui: ScriptedUI,
) -> None:
    from kiosk.backoffice.models import PrepaidOrderRequest

    draft = prepaid_draft(journal, settings)
    key = draft.out_trade_no
    await backoffice.create_prepaid_order(
        PrepaidOrderRequest(
            out_trade_no=key,
            terminal_id=settings.terminal.id,
            card_serial=SERIAL,
            meter_no="440300000001",
            account_no=METER_ACCOUNT,
            amount_fen=5000,
        )
    )
    backoffice._mark_purchase(key, PurchaseStatus.PAID)
    journal.transition(key, TxState.INTENT)
    journal.transition(key, TxState.PAID, paid_at=ctx.clock.wall())
    journal.transition(key, TxState.POSTED)
    [done] = await recover_unfinished(journal, backoffice, devices, settings, ctx.clock)
    assert done.after == TxState.PAID_NOT_WRITTEN and journal.get(key).purchase_count == 1
    # written on the card, then the back office was down for the confirmation
    ui.script("wait_for_prepaid_card", Insert(reader, card))
    backoffice.down_for.add("confirm_prepaid_written")
    await buy_prepaid(ctx, card_io=io)
    assert journal.get(key).state == TxState.WRITTEN
    backoffice.down_for.clear()
    [done] = await recover_unfinished(journal, backoffice, devices, settings, ctx.clock)
    assert done.after == TxState.COMPLETED
    assert meter.purchases[key].status == PurchaseStatus.WRITTEN


def _card_sale_in_intent(journal: PaymentJournal, settings: Settings) -> tuple[JournalRecord, str]:
    """A card sale of 123.45 yuan sent to the module (INTENT), as a crash would leave it."""
    draft = journal.create_draft(
        terminal_id=settings.terminal.id,
        account_no="1234567897",
        purpose=Purpose.BILL,
        amount_fen=12345,
        provider=Provider.UNIONPAY,
        channel=Channel.CARD,
    )
    trace = journal.trace_no_for(draft)
    journal.transition(draft.out_trade_no, TxState.INTENT, trace_no=trace)
    return draft, trace


async def test_recovery_reverses_a_card_sale_left_in_intent(
    ctx: FlowContext,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    settings: Settings,
    devices: FakeDevices,
) -> None:
    module = devices.module = FakePaymentModule()
    draft, trace = _card_sale_in_intent(journal, settings)
    module.plans.append(SalePlan(error=DeviceTimeout("x"), approved_anyway=True))
    with pytest.raises(DeviceTimeout):
        await module.sale(12345, trace, draft.out_trade_no)
    assert module.charged() == 12345
    [done] = await recover_unfinished(journal, backoffice, devices, settings, ctx.clock)
    assert done.after == TxState.REVERSED and module.charged() == 0


async def test_recovery_posts_a_paid_card_sale(
    ctx: FlowContext,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    settings: Settings,
    devices: FakeDevices,
) -> None:
    module = devices.module = FakePaymentModule()
    draft, trace = _card_sale_in_intent(journal, settings)
    await module.sale(12345, trace, draft.out_trade_no)
    journal.transition(
        draft.out_trade_no,
        TxState.PAID,
        paid_at=ctx.clock.wall(),
        card_last4="1234",
        approval_code="A1B2C3",
        rrn="123456789012",
    )
    [done] = await recover_unfinished(journal, backoffice, devices, settings, ctx.clock)
    assert done.after == TxState.COMPLETED and backoffice.charges() == 1


async def test_recovery_closes_an_open_qr_order(
    ctx: FlowContext,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    settings: Settings,
    devices: FakeDevices,
) -> None:
    from kiosk.backoffice.models import Provider, QrOrderRequest
    from kiosk.journal import Channel

    draft = journal.create_draft(
        terminal_id=settings.terminal.id,
        account_no="1234567897",
        purpose=Purpose.BILL,
        amount_fen=12345,
        provider=Provider.WECHAT,
        channel=Channel.QR,
    )
    journal.transition(draft.out_trade_no, TxState.INTENT)
    backoffice.plan(Plan(queries=999))
    await backoffice.create_qr_order(
        QrOrderRequest(
            out_trade_no=draft.out_trade_no,
            terminal_id="t",
            account_no="1234567897",
            amount_fen=12345,
            provider=Provider.WECHAT,
        )
    )
    journal.transition(draft.out_trade_no, TxState.AWAITING)
    [done] = await recover_unfinished(journal, backoffice, devices, settings, ctx.clock)
    assert done.after == TxState.REVERSED
    assert backoffice.orders[draft.out_trade_no].state == PaymentState.REVERSED
