"""The staff card driver through real PC/SC (pcscd + vpcd + the simulated card), and its errors."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from drivers.interfaces import CardRemoved
from drivers.pcsc_reader import PcscReader
from drivers.staff_card import (
    StaffCardData,
    StaffCardError,
    authenticate_apdu,
    is_staff_card_atr,
    read_staff_card,
)
from simulators.prepaid_card.rig import CardRig, acquire_rig, release_rig
from simulators.staff_cards import public_key_pem

WAIT_S = 5.0


@pytest.fixture(scope="module")
def staff_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardRig]:
    rig = acquire_rig(tmp_path_factory.mktemp("pcscd-run"))
    yield rig
    release_rig()


@pytest.fixture
async def card_reader(staff_rig: CardRig) -> AsyncIterator[PcscReader]:
    staff_rig.sim.remove()
    device = PcscReader("ic_card", staff_rig.url, poll_s=0.1)
    await device.open()
    assert await device.wait_for_removal(WAIT_S)
    yield device
    await device.close()
    staff_rig.sim.remove()


async def insert(reader: PcscReader, rig: CardRig, name: str) -> bytes:
    waiting = asyncio.create_task(reader.wait_for_card())
    await asyncio.sleep(0)  # the wait starts before the card goes in
    rig.sim.insert_any(name)
    return await asyncio.wait_for(waiting, WAIT_S)


def signed_by(card_name: str, data: StaffCardData, challenge: bytes) -> bool:
    key = serialization.load_pem_public_key(public_key_pem(card_name).encode())
    assert isinstance(key, ec.EllipticCurvePublicKey)
    try:
        key.verify(
            data.signature, challenge + bytes.fromhex(data.serial), ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        return False
    return True


def test_atr_tells_staff_cards_from_prepaid_cards() -> None:
    staff = bytes.fromhex("3B 6C 00 00 53 47 53 54 00 00 10 01 53 47 53 54")
    prepaid = bytes.fromhex("3B 6C 00 00 5A 10 00 00 00 00 00 01 53 47 43 43")
    assert is_staff_card_atr(staff)
    assert not is_staff_card_atr(prepaid)
    assert not is_staff_card_atr(staff[:-1])
    assert not is_staff_card_atr(b"\x3b\x6d" + staff[2:])
    assert not is_staff_card_atr(b"\xff\xff")


def test_authenticate_apdu_bytes() -> None:
    challenge = bytes(range(32))
    assert authenticate_apdu(challenge) == bytes.fromhex("00 88 00 00 20") + challenge + b"\x00"
    with pytest.raises(ValueError):
        authenticate_apdu(bytes(31))


async def test_reads_and_signs_through_pcsc(card_reader: PcscReader, staff_rig: CardRig) -> None:
    atr = await insert(card_reader, staff_rig, "staff-supervisor")
    assert is_staff_card_atr(atr)
    challenge = os.urandom(32)
    data = await read_staff_card(card_reader, challenge)
    assert (data.serial, data.staff_id) == ("5347535400002001", "2001")
    assert signed_by("staff-supervisor", data, challenge)
    assert not signed_by("staff-supervisor", data, os.urandom(32))
    assert [cmd for cmd, _ in list(staff_rig.sim.apdu_log)[-3:]] == [
        "00A404000AD1560000015354414646",
        "00B0810010",
        "00880000" + "20" + challenge.hex().upper() + "00",
    ]


async def test_forged_card_reads_but_does_not_verify(
    card_reader: PcscReader, staff_rig: CardRig
) -> None:
    await insert(card_reader, staff_rig, "staff-forged")
    challenge = os.urandom(32)
    data = await read_staff_card(card_reader, challenge)
    assert (data.serial, data.staff_id) == ("5347535400002001", "2001")
    assert not signed_by("staff-supervisor", data, challenge)


async def test_prepaid_card_is_not_a_staff_card(
    card_reader: PcscReader, staff_rig: CardRig
) -> None:
    await insert(card_reader, staff_rig, "residential")
    with pytest.raises(StaffCardError, match="ATR"):
        await read_staff_card(card_reader, bytes(32))
    # the session was closed: a second read connects again and fails the same way
    with pytest.raises(StaffCardError):
        await read_staff_card(card_reader, bytes(32))


class ScriptedReader:
    """A reader answering from a script, to reach the error paths a real card rarely takes."""

    def __init__(self, atr: bytes, answers: list[bytes | Exception]) -> None:
        self.atr = atr
        self.answers = answers
        self.sent: list[bytes] = []
        self.disconnected = 0

    async def connect_card(self) -> bytes:
        return self.atr

    async def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def disconnect_card(self) -> None:
        self.disconnected += 1


STAFF_ATR = bytes.fromhex("3B6C0000534753540000100153475354")


@pytest.mark.parametrize(
    ("answers", "error", "match"),
    [
        ([b"\x6a\x82"], StaffCardError, "no staff application"),
        ([b"\x6b\x00"], StaffCardError, "no staff application"),
        ([b"\x90\x00", b"\x69\x82"], StaffCardError, "6982"),
        ([b"\x90\x00", b"12ab" + bytes(12) + b"\x90\x00"], StaffCardError, "digits"),
        ([b"\x90\x00", bytes(16) + b"\x90\x00"], StaffCardError, "digits"),
        ([b"\x90\x00", b"1001" + b"\x90\x00"], StaffCardError, "4 bytes"),
        ([b"\x90\x00", b"1001" + bytes(12) + b"\x90\x00", b"\x90\x00"], StaffCardError, "no sig"),
        ([b"\x90\x00", b"1001" + bytes(12) + b"\x90\x00", b"\x6f\x00"], StaffCardError, "6F00"),
        ([b"\x90"], StaffCardError, "1 bytes"),
        ([b"\x90\x00", CardRemoved("pulled out")], CardRemoved, "pulled"),
    ],
)
async def test_unexpected_answers_raise_and_disconnect(
    answers: list[bytes | Exception], error: type[Exception], match: str
) -> None:
    reader = ScriptedReader(STAFF_ATR, answers)
    with pytest.raises(error, match=match):
        await read_staff_card(reader, bytes(32))  # type: ignore[arg-type]
    assert reader.disconnected == 1


async def test_scripted_success_decodes_the_padded_id() -> None:
    reader = ScriptedReader(
        STAFF_ATR, [b"\x90\x00", b"3001" + bytes(12) + b"\x90\x00", b"\x30\x01" + b"\x90\x00"]
    )
    data = await read_staff_card(reader, bytes(32))  # type: ignore[arg-type]
    assert data == StaffCardData("5347535400001001", "3001", b"\x30\x01")
    assert reader.disconnected == 1
