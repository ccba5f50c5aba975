"""The staff card application over any `SmartCardReader` (docs/staff-card.md).

Reads the staff id and has the card sign the terminal's challenge. It checks nothing about the
signature: the terminal holds the staff members' public keys, and the authenticator verifies.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from drivers.interfaces import CardRemoved, CardUnreadable, DeviceError, SmartCardReader

ATR_LENGTH = 16
ATR_PREFIX = bytes.fromhex("3B6C0000")
STAFF_ATR_SUFFIX = b"SGST"  # 53 47 53 54; a prepaid card's ATR ends "SGCC"
SELECT_STAFF = bytes.fromhex("00A404000AD1560000015354414646")
READ_STAFF_ID = bytes.fromhex("00B0810010")
AUTHENTICATE_HEADER = bytes.fromhex("0088000020")
CHALLENGE_SIZE = 32
STAFF_ID_SIZE = 16
SW_OK = 0x9000


class StaffCardError(DeviceError):
    """The card in the slot is not a staff card, or answered a status word it should not."""


@dataclass(frozen=True)
class StaffCardData:
    """What the staff card told: its serial (16 upper-case hex), the staff id, and its signature
    (DER ECDSA P-256) over SHA-256(challenge || serial bytes)."""

    serial: str
    staff_id: str
    signature: bytes


def is_staff_card_atr(atr: bytes) -> bool:
    """Whether `atr` is a staff card's (3B 6C 00 00, 8 serial bytes, "SGST")."""
    return len(atr) == ATR_LENGTH and atr[:4] == ATR_PREFIX and atr[12:] == STAFF_ATR_SUFFIX


def authenticate_apdu(challenge: bytes) -> bytes:
    """INTERNAL AUTHENTICATE with a 32-byte challenge and Le = 00."""
    if len(challenge) != CHALLENGE_SIZE:
        raise ValueError(f"a challenge is {CHALLENGE_SIZE} bytes, not {len(challenge)}")
    return AUTHENTICATE_HEADER + challenge + b"\x00"


def _status_word(response: bytes, what: str) -> tuple[bytes, int]:
    if len(response) < 2:
        raise StaffCardError(f"{what}: answer of {len(response)} bytes")
    return response[:-2], int.from_bytes(response[-2:], "big")


def _decode_staff_id(data: bytes) -> str:
    if len(data) != STAFF_ID_SIZE:
        raise StaffCardError(f"staff id file of {len(data)} bytes, not {STAFF_ID_SIZE}")
    text = data.rstrip(b"\x00")
    if not text or not text.isdigit() or b"\x00" in text:
        raise StaffCardError(f"staff id file does not hold digits: {data.hex().upper()}")
    return text.decode("ascii")


async def _send(reader: SmartCardReader, apdu: bytes, what: str) -> bytes:
    data, sw = _status_word(await reader.transmit(apdu), what)
    if sw != SW_OK:
        raise StaffCardError(f"{what}: status word {sw:04X}")
    return data


async def read_staff_card(reader: SmartCardReader, challenge: bytes) -> StaffCardData:
    """Connect, select the staff application, read the id, have the card sign `challenge`.

    Raises CardRemoved (pulled out), CardUnreadable (mute card, bad ATR) or StaffCardError (not a
    staff card, or an unexpected status word). The session is always closed.
    """
    apdu = authenticate_apdu(challenge)
    atr = await reader.connect_card()
    try:
        if not is_staff_card_atr(atr):
            raise StaffCardError(f"not a staff card's ATR: {atr.hex().upper()}")
        serial = atr[4:12]
        try:
            await _send(reader, SELECT_STAFF, "select staff application")
        except StaffCardError as exc:
            raise StaffCardError(f"no staff application on the card ({exc})") from None
        staff_id = _decode_staff_id(await _send(reader, READ_STAFF_ID, "read staff id"))
        signature = await _send(reader, apdu, "internal authenticate")
        if not signature:
            raise StaffCardError("internal authenticate: no signature in the answer")
        return StaffCardData(serial.hex().upper(), staff_id, signature)
    finally:
        with contextlib.suppress(DeviceError):
            await reader.disconnect_card()


__all__ = [
    "CardRemoved",
    "CardUnreadable",
    "StaffCardData",
    "StaffCardError",
    "authenticate_apdu",
    "is_staff_card_atr",
    "read_staff_card",
]
