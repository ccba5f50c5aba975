"""Test controls under /_sim: only in the simulator, never in the contract (hidden from the
OpenAPI document, documented in README.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kiosk.backoffice.models import AccountKind
from simulators.backoffice import queries
from simulators.backoffice.app import State
from simulators.backoffice.controls import (
    ControlsView,
    DelayRequest,
    NextPaymentRequest,
    OutageRequest,
    PaymentCodeRequest,
)
from simulators.backoffice.payments import IssuedCode, LedgerRow

sim = APIRouter(prefix="/_sim", include_in_schema=False)


@sim.post("/payment-codes")
async def issue_payment_code(body: PaymentCodeRequest, state: State) -> IssuedCode:
    """A fresh code from the customer's wallet, valid for 60 s and one payment."""
    return state.engine.issue_code(body.provider, body.behaviour)


@sim.post("/next-payment")
async def script_next_payment(body: NextPaymentRequest, state: State) -> ControlsView:
    """Queue a behaviour for the next `count` new payments."""
    state.controls.script(body)
    return state.controls.view()


@sim.post("/outage")
async def set_outage(body: OutageRequest, state: State) -> ControlsView:
    """While on, every /api call answers 503."""
    state.controls.outage = body.on
    return state.controls.view()


@sim.post("/delay")
async def set_delay(body: DelayRequest, state: State) -> ControlsView:
    """Delay every /api call by `ms`."""
    state.controls.delay_ms = body.ms
    return state.controls.view()


@sim.post("/reset")
async def reset_controls(state: State) -> ControlsView:
    """All controls back to normal (the books are kept)."""
    state.controls.reset()
    return state.controls.view()


@sim.get("/controls")
async def get_controls(state: State) -> ControlsView:
    """The controls now."""
    return state.controls.view()


@sim.get("/ledger")
async def get_ledger(state: State, out_trade_no: str | None = None) -> list[LedgerRow]:
    """Charges and refunds, oldest first."""
    return state.engine.ledger(out_trade_no)


@sim.get("/accounts")
async def get_sample_accounts(
    state: State,
    kind: AccountKind | None = None,
    in_arrears: bool | None = None,
    region: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[queries.SampleAccount]:
    """Seeded accounts with their latest bill's barcode and QR text."""
    return queries.sample_accounts(state.conn, kind, in_arrears, region, limit)
