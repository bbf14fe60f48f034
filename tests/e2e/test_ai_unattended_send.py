"""An unattended grant-alerts run with the AI 도우미 on (issue 20): the workbook's labelled columns
are filled, but the digests that go out carry no AI text: nobody approved it in the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_grant_alerts_e2e import Inbox, run, world  # noqa: F401 - world is a fixture
from tests.helpers import sheet_rows
from tests.support.chat_server import chat_server
from tests.support.grant_servers import GrantServer

MARK = "초안표지"


def test_scheduled_style_run_sends_no_ai_text(
    world: tuple[GrantServer, Inbox],  # noqa: F811
    haengbot_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, inbox = world
    with chat_server(answer=lambda body: f"{MARK} 첫 줄\n둘째 줄\n셋째 줄") as srv:
        monkeypatch.setenv("HAENGBOT_SETTING_AI_ENABLED", "true")
        monkeypatch.setenv("HAENGBOT_SETTING_AI_BASE_URL", srv.url)
        monkeypatch.setenv("HAENGBOT_SETTING_AI_MODEL", "loopback-model")
        code, _, log = run(haengbot_home, tmp_path / "1.xlsx", "as_of=2026-11-25")
    assert code == 0, log
    rows = sheet_rows(tmp_path / "1.xlsx", "신규공모")
    assert len(rows) == 6 and all(str(r["AI 요약 (AI 작성 · 검토 필요)"]).startswith(MARK) for r in rows)
    assert srv.bodies  # the model was asked
    assert len(inbox.messages) == 3  # the digests went out …
    for msg in inbox.messages:
        body = msg.get_body(("plain",)).get_content() + msg.get_body(("html",)).get_content()
        assert MARK not in body and "AI 작성" not in body  # … without a word of AI text
        assert "지역 창업생태계" in body or "스마트시티" in body or "공모" in body
