"""Test controls of the VTM service under /_sim/vtm (simulator only, hidden from the OpenAPI
document, documented in README.md); `vtm_routes` carries them and the signaling route."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from simulators.backoffice.teller_console_routes import teller_console
from simulators.backoffice.vtm import VtmService, vtm_api, vtm_service
from simulators.backoffice.vtm_document_routes import document_routes

vtm_sim = APIRouter(prefix="/_sim/vtm", include_in_schema=False)


class HandlingTimeRequest(BaseModel):
    """Body of POST /_sim/vtm/handling_time."""

    seconds: float = Field(ge=0, le=86_400)


class QueuedCallView(BaseModel):
    """A call waiting for a teller."""

    call_id: str
    terminal_id: str
    position: int
    estimated_wait_s: int
    waited_s: float


class TellerView(BaseModel):
    """A connected teller: free (sent ready), in_call, or busy (after a call, before ready)."""

    teller_id: str
    name: str
    state: str
    call_id: str | None


class LiveCallView(BaseModel):
    """A call a teller took."""

    call_id: str
    terminal_id: str
    teller_id: str
    talked_s: float


class VtmView(BaseModel):
    """The VTM service now."""

    terminals: list[str]
    queue: list[QueuedCallView]
    tellers: list[TellerView]
    live_calls: list[LiveCallView]
    handling_time_s: float


class FinishedCall(BaseModel):
    """A row of the finished-calls record."""

    call_id: str
    terminal_id: str
    teller_id: str | None
    language: str
    business: str
    requested_at: str
    ended_at: str
    waited_s: float
    talked_s: float
    end_reason: str
    ended_by: str


def view(service: VtmService) -> VtmView:
    """The service's state for GET /_sim/vtm."""
    now = service.clock.monotonic()
    tellers = []
    for teller in service.tellers.values():
        if teller.call_id is not None:
            state = "in_call"
        elif teller.free_since is not None:
            state = "free"
        else:
            state = "busy"
        tellers.append(
            TellerView(
                teller_id=teller.peer_id, name=teller.name, state=state, call_id=teller.call_id
            )
        )
    return VtmView(
        terminals=sorted(service.terminals),
        queue=[
            QueuedCallView(
                call_id=call.call_id,
                terminal_id=call.terminal.peer_id,
                position=position,
                estimated_wait_s=service.estimated_wait_s(position),
                waited_s=round(now - call.requested_at, 3),
            )
            for position, call in enumerate(service.queue, start=1)
        ],
        tellers=tellers,
        live_calls=[
            LiveCallView(
                call_id=call.call_id,
                terminal_id=call.terminal.peer_id,
                teller_id=call.teller.peer_id if call.teller else "",
                talked_s=round(now - (call.answered_at or now), 3),
            )
            for call in service.live.values()
        ],
        handling_time_s=round(service.handling_time_s, 3),
    )


@vtm_sim.get("")
async def vtm_state(request: Request) -> VtmView:
    """Queue, tellers and live calls."""
    return view(vtm_service(request.app))


@vtm_sim.post("/handling_time")
async def set_handling_time(body: HandlingTimeRequest, request: Request) -> VtmView:
    """Restart the average handling time (the base of estimated waits) from this value."""
    service = vtm_service(request.app)
    service.set_handling_time(body.seconds)
    return view(service)


@vtm_sim.get("/calls")
async def finished_calls(
    request: Request, limit: int = Query(100, ge=1, le=1000)
) -> list[FinishedCall]:
    """Finished calls, latest first."""
    rows = vtm_service(request.app).finished_calls(limit)
    return [FinishedCall(**row) for row in rows]


vtm_routes = APIRouter()
vtm_routes.include_router(vtm_api)
vtm_routes.include_router(vtm_sim)
vtm_routes.include_router(document_routes)
vtm_routes.include_router(teller_console)  # the browser teller console at /teller/
