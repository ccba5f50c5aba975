"""Scripted situations shared by several flow tests."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from fakes import (
    ACCOUNT_NO,
    WECHAT_CODE,
    FakeBackOffice,
    FakeClock,
    FakeScanner,
    Plan,
    Scan,
    ScriptedUI,
)

from kiosk.backoffice import BackOfficeUnavailable
from kiosk.backoffice.models import MicropayRequest, Provider
from kiosk.journal import JournalRecord, PaymentJournal, Purpose, TxState


def script_bill(ui: ScriptedUI, scanner: FakeScanner, code: str = WECHAT_CODE) -> None:
    """A customer who types the account, pays the arrears with WeChat and shows a code."""
    ui.script("ask_account_number", ACCOUNT_NO)
    ui.script("ask_amount", lambda choice: choice.arrears_fen)
    ui.script("ask_method", Provider.WECHAT)
    ui.script("wait_at_code_prompt", Scan(scanner, code))


async def crashed_in(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    clock: FakeClock,
    state: TxState,
    plan: Plan | None,
    deadline_s: float = 30.0,
) -> JournalRecord:
    """A transaction the terminal left in `state` when it died; `plan` is what the provider did
    with the request (None: it never arrived)."""
    draft = journal.create_draft(
        terminal_id="SZ-FT-0001-SP01",
        account_no=ACCOUNT_NO,
        purpose=Purpose.BILL,
        amount_fen=12345,
        provider=Provider.WECHAT,
    )
    key = draft.out_trade_no
    journal.transition(key, TxState.INTENT, deadline=clock.wall() + timedelta(seconds=deadline_s))
    if plan is not None:
        backoffice.plan(plan)
        with contextlib.suppress(BackOfficeUnavailable):
            await backoffice.micropay(
                MicropayRequest(
                    out_trade_no=key,
                    terminal_id=draft.terminal_id,
                    account_no=ACCOUNT_NO,
                    amount_fen=12345,
                    provider=Provider.WECHAT,
                    auth_code=WECHAT_CODE,
                )
            )
    if state in (TxState.AWAITING,):
        journal.transition(key, TxState.AWAITING)
    if state in (TxState.PAID, TxState.POSTED):
        journal.transition(key, TxState.PAID, paid_at=clock.wall(), provider_trade_no="42")
    if state == TxState.POSTED:
        journal.transition(key, TxState.POSTED)
    return journal.get(key)
