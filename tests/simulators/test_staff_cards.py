"""The simulated staff cards on APDU bytes (docs/staff-card.md), without PC/SC."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from fastapi.testclient import TestClient

from simulators.prepaid_card import PrepaidCardSimulator
from simulators.prepaid_card.routes import add_card_routes
from simulators.staff_cards import CATALOGUE, StaffCard, private_key, public_key_pem

# Written out from the shared notes, not taken from the simulator's constants.
SELECT = bytes.fromhex("00 A4 04 00 0A D1 56 00 00 01 53 54 41 46 46")
READ_ID = bytes.fromhex("00 B0 81 00 10")
CHALLENGE = bytes(range(32))
AUTHENTICATE = bytes.fromhex("00 88 00 00 20") + CHALLENGE + b"\x00"
P256_N = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)


def verify(pem: str, signature: bytes, challenge: bytes, serial: bytes) -> bool:
    key = serialization.load_pem_public_key(pem.encode())
    assert isinstance(key, ec.EllipticCurvePublicKey)
    try:
        key.verify(signature, challenge + serial, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def selected(name: str) -> StaffCard:
    card = StaffCard.named(name)
    assert card.command(SELECT) == b"\x90\x00"
    return card


def test_atr_is_prefix_serial_sgst() -> None:
    card = StaffCard.named("staff-operator")
    assert card.answer_to_reset() == bytes.fromhex(
        "3B 6C 00 00 53 47 53 54 00 00 10 01 53 47 53 54"
    )


def test_key_derivation_follows_the_documented_rule() -> None:
    digest = hashlib.sha256(b"staff-card-demo:staff-supervisor").digest()
    expected = int.from_bytes(digest, "big") % (P256_N - 1) + 1
    assert private_key("staff-supervisor").private_numbers().private_value == expected
    assert public_key_pem("staff-supervisor") == public_key_pem("staff-supervisor")
    assert public_key_pem("staff-supervisor").startswith("-----BEGIN PUBLIC KEY-----")
    pems = {public_key_pem(spec.name) for spec in CATALOGUE}
    assert len(pems) == len(CATALOGUE)
    with pytest.raises(KeyError):
        public_key_pem("nobody")


@pytest.mark.parametrize(
    ("name", "staff_id"),
    [("staff-operator", "1001"), ("staff-supervisor", "2001"), ("staff-technician", "3001")],
)
def test_read_id_and_signature_verifies(name: str, staff_id: str) -> None:
    card = selected(name)
    answer = card.command(READ_ID)
    assert answer == staff_id.encode() + bytes(12) + b"\x90\x00"
    answer = card.command(AUTHENTICATE)
    assert answer is not None and answer[-2:] == b"\x90\x00"
    assert verify(public_key_pem(name), answer[:-2], CHALLENGE, card.serial)
    # bound to the challenge and to the serial
    assert not verify(public_key_pem(name), answer[:-2], bytes(32), card.serial)
    assert not verify(public_key_pem(name), answer[:-2], CHALLENGE, bytes(8))


def test_forged_card_claims_the_supervisor_but_signs_with_another_key() -> None:
    card = selected("staff-forged")
    assert card.command(READ_ID) == b"2001" + bytes(12) + b"\x90\x00"
    assert card.serial == StaffCard.named("staff-supervisor").serial
    answer = card.command(AUTHENTICATE)
    assert answer is not None
    assert not verify(public_key_pem("staff-supervisor"), answer[:-2], CHALLENGE, card.serial)


def test_status_words() -> None:
    card = StaffCard.named("staff-operator")
    assert card.command(READ_ID) == b"\x69\x82"  # before select
    assert card.command(AUTHENTICATE) == b"\x69\x82"
    assert card.command(bytes.fromhex("00 A4 04 00 02 3F 00")) == b"\x6a\x82"
    assert card.command(bytes.fromhex("00 A4 00 00 02 3F 00")) == b"\x6a\x82"
    assert card.command(SELECT[:-1]) == b"\x67\x00"  # Lc says 10, 9 follow
    assert card.command(SELECT) == b"\x90\x00"
    assert card.command(bytes.fromhex("00 B0 81 00 20")) == b"\x67\x00"
    assert card.command(bytes.fromhex("00 B0 82 00 10")) == b"\x6a\x82"
    assert card.command(bytes.fromhex("00 88 00 00 10") + bytes(16) + b"\x00") == b"\x67\x00"
    assert card.command(bytes.fromhex("00 CA 00 00 00")) == b"\x6d\x00"
    assert card.command(bytes.fromhex("80 B0 81 00 10")) == b"\x6e\x00"
    assert card.command(b"\x00") == b"\x67\x00"
    card.power(True)  # a reset loses the selection
    assert card.command(READ_ID) == b"\x69\x82"
    assert card.command(SELECT + b"\x00") == b"\x90\x00"  # with Le


def test_slot_holds_a_staff_card_or_a_prepaid_card() -> None:
    sim = PrepaidCardSimulator()
    sim.insert_any("staff-technician")
    assert sim.answer_to_reset().endswith(b"SGST")
    assert sim.command(SELECT) == b"\x90\x00"
    assert sim.command(READ_ID) == b"3001" + bytes(12) + b"\x90\x00"
    assert sim.apdu_count == 2
    sim.insert_any("residential")
    assert sim.current_staff_card is None
    assert sim.answer_to_reset().endswith(b"SGCC")
    sim.insert_any("staff-operator")
    assert sim.current is None
    sim.remove()
    assert sim.answer_to_reset() == b""
    with pytest.raises(KeyError):
        sim.insert_any("staff-nobody")


def test_control_routes_insert_staff_cards_by_name() -> None:
    sim = PrepaidCardSimulator()
    app = FastAPI()
    add_card_routes(app, sim)
    client = TestClient(app)
    assert client.get("/card").json() == {"kind": None, "name": None, "serial": None}
    assert client.post("/card/insert/staff-supervisor").json() == {"inserted": "staff-supervisor"}
    assert client.get("/card").json() == {
        "kind": "staff",
        "name": "staff-supervisor",
        "serial": "5347535400002001",
    }
    assert client.get("/card/state").json()["staff_card"]["staff_id"] == "2001"
    assert client.post("/card/insert", json={"card": "residential"}).status_code == 200
    assert client.get("/card").json()["kind"] == "prepaid"
    assert client.post("/card/insert/staff-nobody").status_code == 404
    names = [c["name"] for c in client.get("/card/staff_catalogue").json()]
    assert names == [spec.name for spec in CATALOGUE]
