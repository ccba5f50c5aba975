"""Paying by scanning the terminal's QR with the phone (WeChat Native, Alipay precreate).

The order is created, its code_url shown as a QR with the time left, and polled until it is paid,
closed, or expires. Back, Cancel or a customer who walks away closes the order; a close that
answers "paid" means the payment stands. Every order ends SUCCESS, CLOSED or REVERSED, never open.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import timedelta

from kiosk.backoffice import (
    AccountNotFound,
    BackOffice,
    BackOfficeError,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.models import PaymentState, QrOrderRequest
from kiosk.clock import Clock
from kiosk.config import QrRules
from kiosk.flows.payment import PaymentKind, PaymentObserver, PaymentOutcome, PaymentProcess
from kiosk.flows.ports import CancelSession, CustomerUI, GoBack, Message, QrPrompt, Stage
from kiosk.flows.tasks import finish_even_if_cancelled
from kiosk.journal import JournalRecord, PaymentJournal, TxState

log = logging.getLogger(__name__)


class QrPaymentProcess:
    """Creates a terminal-shown QR order, shows it, polls it and closes it when not paid."""

    def __init__(
        self,
        backoffice: BackOffice,
        journal: PaymentJournal,
        clock: Clock,
        rules: QrRules,
        payments: PaymentProcess,
    ) -> None:
        self._backoffice = backoffice
        self._journal = journal
        self._clock = clock
        self._rules = rules
        # Settling a paid answer and closing with backoff follow the payment-code rules.
        self._payments = payments

    async def pay(
        self, draft: JournalRecord, ui: CustomerUI, observer: PaymentObserver | None = None
    ) -> PaymentOutcome:
        """Create the order for DRAFT `draft`, show its QR and wait for the phone to pay.

        Raises CancelledError (after closing the order) when the session is cancelled."""
        deadline = self._clock.wall() + timedelta(seconds=self._rules.expires_s)
        record = self._journal.transition(
            draft.out_trade_no, TxState.INTENT, note="qr order", deadline=deadline
        )
        if observer is not None:
            observer.stage(Stage.CREATING_QR, False)
        request = QrOrderRequest(
            out_trade_no=record.out_trade_no,
            terminal_id=record.terminal_id,
            account_no=record.account_no,
            amount_fen=record.amount_fen,
            provider=record.provider,
            purpose=record.purpose.value,
        )
        try:
            order = await self._backoffice.create_qr_order(request)
        except (RequestRejected, AccountNotFound) as exc:
            code = exc.code if isinstance(exc, RequestRejected) else "ACCOUNT_NOT_FOUND"
            record = self._journal.transition(
                record.out_trade_no, TxState.DECLINED, provider_code=code, last_error=str(exc)
            )
            return PaymentOutcome(PaymentKind.DECLINED, record, str(exc))
        except (BackOfficeUnavailable, IdempotencyConflict) as exc:
            # The order may exist: close it so that nobody can pay it later.
            record = self._journal.note_error(record.out_trade_no, f"create: {exc}")
            return await finish_even_if_cancelled(
                self._payments.reverse(record, "order not confirmed", leave_if_unreachable=True)
            )
        record = self._journal.transition(record.out_trade_no, TxState.AWAITING, note="qr shown")
        try:
            return await self._show_and_poll(record, order.code_url, ui)
        except asyncio.CancelledError:
            # The customer walked away (session time-out): close the order before leaving.
            await finish_even_if_cancelled(self.close(record, "walked away"))
            raise

    async def close(self, record: JournalRecord, why: str) -> PaymentOutcome:
        """Close the order (or keep it if it turns out paid)."""
        return await self._payments.reverse(
            self._journal.get(record.out_trade_no), why, leave_if_unreachable=True
        )

    async def _show_and_poll(
        self, record: JournalRecord, code_url: str, ui: CustomerUI
    ) -> PaymentOutcome:
        deadline = record.deadline
        assert deadline is not None
        while True:
            left = (deadline - self._clock.wall()).total_seconds()
            if left <= 0:
                outcome = await finish_even_if_cancelled(self.close(record, "qr expired"))
                if outcome.kind == PaymentKind.REVERSED:
                    return PaymentOutcome(
                        outcome.kind, outcome.record, "expired", message=Message.QR_EXPIRED
                    )
                return outcome
            prompt = QrPrompt(record.provider, record.amount_fen, code_url, math.ceil(left))
            if await self._customer_left(ui, prompt, min(self._rules.poll_interval_s, left)):
                return await finish_even_if_cancelled(self.close(record, "cancelled"))
            try:
                result = await self._backoffice.query_payment(record.out_trade_no, record.provider)
            except BackOfficeError as exc:
                record = self._journal.note_error(record.out_trade_no, f"query: {exc}")
                continue
            if result.state in (
                PaymentState.SUCCESS,
                PaymentState.FAILED,
                PaymentState.CLOSED,
                PaymentState.REVERSED,
            ):
                settled = await finish_even_if_cancelled(self._payments.settle(record, result))
                if settled is not None:
                    return settled

    async def _customer_left(self, ui: CustomerUI, prompt: QrPrompt, seconds: float) -> bool:
        """Show the QR for `seconds`; True if the customer pressed Back or Cancel meanwhile."""
        screen = asyncio.ensure_future(ui.show_qr_code(prompt))
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        try:
            await asyncio.wait({screen, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (screen, sleeper):
                task.cancel()
            await asyncio.gather(screen, sleeper, return_exceptions=True)
        if not screen.done() or screen.cancelled():
            return False
        error = screen.exception()
        if error is None or isinstance(error, GoBack | CancelSession):
            return True
        raise error
