"""The structural diff on the real law pairs of ../shared/data/law-cases (history tags ignored)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.documents import read_document
from tasks.ordinance_review.diff import DELETED, MOVED, REWORDED, body_renames, diff_versions, figure_changes
from tasks.ordinance_review.markdown import read_markdown
from tasks.ordinance_review.model import LawVersion
from tasks.ordinance_review.units import clean

LAW_CASES = Path("/work/shared/data/law-cases")


def _law(case: str, name: str) -> LawVersion:
    path = LAW_CASES / case / name
    if not path.is_file():
        pytest.skip("../shared/data/law-cases is not on this machine")
    doc = read_document(path)
    record = read_markdown(doc)  # type: ignore[arg-type]
    assert isinstance(record, LawVersion)
    return record


def _pair(case: str, old: str, new: str):  # type: ignore[no-untyped-def]
    return diff_versions(_law(case, old), _law(case, new))


def test_c1_law_article_11_paragraph_4_moved_to_5() -> None:
    diff = _pair("C1-hometown-donation", "law-old-법률.md", "law-new-법률.md")
    assert diff.forward[("11", "4", "", "")] == ("11", "5", "", "")
    assert diff.by_old[("11", "4", "", "")].kind == MOVED
    assert ("11", "4", "", "") in diff.added  # the new ④ (답례품 비용) is 신설
    assert diff.forward[("11", "3", "", "")] == ("11", "3", "", "")  # ③ untouched
    assert ("11", "3", "", "") not in diff.by_old
    # 부칙 제1조: 공포한 날, but 제11조제2항 본문 and the new ④ 6개월 후, 제8조제3항 2025.1.1
    assert diff.effective == dt.date(2024, 2, 20)
    assert diff.added[("11", "4", "", "")].effective == dt.date(2024, 8, 21)
    assert diff.by_old[("11", "2", "", "")].effective == dt.date(2024, 8, 21)
    assert diff.by_old[("8", "3", "", "")].effective == dt.date(2025, 1, 1)
    assert diff.by_old[("11", "4", "", "")].effective == dt.date(2024, 2, 20)


def test_c1_decree_figure_500만원_to_2천만원() -> None:
    diff = _pair("C1-hometown-donation", "law-old-시행령.md", "law-new-시행령.md")
    change = diff.by_old[("4", "2", "3", "")]
    assert change.kind == REWORDED
    assert change.figures == ("500만원 → 2천만원",)
    assert change.effective == dt.date(2025, 1, 1)  # 부칙 제1조 단서
    # 제3조: old ② (광고매체) deleted, old ③ became ②, a new ③ added
    assert diff.by_old[("3", "2", "", "")].kind == DELETED
    assert diff.forward[("3", "3", "", "")] == ("3", "2", "", "")
    assert ("3", "3", "", "") in diff.added


def test_c4_decree_article_32_renumbered() -> None:
    diff = _pair("C4-personal-info", "law-old-시행령.md", "law-new-시행령.md")
    # a new ① was inserted: the 조례's 제32조제1항 and 제32조제2항제1호 now point at other words
    assert diff.forward[("32", "1", "", "")] == ("32", "2", "", "")
    assert diff.forward[("32", "2", "1", "")] == ("32", "3", "1", "")
    assert diff.forward[("32", "2", "1", "가")] == ("32", "3", "1", "가")
    assert diff.forward[("32", "4", "", "")] == ("32", "5", "", "")
    assert diff.by_old[("32", "3", "", "")].kind == DELETED  # 소상공인 paragraph
    assert {("32", "1", "", ""), ("32", "4", "", ""), ("32", "6", "", "")} <= set(diff.added)


def test_c4_law_addendum_repoints_article_31_paragraph_2() -> None:
    diff = _pair("C4-personal-info", "law-old-법률.md", "law-new-법률.md")
    assert diff.repoints == {"제31조제2항": "제31조제4항"}
    assert diff.effective == dt.date(2026, 9, 11)  # 공포 후 6개월이 경과한 날


def test_ministry_renames() -> None:
    diff = _pair("C5-public-property", "law-old-시행령-20251230.md", "law-new-시행령-20251230.md")
    change = diff.by_old[("38", "1", "14", "나")]
    assert change.renames == ("기획재정부장관 → 재정경제부장관",)
    assert diff.by_old[("79", "1", "4", "")].renames == ("기획재정부장관 → 재정경제부장관",)
    assert diff.effective == dt.date(2026, 1, 2)
    assert body_renames("환경부장관이 정하는 기준", "기후에너지환경부장관이 정하는 기준") == (
        "환경부장관 → 기후에너지환경부장관",
    )


def test_c3_decree_17_2_exists_in_neither_version() -> None:
    for old, new in (("law-old-시행령.md", "law-new-시행령.md"), ("law-old-시행령-20240816.md", "law-new-시행령-20240816.md")):
        diff = _pair("C3-parking-act", old, new)
        assert diff.old_units.get(("17", "2", "", "")) is None
        assert diff.new_units.get(("17", "2", "", "")) is None
        assert diff.new_units.get(("17", "", "", "")) is not None


def test_history_tags_are_ignored() -> None:
    diff = _pair("C1-hometown-donation", "law-old-시행령.md", "law-new-시행령.md")
    # 제4조② only gained "<개정 2024.8.13>" on its own line; its words did not change
    assert clean(diff.old_units.units[("4", "2", "", "")].own) == clean(diff.new_units.units[("4", "2", "", "")].own)
    assert clean("③ 삭제 <2024.2.20>") == "삭제"
    assert clean("① 법은 … 한다. <개정 2023.3.14, 2026.3.10>") == "법은 … 한다."


def test_figure_changes_pair_amounts_periods_and_ratios() -> None:
    assert figure_changes("100분의 15 이내, 30일 이내, 500만원", "100분의 30 이내, 60일 이내, 500만원") == (
        "100분의15 → 100분의30",
        "30일 → 60일",
    )
    assert figure_changes("3개월", "3개월") == ()
