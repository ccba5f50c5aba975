"""The simulator's fleet service: terminal health, the HTML fleet page, its controls, and the
fleet and settlement calls in the contract."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import httpx
from backoffice_testkit import FakeClock

from kiosk.backoffice.fleet_models import DeviceHealth, Heartbeat, TerminalMode
from simulators.backoffice import export_openapi

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script>"


def heartbeat(terminal_id: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "terminal_id": terminal_id,
        "kind": "self_payment",
        "version": "0.1.0",
        "mode": TerminalMode.IN_SERVICE,
        "sent_at": NOW,
        "started_at": NOW,
        "devices": [
            DeviceHealth(
                name="receipt_printer",
                device_class="printer",
                state="online",
                status={"paper": "full", "cover": "closed"},
            )
        ],
        "counters": {"receipts_since_refill": 40},
    }
    values.update(fields)
    return Heartbeat(**values).model_dump(mode="json")


async def beat(sim: httpx.AsyncClient, terminal_id: str, **fields: Any) -> None:
    answer = await sim.post("/api/v1/fleet/heartbeat", json=heartbeat(terminal_id, **fields))
    assert answer.status_code == 204 and answer.content == b""


async def health(sim: httpx.AsyncClient) -> dict[str, tuple[str, list[str]]]:
    terminals = (await sim.get("/api/v1/fleet/terminals")).json()
    return {t["terminal_id"]: (t["health"], t["reasons"]) for t in terminals}


class PageText(HTMLParser):
    """Collects the tags and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


async def test_health_ok_warning_and_down(sim: httpx.AsyncClient, sim_clock: FakeClock) -> None:
    await beat(sim, "T-OK")
    await beat(sim, "T-MAINT", mode=TerminalMode.MAINTENANCE)
    gone = DeviceHealth(name="scanner", device_class="scanner", state="no_device")
    await beat(sim, "T-SCANNER", devices=[gone])
    assert await health(sim) == {
        "T-MAINT": ("warning", ["maintenance"]),
        "T-OK": ("ok", []),
        "T-SCANNER": ("warning", ["scanner: no_device"]),
    }
    sim_clock.advance(181)  # three default intervals and a second
    await beat(sim, "T-OK")
    found = await health(sim)
    assert found["T-OK"] == ("ok", [])
    assert found["T-MAINT"] == ("down", ["no heartbeat for 181 s"])


async def test_down_after_is_a_control_cleared_by_reset(
    sim: httpx.AsyncClient, sim_clock: FakeClock
) -> None:
    await beat(sim, "T1")
    answer = await sim.post("/_sim/fleet/down-after", json={"seconds": 30})
    assert answer.json() == {"down_after_s": 30}
    sim_clock.advance(31)
    assert (await health(sim))["T1"][0] == "down"
    assert (await sim.post("/_sim/reset")).json()["outage"] is False
    assert (await health(sim))["T1"][0] == "ok"


async def test_events_from_a_terminal_without_heartbeat_make_it_down(
    sim: httpx.AsyncClient,
) -> None:
    event = {"seq": 3, "kind": "device_gone", "at": "2026-11-23T02:00:00Z", "device": "scanner"}
    ack = await sim.post("/api/v1/fleet/events", json={"terminal_id": "T9", "events": [event]})
    assert ack.json() == {"acked_seq": 3}
    terminals = (await sim.get("/api/v1/fleet/terminals")).json()
    assert terminals[0]["health"] == "down"
    assert terminals[0]["events_lost"] == [{"first_seq": 1, "last_seq": 2}]


async def test_fleet_page_lists_terminals_and_escapes_their_text(sim: httpx.AsyncClient) -> None:
    hostile_device = DeviceHealth(
        name=HOSTILE,
        device_class="printer",
        state="online",
        status={"paper": "low"},
        last_error=HOSTILE,
        last_error_at=NOW,
    )
    await beat(sim, "T-GOOD")
    await beat(sim, "T-BAD", devices=[hostile_device], version=HOSTILE)
    event = {"seq": 1, "kind": "device_error", "at": "2026-11-23T02:00:00Z", "detail": HOSTILE}
    await sim.post("/api/v1/fleet/events", json={"terminal_id": "T-BAD", "events": [event]})
    report = {
        "terminal_id": "T-GOOD",
        "day": "2026-11-23",
        "staff_id": "2001",
        "made_at": "2026-11-23T14:00:00Z",
        "totals": [],
        "differences": [],
    }
    stored = await sim.post(
        "/api/v1/reconciliations", json=report, headers={"Idempotency-Key": "T-GOOD-20261123-1"}
    )
    assert stored.status_code == 200
    page = await sim.get("/fleet")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parsed = PageText()
    parsed.feed(page.text)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert ("meta", {"http-equiv": "refresh", "content": "10"}) in parsed.tags
    text = "".join(parsed.text)
    # As text, never as markup: version, device name, its health reason, last error, event.
    assert text.count(HOSTILE) == 5
    assert "T-GOOD" in text and "2026-11-23: balanced" in text
    assert f"{HOSTILE}: paper low" in text and "receipts_since_refill: 40" in text
    assert tags.count("tr") == 3  # header and two terminals


async def test_fleet_page_with_no_terminals(sim: httpx.AsyncClient) -> None:
    page = await sim.get("/fleet")
    assert "no terminals yet" in page.text


async def test_contract_documents_the_fleet_and_settlement_calls() -> None:
    document = json.loads(export_openapi.render())
    paths = document["paths"]
    assert {
        "/api/v1/fleet/heartbeat",
        "/api/v1/fleet/events",
        "/api/v1/fleet/terminals",
        "/api/v1/settlement",
        "/api/v1/reconciliations",
    } <= set(paths)
    assert "/fleet" not in paths and not any(p.startswith("/_sim") for p in paths)
    post = paths["/api/v1/reconciliations"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert "204" in paths["/api/v1/fleet/heartbeat"]["post"]["responses"]
    for name in ("Heartbeat", "EventBatch", "EventAck", "Settlement", "ReconciliationReport"):
        assert name in document["components"]["schemas"]


async def test_outage_covers_the_fleet_calls(sim: httpx.AsyncClient) -> None:
    await sim.post("/_sim/outage", json={"on": True})
    answer = await sim.post("/api/v1/fleet/heartbeat", json=heartbeat("T1"))
    assert answer.status_code == 503
    assert (await sim.get("/fleet")).status_code == 200  # the support desk still sees it
