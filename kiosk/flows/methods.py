"""Choosing how to pay, and charging by any `PayMethod`: the one step pay_bill and the prepaid
journey share.

Methods on offer are the configured ones that work now: payment codes need the scanner, a bank
card needs the payment module, the terminal's QR needs only the back office (checked before).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from drivers.interfaces import BarcodeScanner, DeviceError
from kiosk.accounts import detect_provider
from kiosk.flows.card_payment import CardPaymentProcess
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import ready_printer, usable_scanner
from kiosk.flows.payment import PaymentKind, PaymentOutcome, PaymentProcess
from kiosk.flows.ports import CodePrompt, Message, MethodChoice, Outcome, PayMethod, Stage
from kiosk.flows.qr_payment import QrPaymentProcess
from kiosk.flows.take_card import take_bank_card
from kiosk.flows.tasks import finish_even_if_cancelled, race_with_scanner
from kiosk.journal import Channel, JournalRecord, Purpose

log = logging.getLogger(__name__)

CODE_METHODS = (PayMethod.WECHAT, PayMethod.ALIPAY)


class JourneyEnded(Exception):
    """The journey is over (explained to the customer already); carries the outcome, if any."""

    def __init__(self, outcome: Outcome | None = None) -> None:
        super().__init__()
        self.outcome = outcome


def available_methods(ctx: FlowContext) -> list[PayMethod]:
    """The configured methods that can work now, in the configured order."""
    scanner = usable_scanner(ctx.devices) is not None
    module = ctx.devices.payment_module() is not None
    methods: list[PayMethod] = []
    for name in ctx.settings.payment.methods:
        method = PayMethod(name)
        if method in CODE_METHODS and not scanner:
            continue
        if method == PayMethod.UNIONPAY and not module:
            continue
        methods.append(method)
    return methods


@dataclass
class MethodStep:
    """The method screen; remembers that the customer accepted paying without a receipt."""

    no_receipt_accepted: bool = False

    async def choose(self, ctx: FlowContext, amount_fen: int) -> PayMethod:
        """Ask for one of the methods that work now; explains and ends the journey if none do."""
        if not ctx.backoffice.is_available("payments"):
            await ctx.ui.show_message(Message.BACKOFFICE_DOWN, {})
            raise JourneyEnded()
        methods = available_methods(ctx)
        if not methods:
            configured = {PayMethod(m) for m in ctx.settings.payment.methods}
            down = (
                Message.SCANNER_DOWN if configured & set(CODE_METHODS) else Message.CARD_MODULE_DOWN
            )
            await ctx.ui.show_message(down, {})
            raise JourneyEnded()
        receipt_available = await ready_printer(ctx.devices) is not None
        if not receipt_available and not self.no_receipt_accepted:
            accepted = await ctx.ui.confirm_without_receipt()
            ctx.touch()
            if not accepted:
                raise JourneyEnded()
            self.no_receipt_accepted = True
        while True:
            method = await ctx.ui.ask_method(MethodChoice(amount_fen, methods, receipt_available))
            ctx.touch()
            if method in methods:
                return PayMethod(method)


DraftHook = Callable[[JournalRecord], Awaitable[None]]
Finish = Callable[[PaymentOutcome], Coroutine[Any, Any, Outcome]]


@dataclass(frozen=True)
class ChargeRequest:
    """What to charge, for what; a prepaid purchase names its card and meter."""

    account_no: str
    purpose: Purpose
    amount_fen: int
    card_serial: str | None = None
    meter_no: str | None = None


async def charge(
    ctx: FlowContext,
    method: PayMethod,
    request: ChargeRequest,
    finish: Finish,
    on_draft: DraftHook | None = None,
) -> Outcome:
    """Take `request.amount_fen` by `method`, resolve it to a final state, and `finish` it
    (receipt, card write, outcome screen): once money may move, all of it runs to its end even
    if the session is cancelled meanwhile.

    `on_draft` runs after each new DRAFT is committed and before any money moves (the prepaid
    journey opens its back-office order there, under the same key); an exception from it ends the
    attempt with nothing charged. Raises GoBack from the code screen before any money moved, and
    JourneyEnded when the method's device is gone.
    """
    if method in CODE_METHODS:
        return await _charge_code(ctx, method, request, finish, on_draft)
    channel = Channel.CARD if method == PayMethod.UNIONPAY else Channel.QR
    draft = _draft(ctx, method, request, channel)
    if on_draft is not None:
        await on_draft(draft)
    observer = ProcessingScreen(ctx, draft.amount_fen)
    payments = PaymentProcess(ctx.backoffice, ctx.journal, ctx.clock, ctx.settings.payment)
    if method == PayMethod.UNIONPAY:
        module = ctx.devices.payment_module()
        if module is None:
            await ctx.ui.show_message(Message.CARD_MODULE_DOWN, {})
            raise JourneyEnded()
        cards = CardPaymentProcess(
            module, ctx.backoffice, ctx.journal, ctx.clock, ctx.settings.payment.card
        )
        rules = ctx.settings.payment.card

        async def sale() -> Outcome:
            outcome = await cards.pay(draft, observer)
            # The card comes out first: a customer who has what they came for forgets it.
            await take_bank_card(
                ctx.ui,
                module,
                rules.take_card_reminder_s,
                rules.take_card_timeout_s,
                outcome.record.reference,
            )
            return await finish(outcome)

        with ctx.inactivity_held():
            return await finish_even_if_cancelled(sale())
    # The QR screen is not "in flight": a customer who walks away ends the session, and the
    # order is closed on the way out.
    qr = QrPaymentProcess(ctx.backoffice, ctx.journal, ctx.clock, ctx.settings.payment.qr, payments)
    paid = await qr.pay(draft, ctx.ui, observer)
    with ctx.inactivity_held():
        return await finish_even_if_cancelled(finish(paid))


async def _charge_code(
    ctx: FlowContext,
    method: PayMethod,
    request: ChargeRequest,
    finish: Finish,
    on_draft: DraftHook | None,
) -> Outcome:
    """Read the customer's code (rescan on a wrong one, a new key after an expired one), pay."""
    provider = method.provider
    payments = PaymentProcess(ctx.backoffice, ctx.journal, ctx.clock, ctx.settings.payment)
    error: Message | None = None
    params: dict[str, str] = {}
    while True:
        code = await _read_payment_code(
            ctx, CodePrompt(provider, request.amount_fen, error, params)
        )
        scanned = detect_provider(code)
        if scanned is None:
            error, params = Message.CODE_NOT_A_PAYMENT_CODE, {}
            continue
        if scanned != provider:
            error = Message.CODE_WRONG_PROVIDER
            params = {"expected": provider.value, "scanned": scanned.value}
            continue
        draft = _draft(ctx, method, request, Channel.CODE)
        if on_draft is not None:
            await on_draft(draft)
        with ctx.inactivity_held():
            # From here money may move: finish it even if the session is cancelled meanwhile.
            outcome = await finish_even_if_cancelled(
                _pay_code(payments, draft, code, ProcessingScreen(ctx, draft.amount_fen), finish)
            )
        del code
        if outcome is None:
            error, params = Message.CODE_EXPIRED, {}
            continue
        return outcome


async def _pay_code(
    payments: PaymentProcess,
    draft: JournalRecord,
    code: str,
    observer: ProcessingScreen,
    finish: Finish,
) -> Outcome | None:
    """One payment-code attempt and its finish; None if the code had expired (nothing taken)."""
    outcome = await payments.pay(draft, code, observer)
    if outcome.kind == PaymentKind.EXPIRED:
        return None
    return await finish(outcome)


def _draft(
    ctx: FlowContext, method: PayMethod, request: ChargeRequest, channel: Channel
) -> JournalRecord:
    return ctx.journal.create_draft(
        terminal_id=ctx.settings.terminal.id,
        account_no=request.account_no,
        purpose=request.purpose,
        amount_fen=request.amount_fen,
        provider=method.provider,
        channel=channel,
        card_serial=request.card_serial,
        meter_no=request.meter_no,
    )


async def _read_payment_code(ctx: FlowContext, prompt: CodePrompt) -> str:
    scanner = await switch_scanning(usable_scanner(ctx.devices), True)
    if scanner is None:
        await ctx.ui.show_message(Message.SCANNER_DOWN, {})
        raise JourneyEnded()
    try:
        raced = await race_with_scanner(ctx.ui.wait_at_code_prompt(prompt), scanner)
    finally:
        await switch_scanning(scanner, False)
    ctx.touch()
    if raced.code is None:
        # The scanner vanished (or the screen returned, which it must not): no code to read.
        await ctx.ui.show_message(Message.SCANNER_DOWN, {})
        raise JourneyEnded()
    return raced.code.strip()


async def switch_scanning(scanner: BarcodeScanner | None, on: bool) -> BarcodeScanner | None:
    """Switch reading on or off; a scanner that fails to switch on is treated as absent."""
    if scanner is None:
        return None
    try:
        await scanner.set_scanning(on)
    except DeviceError as exc:
        log.warning("scanner could not switch %s: %s", "on" if on else "off", exc)
        return None
    return scanner


class ProcessingScreen:
    """The processing screen as a payment observer."""

    def __init__(self, ctx: FlowContext, amount_fen: int) -> None:
        self._ctx = ctx
        self._amount_fen = amount_fen

    def stage(self, stage: Stage, can_cancel: bool) -> None:
        """Show the stage."""
        self._ctx.ui.show_processing(stage, self._amount_fen, can_cancel)

    async def wait_for_cancel(self) -> None:
        """Returns when the customer presses Cancel."""
        await self._ctx.ui.wait_for_cancel()


def unpaid_outcome(result: PaymentOutcome) -> Outcome:
    """What the customer is told when no money was kept (or staff must look at it)."""
    record = result.record
    if result.message is not None:
        message, params = result.message, dict(result.params)
    elif result.kind == PaymentKind.DECLINED:
        message, params = Message.DECLINED, {"reason": result.reason}
    elif result.kind == PaymentKind.REVERSED:
        message, params = Message.PAYMENT_REVERSED, {}
    elif result.kind == PaymentKind.PENDING:
        # Not closed yet (back office unreachable): recovery closes it; tell staff's reference.
        message, params = Message.PAYMENT_UNRESOLVED, {"reference": record.reference}
    else:
        message, params = Message.PAYMENT_UNRESOLVED, {"reference": record.reference}
    return Outcome(
        paid=False,
        amount_fen=record.amount_fen,
        reference=record.reference,
        message=message,
        params=params,
    )
