"""The run: texts (a folder, a bundle, or collected online) → citations → diff → verdicts → sheets → digests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from core.context import RunContext
from core.documents import DocumentSet
from core.result import TEXT, WARNING, Result, SummaryItem
from tasks.ordinance_review.analyse import DEFAULT_SIMILARITY, FIX, analyse
from tasks.ordinance_review.citations import parse_ordinance
from tasks.ordinance_review.model import LawVersion
from tasks.ordinance_review.output import affected_table, index_table, side_by_side_table, summary_items
from tasks.ordinance_review.texts import Texts, check_usable, collect_records, load_bundle, load_folder


def _yesterday() -> dt.date:
    return dt.date.today() - dt.timedelta(days=1)


def gather_texts(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> tuple[Texts | None, str]:
    """The texts to analyse, and where they came from; ``None`` after a collect-only run."""
    folder: DocumentSet | None = inputs.get("texts")
    bundle: DocumentSet | None = inputs.get("bundle")
    if folder is None and bundle is None:
        from tasks.ordinance_review.collect import collect_texts

        start = params.get("period_from") or _yesterday()
        end = params.get("period_to") or (start if params.get("period_from") else _yesterday())
        records = collect_texts(ctx, start, end)  # the bundle is kept beside the workbook, read back as bundle= reads it
        if params.get("collect_only"):
            return None, "온라인 수집"
        return collect_records(records), "온라인 수집"
    texts = load_folder(folder) if folder is not None else Texts()
    where = str(folder.source) if folder is not None and folder.source else ""
    if bundle is not None:
        for doc in bundle:
            texts = load_bundle(doc.path, texts)
            where = where or str(doc.path)
    return texts, where


def limit_to(texts: Texts, base_date: dt.date | None) -> None:
    """Leave out versions promulgated after the 기준일 (the clerk asks "as of that day")."""
    if base_date is None:
        return
    kept: dict[str, list[LawVersion]] = {}
    for law_id, versions in texts.laws.items():
        before = [v for v in versions if v.promulgated <= base_date]
        if before:
            kept[law_id] = before
    texts.laws = kept


def run(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    ctx.progress(0, 4, "법령·조례 본문 읽는 중")
    texts, where = gather_texts(inputs, params, ctx)
    if texts is None:
        return Result(summary=[SummaryItem("수집 묶음", 1, note="분석 없이 묶음 파일만 만들었습니다")], headline="법령·조례 수집")
    limit_to(texts, params.get("base_date"))
    check_usable(texts, where or "입력")
    ctx.progress(1, 4, "조례의 인용 찾는 중")
    citations = {}
    for i, ordinance in enumerate(texts.ordinances):
        ctx.check_cancelled()
        citations[ordinance.ordinance_id] = parse_ordinance(ordinance)
        if i % 20 == 0:
            ctx.progress(1, 4, f"조례의 인용 찾는 중: {ordinance.name}")
    ctx.progress(2, 4, "법령 개정 전후 비교 중")
    threshold = params.get("similarity")
    analysis = analyse(texts.laws, texts.ordinances, citations, DEFAULT_SIMILARITY if threshold is None else float(threshold))
    ctx.progress(3, 4, "결과 정리 중")
    tables = [index_table(analysis), affected_table(analysis), side_by_side_table(analysis)]
    assistant = None
    if ctx.settings.get("ai.enabled"):  # with AI off nothing of the AI code is even imported
        from tasks.ordinance_review import ai_text

        assistant = ai_text.assistant_for(ctx)
        if assistant is not None:  # the labelled column goes at the end of 영향조례; the contract's columns stay
            ai_text.explain(assistant, tables[1], lambda d, t, m: ctx.progress(3, 4, m))
    from tasks.ordinance_review.comparison import ARTIFACT, comparison_zip

    comparison = comparison_zip(analysis)
    if comparison is not None:
        ctx.artifact(ARTIFACT).write_bytes(comparison)
    summary = summary_items(analysis, texts.amendments())
    warnings: list[str] = []
    if texts.duplicates:
        summary.append(SummaryItem("같은 판이라 한 번만 읽은 파일", len(texts.duplicates), note=", ".join(texts.duplicates[:5])))
    messages: list[dict[str, Any]] = []
    if params.get("notify") == "email":
        from tasks.ordinance_review.digest import parse_recipients, send_digests

        recipients = parse_recipients(str(ctx.settings.get("ordinance.recipients") or ""))
        outcomes = send_digests(ctx, analysis, recipients)
        summary.append(SummaryItem("알림 메일 보낸 수", sum(o.sent for o in outcomes)))
        warnings += [o.warning for o in outcomes if o.warning]
        messages = [{"department": o.department, "status": o.status, "entries": o.entries, "sent": o.sent} for o in outcomes]
    if assistant is not None:
        summary.append(SummaryItem("AI 도우미", assistant.summary_note(), WARNING if assistant.notes else "", fmt=TEXT))
        warnings.extend(assistant.notes)
    fixes = analysis.counts()[FIX]
    return Result(
        tables=tables,
        summary=summary,
        warnings=warnings,
        messages=messages,
        headline=f"법령 개정 조례 비교: 인용 {len(analysis.findings):,}건 중 정비 필요 {fixes:,}건",
    )
