"""Where running simulators are, and settings pointed at them.

Kept apart from the host so that a process that only talks to simulators (the benchmark's
terminal, a tour with `--no-simulators`) does not load the simulators' own servers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SimulatorEndpoints:
    """Where the running simulators can be reached."""

    backoffice_url: str
    control_url: str
    printer_url: str  # socket://127.0.0.1:PORT
    scanner_url: str  # serial://PATH?baud=9600
    payment_module_url: str = ""  # serial://PATH?baud=115200
    card_reader_url: str = ""  # pcsc://Virtual PCD 00 00 (the simulated card is in that reader)
    sensors_url: str = ""  # serial://PATH?baud=9600 (the auxiliaries' Modbus input module)
    camera_url: str = ""  # http://127.0.0.1:PORT/stream.mjpg (the MJPEG camera)


def _device_url(driver: str, endpoints: SimulatorEndpoints, current: str) -> str:
    url = {
        "serial_scanner": endpoints.scanner_url,
        "escpos_printer": endpoints.printer_url,
        "payment_module": endpoints.payment_module_url,
        "pcsc_reader": endpoints.card_reader_url,
        "modbus_sensors": endpoints.sensors_url,
        "opencv_camera": endpoints.camera_url,
    }.get(driver, "")
    return url or current


def with_simulators(settings: Any, endpoints: SimulatorEndpoints, data_dir: Path) -> Any:
    """`settings` pointed at running simulators, with its own data directory. The control port
    is recorded too, so that a tour started with these settings can drive the simulators."""
    devices = {
        name: device.model_copy(update={"url": _device_url(device.driver, endpoints, device.url)})
        for name, device in settings.devices.items()
    }
    # Paths of the original config stay where they were, wherever the derived config is written.
    maintenance = settings.maintenance.model_copy(
        update={
            "staff_file": settings.resolve(settings.maintenance.staff_file),
            "export_dir": settings.resolve(settings.maintenance.export_dir),
        }
    )
    # The VTM service is the back office's: its WebSocket is at the same address.
    ws = endpoints.backoffice_url.replace("https://", "wss://").replace("http://", "ws://")
    vtm = settings.vtm.model_copy(update={"signaling_url": f"{ws}/api/v1/vtm/signal"})
    return settings.model_copy(
        update={
            "maintenance": maintenance,
            "vtm": vtm,
            "backoffice": settings.backoffice.model_copy(
                update={"base_url": endpoints.backoffice_url}
            ),
            "terminal": settings.terminal.model_copy(update={"data_dir": data_dir}),
            "devices": devices,
            "simulators": settings.simulators.model_copy(
                update={"enabled": False, "control_port": urlsplit(endpoints.control_url).port}
            ),
        }
    )
