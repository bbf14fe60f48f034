"""Shared steps for GUI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from gui.wizard.wizard import TaskWizard
from tasks import registry

WAIT_MS = 60_000


def open_window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(registry())
    qtbot.addWidget(window)
    window.show()
    return window


def open_wizard(qtbot, window: MainWindow, task_id: str = "overtime-pay") -> TaskWizard:  # type: ignore[no-untyped-def]
    card = next(c for c in window.launcher.cards if c.task.id == task_id)
    qtbot.mouseClick(card.button, Qt.MouseButton.LeftButton)
    assert window.wizard is not None
    return window.wizard


def click_next(qtbot, wizard: TaskWizard) -> None:  # type: ignore[no-untyped-def]
    assert wizard.next_button.isEnabled(), f"다음 disabled on {wizard.page.step}"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def set_input(qtbot, wizard: TaskWizard, name: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = wizard.inputs.panels[name]
    panel.set_path(path)
    # The preview read, and the mapping's combo boxes made (a few per turn of the event loop).
    qtbot.waitUntil(lambda: not panel.runner.busy() and not panel.building(), timeout=WAIT_MS)


def to_check_page(qtbot, wizard: TaskWizard) -> None:  # type: ignore[no-untyped-def]
    """From the 입력 파일 page (inputs set) through 설정 to a finished 확인 page."""
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.params
    click_next(qtbot, wizard)
    assert wizard.page is wizard.check
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
