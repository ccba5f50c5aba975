"""The staff file: validated like the config, mistakes named by entry and key, never a plain PIN."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.config import ConfigError
from kiosk.maintenance.roles import Role
from kiosk.maintenance.staff import (
    StaffRegistry,
    hash_pin,
    valid_pin,
    verify_pin,
)
from simulators.staff_cards import public_key_pem
from tests.maintenance.fakes import CHEAP_HASHER, PINS

REPO = Path(__file__).resolve().parents[2]
HASH = CHEAP_HASHER.hash("246810")
KEY = public_key_pem("staff-operator")


def entry(staff_id: str = "1001", **overrides: str) -> str:
    fields = {
        "staff_id": staff_id,
        "name": "王师傅",
        "role": "operator",
        "pin_hash": HASH,
    } | overrides
    body = "\n".join(f'{key} = """{value}"""' for key, value in fields.items())
    return f"[[staff]]\n{body}\n"


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        StaffRegistry.parse(text, "staff.toml")
    return str(caught.value)


def test_a_valid_file_is_looked_up_by_id_and_by_card() -> None:
    text = entry("1001", card_serial="5347535400001001", card_public_key=KEY) + entry(
        "4001", name="赵敏"
    )
    registry = StaffRegistry.parse(text)
    assert len(registry) == 2
    member = registry.member("1001")
    assert member is not None and member.role == Role.OPERATOR
    assert registry.by_card("5347535400001001") is member
    assert registry.by_card("5347535400001001".lower()) is member
    assert registry.member("4001") is not None and registry.member("4001").card_serial is None  # type: ignore[union-attr]
    assert registry.member("9999") is None


def test_a_plain_pin_is_refused_and_never_echoed() -> None:
    message = error_of(entry(pin_hash="246810"))
    assert "staff[0].pin_hash" in message
    assert "Argon2id" in message
    assert "246810" not in message


def test_an_argon2i_hash_is_refused() -> None:
    argon2i = CHEAP_HASHER.hash("246810").replace("$argon2id$", "$argon2i$")
    assert "staff[0].pin_hash" in error_of(entry(pin_hash=argon2i))


def test_a_malformed_argon2id_hash_is_refused() -> None:
    assert "staff[0].pin_hash: " in error_of(entry(pin_hash="$argon2id$nonsense"))


def test_each_bad_key_is_named_with_its_entry_index() -> None:
    text = entry("1001") + entry("2001", role="boss") + entry("3x01", colour="red")
    message = error_of(text)
    assert "staff[1].role" in message
    assert "staff[2].staff_id" in message
    assert "staff[2].colour: unknown key" in message
    assert "staff[0]" not in message


def test_a_missing_key_is_named() -> None:
    assert "staff[0].role: required key is missing" in error_of(
        '[[staff]]\nstaff_id = "1001"\nname = "x"\npin_hash = "' + HASH + '"\n'
    )


def test_duplicate_staff_ids_and_card_serials_are_refused() -> None:
    message = error_of(
        entry("1001", card_serial="5347535400001001", card_public_key=KEY)
        + entry("1001")
        + entry("2001", card_serial="5347535400001001", card_public_key=KEY)
    )
    assert "staff[1].staff_id: duplicate of staff[0]" in message
    assert "staff[2].card_serial: duplicate of staff[0]" in message


def test_a_card_needs_both_serial_and_key() -> None:
    assert "staff[0]: card_serial and card_public_key go together" in error_of(
        entry(card_serial="5347535400001001")
    )


def test_a_public_key_must_be_pem_p256() -> None:
    assert "staff[0].card_public_key: " in error_of(
        entry(card_serial="5347535400001001", card_public_key="not a key")
    )
    p384 = (
        ec.generate_private_key(ec.SECP384R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    assert "P-256" in error_of(entry(card_serial="5347535400001001", card_public_key=p384))


def test_invalid_toml_and_unreadable_file(tmp_path: Path) -> None:
    assert "not valid TOML" in error_of("[[staff]\n")
    with pytest.raises(ConfigError, match="cannot read"):
        StaffRegistry.load(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("pin", "ok"),
    [
        ("246810", True),
        ("1234", True),
        ("123456789012", True),
        ("123", False),
        ("1234567890123", False),
        ("12a456", False),
        ("", False),
        ("12 456", False),
    ],
)
def test_pin_shape(pin: str, ok: bool) -> None:
    assert valid_pin(pin) is ok
    if not ok:
        with pytest.raises(ValueError):
            hash_pin(pin, CHEAP_HASHER)


def test_hash_pin_makes_argon2id_with_the_production_parameters() -> None:
    pin_hash = hash_pin("246810")
    assert pin_hash.startswith("$argon2id$v=19$m=65536,t=2,p=1$")
    assert verify_pin(pin_hash, "246810")
    assert not verify_pin(pin_hash, "246811")
    assert hash_pin("246810") != pin_hash  # salted
    assert not verify_pin("garbage", "246810")


def test_the_shipped_staff_file_holds_the_demo_staff() -> None:
    registry = StaffRegistry.load(REPO / "staff.toml")
    roles = {m.staff_id: m.role for m in registry.members}
    assert roles == {
        "1001": Role.OPERATOR,
        "2001": Role.SUPERVISOR,
        "3001": Role.TECHNICIAN,
        "4001": Role.OPERATOR,
    }
    for staff_id, pin in PINS.items():
        member = registry.member(staff_id)
        assert member is not None and verify_pin(member.pin_hash, pin), staff_id
    for staff_id, card in [
        ("1001", "staff-operator"),
        ("2001", "staff-supervisor"),
        ("3001", "staff-technician"),
    ]:
        member = registry.member(staff_id)
        assert member is not None and member.card_public_key == public_key_pem(card)
    assert registry.member("4001").card_serial is None  # type: ignore[union-attr]
    assert registry.by_card("5347535400009001") is None  # the unregistered card


# -- kiosk staff ... ----------------------------------------------------------------------------


def staff_cli(tmp_path: Path, *argv: str, secrets: list[str] | None = None) -> int:
    import argparse

    from kiosk.maintenance import staff_cli as module

    lines = [
        "[[staff]]",
        'staff_id = "1001"\nname = "王师傅"\nrole = "operator"',
        f'pin_hash = "{CHEAP_HASHER.hash("246810")}"',
        "[[staff]]",
        'staff_id = "3001"\nname = "张工"\nrole = "technician"',
        f'pin_hash = "{CHEAP_HASHER.hash("975310")}"',
    ]
    (tmp_path / "staff.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        '[terminal]\nid = "T1"\ndata_dir = "data"\n[backoffice]\nbase_url = "http://127.0.0.1:9"\n',
        encoding="utf-8",
    )
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", type=Path)
    module.add_staff_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--config", str(config), "staff", *argv])
    answers = iter(secrets or [])
    if args.func in (module._cmd_hash_pin, module._cmd_unlock):
        return int(args.func(args, read_secret=lambda _prompt: next(answers)))
    return int(args.func(args))


def test_cli_hash_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert staff_cli(tmp_path, "hash-pin", secrets=["246810", "246810"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("$argon2id$") and verify_pin(printed, "246810")
    assert staff_cli(tmp_path, "hash-pin", secrets=["246810", "246811"]) == 1
    assert staff_cli(tmp_path, "hash-pin", secrets=["12ab"]) == 1
    assert "$argon2id$" not in capsys.readouterr().out


async def _lock(tmp_path: Path, staff_id: str) -> None:
    from kiosk.clock import SystemClock
    from kiosk.config import load_settings
    from kiosk.maintenance.audit import AuditLog
    from kiosk.maintenance.auth import StaffAuthenticator
    from kiosk.maintenance.store import open_store

    settings = load_settings(tmp_path / "config.toml")
    conn = open_store(settings.data_dir / "maintenance.sqlite3")
    registry = StaffRegistry.load(tmp_path / "staff.toml")
    auth = StaffAuthenticator(
        registry, AuditLog(conn, SystemClock()), conn, SystemClock(), settings.maintenance
    )
    for _ in range(5):
        await auth.check_pin(staff_id, "000000")


def test_cli_list_unlock_and_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    assert staff_cli(tmp_path, "list") == 0
    asyncio.run(_lock(tmp_path, "1001"))
    capsys.readouterr()
    assert staff_cli(tmp_path, "list") == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "operator" in rows["1001"] and rows["1001"].split()[-1] != "-"
    assert rows["3001"].split()[-1] == "-" and " no " in rows["3001"]

    assert staff_cli(tmp_path, "unlock", "1001", "--by", "1001", secrets=["246810"]) == 1
    assert staff_cli(tmp_path, "unlock", "1001", "--by", "3001", secrets=["999999"]) == 1
    assert staff_cli(tmp_path, "unlock", "1001", "--by", "3001", secrets=["975310"]) == 0
    capsys.readouterr()
    staff_cli(tmp_path, "list")
    assert capsys.readouterr().out.splitlines()[1].split()[-1] == "-"

    assert staff_cli(tmp_path, "audit", "--limit", "3", "--verify") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "audit log intact" and len(out) == 4
    assert "unlock" in out[-2] and "3001" in out[-2]
