"""Interop tests in a real browser: Debian's chromium driven by Playwright (never a downloaded
browser), against the back-office simulator on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from simulators.backoffice.server import BackOfficeServer, open_database

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded back-office database, made once per module and copied for each test."""
    path = tmp_path_factory.mktemp("interop-seed") / "template.sqlite"
    conn = open_database(path, TODAY)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
async def backoffice(seeded_db: Path, tmp_path: Path) -> AsyncIterator[BackOfficeServer]:
    """The back-office simulator (VTM service, teller console) on 127.0.0.1, an ephemeral port."""
    db = tmp_path / "backoffice.sqlite"
    shutil.copyfile(seeded_db, db)
    server = BackOfficeServer(db, today=TODAY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
