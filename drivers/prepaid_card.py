"""The prepaid meter card application (购电卡) over any `SmartCardReader`.

APDUs and the file map are in docs/prepaid-card.md (facts from PROTOCOLS.md). This module reads a
card and writes a purchase the back office issued with its MAC; it makes no policy decision (which
utilities and meter types are sold, whether the card is the expected one): flows do.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from drivers.interfaces import CardRemoved, CardUnreadable, DeviceError, SmartCardReader
from drivers.prepaid_types import (
    CardKind,
    CardProblem,
    PrepaidCardData,
    PrepaidCardError,
    PurchaseWrite,
    WriteBackRecord,
)

SELECT_MF = bytes.fromhex("00A40000023F00")
SELECT_DF = bytes.fromhex("00A4000002DF01")
READ_CARD_TYPE = bytes.fromhex("00B0810004")
READ_PARAMETERS = bytes.fromhex("00B0811E0D")  # 0x1E..0x2A: meter number .. card kind
READ_WALLET = bytes.fromhex("00B082000C")
READ_WRITE_BACK = bytes.fromhex("00B0850031")
WRITE_WALLET = bytes.fromhex("04D682000C")

SW_OK = 0x9000
SW_NOT_ISSUED = 0x6B00
SW_MAC = (0x6988, 0x6989)
SW_COUNT = 0x6985
ATR_LENGTH = 16
ATR_PREFIX = bytes.fromhex("3B6C0000")
WRITE_BACK_SIZE = 49


def parse_atr_serial(atr: bytes) -> str:
    """The card serial (ATR bytes 5-12) as 16 upper-case hex digits; PrepaidCardError
    UNREADABLE if the ATR is not a prepaid card's."""
    if len(atr) != ATR_LENGTH or atr[:4] != ATR_PREFIX:
        raise PrepaidCardError(CardProblem.UNREADABLE, f"not a prepaid card's ATR: {atr.hex()}")
    return atr[4:12].hex().upper()


def _bcd(data: bytes, what: str) -> str:
    text = data.hex()
    if not text.isdigit():
        raise PrepaidCardError(CardProblem.UNREADABLE, f"{what} is not BCD: {text.upper()}")
    return text


def decode_write_back(raw: bytes) -> WriteBackRecord | None:
    """The meter's write-back record; None when the file holds no meter (never set up)."""
    if len(raw) != WRITE_BACK_SIZE:
        raise PrepaidCardError(CardProblem.UNREADABLE, f"write-back record of {len(raw)} bytes")
    if not any(raw[8:19]):
        return None
    stamp = raw[19:26]
    written_at = None
    if any(stamp):
        try:
            written_at = datetime.strptime(_bcd(stamp, "write-back time"), "%Y%m%d%H%M%S")
        except ValueError:
            raise PrepaidCardError(
                CardProblem.UNREADABLE, f"write-back time {stamp.hex()} is not a date"
            ) from None
    return WriteBackRecord(
        remaining_fen=int.from_bytes(raw[0:4], "big", signed=True),
        meter_count=int.from_bytes(raw[4:8], "big"),
        meter_no=_bcd(raw[8:14], "write-back meter number"),
        account_no=_bcd(raw[14:19], "write-back account number"),
        written_at=written_at,
        raw=bytes(raw),
    )


class _Session:
    """One card session: sends APDUs, counts them, maps transport errors to card problems."""

    def __init__(self, reader: SmartCardReader) -> None:
        self.reader = reader
        self.apdus = 0

    async def connect(self) -> str:
        try:
            atr = await self.reader.connect_card()
        except CardRemoved as exc:
            raise PrepaidCardError(CardProblem.NOT_PRESENT, str(exc)) from exc
        except CardUnreadable as exc:
            raise PrepaidCardError(CardProblem.UNREADABLE, str(exc)) from exc
        return parse_atr_serial(atr)

    async def send(self, apdu: bytes, expect: int, what: str) -> bytes:
        """Response data of `apdu`; PrepaidCardError unless it has `expect` data bytes and 9000."""
        self.apdus += 1
        try:
            response = await self.reader.transmit(apdu)
        except CardRemoved as exc:
            raise PrepaidCardError(CardProblem.REMOVED, f"{what}: {exc}") from exc
        except CardUnreadable as exc:
            raise PrepaidCardError(CardProblem.UNREADABLE, f"{what}: {exc}") from exc
        sw = int.from_bytes(response[-2:], "big")
        if sw == SW_OK and len(response) - 2 == expect:
            return response[:-2]
        raise _problem(sw, what, response)

    async def close(self) -> None:
        # a card already gone leaves nothing to close
        with contextlib.suppress(DeviceError):
            await self.reader.disconnect_card()


def _problem(sw: int, what: str, response: bytes) -> PrepaidCardError:
    detail = f"{what}: SW {sw:04X}"
    if sw == SW_OK:
        return PrepaidCardError(CardProblem.UNREADABLE, f"{what}: {len(response) - 2} data bytes")
    if sw == SW_NOT_ISSUED and what == "card type":
        return PrepaidCardError(CardProblem.NOT_ISSUED, detail)
    if sw in SW_MAC:
        return PrepaidCardError(CardProblem.MAC_ERROR, detail)
    if sw == SW_COUNT:
        return PrepaidCardError(CardProblem.COUNT_MISMATCH, detail)
    return PrepaidCardError(CardProblem.UNREADABLE, detail)


async def _select(session: _Session) -> None:
    await session.send(SELECT_MF, 0, "select MF")
    await session.send(SELECT_DF, 0, "select DF01")


async def _read_files(session: _Session, serial: str) -> PrepaidCardData:
    card_type = await session.send(READ_CARD_TYPE, 4, "card type")
    params = await session.send(READ_PARAMETERS, 13, "parameters")
    wallet = await session.send(READ_WALLET, 12, "wallet")
    write_back = await session.send(READ_WRITE_BACK, WRITE_BACK_SIZE, "write-back")
    try:
        kind = CardKind(params[12])
    except ValueError:
        raise PrepaidCardError(CardProblem.UNREADABLE, f"card kind {params[12]:#04x}") from None
    return PrepaidCardData(
        card_serial=serial,
        utility_code=_bcd(card_type[0:2], "utility code"),
        meter_type=card_type[2],
        card_kind=kind,
        meter_no=_bcd(params[0:6], "meter number"),
        wallet_amount_fen=int.from_bytes(wallet[0:4], "big"),
        wallet_count=int.from_bytes(wallet[4:8], "big"),
        write_back=decode_write_back(write_back),
        apdus=session.apdus,
    )


async def read_prepaid_card(reader: SmartCardReader) -> PrepaidCardData:
    """Read everything the terminal needs from the card in the reader (6 APDUs).

    PrepaidCardError: NOT_PRESENT (no card), UNREADABLE (bad ATR, mute, 6Fxx, other status
    words, not BCD), NOT_ISSUED (6B00 on the card type), REMOVED (pulled out meanwhile).
    """
    session = _Session(reader)
    try:
        serial = await session.connect()
        await _select(session)
        return await _read_files(session, serial)
    finally:
        await session.close()


async def write_purchase(
    reader: SmartCardReader, purchase: PurchaseWrite, expected_serial: str
) -> PrepaidCardData:
    """Write a purchase into the wallet of the card with `expected_serial`, then read the card
    back and check the wallet holds exactly that purchase. Returns the card as read back
    (`apdus` counts the selects, the write and the read-back: 7).

    PrepaidCardError: NOT_PRESENT if another card is in the reader; COUNT_MISMATCH if the card
    refused the count (6985) or reads back other values; MAC_ERROR on 6988/6989; REMOVED if
    pulled out (the write may or may not have been applied: read the card again on its next
    insertion).
    """
    if len(purchase.mac) != 4:
        raise ValueError("a purchase MAC is 4 bytes")
    if not 0 < purchase.amount_fen <= 0xFFFFFFFF or not 0 < purchase.count <= 0xFFFFFFFF:
        raise ValueError("amount and count must be positive and fit in 4 bytes")
    session = _Session(reader)
    try:
        serial = await session.connect()
        if serial != expected_serial:
            raise PrepaidCardError(
                CardProblem.NOT_PRESENT, f"card {serial} is not card {expected_serial}"
            )
        await _select(session)
        record = (
            purchase.amount_fen.to_bytes(4, "big")
            + purchase.count.to_bytes(4, "big")
            + purchase.mac
        )
        await session.send(WRITE_WALLET + record, 0, "wallet write")
        card = await _read_files(session, serial)
    finally:
        await session.close()
    if card.wallet_count != purchase.count or card.wallet_amount_fen != purchase.amount_fen:
        raise PrepaidCardError(
            CardProblem.COUNT_MISMATCH,
            f"read back {card.wallet_amount_fen} fen #{card.wallet_count}, "
            f"wrote {purchase.amount_fen} fen #{purchase.count}",
        )
    return card
