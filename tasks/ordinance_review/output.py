"""The workbook's sheets (a contract, issue 12): 인용색인, 영향조례, 신구대비; the 요약 figures.

Changed words are marked 【like this】 in the old and the new text, where a printed 신구조문대비표
underlines them: a cell of a pandas-written sheet holds plain text only.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

import pandas as pd

from core.result import FINDING, NOTE, OK, WARNING, ResultTable, SummaryItem
from tasks.ordinance_review.analyse import FIX, NONE, REVIEW, VERDICT_ORDER, Analysis, Finding
from tasks.ordinance_review.analyse import NOTE as NOTE_VERDICT
from tasks.ordinance_review.citations import unit_label
from tasks.ordinance_review.diff import ADDED, DELETED, MOVED, Change, LawDiff
from tasks.ordinance_review.units import clean

INDEX_COLUMNS = ["조례", "조례 조문", "법령", "인용", "대상", "변경유형", "판정", "권고 인용", "개정문", "담당부서"]
AFFECTED_COLUMNS = [*INDEX_COLUMNS, "공포일자", "공포번호", "시행일", "개정 전", "개정 후", "비고"]
SIDE_BY_SIDE_COLUMNS = ["법령", "공포일자", "공포번호", "시행일", "조문", "변경유형", "현행", "개정", "비고"]
HIGHLIGHT = {FIX: FINDING, REVIEW: WARNING, NOTE_VERDICT: NOTE, NONE: OK}
_TOKEN = re.compile(r"\S+|\s+")


@lru_cache(maxsize=4096)
def mark_changes(old: str, new: str) -> tuple[str, str]:
    """Both texts with the words that differ wrapped in 【】, compared word by word (once per pair of texts)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.extend(a[i1:i2])
            right.extend(b[j1:j2])
            continue
        if i2 > i1:
            left.append(_wrap("".join(a[i1:i2])))
        if j2 > j1:
            right.append(_wrap("".join(b[j1:j2])))
    return "".join(left), "".join(right)


def _wrap(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}【{stripped}】{trail}"


def _index_row(finding: Finding) -> dict[str, Any]:
    c = finding.citation
    return {
        "조례": c.ordinance,
        "조례 조문": c.place,
        "법령": finding.version.name if finding.version is not None else c.law,
        "인용": c.written,
        "대상": c.target.label(),
        "변경유형": finding.kind,
        "판정": finding.verdict,
        "권고 인용": finding.proposed,
        "개정문": finding.sentence,
        "담당부서": finding.ordinance.department,
    }


def index_table(analysis: Analysis) -> ResultTable:
    df = pd.DataFrame([_index_row(f) for f in analysis.findings], columns=INDEX_COLUMNS)
    return ResultTable(
        "인용색인",
        df,
        highlight_by="판정",
        highlight=HIGHLIGHT,
        note="조례가 인용한 법령 조항 전부(파서 점검용). 판정은 모든 개정 중 가장 무거운 것입니다.",
    )


def affected_table(analysis: Analysis) -> ResultTable:
    from tasks.ordinance_review.analyse import amendment_sentence, proposed_text

    rows: list[dict[str, Any]] = []
    for finding in analysis.findings:
        for a in finding.assessments:
            if a.verdict == NONE or a.diff is None:
                continue
            row = _index_row(finding)
            proposed = proposed_text(finding.citation, a.target_now) if a.verdict == FIX and a.target_now else ""
            old_marked, new_marked = (
                mark_changes(a.old_text, a.new_text) if a.old_text and a.new_text else (a.old_text, a.new_text)
            )
            row.update(
                {
                    "변경유형": a.kind,
                    "판정": a.verdict,
                    "권고 인용": proposed,
                    "개정문": amendment_sentence(finding.citation.place_ref, finding.citation.written, proposed)
                    if proposed
                    else "",
                    "공포일자": a.diff.new.promulgated,
                    "공포번호": a.diff.new.promulgation_no,
                    "시행일": a.effective or a.diff.effective,
                    "개정 전": old_marked,
                    "개정 후": new_marked,
                    "비고": a.note,
                }
            )
            rows.append(row)
    df = pd.DataFrame(rows, columns=AFFECTED_COLUMNS)
    return ResultTable(
        "영향조례",
        df,
        {"공포일자": "date", "시행일": "date"},
        highlight_by="판정",
        highlight=HIGHLIGHT,
        note="개정별로 '해당 없음'이 아닌 인용. 바뀐 글자는 【 】로 표시했습니다.",
    )


def _parent(key: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
    last = max(i for i, part in enumerate(key) if part)
    return tuple("" if i == last else part for i, part in enumerate(key))  # type: ignore[return-value]


def _shown_changes(diff: LawDiff) -> list[Change]:
    """The units a 신구조문대비표 lists: not the children that merely followed their parent."""
    by_old = diff.by_old
    out = []
    for change in diff.ordered_changes():
        key = change.old or change.new
        assert key is not None
        if any(key[1:]):
            parent = _parent(key)
            parent_change = by_old.get(parent) if change.old else diff.added.get(parent)
            if parent_change is not None and parent_change.kind == change.kind and change.kind in (ADDED, DELETED):
                continue
            if change.kind == MOVED and parent_change is not None and parent_change.kind == MOVED:
                if clean(change.old_text.split("\n")[0]) == clean(change.new_text.split("\n")[0]):
                    continue
        elif change.kind not in (ADDED, DELETED, MOVED) and diff.old_units.articles.get(key[0]) is not None:
            old_article = diff.old_units.articles[key[0]]
            new_article = diff.new_units.articles.get(key[0])
            if new_article is not None and old_article.own_words == new_article.own_words:
                continue  # only its 항/호 changed: they have rows of their own
        out.append(change)
    return out


def side_by_side_table(analysis: Analysis) -> ResultTable:
    rows: list[dict[str, Any]] = []
    for diff in analysis.diffs:
        for change in _shown_changes(diff):
            old_shown = change.old_text if not any((change.old or ("", "", "", ""))[1:]) else change.old_text.split("\n")[0]
            new_shown = change.new_text if not any((change.new or ("", "", "", ""))[1:]) else change.new_text.split("\n")[0]
            if change.kind in (ADDED, DELETED):
                old_shown, new_shown = change.old_text, change.new_text
            old_marked, new_marked = mark_changes(old_shown, new_shown)
            place = unit_label(change.old) if change.old else ""
            if change.new and change.new != change.old:
                place = f"{place} → {unit_label(change.new)}" if place else unit_label(change.new)
            notes = [*(f"수치 {f}" for f in change.figures), *(f"기관명 {r}" for r in change.renames)]
            if change.delegation_lost:
                notes.append("조례 위임 문구 없어짐")
            rows.append(
                {
                    "법령": diff.new.name,
                    "공포일자": diff.new.promulgated,
                    "공포번호": diff.new.promulgation_no,
                    "시행일": change.effective or diff.effective,
                    "조문": place,
                    "변경유형": change.kind,
                    "현행": old_marked,
                    "개정": new_marked,
                    "비고": "; ".join(notes),
                }
            )
    df = pd.DataFrame(rows, columns=SIDE_BY_SIDE_COLUMNS)
    return ResultTable(
        "신구대비",
        df,
        {"공포일자": "date", "시행일": "date"},
        note="개정된 조문의 현행·개정 대비(신구조문대비표 형식). 바뀐 글자는 【 】로 표시했습니다.",
    )


def summary_items(analysis: Analysis, amendments: int) -> list[SummaryItem]:
    counts = analysis.counts()
    kinds = {FIX: FINDING, REVIEW: WARNING, NOTE_VERDICT: NOTE, NONE: ""}
    items = [
        SummaryItem("검토한 법령", len(analysis.laws)),
        SummaryItem("검토한 개정", amendments, note="같은 법령의 연속된 두 판(공포일자 순)마다 1건"),
        SummaryItem("읽은 조례", len(analysis.ordinances)),
        SummaryItem("찾은 인용", len(analysis.findings)),
    ]
    items += [SummaryItem(f"  {verdict}", counts[verdict], kinds[verdict]) for verdict in VERDICT_ORDER]
    return items
