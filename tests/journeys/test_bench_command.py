"""`kiosk bench` runs and reports every figure the issue asks for (values are not judged here:
a benchmark reports, it does not fail on a slow machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk.cli"]


def test_bench_prints_every_figure(tmp_path: Path) -> None:
    result = subprocess.run(
        [*KIOSK, "--config", str(ROOT / "config.toml"), "bench", "--journeys", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    figures = json.loads(result.stdout)
    assert len(figures["cold_start_s"]["runs"]) == 3
    assert figures["screen_change_ms"]["count"] >= 18
    assert figures["journey_software_s"]["count"] == 3
    assert 0 < figures["receipt"]["bytes"] < 4096
    assert figures["rss_mb"]["after_3_journeys"] > 0
