"""HTTP control of the card simulator under `/card/...` (mounted on the device control server).

The slot takes prepaid cards and staff cards (simulators/staff_cards.py) alike: insert by name.
"""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from simulators.prepaid_card.cards import CATALOGUE
from simulators.prepaid_card.sim import PrepaidCardSimulator
from simulators.staff_cards import CATALOGUE as STAFF_CATALOGUE


class InsertCard(BaseModel):
    """A catalogue card (prepaid or staff) by name, or a prepaid card by serial."""

    card: str = Field(min_length=1, max_length=64)


class RemoveOnWriteBody(BaseModel):
    """When the card vanishes during the next wallet write (null: not at all)."""

    when: Literal["before", "after"] | None


class StallWrites(BaseModel):
    """Hold wallet writes (True) or let them go."""

    stalled: bool


def add_card_routes(app: FastAPI, sim: PrepaidCardSimulator) -> None:
    """Add the card simulator's control endpoints to `app`."""

    def insert_named(name: str) -> dict[str, object]:
        try:
            return {"inserted": sim.insert_any(name)}
        except KeyError as exc:
            raise HTTPException(404, str(exc.args[0])) from None

    @app.post("/card/insert")
    async def insert(body: InsertCard) -> dict[str, object]:
        return insert_named(body.card)

    @app.post("/card/insert/{name}")
    async def insert_by_path(name: str) -> dict[str, object]:
        return insert_named(name)

    @app.get("/card")
    async def in_slot() -> dict[str, object]:
        prepaid, staff = sim.current, sim.current_staff_card
        if staff is not None:
            return {"kind": "staff", "name": staff.key, "serial": staff.spec.serial}
        if prepaid is not None:
            return {"kind": "prepaid", "name": prepaid.key, "serial": prepaid.serial_hex}
        return {"kind": None, "name": None, "serial": None}

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

    @app.get("/card/staff_catalogue")
    async def staff_catalogue() -> list[dict[str, object]]:
        return [
            {
                "name": spec.name,
                "serial": spec.serial,
                "staff_id": spec.staff_id,
                "description": spec.description,
            }
            for spec in STAFF_CATALOGUE
        ]
