"""BackOfficeClient's fleet and settlement calls: wire format, retries, breakers, errors; and
against the real simulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from backoffice_testkit import FakeClock

from kiosk.backoffice import BackOfficeUnavailable, IdempotencyConflict
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.fleet_models import (
    DeviceHealth,
    DifferenceKind,
    EventBatch,
    FleetEvent,
    FleetEventKind,
    Heartbeat,
    MethodTotal,
    ReconciliationDifference,
    ReconciliationReport,
    TerminalMode,
)
from kiosk.config import BackOfficeSettings

TERMINAL = "SZ-FT-0001-SP01"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)
Handler = Callable[[httpx.Request], httpx.Response]


def heartbeat() -> Heartbeat:
    return Heartbeat(
        terminal_id=TERMINAL,
        kind="self_payment",
        version="0.1.0",
        mode=TerminalMode.IN_SERVICE,
        sent_at=NOW,
        started_at=NOW,
        devices=[DeviceHealth(name="scanner", device_class="scanner", state="online")],
        counters={"transactions_today": 2},
    )


def batch(*seqs: int) -> EventBatch:
    return EventBatch(
        terminal_id=TERMINAL,
        events=[
            FleetEvent(seq=s, kind=FleetEventKind.PAPER_LOW, at=NOW, device="printer") for s in seqs
        ],
    )


def report(journal_fen: int = 1000) -> ReconciliationReport:
    return ReconciliationReport(
        terminal_id=TERMINAL,
        day=DAY,
        staff_id="2001",
        made_at=NOW,
        totals=[
            MethodTotal(
                method="wechat",
                journal_count=1,
                journal_fen=journal_fen,
                backoffice_count=0,
                backoffice_fen=0,
            )
        ],
        differences=[
            ReconciliationDifference(
                out_trade_no="SZFT0001-00000001",
                kind=DifferenceKind.MISSING_IN_BACKOFFICE,
                method="wechat",
                journal_fen=journal_fen,
            )
        ],
    )


class Recorder:
    """A mock back office: records requests, answers with the handler."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def make(handler: Handler, **overrides: Any) -> tuple[BackOfficeClient, Recorder]:
    fields: dict[str, Any] = {"base_url": "http://backoffice.test", "read_retries": 2}
    fields.update(overrides)
    recorder = Recorder(handler)
    client = BackOfficeClient(
        BackOfficeSettings(**fields), clock=FakeClock(), transport=httpx.MockTransport(recorder)
    )
    return client, recorder


def answer(code: int, body: Any = None) -> Handler:
    return lambda _: httpx.Response(code, json=body) if body is not None else httpx.Response(code)


# -- wire format and retry policy (mock transport) ----------------------------------------------
async def test_heartbeat_is_posted_once_and_never_retried() -> None:
    client, recorder = make(answer(204))
    await client.send_heartbeat(heartbeat())
    (sent,) = recorder.requests
    assert sent.method == "POST" and sent.url.path == "/api/v1/fleet/heartbeat"
    assert json.loads(sent.content) == heartbeat().model_dump(mode="json")
    failing, recorder = make(answer(503))
    with pytest.raises(BackOfficeUnavailable):
        await failing.send_heartbeat(heartbeat())
    assert len(recorder.requests) == 1


async def test_events_are_retried_with_the_same_body() -> None:
    replies = iter([httpx.Response(503), httpx.Response(200, json={"acked_seq": 2})])
    client, recorder = make(lambda _: next(replies))
    ack = await client.send_fleet_events(batch(1, 2))
    assert ack.acked_seq == 2
    assert len(recorder.requests) == 2
    assert recorder.requests[0].content == recorder.requests[1].content
    assert json.loads(recorder.requests[0].content)["events"][1]["seq"] == 2


async def test_fleet_and_reports_have_their_own_breakers() -> None:
    client, _ = make(answer(503), read_retries=0, breaker_failures=2)
    for _ in range(2):
        with pytest.raises(BackOfficeUnavailable):
            await client.send_heartbeat(heartbeat())
    assert not client.is_available("fleet")
    assert client.is_available("reports") and client.is_available("payments")
    with pytest.raises(BackOfficeUnavailable, match="circuit open"):
        await client.send_fleet_events(batch(1))


async def test_settlement_query_and_answer_checks() -> None:
    body = {"terminal_id": TERMINAL, "day": "2026-11-23", "lines": []}
    client, recorder = make(answer(200, body))
    settlement = await client.get_settlement(TERMINAL, DAY)
    assert settlement.lines == [] and settlement.day == DAY
    assert dict(recorder.requests[0].url.params) == {"terminal_id": TERMINAL, "day": "2026-11-23"}
    other = {**body, "day": "2026-11-22"}
    wrong, _ = make(answer(200, other))
    with pytest.raises(BackOfficeUnavailable, match="malformed"):
        await wrong.get_settlement(TERMINAL, DAY)


async def test_reconciliation_carries_its_key_and_maps_a_conflict() -> None:
    ack = {"report_id": "RC00000001", "received_at": "2026-11-23T02:00:00Z"}
    client, recorder = make(answer(200, ack))
    got = await client.submit_reconciliation(report(), "SZ-FT-0001-SP01-20261123-1")
    assert got.report_id == "RC00000001"
    assert recorder.requests[0].headers["Idempotency-Key"] == "SZ-FT-0001-SP01-20261123-1"
    conflict = {"code": "IDEMPOTENCY_CONFLICT", "message": "other report"}
    refused, _ = make(answer(409, conflict))
    with pytest.raises(IdempotencyConflict):
        await refused.submit_reconciliation(report(), "k")


# -- against the simulator ----------------------------------------------------------------------
async def test_events_round_trip_through_the_simulator(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    assert (await client.send_fleet_events(batch(1, 2, 3))).acked_seq == 3
    assert (await client.send_fleet_events(batch(2, 3, 4))).acked_seq == 4
    stored = (await sim.get("/_sim/fleet/events", params={"terminal_id": TERMINAL})).json()
    assert [e["seq"] for e in stored] == [1, 2, 3, 4]
    await client.send_heartbeat(heartbeat())
    terminals = (await sim.get("/api/v1/fleet/terminals")).json()
    assert [t["terminal_id"] for t in terminals] == [TERMINAL]
    assert terminals[0]["health"] == "ok"


async def test_reconciliation_is_stored_once_per_key(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    first = await client.submit_reconciliation(report(), "KEY-1")
    again = await client.submit_reconciliation(report(), "KEY-1")
    assert again == first
    with pytest.raises(IdempotencyConflict):
        await client.submit_reconciliation(report(journal_fen=999), "KEY-1")
    other = await client.submit_reconciliation(report(), "KEY-2")
    assert other.report_id != first.report_id
    stored = (await sim.get("/_sim/reconciliations")).json()
    assert [s["idempotency_key"] for s in stored] == ["KEY-1", "KEY-2"]
    assert stored[0]["report"]["differences"][0]["kind"] == "missing_in_backoffice"


async def test_reconciliation_without_a_key_is_refused(sim: httpx.AsyncClient) -> None:
    body = report().model_dump(mode="json")
    refused = await sim.post("/api/v1/reconciliations", json=body)
    assert refused.status_code == 400
    assert refused.json()["code"] == "IDEMPOTENCY_KEY_MISSING"


async def test_a_malformed_batch_is_refused_as_invalid(sim: httpx.AsyncClient) -> None:
    bad = {"terminal_id": TERMINAL, "events": [{"seq": 0, "kind": "paper_low", "at": "x"}]}
    refused = await sim.post("/api/v1/fleet/events", json=bad)
    assert refused.status_code == 422 and refused.json()["code"] == "INVALID_REQUEST"
    stored = await sim.get("/_sim/fleet/events")
    assert stored.json() == []
