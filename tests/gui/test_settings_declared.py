"""The 설정 dialog of a fresh window shows every task's settings, 공모사업's relay addresses included.

Guards issue 11: the grant sources registered their settings when the run's child process imported
them, so a window that had run nothing had no 공모사업 tab and a clerk on a closed network could not
point the sources at the relay. The settings are now declared on the task spec.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QScrollArea

from gui.settings_dialog import SettingsDialog
from tasks import registry
from tests.gui.gui_steps import open_window

ROOT = Path(__file__).resolve().parents[2]
GRANTS_TAB = "공모사업 검색·알림"  # the task's title: no separate table of section titles
BOTAME_DEFAULT = "https://apis.data.go.kr/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY"
RELAY = "http://127.0.0.1:8765/bizinfo/api"


def test_grant_relay_addresses_are_set_in_a_fresh_window(
    qtbot,  # type: ignore[no-untyped-def]
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot)
    opened: list[SettingsDialog] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self) or 0)
    window.open_settings()  # as the menu does
    (dialog,) = opened  # a child of the window: closed with it

    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    task_tabs = [spec.title for spec in registry() if spec.settings]  # one tab per task that declares settings
    assert GRANTS_TAB in task_tabs
    assert titles == ["일반", "기관", "네트워크", "입력 파일", "문자 발송", "메일", "공유 저장소", "AI 도우미", *task_tabs]
    assert {GRANTS_TAB, "자동차 상속이전 안내 공고", "법령 개정 조례 비교"} <= set(task_tabs)
    drf = dialog.fields["ordinance.drf_base_url"]
    assert isinstance(drf, QLineEdit) and drf.text() == "https://www.law.go.kr/DRF"
    tab = dialog.tabs.widget(titles.index(GRANTS_TAB))
    assert isinstance(tab, QScrollArea)
    urls = {line.text() for line in tab.widget().findChildren(QLineEdit)}
    assert {BOTAME_DEFAULT, "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do"} <= urls
    bizinfo = dialog.fields["grants.bizinfo_url"]
    assert isinstance(bizinfo, QLineEdit) and bizinfo.window() is dialog and tab.isAncestorOf(bizinfo)

    dialog.tabs.setCurrentIndex(titles.index(GRANTS_TAB))
    bizinfo.clear()
    qtbot.keyClicks(bizinfo, RELAY)
    buttons = dialog.findChild(QDialogButtonBox)
    save = next(b for b in buttons.buttons() if b.text() == "저장")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    saved = tomllib.loads((haengbot_home / "settings.toml").read_text(encoding="utf-8"))
    assert saved["grants"]["bizinfo_url"] == RELAY
    assert saved["grants"]["botame_url"] == BOTAME_DEFAULT
    assert saved["org"] == {"sido": "경기도", "sigungu": "광주시"}


def test_a_cleared_address_goes_back_to_its_default(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    """The one empty-text rule of gui.forms: blank means "not given", so the declared default applies
    (the dialog used to write ``""`` and every source then failed)."""
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    line = dialog.fields["grants.rss_feeds"]
    assert isinstance(line, QLineEdit)
    line.clear()
    dialog.save()
    saved = tomllib.loads((haengbot_home / "settings.toml").read_text(encoding="utf-8"))
    assert "rss_feeds" not in saved["grants"]
    assert dialog.settings.get("grants.rss_feeds").startswith("https://www.korea.kr/rss/")


# A fresh interpreter, so nothing another test imported can fill a registry behind this test's back.
FRESH_WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.settings_dialog import SettingsDialog
dialog = SettingsDialog()
titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
print(json.dumps({"titles": titles, "keys": sorted(dialog.fields),
                  "adapters": "tasks.grant_alerts.sources" in sys.modules, "requests": "requests" in sys.modules}))
"""


def test_a_fresh_process_shows_the_grant_tab_without_importing_the_adapters(haengbot_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HAENGBOT_HOME": str(haengbot_home)}
    done = subprocess.run([sys.executable, "-c", FRESH_WINDOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert GRANTS_TAB in shown["titles"]
    assert {"grants.botame_url", "grants.bizinfo_url", "grants.kstartup_url", "grants.rss_feeds"} <= set(shown["keys"])
    assert shown["adapters"] is False and shown["requests"] is False
