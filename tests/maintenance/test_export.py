"""Export to the removable drive: files, manifest hashes, no drive, a consistent journal while it
is being written, nothing half-written left behind; and the config view hides secrets."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any, cast

import pytest
from test_journal_view import MORNING, StepClock, add_tx
from test_reconcile import make_settings

from kiosk.backoffice.models import Provider
from kiosk.config import Settings
from kiosk.journal import PaymentJournal, Purpose
from kiosk.maintenance.config_view import config_text
from kiosk.maintenance.context import MaintenanceContext
from kiosk.maintenance.export import ExportError, NoDrive, export_logs
from kiosk.maintenance.store import MAINTENANCE_DB, open_store


def _context(settings: Settings, journal: PaymentJournal, clock: StepClock) -> MaintenanceContext:
    unused = cast(Any, None)
    return MaintenanceContext(
        ui=unused,
        devices=unused,
        journal=journal,
        backoffice=unused,
        settings=settings,
        clock=clock,
        audit=unused,
        staff=unused,
        counters=unused,
        service=unused,
    )


@pytest.fixture
def terminal(tmp_path: Path) -> tuple[MaintenanceContext, Path]:
    settings = make_settings(tmp_path)
    clock = StepClock(MORNING)
    journal = PaymentJournal(settings.data_dir / "journal.sqlite3", clock)
    add_tx(journal, amount_fen=12345)
    store = open_store(settings.data_dir / MAINTENANCE_DB)
    store.execute("CREATE TABLE audit (at TEXT, staff_id TEXT, action TEXT)")
    store.execute("INSERT INTO audit VALUES ('2026-03-10T02:00:00Z', '3001', 'export_logs')")
    store.close()
    logs = settings.data_dir / "logs"
    logs.mkdir()
    (logs / "kiosk.log").write_text("2026-03-10 10:00:00 INFO kiosk: started\n", "utf-8")
    (logs / "kiosk.log.1").write_text("older\n", "utf-8")
    drive = tmp_path / "usb"
    drive.mkdir()
    return _context(settings, journal, clock), drive


async def test_export_files_and_manifest(terminal: tuple[MaintenanceContext, Path]) -> None:
    ctx, drive = terminal

    result = await export_logs(ctx, "3001")

    assert result.folder == drive / "kiosk-export-SZ-FT-0001-SP01-20260310T020000Z"
    assert result.files == [
        "journal.sqlite3",
        MAINTENANCE_DB,
        "logs/kiosk.log",
        "logs/kiosk.log.1",
        "manifest.json",
    ]
    assert sorted(p.name for p in drive.iterdir()) == [result.folder.name]  # no temporary left
    manifest = json.loads((result.folder / "manifest.json").read_text("utf-8"))
    assert manifest["terminal_id"] == "SZ-FT-0001-SP01" and manifest["staff_id"] == "3001"
    assert manifest["created_at"] == "2026-03-10T02:00:00+00:00"
    assert [f["name"] for f in manifest["files"]] == result.files[:-1]
    for entry in manifest["files"]:
        data = (result.folder / entry["name"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    copy = sqlite3.connect(result.folder / "journal.sqlite3")
    assert copy.execute("SELECT amount_fen FROM payments").fetchall() == [(12345,)]
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    audit = sqlite3.connect(result.folder / MAINTENANCE_DB)
    assert audit.execute("SELECT staff_id, action FROM audit").fetchall() == [
        ("3001", "export_logs")
    ]
    audit.close()


async def test_no_drive(terminal: tuple[MaintenanceContext, Path]) -> None:
    ctx, drive = terminal
    shutil.rmtree(drive)
    with pytest.raises(NoDrive) as caught:
        await export_logs(ctx, "3001")
    assert caught.value.path == drive
    drive.write_text("not a folder")
    with pytest.raises(NoDrive):
        await export_logs(ctx, "3001")


async def test_drive_full_leaves_nothing_that_looks_complete(
    terminal: tuple[MaintenanceContext, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, drive = terminal

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kiosk.maintenance.export.shutil.copyfile", full)
    with pytest.raises(ExportError, match="No space left on device"):
        await export_logs(ctx, "3001")
    assert list(drive.iterdir()) == []


async def test_journal_written_meanwhile_is_copied_consistent(
    terminal: tuple[MaintenanceContext, Path],
) -> None:
    ctx, _ = terminal
    stop = threading.Event()
    started = threading.Event()
    written = [0]

    def cashier() -> None:
        # Another connection keeps committing payments (row + history in one transaction).
        other = PaymentJournal(ctx.journal.path, StepClock(MORNING))
        try:
            while not stop.is_set():
                other.create_draft(
                    terminal_id="SZ-FT-0001-SP01",
                    account_no="3301234589",
                    purpose=Purpose.BILL,
                    amount_fen=100 + written[0],
                    provider=Provider.WECHAT,
                )
                written[0] += 1
                if written[0] == 20:
                    started.set()
        finally:
            other.close()

    worker = threading.Thread(target=cashier)
    worker.start()
    try:
        assert started.wait(10)
        result = await export_logs(ctx, "3001")
    finally:
        stop.set()
        worker.join(10)

    copy = sqlite3.connect(result.folder / "journal.sqlite3")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        payments = copy.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
        orphans = copy.execute(
            "SELECT COUNT(*) FROM payments p WHERE NOT EXISTS"
            " (SELECT 1 FROM state_history h WHERE h.out_trade_no = p.out_trade_no)"
        ).fetchone()[0]
    finally:
        copy.close()
    assert 21 <= payments <= 1 + written[0]
    assert orphans == 0


def test_config_text_hides_secrets(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    text = config_text(settings)

    assert 'id = "SZ-FT-0001-SP01"' in text
    assert "max_pin_attempts = 5" in text  # a limit, not a PIN
    assert f"Staff file: {tmp_path / 'staff.toml'}" in text
    assert "[maintenance]" in text and "export_dir" in text
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key = line.split("=")[0].strip().lower()
        for word in ("key", "secret", "token", "password"):
            assert word not in key
    (tmp_path / "staff.toml").write_text('pin_hash = "$argon2id$v=19$secret"\n', "utf-8")
    assert "argon2id" not in config_text(settings)


def test_config_text_removes_secret_looking_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dumped = (
        '[backoffice]\nbase_url = "http://bo"\napi_key = "abc123"\nclient_secret = "s3"\n'
        'access_token = "t0k"\nPassword = "pw"\n[devices.pm]\nterminal_pin = "8642"\n'
    )
    monkeypatch.setattr("kiosk.maintenance.config_view.dump_settings", lambda _: dumped)
    text = config_text(make_settings(tmp_path))
    for secret in ("abc123", "s3", "t0k", "pw", "8642"):
        assert f'"{secret}"' not in text
    assert 'base_url = "http://bo"' in text
    assert "# api_key = (hidden)" in text and "# terminal_pin = (hidden)" in text


def test_file_logging_rotates_in_the_data_dir_with_redaction(tmp_path: Path) -> None:
    import logging
    from logging.handlers import RotatingFileHandler

    from kiosk.logfiles import install_file_logging

    settings = make_settings(tmp_path)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = install_file_logging(settings)
        assert install_file_logging(settings) == path  # once per path
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0], RotatingFileHandler)
        assert added[0].maxBytes == 2 * 1024 * 1024 and added[0].backupCount == 4
        level = root.level
        root.setLevel(logging.INFO)
        logging.getLogger("httpx").info(
            "HTTP Request: %s %s", "GET", "http://bo/api/v1/accounts/3301234589"
        )
        root.setLevel(level)
        added[0].flush()
        text = path.read_text("utf-8")
        assert path == settings.data_dir / "logs" / "kiosk.log"
        assert "INFO httpx: HTTP Request: GET http://bo/api/v1/accounts/****4589" in text
        assert "3301234589" not in text
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
