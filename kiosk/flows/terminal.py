"""The terminal's top loop: idle screen → the customer's service → back to idle.

Nothing escapes to the screen: an unexpected error is logged, the customer sees a short
explanation, and the terminal returns to idle.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from kiosk.backoffice import BackOffice, BackOfficeError
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.flows.card_io import PrepaidCardIO
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import DeviceAccess, usable_scanner
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
    VideoTellerRequested,
)
from kiosk.flows.prepaid import buy_prepaid
from kiosk.flows.session import InactivityTimer
from kiosk.flows.staff_door import Arrival, StaffDoor, with_service_state
from kiosk.flows.video_teller import VideoDesk, video_teller
from kiosk.journal import PaymentJournal
from kiosk.maintenance.flow import MaintenanceEntry
from kiosk.maintenance.reprint import ReprintError, ReprintFailure, reprint_receipt
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
    staff: StaffDoor | None = None,
    video: VideoDesk | None = None,
) -> None:
    """Serve customers until cancelled. Nothing but cancellation ends the loop.

    `idle_changed`, when set (a device came or went), redraws the idle screen at once instead of
    at the next refresh. `card_io` replaces the prepaid-card driver (tests). `staff` lets hall
    staff into maintenance from the idle screen (and takes the terminal out of service)."""
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
                staff=staff,
                video=video,
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
    staff: StaffDoor | None = None,
    video: VideoDesk | None = None,
) -> StartChoice:
    """Idle until a customer starts a service (or inserts a meter card, which starts buying
    electricity), serve them, and return what they chose. Staff arriving at the idle screen get
    their maintenance session instead."""
    default = Language(settings.terminal.default_language)
    ctx = FlowContext(ui, backoffice, devices, journal, settings, clock, timer, default)
    await _retry_unfinished(ctx)
    ui.set_language(default)
    arrival = await _idle_until_customer(ctx, idle_refresh_s, idle_changed, staff, video)
    choice, idle, inserted = arrival.choice, arrival.idle, arrival.card_inserted
    if arrival.staff_entry is not None and staff is not None:
        reader = (
            devices.card_reader() if arrival.staff_entry == MaintenanceEntry.STAFF_CARD else None
        )
        try:
            await staff.run(arrival.staff_entry, reader)
        except Exception:
            log.exception("maintenance session failed")
        return choice
    ctx.language = choice.language
    ui.set_language(choice.language)
    try:
        await timer.supervise(_serve(ctx, choice, idle, inserted, card_io, video))
    except CancelSession:
        log.info("session ended (%s)", "time-out" if timer.timed_out else "cancelled")
    except Exception:
        # The customer's part is over; whatever broke is in the log, never on the screen.
        log.exception("session failed outside the service")
    return choice


async def build_idle_info(
    ctx: FlowContext, staff: StaffDoor | None = None, video: VideoDesk | None = None
) -> IdleInfo:
    """Notices in the current language, whether payment can be offered (and why not), and
    whether staff took the terminal out of service."""
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
    idle = IdleInfo(
        hall_name=terminal.hall_name_en if english else terminal.hall_name,
        notices=notices,
        payment_available=reason is None,
        unavailable_reason=reason,
        degraded_reason=degraded,
        hall_name_en=terminal.hall_name_en,
        notices_en=notices_en,
        video_available=video is not None and video.available(),
    )
    return with_service_state(
        idle, staff, terminal.next_counter_hint, terminal.next_counter_hint_en
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
        try:
            await reprint_receipt(
                ctx.journal,
                ctx.devices,
                reference,
                hall_name=ctx.hall_name,
                language=ctx.language,
            )
        except ReprintError as exc:
            if exc.reason == ReprintFailure.UNKNOWN_REFERENCE:
                error = Message.REFERENCE_UNKNOWN
                continue
            await ctx.ui.show_message(Message.RECEIPT_FAILED, {"reference": reference})
            return
        await ctx.ui.show_message(Message.REPRINTED, {"reference": reference})
        return


async def _serve(
    ctx: FlowContext,
    choice: StartChoice,
    idle: IdleInfo,
    card_inserted: bool = False,
    card_io: PrepaidCardIO | None = None,
    video: VideoDesk | None = None,
) -> None:
    """The customer's service; a "Video teller" press on a service screen turns it into a video
    call, and the service a teller hands the customer back to runs next, in the same session."""
    service: Service | None = choice.service
    try:
        while service is not None:
            try:
                if service == Service.VIDEO_TELLER:
                    service = await _video_call(ctx, video)
                    card_inserted = False
                    continue
                await _journey(ctx, service, idle, card_inserted, card_io)
                return
            except VideoTellerRequested:
                service = Service.VIDEO_TELLER
    except (CancelSession, GoBack, asyncio.CancelledError):
        raise
    except Exception:
        log.exception("service %s failed", choice.service.value)
        await ctx.ui.show_message(Message.TECHNICAL_PROBLEM, {})


async def _video_call(ctx: FlowContext, video: VideoDesk | None) -> Service | None:
    """A call to a teller; the service they hand the customer back to, if any."""
    if video is None or not video.available():
        await ctx.ui.show_message(Message.VIDEO_UNAVAILABLE, {})
        return None
    handed_back = await video_teller(ctx, video)
    if handed_back is not None:
        log.info("video teller handed the customer back to %s", handed_back.value)
    return handed_back


async def _journey(
    ctx: FlowContext,
    service: Service,
    idle: IdleInfo,
    card_inserted: bool,
    card_io: PrepaidCardIO | None,
) -> None:
    if service == Service.REPRINT:
        await reprint(ctx)
    elif not idle.payment_available:
        await ctx.ui.show_message(idle.unavailable_reason or Message.BACKOFFICE_DOWN, {})
    elif service == Service.BUY_PREPAID:
        await buy_prepaid(ctx, card_inserted=card_inserted, card_io=card_io)
    else:
        await pay_bill(ctx)


async def _idle_until_customer(
    ctx: FlowContext,
    refresh_s: float,
    changed: asyncio.Event | None,
    staff: StaffDoor | None,
    video: VideoDesk | None = None,
) -> Arrival:
    """The idle screen until a customer (or staff) comes; redrawn every `refresh_s` and when
    `changed`. A meter card inserted meanwhile starts buying electricity; a staff card, the
    operator switch or the hall name held down lets staff in.

    A redraw builds the new state while the old screen still answers a touch, so a customer who
    touches during a redraw is never ignored.
    """
    if changed is not None:
        changed.clear()
    idle = await build_idle_info(ctx, staff, video)
    customer = asyncio.ensure_future(ctx.ui.wait_for_customer(idle))
    card = _watch_card_reader(ctx, staff)
    try:
        while True:
            if staff is not None and staff.requested.is_set():
                return Arrival(
                    _staff_choice(ctx), idle, staff_entry=MaintenanceEntry.OPERATOR_SWITCH
                )
            if card is not None and card.done():
                arrival = _card_arrival(ctx, card, idle, staff)
                if arrival is not None:
                    return arrival
                ignored = not card.cancelled() and card.exception() is None
                # A reader that failed is not watched again until the next idle screen: a
                # broken one would fail at once, again and again.
                card = _watch_card_reader(ctx, staff) if ignored else None
            wait_s = refresh_s
            if not idle.payment_available or idle.degraded_reason is not None:
                wait_s = min(refresh_s, UNAVAILABLE_RECHECK_S)
            waiters: set[asyncio.Future[Any]] = {asyncio.ensure_future(ctx.clock.sleep(wait_s))}
            if changed is not None:
                waiters.add(asyncio.ensure_future(changed.wait()))
            if staff is not None:
                waiters.add(asyncio.ensure_future(staff.requested.wait()))
            watched = {card} if card is not None else set()
            try:
                await asyncio.wait(
                    {customer, *waiters, *watched}, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for waiter in waiters:
                    waiter.cancel()
                await asyncio.gather(*waiters, return_exceptions=True)
            if not customer.done():
                if (card is not None and card.done()) or (
                    staff is not None and staff.requested.is_set()
                ):
                    continue
                if changed is not None:
                    changed.clear()
                await _retry_unfinished(ctx)
                fresh = await build_idle_info(ctx, staff, video)
                if not customer.done():
                    customer.cancel()
                    await asyncio.gather(customer, return_exceptions=True)
                    idle = fresh
                    customer = asyncio.ensure_future(ctx.ui.wait_for_customer(idle))
                    continue
            arrival = _customer_arrival(customer.result(), idle, staff)
            if arrival is not None:
                return arrival
            # A touch that starts nothing (out of service): show the idle screen again.
            idle = await build_idle_info(ctx, staff, video)
            customer = asyncio.ensure_future(ctx.ui.wait_for_customer(idle))
    finally:
        for task in (customer, card):
            if task is not None and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


def _customer_arrival(
    choice: StartChoice, idle: IdleInfo, staff: StaffDoor | None
) -> Arrival | None:
    """A touch on the idle screen: the long press lets staff in; out of service, nothing else
    starts; None to show the idle screen again."""
    if choice.service == Service.MAINTENANCE:
        return Arrival(choice, idle, staff_entry=MaintenanceEntry.LONG_PRESS) if staff else None
    return None if idle.out_of_service else Arrival(choice, idle)


def _staff_choice(ctx: FlowContext) -> StartChoice:
    return StartChoice(Service.MAINTENANCE, ctx.ui.language)


def _card_arrival(
    ctx: FlowContext, card: asyncio.Future[bytes], idle: IdleInfo, staff: StaffDoor | None
) -> Arrival | None:
    """What a card inserted at the idle screen starts: maintenance for a staff card, a purchase
    for a meter card (in service only); None to keep watching."""
    if card.cancelled() or card.exception() is not None:
        log.warning("card reader stopped watching: %r", card)
        return None
    atr = card.result()
    if staff is not None and staff.is_staff_card(atr):
        return Arrival(_staff_choice(ctx), idle, staff_entry=MaintenanceEntry.STAFF_CARD)
    if idle.out_of_service or not ctx.settings.prepaid.enabled:
        log.info("card inserted while no purchase can be made: ignored")
        return None
    # The customer may have chosen a language on the idle screen first.
    return Arrival(StartChoice(Service.BUY_PREPAID, ctx.ui.language), idle, card_inserted=True)


def _watch_card_reader(ctx: FlowContext, staff: StaffDoor | None) -> asyncio.Future[bytes] | None:
    """Wait for a meter card or a staff card at the idle screen, when there is a reader."""
    reader = ctx.devices.card_reader()
    if reader is None or (not ctx.settings.prepaid.enabled and staff is None):
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
