"""What the terminal reads from and writes to a prepaid meter card (购电卡), as plain data.

The APDU-level code is `drivers/prepaid_card.py`; the file map is in docs/prepaid-card.md (facts
from PROTOCOLS.md, Prepaid meter card). These types are what flows see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum


class CardKind(IntEnum):
    """Parameter file byte 0x2A."""

    OPEN_ACCOUNT = 1  # 开户卡: first card of a meter
    PURCHASE = 2  # 购电卡
    REPLACEMENT = 3  # 补卡


class CardProblem(StrEnum):
    """Why a prepaid card could not be used; each has its own explanation on screen."""

    UNREADABLE = "unreadable"  # no/bad ATR, mute, 6Fxx: wrong way round or damaged
    NOT_ISSUED = "not_issued"  # card type read answered 6B00
    FOREIGN = "foreign"  # another utility's card
    WRONG_METER_TYPE = "wrong_meter_type"  # a meter type this terminal does not sell for
    MAC_ERROR = "mac_error"  # 6988 / 6989 on the wallet write
    COUNT_MISMATCH = "count_mismatch"  # the card refused the count, or counts do not add up
    REMOVED = "removed"  # pulled out during a command
    NOT_PRESENT = "not_present"


class PrepaidCardError(Exception):
    """A prepaid-card operation failed for a reason the customer can be told."""

    def __init__(self, problem: CardProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class WriteBackRecord:
    """The 49-byte record the meter leaves on the card (SFI 5), decoded."""

    remaining_fen: int  # credit left in the meter when the card was last inserted into it
    meter_count: int  # purchases the meter has loaded
    meter_no: str  # 12 digits
    account_no: str  # 10 digits
    written_at: datetime | None  # local time of the meter, None if never written
    raw: bytes  # the 49 bytes as read, uploaded to the back office


@dataclass(frozen=True)
class PrepaidCardData:
    """Everything read from a prepaid card in one insertion."""

    card_serial: str  # ATR bytes 5-12 as 16 upper-case hex digits
    utility_code: str  # 4 digits (parameter file bytes 0-1, BCD)
    meter_type: int  # parameter file byte 2 (1 single-phase, 3 three-phase)
    card_kind: CardKind
    meter_no: str  # 12 digits (parameter file 0x1E, 6 bytes BCD)
    wallet_amount_fen: int  # the last purchase written to the card
    wallet_count: int  # purchases written to the card
    write_back: WriteBackRecord | None  # None when the meter never wrote one
    apdus: int = 0  # APDUs this read needed

    @property
    def unloaded_purchase(self) -> bool:
        """The card carries a purchase the meter has not loaded yet."""
        loaded = self.write_back.meter_count if self.write_back is not None else 0
        return self.wallet_count > loaded


@dataclass(frozen=True)
class PurchaseWrite:
    """A purchase to write: issued by the back office with its MAC (the terminal has no key)."""

    amount_fen: int
    count: int  # must be the card's wallet count + 1
    mac: bytes  # 4 bytes
