"""The prepaid meter-card routes of the contract (/api/v1/prepaid); logic in prepaid.py."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from kiosk.backoffice.models import (
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PrepaidPurchase,
    PurchaseRecord,
    WrittenReport,
)
from simulators.backoffice import prepaid
from simulators.backoffice.app import (
    ERRORS,
    IdempotencyKey,
    State,
    api_gate,
    check_idempotency_key,
)
from simulators.backoffice.payments import body_digest

prepaid_api = APIRouter(
    prefix="/api/v1/prepaid", dependencies=[Depends(api_gate)], responses=ERRORS, tags=["prepaid"]
)


@prepaid_api.post("/card")
async def read_prepaid_card(body: PrepaidCardReport, state: State) -> PrepaidCardInfo:
    """File what the terminal read from a prepaid card (its write-back record) and answer the
    meter's account, remaining credit, last purchases and any purchase still to write.
    404 CARD_UNKNOWN: not a card of ours for this meter; 409 CARD_MISMATCH: the card carries
    more purchases than were issued, or its record names another meter or account."""
    return prepaid.read_card(state.conn, body, state.clock.wall())


@prepaid_api.post("/orders")
async def create_prepaid_order(
    body: PrepaidOrderRequest, state: State, idempotency_key: IdempotencyKey = None
) -> PrepaidPurchase:
    """Open a purchase (awaiting_payment) to be paid with the same out_trade_no and purpose
    "prepaid". Keyed like micropay. 409 PENDING_PURCHASE while another purchase for the meter
    is paid but not on the card; 422 AMOUNT_OUT_OF_RANGE outside 10.00-2000.00 yuan."""
    check_idempotency_key(idempotency_key, body.out_trade_no)
    return prepaid.create_order(state.conn, body, body_digest(body), state.clock.wall())


@prepaid_api.post("/orders/{out_trade_no}/issue")
async def issue_prepaid_purchase(out_trade_no: str, state: State) -> PurchaseRecord:
    """The record and MAC to write to the card, once paid (409 NOT_PAID before). The first
    call takes the meter's next purchase count; asking again answers the same record."""
    return prepaid.issue(state.conn, out_trade_no, state.clock.wall())


@prepaid_api.post("/orders/{out_trade_no}/written")
async def confirm_prepaid_written(
    out_trade_no: str, body: WrittenReport, state: State
) -> PrepaidPurchase:
    """The terminal read the purchase back from the card: written. Idempotent. 409
    COUNT_MISMATCH / CARD_MISMATCH if the card is not the one, or the count not the issued
    one; 409 NOT_ISSUED before issue."""
    return prepaid.confirm_written(state.conn, out_trade_no, body, state.clock.wall())
