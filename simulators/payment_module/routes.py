"""HTTP control of the payment-module simulator, mounted on the device control app."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from simulators.payment_module.sim import PaymentModuleSimulator


class SaleScriptBody(BaseModel):
    """The next sale's script (see SaleScript)."""

    card: str = Field("6222021234567890123", pattern=r"^[0-9]{12,19}$")
    pin: Literal["right", "wrong", "cancel", "no_card"] = "right"
    issuer: str = Field("approve", pattern=r"^(approve|decline:[0-9A-Z]{2})$")
    answer: Literal["normal", "none", "lost"] = "normal"
    take_card: bool = True
    delay_ms: int = Field(0, ge=0, le=600_000)


class Plugged(BaseModel):
    """Cable in (True) or out."""

    plugged: bool


class Count(BaseModel):
    """How many of the next reversals fail."""

    count: int = Field(ge=0, le=1000)


class Silent(BaseModel):
    """A module that answers nothing (True) or answers again."""

    silent: bool


class Garbage(BaseModel):
    """Bytes put on the line as they are, in hex."""

    hex: str = Field(max_length=8192)


def add_payment_module_routes(app: FastAPI, sim: PaymentModuleSimulator) -> None:
    """Add `/payment_module/...` routes driving `sim` (called on the simulator's loop)."""

    @app.post("/payment_module/forget_scripts")
    async def forget_scripts() -> dict[str, bool]:
        sim.forget_scripts()
        return {"forgotten": True}

    @app.post("/payment_module/next_sale")
    async def next_sale(body: SaleScriptBody) -> dict[str, object]:
        try:
            script = sim.next_sale(**body.model_dump())
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"queued": True, "issuer": script.issuer, "pin": script.pin}

    @app.post("/payment_module/take_card")
    async def take_card() -> dict[str, bool]:
        return {"taken": sim.take_card()}

    @app.post("/payment_module/insert_card")
    async def insert_card() -> dict[str, bool]:
        sim.insert_card()
        return {"card_in_slot": sim.card_in_slot}

    @app.post("/payment_module/plugged")
    async def plugged(body: Plugged) -> dict[str, bool]:
        if body.plugged:
            sim.replug()
        else:
            sim.unplug()
        return {"plugged": sim.plugged}

    @app.post("/payment_module/reversal_fails")
    async def reversal_fails(body: Count) -> dict[str, int]:
        sim.reversal_fails(body.count)
        return {"count": body.count}

    @app.post("/payment_module/silent")
    async def silent(body: Silent) -> dict[str, bool]:
        sim.silent(body.silent)
        return {"silent": body.silent}

    @app.post("/payment_module/garbage")
    async def garbage(body: Garbage) -> dict[str, int]:
        try:
            data = bytes.fromhex(body.hex)
        except ValueError:
            raise HTTPException(422, "hex must be pairs of hex digits") from None
        sim.garbage(data)
        return {"sent": len(data)}

    @app.get("/payment_module/ledger")
    async def ledger() -> list[dict[str, object]]:
        return sim.ledger()

    @app.get("/payment_module/state")
    async def state() -> dict[str, object]:
        return {
            "plugged": sim.plugged,
            "card_in_slot": sim.card_in_slot,
            "retained_cards": sim.retained_cards,
        }
