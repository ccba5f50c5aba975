"""Fixtures of the fleet tests: the real back-office simulator on port 0, seeded once."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from simulators.backoffice.server import BackOfficeServer, open_database

SEED_DAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def fleet_seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulator database seeded once for the session; tests work on copies."""
    path = tmp_path_factory.mktemp("fleet-seed") / "template.sqlite"
    conn = open_database(path, SEED_DAY)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def server_db(fleet_seeded_db: Path, tmp_path: Path) -> Path:
    """This test's copy of the simulator database."""
    path = tmp_path / "backoffice.sqlite"
    shutil.copyfile(fleet_seeded_db, path)
    return path


@pytest.fixture
async def server(server_db: Path) -> AsyncIterator[BackOfficeServer]:
    """The back-office simulator on an ephemeral loopback port, in this test's loop."""
    srv = BackOfficeServer(server_db, today=SEED_DAY)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
async def sim(server: BackOfficeServer) -> AsyncIterator[httpx.AsyncClient]:
    """Plain HTTP on the simulator: /_sim controls and what it stored."""
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        yield http
