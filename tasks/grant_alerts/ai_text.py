"""AI drafts for grant-alerts (issue 20): a three-line summary of each new call and one line on why
it fits the department's profile. Only when ``ai.enabled`` is on; ``core.ai`` is imported then only.

The drafts go into labelled columns at the end of 신규공모 and into the digest preview; a real
digest carries them only after the clerk approved them in the window (``core.ai.approval``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tasks.grant_alerts.profiles import Profile
from tasks.grant_alerts.record import Grant

if TYPE_CHECKING:
    from core.ai.assist import Assistant
    from core.context import RunContext

LABEL = "AI 작성 · 검토 필요"  # core.ai.LABEL, repeated so that a run with AI off imports nothing of core.ai
SUMMARY = f"AI 요약 ({LABEL})"
FIT = f"AI 적합 이유 ({LABEL})"
COLUMNS = [SUMMARY, FIT]
_BULLET = re.compile(r"^(?:[-•·*]|\d{1,2}[.)])\s*")  # '1. ', '2) ', '- ': never the '2026년' of a title

SUMMARY_PROMPT = (
    "당신은 지방자치단체 공무원을 돕는 비서입니다. 아래 공모사업 공고를 쉬운 한국어로 정확히 세 줄로 요약하십시오. "
    "1줄: 무엇을 지원하는지, 2줄: 누가 신청할 수 있는지, 3줄: 규모와 마감. 공고에 없는 내용은 쓰지 마십시오. "
    "줄마다 한 문장, 머리 기호 없이 쓰십시오."
)
FIT_PROMPT = (
    "당신은 지방자치단체 공무원을 돕는 비서입니다. 아래 공고가 이 부서의 관심 분야에 왜 맞는지 한 문장으로 쓰십시오. "
    "공고에 없는 내용은 쓰지 마십시오."
)


def assistant_for(ctx: RunContext) -> Assistant | None:
    """The run's assistant, or ``None`` with AI off (then nothing of ``core.ai`` is imported)."""
    if not ctx.settings.get("ai.enabled"):
        return None
    from core.ai.assist import Assistant

    return Assistant.for_run(ctx, "grant-alerts")


def facts(g: Grant) -> str:
    closes = g.closes.isoformat() if g.closes else "미정"
    lines = [
        f"공고명: {g.title}",
        f"소관기관: {g.agency or g.executor or '-'}",
        f"지원대상: {g.target or '공고에 없음'}",
        f"사업규모: {g.scale or '공고에 없음'}",
        f"접수마감: {closes}",
        f"사업개요: {g.summary[:1500] or '공고에 없음'}",
    ]
    return "\n".join(lines)


def profile_text(profiles: list[Profile]) -> str:
    return "\n".join(
        f"부서: {p.department or p.name} / 관심어: {', '.join(p.include) or '없음'} / 기관: {', '.join(p.agencies) or '모두'}"
        for p in profiles
    )


def three_lines(text: str) -> str:
    """The first three non-empty lines, bullets and numbering taken off (models add them anyway)."""
    lines = [_BULLET.sub("", line.strip()).strip() for line in text.splitlines()]
    return "\n".join([line for line in lines if line][:3])


def one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


def draft(assistant: Assistant, g: Grant, profiles: list[Profile]) -> tuple[str, str]:
    """(summary, fit); an empty string where the AI gave nothing (the reason is in ``assistant.notes``)."""
    summary = assistant.write("공모 요약", SUMMARY_PROMPT, facts(g), max_tokens=300)
    fit = assistant.write("프로필 적합", FIT_PROMPT, f"{facts(g)}\n\n[부서 관심 분야]\n{profile_text(profiles)}", max_tokens=120)
    return three_lines(summary or ""), one_line(fit or "")
