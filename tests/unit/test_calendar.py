from __future__ import annotations

import datetime as dt

from core.calendar import HolidayCalendar


def test_korean_public_holidays_with_substitutes_and_elections() -> None:
    cal = HolidayCalendar()
    assert cal.kind(dt.date(2026, 3, 2)) == (True, "공휴일(삼일절 대체 휴일)")
    assert cal.kind(dt.date(2026, 6, 3))[0]  # 전국동시지방선거
    assert cal.kind(dt.date(2025, 6, 3))[0]  # 제21대 대통령선거
    assert cal.kind(dt.date(2026, 3, 3)) == (False, "평일")
    assert cal.kind(dt.date(2026, 3, 7)) == (True, "토요일")
    assert cal.next_working_day(dt.date(2026, 2, 14)) == dt.date(2026, 2, 19)  # 주말 + 설 연휴


def test_clerk_added_and_removed_days() -> None:
    cal = HolidayCalendar(extra=[dt.date(2026, 3, 3)], removed=[dt.date(2026, 3, 2), dt.date(2026, 3, 7)])
    assert cal.kind(dt.date(2026, 3, 3)) == (True, "공휴일(추가 지정 휴일)")
    assert cal.kind(dt.date(2026, 3, 2)) == (False, "평일(근무일 지정)")
    assert cal.kind(dt.date(2026, 3, 7)) == (False, "평일(근무일 지정)")
