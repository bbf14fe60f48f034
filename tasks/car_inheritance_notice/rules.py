"""The rules of 자동차 상속이전: the 신청기한, the 예상범칙금, the 구분 of each car, the 공고 dates.

Sources (domain-rules.md section 11):
- 자동차등록령 제26조①3 [L]: 상속 → 상속개시일(사망일)이 속하는 달의 말일부터 6개월 이내 이전등록 신청.
  "…달의 말일부터 6개월" is read by 민법 제157·160조 as ending on the last day of the sixth month
  after the month of death (death 3/3 → 9/30; 8/15 → 2/28 of the next year; 2027-08-31 → 2028-02-29).
- 민법 제161조 [S for 행정 기간]: a period whose last day is a Saturday or 공휴일 ends on the next working
  day. A documented default (``roll_to_workday``), on core.calendar's holiday list.
- 자동차관리법 제80조·제84조, 시행령 별표 [S: 울산·광명·청주 차량등록 pages]: 범칙금 by d days late:
  1–10 → 100,000원; 11–49 → 100,000 + (d − 10) × 10,000원; 50 and more → 500,000원.
- 행정절차법 제14조④ [S]: 공시송달 when the address is unknown or delivery is impossible;
  제15조③ [S]: it takes effect when 14 days have passed since the 공고일 (cities write 공고일 + 14).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass

from core.calendar import HolidayCalendar
from tasks.car_inheritance_notice.outcomes import (
    GUIDED,
    MIN_NOTICE_DAYS,
    NOTICE_EFFECT_DAYS,
    OVERDUE,
    PUBLIC_NOTICE,
    TO_GUIDE,
    TRANSFERRED,
)

# 송달결과 values (the heir's letter came back, or could not be sent).
DELIVERED = "송달"
UNDELIVERED = ("반송", "수취인불명", "폐문부재", "주소불명")
DELIVERY_RESULTS = (DELIVERED, *UNDELIVERED)

FINE_FLOOR = 100_000  # 원, 1–10 days late
FINE_STEP = 10_000  # 원 a day from day 11
FINE_CAP = 500_000  # 원, from day 50

DEADLINE_BASIS = "자동차등록령 제26조①3(사망일이 속하는 달의 말일부터 6개월)"
ROLL_BASIS = "민법 제161조(말일이 토요일·공휴일이면 다음 근무일)"
FINE_BASIS = "자동차관리법 제80조·제84조, 시행령 별표(범칙금)"
NOTICE_BASIS = "행정절차법 제14조④(공시송달), 제15조③(공고일부터 14일이 지난 때 효력)"


def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, month_calendar.monthrange(year, month)[1])


def statutory_deadline(death: dt.date) -> dt.date:
    """The last day of the sixth month after the month of death (before any holiday roll)."""
    months = death.year * 12 + (death.month - 1) + 6
    return last_day_of_month(months // 12, months % 12 + 1)


@dataclass(frozen=True)
class Deadline:
    day: dt.date  # the 신청기한 that counts
    statutory: dt.date  # the month-end the decree gives
    rolled_because: str = ""  # '일요일', '공휴일(삼일절)' … when the day moved

    @property
    def note(self) -> str:
        if not self.rolled_because:
            return ""
        return f"말일 {self.statutory.isoformat()}({self.rolled_because}) → 다음 근무일 {self.day.isoformat()}"


def deadline(death: dt.date, *, roll_to_workday: bool = True, holidays: HolidayCalendar | None = None) -> Deadline:
    statutory = statutory_deadline(death)
    if not roll_to_workday:
        return Deadline(statutory, statutory)
    calendar = holidays or HolidayCalendar()
    off, label = calendar.kind(statutory)
    if not off:
        return Deadline(statutory, statutory)
    return Deadline(calendar.next_working_day(statutory), statutory, label)


def days_late(deadline_day: dt.date, base: dt.date) -> int:
    """Days past the 신청기한 on the 기준일 (0 until it has passed): the day after the deadline is day 1."""
    return max((base - deadline_day).days, 0)


def estimated_fine(days: int) -> int:
    """예상범칙금 in 원 for *days* late (an estimate: the 범칙금 is decided when it is notified)."""
    if days <= 0:
        return 0
    if days <= 10:
        return FINE_FLOOR
    if days <= 49:
        return FINE_FLOOR + (days - 10) * FINE_STEP
    return FINE_CAP


@dataclass(frozen=True)
class Status:
    transferred_on: dt.date | None  # 이전등록일
    deregistered_on: dt.date | None  # 말소등록일
    guided_on: dt.date | None  # 안내일
    delivery: str  # 송달결과, '' when not known
    heir_address_known: bool


@dataclass(frozen=True)
class Decision:
    category: str
    reason: str

    @property
    def in_notice(self) -> bool:
        return self.category == PUBLIC_NOTICE


def classify(status: Status, deadline_day: dt.date, base: dt.date) -> Decision:
    """The 구분: 이전완료 > 공시송달 대상 > 기한 경과 > 안내 대상 > 안내 완료 (the first that applies)."""
    if status.transferred_on is not None:
        return Decision(TRANSFERRED, f"이전등록일 {status.transferred_on.isoformat()}: 대상에서 제외")
    if status.deregistered_on is not None:
        return Decision(TRANSFERRED, f"말소등록일 {status.deregistered_on.isoformat()}: 대상에서 제외")
    if status.delivery in UNDELIVERED:
        return Decision(PUBLIC_NOTICE, f"안내문 송달 불가({status.delivery}): 행정절차법 제14조④에 따라 공시송달")
    if not status.heir_address_known:
        return Decision(PUBLIC_NOTICE, "상속인 주소를 알 수 없음: 행정절차법 제14조④에 따라 공시송달")
    if base > deadline_day:
        return Decision(OVERDUE, f"신청기한({deadline_day.isoformat()})이 지남: 범칙금 대상(예상)")
    if status.guided_on is None:
        return Decision(TO_GUIDE, "안내문을 보낸 적 없음: 이번에 안내문 발송")
    shown = f"({status.delivery})" if status.delivery else ""
    return Decision(GUIDED, f"안내일 {status.guided_on.isoformat()}{shown}, 신청기한 전")


@dataclass(frozen=True)
class NoticeDates:
    posted: dt.date  # 공고일
    ends: dt.date  # 공고기간의 끝
    effective: dt.date  # 효력 발생일

    @property
    def days(self) -> int:
        return (self.ends - self.posted).days


def notice_dates(posted: dt.date, notice_days: int) -> NoticeDates:
    """공고기간 공고일 ~ 공고일 + notice_days; effect 공고일 + 14 days (2026-12-01 → 2026-12-15), as cities write it."""
    if notice_days < MIN_NOTICE_DAYS:
        raise ValueError(f"notice_days {notice_days} < {MIN_NOTICE_DAYS}")
    return NoticeDates(posted, posted + dt.timedelta(days=notice_days), posted + dt.timedelta(days=NOTICE_EFFECT_DAYS))
