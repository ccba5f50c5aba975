"""The terminal's top loop: idle screen → the customer's service → back to idle.

Nothing escapes to the screen: an unexpected error is logged, the customer sees a short
explanation, and the terminal returns to idle.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from drivers.interfaces import DeviceError
from kiosk.accounts import is_well_formed_reference
from kiosk.backoffice import BackOffice, BackOfficeError
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.flows.card_io import PrepaidCardIO
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import DeviceAccess, ready_printer, usable_scanner
from kiosk.flows.pay_bill import pay_bill
from kiosk.flows.ports import (
    CancelSession,
    CustomerUI,
    GoBack,
    IdleInfo,
    Language,
    Message,
    Service,
    StartChoice,
)
from kiosk.flows.prepaid import buy_prepaid
from kiosk.flows.session import InactivityTimer
from kiosk.journal import PaymentJournal, TxState
from kiosk.receipts import build_receipt
from kiosk.recovery import recover_unfinished

log = logging.getLogger(__name__)

IDLE_REFRESH_S = 60.0
# While payment is unavailable the idle screen looks again this often, so that a terminal whose
# back office or scanner comes back offers payment within seconds, not at the next refresh.
UNAVAILABLE_RECHECK_S = 5.0
ERROR_PAUSE_S = 5.0


async def run_terminal(
    ui: CustomerUI,
    backoffice: BackOffice,
    devices: DeviceAccess,
    journal: PaymentJournal,
    settings: Settings,
    clock: Clock,
    timer: InactivityTimer,
    *,
    idle_refresh_s: float = IDLE_REFRESH_S,
    idle_changed: asyncio.Event | None = None,
    card_io: PrepaidCardIO | None = None,
) -> None:
    """Serve customers until cancelled. Nothing but cancellation ends the loop.

    `idle_changed`, when set (a device came or went), redraws the idle screen at once instead of
    at the next refresh. `card_io` replaces the prepaid-card driver (tests)."""
    while True:
        try:
            await run_one_session(
                ui,
                backoffice,
                devices,
                journal,
                settings,
                clock,
                timer,
                idle_refresh_s=idle_refresh_s,
                idle_changed=idle_changed,
                card_io=card_io,
            )
        except Exception:
            # Even the idle screen failed: log it, pause briefly so a persistent fault cannot
            # spin the loop, and start again from idle.
            log.exception("terminal loop failed; back to idle")
            await clock.sleep(ERROR_PAUSE_S)


async def run_one_session(
    ui: CustomerUI,
    backoffice: BackOffice,
    devices: DeviceAccess,
    journal: PaymentJournal,
    settings: Settings,
    clock: Clock,
    timer: InactivityTimer,
    *,
    idle_refresh_s: float = IDLE_REFRESH_S,
    idle_changed: asyncio.Event | None = None,
    card_io: PrepaidCardIO | None = None,
) -> StartChoice:
    """Idle until a customer starts a service (or inserts a meter card, which starts buying
    electricity), serve them, and return what they chose."""
    default = Language(settings.terminal.default_language)
    ctx = FlowContext(ui, backoffice, devices, journal, settings, clock, timer, default)
    await _retry_unfinished(ctx)
    ui.set_language(default)
    choice, idle, inserted = await _idle_until_customer(ctx, idle_refresh_s, idle_changed)
    ctx.language = choice.language
    ui.set_language(choice.language)
    try:
        await timer.supervise(_serve(ctx, choice, idle, inserted, card_io))
    except CancelSession:
        log.info("session ended (%s)", "time-out" if timer.timed_out else "cancelled")
    except Exception:
        # The customer's part is over; whatever broke is in the log, never on the screen.
        log.exception("session failed outside the service")
    return choice


async def build_idle_info(ctx: FlowContext) -> IdleInfo:
    """Notices in the current language, and whether payment can be offered (and why not)."""
    terminal = ctx.settings.terminal
    english = ctx.language == Language.EN
    notices: list[tuple[str, str]] = []
    notices_en: list[tuple[str, str]] = []
    reachable = True
    try:
        now = ctx.clock.wall()
        for notice in await ctx.backoffice.list_notices():
            if _utc(notice.starts) <= now and (notice.ends is None or now < _utc(notice.ends)):
                notices_en.append((notice.title_en, notice.body_en))
                notices.append(notices_en[-1] if english else (notice.title, notice.body))
    except BackOfficeError as exc:
        log.warning("notices unavailable: %s", exc)
        try:
            reachable = await ctx.backoffice.check_health()
        except BackOfficeError:
            reachable = False
    reason: Message | None = None
    degraded: Message | None = None
    if (
        not reachable
        or not ctx.backoffice.is_available("payments")
        or not ctx.settings.payment.methods
    ):
        reason = Message.BACKOFFICE_DOWN
    elif usable_scanner(ctx.devices) is None:
        # Payment codes cannot be read, but the keypad still finds an account and its bills.
        degraded = Message.SCANNER_DOWN_LOOKUP_ONLY
    return IdleInfo(
        hall_name=terminal.hall_name_en if english else terminal.hall_name,
        notices=notices,
        payment_available=reason is None,
        unavailable_reason=reason,
        degraded_reason=degraded,
        hall_name_en=terminal.hall_name_en,
        notices_en=notices_en,
    )


async def reprint(ctx: FlowContext) -> None:
    """Reprint a receipt by the reference shown on the paid screen, marked as a reprint."""
    error: Message | None = None
    while True:
        try:
            reference = (await ctx.ui.ask_reference(error)).strip()
        except GoBack:
            return
        ctx.touch()
        record = (
            ctx.journal.find_by_reference(reference)
            if is_well_formed_reference(reference)
            else None
        )
        if record is None or record.state not in (TxState.POSTED, TxState.COMPLETED):
            error = Message.REFERENCE_UNKNOWN
            continue
        printer = await ready_printer(ctx.devices)
        if printer is None:
            await ctx.ui.show_message(Message.RECEIPT_FAILED, {"reference": reference})
            return
        receipt = build_receipt(
            record, hall_name=ctx.hall_name, language=ctx.language, reprint=True
        )
        try:
            await printer.print_receipt(receipt)
        except DeviceError as exc:
            log.warning("reprint of %s failed: %s", reference, exc)
            await ctx.ui.show_message(Message.RECEIPT_FAILED, {"reference": reference})
            return
        if record.receipt_printed_at is None:
            ctx.journal.mark_receipt_printed(record.out_trade_no, receipt.plain_text())
        await ctx.ui.show_message(Message.REPRINTED, {"reference": reference})
        return


async def _serve(
    ctx: FlowContext,
    choice: StartChoice,
    idle: IdleInfo,
    card_inserted: bool = False,
    card_io: PrepaidCardIO | None = None,
) -> None:
    try:
        if choice.service == Service.REPRINT:
            await reprint(ctx)
        elif not idle.payment_available:
            await ctx.ui.show_message(idle.unavailable_reason or Message.BACKOFFICE_DOWN, {})
        elif choice.service == Service.BUY_PREPAID:
            await buy_prepaid(ctx, card_inserted=card_inserted, card_io=card_io)
        else:
            await pay_bill(ctx)
    except (CancelSession, GoBack, asyncio.CancelledError):
        raise
    except Exception:
        log.exception("service %s failed", choice.service.value)
        await ctx.ui.show_message(Message.TECHNICAL_PROBLEM, {})


async def _idle_until_customer(
    ctx: FlowContext, refresh_s: float, changed: asyncio.Event | None
) -> tuple[StartChoice, IdleInfo, bool]:
    """The idle screen until a customer comes; redrawn every `refresh_s` and when `changed`.
    A meter card inserted meanwhile starts buying electricity (the third value is True).

    A redraw builds the new state while the old screen still answers a touch, so a customer who
    touches during a redraw is never ignored.
    """
    if changed is not None:
        changed.clear()
    idle = await build_idle_info(ctx)
    customer = asyncio.ensure_future(ctx.ui.wait_for_customer(idle))
    card = _watch_card_reader(ctx)
    try:
        while True:
            if card is not None and card.done():
                if not card.cancelled() and card.exception() is None:
                    # The customer may have chosen a language on the idle screen first.
                    return StartChoice(Service.BUY_PREPAID, ctx.ui.language), idle, True
                log.warning("card reader stopped watching: %r", card)
                card = None
            wait_s = refresh_s
            if not idle.payment_available or idle.degraded_reason is not None:
                wait_s = min(refresh_s, UNAVAILABLE_RECHECK_S)
            waiters: set[asyncio.Future[Any]] = {asyncio.ensure_future(ctx.clock.sleep(wait_s))}
            if changed is not None:
                waiters.add(asyncio.ensure_future(changed.wait()))
            watched = {card} if card is not None else set()
            try:
                await asyncio.wait(
                    {customer, *waiters, *watched}, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for waiter in waiters:
                    waiter.cancel()
                await asyncio.gather(*waiters, return_exceptions=True)
            if card is not None and card.done() and not customer.done():
                continue
            if not customer.done():
                if changed is not None:
                    changed.clear()
                await _retry_unfinished(ctx)
                fresh = await build_idle_info(ctx)
                if not customer.done():
                    customer.cancel()
                    await asyncio.gather(customer, return_exceptions=True)
                    idle = fresh
                    customer = asyncio.ensure_future(ctx.ui.wait_for_customer(idle))
                    continue
            return customer.result(), idle, False
    finally:
        for task in (customer, card):
            if task is not None and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


def _watch_card_reader(ctx: FlowContext) -> asyncio.Future[bytes] | None:
    """Wait for a meter card at the idle screen, when there is a reader and payment works."""
    reader = ctx.devices.card_reader()
    if reader is None or not ctx.settings.prepaid.enabled:
        return None
    return asyncio.ensure_future(reader.wait_for_card())


async def _retry_unfinished(ctx: FlowContext) -> None:
    """Payments left for later (back office was down) are retried while nobody is waiting."""
    if not ctx.journal.unfinished():
        return
    try:
        await recover_unfinished(
            ctx.journal, ctx.backoffice, ctx.devices, ctx.settings, ctx.clock, print_receipts=False
        )
    except Exception:
        log.exception("retrying unfinished payments failed")


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
