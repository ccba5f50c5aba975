"""The terminal process is killed with SIGKILL in the middle of a payment, then started again.

The simulators live in this test process, so the back office's ledger and the printer outlive the
terminal, as they would in a hall. After the restart the payment must have ended exactly once:
paid with its receipt printed once, or not charged at all (closed or reversed).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.config import dump_settings, load_settings
from kiosk.tour.runner import tour_settings
from simulators.host import SimulatorHost, with_simulators

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.crash


@pytest.fixture(scope="module")
def sims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHost]:
    host = SimulatorHost(tmp_path_factory.mktemp("crash-sims"))
    host.start()
    yield host
    host.stop()


@pytest.fixture
def config(sims: SimulatorHost, tmp_path: Path) -> Path:
    assert sims.endpoints is not None
    settings = with_simulators(
        load_settings(ROOT / "config.toml"), sims.endpoints, tmp_path / "data"
    )
    settings = settings.model_copy(update={"base_dir": tmp_path})
    path = tmp_path / "config.toml"
    path.write_text(dump_settings(tour_settings(settings)), encoding="utf-8")
    return path


class Backoffice:
    """The back-office simulator's controls and ledger, from this process."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=10)

    def control(self, path: str, body: dict[str, Any]) -> None:
        self.http.post(path, json=body).raise_for_status()

    def ledger(self, out_trade_no: str) -> list[dict[str, Any]]:
        response = self.http.get("/_sim/ledger", params={"out_trade_no": out_trade_no})
        response.raise_for_status()
        rows: list[dict[str, Any]] = response.json()
        return rows

    def payment(self, out_trade_no: str, provider: str) -> dict[str, Any]:
        response = self.http.get(f"/api/v1/payments/{out_trade_no}", params={"provider": provider})
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def backoffice(sims: SimulatorHost) -> Iterator[Backoffice]:
    assert sims.endpoints is not None
    client = Backoffice(sims.endpoints.backoffice_url)
    client.control("/_sim/reset", {})
    yield client
    client.control("/_sim/reset", {})
    client.http.close()


def _terminal(config: Path, out: Path, journey: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "kiosk.cli", "--config", str(config), "tour"]
    command += ["--no-simulators", "--journey", journey, "--out", str(out)]
    # The log goes to a file: a pipe nobody reads while the terminal runs fills up (64 KB) and
    # then blocks the terminal in the middle of its journey.
    out.mkdir(parents=True, exist_ok=True)
    with (out / "terminal.log").open("wb") as log:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)


def _log_tail(out: Path) -> str:
    """The end of a terminal run's log, for assertion messages."""
    return (out / "terminal.log").read_text(errors="replace")[-3000:]


def _journal_rows(config: Path) -> list[sqlite3.Row]:
    path = config.parent / "data" / "journal.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        conn.row_factory = sqlite3.Row
        try:
            return list(conn.execute("SELECT * FROM payments"))
        except sqlite3.OperationalError:
            return []


def _wait_for(predicate: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll another process's state (the journal file) until `predicate` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def _kill_when(config: Path, out: Path, state_check: Callable[[sqlite3.Row], bool]) -> sqlite3.Row:
    process = _terminal(config, out, "pay_wechat_keypad")
    try:
        row = _wait_for(
            lambda: next((r for r in _journal_rows(config) if state_check(r)), None),
            "the payment to reach the state to crash in",
        )
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    return row


def _restart(config: Path, out: Path) -> None:
    process = _terminal(config, out, "idle")
    process.wait(timeout=120)
    assert process.returncode == 0, _log_tail(out)


def _final(config: Path, out_trade_no: str) -> sqlite3.Row:
    return next(r for r in _journal_rows(config) if r["out_trade_no"] == out_trade_no)


def _receipts_for(sims: SimulatorHost, reference: str) -> int:
    assert sims.printer is not None
    jobs = sims.call(lambda: list(sims.printer.jobs) if sims.printer else [])
    return sum(1 for job in jobs if reference in job.text)


def _assert_offered_for_reprint(sims: SimulatorHost, config: Path, reference: str) -> None:
    """Nothing printed by itself after the restart; the reference reprints it exactly once."""
    assert _receipts_for(sims, reference) == 0
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(config), "reprint", reference],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert _receipts_for(sims, reference) == 1


def _charges(backoffice: Backoffice, out_trade_no: str) -> tuple[int, int]:
    rows = backoffice.ledger(out_trade_no)
    charged = sum(r["amount_fen"] for r in rows if r["kind"] == "charge")
    refunded = sum(r["amount_fen"] for r in rows if r["kind"] == "refund")
    return charged, refunded


def test_killed_after_intent_before_the_answer(
    sims: SimulatorHost, config: Path, backoffice: Backoffice, tmp_path: Path
) -> None:
    # The back office takes 3 s to answer: the terminal dies with the request in flight.
    backoffice.control("/_sim/next-payment", {"behaviour": "delay", "delay_ms": 3000})
    row = _kill_when(config, tmp_path / "run1", lambda r: r["state"] in ("intent", "awaiting"))
    _restart(config, tmp_path / "run2")
    final = _final(config, row["out_trade_no"])
    charged, refunded = _charges(backoffice, row["out_trade_no"])
    if final["state"] == "completed":
        assert (charged, refunded) == (row["amount_fen"], 0)
        _assert_offered_for_reprint(sims, config, final["reference"])
    else:
        assert final["state"] in ("reversed", "declined")
        assert charged == refunded
        assert _receipts_for(sims, final["reference"]) == 0


def test_killed_while_awaiting_the_customer(
    sims: SimulatorHost, config: Path, backoffice: Backoffice, tmp_path: Path
) -> None:
    backoffice.control("/_sim/next-payment", {"behaviour": "paying_forever"})
    row = _kill_when(config, tmp_path / "run1", lambda r: r["state"] == "awaiting")
    _restart(config, tmp_path / "run2")
    final = _final(config, row["out_trade_no"])
    assert final["state"] == "reversed"
    charged, refunded = _charges(backoffice, row["out_trade_no"])
    assert charged == refunded
    provider_view = backoffice.payment(row["out_trade_no"], row["provider"])
    assert provider_view["state"] in ("closed", "reversed")
    assert _receipts_for(sims, final["reference"]) == 0


def test_killed_after_paid_before_the_receipt(
    sims: SimulatorHost, config: Path, backoffice: Backoffice, tmp_path: Path
) -> None:
    # The customer confirms on the phone; meanwhile the printer stops answering, so the terminal
    # is still asking the printer for its status when it dies, after PAID/POSTED.
    assert sims.printer is not None
    printer = sims.printer
    backoffice.control("/_sim/next-payment", {"behaviour": "paying_then_success"})
    process = _terminal(config, tmp_path / "run1", "pay_wechat_keypad")
    try:
        _wait_for(
            lambda: any(r["state"] == "awaiting" for r in _journal_rows(config)),
            "the customer to be confirming on the phone",
        )
        sims.call(lambda: printer.set_stalled(True))
        row = _wait_for(
            lambda: next(
                (
                    r
                    for r in _journal_rows(config)
                    if r["state"] in ("paid", "posted") and r["receipt_printed_at"] is None
                ),
                None,
            ),
            "the payment to be posted without a receipt",
        )
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(30)
        sims.call(lambda: printer.set_stalled(False))
    assert process.returncode == -signal.SIGKILL
    _restart(config, tmp_path / "run2")
    final = _final(config, row["out_trade_no"])
    assert final["state"] == "completed"
    charged, refunded = _charges(backoffice, row["out_trade_no"])
    assert (charged, refunded) == (row["amount_fen"], 0)
    _assert_offered_for_reprint(sims, config, final["reference"])
