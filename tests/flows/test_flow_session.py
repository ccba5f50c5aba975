"""Inactivity: countdown, extension, time-out in every step, payments never abandoned."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest
from fakes import HANG, WECHAT_CODE, After, FakeBackOffice, FakeClock, FakeScanner, Plan, ScriptedUI
from flow_scripts import script_bill

from kiosk.backoffice.models import PaymentState, Provider
from kiosk.flows.context import FlowContext
from kiosk.flows.pay_bill import pay_bill
from kiosk.flows.ports import CancelSession, Message
from kiosk.flows.session import InactivityTimer, SessionTimedOut
from kiosk.journal import PaymentJournal, TxState


async def test_countdown_each_second_of_the_warning_then_timeout(
    clock: FakeClock, ui: ScriptedUI
) -> None:
    timer = InactivityTimer(clock, timeout_s=60, warning_s=20, ui=ui)
    never = asyncio.get_running_loop().create_future()
    with pytest.raises(SessionTimedOut):
        await timer.supervise(never)
    assert clock.monotonic() == 60.0
    assert ui.countdowns == [*range(20, 0, -1), None]
    assert never.cancelled()


async def test_touch_hides_the_countdown_and_starts_again(clock: FakeClock, ui: ScriptedUI) -> None:
    timer = InactivityTimer(clock, timeout_s=60, warning_s=20, ui=ui)

    async def customer() -> str:
        await clock.sleep(45.5)  # countdown at 15
        timer.touch()
        await clock.sleep(59)  # just inside the new period
        return "done"

    assert await timer.supervise(customer()) == "done"
    assert ui.countdowns[:6] == [20, 19, 18, 17, 16, 15]
    assert ui.countdowns[6] is None  # the tap hid it
    assert clock.monotonic() == 104.5
    assert not timer.timed_out


async def test_paused_timer_never_fires_and_restarts_afterwards(
    clock: FakeClock, ui: ScriptedUI
) -> None:
    timer = InactivityTimer(clock, timeout_s=60, warning_s=20, ui=ui)

    async def long_payment() -> None:
        with timer.paused():
            await clock.sleep(300)
        await asyncio.get_running_loop().create_future()

    with pytest.raises(SessionTimedOut):
        await timer.supervise(long_payment())
    assert clock.monotonic() == 360.0  # 300 s held, then a full fresh period


async def test_customer_cancel_is_not_a_timeout(clock: FakeClock, ui: ScriptedUI) -> None:
    timer = InactivityTimer(clock, timeout_s=60, warning_s=20, ui=ui)

    async def cancels() -> None:
        raise CancelSession()

    with pytest.raises(CancelSession) as caught:
        await timer.supervise(cancels())
    assert not isinstance(caught.value, SessionTimedOut)


@pytest.mark.parametrize(
    "step",
    ["ask_account_number", "show_account", "ask_amount", "ask_method", "wait_at_code_prompt"],
)
async def test_timeout_in_every_step_ends_the_session_cleanly(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    journal: PaymentJournal,
    step: str,
) -> None:
    script_bill(ui, scanner)
    ui.scripts.setdefault(step, deque()).appendleft(HANG)
    assert ctx.timer is not None
    with pytest.raises(SessionTimedOut):
        await ctx.timer.supervise(pay_bill(ctx))
    assert ui.names()[-1] == step
    assert step in ui.cancelled
    assert ui.countdowns[-1] is None and 1 in ui.countdowns
    assert not scanner.scanning
    assert journal.list_for_day(ctx.clock.wall().date()) == []


async def test_slow_customer_within_the_period_is_not_timed_out(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner
) -> None:
    script_bill(ui, scanner)
    ui.scripts["ask_amount"].clear()
    ui.script("ask_amount", After(55, 12345))
    ui.scripts["ask_method"].clear()
    ui.script(
        "ask_method",
        After(55, Provider.WECHAT),
    )
    assert ctx.timer is not None
    outcome = await ctx.timer.supervise(pay_bill(ctx))
    assert outcome is not None and outcome.paid
    assert ui.countdowns[:16] == [*range(20, 5, -1), None]  # warned, and the answer reset it


async def test_long_payment_is_resolved_not_abandoned(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
) -> None:
    # 30 s of USERPAYING with a 10 s inactivity period: the timer is held, the order reversed.
    ctx.timer = InactivityTimer(ctx.clock, timeout_s=10, warning_s=5, ui=ui)
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=99))
    script_bill(ui, scanner)
    outcome = await ctx.timer.supervise(pay_bill(ctx))
    assert outcome is not None and outcome.message == Message.PAYMENT_REVERSED
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.state == TxState.REVERSED


async def test_session_cancelled_mid_payment_finishes_it_first(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
    printer: object,
) -> None:
    backoffice.plan(Plan(first=PaymentState.PAYING, queries=1))
    script_bill(ui, scanner, WECHAT_CODE)
    task = asyncio.ensure_future(pay_bill(ctx))
    await ctx.clock.sleep(3)  # the customer is confirming on the phone
    assert journal.unfinished()[0].state == TxState.AWAITING
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.state == TxState.COMPLETED  # paid at 20 s, receipt printed, then ended
    assert record.receipt_printed_at is not None
    assert ui.screens("show_outcome")[0].paid
