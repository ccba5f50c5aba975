"""Staff texts: every StaffMessage, ReviewAdvice, Action, Role, device value and self-test kind
has its own words in both languages, and no placeholder is lost in translation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.backoffice.fleet_models import DifferenceKind
from kiosk.devices.status import (
    ChipPower,
    CoverStatus,
    DeviceState,
    DoorStatus,
    MediaStatus,
    PaperStatus,
    ScannerStatus,
    SwitchPosition,
)
from kiosk.flows.ports import Language
from kiosk.journal import TxState
from kiosk.maintenance.ports import JournalFilter, ReviewAdvice, StaffMessage
from kiosk.maintenance.roles import Action, Role
from screens.i18n import I18N_DIR, install_language
from screens.staff_texts import (
    action_text,
    device_class_name,
    device_state_name,
    difference_kind_name,
    journal_filter_name,
    review_advice_text,
    role_name,
    self_test_instruction,
    staff_message_text,
    status_field_name,
    status_value_name,
    tx_state_name,
)

PARAMS = {
    "device": "printer",
    "detail": "D",
    "attempts_left": "2",
    "until": "10:05",
    "state": "online",
    "reference": "2603",
    "report_id": "R1",
    "folder": "/media/usb",
    "files": "3",
    "test": "print",
    "action": "reset_device",
}
SELF_TEST_KINDS = ("print", "scan", "card_read", "echo", "sensors", "none")
STATUS_VALUES = {
    v.value
    for enum in (PaperStatus, CoverStatus, ScannerStatus, MediaStatus, ChipPower, DoorStatus)
    for v in enum
} | {v.value for v in SwitchPosition}


@pytest.fixture
def both(qapp: QApplication) -> Iterator[Callable[[Callable[[], str]], tuple[str, str]]]:
    def render(make: Callable[[], str]) -> tuple[str, str]:
        install_language(Language.EN)
        english = make()
        install_language(Language.ZH_CN)
        return english, make()

    yield render
    install_language(Language.ZH_CN)


def is_chinese(text: str) -> bool:
    return any(0x4E00 <= ord(c) <= 0x9FFF for c in text)


@pytest.mark.parametrize("message", list(StaffMessage))
def test_every_staff_message_in_both_languages(
    both: Callable[[Callable[[], str]], tuple[str, str]], message: StaffMessage
) -> None:
    english, chinese = both(lambda: staff_message_text(message, PARAMS).joined())
    assert not is_chinese(english) and is_chinese(chinese), message
    assert "{" not in english + chinese, f"{message}: a placeholder was not filled"


def test_every_enumerated_value_has_words_of_its_own(
    both: Callable[[Callable[[], str]], tuple[str, str]],
) -> None:
    makers: list[Callable[[], str]] = []
    makers += [partial(review_advice_text, a) for a in ReviewAdvice]
    makers += [partial(action_text, a) for a in Action]
    makers += [partial(role_name, r) for r in Role]
    makers += [partial(journal_filter_name, f) for f in JournalFilter]
    makers += [partial(difference_kind_name, k) for k in DifferenceKind]
    makers += [partial(device_state_name, s.value) for s in DeviceState]
    makers += [partial(tx_state_name, s.value) for s in TxState]
    makers += [partial(status_value_name, v) for v in sorted(STATUS_VALUES)]
    makers += [partial(self_test_instruction, k) for k in SELF_TEST_KINDS]
    classes = ("printer", "scanner", "payment_module", "card_reader", "sensors")
    makers += [partial(device_class_name, c) for c in classes]
    fields = ("paper", "cover", "scanner", "media", "chip_power", "door", "operator_switch")
    makers += [partial(status_field_name, f) for f in fields]
    for make in makers:
        english, chinese = both(make)
        assert english and not is_chinese(english)
        assert is_chinese(chinese), f"{english!r} is not translated"


def test_unknown_values_are_shown_as_they_are(qapp: QApplication) -> None:
    assert device_state_name("exploded") == "exploded"
    assert status_value_name("purple") == "purple"
    assert self_test_instruction("camera") == "camera"


@pytest.mark.parametrize("catalogue", ["kiosk_zh_CN.ts", "kiosk_en.ts"])
def test_no_placeholder_is_lost_in_translation(catalogue: str) -> None:
    root = ET.parse(I18N_DIR / catalogue).getroot()
    for message in root.findall("./context/message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        expected = set(re.findall(r"\{\w+\}", source))
        assert expected == set(re.findall(r"\{\w+\}", translation)), source
