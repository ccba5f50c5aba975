"""The staff file (`staff.toml` beside config.toml): who may open maintenance, in which role, with
which PIN (stored only as an Argon2id hash) and which staff card (its serial and public key).

The file is read once at start and validated like the config: a bad entry is a `ConfigError`
naming its index and key (`staff[2].pin_hash: ...`). A plain PIN, a hash of another Argon2 type,
a duplicate staff id or card serial, and a public key that is not P-256 are all refused.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.config import ConfigError
from kiosk.maintenance.context import StaffMember
from kiosk.maintenance.roles import Role

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
ARGON2ID_PREFIX = "$argon2id$"

# 64 MiB, 2 passes: about 115 ms per verification on the terminal's 2-core PC (measured), under
# the 150 ms a staff member notices, and far beyond what a stolen file's 10^6 PINs can afford.
PIN_HASHER = PasswordHasher(
    time_cost=2, memory_cost=64 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)

_PIN = re.compile(rf"^[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}$")


def valid_pin(pin: str) -> bool:
    """Whether `pin` is a possible staff PIN: digits only, 4 to 12 of them (6 recommended)."""
    return bool(_PIN.match(pin))


def hash_pin(pin: str, hasher: PasswordHasher = PIN_HASHER) -> str:
    """The Argon2id hash of `pin` for the staff file; ValueError if `pin` is not a valid PIN."""
    if not valid_pin(pin):
        raise ValueError(f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")
    return hasher.hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    """Whether `pin` matches `pin_hash` (blocking: tens of milliseconds; call it off the loop)."""
    try:
        return PIN_HASHER.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class _StaffEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    staff_id: str = Field(pattern=r"^[0-9]{4,8}$")
    name: str = Field(min_length=1, max_length=40)
    role: Role
    pin_hash: str
    card_serial: str | None = Field(None, pattern=r"^[0-9A-F]{16}$")
    card_public_key: str | None = None

    @field_validator("pin_hash")
    @classmethod
    def _argon2id(cls, value: str) -> str:
        if not value.startswith(ARGON2ID_PREFIX):
            raise ValueError(
                "must be an Argon2id hash ($argon2id$...), made with `kiosk staff hash-pin`"
            )
        try:
            extract_parameters(value)
        except InvalidHashError:
            raise ValueError("not a well-formed Argon2id hash") from None
        return value

    @field_validator("card_public_key")
    @classmethod
    def _p256(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            key = load_pem_public_key(value.encode("ascii"))
        except (ValueError, TypeError, UnicodeEncodeError):
            raise ValueError("not a PEM public key") from None
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
            raise ValueError("must be an EC P-256 (secp256r1) public key")
        return value


class _StaffFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    staff: list[_StaffEntry] = []


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        loc = list(item["loc"])
        key = ""
        for part in loc:
            key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
        key = key or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown key")
        elif item["type"] == "missing":
            lines.append(f"{key}: required key is missing")
        else:
            # never echo the value: it may be a PIN typed where its hash belongs
            lines.append(f"{key}: {item['msg']}")
    return "\n".join(lines)


def _paired(index: int, entry: _StaffEntry) -> str | None:
    if (entry.card_serial is None) != (entry.card_public_key is None):
        return f"staff[{index}]: card_serial and card_public_key go together"
    return None


class StaffRegistry:
    """The staff members of the staff file, by staff id and by staff-card serial."""

    def __init__(self, members: Iterable[StaffMember]) -> None:
        self._by_id: dict[str, StaffMember] = {}
        self._by_card: dict[str, StaffMember] = {}
        for member in members:
            if member.staff_id in self._by_id:
                raise ValueError(f"duplicate staff id {member.staff_id}")
            self._by_id[member.staff_id] = member
            if member.card_serial is not None:
                if member.card_serial in self._by_card:
                    raise ValueError(f"duplicate card serial {member.card_serial}")
                self._by_card[member.card_serial] = member

    @classmethod
    def parse(cls, text: str, source: str = "staff file") -> StaffRegistry:
        """Validate the staff file's TOML text; `ConfigError` names each bad entry and key."""
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML: {exc}") from None
        try:
            parsed = _StaffFile.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(f"{source}:\n{_describe(exc)}") from None
        problems: list[str] = []
        first_id: dict[str, int] = {}
        first_card: dict[str, int] = {}
        for index, entry in enumerate(parsed.staff):
            if (problem := _paired(index, entry)) is not None:
                problems.append(problem)
            if entry.staff_id in first_id:
                problems.append(
                    f"staff[{index}].staff_id: duplicate of staff[{first_id[entry.staff_id]}]"
                )
            first_id.setdefault(entry.staff_id, index)
            if entry.card_serial is not None:
                if entry.card_serial in first_card:
                    problems.append(
                        f"staff[{index}].card_serial: duplicate of "
                        f"staff[{first_card[entry.card_serial]}]"
                    )
                first_card.setdefault(entry.card_serial, index)
        if problems:
            raise ConfigError(f"{source}:\n" + "\n".join(problems))
        return cls(StaffMember(**entry.model_dump()) for entry in parsed.staff)

    @classmethod
    def load(cls, path: Path | str) -> StaffRegistry:
        """Read and validate the staff file at `path`."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        return cls.parse(text, str(path))

    def member(self, staff_id: str) -> StaffMember | None:
        """The member with that staff id, if any."""
        return self._by_id.get(staff_id)

    def by_card(self, serial: str) -> StaffMember | None:
        """The member the staff card with that serial (16 upper-case hex digits) was issued to."""
        return self._by_card.get(serial.upper())

    @property
    def members(self) -> list[StaffMember]:
        """Every member, in file order."""
        return list(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
