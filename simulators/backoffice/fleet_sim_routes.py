"""Test controls of the fleet and settlement services under /_sim (simulator only, hidden from
the OpenAPI document, documented in README.md)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from simulators.backoffice import fleet, settlement
from simulators.backoffice.app import State

fleet_sim = APIRouter(prefix="/_sim", include_in_schema=False)


class OmitRequest(BaseModel):
    """Body of POST /_sim/settlement/omit."""

    out_trade_no: str


class AmountRequest(BaseModel):
    """Body of POST /_sim/settlement/amount."""

    out_trade_no: str
    amount_fen: int = Field(ge=0)


class DownAfterRequest(BaseModel):
    """Body of POST /_sim/fleet/down-after."""

    seconds: float = Field(gt=0, le=86_400)


class FleetControlsView(BaseModel):
    """The fleet controls now."""

    down_after_s: float


@fleet_sim.post("/settlement/omit")
async def omit_from_settlement(
    body: OmitRequest, state: State
) -> settlement.SettlementControlsView:
    """The back office "lost" this order: it is left out of every settlement."""
    state.settlement_controls.omitted.add(body.out_trade_no)
    return settlement.controls_view(state.settlement_controls)


@fleet_sim.post("/settlement/amount")
async def change_settled_amount(
    body: AmountRequest, state: State
) -> settlement.SettlementControlsView:
    """The back office settled this order for another amount."""
    state.settlement_controls.amounts[body.out_trade_no] = body.amount_fen
    return settlement.controls_view(state.settlement_controls)


@fleet_sim.post("/settlement/extra")
async def add_settlement_line(
    body: settlement.ExtraLine, state: State
) -> settlement.SettlementControlsView:
    """A settled payment, taken now, that the terminal never took."""
    state.settlement_controls.add_extra(body, state.clock.wall())
    return settlement.controls_view(state.settlement_controls)


@fleet_sim.post("/settlement/reset")
async def reset_settlement(state: State) -> settlement.SettlementControlsView:
    """No seeded differences."""
    state.settlement_controls.reset()
    return settlement.controls_view(state.settlement_controls)


@fleet_sim.post("/fleet/down-after")
async def set_down_after(body: DownAfterRequest, state: State) -> FleetControlsView:
    """A terminal is down after this long without a heartbeat (default 180 s)."""
    state.fleet_controls.down_after_s = body.seconds
    return FleetControlsView(down_after_s=state.fleet_controls.down_after_s)


@fleet_sim.get("/fleet/events")
async def get_fleet_events(state: State, terminal_id: str | None = None) -> list[fleet.StoredEvent]:
    """Stored fleet events, by terminal then seq."""
    return fleet.events(state.conn, terminal_id)


@fleet_sim.get("/reconciliations")
async def get_reconciliations(state: State) -> list[settlement.StoredReconciliation]:
    """Stored reconciliation reports, oldest first."""
    return settlement.reconciliations(state.conn)
