"""AI text reaches an outgoing message only after a clerk approved it in the window (issue 20)."""

from __future__ import annotations

import datetime as dt

from core.ai.approval import WITH, WITHOUT, approved_for_sending
from core.context import Question, RunContext
from tasks.grant_alerts.digest import Entry, html_body, text_body
from tasks.grant_alerts.profiles import Profile
from tasks.grant_alerts.record import Grant

DAY = dt.date(2026, 11, 25)


def test_unattended_and_terminal_runs_are_never_asked() -> None:
    asked: list[Question] = []
    ctx = RunContext(asker=lambda q: asked.append(q) or WITH)  # type: ignore[func-returns-value]
    assert approved_for_sending(ctx, "요약 메일", ["초안"]) is False  # CLI, --yes, schedule: not in the window
    assert asked == []


def test_window_run_asks_and_defaults_to_without() -> None:
    asked: list[Question] = []

    def answer(q: Question) -> str:
        asked.append(q)
        return q.default

    ctx = RunContext(asker=answer)
    ctx.in_window = True
    assert approved_for_sending(ctx, "'예산팀' 요약 메일", ["공고 A: 세 줄 요약"]) is False
    q = asked[0]
    assert q.id == "ai-approve" and q.default == WITHOUT
    assert q.text.startswith("'예산팀' 요약 메일에 AI가 쓴 글 1건을 넣을까요? [AI 작성 · 검토 필요]")
    assert q.text.endswith("· 공고 A: 세 줄 요약")
    ctx2 = RunContext(asker=lambda q: WITH)
    ctx2.in_window = True
    assert approved_for_sending(ctx2, "메일", ["초안"]) is True
    assert approved_for_sending(ctx2, "메일", []) is False  # nothing to approve


def test_digest_body_carries_ai_text_only_with_approval() -> None:
    g = Grant("보탬e", "지역 문화 공모", agency="문체부", closes=dt.date(2026, 12, 1))
    e = Entry("신규", g, 1, ai_summary="줄1\n줄2\n줄3", ai_fit="문화 부서 관심어와 맞음")
    p = Profile("문화", department="문화체육과")
    plain = text_body(p, DAY, [e])
    assert "AI" not in plain and "줄1" not in plain and "AI" not in html_body(p, DAY, [e])
    with_ai = text_body(p, DAY, [e], with_ai=True)
    assert "  [AI 작성 · 검토 필요]\n  줄1\n  줄2\n  줄3\n  적합 이유: 문화 부서 관심어와 맞음" in with_ai
    assert "<b>[AI 작성 · 검토 필요]</b><br>줄1<br>줄2<br>줄3<br>적합 이유: 문화 부서 관심어와 맞음" in html_body(
        p, DAY, [e], with_ai=True
    )
