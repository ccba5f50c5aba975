"""Texts: every Message explained in both languages, complete catalogues, language switching."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.backoffice.models import AccountKind, Provider
from kiosk.flows.ports import Language, Message, Stage
from screens.i18n import I18N_DIR, install_language
from screens.main_window import MainWindow
from screens.messages import account_kind_name, message_text, provider_name, stage_text
from screens.ui_port import QtCustomerUI

SCREENS_DIR = Path(__file__).resolve().parents[2] / "screens"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(Language.EN)
    yield
    install_language(Language.ZH_CN)


@pytest.fixture
def chinese(qapp: QApplication) -> None:
    install_language(Language.ZH_CN)


@pytest.mark.parametrize("message", list(Message))
def test_every_message_says_what_happened_and_what_next_in_both_languages(
    qapp: QApplication, message: Message
) -> None:
    install_language(Language.EN)
    english = message_text(message, {"reference": "2603", "reason": "R", "min": "1000", "max": "9"})
    install_language(Language.ZH_CN)
    chinese = message_text(message, {"reference": "2603", "reason": "R", "min": "1000", "max": "9"})
    assert english.title and english.next_step
    assert english.title != "Something went wrong", f"{message} has no text of its own"
    assert chinese.title != english.title and chinese.next_step != english.next_step
    assert all(ord(c) < 0x2E80 for c in english.title + english.next_step), "Chinese in English"
    assert any(0x4E00 <= ord(c) <= 0x9FFF for c in chinese.title), "title not translated"


def test_message_parameters_are_shown_as_money_and_provider_names(english: None) -> None:
    text = message_text(Message.AMOUNT_OUT_OF_RANGE, {"min": "1000", "max": "500000"})
    assert text.title == "The amount must be between ¥10.00 and ¥5,000.00"
    wrong = message_text(Message.CODE_WRONG_PROVIDER, {"expected": "wechat", "scanned": "alipay"})
    assert wrong.title == "You chose WeChat Pay, but this code is from Alipay"


def test_a_missing_parameter_shows_a_dash_not_a_crash(english: None) -> None:
    assert message_text(Message.RECEIPT_FAILED, {}).next_step.endswith("reference —.")


def test_chinese_punctuation_when_joined(chinese: None) -> None:
    joined = message_text(Message.CODE_EXPIRED).joined()
    assert joined == "付款码已过期。请在应用中刷新付款码后重新出示。"


def test_names_of_providers_kinds_and_stages_in_chinese(chinese: None) -> None:
    assert provider_name(Provider.WECHAT) == "微信支付"
    assert provider_name(Provider.ALIPAY) == "支付宝"
    assert account_kind_name(AccountKind.PREPAID) == "预付费用电"
    assert stage_text(Stage.CONFIRM_ON_PHONE).title == "请在手机上确认支付"


@pytest.mark.parametrize("catalogue", ["kiosk_zh_CN.ts", "kiosk_en.ts"])
def test_catalogues_are_complete(catalogue: str) -> None:
    root = ET.parse(I18N_DIR / catalogue).getroot()
    messages = root.findall("./context/message")
    assert len(messages) > 100
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, source
        assert translation.text, f"{source!r} has no translation in {catalogue}"
        for placeholder in ("{reference}", "{seconds}", "{provider}", "{amount}", "{min}"):
            if placeholder in (source or ""):
                assert placeholder in translation.text, f"{placeholder} lost in {source!r}"


def test_every_source_string_is_in_the_catalogue() -> None:
    """A string added to a screen but not run through lupdate would stay English forever."""
    root = ET.parse(I18N_DIR / "kiosk_zh_CN.ts").getroot()
    known = {
        (ctx.findtext("name"), m.findtext("source"))
        for ctx in root.findall("context")
        for m in ctx.findall("message")
    }
    found: set[tuple[object, object]] = set()
    for path in SCREENS_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
                    arg = call.args[0]
                    if isinstance(arg, ast.Constant):
                        found.add((cls.name, arg.value))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "translate" and len(call.args) > 1:
                ctx_arg, text_arg = call.args[0], call.args[1]
                if isinstance(ctx_arg, ast.Constant) and isinstance(text_arg, ast.Constant):
                    found.add((ctx_arg.value, text_arg.value))
    assert len(found) > 100
    assert found - known == set()


def test_language_switch_relabels_visible_texts(qtbot: QtBot, ui: QtCustomerUI) -> None:
    window = ui._window  # the window the fixture built
    assert window.idle.start.text() == "点击屏幕开始"
    assert window.footer.back_button.text().endswith("返回")
    ui.set_language(Language.EN)
    assert window.idle.start.text() == "Touch to start"
    assert window.footer.back_button.text().endswith("Back")
    assert window.identify.keypad.ok_key.text() == "Continue"
    assert ui.language is Language.EN
    ui.set_language(Language.ZH_CN)
    assert window.idle.start.text() == "点击屏幕开始"
    assert window.identify.keypad.ok_key.text() == "继续"


def test_qt_language_change_events_alone_relabel_a_screen(qtbot: QtBot, window: MainWindow) -> None:
    """Screens also follow Qt's own LanguageChange (e.g. a translator installed elsewhere)."""
    install_language(Language.EN)
    qtbot.waitUntil(lambda: window.idle.start.text() == "Touch to start", timeout=2000)
    install_language(Language.ZH_CN)
    qtbot.waitUntil(lambda: window.idle.start.text() == "点击屏幕开始", timeout=2000)
