"""The PC/SC reader driver against pcscd + vpcd + the simulated card (real PC/SC, no doubles)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from drivers.interfaces import CardRemoved, CardUnreadable, DeviceError, DeviceGone
from drivers.pcsc_reader import PcscReader, reader_name_of
from kiosk.devices.status import ChipPower, DeviceState, MediaStatus, StatusChanged
from simulators.prepaid_card.rig import CardRig, acquire_rig, release_rig

WAIT_S = 5.0


@pytest.fixture(scope="session")
def pcsc_reader_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardRig]:
    # no skip: a machine without pcscd fails here with the reason
    rig = acquire_rig(tmp_path_factory.mktemp("pcscd-run"))
    yield rig
    release_rig()


@pytest.fixture
async def reader(pcsc_reader_rig: CardRig) -> AsyncIterator[PcscReader]:
    pcsc_reader_rig.sim.remove_on_write(None)
    pcsc_reader_rig.sim.stall_writes(False)
    pcsc_reader_rig.sim.remove()
    device = PcscReader("ic_card", pcsc_reader_rig.url, poll_s=0.1)
    await device.open()
    assert await device.wait_for_removal(WAIT_S)
    yield device
    await device.close()


def test_url_names_the_reader() -> None:
    assert reader_name_of("pcsc://Virtual PCD 00 00") == "Virtual PCD 00 00"
    assert reader_name_of("pcsc://Virtual%20PCD%2000%2001") == "Virtual PCD 00 01"
    with pytest.raises(ValueError):
        reader_name_of("serial:///dev/ttyS0")


async def test_unknown_reader_is_gone(pcsc_reader_rig: CardRig) -> None:
    device = PcscReader("nowhere", "pcsc://No Such Reader 00 00")
    with pytest.raises(DeviceGone, match="No Such Reader"):
        await device.open()
    await device.close()


async def test_insert_and_remove_events(reader: PcscReader, pcsc_reader_rig: CardRig) -> None:
    events: list[StatusChanged] = []
    reader.add_listener(events.append)
    assert reader.status.device == DeviceState.ONLINE
    assert reader.status.media == MediaStatus.NOT_PRESENT
    waiting = asyncio.create_task(reader.wait_for_card())
    await asyncio.sleep(0)  # let the wait start before the card goes in
    pcsc_reader_rig.sim.insert("residential")
    atr = await asyncio.wait_for(waiting, WAIT_S)
    assert atr == bytes.fromhex("3B6C00005A1000000000000153474343")
    assert reader.card_present()
    assert reader.status.media == MediaStatus.PRESENT
    assert reader.status.chip_power == ChipPower.POWERED_OFF
    assert any(e.changes.get("media") == MediaStatus.PRESENT for e in events)
    assert not await reader.wait_for_removal(0.2)  # still in
    pcsc_reader_rig.sim.remove()
    assert await reader.wait_for_removal(WAIT_S)
    assert reader.status.media == MediaStatus.NOT_PRESENT
    assert events[-1].changes.get("media") == MediaStatus.NOT_PRESENT


async def test_a_card_already_in_counts_after_reinsertion(
    reader: PcscReader, pcsc_reader_rig: CardRig
) -> None:
    card = pcsc_reader_rig.sim.insert("residential")
    await asyncio.wait_for(reader.wait_for_card(), WAIT_S)
    waiting = asyncio.create_task(reader.wait_for_card())
    done, _ = await asyncio.wait({waiting}, timeout=0.5)
    assert not done  # the card that was already in does not count again
    pcsc_reader_rig.sim.remove()
    assert await reader.wait_for_removal(WAIT_S)
    assert not waiting.done()
    pcsc_reader_rig.sim.insert(card)
    assert await asyncio.wait_for(waiting, WAIT_S) == card.atr


async def test_a_card_swapped_between_polls_is_a_new_insertion(
    reader: PcscReader, pcsc_reader_rig: CardRig
) -> None:
    pcsc_reader_rig.sim.insert("residential")
    await asyncio.wait_for(reader.wait_for_card(), WAIT_S)
    waiting = asyncio.create_task(reader.wait_for_card())
    await asyncio.sleep(0)
    pcsc_reader_rig.sim.insert("commercial")  # out and in again faster than pcscd polls
    atr = await asyncio.wait_for(waiting, WAIT_S)
    assert atr[4:12] == bytes.fromhex("5A10000000100001")


async def test_apdus_in_a_session(reader: PcscReader, pcsc_reader_rig: CardRig) -> None:
    pcsc_reader_rig.sim.insert("residential")
    await asyncio.wait_for(reader.wait_for_card(), WAIT_S)
    before = pcsc_reader_rig.sim.apdu_count
    assert (await reader.connect_card())[4:12] == bytes.fromhex("5A10000000000001")
    assert reader.status.chip_power == ChipPower.ONLINE
    assert await reader.transmit(bytes.fromhex("00A40000023F00")) == b"\x90\x00"
    assert await reader.transmit(bytes.fromhex("00CA000000")) == b"\x6d\x00"
    assert reader.apdu_count == 2
    assert pcsc_reader_rig.sim.apdu_count - before == 2
    assert pcsc_reader_rig.sim.apdu_log[-1] == ("00CA000000", "6D00")
    await reader.disconnect_card()
    await reader.disconnect_card()  # twice is fine
    assert reader.status.chip_power == ChipPower.POWERED_OFF
    with pytest.raises(DeviceError, match="no card session"):
        await reader.transmit(bytes.fromhex("00A40000023F00"))


async def test_connect_without_a_card(reader: PcscReader) -> None:
    with pytest.raises(CardRemoved):
        await reader.connect_card()


async def test_wrong_way_card_is_unreadable(reader: PcscReader, pcsc_reader_rig: CardRig) -> None:
    pcsc_reader_rig.sim.insert("wrong-way")
    await asyncio.wait_for(reader.wait_for_card(), WAIT_S)
    with pytest.raises(CardUnreadable):
        await reader.connect_card()


async def test_card_pulled_out_mid_command(reader: PcscReader, pcsc_reader_rig: CardRig) -> None:
    pcsc_reader_rig.sim.insert("residential")
    await asyncio.wait_for(reader.wait_for_card(), WAIT_S)
    await reader.connect_card()
    await reader.transmit(bytes.fromhex("00A40000023F00"))
    await reader.transmit(bytes.fromhex("00A4000002DF01"))
    pcsc_reader_rig.sim.remove_on_write("before")
    write = bytes.fromhex("04D682000C 00001388 00000001 00000000")
    with pytest.raises(CardRemoved):
        await reader.transmit(write)
    assert await reader.wait_for_removal(WAIT_S)
    await reader.disconnect_card()


async def test_close_is_prompt_and_idempotent(pcsc_reader_rig: CardRig) -> None:
    device = PcscReader("ic_card", pcsc_reader_rig.url, poll_s=5.0)
    await device.open()
    # SCardCancel ends the 5 s status wait at once
    await asyncio.wait_for(device.close(), 2.0)
    await device.close()
    assert device.status.device == DeviceState.OFFLINE
    with pytest.raises(DeviceGone):
        await device.wait_for_card()


def test_pcscd_runs_in_its_own_network_namespace(pcsc_reader_rig: CardRig) -> None:
    # vpcd listens on 0.0.0.0: only inside pcscd's namespace may it be reachable
    info = pcsc_reader_rig.pcscd
    if info.started_here:
        assert info.netns is not None
        assert Path(f"/proc/{info.pid}/ns/net").exists()
