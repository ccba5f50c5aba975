"""Money is integer fen (分) everywhere; these helpers turn it into text and back. Never a float."""

from __future__ import annotations

import re

_YUAN = re.compile(r"^(\d{1,9})(?:\.(\d{1,2}))?$")


def format_yuan(fen: int, symbol: str = "¥") -> str:
    """`12345` → `¥123.45`; negative amounts keep their sign before the symbol."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{symbol}{fen // 100:,}.{fen % 100:02d}"


def parse_yuan(text: str) -> int:
    """`"123.4"` → `12340` fen. Raises ValueError on anything that is not a plain amount."""
    match = _YUAN.match(text.strip())
    if not match:
        raise ValueError(f"not an amount in yuan: {text!r}")
    whole, frac = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(frac)
