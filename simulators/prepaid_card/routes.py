"""HTTP control of the card simulator under `/card/...` (mounted on the device control server)."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from simulators.prepaid_card.cards import CATALOGUE
from simulators.prepaid_card.sim import PrepaidCardSimulator


class InsertCard(BaseModel):
    """A catalogue card by name or serial."""

    card: str = Field(min_length=1, max_length=64)


class RemoveOnWriteBody(BaseModel):
    """When the card vanishes during the next wallet write (null: not at all)."""

    when: Literal["before", "after"] | None


class StallWrites(BaseModel):
    """Hold wallet writes (True) or let them go."""

    stalled: bool


def add_card_routes(app: FastAPI, sim: PrepaidCardSimulator) -> None:
    """Add the card simulator's control endpoints to `app`."""

    @app.post("/card/insert")
    async def insert(body: InsertCard) -> dict[str, object]:
        try:
            card = sim.insert(body.card)
        except KeyError as exc:
            raise HTTPException(404, str(exc.args[0])) from None
        return {"inserted": card.key}

    @app.post("/card/remove")
    async def remove() -> dict[str, object]:
        card = sim.remove()
        return {"removed": card.key if card is not None else None}

    @app.post("/card/remove_on_write")
    async def remove_on_write(body: RemoveOnWriteBody) -> dict[str, object]:
        sim.remove_on_write(body.when)
        return {"remove_on_write": body.when}

    @app.post("/card/stall_writes")
    async def stall_writes(body: StallWrites) -> dict[str, bool]:
        sim.stall_writes(body.stalled)
        return {"stalled": body.stalled}

    @app.post("/card/load_into_meter")
    async def load_into_meter() -> dict[str, bool]:
        if sim.current is None:
            raise HTTPException(409, "no card in the slot")
        return {"loaded": sim.load_into_meter()}

    @app.get("/card/state")
    async def state() -> dict[str, object]:
        return sim.state()

    @app.get("/card/saved/{card}")
    async def saved(card: str) -> dict[str, object]:
        try:
            return sim.saved(card)
        except (KeyError, ValueError) as exc:
            raise HTTPException(404, f"no such card: {exc}") from None

    @app.get("/card/catalogue")
    async def catalogue() -> list[dict[str, object]]:
        return [
            {
                "name": spec.name,
                "serial": spec.serial or None,
                "meter_no": spec.meter_no or None,
                "account_no": spec.account_no or None,
                "description": spec.description,
            }
            for spec in CATALOGUE
        ]
