"""The 기관 at the first start, settings fixed by the environment, and the window title (issue 10).

Guards: no start asked for the 기관 (a 광주시 default served every city); the settings dialog let a
clerk edit, and wrote into settings.toml, values a managed PC fixes with HAENGBOT_SETTING_*; and
the window was titled "행봇 0.1.0 — 행봇" (Qt appended the application display name).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSpinBox

from core import __version__
from core.settings import Settings
from gui.app import create_app
from gui.org_dialog import NO_SIGUNGU, PICK_SIGUNGU, OrgPicker, ask_org_if_unset
from gui.settings_dialog import ENV_NOTE, SettingsDialog
from tests.gui.gui_steps import open_window, open_wizard

ROOT = Path(__file__).resolve().parents[2]


def saved(home: Path) -> dict:
    return tomllib.loads((home / "settings.toml").read_text(encoding="utf-8"))


def unset_org() -> None:
    settings = Settings()
    settings.set("org.sido", None)
    settings.set("org.sigungu", None)
    settings.save()


def test_first_start_asks_for_the_org_and_saves_it(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    unset_org()
    window = open_window(qtbot)
    dialog = ask_org_if_unset(window)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "기관 선택"
    picker = dialog.picker
    assert not dialog.save_button.isEnabled()
    assert picker.sido.count() == 18  # "시·도 선택" and the 17 시·도
    picker.sido.setCurrentIndex(picker.sido.findData("경기도"))
    assert picker.sigungu.itemText(0) == PICK_SIGUNGU and picker.sigungu.count() == 32
    assert not dialog.save_button.isEnabled()  # a 시·도 alone is not a 기관
    picker.sigungu.setCurrentIndex(picker.sigungu.findData("수원시"))
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert saved(haengbot_home)["org"] == {"sido": "경기도", "sigungu": "수원시"}
    assert ask_org_if_unset(window) is None  # asked once: never again once it is set


def test_sejong_has_no_sigungu(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    unset_org()
    dialog = ask_org_if_unset(None)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.picker.sido.setCurrentIndex(dialog.picker.sido.findData("세종특별자치시"))
    assert dialog.picker.sigungu.currentText() == NO_SIGUNGU and not dialog.picker.sigungu.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved(haengbot_home)["org"] == {"sido": "세종특별자치시", "sigungu": ""}


def test_a_configured_org_is_not_asked_again() -> None:
    """Every other GUI test's home has 경기도 광주시 (tests/conftest.py), so none of them sees the question."""
    assert ask_org_if_unset(None) is None


def test_start_up_imports_nothing_for_the_org_question() -> None:
    code = "import sys, gui.app, gui.main_window; print(sorted(m for m in ('gui.org_dialog', 'core.org') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr


def test_settings_fixed_by_environment_are_read_only_and_never_saved(
    qtbot,  # type: ignore[no-untyped-def]
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HAENGBOT_SETTING_NETWORK_TIMEOUT_SECONDS", "45")
    monkeypatch.setenv("HAENGBOT_SETTING_ORG_SIDO", "서울특별시")
    monkeypatch.setenv("HAENGBOT_SETTING_ORG_SIGUNGU", "중구")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[:3] == ["일반", "기관", "네트워크"]
    spin = dialog.fields["network.timeout_seconds"]
    assert isinstance(spin, QSpinBox) and spin.value() == 45 and not spin.isEnabled()
    assert dialog.env_notes["network.timeout_seconds"].text() == (
        f"{ENV_NOTE}: HAENGBOT_SETTING_NETWORK_TIMEOUT_SECONDS (이 창에서 바꿀 수 없습니다)"
    )
    picker = dialog.fields["org.sigungu"]
    assert isinstance(picker, OrgPicker) and not picker.isEnabled()
    assert (picker.sido.currentText(), picker.sigungu.currentText()) == ("서울특별시", "중구")
    assert "HAENGBOT_SETTING_ORG_SIDO, HAENGBOT_SETTING_ORG_SIGUNGU" in dialog.env_notes["org.sido"].text()
    assert dialog.fields["network.proxy_url"].isEnabled() and "network.proxy_url" not in dialog.env_notes

    dialog.fields["network.proxy_url"].setText("http://proxy.city.go.kr:8080")
    dialog.save()
    file = saved(haengbot_home)
    assert file["network"]["proxy_url"] == "http://proxy.city.go.kr:8080"
    assert "timeout_seconds" not in file["network"]  # the environment's 45 is not written back
    assert file["org"] == {"sido": "경기도", "sigungu": "광주시"}  # what the file had stays


def test_window_title_names_the_app_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = create_app()
    # Qt appends an application display name to every title not ending with it: none is set.
    assert QGuiApplication.applicationDisplayName() == QCoreApplication.applicationName() == "HaengBot"
    assert app is QCoreApplication.instance()
    window = open_window(qtbot)
    assert window.windowTitle() == f"행봇 {__version__}"
    open_wizard(qtbot, window, "overtime-pay")
    assert window.windowTitle() == "행봇 — 초과근무 ↔ 시간외근무수당 대사"
    window.show_launcher()
    assert window.windowTitle() == f"행봇 {__version__}"


def test_run_app_path_opens_the_question_when_unset(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.app import _ask_org
    from gui.org_dialog import OrgDialog

    unset_org()
    window = open_window(qtbot)
    _ask_org(window)  # what run_app schedules right after window.show()
    [dialog] = window.findChildren(OrgDialog)
    assert dialog.isVisible() and dialog.isModal()
    dialog.reject()
