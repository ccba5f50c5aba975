"""Account numbers, masking and payment-code recognition (kiosk/accounts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.accounts import (
    detect_provider,
    is_valid_account_no,
    is_well_formed_reference,
    luhn_check_digit,
    mask_account_no,
    mask_address,
    mask_name,
    reference_for,
)
from kiosk.backoffice.models import Provider


def test_luhn_check_digit_matches_the_classic_example() -> None:
    # 7992739871 + 3 is the textbook Luhn number.
    assert luhn_check_digit("7992739871") == 3
    assert luhn_check_digit("123456789") == 7


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("1234567897", True),
        ("1234567890", False),  # wrong check digit
        ("123456789", False),  # 9 digits
        ("12345678977", False),  # 11 digits
        ("12345678a7", False),
        ("", False),
        ("１２３４５６７８９７", False),  # full-width digits are not typed on our keypad
    ],
)
def test_account_number_validation(text: str, valid: bool) -> None:
    assert is_valid_account_no(text) is valid


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_exactly_one_check_digit_is_valid(payload: str, last: int) -> None:
    assert is_valid_account_no(payload + str(last)) is (last == luhn_check_digit(payload))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8))
def test_a_single_digit_typo_is_caught(payload: str, position: int) -> None:
    number = payload + str(luhn_check_digit(payload))
    wrong = str((int(number[position]) + 1) % 10)
    typo = number[:position] + wrong + number[position + 1 :]
    assert not is_valid_account_no(typo)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小明", "张*明"),
        ("欧阳娜娜", "欧阳**"),
        ("司马相如", "司马**"),
        ("王", "*"),
        ("John Smith", "J***"),
        ("深圳市福田区华强电子有限公司", "深圳****公司"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_address_keeps_the_district_only() -> None:
    assert mask_address("广东省深圳市福田区福华三路88号3栋1201") == "广东省深圳市福田区****"
    assert mask_address("深圳福华三路88号") == "深圳福华三路****"
    assert "88" not in mask_address("某某路88号")


def test_mask_account_no_hides_the_middle() -> None:
    assert mask_account_no("1234567897") == "123****897"


@pytest.mark.parametrize(
    ("code", "provider"),
    [
        ("134567890123456789", Provider.WECHAT),
        ("104567890123456789", Provider.WECHAT),
        ("154567890123456789", Provider.WECHAT),
        ("164567890123456789", None),  # 18 digits but prefix 16
        ("13456789012345678", None),  # 17 digits, WeChat prefix
        ("2812345678901234", Provider.ALIPAY),  # 16 digits
        ("251234567890123456789012", Provider.ALIPAY),  # 24 digits
        ("301234567890123456", Provider.ALIPAY),  # 18 digits, Alipay prefix
        ("3112345678901234", None),
        ("2512345678901234567890123", None),  # 25 digits
        ("BILL-2026-10-1234567897", None),
        ("1234567897", None),
        ("", None),
    ],
)
def test_detect_provider(code: str, provider: Provider | None) -> None:
    assert detect_provider(code) == provider


def test_reference_is_short_digits_with_a_check_digit_and_deterministic() -> None:
    key = "SZ-FT-0001-SP01-20261123020000-a1b2c3d4e5"
    reference = reference_for(key)
    assert reference == reference_for(key)
    assert len(reference) == 12 and reference.isdigit()
    assert is_well_formed_reference(reference)
    mistyped = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert not is_well_formed_reference(mistyped)
    assert reference_for(key + "x") != reference
