"""Qt's own words in Korean: the buttons of message boxes, file dialogs and context menus.

Without this, a QMessageBox says "Yes"/"Cancel" and a file dialog "Look in:" to a clerk who reads
Korean. PySide6 ships Qt's Korean catalogue (``qtbase_ko.qm``) in its translations folder, and a
frozen build keeps that folder, so nothing of ours needs translating.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATOR_NAME = "haengbotQtKorean"
KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_korean(app: QCoreApplication) -> bool:
    """Load ``qtbase_ko`` once per application. False (and English buttons) when the catalogue is missing."""
    if app.findChild(QTranslator, TRANSLATOR_NAME) is not None:
        return True
    translator = QTranslator(app)  # a child of the app: it lives as long as the app does
    translator.setObjectName(TRANSLATOR_NAME)
    if not translator.load(KOREAN, "qtbase", "_", qt_translations_dir()):
        translator.deleteLater()
        return False
    return app.installTranslator(translator)
