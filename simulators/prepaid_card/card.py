"""The simulated prepaid meter card (购电卡): file map, counters, MAC check, status words.

It parses command APDUs itself (never the driver's code), so that the driver and the card are
tested against the byte vectors of PROTOCOLS.md separately.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from simulators.card_keys import purchase_mac

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_SECURITY = b"\x69\x82"
SW_COUNT = b"\x69\x85"
SW_NOT_ALLOWED = b"\x69\x86"
SW_MAC = b"\x69\x88"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_INS = b"\x6d\x00"
SW_CLA = b"\x6e\x00"
SW_MUTE = b"\x6f\x00"

PARAM_SIZE = 0x30
WALLET_SIZE = 12
WRITE_BACK_SIZE = 49
ATR_PREFIX = bytes.fromhex("3B6C0000")
ATR_SUFFIX = b"SGCC"  # 53 47 43 43
MF, DF = b"\x3f\x00", b"\xdf\x01"


class CardFault(StrEnum):
    """How a card misbehaves."""

    NONE = "none"
    UNISSUED = "unissued"  # blank chip: the files hold nothing, reads answer 6B00
    DAMAGED = "damaged"  # a fine ATR, then 6F00 to everything
    WRONG_WAY = "wrong_way"  # contacts not touching: an ATR that is not one


def bcd(digits: str) -> bytes:
    """Packed BCD of an even number of decimal digits."""
    return bytes.fromhex(digits)


@dataclass
class SimCard:
    """One card: what its chip holds and how it answers."""

    key: str  # catalogue key: the serial, or a name for a card without one
    serial: bytes  # 8 bytes (ATR bytes 5-12)
    params: bytearray  # SFI 1, 0x30 bytes
    wallet: bytearray = field(default_factory=lambda: bytearray(WALLET_SIZE))  # SFI 2
    write_back: bytearray = field(default_factory=lambda: bytearray(WRITE_BACK_SIZE))  # SFI 5
    fault: CardFault = CardFault.NONE
    selected: bytes = b""  # no file selected until SELECT (reset on power-up)

    @property
    def serial_hex(self) -> str:
        """The serial as 16 upper-case hex digits."""
        return self.serial.hex().upper()

    @property
    def atr(self) -> bytes:
        """The answer to reset."""
        if self.fault == CardFault.WRONG_WAY:
            return b"\xff\xff"
        return ATR_PREFIX + self.serial + ATR_SUFFIX

    @property
    def wallet_amount(self) -> int:
        """Amount of the last purchase written, in fen."""
        return int.from_bytes(self.wallet[0:4], "big")

    @property
    def wallet_count(self) -> int:
        """Purchases written to the card."""
        return int.from_bytes(self.wallet[4:8], "big")

    @property
    def meter_count(self) -> int:
        """Purchases the meter has loaded (write-back record)."""
        return int.from_bytes(self.write_back[4:8], "big")

    @property
    def remaining_fen(self) -> int:
        """Credit the meter reported in its write-back record."""
        return int.from_bytes(self.write_back[0:4], "big", signed=True)

    def power_up(self) -> None:
        """A reset: the selection is lost."""
        self.selected = b""

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data + SW1 SW2."""
        if self.fault in (CardFault.DAMAGED, CardFault.WRONG_WAY):
            return SW_MUTE
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        body = apdu[4:]
        if cla not in (0x00, 0x04):
            return SW_CLA
        if ins == 0xA4:
            return self._select(p1, p2, body)
        if ins == 0xB0:
            return self._read(p1, p2, body)
        if ins == 0xD6:
            return self._update(cla, p1, p2, body)
        return SW_INS

    def _select(self, p1: int, p2: int, body: bytes) -> bytes:
        if p1 != 0 or p2 != 0:
            return SW_WRONG_P1P2
        if len(body) < 1 or body[0] != 2 or len(body) not in (3, 4):
            return SW_WRONG_LENGTH
        fid = bytes(body[1:3])
        if fid == MF:
            self.selected = MF
        elif fid == DF and self.selected in (MF, DF):
            self.selected = DF
        else:
            return SW_NOT_FOUND
        return SW_OK

    def _file(self, sfi: int) -> bytearray | None:
        return {1: self.params, 2: self.wallet, 5: self.write_back}.get(sfi)

    def _read(self, p1: int, p2: int, body: bytes) -> bytes:
        if len(body) != 1:
            return SW_WRONG_LENGTH
        if not p1 & 0x80:
            return SW_NOT_ALLOWED  # no current EF: files are read by SFI only
        if self.selected != DF:
            return SW_NOT_FOUND
        data = self._file(p1 & 0x1F)
        if data is None:
            return SW_NOT_FOUND
        if self.fault == CardFault.UNISSUED:
            return SW_WRONG_P1P2
        length = body[0] or 256
        if p2 >= len(data):
            return SW_WRONG_P1P2
        if p2 + length > len(data):
            return SW_WRONG_LENGTH
        return bytes(data[p2 : p2 + length]) + SW_OK

    def _update(self, cla: int, p1: int, p2: int, body: bytes) -> bytes:
        if p1 != 0x82 or p2 != 0:
            return SW_SECURITY  # only the wallet is writable, and only with a MAC
        if cla != 0x04:
            return SW_SECURITY
        if self.selected != DF:
            return SW_NOT_FOUND
        if self.fault == CardFault.UNISSUED:
            return SW_WRONG_P1P2
        if len(body) != 1 + WALLET_SIZE or body[0] != WALLET_SIZE:
            return SW_WRONG_LENGTH
        amount = int.from_bytes(body[1:5], "big")
        count = int.from_bytes(body[5:9], "big")
        mac = bytes(body[9:13])
        if not hmac.compare_digest(mac, purchase_mac(self.serial, amount, count)):
            return SW_MAC
        if count != self.wallet_count + 1:
            return SW_COUNT
        self.wallet[:] = body[1:13]
        return SW_OK

    def load_into_meter(self, now: datetime) -> bool:
        """The customer puts the card into the meter: it loads an unloaded purchase (anti-replay:
        only count = meter count + 1) and writes its record. False if nothing was loaded."""
        if self.fault != CardFault.NONE:
            return False
        loaded = self.wallet_count == self.meter_count + 1
        if loaded:
            remaining = self.remaining_fen + self.wallet_amount
            self.write_back[0:4] = remaining.to_bytes(4, "big", signed=True)
            self.write_back[4:8] = self.wallet_count.to_bytes(4, "big")
        self.write_back[19:26] = bcd(now.strftime("%Y%m%d%H%M%S"))
        return loaded

    def to_json(self) -> dict[str, str]:
        """What the card keeps across simulator restarts."""
        return {
            "key": self.key,
            "serial": self.serial.hex(),
            "params": self.params.hex(),
            "wallet": self.wallet.hex(),
            "write_back": self.write_back.hex(),
            "fault": self.fault.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> SimCard:
        """A card saved by `to_json`."""
        return cls(
            key=data["key"],
            serial=bytes.fromhex(data["serial"]),
            params=bytearray.fromhex(data["params"]),
            wallet=bytearray.fromhex(data["wallet"]),
            write_back=bytearray.fromhex(data["write_back"]),
            fault=CardFault(data["fault"]),
        )

    def save(self, state_dir: Path) -> None:
        """Write the card's contents to `state_dir/<key>.json` (atomically)."""
        state_dir.mkdir(parents=True, exist_ok=True)
        target = state_dir / f"{self.key}.json"
        temp = target.with_suffix(".tmp")
        temp.write_text(json.dumps(self.to_json()))
        temp.replace(target)

    def describe(self) -> dict[str, object]:
        """The card decoded for GET /card/state and the hardware panel."""
        stamp = self.write_back[19:26]
        return {
            "key": self.key,
            "serial": self.serial_hex,
            "fault": self.fault.value,
            "utility_code": self.params[0:2].hex(),
            "meter_type": self.params[2],
            "meter_no": self.params[0x1E:0x24].hex(),
            "card_kind": self.params[0x2A],
            "wallet": {"amount_fen": self.wallet_amount, "count": self.wallet_count},
            "write_back": {
                "remaining_fen": self.remaining_fen,
                "meter_count": self.meter_count,
                "meter_no": self.write_back[8:14].hex(),
                "account_no": self.write_back[14:19].hex(),
                "timestamp": None if not any(stamp) else stamp.hex(),
            },
        }
