"""Export of the journal, the audit log and the log files to a removable drive.

The export is a folder `kiosk-export-<terminal>-<UTC time>/` on the drive with a manifest of every
file's size and SHA-256. It is written under a hidden temporary name and renamed at the end, so a
half-written export (drive pulled, disk full) never looks complete. The databases are copied with
SQLite's online backup API, which gives a consistent copy while the terminal keeps writing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.maintenance.context import MaintenanceContext
from kiosk.maintenance.store import MAINTENANCE_DB

MANIFEST = "manifest.json"


class NoDrive(Exception):
    """No writable removable drive at the configured mount point."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no writable drive at {path}")
        self.path = path


class ExportError(Exception):
    """The export failed part way (drive full, drive removed); nothing complete was left."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class ExportResult:
    """Where the export went and what it holds (names relative to `folder`)."""

    folder: Path
    files: list[str]


def check_drive(path: Path) -> Path:
    """`path` if a drive is there to write on, else NoDrive.

    A real terminal mounts the USB drive at this path, so a mount point is the sure sign; but the
    simulators (and a technician's laptop) use a plain folder, so an existing writable directory
    is accepted too. An absent path means no drive was mounted."""
    if not (path.is_mount() or path.is_dir()) or not os.access(path, os.W_OK | os.X_OK):
        raise NoDrive(path)
    return path


def backup_database(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file `source` (online backup API), as one plain file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A single self-contained file: no -wal beside it on the drive.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_export(
    staging: Path, journal: Path, data_dir: Path, terminal_id: str, staff_id: str, at: datetime
) -> list[str]:
    staging.mkdir()
    files: list[str] = []
    backup_database(journal, staging / journal.name)
    files.append(journal.name)
    maintenance = data_dir / MAINTENANCE_DB
    if maintenance.exists():
        backup_database(maintenance, staging / MAINTENANCE_DB)
        files.append(MAINTENANCE_DB)
    logs = data_dir / "logs"
    if logs.is_dir():
        (staging / "logs").mkdir()
        for log_file in sorted(p for p in logs.iterdir() if p.is_file()):
            shutil.copyfile(log_file, staging / "logs" / log_file.name)
            files.append(f"logs/{log_file.name}")
    manifest = {
        "terminal_id": terminal_id,
        "staff_id": staff_id,
        "created_at": at.astimezone(UTC).isoformat(timespec="seconds"),
        "files": [
            {
                "name": name,
                "size": (staging / name).stat().st_size,
                "sha256": _sha256(staging / name),
            }
            for name in files
        ],
    }
    with (staging / MANIFEST).open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    return [*files, MANIFEST]


def export_folder_name(terminal_id: str, at: datetime) -> str:
    """`kiosk-export-<terminal>-<UTC YYYYmmddTHHMMSSZ>`."""
    return f"kiosk-export-{terminal_id}-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


async def export_logs(ctx: MaintenanceContext, staff_id: str) -> ExportResult:
    """Copy the journal, the maintenance database (audit log) and the log files to the drive at
    `maintenance.export_dir`. Raises NoDrive, or ExportError for an I/O failure on the way."""
    settings = ctx.settings
    drive = check_drive(settings.resolve(settings.maintenance.export_dir))
    at = ctx.clock.wall()
    name = export_folder_name(settings.terminal.id, at)
    final = drive / name
    staging = drive / f".{name}.partial"

    def work() -> list[str]:
        try:
            files = _write_export(
                staging, ctx.journal.path, settings.data_dir, settings.terminal.id, staff_id, at
            )
            staging.rename(final)
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ExportError(f"export to {drive} failed: {reason}") from exc
        return files

    # Copying megabytes to a slow USB stick must not freeze the screen.
    files = await asyncio.to_thread(work)
    return ExportResult(final, files)
