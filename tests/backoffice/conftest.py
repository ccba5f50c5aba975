"""Fixtures of the back-office tests: one seeded database per session, copied for each test;
the simulator served on port 0 inside the test's own event loop; clients on fake clocks."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from backoffice_testkit import SEED_DAY, FakeClock

from kiosk.backoffice.client import BackOfficeClient
from kiosk.config import BackOfficeSettings
from simulators.backoffice.server import BackOfficeServer, open_database


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded once for the whole session; tests work on copies."""
    path = tmp_path_factory.mktemp("backoffice-seed") / "template.sqlite"
    conn = open_database(path, SEED_DAY)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def db_copy(seeded_db: Path, tmp_path: Path) -> Path:
    """This test's own copy of the seeded database."""
    path = tmp_path / "backoffice.sqlite"
    shutil.copyfile(seeded_db, path)
    return path


@pytest.fixture
def sim_clock() -> FakeClock:
    """The simulator's clock (payment-code lifetimes, timestamps)."""
    return FakeClock()


@pytest.fixture
async def server(db_copy: Path, sim_clock: FakeClock) -> AsyncIterator[BackOfficeServer]:
    """The simulator on an ephemeral loopback port, in this test's loop."""
    srv = BackOfficeServer(db_copy, clock=sim_clock, today=SEED_DAY)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
async def sim(server: BackOfficeServer) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client on the simulator, for /_sim controls and raw /api checks."""
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        yield http


@pytest.fixture
def client_clock() -> FakeClock:
    """The client's clock (backoff sleeps, breaker timing)."""
    return FakeClock()


ClientFactory = Callable[..., BackOfficeClient]


@pytest.fixture
async def make_client(
    server: BackOfficeServer, client_clock: FakeClock
) -> AsyncIterator[ClientFactory]:
    """Build clients on the simulator with settings overridden by keyword."""
    made: list[BackOfficeClient] = []

    def build(**overrides: Any) -> BackOfficeClient:
        fields: dict[str, Any] = {
            "base_url": server.url,
            "connect_timeout_s": 2.0,
            "read_timeout_s": 5.0,
            "read_retries": 2,
            "breaker_failures": 3,
            "breaker_reset_s": 20.0,
        }
        fields.update(overrides)
        client = BackOfficeClient(BackOfficeSettings(**fields), clock=client_clock)
        made.append(client)
        return client

    yield build
    for client in made:
        await client.aclose()


@pytest.fixture
async def client(make_client: ClientFactory) -> BackOfficeClient:
    """A client with the default test settings."""
    return make_client()


@pytest.fixture
def new_code(sim: httpx.AsyncClient) -> Callable[..., Awaitable[str]]:
    """Ask the simulated wallet for a fresh payment code."""

    async def issue(provider: str = "wechat", behaviour: str = "ok") -> str:
        response = await sim.post(
            "/_sim/payment-codes", json={"provider": provider, "behaviour": behaviour}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["code"])

    return issue


@pytest.fixture
def pick_account(sim: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    """A seeded account matching the filters (first in account-number order)."""

    async def pick(**filters: Any) -> dict[str, Any]:
        params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in filters.items()}
        response = await sim.get("/_sim/accounts", params={**params, "limit": 1})
        assert response.status_code == 200, response.text
        found = response.json()
        assert found, f"no seeded account with {filters}"
        return dict(found[0])

    return pick


@pytest.fixture
def ledger(sim: httpx.AsyncClient) -> Callable[..., Awaitable[list[dict[str, Any]]]]:
    """The simulator's ledger rows (optionally of one order)."""

    async def rows(out_trade_no: str | None = None) -> list[dict[str, Any]]:
        params = {"out_trade_no": out_trade_no} if out_trade_no else {}
        response = await sim.get("/_sim/ledger", params=params)
        assert response.status_code == 200, response.text
        return list(response.json())

    return rows


@pytest.fixture
def script(sim: httpx.AsyncClient) -> Callable[..., Awaitable[None]]:
    """Script the next payment(s) through /_sim/next-payment."""

    async def next_payment(behaviour: str, count: int = 1, delay_ms: int = 0) -> None:
        response = await sim.post(
            "/_sim/next-payment",
            json={"behaviour": behaviour, "count": count, "delay_ms": delay_ms},
        )
        assert response.status_code == 200, response.text

    return next_payment


@pytest.fixture
def order_numbers() -> Iterator[str]:
    """Fresh out_trade_no values."""
    return (f"SZFT0001-{n:08d}" for n in range(1, 10**6))
