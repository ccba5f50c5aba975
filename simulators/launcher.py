"""`kiosk simulators`: every simulator at the config's addresses, plus the hardware panel.

Prints one JSON line with the endpoints when ready (the terminal's `kiosk run` waits for it), then
runs until SIGTERM / SIGINT or until the panel window is closed.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading

from kiosk.config import Settings
from simulators.host import SimulatorHost

log = logging.getLogger(__name__)


def run_simulators(settings: Settings, panel: bool) -> int:
    """Run the simulators (and the panel where there is a display) until told to stop."""
    sims = settings.simulators
    work_dir = settings.data_dir.parent / "simulators"
    host = SimulatorHost(
        work_dir,
        backoffice_port=sims.backoffice_port,
        printer_port=sims.printer_port,
        control_port=sims.control_port,
        scanner_link=settings.resolve(sims.scanner_link),
        payment_module_link=settings.resolve(sims.payment_module_link),
        card_reader=any(d.driver == "pcsc_reader" and d.enabled for d in settings.devices.values()),
        card_reader_port=sims.card_reader_port,
        sensors_link=settings.resolve(sims.sensors_link),
        sensors_unit=next(
            (d.unit for d in settings.devices.values() if d.driver == "modbus_sensors"), 1
        ),
        camera_port=sims.camera_port,
        teller_bot=sims.teller_bot and settings.vtm.enabled,
    )
    endpoints = host.start()
    print(json.dumps(endpoints.__dict__), flush=True)
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    try:
        if panel and has_display and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            from simulators.panel import run_panel

            return run_panel(host)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        return 0
    finally:
        host.stop()


if __name__ == "__main__":
    from kiosk.config import load_settings

    sys.exit(
        run_simulators(load_settings(sys.argv[1] if len(sys.argv) > 1 else "config.toml"), True)
    )
