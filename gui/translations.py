"""Qt's own words in Korean: the buttons of message boxes, file dialogs and context menus.

Without this, a QMessageBox says "Yes"/"Cancel" and a file dialog "Look in:" to a clerk who reads
Korean. PySide6 ships Qt's Korean catalogue (``qtbase_ko.qm``) in its translations folder, and a
frozen build keeps that folder, so nothing of ours needs translating.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATOR_NAME = "haengbotQtKorean"
KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


def qt_translations_dirs() -> list[str]:
    """Where Qt says its catalogues are, then PySide6's own folder (a frozen build may not set Qt's prefix)."""
    import PySide6

    return [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).parent / "Qt" / "translations"),
    ]


def install_korean(app: QCoreApplication) -> bool:
    """Load ``qtbase_ko`` once per application. False (and English buttons) when the catalogue is missing."""
    if app.findChild(QTranslator, TRANSLATOR_NAME) is not None:
        return True
    translator = QTranslator(app)  # a child of the app: it lives as long as the app does
    translator.setObjectName(TRANSLATOR_NAME)
    for folder in qt_translations_dirs():
        if translator.load(KOREAN, "qtbase", "_", folder):
            return app.installTranslator(translator)
    translator.deleteLater()
    return False
