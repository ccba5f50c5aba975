"""HTTP control of the device simulators, for the hardware panel, the tour and other processes.

The back-office simulator has its own controls under `/_sim` on its own server; this one covers the
scanner, the receipt printer, the payment module, the IC card, the sensors and the camera.
Loopback only.
"""

from __future__ import annotations

import asyncio
import base64
from typing import TYPE_CHECKING, Any, Literal

import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from simulators.payment_module.routes import add_payment_module_routes
from simulators.payment_module.sim import PaymentModuleSimulator
from simulators.printer.server import PrinterSimulator
from simulators.scanner import ScannerSimulator

if TYPE_CHECKING:
    from simulators.camera import CameraSimulator
    from simulators.prepaid_card.sim import PrepaidCardSimulator
    from simulators.sensors import SensorsSimulator


class PresentCode(BaseModel):
    """A code held to the scanner."""

    code: str = Field(min_length=1, max_length=512)
    terminator: Literal["CR", "CRLF", "none"] = "CR"


class RawBytes(BaseModel):
    """Bytes the scanner sends as they are (garbage, half frames)."""

    hex: str


class PaperState(BaseModel):
    """Paper roll state."""

    state: Literal["full", "near_end", "out"]


class CoverState(BaseModel):
    """Printer cover."""

    open: bool


class Stall(BaseModel):
    """A printer that stops answering (True) or resumes."""

    stalled: bool


_TERMINATORS = {"CR": b"\r", "CRLF": b"\r\n", "none": b""}


def build_control_app(
    scanner: ScannerSimulator,
    printer: PrinterSimulator,
    payment_module: PaymentModuleSimulator | None = None,
    card: PrepaidCardSimulator | None = None,
    sensors: SensorsSimulator | None = None,
    camera: CameraSimulator | None = None,
    teller_bot: Any = None,
) -> FastAPI:
    """The control API bound to running simulators."""
    app = FastAPI(title="Device simulator controls", version="1")
    if payment_module is not None:
        add_payment_module_routes(app, payment_module)
    if card is not None:
        from simulators.prepaid_card.routes import add_card_routes

        add_card_routes(app, card)
    if sensors is not None:
        from simulators.sensors_routes import add_sensors_routes

        add_sensors_routes(app, sensors)
    if camera is not None:
        from simulators.camera_routes import add_camera_routes

        add_camera_routes(app, camera)
    if teller_bot is not None:
        from simulators.teller_bot_routes import add_teller_bot_routes

        add_teller_bot_routes(app, teller_bot)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/scanner/present")
    async def present(body: PresentCode) -> dict[str, bool]:
        scanner.present(body.code, terminator=_TERMINATORS[body.terminator])
        return {"sent": True}

    @app.post("/scanner/raw")
    async def raw(body: RawBytes) -> dict[str, int]:
        try:
            data = bytes.fromhex(body.hex)
        except ValueError:
            raise HTTPException(422, "hex must be pairs of hex digits") from None
        scanner.send_raw(data)
        return {"sent": len(data)}

    @app.post("/scanner/unplug")
    async def scanner_unplug() -> dict[str, bool]:
        scanner.unplug()
        return {"plugged": False}

    @app.post("/scanner/replug")
    async def scanner_replug() -> dict[str, bool]:
        scanner.replug()
        return {"plugged": True}

    @app.post("/printer/paper")
    async def paper(body: PaperState) -> dict[str, str]:
        printer.set_paper(body.state)
        return {"paper": body.state}

    @app.post("/printer/cover")
    async def cover(body: CoverState) -> dict[str, bool]:
        printer.set_cover(body.open)
        return {"open": body.open}

    @app.post("/printer/unplug")
    async def printer_unplug() -> dict[str, bool]:
        printer.unplug()
        return {"plugged": False}

    @app.post("/printer/replug")
    async def printer_replug() -> dict[str, bool]:
        await printer.replug()
        return {"plugged": True}

    @app.post("/printer/stall")
    async def stall(body: Stall) -> dict[str, bool]:
        printer.set_stalled(body.stalled)
        return {"stalled": body.stalled}

    @app.get("/printer/jobs")
    async def jobs() -> list[dict[str, object]]:
        return [
            {"index": i, "text": job.text, "qr": list(job.qr_payloads), "bytes": len(job.raw)}
            for i, job in enumerate(printer.jobs)
        ]

    @app.get("/printer/jobs/{index}/png")
    async def job_png(index: int) -> dict[str, str]:
        if not 0 <= index < len(printer.jobs):
            raise HTTPException(404, "no such job")
        return {"png_base64": base64.b64encode(printer.jobs[index].png()).decode()}

    return app


class ControlServer:
    """The control API served by uvicorn inside the current asyncio loop."""

    def __init__(
        self,
        scanner: ScannerSimulator,
        printer: PrinterSimulator,
        payment_module: PaymentModuleSimulator | None = None,
        card: PrepaidCardSimulator | None = None,
        port: int = 0,
        sensors: SensorsSimulator | None = None,
        camera: CameraSimulator | None = None,
        teller_bot: Any = None,
    ) -> None:
        config = uvicorn.Config(
            build_control_app(scanner, printer, payment_module, card, sensors, camera, teller_bot),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None
        self.port = port

    @property
    def url(self) -> str:
        """Base URL of the control API."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Start serving and learn the real port."""
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop serving."""
        self._server.should_exit = True
        if self._task is not None:
            await self._task
