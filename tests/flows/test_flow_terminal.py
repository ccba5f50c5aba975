"""The top loop: idle info, services, reprint, nothing escaping to the screen."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from fakes import (
    ACCOUNT_NO,
    HANG,
    FakeBackOffice,
    FakeClock,
    FakeDevices,
    FakePrinter,
    FakeScanner,
    Plan,
    ScriptedUI,
    ScriptExhausted,
)
from flow_scripts import crashed_in, script_bill

from kiosk.backoffice.models import Notice, PaymentState, Provider
from kiosk.config import Settings
from kiosk.devices.status import PaperStatus
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import GoBack, IdleInfo, Language, Message, Service, StartChoice
from kiosk.flows.session import InactivityTimer
from kiosk.flows.terminal import (
    UNAVAILABLE_RECHECK_S,
    build_idle_info,
    run_one_session,
    run_terminal,
)
from kiosk.journal import PaymentJournal, Purpose, TxState


async def session(ctx: FlowContext) -> StartChoice:
    assert ctx.timer is not None
    return await run_one_session(
        ctx.ui, ctx.backoffice, ctx.devices, ctx.journal, ctx.settings, ctx.clock, ctx.timer
    )


def notice(clock: FakeClock, n: int, starts_h: float, ends_h: float | None) -> Notice:
    now = clock.wall()
    return Notice(
        id=n,
        title=f"停电通知{n}",
        title_en=f"Outage {n}",
        body="正文",
        body_en="Body",
        starts=now + timedelta(hours=starts_h),
        ends=None if ends_h is None else now + timedelta(hours=ends_h),
    )


async def test_idle_info_shows_current_notices_in_the_language(
    ctx: FlowContext, backoffice: FakeBackOffice, clock: FakeClock
) -> None:
    backoffice.notices = [
        notice(clock, 1, -1, 1),
        notice(clock, 2, 1, 2),  # not yet
        notice(clock, 3, -2, -1),  # over
        notice(clock, 4, -1, None),  # open-ended
    ]
    idle = await build_idle_info(ctx)
    assert idle.payment_available and idle.unavailable_reason is None
    assert idle.hall_name == "福田智慧供电营业厅"
    assert [t for t, _ in idle.notices] == ["停电通知1", "停电通知4"]
    assert [t for t, _ in idle.notices_en] == ["Outage 1", "Outage 4"]
    ctx.language = Language.EN
    assert [t for t, _ in (await build_idle_info(ctx)).notices] == ["Outage 1", "Outage 4"]


async def test_idle_hides_payment_when_back_office_down(
    ctx: FlowContext, backoffice: FakeBackOffice
) -> None:
    backoffice.down = True
    idle = await build_idle_info(ctx)
    assert not idle.payment_available
    assert idle.unavailable_reason == Message.BACKOFFICE_DOWN
    assert idle.notices == []


async def test_idle_hides_payment_when_breaker_open(
    ctx: FlowContext, backoffice: FakeBackOffice
) -> None:
    backoffice.breaker_open = True
    idle = await build_idle_info(ctx)
    assert idle.unavailable_reason == Message.BACKOFFICE_DOWN


async def test_idle_without_a_scanner_still_starts_and_says_why(
    ctx: FlowContext, scanner: FakeScanner
) -> None:
    # The keypad still finds an account; payment codes are explained at the method step.
    scanner.unplug()
    idle = await build_idle_info(ctx)
    assert idle.payment_available
    assert idle.unavailable_reason is None
    assert idle.degraded_reason == Message.SCANNER_DOWN_LOOKUP_ONLY


async def test_one_session_pays_and_returns_to_idle(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, journal: PaymentJournal
) -> None:
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.EN))
    script_bill(ui, scanner)
    choice = await session(ctx)
    assert choice.service == Service.PAY_BILL
    assert ui.languages == [Language.ZH_CN, Language.EN]
    [record] = journal.list_for_day(ctx.clock.wall().date())
    assert record.state == TxState.COMPLETED


async def test_unavailable_payment_is_explained_not_attempted(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice
) -> None:
    backoffice.down = True
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    await session(ctx)
    assert ui.screens("show_message") == [(Message.BACKOFFICE_DOWN, {})]
    assert "ask_account_number" not in ui.names()


async def test_an_unexpected_error_is_logged_and_explained(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(account_no: str) -> None:
        raise RuntimeError("bug: secret detail")

    backoffice.get_account = broken  # type: ignore[method-assign]
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    ui.script("ask_account_number", ACCOUNT_NO)
    await session(ctx)
    assert ui.screens("show_message") == [(Message.TECHNICAL_PROBLEM, {})]
    assert "secret detail" not in repr(ui.shown)
    assert "bug: secret detail" in caplog.text


async def test_timeout_returns_to_idle(ctx: FlowContext, ui: ScriptedUI) -> None:
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    ui.script("ask_account_number", HANG)
    await session(ctx)
    assert ctx.timer is not None and ctx.timer.timed_out
    assert ctx.clock.monotonic() == 60.0


async def test_idle_rechecks_often_while_payment_is_down(
    ctx: FlowContext, ui: ScriptedUI, backoffice: FakeBackOffice
) -> None:
    ui.script("wait_for_customer", HANG, HANG, StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", GoBack)
    backoffice.down = True

    async def comes_back_then_hangs(idle: IdleInfo) -> StartChoice:
        backoffice.down = False
        await asyncio.get_running_loop().create_future()
        raise AssertionError("unreachable")

    ui.scripts["wait_for_customer"][1] = comes_back_then_hangs
    await session(ctx)
    idles: list[IdleInfo] = ui.screens("wait_for_customer")
    # Looked at again every UNAVAILABLE_RECHECK_S while payment was down, not every minute.
    assert len(idles) == 3 and ctx.clock.monotonic() == 2 * UNAVAILABLE_RECHECK_S
    # Payment was hidden while the back office was down and offered again once it was back.
    assert [i.payment_available for i in idles] == [False, False, True]


async def test_printer_out_then_reprint_later_from_the_journal(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    printer: FakePrinter,
    journal: PaymentJournal,
) -> None:
    printer.set_paper(PaperStatus.OUT)
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    script_bill(ui, scanner)
    ui.script("confirm_without_receipt", True)
    await session(ctx)
    [paid] = ui.screens("show_outcome")
    assert paid.message == Message.RECEIPT_FAILED and printer.printed == []

    printer.set_paper(PaperStatus.FULL)  # staff refilled the paper
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", "000000000000", paid.reference)
    await session(ctx)
    assert ui.screens("ask_reference") == [None, Message.REFERENCE_UNKNOWN]
    [receipt] = printer.printed
    assert "补打凭证" in receipt.plain_text() and paid.reference in receipt.plain_text()
    assert ui.screens("show_message")[-1] == (Message.REPRINTED, {"reference": paid.reference})
    record = journal.find_by_reference(paid.reference)
    assert record is not None and record.receipt_printed_at is not None


async def test_reprint_refuses_unpaid_transactions(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, backoffice: FakeBackOffice
) -> None:
    backoffice.plan(Plan(first=PaymentState.FAILED))
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    script_bill(ui, scanner)
    await session(ctx)
    [declined] = ui.screens("show_outcome")
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", declined.reference, GoBack)
    await session(ctx)
    assert ui.screens("ask_reference") == [None, Message.REFERENCE_UNKNOWN]


async def test_reprint_without_paper_is_explained(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    printer: FakePrinter,
) -> None:
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    script_bill(ui, scanner)
    await session(ctx)
    [paid] = ui.screens("show_outcome")
    printer.set_paper(PaperStatus.OUT)
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.EN))
    ui.script("ask_reference", paid.reference)
    await session(ctx)
    assert ui.screens("show_message") == [(Message.RECEIPT_FAILED, {"reference": paid.reference})]


async def test_run_terminal_serves_customer_after_customer(
    ui: ScriptedUI,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    scanner: FakeScanner,
    journal: PaymentJournal,
    settings: Settings,
    clock: FakeClock,
    timer: InactivityTimer,
) -> None:
    ui.script(
        "wait_for_customer",
        StartChoice(Service.PAY_BILL, Language.ZH_CN),
        StartChoice(Service.PAY_BILL, Language.EN),
    )
    script_bill(ui, scanner)  # pays the arrears of ACCOUNT_NO
    ui.script("ask_account_number", ACCOUNT_NO)  # the same account again: all paid now
    with pytest.raises(ScriptExhausted):  # the third wait_for_customer was not scripted
        await run_terminal(ui, backoffice, devices, journal, settings, clock, timer)
    records = journal.list_for_day(clock.wall().date())
    assert [r.state for r in records] == [TxState.COMPLETED]
    assert ui.screens("show_message") == [(Message.NOTHING_TO_PAY, {})]
    assert ui.names().count("wait_for_customer") == 3
    assert ui.languages == [
        Language.ZH_CN,
        Language.ZH_CN,
        Language.ZH_CN,
        Language.EN,
        Language.ZH_CN,
    ]


async def test_idle_leaves_manual_review_to_staff(
    ctx: FlowContext,
    ui: ScriptedUI,
    scanner: FakeScanner,
    backoffice: FakeBackOffice,
    journal: PaymentJournal,
) -> None:
    # A payment staff must look at (its reversal was refused, say).
    draft = journal.create_draft(
        terminal_id="T1",
        account_no=ACCOUNT_NO,
        purpose=Purpose.BILL,
        amount_fen=12345,
        provider=Provider.WECHAT,
    )
    journal.transition(draft.out_trade_no, TxState.INTENT)
    journal.transition(draft.out_trade_no, TxState.MANUAL_REVIEW)
    record = journal.get(draft.out_trade_no)
    assert record.state == TxState.MANUAL_REVIEW
    # MANUAL_REVIEW is for staff: idle does not touch it.
    backoffice.down = False
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", GoBack)
    await session(ctx)
    assert journal.get(record.out_trade_no).state == TxState.MANUAL_REVIEW


async def test_idle_retries_payments_left_pending(
    ctx: FlowContext,
    ui: ScriptedUI,
    backoffice: FakeBackOffice,
    printer: FakePrinter,
    journal: PaymentJournal,
    clock: FakeClock,
) -> None:
    # Recovery at start could not reach the back office; the next idle finishes the payment.
    record = await crashed_in(journal, backoffice, clock, TxState.INTENT, Plan(drop_response=True))
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", GoBack)
    await session(ctx)
    after = journal.get(record.out_trade_no)
    assert after.state == TxState.COMPLETED
    assert after.receipt_printed_at is None and printer.printed == []  # nobody there to take it
    assert backoffice.charges() == 1


async def test_the_loop_survives_a_broken_idle_screen(
    ui: ScriptedUI,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    journal: PaymentJournal,
    settings: Settings,
    clock: FakeClock,
    timer: InactivityTimer,
) -> None:
    ui.script("wait_for_customer", RuntimeError("widget bug"), RuntimeError("again"))
    with pytest.raises(ScriptExhausted):
        await run_terminal(ui, backoffice, devices, journal, settings, clock, timer)
    assert ui.names() == ["wait_for_customer"] * 3
    assert clock.monotonic() == 10.0  # a pause after each failure, no hot loop


async def test_idle_redraws_at_once_when_a_device_changes(
    ctx: FlowContext, ui: ScriptedUI, scanner: FakeScanner, clock: FakeClock
) -> None:
    assert ctx.timer is not None
    changed = asyncio.Event()
    started = clock.monotonic()
    ui.script("wait_for_customer", HANG, StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", GoBack())
    task = asyncio.ensure_future(
        run_one_session(
            ctx.ui,
            ctx.backoffice,
            ctx.devices,
            ctx.journal,
            ctx.settings,
            ctx.clock,
            ctx.timer,
            idle_changed=changed,
        )
    )
    while not ui.screens("wait_for_customer"):
        await asyncio.sleep(0)
    scanner.unplug()
    changed.set()
    choice = await task
    assert choice.service == Service.REPRINT
    first, second = ui.screens("wait_for_customer")
    assert first.degraded_reason is None
    assert second.degraded_reason == Message.SCANNER_DOWN_LOOKUP_ONLY
    assert second.payment_available, "the keypad still finds accounts"
    assert clock.monotonic() - started < 1.0, "redrawn by the event, not by the refresh timer"


async def test_idle_refreshes_every_minute_while_all_is_well(
    ctx: FlowContext, ui: ScriptedUI
) -> None:
    ui.script("wait_for_customer", HANG, StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", GoBack)
    await session(ctx)
    assert len(ui.screens("wait_for_customer")) == 2
    assert ctx.clock.monotonic() == 60.0
