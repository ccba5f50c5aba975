"""Simulated staff cards: the staff's smart cards on the virtual PC/SC reader (docs/staff-card.md).

Each card holds a P-256 private key derived from its name, so the shipped staff.toml can carry the
matching public keys and the demo works from a fresh checkout. The card parses command APDUs
itself (never the driver's code), so that the driver and the card cannot agree on the same mistake.
Demo keys only: anyone can derive them from the card's name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_NOT_SELECTED = b"\x69\x82"  # security status not satisfied: the application is not selected
SW_NOT_FOUND = b"\x6a\x82"
SW_INS = b"\x6d\x00"
SW_CLA = b"\x6e\x00"

ATR_PREFIX = bytes.fromhex("3B6C0000")
ATR_SUFFIX = b"SGST"  # 53 47 53 54
STAFF_AID = bytes.fromhex("D1560000015354414646")  # D1 56 00 00 01 "STAFF"
ID_FILE_SIZE = 16
CHALLENGE_SIZE = 32
# The order of the P-256 group: a scalar must lie in [1, n - 1].
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


@dataclass(frozen=True)
class StaffCardSpec:
    """One catalogue card: its name (and key seed), serial, and the staff id it carries."""

    name: str
    serial: str  # 16 upper-case hex digits
    staff_id: str
    description: str = ""


CATALOGUE: tuple[StaffCardSpec, ...] = (
    StaffCardSpec("staff-operator", "5347535400001001", "1001", "王师傅, operator"),
    StaffCardSpec("staff-supervisor", "5347535400002001", "2001", "李主管, supervisor"),
    StaffCardSpec("staff-technician", "5347535400003001", "3001", "张工, technician"),
    # A clone of the supervisor's card (same serial and id) with a key of its own: the signature
    # check is what catches it.
    StaffCardSpec(
        "staff-forged", "5347535400002001", "2001", "claims 2001 with the wrong key (clone)"
    ),
    StaffCardSpec("staff-unregistered", "5347535400009001", "9001", "not in staff.toml"),
)


def is_staff_card_name(name: str) -> bool:
    """Whether `name` is a staff card of the catalogue."""
    return any(spec.name == name for spec in CATALOGUE)


def find_staff_card(name: str) -> StaffCardSpec:
    """The catalogue card named `name`; KeyError if there is none."""
    for spec in CATALOGUE:
        if spec.name == name.strip():
            return spec
    raise KeyError(f"no staff card {name!r} in the catalogue")


def private_key(card_name: str) -> ec.EllipticCurvePrivateKey:
    """The card's P-256 private key, derived from its name (deterministic, demo only)."""
    digest = hashlib.sha256(b"staff-card-demo:" + card_name.encode()).digest()
    # mod (n - 1) + 1 keeps the scalar off zero, which is not a key.
    scalar = int.from_bytes(digest, "big") % (P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def public_key_pem(card_name: str) -> str:
    """The PEM (SubjectPublicKeyInfo) of the card's public key, for staff.toml."""
    find_staff_card(card_name)
    public = private_key(card_name).public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


class StaffCard:
    """A staff card in the slot: answers SELECT, READ BINARY and INTERNAL AUTHENTICATE.

    Same endpoint interface as the prepaid card (simulators/prepaid_card/vicc.py CardEndpoint).
    """

    def __init__(self, spec: StaffCardSpec) -> None:
        self.spec = spec
        self.serial = bytes.fromhex(spec.serial)
        self._key = private_key(spec.name)
        self.selected = False
        self.authentications = 0

    @classmethod
    def named(cls, name: str) -> StaffCard:
        """The catalogue card `name`; KeyError if there is none."""
        return cls(find_staff_card(name))

    @property
    def key(self) -> str:
        """The card's catalogue name."""
        return self.spec.name

    def answer_to_reset(self) -> bytes:
        """The ATR: 3B 6C 00 00, the 8 serial bytes, "SGST"."""
        return ATR_PREFIX + self.serial + ATR_SUFFIX

    def power(self, on: bool) -> None:
        """A power-up or reset loses the selection."""
        self.selected = False

    def power_up(self) -> None:
        """A reset: the selection is lost."""
        self.selected = False

    def command(self, apdu: bytes) -> bytes | None:
        """Answer one command APDU with response data + SW1 SW2."""
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins = apdu[0], apdu[1]
        if cla != 0x00:
            return SW_CLA
        if ins == 0xA4:
            return self._select(apdu)
        if ins == 0xB0:
            return self._read_binary(apdu)
        if ins == 0x88:
            return self._authenticate(apdu)
        return SW_INS

    def describe(self) -> dict[str, object]:
        """What the control API shows of the card."""
        return {
            "kind": "staff",
            "name": self.spec.name,
            "serial": self.spec.serial,
            "staff_id": self.spec.staff_id,
            "authentications": self.authentications,
        }

    def _select(self, apdu: bytes) -> bytes:
        p1, p2 = apdu[2], apdu[3]
        if len(apdu) < 5 or len(apdu) not in (5 + apdu[4], 6 + apdu[4]):
            return SW_WRONG_LENGTH
        aid = apdu[5 : 5 + apdu[4]]
        self.selected = False
        if p1 != 0x04 or p2 != 0x00 or aid != STAFF_AID:
            return SW_NOT_FOUND
        self.selected = True
        return SW_OK

    def _read_binary(self, apdu: bytes) -> bytes:
        if len(apdu) != 5:
            return SW_WRONG_LENGTH
        p1, p2, le = apdu[2], apdu[3], apdu[4]
        if not self.selected:
            return SW_NOT_SELECTED
        if p1 != 0x81 or p2 != 0x00:  # SFI 1 (0x80 | 1), offset 0: the only file
            return SW_NOT_FOUND
        if le not in (0, ID_FILE_SIZE):
            return SW_WRONG_LENGTH
        content = self.spec.staff_id.encode("ascii").ljust(ID_FILE_SIZE, b"\x00")
        return content + SW_OK

    def _authenticate(self, apdu: bytes) -> bytes:
        if len(apdu) < 5 or apdu[4] != CHALLENGE_SIZE or len(apdu) not in (37, 38):
            return SW_WRONG_LENGTH
        if not self.selected:
            return SW_NOT_SELECTED
        challenge = apdu[5 : 5 + CHALLENGE_SIZE]
        self.authentications += 1
        signature = self._key.sign(challenge + self.serial, ec.ECDSA(hashes.SHA256()))
        return signature + SW_OK


__all__ = [
    "CATALOGUE",
    "StaffCard",
    "StaffCardSpec",
    "find_staff_card",
    "is_staff_card_name",
    "private_key",
    "public_key_pem",
]
