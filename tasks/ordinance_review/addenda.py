"""What an amendment's own 부칙 says: from when each changed unit applies, and which references it re-points.

- 시행일 (부칙 제1조): "공포한 날부터", "2025년 1월 1일부터", "공포 후 6개월이 경과한 날부터", and the
  staggered "다만, 제4조제2항제3호의 개정규정은 …" or "다음 각 호의 개정규정은 …" with one date per 호.
  "N개월이 경과한 날" is the day after the period ends, counted from the day after 공포 (민법 제157조
  초일 불산입, 제160조 역에 의한 계산) [L]: 2024.2.20 공포 + 6개월 → 2024.8.21; the repo's own 시행일자
  values agree (2023.6.9 + 1개월 → 2023.7.10).
- Re-pointing: a 부칙 that amends other laws writes ``제N조 중 "「이 법」 제31조제2항"을 "「이 법」
  제31조제4항"으로 한다``; the same mapping fixes an ordinance that cites the old place (issue 12, 낡은 인용).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tasks.ordinance_review.citations import name_key, targets_in
from tasks.ordinance_review.model import Addendum, LawVersion
from tasks.ordinance_review.units import Key

_ON_DATE = re.compile(r"((?:19|20)\d\d)\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_AFTER = re.compile(r"공포\s*(?:후|한\s*날부터)\s*(\d+)\s*(개월|년|일)(?:이|가)?\s*(?:경과|지난)")
_PROMULGATION_DAY = re.compile(r"공포한\s*날(?:부터|로부터)")
_REPOINT = re.compile(r"[\"“]([^\"”]+)[\"”]\s*(?:을|를)\s*[\"“]([^\"”]+)[\"”]\s*(?:으로|로)")


def own_addendum(version: LawVersion) -> Addendum | None:
    """The 부칙 promulgated with this version (same 공포번호, else same 공포일자, else none)."""
    same_date = [a for a in version.addenda if a.promulgated == version.promulgated]
    numbered = [a for a in same_date if a.number and a.number == version.promulgation_no.lstrip("0")]
    chosen = numbered or same_date
    return chosen[-1] if chosen else None


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def date_in(text: str, promulgated: dt.date) -> dt.date | None:
    """The date a 시행일 clause names, or None when it names none this reader knows."""
    found = _ON_DATE.search(text)
    if found:
        try:
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
    after = _AFTER.search(text)
    if after:
        count, unit = int(after.group(1)), after.group(2)
        if unit == "개월":
            return add_months(promulgated, count) + dt.timedelta(days=1)
        if unit == "년":
            return add_months(promulgated, 12 * count) + dt.timedelta(days=1)
        return promulgated + dt.timedelta(days=count + 1)
    if _PROMULGATION_DAY.search(text):
        return promulgated
    return None


def amendment_dates(version: LawVersion) -> tuple[dt.date | None, list[tuple[Key, dt.date]]]:
    """(main 시행일, [(unit key prefix, its own 시행일)]) from this version's 부칙 제1조; the header's 시행일자 as a fallback."""
    addendum = own_addendum(version)
    if addendum is None:
        return version.effective, []
    clause = addendum.text
    for article in addendum.articles:
        if "시행" in article.title:
            clause = "\n".join(article.lines)
            break
    head, _, rest = clause.partition("다만")
    main = date_in(head, version.promulgated) or version.effective
    staggered: list[tuple[Key, dt.date]] = []
    for part in re.split(r"\n|(?<=다\.)\s+", rest):
        if "개정규정" not in part and "규정은" not in part:
            continue
        names, _, when = part.partition("개정규정")
        date = date_in(when or part, version.promulgated)
        if date is None:
            continue
        for target in targets_in(names):
            if target.comparable:
                staggered.append((target.parts(), date))
    return main, staggered


def repoints(version: LawVersion) -> dict[str, str]:
    """``{"제31조제2항": "제31조제4항"}`` from this version's own 부칙, for references to this very law."""
    addendum = own_addendum(version)
    if addendum is None:
        return {}
    key = name_key(version.name)
    out: dict[str, str] = {}
    for old, new in _REPOINT.findall(addendum.text):
        names = re.findall(r"「([^」]+)」", old)
        if not names or name_key(names[0]) != key:
            continue
        before, after = targets_in(old), targets_in(new)
        if len(before) == 1 and len(after) == 1 and before[0].comparable and after[0].comparable:
            out[before[0].label()] = after[0].label()
    return out
