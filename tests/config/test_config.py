"""config.toml is validated before any window opens; a mistake names the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = '[terminal]\nid = "T1"\n[backoffice]\nbase_url = "http://127.0.0.1:1"\n'


def test_shipped_default_runs_on_the_simulators() -> None:
    settings = load_settings(ROOT / "config.toml")
    assert settings.simulators.enabled
    assert settings.backoffice.base_url.startswith("http://127.0.0.1:")
    assert {d.driver for d in settings.devices.values()} == {
        "serial_scanner",
        "escpos_printer",
        "payment_module",
        "pcsc_reader",
        "modbus_sensors",
        "opencv_camera",
    }
    assert settings.data_dir.is_absolute()


def test_minimal_config_takes_defaults(tmp_path: Path) -> None:
    settings = parse_settings(MINIMAL, tmp_path)
    assert settings.payment.wechat.query_interval_s == 10.0
    assert settings.payment.alipay.paying_deadline_s == 60.0
    assert settings.data_dir == (tmp_path / "var/data").resolve()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('[ui]\nwidth = "wide"\n', "ui.width"),
        ("[ui]\ninactivity_timeout_s = 10\ninactivity_warning_s = 20\n", "ui"),
        ("[payment]\nmin_topup_fen = 100.5\n", "payment.min_topup_fen"),
        ('[payment]\nmethods = ["cash"]\n', "payment.methods.0"),
        ("[payment.wechat]\nquery_interval_s = 1\n", "payment.wechat.first_query_after_s"),
        ('[devices.scanner]\ndriver = "laser"\nurl = "serial://x"\n', "devices.scanner.driver"),
        ('[devices.printer]\ndriver = "escpos_printer"\nurl = "lpt1"\n', "devices.printer.url"),
        ("[terminal.extra]\nfoo = 1\n", "terminal.extra"),
        ("[ui]\nfulscreen = true\n", "ui.fulscreen: unknown key"),
    ],
)
def test_mistake_names_the_key(tmp_path: Path, extra: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(MINIMAL + extra, tmp_path, "cfg.toml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("cfg.toml")


def test_missing_required_sections(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings("", tmp_path)
    text = str(caught.value)
    assert "terminal: required key is missing" in text
    assert "backoffice: required key is missing" in text


def test_not_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_settings("[terminal\nid=", tmp_path)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "absent.toml")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(tmp_path / "bin.toml")


def test_kiosk_exits_2_naming_the_key_before_any_window(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL + "[ui]\nheight = -5\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(bad), "run"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "ui.height" in result.stderr
    assert "PySide6" not in result.stderr


def test_check_config_ok() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(ROOT / "config.toml"), "check-config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_dump_settings_reads_back_equal(tmp_path: Path) -> None:
    from kiosk.config import dump_settings

    settings = load_settings(ROOT / "config.toml")
    changed = settings.model_copy(
        update={
            "terminal": settings.terminal.model_copy(update={"hall_name": 'A "quoted" \\ hall'})
        }
    )
    assert parse_settings(dump_settings(changed), settings.base_dir) == changed


def test_paths_keep_device_links(tmp_path: Path) -> None:
    # A link left by an earlier run must be replaced, not followed into /dev/pts.
    settings = parse_settings(MINIMAL, tmp_path)
    link = tmp_path / "var" / "run" / "scanner.tty"
    link.parent.mkdir(parents=True)
    link.symlink_to("/dev/pts/999")
    assert settings.resolve("var/run/scanner.tty") == link
