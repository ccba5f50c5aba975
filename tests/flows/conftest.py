"""Fixtures for the flow tests: every part faked, time virtual, the journal a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import (
    ACCOUNT_NO,
    PREPAID_NO,
    FakeBackOffice,
    FakeClock,
    FakeDevices,
    FakePrinter,
    FakeScanner,
    ScriptedUI,
    account,
)

from kiosk.config import Settings, parse_settings
from kiosk.flows.context import FlowContext
from kiosk.flows.session import InactivityTimer
from kiosk.journal import PaymentJournal

CONFIG = """
[terminal]
id = "SZ-FT-0001-SP01"
hall_name = "福田智慧供电营业厅"
hall_name_en = "Futian Smart Power Service Hall"
data_dir = "data"

[ui]
inactivity_timeout_s = 60
inactivity_warning_s = 20
receipt_screen_s = 10

[backoffice]
base_url = "http://127.0.0.1:9"

[payment]
min_topup_fen = 1000
max_amount_fen = 500000
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return parse_settings(CONFIG, tmp_path, "test config")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ui(clock: FakeClock) -> ScriptedUI:
    return ScriptedUI(clock)


@pytest.fixture
def scanner() -> FakeScanner:
    return FakeScanner()


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def devices(scanner: FakeScanner, printer: FakePrinter) -> FakeDevices:
    return FakeDevices(scanner, printer)


@pytest.fixture
def backoffice(clock: FakeClock) -> FakeBackOffice:
    office = FakeBackOffice(clock)
    office.add(account(ACCOUNT_NO, arrears_fen=12345))
    office.add(account(PREPAID_NO, arrears_fen=0, balance_fen=3000, topup_allowed=True))
    office.bill_codes["BILL-2026-10-1234567897"] = ACCOUNT_NO
    return office


@pytest.fixture
def journal(settings: Settings, clock: FakeClock) -> Iterator[PaymentJournal]:
    book = PaymentJournal(settings.data_dir / "journal.sqlite3", clock)
    yield book
    book.close()


@pytest.fixture
def timer(clock: FakeClock, ui: ScriptedUI, settings: Settings) -> InactivityTimer:
    return InactivityTimer(
        clock, settings.ui.inactivity_timeout_s, settings.ui.inactivity_warning_s, ui
    )


@pytest.fixture
def ctx(
    ui: ScriptedUI,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    journal: PaymentJournal,
    settings: Settings,
    clock: FakeClock,
    timer: InactivityTimer,
) -> FlowContext:
    return FlowContext(ui, backoffice, devices, journal, settings, clock, timer)
