"""The back-office HTTP API (the contract, under /api/v1) and the error answers.

Routes are `async def` on purpose: they run on the server's event loop, one at a time between
awaits, so that reading an order and writing it can never interleave with another request.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.backoffice.models import (
    AccountSummary,
    ApiError,
    BillCodeLookup,
    CardPosting,
    MicropayRequest,
    Notice,
    PaymentResult,
    Provider,
    QrOrder,
    QrOrderRequest,
)
from kiosk.clock import Clock
from simulators.backoffice import card_payments, qr_orders, queries
from simulators.backoffice.codes import is_valid_account_no
from simulators.backoffice.controls import Controls, NextPaymentBehaviour
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.fleet import FleetControls
from simulators.backoffice.payments import PaymentEngine, body_digest
from simulators.backoffice.settlement import SettlementControls

log = logging.getLogger("simulators.backoffice")

DROP_KEY = "simulator.drop_connection"
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ApiError} for code in (400, 404, 409, 422, 500, 503)
}


@dataclass
class SimState:
    """Everything the routes need: the database, the clock, the controls, the engine."""

    conn: sqlite3.Connection
    clock: Clock
    controls: Controls = field(default_factory=Controls)
    engine: PaymentEngine = field(init=False)
    fleet_controls: FleetControls = field(default_factory=FleetControls)
    settlement_controls: SettlementControls = field(default_factory=SettlementControls)

    def __post_init__(self) -> None:
        self.engine = PaymentEngine(self.conn, self.clock)


class Health(BaseModel):
    """Answer of GET /api/v1/health."""

    status: str
    time: datetime


def sim_state(request: Request) -> SimState:
    """The simulator state attached to the app."""
    state: SimState = request.app.state.sim
    return state


State = Annotated[SimState, Depends(sim_state)]
ProviderParam = Annotated[Provider, Query(description="the order's payment provider")]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


def check_idempotency_key(idempotency_key: str | None, out_trade_no: str) -> None:
    """Keyed writes carry their key twice, in the header and the body: they must agree."""
    if idempotency_key != out_trade_no:
        raise ApiProblem(400, "IDEMPOTENCY_KEY_MISMATCH", "Idempotency-Key must equal out_trade_no")


async def api_gate(state: State) -> None:
    """The /_sim outage switch and delay, applied to every /api call."""
    if state.controls.delay_ms:
        await asyncio.sleep(state.controls.delay_ms / 1000)
    if state.controls.outage:
        raise ApiProblem(503, "SERVICE_UNAVAILABLE", "back office unavailable (simulated outage)")


api = APIRouter(prefix="/api/v1", dependencies=[Depends(api_gate)], responses=ERRORS)


@api.get("/health", tags=["service"])
async def health(state: State) -> Health:
    """Whether the back office is up."""
    return Health(status="ok", time=state.clock.wall())


@api.get("/accounts/{account_no}", tags=["accounts"])
async def get_account(account_no: str, state: State) -> AccountSummary:
    """The account with its last 12 bills, latest first."""
    if not is_valid_account_no(account_no):
        raise ApiProblem(422, "INVALID_ACCOUNT_NO", "not 10 digits with a valid check digit")
    summary = queries.account_summary(state.conn, account_no)
    if summary is None:
        raise ApiProblem(404, "ACCOUNT_NOT_FOUND", "no such account")
    return summary


@api.get("/bill-codes/{code}", tags=["accounts"])
async def lookup_bill_code(code: str, state: State) -> BillCodeLookup:
    """Resolve a paper bill's 18-digit barcode or its EBILL: QR text."""
    found = queries.lookup_bill_code(state.conn, code)
    if found is None:
        raise ApiProblem(404, "BILL_CODE_NOT_FOUND", "not a bill of ours")
    return found


@api.get("/notices", tags=["service"])
async def list_notices(state: State) -> list[Notice]:
    """Hall notices (outages, service news), bilingual."""
    return queries.notices(state.conn)


@api.post("/payments/micropay", tags=["payments"])
async def micropay(
    body: MicropayRequest,
    request: Request,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> PaymentResult:
    """Charge a payment code. Idempotent: the Idempotency-Key header must equal out_trade_no;
    the same key with the same body gets the stored answer, with another body 409."""
    check_idempotency_key(idempotency_key, body.out_trade_no)
    engine = state.engine
    digest = body_digest(body)
    stored = engine.replay(body, digest)
    if stored is not None:
        return stored
    engine.check_acceptable(body)
    directive = state.controls.take()
    if directive and directive.delay_ms:
        await asyncio.sleep(directive.delay_ms / 1000)
    if directive and directive.behaviour is NextPaymentBehaviour.HTTP_500:
        raise ApiProblem(500, "INTERNAL", "simulated server error, nothing recorded")
    # A retry with the same key may have been answered while this one waited.
    stored = engine.replay(body, digest)
    if stored is not None:
        return stored
    answer = engine.execute(body, digest, directive)
    if answer.drop_connection:
        drop = request.scope.get(DROP_KEY)
        if drop is not None:
            drop.requested = True
        else:  # pragma: no cover - only when the app runs without DropConnection
            log.warning("drop_response asked for, but the connection cannot be dropped here")
    return answer.result


@api.post("/payments/card", tags=["payments"])
async def post_card_payment(
    body: CardPosting, state: State, idempotency_key: IdempotencyKey = None
) -> PaymentResult:
    """Post a bank-card sale the payment module approved (provider unionpay): credits the
    account, or pays the prepaid purchase with this out_trade_no. Keyed like micropay; a card
    number that is not masked to first 6 / last 4 is refused (422)."""
    check_idempotency_key(idempotency_key, body.out_trade_no)
    return card_payments.post_card_payment(
        state.engine, state.conn, body, body_digest(body), state.clock.wall()
    )


@api.post("/payments/qr", tags=["payments"])
async def create_qr_order(
    body: QrOrderRequest, state: State, idempotency_key: IdempotencyKey = None
) -> QrOrder:
    """Create a WeChat Native / Alipay precreate order for the terminal to show as a QR. Poll it
    with GET /payments/{out_trade_no} (paying until paid, closed once expired) and close it
    with POST /payments/{out_trade_no}/reverse. Keyed like micropay."""
    check_idempotency_key(idempotency_key, body.out_trade_no)
    return qr_orders.create_qr_order(
        state.engine,
        state.conn,
        body,
        body_digest(body),
        state.clock.wall(),
        state.controls.qr_valid_s,
    )


@api.get("/payments/{out_trade_no}", tags=["payments"])
async def query_payment(out_trade_no: str, provider: ProviderParam, state: State) -> PaymentResult:
    """The order's state now; state not_found (200) if never seen."""
    return state.engine.query(out_trade_no, provider)


@api.post("/payments/{out_trade_no}/reverse", tags=["payments"])
async def reverse_payment(
    out_trade_no: str, provider: ProviderParam, state: State
) -> PaymentResult:
    """Close an order still waiting (closed) or refund a paid one (reversed). Idempotent; a key
    never seen is closed for good. A paid prepaid purchase whose record was issued is not
    refunded (409 PURCHASE_ISSUED): it is finished on the card instead."""
    row = state.engine.row(out_trade_no)
    if row is not None:
        state.engine.expire_if_due(row)
    return state.engine.reverse(out_trade_no, provider)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(ApiError(code=code, message=message).model_dump(), status_code=status)


def create_app(state: SimState | None = None) -> FastAPI:
    """The FastAPI app; `state` may be None only to export the OpenAPI document."""
    from simulators.backoffice.fleet_routes import fleet_api, fleet_page
    from simulators.backoffice.fleet_sim_routes import fleet_sim
    from simulators.backoffice.prepaid_routes import prepaid_api
    from simulators.backoffice.sim_routes import sim
    from simulators.backoffice.vtm_callbacks import callback_api, callback_sim
    from simulators.backoffice.vtm_sim_routes import vtm_routes

    app = FastAPI(
        title="Power utility back office",
        version="1.0.0",
        description="Accounts, bills, notices, payment-code, terminal-QR and bank-card payments, "
        "prepaid meter-card purchases, fleet status (heartbeats, device events) and day-end "
        "settlement and reconciliation for hall terminals. Money is integer fen, prices "
        "integer li.",
    )
    app.state.sim = state
    app.include_router(api)
    app.include_router(prepaid_api)
    app.include_router(fleet_api)
    app.include_router(fleet_page)
    # Before `sim`: its POST /_sim/reset wraps sim_routes' reset to clear the fleet's controls too.
    app.include_router(fleet_sim)
    app.include_router(callback_api)
    app.include_router(callback_sim)
    app.include_router(sim)
    app.include_router(vtm_routes)

    @app.exception_handler(ApiProblem)
    async def _problem(_: Request, exc: ApiProblem) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Echo where and what, never the value: it may be a payment code.
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        return _error(422, "INVALID_REQUEST", where)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
        return _error(
            exc.status_code, names.get(exc.status_code, f"HTTP_{exc.status_code}"), str(exc.detail)
        )

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error in the back-office simulator")
        return _error(500, "INTERNAL", "internal error")

    return app


class _DropRequest:
    requested = False


class DropConnection:
    """ASGI wrapper, outermost: lets a route ask to close the TCP connection instead of
    answering (the "committed, then the answer was lost" fault)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        drop = _DropRequest()
        scope[DROP_KEY] = drop
        dropped = False

        async def guarded_send(message: Message) -> None:
            nonlocal dropped
            if message["type"] == "http.response.start" and drop.requested:
                dropped = True
                _abort(send)
            if dropped:
                return
            await send(message)

        await self.app(scope, receive, guarded_send)
        if dropped:
            # Return only once the server has seen the connection go, or it would answer 500.
            try:
                async with asyncio.timeout(2):
                    while (await receive())["type"] != "http.disconnect":
                        pass
            except TimeoutError:  # pragma: no cover - defensive
                log.warning("connection did not close after drop_response")


def _abort(send: Send) -> None:
    """Close the socket under uvicorn's request cycle, without a byte of answer."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:  # pragma: no cover - a server other than uvicorn
        raise RuntimeError("cannot reach the connection to drop it")
    transport.abort()
