"""AI drafts for ordinance-review (issue 20): a plain-Korean explanation of each change, written for
the department that owns the ordinance, in a labelled column at the end of 영향조례.

Only when ``ai.enabled`` is on; ``core.ai`` is imported then only. The same change cited by several
ordinances is explained once (one question per distinct law text, verdict and department).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.ai.assist import Assistant
    from core.context import RunContext
    from core.result import ResultTable

LABEL = "AI 작성 · 검토 필요"  # core.ai.LABEL, repeated so that a run with AI off imports nothing of core.ai
EXPLANATION = f"AI 설명 ({LABEL})"

PROMPT = (
    "당신은 지방자치단체 공무원을 돕는 비서입니다. 상위 법령이 아래처럼 바뀌었고, 조례가 그 조항을 인용합니다. "
    "조례를 맡은 부서 담당자가 바로 이해하도록, 무엇이 바뀌었고 조례에서 무엇을 확인하거나 고쳐야 하는지 "
    "쉬운 한국어 두세 문장으로 설명하십시오. 【】는 바뀐 낱말 표시입니다. 주어진 내용에 없는 것은 쓰지 마십시오."
)


def assistant_for(ctx: RunContext) -> Assistant | None:
    if not ctx.settings.get("ai.enabled"):
        return None
    from core.ai.assist import Assistant

    return Assistant.for_run(ctx, "ordinance-review")


def _question(row: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"담당부서: {row.get('담당부서') or '미상'}",
            f"조례: {row.get('조례')} {row.get('조례 조문')}",
            f"인용한 법령 조항: {row.get('법령')} {row.get('인용')}",
            f"변경유형: {row.get('변경유형')} / 판정: {row.get('판정')}",
            f"권고 인용: {row.get('권고 인용') or '없음'}",
            f"개정 전: {str(row.get('개정 전') or '')[:1200]}",
            f"개정 후: {str(row.get('개정 후') or '')[:1200]}",
        ]
    )


def explain(assistant: Assistant, table: ResultTable, progress: Any = None) -> None:
    """Add the labelled column to 영향조례 (``table``), one explanation per row; blank where none came."""
    cache: dict[tuple[Any, ...], str] = {}
    texts: list[str] = []
    rows = table.df.to_dict("records")
    for i, row in enumerate(rows):
        key = (row.get("법령"), row.get("개정 전"), row.get("개정 후"), row.get("판정"), row.get("담당부서"))
        if key not in cache:
            if progress is not None:
                progress(i, len(rows), f"AI 설명 작성 중: {row.get('조례')}")
            cache[key] = (assistant.write("조례 개정 설명", PROMPT, _question(row), max_tokens=300) or "").strip()
        texts.append(cache[key])
    table.df[EXPLANATION] = texts
