"""The pay-a-bill journey through the scripted customer, without Qt (flows/pay_bill.py)."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest
from fakes import (
    ACCOUNT_NO,
    ALIPAY_CODE,
    PREPAID_NO,
    WECHAT_CODE,
    FakeBackOffice,
    FakePrinter,
    FakeScanner,
    Plan,
    Scan,
    ScriptedUI,
    account,
)
from flow_scripts import script_bill

from kiosk.backoffice.models import PaymentState, Provider
from kiosk.devices.status import PaperStatus
from kiosk.flows.context import FlowContext
from kiosk.flows.pay_bill import pay_bill
from kiosk.flows.ports import (
    AccountPrompt,
    AccountView,
    AmountChoice,
    CancelSession,
    CodePrompt,
    GoBack,
    Message,
    MethodChoice,
    Outcome,
    PayMethod,
    Stage,
)
from kiosk.journal import PaymentJournal, Purpose, TxState


def outcome_of(ui: ScriptedUI) -> Outcome:
    [outcome] = ui.screens("show_outcome")
    return outcome


async def test_happy_path_bill(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    printer: FakePrinter,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
) -> None:
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.receipt_printed
    assert outcome.amount_fen == 12345 and outcome.message is None
    assert ui.names() == [
        "ask_account_number",
        "show_account",
        "ask_amount",
        "ask_method",
        "wait_at_code_prompt",
        "show_processing",
        "show_processing",
        "show_outcome",
    ]
    view: AccountView = ui.screens("show_account")[0]
    assert view.masked_name == "张*明" and view.masked_address.endswith("****")
    assert view.can_pay and view.arrears_fen == 12345
    choice: MethodChoice = ui.screens("ask_method")[0]
    # no payment module in these fakes: no bank card on offer
    assert choice.methods == [
        PayMethod.WECHAT,
        PayMethod.ALIPAY,
        PayMethod.WECHAT_QR,
        PayMethod.ALIPAY_QR,
    ]
    assert choice.receipt_available
    assert [p[0] for p in ui.processing] == [Stage.SENDING, Stage.PRINTING]
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.state == TxState.COMPLETED and record.receipt_printed_at is not None
    assert record.reference == outcome.reference and record.purpose == Purpose.BILL
    [receipt] = printer.printed
    assert record.reference in receipt.plain_text()
    assert "¥123.45" in receipt.plain_text()
    assert scanner.switches[-1] is False and not scanner.scanning
    assert backoffice.charges() == 1
    assert "wait_at_code_prompt" in ui.cancelled  # the scan ended the prompt


async def test_scanned_paper_bill_identifies_the_account(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    script_bill(ui, scanner)
    ui.scripts["ask_account_number"].clear()
    ui.script("ask_account_number", Scan(scanner, "BILL-2026-10-1234567897"))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert ui.screens("show_account")[0].account_no == ACCOUNT_NO
    prompt: AccountPrompt = ui.screens("ask_account_number")[0]
    assert prompt.scan_available


async def test_malformed_then_unknown_then_good_account(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    script_bill(ui, scanner)
    ui.scripts["ask_account_number"].clear()
    ui.script("ask_account_number", "1234567890", "5555555555", ACCOUNT_NO)
    await pay_bill(ctx)
    errors = [p.error for p in ui.screens("ask_account_number")]
    assert errors == [None, Message.ACCOUNT_MALFORMED, Message.ACCOUNT_NOT_FOUND]
    # A malformed number is caught on the terminal and never sent.
    assert ("get_account", "1234567890") not in backoffice.calls


async def test_unknown_bill_code(ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner) -> None:
    ui.script("ask_account_number", Scan(scanner, "NOT-OUR-BILL"), GoBack)
    assert await pay_bill(ctx) is None
    assert ui.screens("ask_account_number")[1].error == Message.BILL_CODE_UNKNOWN


async def test_topup_with_limits(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, journal: PaymentJournal
) -> None:
    ui.script("ask_account_number", PREPAID_NO)
    ui.script("ask_amount", 999, 500001, 5000)
    ui.script("ask_method", Provider.ALIPAY)
    ui.script("wait_at_code_prompt", Scan(scanner, ALIPAY_CODE))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.amount_fen == 5000
    choices: list[AmountChoice] = ui.screens("ask_amount")
    assert choices[0].topup_allowed and (choices[0].min_fen, choices[0].max_fen) == (1000, 500000)
    assert choices[0].presets_fen == [5000, 10000, 20000, 50000, 100000]
    assert [c.error for c in choices] == [
        None,
        Message.AMOUNT_OUT_OF_RANGE,
        Message.AMOUNT_OUT_OF_RANGE,
    ]
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.purpose == Purpose.TOPUP and record.balance_after_fen == 8000


async def test_bill_amount_is_fixed_for_postpaid(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    script_bill(ui, scanner)
    ui.scripts["ask_amount"].clear()
    ui.script("ask_amount", 20000, 12345)
    await pay_bill(ctx)
    first: AmountChoice = ui.screens("ask_amount")[0]
    assert not first.topup_allowed and first.min_fen == first.max_fen == 12345
    assert ui.screens("ask_amount")[1].error == Message.AMOUNT_OUT_OF_RANGE


async def test_nothing_to_pay(ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice) -> None:
    backoffice.add(account("5555555555", arrears_fen=0))
    ui.script("ask_account_number", "5555555555")
    assert await pay_bill(ctx) is None
    assert ui.screens("show_account")[0].can_pay is False
    assert ui.screens("show_message") == [(Message.NOTHING_TO_PAY, {})]


async def test_back_goes_one_step_back_from_every_step(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    ui.script("ask_account_number", ACCOUNT_NO, ACCOUNT_NO)
    ui.script("show_account", GoBack, None, None, None)
    ui.script("ask_amount", GoBack, 12345, 12345, 12345)
    ui.script("ask_method", GoBack, Provider.WECHAT, Provider.WECHAT)
    ui.script("wait_at_code_prompt", GoBack, Scan(scanner, WECHAT_CODE))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert ui.names()[:14] == [
        "ask_account_number",
        "show_account",  # back
        "ask_account_number",
        "show_account",
        "ask_amount",  # back
        "show_account",
        "ask_amount",
        "ask_method",  # back
        "ask_amount",
        "ask_method",
        "wait_at_code_prompt",  # back
        "ask_method",
        "wait_at_code_prompt",
        "show_processing",
    ]


async def test_back_on_the_first_step_leaves(ctx: FlowContext, ui: ScriptedUI) -> None:
    ui.script("ask_account_number", GoBack)
    assert await pay_bill(ctx) is None


@pytest.mark.parametrize(
    "step",
    ["ask_account_number", "show_account", "ask_amount", "ask_method", "wait_at_code_prompt"],
)
async def test_cancel_from_every_step_unwinds(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    journal: PaymentJournal,
    step: str,
) -> None:
    script_bill(ui, scanner)
    ui.scripts.setdefault(step, deque()).appendleft(CancelSession)
    with pytest.raises(CancelSession):
        await pay_bill(ctx)
    assert ui.names()[-1] == step
    assert not scanner.scanning
    assert journal.list_for_day(ctx.clock.wall().date()) == []


async def test_wrong_provider_and_not_a_payment_code_can_be_rescanned(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    script_bill(ui, scanner)
    ui.scripts["wait_at_code_prompt"].clear()
    ui.script(
        "wait_at_code_prompt",
        Scan(scanner, ALIPAY_CODE),
        Scan(scanner, "https://example.com/not-a-code"),
        Scan(scanner, WECHAT_CODE),
    )
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    prompts: list[CodePrompt] = ui.screens("wait_at_code_prompt")
    assert [p.error for p in prompts] == [
        None,
        Message.CODE_WRONG_PROVIDER,
        Message.CODE_NOT_A_PAYMENT_CODE,
    ]
    assert prompts[1].error_params == {"expected": "wechat", "scanned": "alipay"}


async def test_expired_code_tries_again_with_a_new_key(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
) -> None:
    backoffice.plan(Plan(first=PaymentState.FAILED, code="AUTHCODEEXPIRE"), Plan())
    script_bill(ui, scanner)
    ui.script("wait_at_code_prompt", Scan(scanner, "104567890123456789"))
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert ui.screens("wait_at_code_prompt")[1].error == Message.CODE_EXPIRED
    first, second = journal.list_for_day(ctx.clock.wall().date())
    assert first.state == TxState.DECLINED and second.state == TxState.COMPLETED
    assert first.out_trade_no != second.out_trade_no


async def test_declined(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.FAILED, code="NOTENOUGH", message="余额不足"))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and not outcome.paid
    assert outcome.message == Message.DECLINED and outcome.params == {"reason": "余额不足"}


async def test_paying_then_success_shows_confirm_on_phone(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=1))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert (Stage.CONFIRM_ON_PHONE, 12345, True) in ui.processing


async def test_paying_past_deadline_is_reversed(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and not outcome.paid
    assert outcome.message == Message.PAYMENT_REVERSED
    assert backoffice.charges() == 0


async def test_customer_cancels_while_paying(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    script_bill(ui, scanner)
    ui.script("wait_for_cancel", None)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.PAYMENT_REVERSED
    assert ctx.clock.monotonic() == 0.0


async def test_unknown_then_query_success(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.UNKNOWN))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.receipt_printed


async def test_back_office_down_before_the_request(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice
) -> None:
    backoffice.down = True
    ui.script("ask_account_number", ACCOUNT_NO)
    assert await pay_bill(ctx) is None
    assert ui.screens("show_message") == [(Message.BACKOFFICE_DOWN, {})]


async def test_back_office_down_during_the_request_is_reversed(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(lost=True))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.message == Message.PAYMENT_REVERSED
    assert backoffice.charges() == 0


async def test_back_office_answer_lost_after_commit_is_paid_once(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(drop_response=True))
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid
    assert backoffice.charges() == 1


async def test_unreachable_for_the_reversal_is_left_for_the_idle_retry(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    backoffice.fail_reverses = 99
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and not outcome.paid
    assert outcome.message == Message.PAYMENT_UNRESOLVED
    [record] = journal.list_for_day(ctx.clock.wall().date())
    # Not handed to staff for good: the idle screen retries it until the order is closed.
    assert record.state == TxState.AWAITING
    assert outcome.params == {"reference": record.reference}


async def test_printer_out_confirm_then_receipt_failed(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    printer: FakePrinter,
    journal: PaymentJournal,
) -> None:
    printer.set_paper(PaperStatus.OUT)
    script_bill(ui, scanner)
    ui.script("confirm_without_receipt", True)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and not outcome.receipt_printed
    assert outcome.message == Message.RECEIPT_FAILED
    assert outcome.params == {"reference": outcome.reference}
    assert ui.screens("ask_method")[0].receipt_available is False
    assert ui.names().index("confirm_without_receipt") < ui.names().index("ask_method")
    record = journal.find_by_reference(outcome.reference)
    assert record is not None and record.state == TxState.COMPLETED
    assert record.receipt_printed_at is None and printer.printed == []


async def test_printer_out_and_customer_declines_to_pay(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, printer: FakePrinter
) -> None:
    printer.set_paper(PaperStatus.OUT)
    script_bill(ui, scanner)
    ui.script("confirm_without_receipt", False)
    assert await pay_bill(ctx) is None
    assert "ask_method" not in ui.names()


async def test_print_job_failing_is_explained_and_not_marked_printed(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    printer: FakePrinter,
    journal: PaymentJournal,
) -> None:
    printer.fail_jobs = 1
    script_bill(ui, scanner)
    outcome = await pay_bill(ctx)
    assert outcome is not None and outcome.paid and outcome.message == Message.RECEIPT_FAILED
    record = journal.find_by_reference(outcome.reference)
    assert record is not None and record.receipt_printed_at is None


async def test_scanner_unplugged_at_identify_keypad_continues(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    async def unplug_then_type(prompt: AccountPrompt) -> str:
        scanner.unplug()
        await ctx.clock.sleep(1)  # still typing after the cable was pulled
        return ACCOUNT_NO

    ui.script("ask_account_number", unplug_then_type)
    ui.script("ask_amount", 12345)
    ui.script("ask_method", CancelSession)
    with pytest.raises(CancelSession):
        await pay_bill(ctx)
    assert len(ui.screens("ask_account_number")) == 1  # the same keypad entry carried on
    assert ui.screens("show_account")[0].account_no == ACCOUNT_NO
    # codes cannot be read: only the terminal's QR is offered
    assert ui.screens("ask_method")[0].methods == [PayMethod.WECHAT_QR, PayMethod.ALIPAY_QR]


async def test_scanner_unplugged_at_the_code_prompt(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, journal: PaymentJournal
) -> None:
    script_bill(ui, scanner)
    ui.scripts["wait_at_code_prompt"].clear()

    async def pull_cable(prompt: CodePrompt) -> None:
        scanner.unplug()
        await asyncio.get_running_loop().create_future()

    ui.script("wait_at_code_prompt", pull_cable)
    assert await pay_bill(ctx) is None
    assert ui.screens("show_message") == [(Message.SCANNER_DOWN, {})]
    assert journal.list_for_day(ctx.clock.wall().date()) == []


async def test_paying_less_than_the_arrears_pays_bills_not_a_topup(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
) -> None:
    backoffice.add(account(ACCOUNT_NO, arrears_fen=30000, topup_allowed=True))
    script_bill(ui, scanner)
    ui.scripts["ask_amount"].clear()
    ui.script("ask_amount", 20000, 20000)
    await pay_bill(ctx)
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.amount_fen == 20000
    assert record.purpose == Purpose.BILL, "money below the arrears pays bills"
