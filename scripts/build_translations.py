"""Compile resources/i18n/*.ts into .qm files with Qt's lrelease (shipped with PySide6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def lrelease() -> Path:
    """Path of the lrelease tool inside the PySide6 wheel."""
    return Path(PySide6.__file__).parent / "lrelease"


def main() -> int:
    """Build every .ts that is newer than its .qm."""
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        result = subprocess.run(
            [str(lrelease()), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True
        )
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
