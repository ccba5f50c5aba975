"""The terminal's log file: data_dir/logs/kiosk.log, rotated (5 files of 2 MB), in the console's
format, with the same redaction of personal data as the console (installed by the back-office
client on the httpx logger, so it applies to every handler)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.backoffice.client import _install_log_redaction
from kiosk.config import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""The console's format (kiosk.cli)."""
LOG_FILE = "kiosk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 4  # plus the live file: 5 files


def install_file_logging(settings: Settings) -> Path:
    """Add the rotating log file to the root logger (once per path); its path."""
    folder = settings.data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    _install_log_redaction()
    return path
