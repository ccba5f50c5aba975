"""Day-end reconciliation: the real PaymentJournal against a fake back office's settlement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from test_journal_view import DAY, MORNING, StepClock, add_tx

from drivers.interfaces import DeviceError, ReceiptPrinter
from kiosk.backoffice import BackOfficeUnavailable
from kiosk.backoffice.fleet_models import (
    DifferenceKind,
    EventAck,
    EventBatch,
    Heartbeat,
    MethodTotal,
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
    SettlementLine,
)
from kiosk.backoffice.models import Provider
from kiosk.config import Settings, parse_settings
from kiosk.devices.status import CoverStatus, DeviceState, PaperStatus, PrinterStatus
from kiosk.journal import Channel, JournalRecord, PaymentJournal, TxState
from kiosk.maintenance.context import MaintenanceContext
from kiosk.maintenance.reconcile import (
    print_report,
    reconcile,
    reconciliation_receipt,
    submit_report,
)
from kiosk.receipt import Receipt

CONFIG = """
[terminal]
id = "SZ-FT-0001-SP01"
data_dir = "data"
hall_name = "福田智慧供电营业厅"
[backoffice]
base_url = "http://127.0.0.1:9"
[maintenance]
export_dir = "usb"
"""


def make_settings(base: Path) -> Settings:
    return parse_settings(CONFIG, base)


class FakeFleetBackOffice:
    """The settlement and reconciliation services; unreachable when `down`."""

    def __init__(self) -> None:
        self.lines: list[SettlementLine] = []
        self.down = False
        self.asked: list[tuple[str, date]] = []
        self.reports: list[tuple[ReconciliationReport, str]] = []

    def settle(
        self,
        record: JournalRecord,
        *,
        amount_fen: int | None = None,
        state: str = "paid",
        method: str | None = None,
    ) -> None:
        self.lines.append(
            SettlementLine(
                out_trade_no=record.out_trade_no,
                method=method or _method(record),
                purpose=record.purpose.value,
                amount_fen=record.amount_fen if amount_fen is None else amount_fen,
                state=state,
                at=record.created_at,
            )
        )

    async def send_heartbeat(self, heartbeat: Heartbeat) -> None:
        raise AssertionError("not used")

    async def send_fleet_events(self, batch: EventBatch) -> EventAck:
        raise AssertionError("not used")

    async def get_settlement(self, terminal_id: str, day: date) -> Settlement:
        self.asked.append((terminal_id, day))
        if self.down:
            raise BackOfficeUnavailable("connect timeout")
        return Settlement(terminal_id=terminal_id, day=day, lines=self.lines)

    async def submit_reconciliation(
        self, report: ReconciliationReport, idempotency_key: str
    ) -> ReconciliationAck:
        self.reports.append((report, idempotency_key))
        return ReconciliationAck(report_id="R-1", received_at=report.made_at)


def _method(record: JournalRecord) -> str:
    if record.channel == Channel.CARD:
        return "unionpay"
    suffix = "_qr" if record.channel == Channel.QR else ""
    return record.provider.value + suffix


class FakePrinter(ReceiptPrinter):
    """A printer that keeps what it printed; `ready` False means paper out."""

    def __init__(self) -> None:
        super().__init__("receipt_printer")
        self.ready = True
        self.printed: list[Receipt] = []

    @property
    def status(self) -> PrinterStatus:
        paper = PaperStatus.FULL if self.ready else PaperStatus.OUT
        return PrinterStatus(DeviceState.ONLINE, None, paper, CoverStatus.CLOSED)

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def query_status(self) -> PrinterStatus:
        return self.status

    async def print_receipt(self, receipt: Receipt) -> None:
        self.printed.append(receipt)


class PrinterOnlyDevices:
    def __init__(self, printer: ReceiptPrinter | None) -> None:
        self.printer = printer

    def receipt_printer(self) -> ReceiptPrinter | None:
        return self.printer


@pytest.fixture
def clock() -> StepClock:
    return StepClock(MORNING)


@pytest.fixture
def journal(tmp_path: Path, clock: StepClock) -> Iterator[PaymentJournal]:
    journal = PaymentJournal(tmp_path / "journal.sqlite3", clock)
    yield journal
    journal.close()


@pytest.fixture
def backoffice() -> FakeFleetBackOffice:
    return FakeFleetBackOffice()


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def ctx(
    tmp_path: Path,
    journal: PaymentJournal,
    clock: StepClock,
    backoffice: FakeFleetBackOffice,
    printer: FakePrinter,
) -> MaintenanceContext:
    unused = cast(Any, None)
    return MaintenanceContext(
        ui=unused,
        devices=cast(Any, PrinterOnlyDevices(printer)),
        journal=journal,
        backoffice=cast(Any, backoffice),
        settings=make_settings(tmp_path),
        clock=clock,
        audit=unused,
        staff=unused,
        counters=unused,
        service=unused,
    )


async def test_balanced_day(
    ctx: MaintenanceContext, journal: PaymentJournal, backoffice: FakeFleetBackOffice
) -> None:
    for record in (
        add_tx(journal, amount_fen=12345),
        add_tx(journal, amount_fen=5000, provider=Provider.ALIPAY, channel=Channel.QR),
        add_tx(
            journal,
            amount_fen=20000,
            channel=Channel.CARD,
            provider=Provider.UNIONPAY,
            card_last4="4321",
        ),
    ):
        backoffice.settle(record)
    refunded = add_tx(journal, amount_fen=700, end=TxState.REFUNDED)
    backoffice.settle(refunded, state="refunded")
    declined = add_tx(journal, amount_fen=800, end=TxState.DECLINED)  # took nothing
    backoffice.settle(declined, state="reversed")

    report = await reconcile(ctx, "2001")

    assert backoffice.asked == [("SZ-FT-0001-SP01", DAY)]
    assert report.balanced and report.differences == []
    assert report.day == DAY and report.staff_id == "2001"
    assert report.totals == [
        MethodTotal(
            method="wechat",
            journal_count=1,
            journal_fen=12345,
            backoffice_count=1,
            backoffice_fen=12345,
        ),
        MethodTotal(
            method="alipay_qr",
            journal_count=1,
            journal_fen=5000,
            backoffice_count=1,
            backoffice_fen=5000,
        ),
        MethodTotal(
            method="unionpay",
            journal_count=1,
            journal_fen=20000,
            backoffice_count=1,
            backoffice_fen=20000,
        ),
    ]
    text = reconciliation_receipt(report, "福田智慧供电营业厅").plain_text()
    assert "BALANCED" in text and "DIFFERENCE" not in text


async def test_seeded_mismatches_each_listed_once_with_both_sides(
    ctx: MaintenanceContext, journal: PaymentJournal, backoffice: FakeFleetBackOffice
) -> None:
    same = add_tx(journal, amount_fen=10000)
    backoffice.settle(same)
    only_here = add_tx(journal, amount_fen=20000, provider=Provider.ALIPAY)
    other_terminal_day = add_tx(journal, amount_fen=1, end=TxState.DECLINED)
    backoffice.lines.append(
        SettlementLine(
            out_trade_no="SZ-FT-0001-SP01-20260310100000-deadbeef01",
            method="wechat",
            purpose="bill",
            amount_fen=30000,
            state="paid",
            at=MORNING,
        )
    )
    differs = add_tx(journal, amount_fen=40000)
    backoffice.settle(differs, amount_fen=45000)
    refunded_there = add_tx(
        journal,
        amount_fen=50000,
        channel=Channel.CARD,
        provider=Provider.UNIONPAY,
        card_last4="1111",
    )
    backoffice.settle(refunded_there, state="refunded")
    paid_there = other_terminal_day  # declined here, the back office says paid
    backoffice.settle(paid_there, state="paid")

    report = await reconcile(ctx, "2001")

    by_order = {d.out_trade_no: d for d in report.differences}
    assert len(by_order) == len(report.differences) == 5
    assert by_order[only_here.out_trade_no].kind == DifferenceKind.MISSING_IN_BACKOFFICE
    assert by_order[only_here.out_trade_no].journal_fen == 20000
    assert by_order[only_here.out_trade_no].backoffice_fen is None
    missing = by_order["SZ-FT-0001-SP01-20260310100000-deadbeef01"]
    assert missing.kind == DifferenceKind.MISSING_IN_JOURNAL
    assert (missing.journal_fen, missing.backoffice_fen) == (None, 30000)
    amount = by_order[differs.out_trade_no]
    assert amount.kind == DifferenceKind.AMOUNT_DIFFERS
    assert (amount.journal_fen, amount.backoffice_fen) == (40000, 45000)
    state = by_order[refunded_there.out_trade_no]
    assert state.kind == DifferenceKind.STATE_DIFFERS
    assert (state.journal_state, state.backoffice_state) == ("paid", "refunded")
    assert (state.journal_fen, state.backoffice_fen) == (50000, 50000)
    assert state.method == "unionpay"
    declined = by_order[paid_there.out_trade_no]
    assert declined.kind == DifferenceKind.STATE_DIFFERS
    assert (declined.journal_state, declined.backoffice_state) == ("declined", "paid")
    totals = {t.method: t for t in report.totals}
    assert totals["wechat"] == MethodTotal(
        method="wechat",
        journal_count=2,
        journal_fen=50000,
        backoffice_count=4,
        backoffice_fen=10000 + 30000 + 45000 + 1,
    )
    assert totals["alipay"] == MethodTotal(
        method="alipay", journal_count=1, journal_fen=20000, backoffice_count=0, backoffice_fen=0
    )
    assert totals["unionpay"] == MethodTotal(
        method="unionpay",
        journal_count=1,
        journal_fen=50000,
        backoffice_count=0,
        backoffice_fen=0,
    )
    assert all(isinstance(t.journal_fen, int) for t in report.totals)

    text = reconciliation_receipt(report, "福田智慧供电营业厅").plain_text()
    assert "5 DIFFERENCES" in text and "BALANCED" not in text
    for diff in report.differences:
        assert diff.out_trade_no in text
    assert "¥400.00" in text and "¥450.00" in text
    assert "2 / ¥500.00" in text  # wechat, terminal side
    assert "4 / ¥850.01" in text  # wechat, back-office side


async def test_settlement_unreachable_raises(
    ctx: MaintenanceContext, backoffice: FakeFleetBackOffice
) -> None:
    backoffice.down = True
    with pytest.raises(BackOfficeUnavailable):
        await reconcile(ctx, "2001")


async def test_print_and_submit(
    ctx: MaintenanceContext,
    journal: PaymentJournal,
    backoffice: FakeFleetBackOffice,
    printer: FakePrinter,
) -> None:
    backoffice.settle(add_tx(journal, amount_fen=100))
    report = await reconcile(ctx, "2001")

    await print_report(ctx, report)
    assert len(printer.printed) == 1
    lines = printer.printed[0].plain_text().splitlines()
    assert "SZ-FT-0001-SP01" in " ".join(lines) and "2026-03-10" in " ".join(lines)
    assert lines[-1] == "BALANCED"

    ack = await submit_report(ctx, report)
    assert ack.report_id == "R-1"
    assert backoffice.reports == [(report, "SZ-FT-0001-SP01-2026-03-10-020000")]

    printer.ready = False
    with pytest.raises(DeviceError):
        await print_report(ctx, report)
    assert len(printer.printed) == 1
    assert isinstance(report.made_at, datetime)
