"""Sending a payment-code payment and resolving it by the provider's rules (flows/payment.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from fakes import ACCOUNT_NO, ALIPAY_CODE, WECHAT_CODE, FakeBackOffice, FakeClock, Plan

from kiosk.backoffice.models import MicropayRequest, PaymentResult, PaymentState, Provider
from kiosk.config import Settings
from kiosk.flows.payment import PaymentKind, PaymentProcess
from kiosk.flows.ports import Stage
from kiosk.journal import JournalRecord, PaymentJournal, Purpose, TxState


class Watcher:
    """A payment observer that records stages and presses Cancel when told to."""

    def __init__(self, cancel_on_stage: Stage | None = None) -> None:
        self.stages: list[tuple[Stage, bool]] = []
        self._cancel_on = cancel_on_stage
        self.pressed = asyncio.Event()

    def stage(self, stage: Stage, can_cancel: bool) -> None:
        self.stages.append((stage, can_cancel))
        if stage == self._cancel_on:
            self.pressed.set()

    async def wait_for_cancel(self) -> None:
        await self.pressed.wait()


@pytest.fixture
def process(
    backoffice: FakeBackOffice, journal: PaymentJournal, clock: FakeClock, settings: Settings
) -> PaymentProcess:
    return PaymentProcess(backoffice, journal, clock, settings.payment)


def new_draft(
    journal: PaymentJournal, provider: Provider = Provider.WECHAT, amount: int = 12345
) -> JournalRecord:
    return journal.create_draft(
        terminal_id="SZ-FT-0001-SP01",
        account_no=ACCOUNT_NO,
        purpose=Purpose.BILL,
        amount_fen=amount,
        provider=provider,
    )


def states(journal: PaymentJournal, record: JournalRecord) -> list[TxState]:
    return [change.to_state for change in journal.history(record.out_trade_no)]


async def test_success_at_once_is_paid_and_posted(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    draft = new_draft(journal)
    watcher = Watcher()
    outcome = await process.pay(draft, WECHAT_CODE, watcher)
    assert outcome.kind == PaymentKind.PAID
    assert outcome.record.state == TxState.POSTED
    assert outcome.record.provider_trade_no
    assert outcome.record.arrears_after_fen == 0
    assert states(journal, draft) == [TxState.DRAFT, TxState.INTENT, TxState.PAID, TxState.POSTED]
    assert watcher.stages == [(Stage.SENDING, False)]
    assert backoffice.charges() == 1


async def test_intent_is_committed_before_the_request_leaves(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    seen: list[TxState] = []
    original = backoffice.micropay

    async def spying_micropay(request):  # type: ignore[no-untyped-def]
        seen.append(journal.get(request.out_trade_no).state)
        return await original(request)

    backoffice.micropay = spying_micropay  # type: ignore[method-assign]
    await process.pay(new_draft(journal), WECHAT_CODE)
    assert seen == [TxState.INTENT]


async def test_paying_then_success_polls_every_interval(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=1, then=PaymentState.SUCCESS))
    watcher = Watcher()
    outcome = await process.pay(new_draft(journal), WECHAT_CODE, watcher)
    assert outcome.kind == PaymentKind.PAID
    assert clock.monotonic() == 20.0  # queries at 10 s (still paying) and 20 s (paid)
    assert [n for n, _ in backoffice.calls].count("query_payment") == 2
    assert (Stage.CONFIRM_ON_PHONE, True) in watcher.stages
    assert backoffice.charges() == 1


async def test_paying_past_the_deadline_is_reversed(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    draft = new_draft(journal)
    outcome = await process.pay(draft, WECHAT_CODE, Watcher())
    assert outcome.kind == PaymentKind.REVERSED
    assert outcome.record.state == TxState.REVERSED
    names = [name for name, _ in backoffice.calls]
    assert names == [
        "micropay",
        "query_payment",
        "query_payment",
        "query_payment",
        "reverse_payment",
    ]
    assert clock.monotonic() == 30.0  # WeChat: every 10 s up to 30 s, then reverse
    assert backoffice.charges() == 0


async def test_alipay_rules_are_its_own(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    outcome = await process.pay(new_draft(journal, Provider.ALIPAY), ALIPAY_CODE)
    assert outcome.kind == PaymentKind.REVERSED
    assert clock.monotonic() == 60.0
    assert [n for n, _ in backoffice.calls].count("query_payment") == 15  # every 4 s for 60 s


async def test_unknown_then_query_success_waits_first_query_after(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.UNKNOWN, queries=0, then=PaymentState.SUCCESS))
    watcher = Watcher()
    outcome = await process.pay(new_draft(journal), WECHAT_CODE, watcher)
    assert outcome.kind == PaymentKind.PAID
    assert clock.monotonic() == 5.0  # SYSTEMERROR: query after 5 s
    assert (Stage.RESOLVING, False) in watcher.stages
    assert (Stage.CONFIRM_ON_PHONE, True) not in watcher.stages  # no Cancel while unknown


async def test_answer_lost_after_commit_is_found_by_query_and_charged_once(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(drop_response=True))
    draft = new_draft(journal)
    outcome = await process.pay(draft, WECHAT_CODE)
    assert outcome.kind == PaymentKind.PAID
    assert backoffice.charges() == 1
    keys = {key for _, key in backoffice.calls}
    assert keys == {draft.out_trade_no}  # every retry and query reused the same key
    assert states(journal, draft)[:3] == [TxState.DRAFT, TxState.INTENT, TxState.AWAITING]


async def test_request_that_never_arrived_is_reversed_at_the_deadline(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(lost=True))
    draft = new_draft(journal)
    outcome = await process.pay(draft, WECHAT_CODE)
    assert outcome.kind == PaymentKind.REVERSED
    assert clock.monotonic() == 30.0
    # The reversal leaves a tombstone: the same request arriving late cannot charge.
    from kiosk.backoffice.models import MicropayRequest

    late = await backoffice.micropay(
        MicropayRequest(
            out_trade_no=draft.out_trade_no,
            terminal_id=draft.terminal_id,
            account_no=ACCOUNT_NO,
            amount_fen=draft.amount_fen,
            provider=Provider.WECHAT,
            auth_code=WECHAT_CODE,
        )
    )
    assert late.state == PaymentState.REVERSED
    assert backoffice.charges() == 0


async def test_back_office_down_throughout_is_left_pending(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    # Unreachable is not refused: the idle retry closes the order once the back office is back.
    backoffice.down = True
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.PENDING
    assert outcome.record.state == TxState.AWAITING
    assert outcome.record.last_error and "reverse" in outcome.record.last_error


async def test_reverse_failing_retries_with_backoff_then_is_left_pending(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    backoffice.fail_reverses = 99
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.PENDING
    assert outcome.record.state == TxState.AWAITING
    assert [n for n, _ in backoffice.calls].count("reverse_payment") == 4
    assert clock.monotonic() == 30.0 + 2 + 4 + 8


async def test_reverse_recovering_on_a_retry_closes_the_order(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    backoffice.fail_reverses = 2
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.REVERSED
    assert [n for n, _ in backoffice.calls].count("reverse_payment") == 3


async def test_customer_cancel_while_paying_reverses_at_once(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    outcome = await process.pay(new_draft(journal), WECHAT_CODE, Watcher(Stage.CONFIRM_ON_PHONE))
    assert outcome.kind == PaymentKind.REVERSED
    assert clock.monotonic() == 0.0
    assert [n for n, _ in backoffice.calls] == ["micropay", "reverse_payment"]


async def test_cancel_racing_a_success_refunds_it(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    # Paid on the phone just as Cancel was pressed: the reversal refunds it.
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    watcher = Watcher(Stage.CONFIRM_ON_PHONE)
    draft = new_draft(journal)

    original = backoffice.reverse_payment

    async def paid_meanwhile(key: str, provider: Provider):  # type: ignore[no-untyped-def]
        order = backoffice.orders[key]
        order.state = PaymentState.SUCCESS
        backoffice._charge(key, order)
        return await original(key, provider)

    backoffice.reverse_payment = paid_meanwhile  # type: ignore[method-assign,assignment]
    outcome = await process.pay(draft, WECHAT_CODE, watcher)
    assert outcome.kind == PaymentKind.REVERSED
    assert backoffice.accounts[ACCOUNT_NO].arrears_fen == 0  # bill settled …
    assert backoffice.accounts[ACCOUNT_NO].balance_fen == -12345  # … and the money given back


async def test_too_late_to_reverse_means_paid(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    backoffice.refuse_reverses = True
    original = backoffice.reverse_payment

    async def paid_meanwhile(key: str, provider: Provider):  # type: ignore[no-untyped-def]
        order = backoffice.orders[key]
        order.state = PaymentState.SUCCESS
        backoffice._charge(key, order)
        return await original(key, provider)

    backoffice.reverse_payment = paid_meanwhile  # type: ignore[method-assign,assignment]
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.PAID
    assert outcome.record.state == TxState.POSTED


async def test_declined_keeps_the_provider_reason(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.FAILED, code="NOTENOUGH", message="余额不足"))
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.DECLINED
    assert outcome.reason == "余额不足"
    assert outcome.record.state == TxState.DECLINED
    assert outcome.record.provider_code == "NOTENOUGH"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AUTHCODEEXPIRE", "付款码已过期或已使用，请刷新后重试"),
        ("AUTH_CODE_INVALID", "付款码无效，请刷新后重试"),
        ("40004", "ACQ.PAYMENT_AUTH_CODE_INVALID: 付款码已过期或已使用"),
    ],
)
async def test_expired_code(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    code: str,
    message: str,
) -> None:
    backoffice.plan(Plan(first=PaymentState.FAILED, code=code, message=message))
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.EXPIRED
    assert outcome.record.state == TxState.DECLINED


async def test_paid_but_not_yet_posted_is_posted_after_a_query(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(posted=False))
    draft = new_draft(journal)
    outcome = await process.pay(draft, WECHAT_CODE)
    assert outcome.record.state == TxState.POSTED
    assert states(journal, draft)[-2:] == [TxState.PAID, TxState.POSTED]


async def test_the_payment_code_is_never_written_to_disk(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
) -> None:
    backoffice.plan(Plan(first=PaymentState.UNKNOWN, then=PaymentState.SUCCESS), Plan())
    await process.pay(new_draft(journal), WECHAT_CODE)
    await process.pay(new_draft(journal, Provider.ALIPAY), ALIPAY_CODE)
    folder = journal.path.parent
    files = list(folder.iterdir())
    assert any(f.name.endswith("-wal") for f in files)
    for file in files:
        data = file.read_bytes()
        for code in (WECHAT_CODE, ALIPAY_CODE):
            assert code.encode() not in data
            assert code.encode("utf-16-le") not in data


async def test_deadline_is_stored_for_recovery(
    process: PaymentProcess,
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    draft = new_draft(journal)
    task = asyncio.ensure_future(process.pay(draft, WECHAT_CODE))
    await clock.sleep(1)
    record = journal.get(draft.out_trade_no)
    assert record.state == TxState.AWAITING
    assert record.deadline == clock.wall() - timedelta(seconds=1) + timedelta(seconds=30)
    await task


async def test_order_closed_by_the_provider_needs_no_reversal(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    # Alipay closes an order the customer abandoned in the app.
    backoffice.plan(Plan(first=PaymentState.PAYING, then=PaymentState.CLOSED))
    outcome = await process.pay(new_draft(journal, Provider.ALIPAY), ALIPAY_CODE)
    assert outcome.kind == PaymentKind.REVERSED
    assert outcome.record.state == TxState.REVERSED
    assert [n for n, _ in backoffice.calls] == ["micropay", "query_payment"]


async def test_alipay_balance_not_enough_is_a_decline_not_an_expiry(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(
        Plan(
            first=PaymentState.FAILED,
            code="40004",
            message="ACQ.BUYER_BALANCE_NOT_ENOUGH: 买家余额不足",
        )
    )
    outcome = await process.pay(new_draft(journal, Provider.ALIPAY), ALIPAY_CODE)
    assert outcome.kind == PaymentKind.DECLINED


async def test_a_refusal_from_the_back_office_is_a_decline_not_a_crash(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    from kiosk.backoffice import AccountNotFound

    async def refuse(request: object) -> object:
        raise AccountNotFound("404 ACCOUNT_NOT_FOUND")

    backoffice.micropay = refuse  # type: ignore[assignment]
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.DECLINED
    assert outcome.record.state == TxState.DECLINED
    assert outcome.record.provider_code == "ACCOUNT_NOT_FOUND"


async def test_paid_a_different_amount_goes_to_staff_without_a_receipt(
    process: PaymentProcess, journal: PaymentJournal, backoffice: FakeBackOffice
) -> None:
    original = backoffice.micropay

    async def overcharge(request: MicropayRequest) -> PaymentResult:
        result = await original(request)
        return result.model_copy(update={"amount_fen": result.amount_fen + 100})

    backoffice.micropay = overcharge  # type: ignore[method-assign]
    outcome = await process.pay(new_draft(journal), WECHAT_CODE)
    assert outcome.kind == PaymentKind.UNRESOLVED
    assert outcome.record.state == TxState.MANUAL_REVIEW
    assert outcome.record.receipt_printed_at is None
