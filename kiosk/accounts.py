"""Account numbers, masking of personal data for the screen, and payment-code recognition.

Pure functions, no I/O: the flows call them before anything leaves the terminal, so that a typo or
a wrong code is explained at once instead of costing a round trip to the back office.
"""

from __future__ import annotations

import hashlib
import re

from kiosk.backoffice.models import Provider

ACCOUNT_DIGITS = 10
REFERENCE_DIGITS = 12

_DIGITS = re.compile(r"^[0-9]+$")

# Two-character surnames, so that 欧阳娜娜 masks as 欧阳** rather than 欧***.
_PAIRS = (
    "欧阳司马诸葛上官东方皇甫尉迟公孙慕容长孙宇文司徒令狐夏侯轩辕端木"
    "独孤南宫西门呼延万俟闻人澹台公冶宗政濮阳太叔申屠钟离百里东郭拓跋"
)
_COMPOUND_SURNAMES = frozenset(_PAIRS[i : i + 2] for i in range(0, len(_PAIRS), 2))

# Where an address stops being coarse (district, county, town) and starts naming a home.
_ADDRESS_AREA_END = re.compile(r"^.{2,12}?(?:区|县|旗|镇|乡|街道)")
_ADDRESS_KEEP = 6


def luhn_check_digit(payload: str) -> int:
    """The Luhn check digit that makes `payload` + digit pass the Luhn test."""
    if not _DIGITS.match(payload):
        raise ValueError("payload must be digits")
    total = 0
    # The check digit will sit at position 1 from the right, so the payload's last digit doubles.
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid_account_no(text: str) -> bool:
    """True for 10 digits whose 10th is the Luhn check digit of the first 9."""
    if len(text) != ACCOUNT_DIGITS or not _DIGITS.match(text):
        return False
    return luhn_check_digit(text[:-1]) == int(text[-1])


def mask_account_no(account_no: str) -> str:
    """`0123456789` → `012****789`: enough for the customer to recognise it on paper."""
    if len(account_no) <= 6:
        return "*" * len(account_no)
    return account_no[:3] + "*" * (len(account_no) - 6) + account_no[-3:]


def _is_latin(name: str) -> bool:
    return all(ord(char) < 0x250 for char in name)


def mask_name(name: str) -> str:
    """Mask a customer's name: 张三 → 张*, 张小明 → 张*明, 欧阳娜娜 → 欧阳**, John Smith → J***.

    Organisation names (long) keep their first two and last two characters, so a company can
    still tell its accounts apart.
    """
    name = name.strip()
    if not name:
        return ""
    if _is_latin(name):
        return name[0] + "***"
    if len(name) == 1:
        return "*"
    if len(name) >= 6:
        return name[:2] + "****" + name[-2:]
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2] + "*" * (len(name) - 2)
    if len(name) == 2:
        return name[0] + "*"
    if len(name) == 3:
        return name[0] + "*" + name[-1]
    return name[0] + "*" * (len(name) - 1)


def mask_address(address: str) -> str:
    """Keep the coarse part of an address (up to the district, or the first 6 characters) + ****."""
    address = address.strip()
    if not address:
        return ""
    match = _ADDRESS_AREA_END.match(address)
    kept = match.group(0) if match else address[:_ADDRESS_KEEP]
    if len(kept) >= len(address):
        kept = address[: max(1, min(_ADDRESS_KEEP, len(address) // 2))]
    return kept + "****"


def detect_provider(code: str) -> Provider | None:
    """Which provider issued a payment code (付款码), from its length and prefix; None if neither.

    WeChat: 18 digits, prefix 10-15. Alipay: 16-24 digits, prefix 25-30 (PROTOCOLS.md).
    """
    code = code.strip()
    if not _DIGITS.match(code):
        return None
    prefix = int(code[:2]) if len(code) >= 2 else -1
    if len(code) == 18 and 10 <= prefix <= 15:
        return Provider.WECHAT
    if 16 <= len(code) <= 24 and 25 <= prefix <= 30:
        return Provider.ALIPAY
    return None


def reference_for(idempotency_key: str) -> str:
    """A 12-digit customer-facing reference derived from the idempotency key.

    11 digits of a hash of the key plus a Luhn check digit, so the reprint screen can reject a
    mistyped reference without searching. Uniqueness is enforced by the journal, which makes a new
    key in the rare case of a clash.
    """
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).digest()
    body = str(int.from_bytes(digest[:8], "big") % 10 ** (REFERENCE_DIGITS - 1)).zfill(
        REFERENCE_DIGITS - 1
    )
    return body + str(luhn_check_digit(body))


def is_well_formed_reference(text: str) -> bool:
    """True if `text` has the shape of a reference (12 digits, good check digit)."""
    text = text.strip()
    if len(text) != REFERENCE_DIGITS or not _DIGITS.match(text):
        return False
    return luhn_check_digit(text[:-1]) == int(text[-1])
