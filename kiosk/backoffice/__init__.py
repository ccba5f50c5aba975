"""Thin client of the utility's back-office services (DESIGN.md, Back office).

`BackOffice` is the interface the flows use; `BackOfficeClient` (client.py) is the httpx
implementation. Errors are typed so that flows can explain them to the customer.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.backoffice.models import (
    AccountSummary,
    BillCodeLookup,
    MicropayRequest,
    Notice,
    PaymentResult,
    Provider,
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

    async def aclose(self) -> None:
        """Release connections."""
        ...


__all__ = [
    "AccountNotFound",
    "BackOffice",
    "BackOfficeError",
    "BackOfficeUnavailable",
    "IdempotencyConflict",
    "RequestRejected",
]
