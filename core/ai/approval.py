"""The one gate between AI text and anything that goes out (a mail, an SMS, a board post).

AI text leaves only when a clerk approved it in the window: the run must have been started from
the GUI (``ctx.in_window``), and the clerk must pick "AI 글 넣어 보내기" in the dialog that shows
the text. A scheduled run, ``--yes``, and the terminal never get that far: the answer is no, and
the message goes out without the AI text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.ai import LABEL

if TYPE_CHECKING:
    from core.context import RunContext

WITH, WITHOUT = "with", "without"


def approved_for_sending(ctx: RunContext, what: str, texts: list[str]) -> bool:
    """True only after an explicit yes in the window; *texts* are shown to the clerk in full."""
    if not texts or not getattr(ctx, "in_window", False):
        return False
    from core.context import Question

    shown = "\n\n".join(f"· {t}" for t in texts)
    question = Question(
        "ai-approve",
        f"{what}에 AI가 쓴 글 {len(texts)}건을 넣을까요? [{LABEL}] 아래 글을 읽고 고를 것이 없으면 넣지 마십시오.\n\n{shown}",
        choices=((WITHOUT, "AI 글 빼고 보내기"), (WITH, "AI 글 넣어 보내기(검토함)")),
        default=WITHOUT,
    )
    return ctx.ask(question) == WITH
