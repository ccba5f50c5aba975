"""The payment receipt built from a journal record (kiosk/receipts.py)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from fakes import ACCOUNT_NO, FakeClock

from kiosk.backoffice.models import Provider
from kiosk.flows.ports import Language
from kiosk.journal import JournalRecord, PaymentJournal, Purpose, TxState
from kiosk.receipt import Pair, QrCode, Text
from kiosk.receipts import build_receipt

HALL = "福田智慧供电营业厅"


def paid_record(journal: PaymentJournal, clock: FakeClock) -> JournalRecord:
    record = journal.create_draft(
        terminal_id="SZ-FT-0001-SP01",
        account_no=ACCOUNT_NO,
        purpose=Purpose.BILL,
        amount_fen=12345,
        provider=Provider.WECHAT,
    )
    journal.transition(record.out_trade_no, TxState.INTENT)
    journal.transition(
        record.out_trade_no,
        TxState.PAID,
        provider_trade_no="4200001234202611230000000001",
        paid_at=clock.wall(),
        arrears_after_fen=0,
        balance_after_fen=500,
    )
    return journal.transition(record.out_trade_no, TxState.POSTED)


def pairs(receipt: object) -> dict[str, str]:
    return {i.label: i.value for i in receipt.items if isinstance(i, Pair)}  # type: ignore[attr-defined]


def test_chinese_receipt(journal: PaymentJournal, clock: FakeClock) -> None:
    record = paid_record(journal, clock)
    receipt = build_receipt(record, hall_name=HALL, language=Language.ZH_CN)
    fields = pairs(receipt)
    assert fields["用电户号"] == "123****897"
    assert fields["缴费金额"] == "¥123.45"
    assert fields["支付方式"] == "微信支付"
    assert fields["支付流水号"] == "4200001234202611230000000001"
    assert fields["参考号"] == record.reference
    assert fields["缴费后欠费"] == "¥0.00" and fields["缴费后余额"] == "¥5.00"
    assert fields["终端号"] == "SZ-FT-0001-SP01"
    assert fields["交易时间"] == "2026-11-23 10:00:00"  # 02:00 UTC in China time
    assert receipt.items[0] == Text(HALL, align="center", bold=True)
    [qr] = [i for i in receipt.items if isinstance(i, QrCode)]
    assert qr.data == record.reference
    assert "补打凭证" not in receipt.plain_text()
    assert ACCOUNT_NO not in receipt.plain_text()


def test_english_reprint(journal: PaymentJournal, clock: FakeClock) -> None:
    record = paid_record(journal, clock)
    receipt = build_receipt(record, hall_name="Futian Hall", language=Language.EN, reprint=True)
    text = receipt.plain_text()
    assert "** REPRINT **" in text
    assert pairs(receipt)["Paid by"] == "WeChat Pay"
    assert pairs(receipt)["Amount"] == "¥123.45"


def test_small_enough_for_a_slow_serial_line(journal: PaymentJournal, clock: FakeClock) -> None:
    record = paid_record(journal, clock)
    receipt = build_receipt(record, hall_name=HALL, reprint=True)
    # Text in GB18030 plus a native QR (~100 bytes) and a few control bytes per line.
    encoded = receipt.plain_text().encode("gb18030")
    assert len(encoded) + 150 + 4 * len(receipt.items) < 2048
    assert max(len(line.encode("gb18030")) for line in receipt.plain_text().splitlines()) <= 48


def test_no_receipt_for_an_unpaid_transaction(journal: PaymentJournal, clock: FakeClock) -> None:
    record = journal.create_draft(
        terminal_id="T1",
        account_no=ACCOUNT_NO,
        purpose=Purpose.BILL,
        amount_fen=100,
        provider=Provider.ALIPAY,
    )
    with pytest.raises(ValueError):
        build_receipt(record, hall_name=HALL)


def test_time_falls_back_to_last_update(journal: PaymentJournal, clock: FakeClock) -> None:
    record = paid_record(journal, clock)
    undated = dataclasses.replace(
        record, paid_at=None, updated_at=record.updated_at + timedelta(hours=1)
    )
    receipt = build_receipt(undated, hall_name=HALL)
    assert pairs(receipt)["交易时间"] == "2026-11-23 11:00:00"
