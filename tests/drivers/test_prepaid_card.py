"""The prepaid card application through real PC/SC: pcscd + vpcd + the simulated card."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest

from drivers.pcsc_reader import PcscReader
from drivers.prepaid_card import (
    decode_write_back,
    parse_atr_serial,
    read_prepaid_card,
    write_purchase,
)
from drivers.prepaid_types import CardKind, CardProblem, PrepaidCardError, PurchaseWrite
from simulators.card_keys import purchase_mac
from simulators.prepaid_card import SimCard
from simulators.prepaid_card.rig import CardRig, acquire_rig, release_rig

WAIT_S = 5.0
SERIAL_1 = "5A10000000000001"


@pytest.fixture(scope="session")
def prepaid_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardRig]:
    # no skip: a machine without pcscd fails here with the reason
    rig = acquire_rig(tmp_path_factory.mktemp("pcscd-run"))
    yield rig
    release_rig()


@pytest.fixture
async def card_reader(prepaid_rig: CardRig) -> AsyncIterator[PcscReader]:
    prepaid_rig.sim.remove_on_write(None)
    prepaid_rig.sim.stall_writes(False)
    prepaid_rig.sim.remove()
    device = PcscReader("ic_card", prepaid_rig.url, poll_s=0.1)
    await device.open()
    assert await device.wait_for_removal(WAIT_S)
    yield device
    prepaid_rig.sim.stall_writes(False)
    await device.close()


async def insert(reader: PcscReader, rig: CardRig, card: str | SimCard) -> SimCard:
    waiting = asyncio.create_task(reader.wait_for_card())
    await asyncio.sleep(0)  # the wait starts before the card goes in
    inserted = rig.sim.insert(card)
    await asyncio.wait_for(waiting, WAIT_S)
    return inserted


def purchase(serial: str, amount: int, count: int) -> PurchaseWrite:
    return PurchaseWrite(amount, count, purchase_mac(bytes.fromhex(serial), amount, count))


def test_atr_serial() -> None:
    atr = bytes.fromhex("3B 6C 00 00 5A 10 00 00 00 00 00 01 53 47 43 43")
    assert parse_atr_serial(atr) == SERIAL_1
    for bad in (b"\xff\xff", atr[:-1], b"\x3b\x6d" + atr[2:]):
        with pytest.raises(PrepaidCardError) as caught:
            parse_atr_serial(bad)
        assert caught.value.problem == CardProblem.UNREADABLE


def test_write_back_decoding() -> None:
    raw = (
        (-1920).to_bytes(4, "big", signed=True)
        + (3).to_bytes(4, "big")
        + bytes.fromhex("440300000001 1163465493 20240601083015")
        + bytes(23)
    )
    record = decode_write_back(raw)
    assert record is not None
    assert (record.remaining_fen, record.meter_count) == (-1920, 3)
    assert (record.meter_no, record.account_no) == ("440300000001", "1163465493")
    assert record.written_at == datetime(2024, 6, 1, 8, 30, 15)
    assert record.raw == raw
    assert decode_write_back(bytes(49)) is None  # no meter set up
    with pytest.raises(PrepaidCardError):
        decode_write_back(raw[:48])
    with pytest.raises(PrepaidCardError):
        decode_write_back(raw[:19] + bytes.fromhex("20241301083015") + bytes(23))  # month 13


async def test_read_residential_card(card_reader: PcscReader, prepaid_rig: CardRig) -> None:
    await insert(card_reader, prepaid_rig, "residential")
    before = prepaid_rig.sim.apdu_count
    card = await read_prepaid_card(card_reader)
    assert card.card_serial == SERIAL_1
    assert (card.utility_code, card.meter_type, card.card_kind) == ("4403", 1, CardKind.PURCHASE)
    assert card.meter_no == "440300000001"
    assert (card.wallet_amount_fen, card.wallet_count) == (0, 0)
    assert card.write_back is not None
    assert card.write_back.account_no == "1163465493"
    assert card.write_back.remaining_fen == -1920
    assert card.write_back.meter_count == 0 and card.write_back.written_at is None
    assert not card.unloaded_purchase
    assert card.apdus == 6 == prepaid_rig.sim.apdu_count - before
    assert [cmd for cmd, _ in list(prepaid_rig.sim.apdu_log)[-6:]] == [
        "00A40000023F00",
        "00A4000002DF01",
        "00B0810004",
        "00B0811E0D",
        "00B082000C",
        "00B0850031",
    ]


@pytest.mark.parametrize(
    ("name", "serial", "utility", "meter_type", "meter_no"),
    [
        ("residential-2", "5A10000000000002", "4403", 1, "440300000002"),
        ("residential-3", "5A10000000000003", "4403", 1, "440300000003"),
        ("residential-4", "5A10000000000004", "4403", 1, "440300000004"),
        ("commercial", "5A10000000100001", "4403", 3, "440300100001"),
        ("foreign", "3205000000000001", "3205", 1, "320500000001"),
        ("wrong-meter-type", "5A10000000000009", "4403", 9, "440300000009"),
    ],
)
async def test_readable_catalogue_cards(
    card_reader: PcscReader,
    prepaid_rig: CardRig,
    name: str,
    serial: str,
    utility: str,
    meter_type: int,
    meter_no: str,
) -> None:
    # the driver reads them all; selling policy (utility, meter type) is the flow's
    await insert(card_reader, prepaid_rig, name)
    card = await read_prepaid_card(card_reader)
    assert (card.card_serial, card.utility_code) == (serial, utility)
    assert (card.meter_type, card.meter_no) == (meter_type, meter_no)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("unissued", CardProblem.NOT_ISSUED),
        ("damaged", CardProblem.UNREADABLE),
        ("wrong-way", CardProblem.UNREADABLE),
    ],
)
async def test_unusable_catalogue_cards(
    card_reader: PcscReader, prepaid_rig: CardRig, name: str, problem: CardProblem
) -> None:
    await insert(card_reader, prepaid_rig, name)
    with pytest.raises(PrepaidCardError) as caught:
        await read_prepaid_card(card_reader)
    assert caught.value.problem == problem


async def test_no_card(card_reader: PcscReader) -> None:
    with pytest.raises(PrepaidCardError) as caught:
        await read_prepaid_card(card_reader)
    assert caught.value.problem == CardProblem.NOT_PRESENT


async def test_write_purchase_and_load_it_into_the_meter(
    card_reader: PcscReader, prepaid_rig: CardRig
) -> None:
    await insert(card_reader, prepaid_rig, "residential")
    before = prepaid_rig.sim.apdu_count
    card = await write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
    assert (card.wallet_amount_fen, card.wallet_count) == (5000, 1)
    assert card.unloaded_purchase
    assert card.apdus == 7 == prepaid_rig.sim.apdu_count - before
    mac = purchase_mac(bytes.fromhex(SERIAL_1), 5000, 1).hex().upper()
    assert prepaid_rig.sim.apdu_log[-5] == ("04D682000C0000138800000001" + mac, "9000")
    assert prepaid_rig.sim.load_into_meter(datetime(2024, 6, 1, 9, 0, 0))
    loaded = await read_prepaid_card(card_reader)
    assert loaded.write_back is not None
    assert loaded.write_back.remaining_fen == 5000 - 1920
    assert loaded.write_back.meter_count == 1
    assert loaded.write_back.written_at == datetime(2024, 6, 1, 9, 0, 0)
    assert not loaded.unloaded_purchase
    second = await write_purchase(card_reader, purchase(SERIAL_1, 12345, 2), SERIAL_1)
    assert (second.wallet_amount_fen, second.wallet_count) == (12345, 2)


async def test_wrong_mac_is_a_mac_error(card_reader: PcscReader, prepaid_rig: CardRig) -> None:
    card = await insert(card_reader, prepaid_rig, "residential")
    forged = PurchaseWrite(5000, 1, bytes(4))
    with pytest.raises(PrepaidCardError) as caught:
        await write_purchase(card_reader, forged, SERIAL_1)
    assert caught.value.problem == CardProblem.MAC_ERROR
    assert card.wallet_count == 0


async def test_count_not_next_is_a_count_mismatch(
    card_reader: PcscReader, prepaid_rig: CardRig
) -> None:
    card = await insert(card_reader, prepaid_rig, "residential")
    with pytest.raises(PrepaidCardError) as caught:
        await write_purchase(card_reader, purchase(SERIAL_1, 5000, 2), SERIAL_1)
    assert caught.value.problem == CardProblem.COUNT_MISMATCH
    assert card.wallet_count == 0


async def test_another_card_is_not_written(card_reader: PcscReader, prepaid_rig: CardRig) -> None:
    other = await insert(card_reader, prepaid_rig, "residential-2")
    with pytest.raises(PrepaidCardError) as caught:
        await write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
    assert caught.value.problem == CardProblem.NOT_PRESENT
    assert other.wallet_count == 0


@pytest.mark.parametrize(("when", "applied"), [("before", False), ("after", True)])
async def test_removed_during_write_then_reinserted(
    card_reader: PcscReader, prepaid_rig: CardRig, when: str, applied: bool
) -> None:
    card = await insert(card_reader, prepaid_rig, "residential")
    prepaid_rig.sim.remove_on_write(when)
    with pytest.raises(PrepaidCardError) as caught:
        await write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
    assert caught.value.problem == CardProblem.REMOVED
    assert await card_reader.wait_for_removal(WAIT_S)
    # on the next insertion the card tells whether the purchase reached it (补写卡 decides)
    await insert(card_reader, prepaid_rig, card)
    again = await read_prepaid_card(card_reader)
    assert again.wallet_count == (1 if applied else 0)
    if not applied:
        finished = await write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
        assert finished.wallet_count == 1
    else:
        with pytest.raises(PrepaidCardError) as replay:
            await write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
        assert replay.value.problem == CardProblem.COUNT_MISMATCH  # never written twice


async def test_stalled_write_finishes_when_released(
    card_reader: PcscReader, prepaid_rig: CardRig
) -> None:
    card = await insert(card_reader, prepaid_rig, "residential")
    prepaid_rig.sim.stall_writes(True)
    writing = asyncio.create_task(
        write_purchase(card_reader, purchase(SERIAL_1, 5000, 1), SERIAL_1)
    )
    assert await asyncio.to_thread(prepaid_rig.sim.writes_waiting.wait, WAIT_S)
    assert not writing.done() and card.wallet_count == 0
    prepaid_rig.sim.stall_writes(False)
    result = await asyncio.wait_for(writing, WAIT_S)
    assert result.wallet_count == 1 == card.wallet_count
