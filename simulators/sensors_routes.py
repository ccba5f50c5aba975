"""HTTP control of the sensors simulator under `/sensors/...` (mounted on the device control
server)."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from simulators.sensors import SensorsSimulator


class DoorBody(BaseModel):
    """The cabinet door."""

    door: Literal["open", "closed"]


class SwitchBody(BaseModel):
    """The operator key switch."""

    position: Literal["run", "maintenance"]


class GarbageBody(BaseModel):
    """Bytes put on the line before the next answer, as hex."""

    hex: str = Field(min_length=2, max_length=512)


class SilentBody(BaseModel):
    """Stop answering (True) or answer again."""

    silent: bool


class FaultBody(BaseModel):
    """Refuse every request with this Modbus exception code (null: answer normally)."""

    code: int | None = Field(None, ge=1, le=255)


def add_sensors_routes(app: FastAPI, sim: SensorsSimulator) -> None:
    """Add the sensors simulator's control endpoints to `app`."""

    @app.get("/sensors")
    async def state() -> dict[str, object]:
        return sim.state()

    @app.post("/sensors/door")
    async def door(body: DoorBody) -> dict[str, object]:
        sim.set_door(body.door)
        return sim.state()

    @app.post("/sensors/switch")
    async def switch(body: SwitchBody) -> dict[str, object]:
        sim.set_switch(body.position)
        return sim.state()

    @app.post("/sensors/garbage")
    async def garbage(body: GarbageBody) -> dict[str, int]:
        try:
            data = bytes.fromhex(body.hex)
        except ValueError:
            raise HTTPException(422, "hex must be pairs of hex digits") from None
        sim.inject_garbage(data)
        return {"queued": len(data)}

    @app.post("/sensors/silent")
    async def silent(body: SilentBody) -> dict[str, bool]:
        sim.set_silent(body.silent)
        return {"silent": body.silent}

    @app.post("/sensors/fault")
    async def fault(body: FaultBody) -> dict[str, int | None]:
        sim.set_fault(body.code)
        return {"fault": body.code}

    @app.post("/sensors/unplug")
    async def unplug() -> dict[str, bool]:
        sim.unplug()
        return {"plugged": False}

    @app.post("/sensors/replug")
    async def replug() -> dict[str, bool]:
        sim.replug()
        return {"plugged": True}
