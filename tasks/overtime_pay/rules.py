"""The legal rules of 시간외근무수당 (지방공무원 수당 등에 관한 규정 제15조), as plain functions.

Every number here is a parameter default in ``tasks/overtime_pay/__init__.py``; this module only
applies what it is given.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from core.paths import resources_dir

# 직급 명칭 → 급수 (지방공무원 임용령 별표 1의 일반직 직급 명칭). Longest suffix first: 주사보 before 주사.
TITLE_GRADES: tuple[tuple[str, int], ...] = (
    ("부이사관", 3),
    ("이사관", 2),
    ("서기관", 4),
    ("사무관", 5),
    ("주사보", 7),
    ("서기보", 9),
    ("주사", 6),
    ("서기", 8),
)
_GRADE_DIGIT = re.compile(r"([1-9])\s*급")


def parse_grade(text: str) -> str:
    """'7급', '행정7급', '지방행정주사보', '주무관(7급)' → '7급'. Raises ValueError in Korean."""
    compact = re.sub(r"\s+", "", text or "")
    if not compact:
        raise ValueError("직급이 비어 있습니다")
    m = _GRADE_DIGIT.search(compact)
    if m:
        return f"{m.group(1)}급"
    bare = re.sub(r"\(.*?\)", "", compact)
    for title, grade in TITLE_GRADES:
        if bare.endswith(title):
            return f"{grade}급"
    raise ValueError("알 수 없는 직급입니다 (예: 7급, 행정7급, 지방행정주사보, 주무관(7급))")


RateTable = dict[tuple[int, str], int]


def builtin_rates(path: Path | None = None) -> RateTable:
    path = path or resources_dir() / "rates" / "overtime_unit_prices.csv"
    rates: RateTable = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rates[(int(row["연도"]), row["직급"])] = int(row["단가"])
    return rates


@dataclass(frozen=True)
class DayRule:
    min_minutes: int = 60  # 1시간 미만이면 합산하지 않음 (제15조⑤)
    weekday_deduction: int = 60  # 그 밖의 날은 1시간을 뺀 시간 (제15조⑤)
    daily_cap: int = 240  # 1일 4시간 (제15조④)
    exception_lifts_daily_cap: bool = True  # ④ 단서: 현업·재난은 한도 적용 안 함


@dataclass(frozen=True)
class DayOutcome:
    raw: int
    deduction: int
    capped_off: int
    recognised: int
    note: str


def recognise_day(raw: int, is_day_off: bool, exception: bool, rule: DayRule) -> DayOutcome:
    """One person-day: rows already added up into *raw* minutes."""
    if raw < rule.min_minutes:
        return DayOutcome(raw, 0, 0, 0, f"{rule.min_minutes}분 미만 불인정")
    deduction = 0 if is_day_off else min(rule.weekday_deduction, raw)
    after = raw - deduction
    notes = ["휴일 공제 없음" if is_day_off else f"평일 {deduction}분 공제"]
    capped_off = 0
    if after > rule.daily_cap:
        if exception and rule.exception_lifts_daily_cap:
            notes.append("예외 근무: 1일 상한 미적용")
        else:
            capped_off = after - rule.daily_cap
            notes.append(f"1일 {rule.daily_cap // 60}시간 상한")
    return DayOutcome(raw, deduction, capped_off, after - capped_off, ", ".join(notes))


def month_hours(total_minutes: int, cap: int, exception: bool) -> tuple[int, int, bool]:
    """(인정시간, 한도적용시간, 월 한도 초과?) — 분 단위 합산 후 1시간 미만 버림 (제15조⑤)."""
    hours = total_minutes // 60
    over = hours > cap
    return hours, (hours if exception else min(hours, cap)), over
