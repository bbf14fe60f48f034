"""Web entry: each 입력 대상 completion typed into the 위생 system through the recipe, then read back.

The robot (core/webrobot) records every submission on the effects ledger before the click and
confirms it only by the read-back, so a re-run after a crash types nothing twice. The ledger key is
the licence, the 교육일 and the 수료번호: the record as the 위생 system knows it, with no personal name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.context import RunContext
from core.documents import DocumentSet
from core.webrobot import Recipe, WebRobot, load_recipe
from tasks.hygiene_training.judge import Verdict
from tasks.hygiene_training.outcomes import NOT_ENTERED, TASK_ID
from tasks.hygiene_training.records import EntryRow

# The columns a recipe may name (resources/recipes/hygiene-training.toml): one record per completion.
RECORD_COLUMNS = frozenset(["영업신고번호", "업소명", "대표자", "업종", "교육구분", "교육일", "교육시간", "수료번호", "교육기관"])


def recipe_for(given: DocumentSet | None, site_url: str) -> Recipe:
    """The clerk's recipe (``--input recipe=…``) or the home copy or the shipped one; checked before any browser."""
    source: str | Path = given.documents[0].path if given is not None and len(given) else TASK_ID
    return load_recipe(source, columns=RECORD_COLUMNS, base_url=site_url or None)


def record_of(v: Verdict) -> dict[str, Any]:
    """What the form gets: the licence's own number, name and 업종 as the system has them, the completion's facts."""
    assert v.licence is not None
    comp = v.completion
    return {
        "영업신고번호": v.licence.number,
        "업소명": v.licence.name,
        "대표자": comp.person or v.licence.person,
        "업종": v.licence.trade,
        "교육구분": comp.kind,
        "교육일": comp.date.isoformat(),
        "교육시간": f"{comp.hours.normalize():f}",
        "수료번호": comp.certificate,
        "교육기관": comp.institution,
    }


def key_of(v: Verdict) -> str:
    assert v.licence is not None
    parts = [v.licence.number, v.completion.date.isoformat()]
    if v.completion.certificate:
        parts.append(v.completion.certificate)
    return "/".join(parts)


def enter_all(ctx: RunContext, targets: Sequence[Verdict], pace: float, recipe: Recipe) -> list[EntryRow]:
    """Submit each target once; a dry run opens no browser and says so on every row."""
    if ctx.dry_run or not targets:
        return [_row(v, NOT_ENTERED, "", "시험 실행: 입력하지 않았습니다.") for v in targets]
    rows: list[EntryRow] = []
    with WebRobot(ctx, recipe, pace=pace) as robot:
        for i, v in enumerate(targets):
            ctx.progress(i, len(targets), f"위생 시스템에 입력하는 중 ({i + 1:,}/{len(targets):,})")
            out = robot.submit(key=key_of(v), record=record_of(v))
            rows.append(_row(v, out.status, out.check, out.detail))
    return rows


def _row(v: Verdict, status: str, check: str, detail: str) -> EntryRow:
    assert v.licence is not None
    return EntryRow(v.licence.number, status, check, v.completion.certificate, v.licence.name, detail)


def given_recipe(inputs: Mapping[str, Any]) -> DocumentSet | None:
    value = inputs.get("recipe")
    return value if isinstance(value, DocumentSet) else None
