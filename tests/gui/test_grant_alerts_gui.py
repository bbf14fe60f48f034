"""grant-alerts in the wizard: no files to give, its settings, a run against loopback sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from gui_steps import WAIT_MS, click_next, open_window, open_wizard
from PySide6.QtCore import Qt

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


def test_profiles_page_refuses_a_name_with_a_line_break(
    qtbot,
    haengbot_home: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guards the GUI editor: a pasted name with CR/LF (a Subject-header injection) is not saved."""
    from tasks.grant_alerts import profiles

    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "grant-alerts")
    monkeypatch.setattr(wizard.run, "enter", lambda: None)  # no run: it would go to the internet
    while wizard.page is not wizard.params:
        click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
    click_next(qtbot, wizard)
    page = wizard.page
    before = (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8")
    page.name.setText("기본\r\nBcc: leak@evil.example")
    click_next(qtbot, wizard)
    assert wizard.page is page
    assert "에 줄바꿈이나 제어 문자가 있습니다. 한 줄로 적으십시오." in page.error.text()
    assert (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8") == before


def test_the_sample_button_runs_the_offline_demo_marked_as_such(
    qtbot,
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    no_modal_dialogs: list,
) -> None:
    """Guards the button path: before, it left an empty input page and the run failed naming env variables."""
    for name in ("HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY", "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY"):
        monkeypatch.delenv(name, raising=False)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "grant-alerts")
    assert wizard.intro.sample_button.isEnabled()
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.params and wizard.params.values()["demo"] is True
    click_next(qtbot, wizard)
    assert wizard.page is wizard.check
    assert wizard.check.keys_note.text().startswith("예시 자료로 실행합니다. 인증키가 없어도 되고")
    assert wizard.check.keys_button.isHidden()
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
    click_next(qtbot, wizard)  # 프로필
    click_next(qtbot, wizard)  # 실행
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply.status == "done", reply
    assert reply.result.headline.startswith("[예시] 공모사업 알림")
    assert {r["예시"] for r in sheet_rows(reply.output, "소스상태")} == {"예시 자료(실제 공고 아님)"}
    assert {r["상태"] for r in sheet_rows(reply.output, "소스상태")} == {"정상"}


def test_the_check_page_names_missing_keys_and_opens_the_credentials_dialog(
    qtbot,
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Guards the note shown before anything runs, and its button to 인증 정보."""
    from core.credentials import default_store
    from gui.credentials_dialog import CredentialsDialog

    for name in ("HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY", "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY"):
        monkeypatch.delenv(name, raising=False)
    opened: list[list[str]] = []

    def fake_exec(dialog: CredentialsDialog) -> int:  # the clerk saves the data.go.kr key and closes
        opened.append([c.id for c, _ in dialog.creds])
        default_store().set("datagokr-service-key", ENCODING_KEY)
        return 0

    monkeypatch.setattr(CredentialsDialog, "exec", fake_exec)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "grant-alerts")
    monkeypatch.setattr(wizard.run, "enter", lambda: None)
    while wizard.page is not wizard.params:
        click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.check
    assert page.keys_note.text() == (
        "인증키가 없습니다: 공공데이터포털 인증키(보탬e·K-Startup), 기업마당 API 인증키(crtfcKey). 이 키를 쓰는 출처는 "
        "건너뜁니다. [인증 정보 열기]를 눌러 입력하십시오. 키 없이 먼저 해 보려면 [이전]에서 '예시 자료로 실행'을 켜십시오."
    )
    assert "메일 계정 비밀번호" not in page.keys_note.text()  # a channel secret, not a source key
    qtbot.waitUntil(lambda: not page.runner.busy(), timeout=WAIT_MS)
    qtbot.mouseClick(page.keys_button, Qt.MouseButton.LeftButton)
    assert opened == [["datagokr-service-key", "bizinfo-crtfc-key", "smtp-password"]]
    assert page.keys_note.text().startswith("인증키가 없습니다: 기업마당 API 인증키(crtfcKey). 이 키를 쓰는")
