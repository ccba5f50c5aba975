"""`kiosk devices`: every configured device with its state; `kiosk devices test NAME`: its
self-test. For technicians at the terminal (over SSH or a keyboard), with `--json` for scripts.

Exit status: `kiosk devices` 0 when every device is online, 1 otherwise; `kiosk devices test`
0 passed, 1 failed, 2 no such device (or a configuration error).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from kiosk.maintenance.context import DeviceInfo
    from kiosk.maintenance.selftest import SelfTestResult

# The device and maintenance modules are imported by the commands that use them, not here:
# `kiosk run` builds this parser too and must start fast.

FIRST_ATTEMPT_TIMEOUT_S = 10.0


def add_devices_commands(subparsers: Any) -> None:
    """Add `devices` (and `devices test NAME`) to the `kiosk` command's subparsers."""
    devices = subparsers.add_parser("devices", help="list the configured devices and their state")
    devices.add_argument("--json", action="store_true", help="JSON instead of a table")
    devices.set_defaults(func=_cmd_devices)
    sub = devices.add_subparsers(dest="devices_command")
    test = sub.add_parser("test", help="run a device's self-test")
    test.add_argument("name", help="the device's name in config.toml ([devices.NAME])")
    test.add_argument("--json", action="store_true", help="JSON instead of text")
    test.set_defaults(func=_cmd_devices)


def _cmd_devices(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(getattr(args, "config", Path("config.toml")))
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    import asyncio

    if getattr(args, "devices_command", None) == "test":
        return asyncio.run(run_device_test(settings, args.name, as_json=args.json))
    return asyncio.run(list_devices(settings, as_json=args.json))


def _info_json(info: DeviceInfo) -> dict[str, Any]:
    from kiosk.maintenance.dashboard import status_fields

    return {
        "name": info.name,
        "driver": info.driver,
        "class": info.device_class,
        "url": info.url,
        "state": info.status.device.value,
        "available": info.available,
        "status": status_fields(info.status),
        "last_error": info.last_error,
        "last_error_at": info.last_error_at.isoformat() if info.last_error_at else None,
    }


def format_table(infos: list[DeviceInfo]) -> str:
    from kiosk.maintenance.dashboard import status_fields
    from kiosk.receipts import CHINA_TIME

    """The devices as an aligned text table (last error with its local time)."""
    header = ["NAME", "DRIVER", "CLASS", "URL", "STATE", "STATUS", "LAST ERROR"]
    rows = [header]
    for info in infos:
        status = " ".join(f"{k}={v}" for k, v in status_fields(info.status).items())
        error = info.last_error or ""
        if info.last_error_at is not None:
            error = f"{info.last_error_at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M:%S} {error}"
        rows.append(
            [
                info.name,
                info.driver,
                info.device_class,
                info.url,
                info.status.device.value,
                status,
                error,
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


async def list_devices(settings: Settings, *, as_json: bool = False) -> int:
    from kiosk.clock import SystemClock
    from kiosk.devices.manager import DeviceManager
    from kiosk.devices.status import DeviceState

    """Start the devices, print their table; 0 if every one is online."""
    manager = DeviceManager(settings.devices, SystemClock(), settings.base_dir)
    await manager.start(FIRST_ATTEMPT_TIMEOUT_S)
    try:
        infos = manager.device_infos()
    finally:
        await manager.stop()
    all_online = all(info.status.device == DeviceState.ONLINE for info in infos)
    if as_json:
        print(
            json.dumps(
                {"devices": [_info_json(i) for i in infos], "all_online": all_online},
                ensure_ascii=False,
            )
        )
    else:
        print(format_table(infos))
    return 0 if all_online else 1


async def run_device_test(settings: Settings, name: str, *, as_json: bool = False) -> int:
    from drivers.interfaces import ReceiptPrinter
    from kiosk.clock import SystemClock
    from kiosk.devices.manager import DeviceManager
    from kiosk.maintenance.counters import PersistentCounters
    from kiosk.maintenance.selftest import INSTRUCTIONS, run_self_test, test_kind
    from kiosk.maintenance.store import MAINTENANCE_DB, open_store

    """Run device `name`'s self-test and print the result; 0 passed, 1 failed, 2 unknown."""
    if name not in settings.devices:
        known = ", ".join(settings.devices) or "none"
        print(f"kiosk: no device {name!r} in the configuration (devices: {known})", file=sys.stderr)
        return 2
    clock = SystemClock()
    conn = open_store(settings.data_dir / MAINTENANCE_DB)
    counters = PersistentCounters(conn, clock, settings.maintenance.paper_roll_receipts)
    manager = DeviceManager(settings.devices, clock, settings.base_dir)
    await manager.start(FIRST_ATTEMPT_TIMEOUT_S)
    try:
        device = manager.device_named(name)
        if isinstance(device, ReceiptPrinter):
            device.add_job_listener(counters.receipt_printed)  # the test receipt uses paper too
        instruction = INSTRUCTIONS.get(test_kind(manager, name), "")
        if instruction and not as_json:
            print(f"{name}: {instruction} (within {settings.maintenance.self_test_wait_s:g} s)")
        result = await run_self_test(
            manager, name, settings=settings, clock=clock, counters=counters
        )
    finally:
        await manager.stop()
        conn.close()
    _print_result(result, as_json)
    return 0 if result.passed else 1


def _print_result(result: SelfTestResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(asdict(result)))
        return
    verdict = "PASSED" if result.passed else "FAILED"
    took = f"{result.duration_s:.1f} s"
    print(f"{result.device}: {result.test} test {verdict} ({took}): {result.detail}")
