"""`kiosk tour --out DIR`, as the README's run command uses it without a display: every journey
ends as expected, every screen is saved, and the report carries the receipts as printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk.cli"]


def test_tour_walks_every_journey_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    result = subprocess.run(
        [*KIOSK, "--config", str(ROOT / "config.toml"), "tour", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    journeys = {j["journey"]: j for j in report["journeys"]}
    assert all(j["outcome"] == j["expected"] for j in journeys.values())
    paid = journeys["pay_wechat_keypad"]
    [receipt] = paid["receipts"]
    assert "电费缴费凭证" in receipt and "微信支付" in receipt
    assert journeys["pay_alipay_scanned_bill_topup"]["receipts"][0].count("Alipay") == 1
    screens_seen = {s["screen"] for j in report["journeys"] for s in j["screens"]}
    assert screens_seen >= {
        "idle", "identify", "account", "amount", "method", "code", "processing", "outcome",
        "no_receipt", "reference", "message",
    }  # fmt: skip
    for journey in report["journeys"]:
        for screen in journey["screens"]:
            assert (out / screen["png"]).stat().st_size > 10_000
    assert list(out.glob("receipt_*.png"))
    assert report["screen_change_ms"]["count"] > 20
