"""A bank-card (UnionPay) sale through the certified payment module, resolved to a final state.

The terminal never sees the PIN, track data or the full card number: the module reads the card,
takes the PIN on its own keypad and answers approved or declined. The journal is committed before
each outside action: INTENT (with the trace number) before the sale, PAID before "paid" is shown
or posted. A sale whose outcome is unknown (the module timed out or vanished after accepting the
command) is reversed with backoff and handed to staff after repeated failure.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from drivers.interfaces import (
    CardSaleResult,
    DeviceError,
    DeviceGone,
    DeviceTimeout,
    PaymentModule,
    SaleEvent,
)
from kiosk.backoffice import BackOffice, BackOfficeError
from kiosk.backoffice.models import CardPosting, PaymentState
from kiosk.clock import Clock
from kiosk.config import CardRules
from kiosk.flows.payment import PaymentKind, PaymentObserver, PaymentOutcome
from kiosk.flows.ports import Message, Stage
from kiosk.journal import JournalRecord, PaymentJournal, TxState

log = logging.getLogger(__name__)

CANCELLED_CODES = frozenset({"U1", "U2"})  # cancelled at the PIN pad / no card in time

_STAGES = {
    SaleEvent.INSERT_CARD: (Stage.INSERT_CARD, True),
    SaleEvent.CARD_READ: (Stage.ENTER_PIN, True),
    SaleEvent.ENTER_PIN: (Stage.ENTER_PIN, True),
    SaleEvent.AUTHORISING: (Stage.AUTHORISING, False),
}


class CardPaymentProcess:
    """Runs card sales on the payment module and drives each to a final state."""

    def __init__(
        self,
        module: PaymentModule,
        backoffice: BackOffice,
        journal: PaymentJournal,
        clock: Clock,
        rules: CardRules,
    ) -> None:
        self._module = module
        self._backoffice = backoffice
        self._journal = journal
        self._clock = clock
        self._rules = rules

    async def pay(
        self, draft: JournalRecord, observer: PaymentObserver | None = None
    ) -> PaymentOutcome:
        """Sell `draft.amount_fen` on the customer's card for the DRAFT transaction `draft`."""
        trace = self._journal.trace_no_for(draft)
        record = self._journal.transition(
            draft.out_trade_no, TxState.INTENT, note="card sale", trace_no=trace
        )
        stage = _Stage(observer)
        stage.show(Stage.INSERT_CARD, True)
        sale = asyncio.ensure_future(
            self._module.sale(record.amount_fen, trace, record.reference, stage.on_event)
        )
        try:
            result = await self._await_sale(sale, stage, observer)
        except (DeviceTimeout, DeviceGone) as exc:
            # The module had accepted the sale: it may have gone through. Undo it.
            log.warning("card sale %s: outcome unknown (%s)", record.reference, exc)
            record = self._journal.note_error(record.out_trade_no, f"sale: {exc}")
            stage.show(Stage.REVERSING, False)
            return await self.reverse(record, "timeout")
        except DeviceError as exc:
            # Refused before the module acknowledged it: the sale never ran, nothing taken.
            record = self._journal.transition(
                record.out_trade_no,
                TxState.DECLINED,
                note="module not answering",
                provider_code="MODULE_DOWN",
                last_error=str(exc),
            )
            return PaymentOutcome(
                PaymentKind.DECLINED, record, str(exc), message=Message.CARD_MODULE_DOWN
            )
        return await self._after_sale(record, result)

    async def reverse(self, record: JournalRecord, why: str = "timeout") -> PaymentOutcome:
        """Reverse the sale (ISO 8583 0400) with backoff; MANUAL_REVIEW after repeated failure."""
        assert record.trace_no is not None, "a card sale has its trace number from INTENT"
        delay = self._rules.reverse_backoff_s
        error = ""
        for attempt in range(self._rules.reverse_attempts):
            if attempt:
                await self._clock.sleep(delay)
                delay *= 2
            try:
                answer = await self._module.reverse(record.trace_no, why)
            except DeviceError as exc:
                error = f"reverse: {exc}"
            else:
                if answer is None or answer.approved:
                    # None: the module has no approved sale by that trace, nothing was taken.
                    record = self._journal.transition(
                        record.out_trade_no,
                        TxState.REVERSED,
                        note=f"reversed ({why})",
                        provider_code="REVERSED" if answer else "NO_SALE",
                    )
                    return PaymentOutcome(
                        PaymentKind.REVERSED, record, why, message=Message.CARD_SALE_REVERSED
                    )
                error = f"reverse answered {answer.response_code} {answer.message}"
            record = self._journal.note_error(record.out_trade_no, error)
        log.error("card sale %s: reversal failed, handed to staff", record.reference)
        record = self._journal.transition(
            record.out_trade_no, TxState.MANUAL_REVIEW, note="reversal failed", last_error=error
        )
        return PaymentOutcome(
            PaymentKind.UNRESOLVED,
            record,
            error,
            message=Message.CARD_SALE_UNRESOLVED,
            params={"reference": record.reference},
        )

    async def post(self, record: JournalRecord, masked_pan: str) -> JournalRecord:
        """Credit the account for an approved sale (PAID -> POSTED). Idempotent on the key; a back
        office that cannot be reached leaves it PAID for recovery."""
        assert record.trace_no and record.approval_code and record.rrn and record.paid_at
        posting = CardPosting(
            out_trade_no=record.out_trade_no,
            terminal_id=record.terminal_id,
            account_no=record.account_no,
            amount_fen=record.amount_fen,
            purpose=record.purpose.value,
            masked_pan=masked_pan,
            auth_code=record.approval_code,
            rrn=record.rrn,
            trace_no=record.trace_no,
            approved_at=record.paid_at,
        )
        try:
            result = await self._backoffice.post_card_payment(posting)
        except BackOfficeError as exc:
            log.warning("card sale %s: paid, not posted yet (%s)", record.reference, exc)
            return self._journal.note_error(record.out_trade_no, f"post: {exc}")
        if result.state != PaymentState.SUCCESS or not result.posted:
            return self._journal.note_error(
                record.out_trade_no, f"post answered {result.state.value} {result.provider_code}"
            )
        return self._journal.transition(
            record.out_trade_no,
            TxState.POSTED,
            provider_trade_no=result.provider_trade_no,
            balance_after_fen=result.balance_after_fen,
            arrears_after_fen=result.arrears_after_fen,
        )

    async def _await_sale(
        self,
        sale: asyncio.Future[CardSaleResult],
        stage: _Stage,
        observer: PaymentObserver | None,
    ) -> CardSaleResult:
        """The sale's answer; a Cancel press before AUTHORISING asks the module to cancel."""
        if observer is None:
            return await sale
        try:
            while not sale.done():
                cancel = asyncio.ensure_future(observer.wait_for_cancel())
                try:
                    racing: set[asyncio.Future[Any]] = {sale, cancel}
                    await asyncio.wait(racing, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    cancel.cancel()
                    await asyncio.gather(cancel, return_exceptions=True)
                if sale.done():
                    break
                if stage.can_cancel:
                    try:
                        cancelled = await self._module.cancel_sale()
                    except DeviceError as exc:
                        log.warning("cancel_sale failed: %s", exc)
                        cancelled = False
                    if not cancelled:
                        stage.show(Stage.AUTHORISING, False)
                else:
                    # Online to the bank: no cancel any more; wait for the answer.
                    await asyncio.wait([sale])
            return sale.result()
        finally:
            if not sale.done():
                sale.cancel()
                await asyncio.gather(sale, return_exceptions=True)

    async def _after_sale(self, record: JournalRecord, result: CardSaleResult) -> PaymentOutcome:
        if result.approved:
            if result.amount_fen != record.amount_fen or result.trace_no != record.trace_no:
                # Approved, but not what was asked: no automatic step is safe.
                why = f"approved {result.amount_fen} fen trace {result.trace_no}"
                record = self._journal.transition(
                    record.out_trade_no, TxState.MANUAL_REVIEW, note="mismatch", last_error=why
                )
                return PaymentOutcome(
                    PaymentKind.UNRESOLVED,
                    record,
                    why,
                    message=Message.CARD_SALE_UNRESOLVED,
                    params={"reference": record.reference},
                )
            record = self._journal.transition(
                record.out_trade_no,
                TxState.PAID,
                provider_code=result.response_code,
                paid_at=self._clock.wall(),
                card_last4=result.last4,
                approval_code=result.auth_code,
                rrn=result.rrn,
            )
            if result.masked_pan:
                record = await self.post(record, result.masked_pan)
            return PaymentOutcome(PaymentKind.PAID, record)
        code = result.response_code
        record = self._journal.transition(
            record.out_trade_no,
            TxState.DECLINED,
            provider_code=code,
            last_error=result.message or None,
        )
        if code in CANCELLED_CODES:
            return PaymentOutcome(
                PaymentKind.DECLINED, record, result.message, message=Message.CARD_CANCELLED
            )
        return PaymentOutcome(
            PaymentKind.DECLINED,
            record,
            result.message,
            message=Message.CARD_DECLINED,
            params={"code": code, "reason": result.message},
        )


class _Stage:
    """The processing screen's stage during a sale, fed by the module's execute events."""

    def __init__(self, observer: PaymentObserver | None) -> None:
        self._observer = observer
        self.can_cancel = True

    def show(self, stage: Stage, can_cancel: bool) -> None:
        self.can_cancel = can_cancel
        if self._observer is not None:
            self._observer.stage(stage, can_cancel)

    def on_event(self, event: SaleEvent) -> None:
        stage, can_cancel = _STAGES[event]
        self.show(stage, can_cancel)
