"""Seed realism: the database a fresh simulator starts with."""

from __future__ import annotations

import calendar
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from backoffice_testkit import SEED_DAY

from simulators.backoffice import codes, seed
from simulators.backoffice.server import open_database


@pytest.fixture
def conn(seeded_db: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(f"file:{seeded_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


def luhn_ok(number: str) -> bool:
    """Independent Luhn validation of a whole number (check digit included)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


def test_luhn_check_digit_known_vectors() -> None:
    assert codes.luhn_check_digit("7992739871") == "3"  # the textbook example
    assert codes.luhn_check_digit("123456789") == "7"
    assert codes.is_valid_account_no("1234567897")
    assert not codes.is_valid_account_no("1234567898")
    assert not codes.is_valid_account_no("123456789")
    assert not codes.is_valid_account_no("１２３４５６７８９７")  # full-width digits


def test_bill_code_vectors() -> None:
    # 1+0+0+2+2+8+3+3+2+1 = 22, 2+0+2+6+1+0 = 11, 33 mod 97 = 33
    assert codes.bill_barcode("1002283321", "2026-10") == "100228332120261033"
    assert codes.bill_qr_text("1002283321", "2026-10") == "EBILL:1002283321:202610:33"
    parsed = codes.parse_bill_code("100228332120261033")
    assert parsed == codes.BillCode("1002283321", "2026-10")
    assert codes.parse_bill_code("EBILL:1002283321:202610:33") == parsed
    assert codes.parse_bill_code("100228332120261034") is None  # check wrong
    assert codes.parse_bill_code("100228332120261333") is None  # month 13
    assert codes.parse_bill_code("EBILL:1002283321:202610:34") is None


def test_at_least_200_accounts_of_every_kind_in_both_regions(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT kind, region, COUNT(*) n FROM accounts GROUP BY 1, 2").fetchall()
    counts = {(r["kind"], r["region"]): r["n"] for r in rows}
    assert sum(counts.values()) >= 200
    for kind in ("residential", "prepaid", "commercial", "industrial"):
        for region in ("guangdong", "zhejiang"):
            assert counts.get((kind, region), 0) >= 5, (kind, region)
    cities = {r[0] for r in conn.execute("SELECT DISTINCT city FROM accounts")}
    assert cities == {"深圳市", "广州市", "杭州市", "宁波市"}


def test_retail_company_accounts_are_businesses(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT kind, retail_company FROM accounts WHERE retail_company IS NOT NULL"
    ).fetchall()
    assert len(rows) >= 4
    assert {r["kind"] for r in rows} <= {"commercial", "industrial"}
    assert all(r["retail_company"].endswith("售电有限公司") for r in rows)


def test_tariffs_per_kind(conn: sqlite3.Connection) -> None:
    tariffs = {
        (r["kind"], r["tariff_code"])
        for r in conn.execute("SELECT DISTINCT kind, tariff_code FROM accounts")
    }
    business = {t for k, t in tariffs if k in ("commercial", "industrial")}
    assert any(t.endswith("FLAT") for t in business) and any(t.endswith("TOU") for t in business)
    residential = {t for k, t in tariffs if k in ("residential", "prepaid")}
    assert residential == {"GD-RES-SZ", "GD-RES-GZ", "ZJ-RES"}


def test_account_numbers_have_luhn_check_digit(conn: sqlite3.Connection) -> None:
    numbers = [r[0] for r in conn.execute("SELECT account_no FROM accounts")]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert re.fullmatch(r"\d{10}", number) and luhn_ok(number), number


def test_names_and_addresses_look_real(conn: sqlite3.Connection) -> None:
    for row in conn.execute("SELECT kind, name, address, region FROM accounts"):
        if row["kind"] in ("residential", "prepaid"):
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", row["name"]), row["name"]
            assert re.search(r"\d+栋\d+房$", row["address"])
        else:
            assert row["name"].endswith(("公司", "便利店", "超市", "药房")), row["name"]
        province = "广东省" if row["region"] == "guangdong" else "浙江省"
        assert row["address"].startswith(province)


def test_24_monthly_bills_and_daily_readings_add_up(conn: sqlite3.Connection) -> None:
    months = seed.billing_months(SEED_DAY)
    assert months[-1] == (2026, 10) and months[0] == (2024, 11)
    periods = [f"{y:04d}-{m:02d}" for y, m in months]
    days = sum(calendar.monthrange(y, m)[1] for y, m in months)
    accounts = conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
    per_account = conn.execute(
        "SELECT account_no, COUNT(*) n, MIN(period) lo, MAX(period) hi FROM bills GROUP BY 1"
    ).fetchall()
    assert len(per_account) == accounts
    assert all((r["n"], r["lo"], r["hi"]) == (24, periods[0], periods[-1]) for r in per_account)
    readings = conn.execute("SELECT COUNT(*) FROM daily_readings").fetchone()[0]
    assert readings == accounts * days
    mismatched = conn.execute(
        "SELECT COUNT(*) FROM bills b WHERE kwh != (SELECT SUM(kwh) FROM daily_readings d"
        " WHERE d.account_no = b.account_no AND substr(d.day, 1, 7) = b.period)"
    ).fetchone()[0]
    assert mismatched == 0


def test_every_bill_is_the_sum_of_its_lines(conn: sqlite3.Connection) -> None:
    bad = conn.execute(
        "SELECT COUNT(*) FROM bills b WHERE amount_fen != (SELECT SUM(amount_fen) FROM bill_lines"
        " l WHERE l.account_no = b.account_no AND l.period = b.period)"
        " OR kwh != (SELECT SUM(kwh) FROM bill_lines l"
        " WHERE l.account_no = b.account_no AND l.period = b.period)"
    ).fetchone()[0]
    assert bad == 0
    wrong_rounding = conn.execute(
        "SELECT COUNT(*) FROM bill_lines WHERE amount_fen != (kwh * price_li + 5) / 10"
    ).fetchone()[0]
    assert wrong_rounding == 0


def _tiers(conn: sqlite3.Connection, account_no: str, period: str) -> list[tuple[int, int]]:
    return [
        (r["kwh"], r["price_li"])
        for r in conn.execute(
            "SELECT kwh, price_li FROM bill_lines WHERE account_no = ? AND period = ?"
            " ORDER BY line",
            (account_no, period),
        )
    ]


def test_guangdong_summer_tier_split_by_hand(conn: sqlite3.Connection) -> None:
    # A Shenzhen bill in July above 600 kWh: 260 at 0.680, 340 at 0.730, the rest at 0.980.
    row = conn.execute(
        "SELECT b.account_no, b.kwh, b.amount_fen FROM bills b JOIN accounts a USING (account_no)"
        " WHERE a.tariff_code = 'GD-RES-SZ' AND b.period = '2026-07' AND b.kwh > 600 LIMIT 1"
    ).fetchone()
    assert row is not None
    kwh = row["kwh"]
    assert _tiers(conn, row["account_no"], "2026-07") == [(260, 680), (340, 730), (kwh - 600, 980)]
    expected = (260 * 680 + 5) // 10 + (340 * 730 + 5) // 10 + ((kwh - 600) * 980 + 5) // 10
    assert row["amount_fen"] == expected


def test_guangdong_winter_bounds_are_200_and_400(conn: sqlite3.Connection) -> None:
    row = conn.execute(
        "SELECT b.account_no, b.kwh FROM bills b JOIN accounts a USING (account_no)"
        " WHERE a.tariff_code = 'GD-RES-GZ' AND b.period = '2026-01' AND b.kwh > 200 LIMIT 1"
    ).fetchone()
    assert row is not None
    tiers = _tiers(conn, row["account_no"], "2026-01")
    assert tiers[0] == (200, 590)
    assert tiers[1] == (min(row["kwh"], 400) - 200, 640)


def test_zhejiang_yearly_tiers_follow_the_year_to_date(conn: sqlite3.Connection) -> None:
    # For 2026 every month since January is stored: recompute the split from daily readings.
    accounts = [
        r[0]
        for r in conn.execute(
            "SELECT account_no FROM accounts WHERE tariff_code = 'ZJ-RES' ORDER BY account_no"
        )
    ]
    crossed = 0
    for account_no in accounts:
        used = 0
        for month in range(1, 11):
            period = f"2026-{month:02d}"
            kwh = conn.execute(
                "SELECT kwh FROM bills WHERE account_no = ? AND period = ?", (account_no, period)
            ).fetchone()[0]
            expected = []
            for lo, hi, price in ((0, 2760, 538), (2760, 4800, 588), (4800, 10**9, 838)):
                part = max(0, min(used + kwh, hi) - max(used, lo))
                if part or price == 538:
                    expected.append((part, price))
            assert _tiers(conn, account_no, period) == expected, (account_no, period)
            crossed += len(expected) > 1
            used += kwh
    assert crossed > 0, "no Zhejiang household reached tier 2: the sample proves nothing"


def test_arrears_accounts_have_unpaid_bills_and_late_fees(conn: sqlite3.Connection) -> None:
    kinds_in_arrears = set()
    for acc in conn.execute("SELECT * FROM accounts"):
        unpaid = conn.execute(
            "SELECT amount_fen - paid_fen owed, due_date FROM bills"
            " WHERE account_no = ? AND paid_fen < amount_fen",
            (acc["account_no"],),
        ).fetchall()
        fee = sum(
            u["owed"] * max(0, (SEED_DAY - date.fromisoformat(u["due_date"])).days) // 1000
            for u in unpaid
        )
        assert acc["late_fee_fen"] == fee, acc["account_no"]
        if unpaid:
            kinds_in_arrears.add(acc["kind"])
    assert kinds_in_arrears == {"residential", "commercial", "industrial"}


def test_seed_is_deterministic_and_only_once(seeded_db: Path, tmp_path: Path) -> None:
    other = open_database(tmp_path / "again.sqlite", SEED_DAY)
    try:
        assert seed.seed(other, SEED_DAY) == 0  # already seeded: nothing happens
        other.execute("ATTACH DATABASE ? AS first", (f"file:{seeded_db}?mode=ro",))
        for table in ("accounts", "bills", "bill_lines", "daily_readings", "notices"):
            for a, b in (("main", "first"), ("first", "main")):
                diff = other.execute(
                    f"SELECT COUNT(*) FROM (SELECT * FROM {a}.{table} EXCEPT"
                    f" SELECT * FROM {b}.{table})"
                ).fetchone()[0]
                assert diff == 0, (table, a)
    finally:
        other.close()
