"""Test controls of the simulator (never part of the back-office contract): scripted outcomes
for the next payments, an outage switch and a delay for every /api call. Held in memory."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from kiosk.backoffice.models import Provider

QR_VALID_S = 120.0  # a terminal-shown QR order is payable for two minutes


class NextPaymentBehaviour(StrEnum):
    """How the next payment(s) end, whatever the payment code says."""

    DECLINE = "decline"
    PAYING_THEN_SUCCESS = "paying_then_success"
    PAYING_THEN_FAIL = "paying_then_fail"
    PAYING_FOREVER = "paying_forever"
    SYSTEM_ERROR = "system_error"  # UNKNOWN at first, SUCCESS on query
    SYSTEM_ERROR_THEN_FAIL = "system_error_then_fail"
    DROP_RESPONSE = "drop_response"  # commit the charge, then close the connection unanswered
    HTTP_500 = "http_500"  # answer 500 without committing anything
    DELAY = "delay"  # just wait delay_ms, then behave normally


class WalletBehaviour(StrEnum):
    """What the customer's wallet does with a code issued by POST /_sim/payment-codes."""

    OK = "ok"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    NEEDS_PASSWORD = "needs_password"  # PAYING, then SUCCESS on query
    NEEDS_PASSWORD_THEN_CANCEL = "needs_password_then_cancel"  # PAYING, then FAILED on query
    EXPIRED = "expired"  # issued long ago (an old screenshot): refused as expired


class NextPaymentRequest(BaseModel):
    """Body of POST /_sim/next-payment."""

    behaviour: NextPaymentBehaviour
    count: int = Field(1, ge=1, le=1000)
    delay_ms: int = Field(0, ge=0, le=120_000)


class OutageRequest(BaseModel):
    """Body of POST /_sim/outage."""

    on: bool


class QrValidityRequest(BaseModel):
    """Body of POST /_sim/qr-validity."""

    valid_s: float = Field(gt=0, le=86_400)


class DelayRequest(BaseModel):
    """Body of POST /_sim/delay."""

    ms: int = Field(ge=0, le=120_000)


class PaymentCodeRequest(BaseModel):
    """Body of POST /_sim/payment-codes."""

    provider: Provider
    behaviour: WalletBehaviour = WalletBehaviour.OK


@dataclass
class Directive:
    """One scripted behaviour, applied to the next `remaining` new payments."""

    behaviour: NextPaymentBehaviour
    remaining: int
    delay_ms: int


class ControlsView(BaseModel):
    """The controls now, as answered by every /_sim control call."""

    outage: bool
    delay_ms: int
    next_payments: list[NextPaymentRequest]
    qr_valid_s: float


@dataclass
class Controls:
    """Switches the /_sim endpoints set and the /api routes obey."""

    outage: bool = False
    delay_ms: int = 0
    queue: deque[Directive] = field(default_factory=deque)
    qr_valid_s: float = QR_VALID_S

    def script(self, request: NextPaymentRequest) -> None:
        """Queue a behaviour after those already queued."""
        self.queue.append(Directive(request.behaviour, request.count, request.delay_ms))

    def take(self) -> Directive | None:
        """The directive for one new payment, consuming one use of it."""
        if not self.queue:
            return None
        head = self.queue[0]
        head.remaining -= 1
        if head.remaining == 0:
            self.queue.popleft()
        return Directive(head.behaviour, 1, head.delay_ms)

    def reset(self) -> None:
        """Everything back to normal."""
        self.outage = False
        self.delay_ms = 0
        self.queue.clear()
        self.qr_valid_s = QR_VALID_S

    def view(self) -> ControlsView:
        """A snapshot for the answer."""
        return ControlsView(
            outage=self.outage,
            delay_ms=self.delay_ms,
            next_payments=[
                NextPaymentRequest(behaviour=d.behaviour, count=d.remaining, delay_ms=d.delay_ms)
                for d in self.queue
            ],
            qr_valid_s=self.qr_valid_s,
        )
