"""The demo key standing in for the utility's secure module (ESAM/PSAM, SM1) on prepaid cards.

Simulators only: the card simulator checks purchase MACs with it and the back-office simulator
issues them. The terminal never holds a key (PROTOCOLS.md, Prepaid meter card).
"""

from __future__ import annotations

import hashlib
import hmac

MASTER = bytes.fromhex("4B494F534B2D44454D4F2D4D41535445522D4B45592D3230323400000000A5C3")
"""Demo master key; a real system keeps its keys in a hardware security module."""


def card_key(serial: bytes) -> bytes:
    """The card's own key, diversified from the master key by its 8-byte serial."""
    _check_serial(serial)
    return hmac.new(MASTER, serial, hashlib.sha256).digest()


def purchase_mac(serial: bytes, amount_fen: int, count: int) -> bytes:
    """The 4-byte MAC of a purchase record: HMAC-SHA256(K_card, serial || amount || count)[:4]."""
    _check_serial(serial)
    if not 0 <= amount_fen <= 0xFFFFFFFF or not 0 <= count <= 0xFFFFFFFF:
        raise ValueError("amount and count must fit in 4 unsigned bytes")
    message = serial + amount_fen.to_bytes(4, "big") + count.to_bytes(4, "big")
    return hmac.new(card_key(serial), message, hashlib.sha256).digest()[:4]


def _check_serial(serial: bytes) -> None:
    if len(serial) != 8:
        raise ValueError(f"a card serial is 8 bytes, got {len(serial)}")
