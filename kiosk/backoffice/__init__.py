"""Thin client of the utility's back-office services (DESIGN.md, Back office).

`BackOffice` is the interface the flows use; `BackOfficeClient` (client.py) is the httpx
implementation. Errors are typed so that flows can explain them to the customer.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from kiosk.backoffice.fleet_models import (
    EventAck,
    EventBatch,
    Heartbeat,
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
)
from kiosk.backoffice.models import (
    AccountSummary,
    BillCodeLookup,
    CardPosting,
    MicropayRequest,
    Notice,
    PaymentResult,
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PrepaidPurchase,
    Provider,
    PurchaseRecord,
    QrOrder,
    QrOrderRequest,
    WrittenReport,
)


class BackOfficeError(Exception):
    """Any failure talking to the back office."""


class BackOfficeUnavailable(BackOfficeError):
    """Network error, time-out, 5xx, or the service's breaker is open. The outcome of a write is
    unknown: the caller must query before deciding anything."""


class AccountNotFound(BackOfficeError):
    """No account with that number, or no account behind that bill code."""


class IdempotencyConflict(BackOfficeError):
    """The same idempotency key was used with a different request body."""


class RequestRejected(BackOfficeError):
    """The back office refused the request as invalid (4xx other than the above)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class BackOffice(Protocol):
    """What the terminal asks of the back office."""

    def is_available(self, service: str = "payments") -> bool:
        """False while that service's breaker is open (no I/O)."""
        ...

    async def check_health(self) -> bool:
        """Ask the back office whether it is up; updates the breakers."""
        ...

    async def get_account(self, account_no: str) -> AccountSummary:
        """The account summary with its last 12 bills. Raises AccountNotFound."""
        ...

    async def lookup_bill_code(self, code: str) -> BillCodeLookup:
        """Resolve a scanned paper-bill barcode or QR. Raises AccountNotFound."""
        ...

    async def list_notices(self) -> list[Notice]:
        """Hall notices for the idle screen."""
        ...

    async def micropay(self, request: MicropayRequest) -> PaymentResult:
        """Charge a customer's payment code. Idempotent on `request.out_trade_no`."""
        ...

    async def query_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """The payment's state now (state NOT_FOUND if the back office never saw it)."""
        ...

    async def reverse_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """Cancel / reverse: close an order still waiting, refund one that was paid."""
        ...

    async def post_card_payment(self, posting: CardPosting) -> PaymentResult:
        """Credit the account for a sale the payment module approved. Idempotent on
        `posting.out_trade_no`; the result has state SUCCESS and `posted` True."""
        ...

    async def create_qr_order(self, request: QrOrderRequest) -> QrOrder:
        """Create a WeChat Native / Alipay precreate order; poll it with query_payment and close
        it with reverse_payment. Idempotent on `request.out_trade_no`."""
        ...

    async def read_prepaid_card(self, report: PrepaidCardReport) -> PrepaidCardInfo:
        """File the card's write-back record and get the meter's account, history and anything
        still to write. Raises AccountNotFound for a card the back office does not know, and
        RequestRejected (code CARD_MISMATCH) when the card and the meter's records disagree."""
        ...

    async def create_prepaid_order(self, request: PrepaidOrderRequest) -> PrepaidPurchase:
        """Open a purchase (AWAITING_PAYMENT) before it is paid. Idempotent."""
        ...

    async def issue_prepaid_purchase(self, out_trade_no: str) -> PurchaseRecord:
        """The record and MAC to write, once the purchase is paid (RequestRejected NOT_PAID
        otherwise). Asking again returns the same record."""
        ...

    async def confirm_prepaid_written(
        self, out_trade_no: str, report: WrittenReport
    ) -> PrepaidPurchase:
        """The purchase was read back from the card: status WRITTEN. Idempotent."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class FleetBackOffice(Protocol):
    """The fleet and settlement services (maintenance, heartbeats). `BackOfficeClient` implements
    this as well as `BackOffice`; a separate protocol so that customer flows' fakes need not."""

    async def send_heartbeat(self, heartbeat: Heartbeat) -> None:
        """POST /api/v1/fleet/heartbeat. Not retried: the next heartbeat supersedes it."""
        ...

    async def send_fleet_events(self, batch: EventBatch) -> EventAck:
        """POST /api/v1/fleet/events; safe to send again (the back office ignores known seqs)."""
        ...

    async def get_settlement(self, terminal_id: str, day: date) -> Settlement:
        """GET /api/v1/settlement: what the back office settled for this terminal on `day`."""
        ...

    async def submit_reconciliation(
        self, report: ReconciliationReport, idempotency_key: str
    ) -> ReconciliationAck:
        """POST /api/v1/reconciliations with an Idempotency-Key (retried safely)."""
        ...


__all__ = [
    "AccountNotFound",
    "BackOffice",
    "BackOfficeError",
    "BackOfficeUnavailable",
    "FleetBackOffice",
    "IdempotencyConflict",
    "RequestRejected",
]
