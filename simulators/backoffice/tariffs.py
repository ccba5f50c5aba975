"""Electricity tariffs of the two seeded regions, and the bill arithmetic.

Prices are integer li (1/1000 yuan) per kWh, amounts integer fen. A line's amount is
kWh x price rounded half up to the fen; a bill is the sum of its lines, so the tier breakdown
always adds up to the bill.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Guangdong: monthly tiers, wider in the hot season (May-Oct).
GD_SUMMER_BOUNDS = (260, 600)
GD_OTHER_BOUNDS = (200, 400)
# Zhejiang: yearly tiers on the consumption since 1 January.
ZJ_YEAR_BOUNDS = (2760, 4800)
TIER2_EXTRA_LI = 50  # tier 2 = tier 1 + 0.05 yuan
TIER3_EXTRA_LI = 300  # tier 3 = tier 1 + 0.30 yuan


class Scheme(StrEnum):
    """How a tariff turns kWh into money."""

    GD_MONTHLY_TIERS = "gd_monthly_tiers"
    ZJ_YEARLY_TIERS = "zj_yearly_tiers"
    FLAT = "flat"
    TIME_OF_USE = "time_of_use"


@dataclass(frozen=True)
class Tariff:
    """One price list. `prices_li` is (tier 1) for tiered schemes, (flat) for flat, and
    (peak, flat, valley) for time of use."""

    code: str
    name: str
    scheme: Scheme
    prices_li: tuple[int, ...]


@dataclass(frozen=True)
class Line:
    """One line of a bill: a tier (label tier1..tier3), a time band (peak/flat/valley) or flat."""

    label: str
    kwh: int
    price_li: int

    @property
    def amount_fen(self) -> int:
        """kWh x li is in 1/1000 yuan; round half up to the fen."""
        return (self.kwh * self.price_li + 5) // 10


TARIFFS: dict[str, Tariff] = {
    t.code: t
    for t in (
        Tariff("GD-RES-SZ", "广东居民生活用电阶梯电价（深圳）", Scheme.GD_MONTHLY_TIERS, (680,)),
        Tariff("GD-RES-GZ", "广东居民生活用电阶梯电价（广州）", Scheme.GD_MONTHLY_TIERS, (590,)),
        Tariff("ZJ-RES", "浙江居民生活用电年阶梯电价", Scheme.ZJ_YEARLY_TIERS, (538,)),
        Tariff("GD-COM-FLAT", "广东一般工商业单一制电价", Scheme.FLAT, (820,)),
        Tariff("ZJ-COM-FLAT", "浙江一般工商业单一制电价", Scheme.FLAT, (765,)),
        Tariff("GD-COM-TOU", "广东一般工商业峰谷分时电价", Scheme.TIME_OF_USE, (1180, 700, 280)),
        Tariff("ZJ-COM-TOU", "浙江一般工商业峰谷分时电价", Scheme.TIME_OF_USE, (1050, 680, 330)),
        Tariff("GD-IND-FLAT", "广东大工业单一制电价", Scheme.FLAT, (720,)),
        Tariff("ZJ-IND-FLAT", "浙江大工业单一制电价", Scheme.FLAT, (700,)),
        Tariff("GD-IND-TOU", "广东大工业峰谷分时电价", Scheme.TIME_OF_USE, (1090, 650, 260)),
        Tariff("ZJ-IND-TOU", "浙江大工业峰谷分时电价", Scheme.TIME_OF_USE, (990, 640, 310)),
    )
}


def gd_bounds(month: int) -> tuple[int, int]:
    """Guangdong's monthly tier bounds for a calendar month."""
    return GD_SUMMER_BOUNDS if 5 <= month <= 10 else GD_OTHER_BOUNDS


def tier_lines(kwh: int, bounds: tuple[int, int], tier1_li: int, already: int = 0) -> list[Line]:
    """Split `kwh` over three tiers whose upper bounds are `bounds`, counting `already` kWh
    used earlier in the same tier period (the year, for yearly tiers)."""
    edges = (bounds[0], bounds[1], None)
    prices = (tier1_li, tier1_li + TIER2_EXTRA_LI, tier1_li + TIER3_EXTRA_LI)
    lines: list[Line] = []
    start, end = already, already + kwh
    lower = 0
    for tier, (upper, price) in enumerate(zip(edges, prices, strict=True), start=1):
        top = end if upper is None else min(end, upper)
        used = max(0, top - max(start, lower))
        if used or tier == 1:
            lines.append(Line(f"tier{tier}", used, price))
        if upper is not None:
            lower = upper
    return lines


def bill_lines(
    tariff: Tariff,
    month: int,
    kwh: int,
    year_to_date: int = 0,
    peak_share: float = 0.4,
    valley_share: float = 0.25,
) -> list[Line]:
    """The lines of one monthly bill under `tariff`."""
    if tariff.scheme is Scheme.GD_MONTHLY_TIERS:
        return tier_lines(kwh, gd_bounds(month), tariff.prices_li[0])
    if tariff.scheme is Scheme.ZJ_YEARLY_TIERS:
        return tier_lines(kwh, ZJ_YEAR_BOUNDS, tariff.prices_li[0], year_to_date)
    if tariff.scheme is Scheme.FLAT:
        return [Line("flat", kwh, tariff.prices_li[0])]
    peak = int(kwh * peak_share)
    valley = int(kwh * valley_share)
    peak_li, flat_li, valley_li = tariff.prices_li
    return [
        Line("peak", peak, peak_li),
        Line("shoulder", kwh - peak - valley, flat_li),
        Line("valley", valley, valley_li),
    ]
