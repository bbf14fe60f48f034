"""Match every completion to a licence, judge its hours, list the year's 미이수, and optionally enter the rest.

Personal data: 대표자 names are masked in every sheet (홍*동); the full names stay in memory and go
only to the city's own web system, through the recipe, when the clerk asks for entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from core.context import RunContext
from core.errors import InputError
from core.korean import particle
from core.masking import mask_name
from core.reader import Table
from core.result import DATE, FINDING, OK, WARNING, Result, ResultTable, SummaryItem
from tasks.hygiene_training.hours import HoursTable, hours_text
from tasks.hygiene_training.judge import EXCLUSIONS, Verdict, YearEnd, judge, year_end
from tasks.hygiene_training.matching import AUTO, REVIEW, UNMATCHED, Thresholds, match_all
from tasks.hygiene_training.outcomes import (
    ALREADY,
    CHECK_COMPLETION,
    DUPLICATE,
    ENTERED,
    EXCLUDED,
    FAILED,
    IN_DOUBT,
    NOT_TRAINED,
    SHORT,
    TO_ENTER,
)
from tasks.hygiene_training.records import EntryRow, Licence, completions_of, licences_of

VERDICT_HIGHLIGHT = {TO_ENTER: OK, SHORT: FINDING, DUPLICATE: WARNING, EXCLUDED: WARNING}
ENTRY_HIGHLIGHT = {ENTERED: OK, ALREADY: OK, FAILED: FINDING, IN_DOUBT: WARNING}


def thresholds(params: Mapping[str, Any]) -> Thresholds:
    return Thresholds(float(params["match_auto"]), float(params["match_review"]), float(params["match_gap"]))


def analyse(tables: Mapping[str, Table], params: Mapping[str, Any]) -> tuple[list[Licence], list[Verdict], YearEnd, int]:
    """Everything but the web entry: matching, 판정 and the year-end list (the golden tests call this)."""
    table = HoursTable.load()
    completions = completions_of(tables["completions"])
    licences = licences_of(tables["licenses"])
    matches = match_all([c.party for c in completions], [lic.party for lic in licences], thresholds(params))
    verdicts = judge(completions, matches, licences, table)
    year = int(params.get("year") or dt.date.today().year)
    if year < 2000:
        raise InputError(
            f"교육 연도 {year}{particle(str(year), '은/는')} 쓸 수 없습니다. 2026처럼 네 자리로 적거나, 올해면 0으로 두십시오."
        )
    return licences, verdicts, year_end(licences, verdicts, table, year), year


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    entering = bool(params.get("enter"))
    if entering:  # a broken recipe stops here, exit 2, before any matching or browser
        from tasks.hygiene_training import entry

        recipe = entry.recipe_for(entry.given_recipe(tables), str(params.get("site_url") or ""))
    ctx.progress(0, 1, "수료자 명단을 인허가 대장과 맞추는 중")
    licences, verdicts, end, year = analyse(tables, params)
    entries: list[EntryRow] = []
    if entering:
        targets = [v for v in verdicts if v.outcome == TO_ENTER]
        entries = entry.enter_all(ctx, targets, float(params.get("pace", 2.0)), recipe)
    result = build_result(licences, verdicts, end, year, entries, entering, ctx.dry_run)
    if params.get("remind"):
        from tasks.hygiene_training.reminders import remind

        sent = remind(ctx, end.missing, year, dict(params))
        result.tables.append(
            ResultTable("독려문자", sent, {}, "결과", {}, note="미이수 업소에 보낸(보낼) 독려 문자입니다. 연락처는 가렸습니다.")
        )
        result.summary.append(SummaryItem("독려 문자", len(sent)))
    return result


# ------------------------------------------------------------------------------ result
def build_result(
    licences: Sequence[Licence],
    verdicts: Sequence[Verdict],
    end: YearEnd,
    year: int,
    entries: Sequence[EntryRow],
    entering: bool,
    dry_run: bool,
) -> Result:
    matched = pd.DataFrame(
        [
            [
                v.completion.certificate,
                v.completion.name,
                mask_name(v.completion.person),
                v.match.kind,
                v.licence.number if v.licence else "",
                v.match.score,
                v.outcome,
                v.reason,
                v.completion.date,
                v.completion.kind,
                hours_text(v.completion.hours),
                hours_text(v.required),
                v.trade.name if v.trade else "",
                v.completion.institution,
                v.completion.origin,
            ]
            for v in verdicts
        ],
        columns=[
            "수료번호",
            "업소명",
            "대표자",
            "매칭",
            "영업신고번호",
            "점수",
            "판정",
            "사유",
            "교육일",
            "교육구분",
            "교육시간",
            "필요시간",
            "업종(교육시간표)",
            "교육기관",
            "원본 위치",
        ],
    )
    matched["교육일"] = pd.to_datetime(matched["교육일"])
    review_rows = []
    for v in verdicts:
        if v.match.kind != REVIEW:
            continue
        for rank, (index, score) in enumerate(v.match.candidates, start=1):
            lic = licences[index]
            review_rows.append(
                [
                    v.completion.certificate,
                    v.completion.name,
                    mask_name(v.completion.person),
                    v.completion.address,
                    rank,
                    lic.number,
                    lic.name,
                    mask_name(lic.person),
                    lic.address,
                    lic.trade,
                    score,
                    v.match.reason,
                    v.completion.origin,
                ]
            )
    review = pd.DataFrame(
        review_rows,
        columns=[
            "수료번호",
            "업소명(명단)",
            "대표자(명단)",
            "소재지(명단)",
            "후보",
            "영업신고번호",
            "업소명(대장)",
            "대표자(대장)",
            "소재지(대장)",
            "업종(대장)",
            "점수",
            "사유",
            "원본 위치",
        ],
    )
    missing = pd.DataFrame(
        [
            [
                m.licence.number,
                m.licence.name,
                m.licence.trade,
                hours_text(m.required),
                m.reason,
                mask_name(m.licence.person),
                m.licence.address,
                m.licence.state,
            ]
            for m in end.missing
        ],
        columns=["영업신고번호", "업소명", "업종", "필요시간", "사유", "대표자", "소재지", "영업상태"],
    )
    entered = pd.DataFrame(
        [[e.number, e.status, e.check, e.certificate, e.name, e.detail] for e in entries],
        columns=["영업신고번호", "입력", "확인", "수료번호", "업소명", "상세"],
    )
    counts = matched["판정"].value_counts()
    kinds = matched["매칭"].value_counts()
    entry_counts = entered["입력"].value_counts()
    summary = [
        SummaryItem("읽은 수료 건", len(matched)),
        SummaryItem("인허가 대장 업소", len(licences)),
        SummaryItem(f"매칭: {AUTO}", int(kinds.get(AUTO, 0)), OK),
        SummaryItem(f"매칭: {REVIEW}", int(kinds.get(REVIEW, 0)), WARNING if kinds.get(REVIEW, 0) else ""),
        SummaryItem(f"매칭: {UNMATCHED}", int(kinds.get(UNMATCHED, 0)), WARNING if kinds.get(UNMATCHED, 0) else ""),
    ]
    for label in (TO_ENTER, SHORT, DUPLICATE, EXCLUDED):
        summary.append(SummaryItem(label, int(counts.get(label, 0)), VERDICT_HIGHLIGHT[label] if counts.get(label, 0) else ""))
    summary.append(SummaryItem(f"{year}년 이수 업소", end.trained))
    summary.append(SummaryItem(f"{year}년 미이수", len(missing), FINDING if len(missing) else OK))
    check = int((missing["사유"] == CHECK_COMPLETION).sum()) if len(missing) else 0
    if check:
        summary.append(SummaryItem(f"  그중 {CHECK_COMPLETION}", check, WARNING))
    for label in EXCLUSIONS:
        if end.excluded.get(label):
            summary.append(SummaryItem(f"미이수 제외({label})", end.excluded[label]))
    if entering:
        for label in (ENTERED, ALREADY, FAILED, IN_DOUBT):
            summary.append(
                SummaryItem(
                    f"입력: {label}",
                    int(entry_counts.get(label, 0)),
                    ENTRY_HIGHLIGHT[label] if entry_counts.get(label, 0) else "",
                )
            )
    warnings = []
    if kinds.get(REVIEW, 0):
        warnings.append(
            f"검토 {int(kinds[REVIEW])}건: '검토' 시트에서 후보를 비교해 맞는 업소의 영업신고번호를 명단에 적고 다시 실행하십시오."
        )
    if int(entry_counts.get(FAILED, 0)) or int(entry_counts.get(IN_DOUBT, 0)):
        warnings.append("입력 실패·확인 필요 건은 다시 실행하면 이어서 처리합니다. 이미 확인된 건은 다시 입력하지 않습니다.")
    if not entering:
        warnings.append("위생 시스템에는 입력하지 않았습니다(입력하려면 '위생 시스템에 입력'을 켜십시오).")
    if dry_run:
        warnings.append("시험 실행: 위생 시스템에 아무것도 입력하지 않았습니다.")
    result_tables = [
        ResultTable(
            "매칭결과",
            matched,
            {"교육일": DATE},
            "판정",
            VERDICT_HIGHLIGHT,
            note="수료 1건에 1행. 입력 대상만 위생 시스템에 입력합니다. 대표자 이름은 가렸습니다.",
        ),
        ResultTable("검토", review, {}, note="자동으로 고르지 못한 수료 건과 그 후보 업소입니다. 점수가 높은 순입니다."),
        ResultTable(
            "미이수",
            missing,
            {},
            "사유",
            {NOT_TRAINED: FINDING, CHECK_COMPLETION: WARNING},
            note=f"{year}년 말 기준, 영업·휴업 중인데 충분한 수료가 없는 업소입니다(폐업·면제 대상 제외).",
        ),
        ResultTable(
            "입력결과", entered, {}, "입력", ENTRY_HIGHLIGHT, note="위생 시스템에 입력하고 다시 조회해 확인한 결과입니다."
        ),
    ]
    return Result(tables=result_tables, summary=summary, warnings=warnings, headline=f"{year}년 식품·공중위생 교육실적")
