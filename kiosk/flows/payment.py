"""Sending a payment-code payment and resolving it by the provider's rules.

Every order ends SUCCESS, CLOSED or REVERSED, never left open: an answer that is not final is
queried (same idempotency key) on the provider's schedule until its deadline, and then reversed.
A reversal that keeps failing goes to staff (MANUAL_REVIEW). The journal moves with every step and
is committed before the outside action it allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from kiosk.backoffice import (
    AccountNotFound,
    BackOffice,
    BackOfficeError,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.models import MicropayRequest, PaymentResult, PaymentState, Provider
from kiosk.clock import Clock
from kiosk.config import PaymentSettings, ProviderRules
from kiosk.flows.ports import CancelSession, GoBack, Message, Stage
from kiosk.journal import JournalRecord, PaymentJournal, TxState

log = logging.getLogger(__name__)

# Provider answers meaning "this code can no longer pay": the customer may show a fresh one.
_EXPIRED_CODES = frozenset(
    {"AUTH_CODE_INVALID", "AUTH_CODE_ERROR", "ACQ.PAYMENT_AUTH_CODE_INVALID", "CODE_EXPIRED"}
)


def is_expired_code(provider_code: str, message: str = "") -> bool:
    """True when the provider says the payment code expired or was already used.

    WeChat puts it in the code (AUTHCODEEXPIRE, AUTH_CODE_INVALID); Alipay answers 40004 and puts
    the sub-code before a colon in the message (ACQ.PAYMENT_AUTH_CODE_INVALID: ...).
    """
    sub_code = message.split(":", 1)[0].strip() if ":" in message else ""
    for code in (provider_code.upper(), sub_code.upper()):
        if code in _EXPIRED_CODES or "EXPIRE" in code:
            return True
    return False


class PaymentKind(StrEnum):
    """How a payment ended, as the journey needs to know it."""

    PAID = "paid"  # money taken (journal PAID or POSTED)
    DECLINED = "declined"  # refused by the provider; nothing taken
    EXPIRED = "expired"  # the code was too old or used: a new code may be tried
    REVERSED = "reversed"  # not confirmed in time or cancelled: closed, nothing taken
    UNRESOLVED = "unresolved"  # reversal kept failing: staff will resolve (MANUAL_REVIEW)
    PENDING = "pending"  # back office unreachable: left for later (recovery only)


@dataclass(frozen=True)
class PaymentOutcome:
    """The end of one payment attempt and the journal record as it stands."""

    kind: PaymentKind
    record: JournalRecord
    reason: str = ""
    # What to tell the customer when it is not the payment-code default for `kind`
    # (bank cards and the terminal's QR have their own explanations).
    message: Message | None = None
    params: dict[str, str] = field(default_factory=dict)


class PaymentObserver(Protocol):
    """Who watches a payment: the processing screen, or nobody (recovery)."""

    def stage(self, stage: Stage, can_cancel: bool) -> None:
        """Progress changed."""
        ...

    async def wait_for_cancel(self) -> None:
        """Returns (or raises) when the customer presses Cancel."""
        ...


class PaymentProcess:
    """Sends payment-code payments and drives each to a final state."""

    def __init__(
        self,
        backoffice: BackOffice,
        journal: PaymentJournal,
        clock: Clock,
        settings: PaymentSettings,
        *,
        reverse_attempts: int = 4,
        reverse_backoff_s: float = 2.0,
        posting_checks: int = 3,
    ) -> None:
        self._backoffice = backoffice
        self._journal = journal
        self._clock = clock
        self._settings = settings
        self._reverse_attempts = max(1, reverse_attempts)
        self._reverse_backoff_s = reverse_backoff_s
        self._posting_checks = posting_checks

    def rules(self, provider: Provider) -> ProviderRules:
        """The polling rules of `provider`."""
        return self._settings.wechat if provider == Provider.WECHAT else self._settings.alipay

    async def pay(
        self, draft: JournalRecord, auth_code: str, observer: PaymentObserver | None = None
    ) -> PaymentOutcome:
        """Charge `auth_code` for the DRAFT transaction `draft` and resolve the result.

        The code is used for this one request and never stored.
        """
        rules = self.rules(draft.provider)
        request = MicropayRequest(
            out_trade_no=draft.out_trade_no,
            terminal_id=draft.terminal_id,
            account_no=draft.account_no,
            amount_fen=draft.amount_fen,
            provider=draft.provider,
            auth_code=auth_code,
            purpose=draft.purpose.value,
        )
        deadline = self._clock.wall() + timedelta(seconds=rules.paying_deadline_s)
        record = self._journal.transition(draft.out_trade_no, TxState.INTENT, deadline=deadline)
        _stage(observer, Stage.SENDING, False)
        try:
            result = await self._backoffice.micropay(request)
        except (RequestRejected, AccountNotFound) as exc:
            # A 4xx is a definite refusal: nothing was charged.
            code = exc.code if isinstance(exc, RequestRejected) else "ACCOUNT_NOT_FOUND"
            kind = PaymentKind.EXPIRED if is_expired_code(code) else PaymentKind.DECLINED
            record = self._journal.transition(
                record.out_trade_no, TxState.DECLINED, provider_code=code, last_error=str(exc)
            )
            return PaymentOutcome(kind, record, str(exc))
        except (BackOfficeUnavailable, IdempotencyConflict) as exc:
            # The request may or may not have arrived: only a query by the same key can tell.
            log.warning("payment %s: outcome unknown (%s)", record.reference, type(exc).__name__)
            record = self._journal.transition(
                record.out_trade_no, TxState.AWAITING, note="unknown", last_error=str(exc)
            )
            _stage(observer, Stage.RESOLVING, False)
            return await self.resolve(
                record, observer, last_state=PaymentState.UNKNOWN, leave_if_unreachable=True
            )
        return await self._after(record, result, observer)

    async def resolve(
        self,
        record: JournalRecord,
        observer: PaymentObserver | None = None,
        *,
        last_state: PaymentState = PaymentState.UNKNOWN,
        leave_if_unreachable: bool = False,
    ) -> PaymentOutcome:
        """Query an AWAITING payment on the provider's schedule until final or its deadline,
        then reverse it. While the provider says PAYING the customer may cancel (-> reverse)."""
        rules = self.rules(record.provider)
        deadline = record.deadline or self._clock.wall()
        paying = last_state == PaymentState.PAYING
        wait = rules.query_interval_s if paying else rules.first_query_after_s
        while True:
            remaining = (deadline - self._clock.wall()).total_seconds()
            if remaining <= 0:
                break
            if await self._wait(min(wait, remaining), observer if paying else None):
                _stage(observer, Stage.RESOLVING, False)
                return await self.reverse(record, "cancelled by the customer")
            wait = rules.query_interval_s
            try:
                result = await self._backoffice.query_payment(record.out_trade_no, record.provider)
            except BackOfficeError as exc:
                record = self._journal.note_error(record.out_trade_no, f"query: {exc}")
                continue
            outcome = await self._final(record, result)
            if outcome is not None:
                return outcome
            paying = result.state == PaymentState.PAYING
            record = self._awaiting(record, result)
            _stage(observer, Stage.CONFIRM_ON_PHONE if paying else Stage.RESOLVING, paying)
        _stage(observer, Stage.RESOLVING, False)
        return await self.reverse(
            record, "not confirmed by the deadline", leave_if_unreachable=leave_if_unreachable
        )

    async def reverse(
        self, record: JournalRecord, why: str, *, leave_if_unreachable: bool = False
    ) -> PaymentOutcome:
        """Close or reverse the order, retrying with backoff; after repeated failure hand it to
        staff (MANUAL_REVIEW), or with `leave_if_unreachable` leave it for later when the back
        office could not be reached at all."""
        log.info("payment %s: reversing (%s)", record.reference, why)
        delay = self._reverse_backoff_s
        unreachable_only = True
        error = ""
        for attempt in range(self._reverse_attempts):
            if attempt:
                await self._clock.sleep(delay)
                delay *= 2
            try:
                result = await self._backoffice.reverse_payment(
                    record.out_trade_no, record.provider
                )
            except BackOfficeUnavailable as exc:
                error = f"reverse: {exc}"
            except BackOfficeError as exc:
                unreachable_only = False
                error = f"reverse refused: {exc}"
            else:
                unreachable_only = False
                if result.state in (
                    PaymentState.REVERSED,
                    PaymentState.CLOSED,
                    PaymentState.NOT_FOUND,
                ):
                    return self._closed(record, result, why)
                if result.state == PaymentState.SUCCESS:
                    # Too late to reverse: the money is taken, so the payment stands.
                    return await self._settle_paid(record, result)
                error = f"reverse answered {result.state.value} {result.provider_code}"
            record = self._journal.note_error(record.out_trade_no, error)
        if leave_if_unreachable and unreachable_only:
            return PaymentOutcome(PaymentKind.PENDING, record, error)
        log.error("payment %s: reversal failed, handed to staff", record.reference)
        record = self._journal.transition(
            record.out_trade_no, TxState.MANUAL_REVIEW, note=why, last_error=error
        )
        return PaymentOutcome(PaymentKind.UNRESOLVED, record, error)

    async def settle(self, record: JournalRecord, result: PaymentResult) -> PaymentOutcome | None:
        """Apply a final answer (paid, declined, closed) to the journal; None if not final."""
        return await self._final(record, result)

    async def _after(
        self, record: JournalRecord, result: PaymentResult, observer: PaymentObserver | None
    ) -> PaymentOutcome:
        outcome = await self._final(record, result)
        if outcome is not None:
            return outcome
        record = self._awaiting(record, result)
        paying = result.state == PaymentState.PAYING
        _stage(observer, Stage.CONFIRM_ON_PHONE if paying else Stage.RESOLVING, paying)
        return await self.resolve(
            record, observer, last_state=result.state, leave_if_unreachable=True
        )

    async def _final(self, record: JournalRecord, result: PaymentResult) -> PaymentOutcome | None:
        if result.state == PaymentState.SUCCESS:
            return await self._settle_paid(record, result)
        if result.state == PaymentState.FAILED:
            expired = is_expired_code(result.provider_code, result.message)
            kind = PaymentKind.EXPIRED if expired else PaymentKind.DECLINED
            record = self._journal.transition(
                record.out_trade_no,
                TxState.DECLINED,
                provider_code=result.provider_code,
                last_error=result.message or None,
            )
            return PaymentOutcome(kind, record, result.message or result.provider_code)
        if result.state in (PaymentState.CLOSED, PaymentState.REVERSED):
            return self._closed(record, result, "closed by the provider")
        return None

    def _awaiting(self, record: JournalRecord, result: PaymentResult) -> JournalRecord:
        return self._journal.transition(
            record.out_trade_no,
            TxState.AWAITING,
            note=result.state.value,
            provider_code=result.provider_code,
        )

    def _closed(self, record: JournalRecord, result: PaymentResult, why: str) -> PaymentOutcome:
        to = (
            TxState.REFUNDED if record.state in (TxState.PAID, TxState.POSTED) else TxState.REVERSED
        )
        record = self._journal.transition(
            record.out_trade_no, to, note=why, provider_code=result.provider_code
        )
        return PaymentOutcome(PaymentKind.REVERSED, record, why)

    async def _settle_paid(self, record: JournalRecord, result: PaymentResult) -> PaymentOutcome:
        if result.amount_fen != record.amount_fen or result.provider != record.provider:
            # Paid, but not what this terminal asked for: no receipt can be right, and no
            # automatic reversal is safe. Staff settle it with the back office.
            why = (
                f"paid {result.amount_fen} fen by {result.provider.value}, "
                f"asked {record.amount_fen} fen by {record.provider.value}"
            )
            log.error("payment %s: %s", record.reference, why)
            if record.state in (TxState.INTENT, TxState.AWAITING, TxState.PAID):
                record = self._journal.transition(
                    record.out_trade_no,
                    TxState.MANUAL_REVIEW,
                    note="amount mismatch",
                    last_error=why,
                )
            return PaymentOutcome(PaymentKind.UNRESOLVED, record, why)
        if record.state not in (TxState.PAID, TxState.POSTED):
            record = self._journal.transition(
                record.out_trade_no,
                TxState.PAID,
                provider_code=result.provider_code,
                provider_trade_no=result.provider_trade_no,
                paid_at=result.paid_at or self._clock.wall(),
                balance_after_fen=result.balance_after_fen,
                arrears_after_fen=result.arrears_after_fen,
            )
        checks = 0
        while not result.posted and checks < self._posting_checks:
            # Paid but not yet credited: the back office posts on its own; give it a moment.
            checks += 1
            await self._clock.sleep(self.rules(record.provider).first_query_after_s)
            with contextlib.suppress(BackOfficeError):
                answer = await self._backoffice.query_payment(record.out_trade_no, record.provider)
                if answer.state == PaymentState.SUCCESS:
                    result = answer
        if result.posted and record.state == TxState.PAID:
            record = self._journal.transition(
                record.out_trade_no,
                TxState.POSTED,
                balance_after_fen=result.balance_after_fen,
                arrears_after_fen=result.arrears_after_fen,
            )
        return PaymentOutcome(PaymentKind.PAID, record)

    async def _wait(self, seconds: float, observer: PaymentObserver | None) -> bool:
        """Sleep `seconds`; True if the customer pressed Cancel meanwhile."""
        if observer is None:
            await self._clock.sleep(seconds)
            return False
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        cancel = asyncio.ensure_future(observer.wait_for_cancel())
        try:
            done, _ = await asyncio.wait({sleeper, cancel}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, cancel):
                task.cancel()
            await asyncio.gather(sleeper, cancel, return_exceptions=True)
        if cancel not in done or cancel.cancelled():
            return False
        error = cancel.exception()
        if error is None or isinstance(error, CancelSession | GoBack):
            return True
        log.warning("waiting for Cancel failed: %r", error)
        return False


def _stage(observer: PaymentObserver | None, stage: Stage, can_cancel: bool) -> None:
    if observer is not None:
        observer.stage(stage, can_cancel)
