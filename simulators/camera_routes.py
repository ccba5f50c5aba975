"""HTTP control of the camera simulator under `/camera/...` (mounted on the device control
server)."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

from simulators.camera import CameraSimulator


class Switch(BaseModel):
    """Turn a camera condition on or off."""

    on: bool


def add_camera_routes(app: FastAPI, sim: CameraSimulator) -> None:
    """Add the camera simulator's control endpoints to `app`."""

    @app.get("/camera")
    async def state() -> dict[str, object]:
        return sim.state()

    @app.post("/camera/document")
    async def document(body: Switch) -> dict[str, object]:
        sim.show_document(body.on)
        return sim.state()

    @app.post("/camera/freeze")
    async def freeze(body: Switch) -> dict[str, object]:
        sim.freeze(body.on)
        return sim.state()

    @app.post("/camera/dark")
    async def dark(body: Switch) -> dict[str, object]:
        sim.set_dark(body.on)
        return sim.state()

    @app.post("/camera/unplug")
    async def unplug() -> dict[str, object]:
        await sim.unplug()
        return sim.state()

    @app.post("/camera/replug")
    async def replug() -> dict[str, object]:
        await sim.replug()
        return sim.state()
