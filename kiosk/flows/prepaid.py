"""Buy electricity for a prepaid meter card (购电), the way the business process reads:

insert the card → read it → the back office finds the meter → finish any purchase still to write
(补写卡) → show credit and purchases → amount → pay by any method → the back office issues the
record and MAC → write it with count + 1 and read it back → receipt → take the card.

Money is never taken twice: a purchase paid but not written stays PAID_NOT_WRITTEN in the journal
(and pending at the back office) and is finished on the next insertion of the card, here or on any
terminal, before anything new is sold.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta, timezone
from typing import Any

from drivers.interfaces import CardRemoved, CardUnreadable, DeviceError, SmartCardReader
from drivers.prepaid_types import CardProblem, PrepaidCardData, PrepaidCardError, PurchaseWrite
from kiosk.accounts import mask_address, mask_name
from kiosk.backoffice import (
    AccountNotFound,
    BackOfficeError,
    BackOfficeUnavailable,
    RequestRejected,
)
from kiosk.backoffice.models import (
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PurchaseRecord,
    PurchaseStatus,
    WriteBackReport,
    WrittenReport,
)
from kiosk.flows.card_io import DriverCardIO, PrepaidCardIO
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import ready_printer
from kiosk.flows.methods import ChargeRequest, JourneyEnded, MethodStep, charge, unpaid_outcome
from kiosk.flows.payment import PaymentKind, PaymentOutcome
from kiosk.flows.ports import (
    AmountChoice,
    GoBack,
    Message,
    Outcome,
    PayMethod,
    PrepaidCardPrompt,
    PrepaidCardView,
    PurchaseLine,
    Stage,
)
from kiosk.flows.take_card import take_meter_card
from kiosk.flows.tasks import finish_even_if_cancelled
from kiosk.journal import JournalRecord, Purpose, TxState, UnknownTransaction
from kiosk.money import format_yuan
from kiosk.receipts import build_receipt

log = logging.getLogger(__name__)

CHINA_TIME = timezone(timedelta(hours=8), "CST")
PRESETS_FEN = (5000, 10000, 20000, 50000)

_READ_PROBLEMS = {
    CardProblem.UNREADABLE: Message.PREPAID_CARD_UNREADABLE,
    CardProblem.NOT_PRESENT: Message.PREPAID_CARD_UNREADABLE,
    CardProblem.REMOVED: Message.PREPAID_CARD_UNREADABLE,
    CardProblem.NOT_ISSUED: Message.PREPAID_CARD_NOT_ISSUED,
    CardProblem.FOREIGN: Message.PREPAID_CARD_FOREIGN,
    CardProblem.WRONG_METER_TYPE: Message.PREPAID_CARD_WRONG_METER,
    CardProblem.MAC_ERROR: Message.PREPAID_CARD_UNREADABLE,
    CardProblem.COUNT_MISMATCH: Message.PREPAID_CARD_UNREADABLE,
}


class _WriteFailed(Exception):
    """The purchase is paid but not (known to be) on the card; what to tell the customer."""

    def __init__(self, message: Message, record: JournalRecord | None) -> None:
        super().__init__(message.value)
        self.message = message
        self.record = record


async def buy_prepaid(
    ctx: FlowContext, *, card_inserted: bool = False, card_io: PrepaidCardIO | None = None
) -> Outcome | None:
    """The buy-electricity journey; `card_inserted` when it starts from a card put in at the
    idle screen. Returns the outcome of a purchase, or None if nothing was bought."""
    return await PrepaidJourney(ctx, card_io or DriverCardIO()).run(card_inserted)


class PrepaidJourney:
    """One customer's purchase for one prepaid meter card."""

    def __init__(self, ctx: FlowContext, card_io: PrepaidCardIO) -> None:
        self.ctx = ctx
        self.ui = ctx.ui
        self.io = card_io
        self.method_step = MethodStep()
        self.finished_fen = 0  # pending purchases written during this insertion

    async def run(self, card_inserted: bool) -> Outcome | None:
        """Walk the steps; the card is asked back out at the end, whatever happened."""
        reader = self.ctx.devices.card_reader()
        if reader is None or not self.ctx.settings.prepaid.enabled:
            await self.ui.show_message(Message.CARD_READER_DOWN, {})
            return None
        try:
            card = await self._insert_and_read(reader, card_inserted)
            if card is None:
                return None
            info = await self._report(card)
            card = await self._finish_pending(reader, card, info)
            return await self._sell(reader, card, info)
        except JourneyEnded as end:
            return end.outcome
        except GoBack:
            return None
        except BackOfficeUnavailable:
            await self.ui.show_message(Message.BACKOFFICE_DOWN, {})
            return None
        finally:
            prepaid = self.ctx.settings.prepaid
            await take_meter_card(
                self.ui, reader, prepaid.take_card_reminder_s, prepaid.take_card_timeout_s
            )

    # -- insert and read --------------------------------------------------------------------------

    async def _insert_and_read(
        self, reader: SmartCardReader, inserted: bool
    ) -> PrepaidCardData | None:
        error: Message | None = None
        while True:
            if not inserted:
                await self._wait_for_card(reader, PrepaidCardPrompt(error))
            inserted = False
            self.ctx.touch()
            self.ui.show_processing(Stage.READING_CARD, 0, False)
            try:
                card = await self.io.read(reader)
            except PrepaidCardError as exc:
                error = _READ_PROBLEMS[exc.problem]
                continue
            except (CardUnreadable, CardRemoved):
                error = Message.PREPAID_CARD_UNREADABLE
                continue
            except DeviceError as exc:
                log.warning("card reader failed: %s", exc)
                await self.ui.show_message(Message.CARD_READER_DOWN, {})
                raise JourneyEnded() from None
            settings = self.ctx.settings.prepaid
            if card.utility_code not in settings.utility_codes:
                error = Message.PREPAID_CARD_FOREIGN
            elif card.meter_type not in settings.meter_types:
                error = Message.PREPAID_CARD_WRONG_METER
            else:
                return card

    async def _wait_for_card(self, reader: SmartCardReader, prompt: PrepaidCardPrompt) -> None:
        """'Insert your meter card' until one is inserted (GoBack / CancelSession propagate)."""
        screen = asyncio.ensure_future(self.ui.wait_for_prepaid_card(prompt))
        inserted = asyncio.ensure_future(reader.wait_for_card())
        try:
            racing: set[asyncio.Future[Any]] = {screen, inserted}
            await asyncio.wait(racing, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (screen, inserted):
                task.cancel()
            await asyncio.gather(screen, inserted, return_exceptions=True)
        if inserted.done() and not inserted.cancelled():
            error = inserted.exception()
            if error is None:
                return
            if isinstance(error, DeviceError):
                await self.ui.show_message(Message.CARD_READER_DOWN, {})
                raise JourneyEnded()
            raise error
        screen.result()  # raises GoBack / CancelSession
        raise JourneyEnded()  # the screen returned, which it must not

    async def _report(self, card: PrepaidCardData) -> PrepaidCardInfo:
        """Upload what was read (filing the write-back record) and get the meter's account."""
        back = card.write_back
        report = PrepaidCardReport(
            terminal_id=self.ctx.settings.terminal.id,
            card_serial=card.card_serial,
            utility_code=card.utility_code,
            meter_type=card.meter_type,
            card_kind=int(card.card_kind),
            meter_no=card.meter_no,
            wallet_count=card.wallet_count,
            wallet_amount_fen=card.wallet_amount_fen,
            write_back=None
            if back is None
            else WriteBackReport(
                raw_hex=back.raw.hex().upper(),
                remaining_fen=back.remaining_fen,
                meter_count=back.meter_count,
                meter_no=back.meter_no,
                account_no=back.account_no,
                written_at=back.written_at,
            ),
        )
        try:
            return await self.ctx.backoffice.read_prepaid_card(report)
        except AccountNotFound:
            await self.ui.show_message(Message.PREPAID_CARD_UNKNOWN, {})
        except RequestRejected as exc:
            if exc.code != "CARD_MISMATCH":
                log.warning("prepaid card refused: %s", exc)
                await self.ui.show_message(Message.PREPAID_CARD_UNKNOWN, {})
            else:
                await self.ui.show_message(
                    Message.PREPAID_COUNT_MISMATCH, {"reference": card.card_serial}
                )
        raise JourneyEnded()

    # -- 补写卡: finish what was paid and not written ---------------------------------------------

    async def _finish_pending(
        self, reader: SmartCardReader, card: PrepaidCardData, info: PrepaidCardInfo
    ) -> PrepaidCardData:
        keys = [p.out_trade_no for p in info.pending]
        keys += [
            r.out_trade_no
            for r in self.ctx.journal.unwritten_for_card(card.card_serial)
            if r.out_trade_no not in keys
        ]
        for key in keys:
            local = self._local(key)
            if local is not None and local.state not in (
                TxState.POSTED,
                TxState.PAID_NOT_WRITTEN,
                TxState.WRITTEN,
            ):
                continue  # staff hold it (MANUAL_REVIEW) or it was never paid here
            try:
                issued = await self.ctx.backoffice.issue_prepaid_purchase(key)
            except RequestRejected as exc:
                log.warning("pending purchase %s not issued: %s", key, exc)
                continue
            if local is not None and local.state == TxState.POSTED:
                local = self._issued(local, issued)
            with self.ctx.inactivity_held():
                try:
                    card, local = await finish_even_if_cancelled(
                        self._write(reader, card, issued, local)
                    )
                except _WriteFailed as failed:
                    reference = failed.record.reference if failed.record else key
                    await self.ui.show_message(failed.message, {"reference": reference})
                    raise JourneyEnded() from None
                self.finished_fen += issued.amount_fen
                if local is not None:
                    await self._deliver(local)
            await self.ui.show_message(
                Message.PREPAID_FINISHED, {"amount": format_yuan(issued.amount_fen)}
            )
        return card

    # -- show, amount, method, pay ----------------------------------------------------------------

    async def _sell(
        self, reader: SmartCardReader, card: PrepaidCardData, info: PrepaidCardInfo
    ) -> Outcome | None:
        can_buy = not card.unloaded_purchase
        while True:
            await self.ui.show_prepaid_card(self._view(card, info, can_buy))
            self.ctx.touch()
            if not can_buy:
                await self.ui.show_message(Message.PREPAID_LOAD_METER_FIRST, {})
                return None
            try:
                amount = await self._ask_amount(info)
                while True:
                    method = await self.method_step.choose(self.ctx, amount)
                    try:
                        return await self._pay(reader, card, info, amount, method)
                    except GoBack:
                        self.ctx.touch()
            except GoBack:
                self.ctx.touch()

    async def _ask_amount(self, info: PrepaidCardInfo) -> int:
        limits = self.ctx.settings.prepaid
        low = max(info.min_purchase_fen, limits.min_purchase_fen)
        high = min(info.max_purchase_fen, limits.max_purchase_fen)
        presets = [p for p in PRESETS_FEN if low <= p <= high]
        error: Message | None = None
        while True:
            amount = await self.ui.ask_amount(AmountChoice(0, True, low, high, presets, error))
            self.ctx.touch()
            if type(amount) is int and low <= amount <= high:
                return amount
            error = Message.AMOUNT_OUT_OF_RANGE

    async def _pay(
        self,
        reader: SmartCardReader,
        card: PrepaidCardData,
        info: PrepaidCardInfo,
        amount: int,
        method: PayMethod,
    ) -> Outcome:
        account_no = info.account.account_no
        request = ChargeRequest(
            account_no, Purpose.PREPAID, amount, card.card_serial, card.meter_no
        )

        async def open_order(draft: JournalRecord) -> None:
            await self.ctx.backoffice.create_prepaid_order(
                PrepaidOrderRequest(
                    out_trade_no=draft.out_trade_no,
                    terminal_id=draft.terminal_id,
                    card_serial=card.card_serial,
                    meter_no=card.meter_no,
                    account_no=account_no,
                    amount_fen=amount,
                )
            )

        async def finish(result: PaymentOutcome) -> Outcome:
            if result.kind == PaymentKind.PAID:
                return await self._write_new(reader, card, result.record)
            outcome = unpaid_outcome(result)
            await self.ui.show_outcome(outcome, self.ctx.settings.ui.receipt_screen_s)
            return outcome

        try:
            outcome = await charge(self.ctx, method, request, finish, open_order)
        except RequestRejected as exc:
            # PENDING_PURCHASE: another terminal sold for this meter meanwhile; nothing charged.
            log.warning("prepaid order refused: %s", exc)
            await self.ui.show_message(Message.PREPAID_LOAD_METER_FIRST, {})
            raise JourneyEnded() from None
        raise JourneyEnded(outcome)

    async def _write_new(
        self, reader: SmartCardReader, card: PrepaidCardData, record: JournalRecord
    ) -> Outcome:
        """Paid: issue the record, write it, verify, confirm, receipt."""
        try:
            if record.state != TxState.POSTED:
                raise _WriteFailed(Message.PREPAID_NOT_WRITTEN, record)
            try:
                issued = await self.ctx.backoffice.issue_prepaid_purchase(record.out_trade_no)
            except BackOfficeError as exc:
                log.warning("purchase %s paid, not issued: %s", record.reference, exc)
                raise _WriteFailed(Message.PREPAID_NOT_WRITTEN, record) from None
            record = self._issued(record, issued)
            _, written = await self._write(reader, card, issued, record)
            assert written is not None
            return await self._deliver(written)
        except _WriteFailed as failed:
            record = failed.record or record
            outcome = Outcome(
                paid=True,
                amount_fen=record.amount_fen,
                reference=record.reference,
                message=failed.message,
                params={"reference": record.reference},
            )
            await self.ui.show_outcome(outcome, self.ctx.settings.ui.receipt_screen_s)
            return outcome

    def _issued(self, record: JournalRecord, issued: PurchaseRecord) -> JournalRecord:
        """Store the issued record (count + MAC) before it goes near the card."""
        return self.ctx.journal.transition(
            record.out_trade_no,
            TxState.PAID_NOT_WRITTEN,
            note="record issued",
            purchase_count=issued.count,
            purchase_mac=issued.mac,
        )

    async def _write(
        self,
        reader: SmartCardReader,
        card: PrepaidCardData,
        issued: PurchaseRecord,
        local: JournalRecord | None,
    ) -> tuple[PrepaidCardData, JournalRecord | None]:
        """Write `issued` unless the card already carries it, verify, and confirm it."""
        on_card = card.wallet_count > issued.count or (
            card.wallet_count == issued.count and card.wallet_amount_fen == issued.amount_fen
        )
        if not on_card:
            if card.wallet_count != issued.count - 1:
                raise _WriteFailed(Message.PREPAID_COUNT_MISMATCH, self._to_staff(local, "count"))
            self.ui.show_processing(Stage.WRITING_CARD, issued.amount_fen, False)
            purchase = PurchaseWrite(issued.amount_fen, issued.count, bytes.fromhex(issued.mac))
            try:
                card = await self.io.write(reader, purchase, card.card_serial)
            except PrepaidCardError as exc:
                if exc.problem == CardProblem.MAC_ERROR:
                    raise _WriteFailed(
                        Message.PREPAID_MAC_ERROR, self._to_staff(local, str(exc))
                    ) from None
                if exc.problem == CardProblem.COUNT_MISMATCH:
                    raise _WriteFailed(
                        Message.PREPAID_COUNT_MISMATCH, self._to_staff(local, str(exc))
                    ) from None
                removed = exc.problem in (CardProblem.REMOVED, CardProblem.NOT_PRESENT)
                raise _WriteFailed(
                    Message.PREPAID_CARD_REMOVED if removed else Message.PREPAID_NOT_WRITTEN,
                    local,
                ) from None
            except CardRemoved:
                raise _WriteFailed(Message.PREPAID_CARD_REMOVED, local) from None
            except DeviceError as exc:
                log.warning("write of %s failed: %s", issued.out_trade_no, exc)
                raise _WriteFailed(Message.PREPAID_NOT_WRITTEN, local) from None
            if card.wallet_count != issued.count or card.wallet_amount_fen != issued.amount_fen:
                raise _WriteFailed(Message.PREPAID_NOT_WRITTEN, local)
        if local is not None and local.state == TxState.PAID_NOT_WRITTEN:
            local = self.ctx.journal.transition(
                local.out_trade_no, TxState.WRITTEN, written_at=self.ctx.clock.wall()
            )
        try:
            await self.ctx.backoffice.confirm_prepaid_written(
                issued.out_trade_no,
                WrittenReport(
                    terminal_id=self.ctx.settings.terminal.id,
                    card_serial=card.card_serial,
                    count=issued.count,
                ),
            )
        except BackOfficeError as exc:
            log.warning("written %s, not confirmed yet: %s", issued.out_trade_no, exc)
        else:
            if local is not None:
                local = self.ctx.journal.record_details(
                    local.out_trade_no, written_confirmed_at=self.ctx.clock.wall()
                )
        return card, local

    def _to_staff(self, local: JournalRecord | None, why: str) -> JournalRecord | None:
        if local is None or local.state != TxState.PAID_NOT_WRITTEN:
            return local
        return self.ctx.journal.transition(
            local.out_trade_no, TxState.MANUAL_REVIEW, note="card refused", last_error=why
        )

    async def _deliver(self, record: JournalRecord) -> Outcome:
        """Receipt of a WRITTEN purchase; COMPLETED once the back office knows it is written
        (else recovery confirms it and completes it)."""
        printed = False
        printer = await ready_printer(self.ctx.devices)
        if printer is not None:
            self.ui.show_processing(Stage.PRINTING, record.amount_fen, False)
            receipt = build_receipt(
                record, hall_name=self.ctx.hall_name, language=self.ctx.language
            )
            try:
                await printer.print_receipt(receipt)
            except DeviceError as exc:
                log.warning("receipt %s not printed: %s", record.reference, exc)
            else:
                record = self.ctx.journal.mark_receipt_printed(
                    record.out_trade_no, receipt.plain_text()
                )
                printed = True
        if record.written_confirmed_at is not None:
            record = self.ctx.journal.transition(record.out_trade_no, TxState.COMPLETED)
        outcome = Outcome(
            paid=True,
            amount_fen=record.amount_fen,
            reference=record.reference,
            message=None if printed else Message.RECEIPT_FAILED,
            params={} if printed else {"reference": record.reference},
            receipt_printed=printed,
        )
        await self.ui.show_outcome(outcome, self.ctx.settings.ui.receipt_screen_s)
        return outcome

    # -- helpers ----------------------------------------------------------------------------------

    def _local(self, key: str) -> JournalRecord | None:
        try:
            return self.ctx.journal.get(key)
        except UnknownTransaction:
            return None

    def _view(self, card: PrepaidCardData, info: PrepaidCardInfo, can_buy: bool) -> PrepaidCardView:
        account = info.account
        return PrepaidCardView(
            account_no=account.account_no,
            masked_name=mask_name(account.name),
            masked_address=mask_address(account.address),
            meter_no=card.meter_no,
            remaining_fen=info.remaining_fen,
            last_purchases=[
                PurchaseLine(
                    at=p.created_at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M"),
                    amount_fen=p.amount_fen,
                    written=p.status == PurchaseStatus.WRITTEN,
                )
                for p in info.last_purchases
            ],
            pending_fen=self.finished_fen,
            can_buy=can_buy,
        )
