"""Switching the screens' language at run time through Qt's translation system.

Installing a translator makes Qt send `QEvent.LanguageChange` to every widget; each screen answers
with its `retranslate()` (screens/base.py), so nothing has to be rebuilt.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.flows.ports import Language
from screens.theme import RESOURCES

I18N_DIR = RESOURCES / "i18n"
_log = logging.getLogger(__name__)
# One translator per language, loaded once and kept for the life of the application: a kiosk
# switches language on every session, and a new QTranslator each time (owned by the app, so never
# freed) grew the process by the size of a catalogue per switch.
_translators: dict[Language, QTranslator] = {}
_installed: Language | None = None


def translation_file(language: Language) -> str:
    """Path of the compiled catalogue (.qm) of `language`."""
    return str(I18N_DIR / f"kiosk_{language.value}.qm")


def _translator(app: QCoreApplication, language: Language) -> QTranslator | None:
    if language not in _translators:
        translator = QTranslator(app)
        if not translator.load(translation_file(language)):
            # The screens fall back to their English source texts rather than failing.
            _log.warning("no compiled translations for %s; showing English", language.value)
            translator.deleteLater()
            return None
        _translators[language] = translator
    return _translators[language]


def install_language(language: Language) -> bool:
    """Make `language` the language of every screen. Returns False (and keeps the English source
    texts) when its .qm has not been built: run `python -m scripts.build_translations`.

    Switching to the language already installed changes nothing (no LanguageChange storm)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    if _installed == language:
        return True
    translator = _translator(app, language)
    if _installed is not None:
        QCoreApplication.removeTranslator(_translators[_installed])
        _installed = None
    if translator is None:
        return False
    QCoreApplication.installTranslator(translator)
    _installed = language
    return True
