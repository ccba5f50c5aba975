"""Test controls under /_sim: only in the simulator, never in the contract (hidden from the
OpenAPI document, documented in README.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from kiosk.backoffice.models import AccountKind, PaymentResult
from simulators.backoffice import prepaid, qr_orders, queries
from simulators.backoffice.app import State
from simulators.backoffice.books import LedgerRow
from simulators.backoffice.controls import (
    ControlsView,
    DelayRequest,
    NextPaymentRequest,
    OutageRequest,
    PaymentCodeRequest,
    QrValidityRequest,
)
from simulators.backoffice.payments import IssuedCode

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
    """All controls back to normal, the fleet's and settlement's too (the books, heartbeats,
    events and reports are kept)."""
    state.controls.reset()
    state.fleet_controls.reset()
    state.settlement_controls.reset()
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


@sim.post("/qr-validity")
async def set_qr_validity(body: QrValidityRequest, state: State) -> ControlsView:
    """How long new terminal-shown QR orders stay payable (default 120 s)."""
    state.controls.qr_valid_s = body.valid_s
    return state.controls.view()


@sim.post("/phone/scan")
async def phone_scan(body: qr_orders.PhoneScanRequest, state: State) -> PaymentResult:
    """The customer's phone scans the terminal's QR: pays (ok), fails (insufficient_funds) or
    backs out (cancel); answers the order's state after."""
    return qr_orders.phone_scan(state.engine, state.conn, body, state.clock.wall())


class PhoneBehaviourRequest(BaseModel):
    """Body of POST /_sim/phone/scan-shown."""

    behaviour: qr_orders.PhoneBehaviour = qr_orders.PhoneBehaviour.OK


@sim.post("/phone/scan-shown")
async def phone_scan_shown(body: PhoneBehaviourRequest, state: State) -> PaymentResult:
    """The phone scans the QR a terminal shows now (the newest order still waiting): for the
    hardware panel, where no real phone can reach the simulator."""
    code_url = qr_orders.newest_waiting_code_url(state.engine, state.conn)
    if code_url is None:
        raise HTTPException(404, "no QR order is waiting for a phone")
    scan = qr_orders.PhoneScanRequest(code_url=code_url, behaviour=body.behaviour)
    return qr_orders.phone_scan(state.engine, state.conn, scan, state.clock.wall())


class MeterRequest(BaseModel):
    """Body of POST /_sim/prepaid/reset_meter."""

    meter_no: str


@sim.get("/prepaid/meters")
async def get_prepaid_meters(state: State) -> list[prepaid.MeterView]:
    """Every prepaid meter: card serial, purchase count, last write-back filed."""
    return prepaid.meters(state.conn)


@sim.get("/prepaid/purchases")
async def get_prepaid_purchases(
    state: State, meter_no: str | None = None
) -> list[prepaid.PurchaseView]:
    """Prepaid purchases (with count and MAC), oldest first."""
    return prepaid.purchases(state.conn, meter_no)


@sim.post("/prepaid/reset_meter")
async def reset_prepaid_meter(body: MeterRequest, state: State) -> prepaid.MeterView:
    """A meter back to its seeded state: purchase count 0, its purchases deleted."""
    return prepaid.reset_meter(state.conn, body.meter_no)
