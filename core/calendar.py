"""Korean public holidays (관공서의 공휴일에 관한 규정) from the maintained ``holidays`` library.

Substitute holidays (대체공휴일), election days and temporary holidays come with it. Clerks can add
dates (a newly declared 임시공휴일) and remove dates (a day the library lists but the city worked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

WEEKDAYS_KO = "월화수목금토일"


@lru_cache(maxsize=64)
def _year(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("KR", years=year, language="ko").items())


class HolidayCalendar:
    def __init__(self, extra: Iterable[dt.date] = (), removed: Iterable[dt.date] = ()):
        self.extra = set(extra)
        self.removed = set(removed)

    def holiday_name(self, day: dt.date) -> str | None:
        """Name of the public holiday on *day*, or None. Weekends are not named here."""
        if day in self.removed:
            return None
        if day in self.extra:
            return "추가 지정 휴일"
        return _year(day.year).get(day)

    def kind(self, day: dt.date) -> tuple[bool, str]:
        """(is a day off, Korean label): '평일', '토요일', '일요일', or the holiday's name."""
        name = self.holiday_name(day)
        if name:
            return True, f"공휴일({name})"
        if day in self.removed:
            return False, "평일(근무일 지정)"
        if day.weekday() == 5:
            return True, "토요일"
        if day.weekday() == 6:
            return True, "일요일"
        return False, "평일"

    def is_working_day(self, day: dt.date) -> bool:
        return not self.kind(day)[0]

    def next_working_day(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


def weekday_ko(day: dt.date) -> str:
    return WEEKDAYS_KO[day.weekday()]
