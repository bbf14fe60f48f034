"""The settings dialog's AI 도우미 page (issue 20): off by default, and a '연결 시험' button that asks
the server with the values as typed, off the GUI thread, and shows the answer or the Korean reason."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.settings import Settings
from gui.settings_dialog import SettingsDialog
from tests.support.chat_server import chat_server


def test_ai_page_is_off_by_default_and_tests_the_connection(qtbot) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    dialog = SettingsDialog(settings=settings)
    qtbot.addWidget(dialog)
    assert "AI 도우미" in dialog.tab_titles()
    assert dialog.value("ai.enabled") is False
    with chat_server(answer=lambda body: "확인") as srv:
        dialog.option_fields["ai.base_url"].set(srv.url)
        dialog.option_fields["ai.model"].set("typed-model")
        qtbot.mouseClick(dialog.ai_test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.ai_test_button.isEnabled(), timeout=10000)
    assert dialog.ai_test_result.text() == "✔ 연결되었습니다. 모델 typed-model의 답: 확인"
    assert srv.requests_json()[0]["model"] == "typed-model"  # the typed value, not yet saved
    assert settings.file_value("ai.model") is None


def test_connection_test_failure_is_shown_in_korean(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(settings=Settings())
    qtbot.addWidget(dialog)
    with chat_server(mode="404") as srv:
        dialog.option_fields["ai.base_url"].set(srv.url)
        dialog.option_fields["ai.model"].set("nope")
        qtbot.mouseClick(dialog.ai_test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.ai_test_button.isEnabled(), timeout=10000)
    assert dialog.ai_test_result.text().startswith("✖ AI 서버에서 주소나 모델을 찾지 못했습니다(HTTP 404).")
