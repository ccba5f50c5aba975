"""The fleet and settlement routes of the back-office API (/api/v1) and the fleet page (/fleet)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import HTMLResponse

from kiosk.backoffice.fleet_models import (
    EventAck,
    EventBatch,
    Heartbeat,
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
)
from simulators.backoffice import fleet, settlement
from simulators.backoffice.app import ERRORS, IdempotencyKey, State, api_gate
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.fleet_page import render_fleet_page

fleet_api = APIRouter(prefix="/api/v1", dependencies=[Depends(api_gate)], responses=ERRORS)
fleet_page = APIRouter(include_in_schema=False)


@fleet_api.post("/fleet/heartbeat", tags=["fleet"], status_code=204)
async def post_heartbeat(body: Heartbeat, state: State) -> Response:
    """Keep the terminal's latest heartbeat (its health on the fleet page)."""
    fleet.store_heartbeat(state.conn, body, state.clock.wall())
    return Response(status_code=204)


@fleet_api.post("/fleet/events", tags=["fleet"])
async def post_events(body: EventBatch, state: State) -> EventAck:
    """Store device and terminal events, each (terminal, seq) once: a batch sent again is
    harmless. `acked_seq` is the highest seq stored for the terminal; the terminal deletes what
    is at or below it. A gap in seq is accepted (the terminal dropped events) and shown."""
    return fleet.store_events(state.conn, body, state.clock.wall())


@fleet_api.get("/fleet/terminals", tags=["fleet"])
async def get_terminals(state: State) -> list[fleet.FleetTerminal]:
    """Every terminal's health: ok, warning (a device not online, paper low, out of service,
    maintenance...) or down (no heartbeat for three intervals), with its last events."""
    return _terminals(state)


@fleet_api.get("/settlement", tags=["reports"])
async def get_settlement(
    state: State,
    terminal_id: Annotated[str, Query(min_length=1, max_length=32)],
    day: Annotated[date, Query(description="the hall's local day (China, UTC+8)")],
) -> Settlement:
    """Every order the terminal took money through on `day`: paid, or reversed after."""
    return settlement.settlement(state.conn, state.settlement_controls, terminal_id, day)


@fleet_api.post("/reconciliations", tags=["reports"])
async def post_reconciliation(
    body: ReconciliationReport, state: State, idempotency_key: IdempotencyKey = None
) -> ReconciliationAck:
    """Store a day-end reconciliation once per Idempotency-Key (required): the same key and
    body again answers the same acknowledgement, another body 409 IDEMPOTENCY_CONFLICT."""
    if not idempotency_key:
        raise ApiProblem(400, "IDEMPOTENCY_KEY_MISSING", "an Idempotency-Key header is required")
    return settlement.store_reconciliation(state.conn, body, idempotency_key, state.clock.wall())


@fleet_page.get("/fleet", response_class=HTMLResponse)
async def get_fleet_page(state: State) -> HTMLResponse:
    """The fleet page for people (refreshes itself every 10 s)."""
    return HTMLResponse(render_fleet_page(_terminals(state), state.clock.wall()))


def _terminals(state: State) -> list[fleet.FleetTerminal]:
    return fleet.terminals(
        state.conn,
        state.clock.wall(),
        state.fleet_controls.down_after_s,
        settlement.last_reconciliations(state.conn),
    )
