"""`kiosk devices` and `kiosk devices test NAME` against the real simulators (SimulatorHost)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings, dump_settings, load_settings
from kiosk.devices_cli import add_devices_commands
from simulators.host import SimulatorHost, with_simulators

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHost]:
    host = SimulatorHost(tmp_path_factory.mktemp("sims"), card_reader=False)
    host.start()
    yield host
    host.stop()


def write_config(settings: Settings, folder: Path, drop: tuple[str, ...] = ()) -> Path:
    devices = {k: v for k, v in settings.devices.items() if k not in drop}
    if "card_reader" in devices:
        # A reader pcscd does not have (pcscd may run on this machine for other tests): the
        # card reader is configured but cannot come online.
        devices["card_reader"] = devices["card_reader"].model_copy(
            update={"url": "pcsc://No Such Reader 99 00"}
        )
    path = folder / "config.toml"
    path.write_text(dump_settings(settings.model_copy(update={"devices": devices})), "utf-8")
    return path


@pytest.fixture
def settings(sims: SimulatorHost, tmp_path: Path) -> Settings:
    assert sims.endpoints is not None
    base = load_settings(ROOT / "config.toml")
    derived: Settings = with_simulators(base, sims.endpoints, tmp_path / "data")
    return derived


def kiosk(config: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", type=Path)
    add_devices_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--config", str(config), *argv])
    result: int = args.func(args)
    return result


def test_devices_lists_every_device(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(settings, tmp_path)
    assert kiosk(config, "devices", "--json") == 1
    listed = json.loads(capsys.readouterr().out)
    by_name = {d["name"]: d for d in listed["devices"]}
    assert list(by_name) == list(settings.devices)
    assert not listed["all_online"]
    assert by_name["card_reader"]["state"] != "online"
    for name in ("scanner", "receipt_printer", "payment_module", "sensors"):
        assert by_name[name]["state"] == "online", by_name[name]
    assert by_name["receipt_printer"]["status"] == {"paper": "full", "cover": "closed"}
    assert by_name["sensors"]["status"] == {"door": "closed", "operator_switch": "run"}
    assert by_name["receipt_printer"]["class"] == "printer"

    config = write_config(settings, tmp_path, drop=("card_reader",))
    assert kiosk(config, "devices") == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "NAME",
        "DRIVER",
        "CLASS",
        "URL",
        "STATE",
        "STATUS",
        "LAST",
        "ERROR",
    ]
    printer_line = next(line for line in table if line.startswith("receipt_printer"))
    assert "online" in printer_line and "paper=full cover=closed" in printer_line
    assert len(table) == 1 + len(settings.devices) - 1  # the header, every device but the reader


def test_devices_test_runs_the_self_test(
    sims: SimulatorHost, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(settings, tmp_path, drop=("card_reader",))
    assert sims.printer is not None
    sims.call(lambda: sims.printer.set_paper("full"))  # type: ignore[union-attr]
    before = len(sims.printer.jobs)

    assert kiosk(config, "devices", "test", "receipt_printer", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["passed"] and result["test"] == "print"
    assert len(sims.printer.jobs) == before + 1

    assert kiosk(config, "devices", "test", "payment_module") == 0
    assert "payment_module: echo test PASSED" in capsys.readouterr().out

    sims.call(lambda: sims.printer.set_paper("out"))  # type: ignore[union-attr]
    try:
        assert kiosk(config, "devices", "test", "receipt_printer") == 1
        assert "FAILED" in capsys.readouterr().out
    finally:
        sims.call(lambda: sims.printer.set_paper("full"))  # type: ignore[union-attr]

    assert kiosk(config, "devices", "test", "no_such_device") == 2
    assert "no device 'no_such_device'" in capsys.readouterr().err
