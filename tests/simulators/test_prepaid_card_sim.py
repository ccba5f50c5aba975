"""The simulated prepaid card on APDU bytes (its own parser), against PROTOCOLS.md's vectors."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from simulators.card_keys import MASTER, purchase_mac
from simulators.prepaid_card import CATALOGUE, PrepaidCardSimulator, SimCard, find_spec
from simulators.prepaid_card.routes import add_card_routes

SELECT_MF = bytes.fromhex("00 A4 00 00 02 3F 00")
SELECT_DF = bytes.fromhex("00 A4 00 00 02 DF 01")
CARD_TYPE = bytes.fromhex("00 B0 81 00 04")
PARAMS = bytes.fromhex("00 B0 81 1E 0D")
WALLET = bytes.fromhex("00 B0 82 00 0C")
WRITE_BACK = bytes.fromhex("00 B0 85 00 31")
SERIAL_1 = bytes.fromhex("5A10000000000001")


def selected(name: str) -> SimCard:
    card = find_spec(name).make()
    assert card.process(SELECT_MF) == b"\x90\x00"
    assert card.process(SELECT_DF) == b"\x90\x00"
    return card


def wallet_write(amount: int, count: int, mac: bytes) -> bytes:
    return (
        bytes.fromhex("04 D6 82 00 0C") + amount.to_bytes(4, "big") + count.to_bytes(4, "big") + mac
    )


def test_mac_is_hmac_of_a_diversified_key() -> None:
    k_card = hmac.new(MASTER, SERIAL_1, hashlib.sha256).digest()
    message = SERIAL_1 + bytes.fromhex("00002710 00000001")
    assert (
        purchase_mac(SERIAL_1, 10000, 1) == hmac.new(k_card, message, hashlib.sha256).digest()[:4]
    )
    assert purchase_mac(SERIAL_1, 10000, 1) != purchase_mac(SERIAL_1, 10000, 2)
    with pytest.raises(ValueError):
        purchase_mac(b"\x01" * 7, 1, 1)


def test_atr_carries_the_serial_in_bytes_5_to_12() -> None:
    atr = find_spec("residential").make().atr
    assert atr == bytes.fromhex("3B 6C 00 00 5A 10 00 00 00 00 00 01 53 47 43 43")


def test_residential_card_reads_as_the_file_map_says() -> None:
    card = selected("residential")
    assert card.process(CARD_TYPE) == bytes.fromhex("44 03 01 01 90 00")
    assert card.process(PARAMS) == bytes.fromhex("44 03 00 00 00 01") + bytes(6) + b"\x02\x90\x00"
    assert card.process(WALLET) == bytes(12) + b"\x90\x00"
    write_back = card.process(WRITE_BACK)
    assert len(write_back) == 49 + 2 and write_back[-2:] == b"\x90\x00"
    assert write_back[0:4] == (-1920).to_bytes(4, "big", signed=True)  # seeded balance
    assert write_back[4:8] == bytes(4)
    assert write_back[8:14] == bytes.fromhex("440300000001")
    assert write_back[14:19] == bytes.fromhex("1163465493")
    assert write_back[19:49] == bytes(30)  # never written, reserved


def test_commercial_card_is_three_phase() -> None:
    assert selected("commercial").process(CARD_TYPE) == bytes.fromhex("44 03 03 01 90 00")


def test_reads_need_the_application_selected() -> None:
    card = find_spec("residential").make()
    assert card.process(CARD_TYPE) == b"\x6a\x82"
    assert card.process(SELECT_DF) == b"\x6a\x82"  # DF01 lives under MF
    assert card.process(bytes.fromhex("00 A4 00 00 02 3F 01")) == b"\x6a\x82"


@pytest.mark.parametrize(
    ("apdu", "sw"),
    [
        ("80 B0 81 00 04", "6E00"),  # class not supported
        ("00 CA 00 00 00", "6D00"),  # instruction not supported
        ("00 B0 81 00", "6700"),  # no Le
        ("00 B0 81 00 31", "6700"),  # beyond the parameter file
        ("00 B0 81 30 01", "6B00"),  # offset outside the file
        ("00 B0 83 00 04", "6A82"),  # no SFI 3
        ("00 D6 82 00 0C 00000001 00000001 00000000", "6982"),  # wallet needs secure messaging
        ("04 D6 85 00 0C 00000001 00000001 00000000", "6982"),  # write-back is the meter's
        ("04 D6 82 00 0B 00000001 00000001 000000", "6700"),
        ("00", "6700"),
    ],
)
def test_status_words(apdu: str, sw: str) -> None:
    assert selected("residential").process(bytes.fromhex(apdu)) == bytes.fromhex(sw)


def test_unissued_answers_6b00_to_the_card_type() -> None:
    card = selected("unissued")
    assert card.process(CARD_TYPE) == b"\x6b\x00"


def test_damaged_answers_6f00_to_everything() -> None:
    card = find_spec("damaged").make()
    assert card.atr[:4] == bytes.fromhex("3B6C0000")
    assert card.process(SELECT_MF) == b"\x6f\x00"


def test_wrong_way_has_no_usable_atr() -> None:
    assert find_spec("wrong-way").make().atr == b"\xff\xff"


def test_foreign_and_wrong_meter_type_cards() -> None:
    assert selected("foreign").process(CARD_TYPE)[:3] == bytes.fromhex("32 05 01")
    assert selected("wrong-meter-type").process(CARD_TYPE)[:3] == bytes.fromhex("44 03 09")


def test_wallet_write_checks_mac_then_count() -> None:
    card = selected("residential")
    good = purchase_mac(SERIAL_1, 5000, 1)
    bad = bytes(b ^ 0xFF for b in good)
    assert card.process(wallet_write(5000, 1, bad)) == b"\x69\x88"
    skipped = purchase_mac(SERIAL_1, 5000, 2)
    assert card.process(wallet_write(5000, 2, skipped)) == b"\x69\x85"
    assert card.process(WALLET) == bytes(12) + b"\x90\x00"  # refused writes change nothing
    assert card.process(wallet_write(5000, 1, good)) == b"\x90\x00"
    assert card.process(WALLET) == bytes.fromhex("00001388 00000001") + good + b"\x90\x00"
    assert card.process(wallet_write(5000, 1, good)) == b"\x69\x85"  # a replay


def test_a_mac_for_another_card_is_refused() -> None:
    card = selected("residential-2")
    assert card.process(wallet_write(5000, 1, purchase_mac(SERIAL_1, 5000, 1))) == b"\x69\x88"


@given(st.binary(max_size=300))
def test_any_bytes_get_a_status_word(apdu: bytes) -> None:
    answer = selected("residential").process(apdu)
    assert len(answer) >= 2
    assert answer[-2:] == b"\x90\x00" or len(answer) == 2


def test_meter_loads_only_the_next_purchase() -> None:
    card = selected("residential")
    now = datetime(2024, 6, 1, 8, 30, 15)
    assert not card.load_into_meter(now)  # nothing to load; the record still gets a time
    assert card.process(wallet_write(5000, 1, purchase_mac(SERIAL_1, 5000, 1))) == b"\x90\x00"
    assert card.load_into_meter(now)
    record = card.process(WRITE_BACK)
    assert record[0:4] == (5000 - 1920).to_bytes(4, "big", signed=True)
    assert record[4:8] == (1).to_bytes(4, "big")
    assert record[19:26] == bytes.fromhex("20240601083015")
    assert not card.load_into_meter(now)  # the same purchase never loads twice
    assert card.remaining_fen == 3080


def test_catalogue_names_and_serials_are_unique() -> None:
    names = [spec.name for spec in CATALOGUE]
    keys = [spec.key for spec in CATALOGUE]
    assert len(set(names)) == len(names) and len(set(keys)) == len(keys)
    assert find_spec("5a10000000100001").name == "commercial"
    with pytest.raises(KeyError):
        find_spec("nobody")


# -- the simulator's slot (no vpcd needed: the link calls these methods) --------------------------


def test_remove_on_write_before_leaves_the_wallet_unchanged(tmp_path: Path) -> None:
    sim = PrepaidCardSimulator(state_dir=tmp_path)
    card = sim.insert("residential")
    sim.command(SELECT_MF), sim.command(SELECT_DF)
    sim.remove_on_write("before")
    assert sim.command(wallet_write(5000, 1, purchase_mac(SERIAL_1, 5000, 1))) is None
    assert sim.current is None and card.wallet_count == 0
    assert sim.answer_to_reset() == b""


def test_remove_on_write_after_applies_it(tmp_path: Path) -> None:
    sim = PrepaidCardSimulator(state_dir=tmp_path)
    card = sim.insert("residential")
    sim.command(SELECT_MF), sim.command(SELECT_DF)
    sim.remove_on_write("after")
    assert sim.command(wallet_write(5000, 1, purchase_mac(SERIAL_1, 5000, 1))) is None
    assert sim.current is None and card.wallet_count == 1
    # the card keeps what it holds: inserted again by name, it comes back from its state file
    again = sim.insert("residential")
    assert again.wallet_count == 1 and again.wallet_amount == 5000


def test_state_file_per_serial(tmp_path: Path) -> None:
    sim = PrepaidCardSimulator(state_dir=tmp_path)
    sim.insert("commercial")
    sim.load_into_meter(datetime(2024, 1, 2, 3, 4, 5))
    saved = json.loads((tmp_path / "5A10000000100001.json").read_text())
    assert saved["write_back"][38:52] == "20240102030405"
    fresh = PrepaidCardSimulator(state_dir=tmp_path)
    assert fresh.insert("5A10000000100001").write_back[19:26] == bytes.fromhex("20240102030405")


def test_stalled_write_waits_for_release() -> None:
    sim = PrepaidCardSimulator()
    card = sim.insert("residential")
    sim.command(SELECT_MF), sim.command(SELECT_DF)
    sim.stall_writes(True)
    answers: list[bytes | None] = []
    writer = threading.Thread(
        target=lambda: answers.append(
            sim.command(wallet_write(5000, 1, purchase_mac(SERIAL_1, 5000, 1)))
        )
    )
    writer.start()
    assert sim.writes_waiting.wait(5)
    assert card.wallet_count == 0 and not answers
    sim.stall_writes(False)
    writer.join(5)
    assert answers == [b"\x90\x00"] and card.wallet_count == 1
    assert sim.apdu_count == 3
    assert sim.apdu_log[-1][1] == "9000"


def test_http_controls() -> None:
    sim = PrepaidCardSimulator()
    app = FastAPI()
    add_card_routes(app, sim)
    client = TestClient(app)
    assert {c["name"] for c in client.get("/card/catalogue").json()} >= {"residential", "damaged"}
    assert client.post("/card/insert", json={"card": "nobody"}).status_code == 404
    assert client.post("/card/load_into_meter").status_code == 409
    assert client.post("/card/insert", json={"card": "5A10000000000002"}).json() == {
        "inserted": "5A10000000000002"
    }
    state = client.get("/card/state").json()
    assert state["card"]["meter_no"] == "440300000002"
    assert state["card"]["write_back"]["account_no"] == "1160549257"
    assert client.post("/card/remove_on_write", json={"when": "after"}).status_code == 200
    assert client.post("/card/stall_writes", json={"stalled": True}).json() == {"stalled": True}
    state = client.get("/card/state").json()
    assert state["remove_on_write"] == "after" and state["writes_stalled"] is True
    assert client.post("/card/load_into_meter").json() == {"loaded": False}
    assert client.post("/card/remove").json() == {"removed": "5A10000000000002"}
    assert client.get("/card/state").json()["inserted"] is False
