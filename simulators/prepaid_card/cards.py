"""Ready-made prepaid cards; the back-office simulator seeds the same meters and accounts.

Residential and commercial cards belong to seeded accounts (simulators/backoffice/seed.py); a fresh
card carries no purchase (wallet 0, count 0) and a write-back record the meter never wrote, whose
remaining credit is the account's seeded balance.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulators.prepaid_card.card import (
    PARAM_SIZE,
    WRITE_BACK_SIZE,
    CardFault,
    SimCard,
    bcd,
)


@dataclass(frozen=True)
class CardSpec:
    """One catalogue card."""

    name: str
    serial: str  # 16 hex digits, "" for a card that shows none
    utility_code: str = "4403"
    meter_type: int = 1
    card_kind: int = 2
    meter_no: str = ""
    account_no: str = ""
    remaining_fen: int = 0  # the account's seeded balance
    fault: CardFault = CardFault.NONE
    description: str = ""

    @property
    def key(self) -> str:
        """The card's state-file name: its serial, or its name when it has none."""
        return self.serial or self.name

    def make(self) -> SimCard:
        """A fresh card as issued."""
        params = bytearray(PARAM_SIZE)
        write_back = bytearray(WRITE_BACK_SIZE)
        if self.fault != CardFault.UNISSUED:
            params[0:2] = bcd(self.utility_code)
            params[2] = self.meter_type
            params[3] = 1  # file layout version
            if self.meter_no:
                params[0x1E:0x24] = bcd(self.meter_no)
                write_back[8:14] = bcd(self.meter_no)
            params[0x2A] = self.card_kind
            write_back[0:4] = self.remaining_fen.to_bytes(4, "big", signed=True)
            if self.account_no:
                write_back[14:19] = bcd(self.account_no)
        serial = bytes.fromhex(self.serial) if self.serial else bytes(8)
        return SimCard(self.key, serial, params, write_back=write_back, fault=self.fault)


CATALOGUE: tuple[CardSpec, ...] = (
    CardSpec(
        "residential",
        "5A10000000000001",
        meter_no="440300000001",
        account_no="1163465493",
        remaining_fen=-1920,
        description="residential prepaid, single-phase",
    ),
    CardSpec(
        "residential-2",
        "5A10000000000002",
        meter_no="440300000002",
        account_no="1160549257",
        remaining_fen=860,
        description="prepaid, single-phase",
    ),
    CardSpec(
        "residential-3",
        "5A10000000000003",
        meter_no="440300000003",
        account_no="1160826598",
        remaining_fen=44075,
        description="prepaid, single-phase",
    ),
    CardSpec(
        "residential-4",
        "5A10000000000004",
        meter_no="440300000004",
        account_no="1188229866",
        remaining_fen=9996,
        description="prepaid, single-phase",
    ),
    CardSpec(
        "commercial",
        "5A10000000100001",
        meter_type=3,
        meter_no="440300100001",
        account_no="1274140696",
        remaining_fen=0,
        description="commercial, three-phase",
    ),
    CardSpec(
        "unissued",
        "5A1000000000FF01",
        fault=CardFault.UNISSUED,
        description="blank card, never issued (6B00)",
    ),
    CardSpec(
        "foreign",
        "3205000000000001",
        utility_code="3205",
        meter_no="320500000001",
        description="another utility's card (3205)",
    ),
    CardSpec(
        "wrong-meter-type",
        "5A10000000000009",
        meter_type=9,
        meter_no="440300000009",
        description="a meter type no terminal sells for (9)",
    ),
    CardSpec(
        "damaged",
        "5A100000000000DD",
        meter_no="440300000001",
        fault=CardFault.DAMAGED,
        description="ATR fine, every command answers 6F00",
    ),
    CardSpec("wrong-way", "", fault=CardFault.WRONG_WAY, description="inserted the wrong way"),
)


def find_spec(name_or_serial: str) -> CardSpec:
    """The catalogue card with that name or serial; KeyError if there is none."""
    wanted = name_or_serial.strip()
    for spec in CATALOGUE:
        if wanted == spec.name or (spec.serial and wanted.upper() == spec.serial):
            return spec
    raise KeyError(f"no card {name_or_serial!r} in the catalogue")
