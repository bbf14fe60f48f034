"""Every modal question and OS hand-off goes through these functions, so tests can replace them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from core.settings import Settings

# Qt's dialog classes are imported where a dialog opens: this module loads before the window's first paint,
# and naming QMessageBox, QFileDialog or QUrl builds their enum types (issue 19, benchmarks/startup.py).

INPUT_FILTER = "표 파일 (*.xlsx *.xlsm *.xls *.csv *.txt);;모든 파일 (*)"
EXCEL_FILTER = "엑셀 통합 문서 (*.xlsx)"


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("예", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("아니오", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("확인", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("확인", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def save_settings(parent: QWidget | None, settings: Settings) -> bool:
    """Write settings.toml; a folder that refuses it is said in Korean (with the path) and nothing closes."""
    from core.paths import os_reason

    try:
        settings.save()
    except OSError as exc:
        warn(parent, "저장하지 못했습니다", f"설정 파일을 저장하지 못했습니다({os_reason(exc)}).\n{settings.path}")
        return False
    return True


def open_file(parent: QWidget | None, title: str, start: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, start, INPUT_FILTER)
    return path or None


def open_documents(parent: QWidget | None, title: str, start: str, formats: tuple[str, ...], many: bool) -> list[str]:
    """Document files of the given suffixes (``.md``, ``.hwpx`` …); several at once when *many*."""
    from PySide6.QtWidgets import QFileDialog

    patterns = " ".join(f"*{suffix}" for suffix in formats)
    wanted = f"문서 ({patterns});;모든 파일 (*)"
    if many:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, start, wanted)
        return list(paths)
    path, _ = QFileDialog.getOpenFileName(parent, title, start, wanted)
    return [path] if path else []


def save_file(parent: QWidget | None, title: str, suggested: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, EXCEL_FILTER)
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path or None


def choose_dir(parent: QWidget | None, title: str, start: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start) or None


def open_path(path: str | Path) -> bool:
    """Open a file or folder with the program the OS associates with it (Excel for .xlsx)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
