"""SIGKILL in the middle of a bank-card sale and of a prepaid purchase, then a restart.

The simulators (back office, payment module, IC card through pcscd) live in this test process and
outlive the terminal. After the restart, and for the prepaid card after it is inserted again
(补写卡), there must be exactly one charge and exactly one credit on the card, or no charge at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from test_crash import (  # the spine's crash helpers and fixtures (same folder)
    Backoffice,
    _assert_offered_for_reprint,
    _charges,
    _final,
    _journal_rows,
    _log_tail,
    _receipts_for,
    _restart,
    _terminal,
    _wait_for,
    backoffice,
    config,
    sims,
)

from kiosk.tour.card_journeys import CRASH_CARD
from simulators.host import SimulatorHost

pytestmark = pytest.mark.crash
__all__ = ["backoffice", "config", "sims"]  # fixtures used here by name


def _kill_at(process: subprocess.Popen[bytes], config: Path, state: str) -> dict[str, object]:
    try:
        row = _wait_for(
            lambda: next((r for r in _journal_rows(config) if r["state"] == state), None),
            f"the transaction to reach {state}",
        )
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    return dict(row)


def _run(config: Path, out: Path, journey: str) -> None:
    process = _terminal(config, out, journey)
    process.wait(timeout=180)
    assert process.returncode == 0, _log_tail(out)


def _card(sims: SimulatorHost) -> dict[str, object]:
    assert sims.card is not None
    card = sims.card
    return sims.call(lambda: card.saved(CRASH_CARD))


def _wallet_count(sims: SimulatorHost) -> int:
    wallet = _card(sims)["wallet"]
    assert isinstance(wallet, dict)
    return int(wallet["count"])


@pytest.fixture
def crash_card(sims: SimulatorHost) -> int:
    """The crash card with every purchase so far loaded into its meter; its wallet count."""
    assert sims.card is not None
    card = sims.card

    def ready() -> None:
        card.remove_on_write(None)
        card.stall_writes(False)
        card.insert(CRASH_CARD)
        card.load_into_meter()
        card.remove()

    sims.call(ready)
    return _wallet_count(sims)


@pytest.fixture
def module_ready(sims: SimulatorHost) -> None:
    """No card left in the payment module's slot, and no script left over, by an earlier, killed,
    journey."""
    assert sims.payment_module is not None
    module = sims.payment_module
    sims.call(module.take_card)
    sims.call(module.forget_scripts)


def _purchase_status(backoffice: Backoffice, out_trade_no: str) -> str:
    response = backoffice.http.get("/_sim/prepaid/purchases")
    response.raise_for_status()
    rows = [p for p in response.json() if p["out_trade_no"] == out_trade_no]
    assert len(rows) == 1
    return str(rows[0]["status"])


def test_card_sale_killed_in_flight_is_reversed(
    sims: SimulatorHost, config: Path, backoffice: Backoffice, tmp_path: Path, module_ready: None
) -> None:
    # The bank takes 1.5 s: the terminal dies with the sale in the module; it is approved there
    # meanwhile, so the restart must reverse it.
    assert sims.payment_module is not None
    module = sims.payment_module
    sims.call(lambda: module.next_sale(delay_ms=1500))
    process = _terminal(config, tmp_path / "run1", "card_paid")
    try:
        row = _wait_for(
            lambda: next((r for r in _journal_rows(config) if r["state"] == "intent"), None),
            "the sale to be sent",
        )
        sale_command = 0x20
        _wait_for(
            lambda: any(
                command == sale_command and data.split(b"\x1c")[1].decode() == row["trace_no"]
                for command, data in list(module.commands)
            ),
            "the module to receive the sale",
        )
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(30)
    _restart(config, tmp_path / "run2")
    final = _final(config, str(row["out_trade_no"]))
    assert final["state"] in ("reversed", "declined")
    sales = [s for s in sims.call(module.ledger) if s["trace_no"] == row["trace_no"]]
    assert all(s["state"] != "approved" for s in sales)
    assert _receipts_for(sims, str(final["reference"])) == 0


def test_card_sale_killed_after_approval_is_posted_once(
    sims: SimulatorHost, config: Path, backoffice: Backoffice, tmp_path: Path, module_ready: None
) -> None:
    # Approved by the bank; the back office answers slowly (set once the sale is under way), so
    # the terminal dies with the sale PAID and its posting in flight.
    process = _terminal(config, tmp_path / "run1", "card_paid")
    try:
        _wait_for(
            lambda: any(r["state"] == "intent" for r in _journal_rows(config)),
            "the sale to start",
        )
        backoffice.control("/_sim/delay", {"ms": 3000})
        row = _kill_at(process, config, "paid")
    finally:
        backoffice.control("/_sim/delay", {"ms": 0})
    _restart(config, tmp_path / "run2")
    final = _final(config, str(row["out_trade_no"]))
    assert final["state"] == "completed"
    assert _charges(backoffice, str(row["out_trade_no"])) == (int(row["amount_fen"]), 0)
    _assert_offered_for_reprint(sims, config, str(final["reference"]))


@pytest.mark.parametrize("write", ["never_applied", "applied"])
def test_prepaid_killed_during_the_write_is_finished_once(
    sims: SimulatorHost,
    config: Path,
    backoffice: Backoffice,
    tmp_path: Path,
    crash_card: int,
    write: str,
) -> None:
    """Paid, the card write in flight when the terminal dies. `never_applied`: the card is pulled
    out while the write is held (after payment, before the write); `applied`: the held write
    reaches the chip after the terminal died (during the write). Either way, the next insertion
    leaves exactly one credit on the card."""
    assert sims.card is not None
    card = sims.card
    sims.call(lambda: card.stall_writes(True))
    process = _terminal(config, tmp_path / "run1", "prepaid_purchase_crash_card")
    try:
        if write == "applied":
            assert card.writes_waiting.wait(30), "the write never reached the card"
        row = _kill_at(process, config, "paid_not_written")
    finally:
        if write == "never_applied":
            sims.call(card.remove)  # pulled out: a held write never reaches the chip
        sims.call(lambda: card.stall_writes(False))
        sims.call(card.remove)
    _restart(config, tmp_path / "run2")
    _run(config, tmp_path / "run3", "prepaid_reinsert_crash_card")
    assert _wallet_count(sims) == crash_card + 1
    out_trade_no = str(row["out_trade_no"])
    assert _purchase_status(backoffice, out_trade_no) == "written"
    assert _charges(backoffice, out_trade_no) == (int(row["amount_fen"]), 0)
    final = _final(config, out_trade_no)
    assert final["state"] in ("written", "completed")


def test_prepaid_killed_after_the_write_before_the_receipt(
    sims: SimulatorHost,
    config: Path,
    backoffice: Backoffice,
    tmp_path: Path,
    crash_card: int,
) -> None:
    # The write is held until the printer has stopped answering, so the terminal is still asking
    # the printer for its status when it dies, with the purchase on the card (WRITTEN).
    assert sims.printer is not None and sims.card is not None
    printer, card = sims.printer, sims.card
    sims.call(lambda: card.stall_writes(True))
    process = _terminal(config, tmp_path / "run1", "prepaid_purchase_crash_card")
    try:
        assert card.writes_waiting.wait(30), "the write never reached the card"
        sims.call(lambda: printer.set_stalled(True))
        sims.call(lambda: card.stall_writes(False))
        row = _kill_at(process, config, "written")
    finally:
        sims.call(lambda: printer.set_stalled(False))
        sims.call(lambda: card.stall_writes(False))
        sims.call(card.remove)
    _restart(config, tmp_path / "run2")
    out_trade_no = str(row["out_trade_no"])
    final = _final(config, out_trade_no)
    assert final["state"] == "completed"
    assert _wallet_count(sims) == crash_card + 1
    assert _purchase_status(backoffice, out_trade_no) == "written"
    assert _charges(backoffice, out_trade_no) == (int(row["amount_fen"]), 0)
    _assert_offered_for_reprint(sims, config, str(final["reference"]))
