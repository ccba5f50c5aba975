"""Deterministic seed data: realistic accounts, 24 months of bills and daily readings, notices.

Everything comes from one `random.Random(SEED)`; only the calendar depends on `today` (the last
24 full months before it), so two databases seeded on the same day are identical.
"""

from __future__ import annotations

import calendar
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.backoffice.models import AccountKind
from simulators.backoffice import db, prepaid
from simulators.backoffice.codes import luhn_check_digit
from simulators.backoffice.tariffs import TARIFFS, Tariff, bill_lines

SEED = 20240601
MONTHS = 24
LATE_FEE_PER_MILLE_PER_DAY = 1  # 0.1 % of the unpaid amount per day overdue

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鑫宇浩然子涵梓轩"
    "欣怡俊峰志国海燕雪梅晓东佳琪思远嘉怡家豪婷婷雨泽子墨诗涵一鸣"
)

CITIES = {
    # city: (region, account prefix digit, districts, roads, residential tariff)
    "深圳市": (
        "guangdong",
        "1",
        ("福田区", "南山区", "罗湖区", "宝安区", "龙岗区", "龙华区"),
        ("深南大道", "福华路", "科技园南路", "宝安大道", "龙岗大道", "梅林路", "莲花路"),
        "GD-RES-SZ",
    ),
    "广州市": (
        "guangdong",
        "2",
        ("天河区", "越秀区", "海珠区", "番禺区", "白云区", "黄埔区"),
        ("天河路", "中山五路", "江南大道", "番禺大道", "白云大道", "黄埔东路", "环市东路"),
        "GD-RES-GZ",
    ),
    "杭州市": (
        "zhejiang",
        "3",
        ("西湖区", "上城区", "拱墅区", "滨江区", "余杭区", "萧山区"),
        ("文三路", "延安路", "莫干山路", "江南大道", "文一西路", "市心中路", "天目山路"),
        "ZJ-RES",
    ),
    "宁波市": (
        "zhejiang",
        "4",
        ("海曙区", "江北区", "鄞州区", "北仑区", "镇海区"),
        ("中山西路", "人民路", "天童南路", "新碶街道明州路", "骆驼街道", "四明中路"),
        "ZJ-RES",
    ),
}
PROVINCE = {"guangdong": "广东省", "zhejiang": "浙江省"}
KIND_DIGIT = {
    AccountKind.RESIDENTIAL: "0",
    AccountKind.PREPAID: "1",
    AccountKind.COMMERCIAL: "2",
    AccountKind.INDUSTRIAL: "3",
}
# (kind, accounts per city)
PLAN = (
    (AccountKind.RESIDENTIAL, 34),
    (AccountKind.PREPAID, 10),
    (AccountKind.COMMERCIAL, 9),
    (AccountKind.INDUSTRIAL, 7),
)
SHOPS = (
    "便利店",
    "餐饮管理有限公司",
    "超市",
    "酒店管理有限公司",
    "物业管理有限公司",
    "科技有限公司",
    "文化传媒有限公司",
    "药房",
)
FACTORIES = (
    "电子有限公司",
    "精密机械有限公司",
    "塑胶制品有限公司",
    "纺织印染有限公司",
    "五金制品有限公司",
    "新材料股份有限公司",
    "食品有限公司",
)
BRANDS = "华盛鹏达宏远鑫源恒通嘉禾瑞丰立信永安博雅天润金桥东方明珠新港海川"
RETAIL_COMPANIES = {
    "guangdong": ("深圳鹏城售电有限公司", "广州穗能售电有限公司"),
    "zhejiang": ("浙江钱江售电有限公司", "宁波甬能售电有限公司"),
}
ARREARS_SHARE = {
    AccountKind.RESIDENTIAL: 0.2,
    AccountKind.PREPAID: 0.0,
    AccountKind.COMMERCIAL: 0.25,
    AccountKind.INDUSTRIAL: 0.2,
}


@dataclass
class _Account:
    account_no: str
    name: str
    address: str
    kind: AccountKind
    region: str
    city: str
    tariff: Tariff
    balance_fen: int
    retail_company: str | None
    daily_base: float
    peak_share: float
    valley_share: float
    unpaid_bills: int
    partly_paid: bool


def billing_months(today: date) -> list[tuple[int, int]]:
    """The 24 full calendar months before `today`'s month, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return months[::-1]


def _seasonal(region: str, month: int) -> float:
    if region == "guangdong":  # air conditioning, long hot season
        return {6: 1.7, 7: 1.9, 8: 1.9, 9: 1.6, 5: 1.3, 10: 1.3}.get(month, 0.9)
    return {7: 1.8, 8: 1.8, 6: 1.2, 9: 1.2, 12: 1.3, 1: 1.4, 2: 1.2}.get(month, 0.9)


def _person(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _address(rng: random.Random, city: str, business: bool) -> str:
    region, _, districts, roads, _ = CITIES[city]
    street = (
        f"{PROVINCE[region]}{city}{rng.choice(districts)}{rng.choice(roads)}{rng.randint(1, 999)}号"
    )
    if business:
        return street + rng.choice(("", f"{rng.randint(1, 30)}楼", f"{rng.randint(1, 6)}号厂房"))
    return street + f"{rng.randint(1, 30)}栋{rng.randint(1, 33)}{rng.randint(1, 8):02d}房"


def _account_no(rng: random.Random, city: str, kind: AccountKind, used: set[str]) -> str:
    while True:
        body = CITIES[city][1] + KIND_DIGIT[kind] + f"{rng.randrange(10**7):07d}"
        number = body + luhn_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def _make_accounts(rng: random.Random) -> list[_Account]:
    accounts: list[_Account] = []
    used: set[str] = set()
    for city, (region, _, _, _, res_tariff) in CITIES.items():
        prefix = "GD" if region == "guangdong" else "ZJ"
        for kind, count in PLAN:
            for index in range(count):
                business = kind in (AccountKind.COMMERCIAL, AccountKind.INDUSTRIAL)
                if kind is AccountKind.COMMERCIAL:
                    name = city[:-1] + rng.choice(BRANDS) + rng.choice(BRANDS) + rng.choice(SHOPS)
                    tariff = TARIFFS[f"{prefix}-COM-{rng.choice(('FLAT', 'TOU'))}"]
                    base = rng.uniform(40, 400)
                elif kind is AccountKind.INDUSTRIAL:
                    name = (
                        city[:-1] + rng.choice(BRANDS) + rng.choice(BRANDS) + rng.choice(FACTORIES)
                    )
                    tariff = TARIFFS[f"{prefix}-IND-{rng.choice(('FLAT', 'TOU'))}"]
                    base = rng.uniform(800, 12000)
                else:
                    name = _person(rng)
                    tariff = TARIFFS[res_tariff]
                    base = rng.uniform(3.5, 16.0)
                arrears = rng.random() < ARREARS_SHARE[kind]
                if kind is AccountKind.PREPAID:
                    # a few nearly empty meters, the rest with some credit left
                    balance = rng.randint(-2000, 1500) if index < 2 else rng.randint(3000, 60000)
                elif kind is AccountKind.RESIDENTIAL and not arrears and rng.random() < 0.3:
                    balance = rng.randint(1, 40) * 500  # deposit (预存电费)
                else:
                    balance = 0
                retail = None
                if business and index < 2:
                    retail = RETAIL_COMPANIES[region][0 if city in ("深圳市", "杭州市") else 1]
                accounts.append(
                    _Account(
                        account_no=_account_no(rng, city, kind, used),
                        name=name,
                        address=_address(rng, city, business),
                        kind=kind,
                        region=region,
                        city=city,
                        tariff=tariff,
                        balance_fen=balance,
                        retail_company=retail,
                        daily_base=base,
                        peak_share=rng.uniform(0.3, 0.45),
                        valley_share=rng.uniform(0.15, 0.3),
                        unpaid_bills=rng.randint(1, 3) if arrears else 0,
                        partly_paid=arrears and rng.random() < 0.25,
                    )
                )
    return accounts


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _insert_account_history(
    conn: sqlite3.Connection,
    rng: random.Random,
    acc: _Account,
    months: list[tuple[int, int]],
    today: date,
) -> None:
    readings: list[tuple[str, str, int]] = []
    bills: list[tuple[str, str, int, int, int, str]] = []
    lines: list[tuple[str, str, int, str, int, int, int]] = []
    first_year, first_month = months[0]
    # Yearly tiers count from 1 January, so months of the first year before the window are
    # simulated (not stored) to know how much was already used.
    year_to_date = 0
    weekend_factor = {AccountKind.COMMERCIAL: 0.75, AccountKind.INDUSTRIAL: 0.6}.get(acc.kind, 1.1)
    calendar_months = [(first_year, m) for m in range(1, first_month)] + months
    unpaid_from = len(months) - acc.unpaid_bills
    late_fee = 0
    rand = rng.random
    for year, month in calendar_months:
        if month == 1:
            year_to_date = 0
        factor = acc.daily_base * _seasonal(acc.region, month)
        total = 0
        first_weekday = date(year, month, 1).weekday()
        for day in range(1, _month_days(year, month) + 1):
            weekend = (first_weekday + day - 1) % 7 >= 5
            kwh = int(factor * (weekend_factor if weekend else 1.0) * (0.7 + 0.6 * rand()) + 0.5)
            total += kwh
            if (year, month) >= (first_year, first_month):
                readings.append((acc.account_no, f"{year:04d}-{month:02d}-{day:02d}", kwh))
        if (year, month) >= (first_year, first_month):
            period = f"{year:04d}-{month:02d}"
            bill_lines_ = bill_lines(
                acc.tariff, month, total, year_to_date, acc.peak_share, acc.valley_share
            )
            amount = sum(line.amount_fen for line in bill_lines_)
            index = months.index((year, month))
            due = date(year + month // 12, month % 12 + 1, 25)
            paid = amount
            if index >= unpaid_from:
                paid = 0
                if index == unpaid_from and acc.partly_paid:
                    paid = amount * rng.randint(3, 7) // 10
                overdue_days = (today - due).days
                if overdue_days > 0:
                    late_fee += (amount - paid) * overdue_days * LATE_FEE_PER_MILLE_PER_DAY // 1000
            bills.append((acc.account_no, period, total, amount, paid, due.isoformat()))
            lines.extend(
                (acc.account_no, period, n, line.label, line.kwh, line.price_li, line.amount_fen)
                for n, line in enumerate(bill_lines_, start=1)
            )
        year_to_date += total
    conn.executemany("INSERT INTO daily_readings VALUES (?, ?, ?)", readings)
    conn.executemany("INSERT INTO bills VALUES (?, ?, ?, ?, ?, ?)", bills)
    conn.executemany("INSERT INTO bill_lines VALUES (?, ?, ?, ?, ?, ?, ?)", lines)
    conn.execute(
        "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            acc.account_no,
            acc.name,
            acc.address,
            acc.kind.value,
            acc.region,
            acc.city,
            acc.tariff.code,
            acc.tariff.name,
            acc.balance_fen,
            late_fee,
            acc.retail_company,
        ),
    )


def _notices(today: date) -> list[tuple[int, str, str, str, str, str, str | None]]:
    def at(days: int, hour: int) -> str:
        return datetime.combine(today + timedelta(days=days), time(hour)).isoformat() + "+08:00"

    return [
        (
            1,
            "计划停电通知：福田区福华路片区",
            "Planned outage: Fuhua Road area, Futian",
            "因线路检修，福田区福华路片区将于明日 08:00-17:00 停电，请提前做好准备。",
            "Because of line maintenance, the Fuhua Road area of Futian will be without power "
            "tomorrow from 08:00 to 17:00. Please prepare in advance.",
            at(1, 8),
            at(1, 17),
        ),
        (
            2,
            "计划停电通知：西湖区文三路沿线",
            "Planned outage: along Wensan Road, Xihu",
            "配合市政施工，西湖区文三路沿线部分小区将于后天 09:00-15:00 停电。",
            "Because of road works, some residential areas along Wensan Road, Xihu, will be "
            "without power the day after tomorrow from 09:00 to 15:00.",
            at(2, 9),
            at(2, 15),
        ),
        (
            3,
            "故障抢修：宝安区新安街道",
            "Repair under way: Xin'an, Bao'an",
            "新安街道部分区域因设备故障停电，抢修人员已到场，预计 2 小时内恢复供电。",
            "Part of Xin'an Subdistrict is without power because of an equipment fault. Repair "
            "crews are on site; power should be back within 2 hours.",
            at(0, 7),
            at(0, 12),
        ),
        (
            4,
            "24 小时自助缴费服务",
            "24-hour self-service payment",
            "本厅自助终端 24 小时提供电费缴纳、预付费购电与票据打印服务。",
            "The self-service terminals in this hall offer bill payment, prepaid top-up and "
            "receipt printing around the clock.",
            at(-30, 0),
            None,
        ),
        (
            5,
            "夏季用电高峰提示",
            "Summer peak demand",
            "用电高峰期间请合理设置空调温度（建议不低于 26 °C），错峰使用大功率电器。",
            "During peak hours, please set air conditioners to 26 °C or above and run heavy "
            "appliances off-peak.",
            at(-10, 0),
            at(60, 0),
        ),
    ]


def seed(conn: sqlite3.Connection, today: date) -> int:
    """Fill an empty database; returns the number of accounts. Idempotent: does nothing (and
    returns 0) if the database is already seeded."""
    if db.get_meta(conn, "seeded_on") is not None:
        # A database seeded before prepaid meters existed gains them on its next start.
        with db.transaction(conn):
            prepaid.seed_meters(conn)
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (db.SCHEMA_VERSION,)
            )
        return 0
    rng = random.Random(SEED)
    accounts = _make_accounts(rng)
    months = billing_months(today)
    with db.transaction(conn):
        for acc in accounts:
            _insert_account_history(conn, rng, acc, months, today)
        conn.executemany("INSERT INTO notices VALUES (?, ?, ?, ?, ?, ?, ?)", _notices(today))
        prepaid.seed_meters(conn)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("seeded_on", today.isoformat()),
                ("seed", str(SEED)),
                ("schema_version", db.SCHEMA_VERSION),
            ],
        )
    return len(accounts)
