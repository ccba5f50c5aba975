"""Numbers the back office issues or recognises: account numbers, paper-bill codes, payment codes.

Written independently of the terminal's own checks (kiosk/accounts.py) so that the two cannot
agree on the same mistake; tests compare both against fixed examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.backoffice.models import Provider

_ACCOUNT = re.compile(r"^\d{10}$")
_BARCODE = re.compile(r"^(\d{10})(\d{4})(\d{2})(\d{2})$")
_QR = re.compile(r"^EBILL:(\d{10}):(\d{4})(\d{2}):(\d{2})$")
_WECHAT = re.compile(r"^1[0-5]\d{16}$")
_ALIPAY = re.compile(r"^(?:2[5-9]|30)\d{14,22}$")


def luhn_check_digit(digits: str) -> str:
    """The Luhn check digit to append to `digits` (rightmost payload digit is doubled)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_valid_account_no(account_no: str) -> bool:
    """Ten ASCII digits whose last one is the Luhn check digit of the first nine."""
    return bool(_ACCOUNT.match(account_no)) and luhn_check_digit(account_no[:9]) == account_no[9]


def bill_check(account_no: str, yyyymm: str) -> str:
    """Two-digit check of a paper bill: the sum of the 16 payload digits, mod 97."""
    return f"{sum(int(c) for c in account_no + yyyymm) % 97:02d}"


def bill_barcode(account_no: str, period: str) -> str:
    """The 18-digit 1D barcode printed on a paper bill for `period` (YYYY-MM)."""
    yyyymm = period.replace("-", "")
    return account_no + yyyymm + bill_check(account_no, yyyymm)


def bill_qr_text(account_no: str, period: str) -> str:
    """The text of the QR code printed on a paper bill."""
    yyyymm = period.replace("-", "")
    return f"EBILL:{account_no}:{yyyymm}:{bill_check(account_no, yyyymm)}"


@dataclass(frozen=True)
class BillCode:
    """A paper-bill code that is well formed and whose check is right."""

    account_no: str
    period: str  # YYYY-MM


def parse_bill_code(code: str) -> BillCode | None:
    """Decode a barcode or QR text; None if it is not one of our bill codes."""
    code = code.strip()
    match = _BARCODE.match(code) or _QR.match(code)
    if not match:
        return None
    account_no, year, month, check = match.groups()
    if not 1 <= int(month) <= 12 or bill_check(account_no, year + month) != check:
        return None
    return BillCode(account_no, f"{year}-{month}")


def code_matches_provider(auth_code: str, provider: Provider) -> bool:
    """WeChat: 18 digits starting 10-15; Alipay: 16-24 digits starting 25-30."""
    pattern = _WECHAT if provider is Provider.WECHAT else _ALIPAY
    return bool(pattern.match(auth_code))
