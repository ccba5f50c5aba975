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
# The one translator of the application: kept here so that the next switch can remove it.
_installed: QTranslator | None = None


def translation_file(language: Language) -> str:
    """Path of the compiled catalogue (.qm) of `language`."""
    return str(I18N_DIR / f"kiosk_{language.value}.qm")


def install_language(language: Language) -> bool:
    """Make `language` the language of every screen. Returns False (and keeps the English source
    texts) when its .qm has not been built: run `python -m scripts.build_translations`."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    translator = QTranslator(app)
    loaded = translator.load(translation_file(language))
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
    if not loaded:
        # The screens fall back to their English source texts rather than failing the session.
        _log.warning("no compiled translations for %s; showing English", language.value)
        return False
    QCoreApplication.installTranslator(translator)
    _installed = translator
    return True
