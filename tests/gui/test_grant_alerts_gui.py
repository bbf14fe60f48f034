"""grant-alerts in the wizard: no files to give, its settings, a run against loopback sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from gui_steps import WAIT_MS, click_next, open_window, open_wizard

from tests.helpers import sheet_rows
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, EXPECTED_NEW, GrantServer


def test_grant_alerts_runs_from_the_wizard(
    qtbot,
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    no_modal_dialogs: list,
) -> None:
    server = GrantServer().start()
    try:
        settings = server.settings()
        settings["network"] = {"proxy_mode": "none"}
        (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
        # The run may happen in a worker process: keys as an unattended run gets them.
        monkeypatch.setenv("HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY", ENCODING_KEY)
        monkeypatch.setenv("HAENGBOT_SECRET_BIZINFO_CRTFC_KEY", BIZINFO_KEY)
        window = open_window(qtbot)
        wizard = open_wizard(qtbot, window, "grant-alerts")
        while wizard.page is not wizard.params:
            click_next(qtbot, wizard)
        wizard.params.set_value("as_of", dt.date(2026, 11, 25))
        click_next(qtbot, wizard)
        assert wizard.page is wizard.check
        qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
        click_next(qtbot, wizard)
        assert wizard.page is wizard.hooks[0] and wizard.page.step == "프로필"
        click_next(qtbot, wizard)  # profiles unchanged → 실행
        qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
        reply = wizard.state.reply
        assert reply.status == "done", reply
        summary = {item.label: item.value for item in reply.result.summary}
        assert summary["신규"] == len(EXPECTED_NEW) and summary["실패·건너뛴 출처"] == 0
        assert {r["공고명"] for r in sheet_rows(reply.output, "신규공모")} == EXPECTED_NEW
    finally:
        server.stop()


def test_profiles_page_edits_and_saves_grant_profiles(
    qtbot,
    haengbot_home: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tasks.grant_alerts import profiles

    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "grant-alerts")
    started: list[bool] = []
    monkeypatch.setattr(wizard.run, "enter", lambda: started.append(True))  # no run: it would go to the internet
    while wizard.page is not wizard.params:
        click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
    click_next(qtbot, wizard)
    page = wizard.page
    assert page.step == "프로필" and [page.list.item(i).text() for i in range(page.list.count())] == ["기본", "정보통신"]
    page.list.setCurrentRow(1)
    page.name.setText("정보화")
    page.words["include"].setPlainText("스마트시티\n데이터, 인공지능\n데이터")
    page.words["recipients"].setPlainText("it@city.go.kr")
    page.sources["rss"].setChecked(False)
    page._add()
    page.name.setText("복지")
    page.words["recipients"].setPlainText("주소아님")
    click_next(qtbot, wizard)
    assert wizard.page is page and "메일 주소 '주소아님'이 올바르지 않습니다" in page.error.text()
    page.words["recipients"].setPlainText("welfare@city.go.kr")
    click_next(qtbot, wizard)
    assert wizard.page is wizard.run and started == [True]
    saved = {p.name: p for p in profiles.load()}
    assert list(saved) == ["기본", "정보화", "복지"]
    assert saved["정보화"].include == ["스마트시티", "데이터", "인공지능"]
    assert saved["정보화"].recipients == ["it@city.go.kr"]
    assert saved["정보화"].sources == ["botame", "bizinfo", "kstartup"]
    assert saved["복지"].recipients == ["welfare@city.go.kr"] and saved["복지"].exclude == saved["기본"].exclude
