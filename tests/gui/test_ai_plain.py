"""'문구 쉬운 말로 다듬기' (issue 20): the suggestion shows beside the original under the AI label and
is written to the clerk's template copy only when the clerk presses '제안 적용'; a suggestion that
loses a {자리} is refused. The AI 사용 기록 dialog lists the exchange, masked."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt

from core.paths import resources_dir
from core.settings import Settings
from gui.ai_dialogs import AiLogDialog, PlainWordsDialog
from tests.support.chat_server import chat_server

PLAIN = "[{기관명}] {급여종류} 신청을 {신청일}에 받았습니다. {처리기한}({디데이})까지 알려 드립니다. 문의 {담당부서} {담당전화}"


def _settings(url: str) -> Settings:
    s = Settings()
    s.set("ai.enabled", True)
    s.set("ai.base_url", url)
    s.set("ai.model", "m")
    return s


def _ask(qtbot, dialog: PlainWordsDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ask_button.isEnabled(), timeout=10000)


def test_suggestion_is_applied_only_when_accepted(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = resources_dir() / "templates" / "welfare_sms.toml"
    with chat_server(answer=lambda body: PLAIN) as srv:
        dialog = PlainWordsDialog(settings=_settings(srv.url))
        qtbot.addWidget(dialog)
        assert dialog.choice.currentText() == "1. 접수"
        _ask(qtbot, dialog)
    assert dialog.suggestion.toPlainText() == PLAIN
    assert dialog.status.text().startswith("[AI 작성 · 검토 필요] 제안을 읽고 고친 뒤")
    target = haengbot_home / "templates" / "welfare_sms.toml"
    assert not target.exists()  # nothing written before the clerk accepts
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    written = tomllib.loads(target.read_text(encoding="utf-8"))["문구"]
    original = tomllib.loads(bundled.read_text(encoding="utf-8"))["문구"]
    assert written[0]["내용"] == PLAIN
    assert written[1:] == original[1:] and written[0]["제목"] == original[0]["제목"]
    assert target.read_text(encoding="utf-8").startswith("# 사회보장급여 처리절차 안내 문자")  # comments kept
    log = AiLogDialog()
    qtbot.addWidget(log)
    assert log.table.rowCount() == 1
    assert log.table.item(0, 3).text() == "쉬운 말로 다듬기" and log.table.item(0, 6).text() == "정상"


def test_a_suggestion_that_loses_a_field_is_refused(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    with chat_server(answer=lambda body: "신청을 받았습니다. 문의 {담당부서}") as srv:
        dialog = PlainWordsDialog(settings=_settings(srv.url))
        qtbot.addWidget(dialog)
        _ask(qtbot, dialog)
    assert dialog.status.text().startswith("제안을 받지 못했습니다: AI 제안이 문구의 자리를 바꿔서 쓰지 않았습니다(빠진 자리 ")
    assert not dialog.apply_button.isEnabled()
    assert not (haengbot_home / "templates" / "welfare_sms.toml").exists()


def test_with_ai_off_the_dialog_does_not_ask(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PlainWordsDialog(settings=Settings())
    qtbot.addWidget(dialog)
    assert not dialog.ask_button.isEnabled()
    assert dialog.status.text() == "AI 도우미가 꺼져 있습니다. [설정] > AI 도우미에서 켜십시오."


def test_deadline_notice_templates_too(qtbot, haengbot_home: Path) -> None:  # type: ignore[no-untyped-def]
    """ad-permit-expiry's notices.toml: the copy lands where core/deadlines/templates.py reads it first."""
    from core.deadlines.templates import template_path

    bundled = resources_dir() / "templates" / "ad_permit_expiry" / "notices.toml"
    first = tomllib.loads(bundled.read_text(encoding="utf-8"))["문구"][0]["내용"]
    plain = first.replace("계속 표시하려면", "계속 두시려면")
    with chat_server(answer=lambda body: plain) as srv:
        dialog = PlainWordsDialog(settings=_settings(srv.url))
        qtbot.addWidget(dialog)
        dialog.template.setCurrentIndex(1)
        assert dialog.choice.currentText() == "1. 만료 사전안내"
        assert dialog.original.toPlainText() == first
        _ask(qtbot, dialog)
    assert srv.requests_json()[0]["messages"][1]["content"] == first
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    target = haengbot_home / "templates" / "ad_permit_expiry" / "notices.toml"
    assert tomllib.loads(target.read_text(encoding="utf-8"))["문구"][0]["내용"] == plain
    assert template_path("ad_permit_expiry") == target


def test_history_shows_a_runs_ai_exchanges(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gui.ai_dialogs import AiLogDialog as Log
    from gui.history import HistoryView
    from tests.helpers import run_cli

    with chat_server(answer=lambda body: "한 줄") as srv:
        monkeypatch.setenv("HAENGBOT_SETTING_AI_ENABLED", "true")
        monkeypatch.setenv("HAENGBOT_SETTING_AI_BASE_URL", srv.url)
        monkeypatch.setenv("HAENGBOT_SETTING_AI_MODEL", "m")
        code, _, err = run_cli("run", "grant-alerts", "--param", "demo=true", "--output", str(tmp_path / "o.xlsx"))
    assert code == 0, err
    view = HistoryView()
    qtbot.addWidget(view)
    dialog = view.open_ai_log(0, show=False)
    assert isinstance(dialog, Log)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(srv.bodies) > 0
    assert {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())} == {"grant-alerts"}
    assert dialog.windowTitle() == "AI 사용 기록 (이 실행)"
