"""Pay an electricity bill (or top up), the way the business process reads:

identify the account → show it → choose the amount → choose the method (payment code, the
terminal's QR, a bank card) → pay → receipt. Back goes one step back; Cancel (or the inactivity
timer) unwinds through the `finally` blocks, which switch the scanner off and drop the customer's
data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.interfaces import DeviceError
from kiosk.accounts import is_valid_account_no, mask_address, mask_name
from kiosk.backoffice import AccountNotFound, BackOfficeUnavailable
from kiosk.backoffice.models import AccountSummary
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import ready_printer, usable_scanner
from kiosk.flows.methods import (
    ChargeRequest,
    JourneyEnded,
    MethodStep,
    charge,
    switch_scanning,
    unpaid_outcome,
)
from kiosk.flows.payment import PaymentKind, PaymentOutcome
from kiosk.flows.ports import (
    AccountPrompt,
    AccountView,
    AmountChoice,
    GoBack,
    Message,
    Outcome,
    PayMethod,
    Stage,
)
from kiosk.flows.tasks import race_with_scanner
from kiosk.journal import JournalRecord, Purpose, TxState
from kiosk.receipts import build_receipt

log = logging.getLogger(__name__)

TOPUP_PRESETS_FEN = (5000, 10000, 20000, 50000, 100000)


@dataclass
class BillSession:
    """What the customer chose so far. Personal data lives here only for the session."""

    account: AccountSummary | None = None
    amount_fen: int = 0
    purpose: Purpose = Purpose.BILL
    method: PayMethod | None = None

    def forget(self) -> None:
        """Drop the customer's data at the end of the session."""
        self.account = None
        self.amount_fen = 0
        self.method = None


def account_view(account: AccountSummary) -> AccountView:
    """The account as the screens show it: name and address masked; payable when there are
    arrears or top-ups are allowed."""
    return AccountView(
        account_no=account.account_no,
        masked_name=mask_name(account.name),
        masked_address=mask_address(account.address),
        kind=account.kind,
        tariff_name=account.tariff_name,
        arrears_fen=account.arrears_fen,
        balance_fen=account.balance_fen,
        retail_company=account.retail_company,
        bills=list(account.bills),
        can_pay=account.arrears_fen > 0 or account.topup_allowed,
    )


async def pay_bill(ctx: FlowContext) -> Outcome | None:
    """The pay-a-bill journey. Returns the outcome shown, or None if it ended before paying.

    Raises CancelSession when the customer cancels.
    """
    return await PayBillJourney(ctx).run()


class PayBillJourney:
    """One customer's pay-a-bill journey, step by step."""

    def __init__(self, ctx: FlowContext) -> None:
        self.ctx = ctx
        self.ui = ctx.ui
        self.session = BillSession()
        self.method_step = MethodStep()

    async def run(self) -> Outcome | None:
        """Walk the steps; Back returns to the previous one, Back on the first leaves."""
        steps = (
            self.identify,
            self.show_account,
            self.choose_amount,
            self.choose_method,
            self.pay,
        )
        index = 0
        try:
            while True:
                try:
                    await steps[index]()
                except GoBack:
                    self.ctx.touch()
                    if index == 0:
                        return None
                    index -= 1
                else:
                    index += 1
        except JourneyEnded as end:
            return end.outcome
        except BackOfficeUnavailable:
            await self.ui.show_message(Message.BACKOFFICE_DOWN, {})
            return None
        finally:
            self.session.forget()

    # -- identify ---------------------------------------------------------------------------------

    async def identify(self) -> None:
        """Keypad entry of the account number, or a scanned paper bill."""
        error: Message | None = None
        scanner = usable_scanner(self.ctx.devices)
        while True:
            prompt = AccountPrompt(scan_available=scanner is not None, error=error)
            scanning = await switch_scanning(scanner, True)
            try:
                raced = await race_with_scanner(
                    self.ui.ask_account_number(prompt), scanning, until_screen=True
                )
            finally:
                await switch_scanning(scanning, False)
            self.ctx.touch()
            if raced.scanner_gone:
                scanner = None
            if raced.code is not None:
                try:
                    account_no = (await self.ctx.backoffice.lookup_bill_code(raced.code)).account_no
                except AccountNotFound:
                    error = Message.BILL_CODE_UNKNOWN
                    continue
            else:
                account_no = (raced.answer or "").strip()
                if not is_valid_account_no(account_no):
                    error = Message.ACCOUNT_MALFORMED
                    continue
            try:
                self.session.account = await self.ctx.backoffice.get_account(account_no)
            except AccountNotFound:
                error = Message.ACCOUNT_NOT_FOUND
                continue
            return

    # -- show the account -------------------------------------------------------------------------

    async def show_account(self) -> None:
        """The masked summary; the customer presses Pay (or Back)."""
        view = account_view(self._account())
        await self.ui.show_account(view)
        self.ctx.touch()
        if not view.can_pay:
            await self.ui.show_message(Message.NOTHING_TO_PAY, {})
            raise JourneyEnded()

    # -- amount -----------------------------------------------------------------------------------

    async def choose_amount(self) -> None:
        """The arrears, or for prepaid / deposit accounts any amount within the limits."""
        account = self._account()
        limits = self.ctx.settings.payment
        arrears = account.arrears_fen
        if account.topup_allowed:
            low = min(arrears, limits.min_topup_fen) if arrears > 0 else limits.min_topup_fen
            high = limits.max_amount_fen
            presets = sorted(
                {arrears} - {0} | {p for p in TOPUP_PRESETS_FEN if max(low, arrears) <= p <= high}
            )
        else:
            low = high = arrears
            presets = [arrears]
        if low > high or arrears > limits.max_amount_fen:
            # More than one transaction may carry: the staffed counter takes it.
            await self.ui.show_message(
                Message.AMOUNT_OUT_OF_RANGE, {"min": str(low), "max": str(limits.max_amount_fen)}
            )
            raise JourneyEnded()
        error: Message | None = None
        while True:
            amount = await self.ui.ask_amount(
                AmountChoice(arrears, account.topup_allowed, low, high, presets, error)
            )
            self.ctx.touch()
            if type(amount) is int and (amount == arrears > 0 or low <= amount <= high):
                break
            error = Message.AMOUNT_OUT_OF_RANGE
        self.session.amount_fen = amount
        self.session.purpose = (
            # Money up to the arrears pays bills; only more than that is credit in advance.
            Purpose.TOPUP if account.topup_allowed and amount > arrears else Purpose.BILL
        )

    # -- method ----------------------------------------------------------------------------------

    async def choose_method(self) -> None:
        """Any method that works now; first, if no receipt can be printed, ask whether to go on."""
        self.session.method = await self.method_step.choose(self.ctx, self.session.amount_fen)

    # -- pay --------------------------------------------------------------------------------------

    async def pay(self) -> None:
        """Charge by the chosen method and end with the outcome (receipt once posted)."""
        method = self.session.method
        assert method is not None
        request = ChargeRequest(
            self._account().account_no, self.session.purpose, self.session.amount_fen
        )
        raise JourneyEnded(await charge(self.ctx, method, request, self._finish))

    async def _finish(self, result: PaymentOutcome) -> Outcome:
        if result.kind == PaymentKind.PAID:
            return await self._deliver(result.record)
        outcome = unpaid_outcome(result)
        await self.ui.show_outcome(outcome, self.ctx.settings.ui.receipt_screen_s)
        return outcome

    async def _deliver(self, record: JournalRecord) -> Outcome:
        """Print the receipt (only once the back office has posted it), then show the outcome."""
        printed = False
        printer = await ready_printer(self.ctx.devices) if record.state == TxState.POSTED else None
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
        outcome = Outcome(
            paid=True,
            amount_fen=record.amount_fen,
            reference=record.reference,
            message=None if printed else Message.RECEIPT_FAILED,
            params={} if printed else {"reference": record.reference},
            receipt_printed=printed,
        )
        try:
            await self.ui.show_outcome(outcome, self.ctx.settings.ui.receipt_screen_s)
        finally:
            if record.state == TxState.POSTED:
                self.ctx.journal.transition(record.out_trade_no, TxState.COMPLETED)
        return outcome

    # -- helpers ----------------------------------------------------------------------------------

    def _account(self) -> AccountSummary:
        account = self.session.account
        assert account is not None, "step order: identify first"
        return account
