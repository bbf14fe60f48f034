"""AI 도우미 (issue 20): drafts from an OpenAI-compatible chat model, off by default.

Nothing here is imported unless ``ai.enabled`` is on: tasks check the setting first and import
``core.ai.assist`` only then, so a city that never turns it on runs no AI code and makes no call.
Every prompt is masked before it leaves (``core.ai.placeholders``), every exchange is kept masked
in the store (``core.ai.audit``), and every text lands only in a column or a screen area labelled
``AI 작성 · 검토 필요``: a draft for the clerk, never a message sent on its own.
"""

from __future__ import annotations

LABEL = "AI 작성 · 검토 필요"
CREDENTIAL = "ai-api-key"


def ai_column(name: str) -> str:
    """'AI 요약' -> 'AI 요약 (AI 작성 · 검토 필요)': the only kind of column AI text may appear in."""
    return f"{name} ({LABEL})"


def is_ai_column(header: str) -> bool:
    return LABEL in header
