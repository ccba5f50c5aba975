"""The terminal's configuration: `config.toml` read once and validated into typed settings.

A mistake is reported as a `ConfigError` naming the key's path and what was expected, before any
window opens; the command line turns it into exit status 2.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ConfigError(Exception):
    """The configuration cannot be used; `str()` names every wrong key and what was expected."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TerminalSettings(_Section):
    """Who this terminal is and where it keeps its data."""

    id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    kind: Literal["self_payment", "self_service", "vtm"] = "self_payment"
    hall_name: str = "智慧供电营业厅"
    hall_name_en: str = "Smart Power Service Hall"
    data_dir: Path = Path("var/data")
    default_language: Literal["zh_CN", "en"] = "zh_CN"
    next_counter_hint: str = "请前往其他自助终端或人工柜台"
    next_counter_hint_en: str = "Please use another terminal or the staffed counter"


class UiSettings(_Section):
    """Window and session timing."""

    fullscreen: bool = True
    width: int = Field(1080, ge=320, le=7680)
    height: int = Field(1920, ge=240, le=7680)
    inactivity_timeout_s: float = Field(60.0, gt=0)
    inactivity_warning_s: float = Field(20.0, gt=0)
    receipt_screen_s: float = Field(10.0, gt=0)

    @model_validator(mode="after")
    def _warning_fits(self) -> UiSettings:
        if self.inactivity_warning_s >= self.inactivity_timeout_s:
            raise ValueError("inactivity_warning_s must be shorter than inactivity_timeout_s")
        return self


class BackOfficeSettings(_Section):
    """Where the back office is and how patiently to call it."""

    base_url: str = Field(pattern=r"^https?://")
    connect_timeout_s: float = Field(2.0, gt=0, le=60)
    read_timeout_s: float = Field(8.0, gt=0, le=120)
    read_retries: int = Field(2, ge=0, le=5)
    breaker_failures: int = Field(3, ge=1, le=100)
    breaker_reset_s: float = Field(20.0, gt=0)


class ProviderRules(_Section):
    """Polling rules of one payment-code provider (PROTOCOLS.md, payment codes)."""

    first_query_after_s: float = Field(gt=0)
    query_interval_s: float = Field(gt=0)
    paying_deadline_s: float = Field(gt=0)


class CardRules(_Section):
    """Bank-card sales through the payment module (PROTOCOLS.md, Bank cards)."""

    reverse_attempts: int = Field(4, ge=1, le=20)  # then MANUAL_REVIEW
    reverse_backoff_s: float = Field(2.0, gt=0)  # doubled after each failed attempt
    take_card_reminder_s: float = Field(8.0, gt=0)  # "take your card" sound every so often
    take_card_timeout_s: float = Field(60.0, gt=0)  # then the module retains the card


class QrRules(_Section):
    """Terminal-shown QR orders (WeChat Native, Alipay precreate)."""

    poll_interval_s: float = Field(2.0, gt=0)
    expires_s: float = Field(120.0, gt=0)  # then the order is closed


PayMethodName = Literal["wechat", "alipay", "wechat_qr", "alipay_qr", "unionpay"]


class PaymentSettings(_Section):
    """Limits and provider rules for payments."""

    min_topup_fen: int = Field(1000, ge=1)
    max_amount_fen: int = Field(500000, ge=1)
    methods: list[PayMethodName] = ["wechat", "alipay", "wechat_qr", "alipay_qr", "unionpay"]
    card: CardRules = CardRules()
    qr: QrRules = QrRules()
    wechat: ProviderRules = ProviderRules(
        first_query_after_s=5.0, query_interval_s=10.0, paying_deadline_s=30.0
    )
    alipay: ProviderRules = ProviderRules(
        first_query_after_s=3.0, query_interval_s=4.0, paying_deadline_s=60.0
    )

    @model_validator(mode="after")
    def _limits_ordered(self) -> PaymentSettings:
        if self.min_topup_fen > self.max_amount_fen:
            raise ValueError("min_topup_fen must not exceed max_amount_fen")
        return self


class PrepaidSettings(_Section):
    """Prepaid meter cards this terminal sells credit for (PROTOCOLS.md, Prepaid meter card)."""

    enabled: bool = True
    utility_codes: list[str] = ["4403", "4401", "3301", "3302"]  # card parameter bytes 0-1
    meter_types: list[int] = [1, 3]  # single-phase, three-phase
    min_purchase_fen: int = Field(1000, ge=1)
    max_purchase_fen: int = Field(200000, ge=1)
    take_card_reminder_s: float = Field(8.0, gt=0)
    take_card_timeout_s: float = Field(60.0, gt=0)  # then back to idle, the card stays in


class DeviceSettings(_Section):
    """One device: which driver speaks to it and at which URL (DESIGN.md, Devices)."""

    driver: Literal[
        "serial_scanner",
        "escpos_printer",
        "payment_module",
        "pcsc_reader",
        "modbus_sensors",
        "opencv_camera",
    ]
    # camera://N is a local camera by OpenCV device index; http(s):// an IP camera's stream.
    url: str = Field(pattern=r"^(serial|socket|pcsc|http|https|camera)://.+")
    enabled: bool = True
    debounce_s: float = Field(3.0, ge=0)
    columns: int = Field(42, ge=24, le=64)
    sale_timeout_s: float = Field(90.0, gt=0, le=600)  # payment module: card, PIN, bank
    unit: int = Field(1, ge=1, le=247)  # modbus_sensors: the I/O module's Modbus address
    width: int = Field(640, ge=160, le=1920)  # opencv_camera: frame size asked of the camera
    height: int = Field(480, ge=120, le=1080)
    fps: int = Field(30, ge=1, le=60)
    poll_interval_s: float = Field(0.25, gt=0, le=10)  # modbus_sensors: how often inputs are read


class MaintenanceSettings(_Section):
    """Maintenance mode for hall staff (docs/maintenance.md)."""

    staff_file: Path = Path("staff.toml")  # staff ids, roles, Argon2id PIN hashes, card keys
    idle_timeout_s: float = Field(120.0, gt=0)  # back to the customer screen
    reauth_after_s: float = Field(900.0, gt=0)  # then the PIN is asked again
    max_pin_attempts: int = Field(5, ge=1, le=20)  # wrong PINs in a row, then locked
    lockout_s: float = Field(1800.0, gt=0)
    long_press_s: float = Field(5.0, ge=2, le=30)  # hold on the idle screen's hall name
    export_dir: Path = Path("var/usb")  # where the removable drive is mounted
    paper_roll_receipts: int = Field(400, ge=10)  # receipts a full roll prints (paper forecast)
    self_test_wait_s: float = Field(20.0, gt=0, le=120)  # scan / card tests wait this long


class FleetSettings(_Section):
    """Heartbeats and device events to the back office's fleet service."""

    enabled: bool = True
    heartbeat_interval_s: float = Field(60.0, ge=1, le=3600)
    retry_interval_s: float = Field(10.0, gt=0, le=600)  # queued events, while unreachable
    max_queued_events: int = Field(10000, ge=100)  # the oldest are dropped beyond this


class VtmSettings(_Section):
    """Video calls to a remote teller (VTM): signaling, media and the fallbacks."""

    enabled: bool = False
    signaling_url: str = Field("ws://127.0.0.1:8765/api/v1/vtm/signal", pattern=r"^wss?://")
    ice_servers: list[str] = []  # e.g. ["stun:stun.example.net:3478"]; none by default
    video_width: int = Field(640, ge=160, le=1920)
    video_height: int = Field(480, ge=120, le=1080)
    video_fps: int = Field(30, ge=5, le=60)
    connect_timeout_s: float = Field(10.0, gt=0)  # offer sent → media flowing, else fall back
    frames_stop_s: float = Field(3.0, gt=0)  # no remote video this long → audio only
    max_queue_wait_s: float = Field(600.0, gt=0)  # then "a teller will call you back"
    heartbeat_s: float = Field(10.0, gt=0)  # signaling keep-alive


class SimulatorSettings(_Section):
    """Simulators `kiosk run` starts beside the terminal."""

    enabled: bool = False
    backoffice_port: int = Field(8765, ge=1, le=65535)
    printer_port: int = Field(9100, ge=1, le=65535)
    control_port: int = Field(8766, ge=1, le=65535)
    scanner_link: Path = Path("var/run/scanner.tty")
    payment_module_link: Path = Path("var/run/payment_module.tty")
    card_reader_port: int = Field(35963, ge=1, le=65535)  # vpcd's port for the simulated card
    sensors_link: Path = Path("var/run/sensors.tty")  # the door / operator switch I/O module
    camera_port: int = Field(8081, ge=1, le=65535)  # the MJPEG camera simulator
    teller_bot: bool = True  # a scripted teller answers video calls


class Settings(_Section):
    """The whole configuration. Relative paths are resolved against the config file's folder."""

    terminal: TerminalSettings
    ui: UiSettings = UiSettings()
    backoffice: BackOfficeSettings
    payment: PaymentSettings = PaymentSettings()
    prepaid: PrepaidSettings = PrepaidSettings()
    devices: dict[str, DeviceSettings] = {}
    maintenance: MaintenanceSettings = MaintenanceSettings()
    fleet: FleetSettings = FleetSettings()
    vtm: VtmSettings = VtmSettings()
    simulators: SimulatorSettings = SimulatorSettings()
    base_dir: Path = Path(".")

    @property
    def data_dir(self) -> Path:
        """The data directory as an absolute path."""
        return (self.base_dir / self.terminal.data_dir).resolve()

    def resolve(self, path: Path | str) -> Path:
        """A path from the config, made absolute against the config file's folder.

        Symbolic links are kept, not followed: a device link such as `var/run/scanner.tty` is
        re-pointed at each start, and following a stale one would land in /dev/pts."""
        return Path(os.path.abspath(self.base_dir / Path(path)))


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        given = item.get("input")
        shown = "" if isinstance(given, dict) else f" (got {given!r})"
        if item["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown key")
        elif item["type"] == "missing":
            lines.append(f"{key}: required key is missing")
        else:
            lines.append(f"{key}: {item['msg']}{shown}")
    return "\n".join(lines)


def parse_settings(text: str, base_dir: Path, source: str = "config") -> Settings:
    """Validate TOML text into `Settings`, raising `ConfigError` that names each bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    raw["base_dir"] = base_dir
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{source}:\n{_describe(exc)}") from None


def load_settings(path: Path | str) -> Settings:
    """Read and validate a config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return parse_settings(text, path.resolve().parent, str(path))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def dump_settings(settings: Settings) -> str:
    """`settings` as TOML text that `parse_settings` reads back to equal settings (with the same
    base directory). Used to hand a derived configuration to another process."""
    data = settings.model_dump(mode="json", exclude={"base_dir"})
    lines: list[str] = []

    def section(name: str, table: dict[str, object]) -> None:
        scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in scalars.items())
        lines.append("")
        for key, value in table.items():
            if isinstance(value, dict):
                section(f"{name}.{key}", value)

    for name, table in data.items():
        section(name, table)
    return "\n".join(lines)
