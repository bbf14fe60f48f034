"""The rules of 개인지방소득세 대사, as plain functions (지방세법 제92·95·96·99조, 지방세기본법 제53~55·59조).

Scalar functions are the statement of the rule and what the golden tests check by hand; the ``*_array``
functions are the same rules for a million rows at once, in whole numbers, tested equal to them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import numpy as np
import pandas as pd

from core.calendar import HolidayCalendar
from core.money import truncate_10won, truncate_10won_array

NON_FILING_RATE = Decimal("0.20")  # 무신고가산세 20% (지방세기본법 제53조①)
UNDER_REPORTING_RATE = Decimal("0.10")  # 과소신고가산세 10% (제54조①)
LATE_DAILY_RATE = Decimal("0.00022")  # 납부지연가산세 1일 10만분의 22 (제55조①1, 시행령)
LATE_CAP_RATE = Decimal("0.75")  # 납부지연가산세 한도 75% (제55조①)


def expected_local_tax(national_decided_tax: int) -> int:
    """국세 결정세액 × 10%, 10원 미만 버림 (지방세법 제92조의 1/10 세율, 지방세기본법 제59조).

    123,456원 → 12,345.6원 → 12,340원. Credits under 지방세특례제한법 can make a legitimate small gap.
    """
    return truncate_10won(Decimal(national_decided_tax) / 10)


def expected_local_tax_array(national_decided_tax: np.ndarray | pd.Series) -> np.ndarray:
    """``expected_local_tax`` for a column of int won: floor(x / 10), then 10원 미만 버림."""
    values = np.asarray(national_decided_tax, dtype="int64")
    return truncate_10won_array(np.floor_divide(values, 10))


def non_filing_penalty(expected: int) -> int:
    """무신고가산세: 납부할 세액의 20% (지방세기본법 제53조①, 부정 무신고 40%는 판단하지 않음)."""
    return truncate_10won(Decimal(expected) * NON_FILING_RATE) if expected > 0 else 0


def under_reporting_penalty(shortfall: int) -> int:
    """과소신고가산세: 과소신고분 세액의 10% (지방세기본법 제54조①)."""
    return truncate_10won(Decimal(shortfall) * UNDER_REPORTING_RATE) if shortfall > 0 else 0


def filing_deadline(year: int, calendar: HolidayCalendar | None = None) -> dt.date:
    """종합소득분 확정신고·납부 기한: 귀속연도 다음 해 5월 31일 (지방세법 제95조①, 소득세법 제70조),
    토요일·공휴일이면 그다음 날 (지방세기본법 제24조). 성실신고확인대상(6월 30일)은 구분하지 않습니다."""
    day = dt.date(year + 1, 5, 31)
    return (calendar or HolidayCalendar()).next_working_day(day)


def late_payment_penalty(unpaid: int, deadline: dt.date, reference: dt.date) -> tuple[int, int]:
    """(납부지연가산세, 일수): 미납세액 × 0.022% × 기한 다음 날부터 기준일까지의 일수, 75% 한도
    (지방세기본법 제55조①1). Returns (0, 0) when nothing is late."""
    days = (reference - deadline).days
    if unpaid <= 0 or days <= 0:
        return 0, max(days, 0)
    amount = min(Decimal(unpaid) * LATE_DAILY_RATE * days, Decimal(unpaid) * LATE_CAP_RATE)
    return truncate_10won(amount), days


# ----------------------------------------------------------------------------- 납세지 (주소의 시·군·구)
SIDO_ALIASES: dict[str, str] = {
    "서울": "서울특별시",
    "서울시": "서울특별시",
    "서울특별시": "서울특별시",
    "부산": "부산광역시",
    "부산시": "부산광역시",
    "부산광역시": "부산광역시",
    "대구": "대구광역시",
    "대구시": "대구광역시",
    "대구광역시": "대구광역시",
    "인천": "인천광역시",
    "인천시": "인천광역시",
    "인천광역시": "인천광역시",
    "광주": "광주광역시",
    "광주광역시": "광주광역시",  # '광주시' alone is ambiguous: see sigungu_of
    "대전": "대전광역시",
    "대전시": "대전광역시",
    "대전광역시": "대전광역시",
    "울산": "울산광역시",
    "울산시": "울산광역시",
    "울산광역시": "울산광역시",
    "세종": "세종특별자치시",
    "세종시": "세종특별자치시",
    "세종특별자치시": "세종특별자치시",
    "경기": "경기도",
    "경기도": "경기도",
    "강원": "강원특별자치도",
    "강원도": "강원특별자치도",
    "강원특별자치도": "강원특별자치도",
    "충북": "충청북도",
    "충청북도": "충청북도",
    "충남": "충청남도",
    "충청남도": "충청남도",
    "전북": "전북특별자치도",
    "전라북도": "전북특별자치도",
    "전북특별자치도": "전북특별자치도",
    "전남": "전라남도",
    "전라남도": "전라남도",
    "경북": "경상북도",
    "경상북도": "경상북도",
    "경남": "경상남도",
    "경상남도": "경상남도",
    "제주": "제주특별자치도",
    "제주도": "제주특별자치도",
    "제주특별자치도": "제주특별자치도",
}
# 광주광역시의 자치구: '광주시 북구 …'는 경기도 광주시가 아니라 광주광역시입니다.
GWANGJU_METRO_GU = {"동구", "서구", "남구", "북구", "광산구"}
_SPLIT = re.compile(r"[\s,]+")


def sigungu_of(address: str) -> tuple[str | None, str | None]:
    """(시·도, 시·군·구) of a Korean address; either part None when the address does not say.

    '경기 광주시 오포읍 …' → ('경기도', '광주시'); '광주광역시 북구 …' → ('광주광역시', '북구');
    '광주시 북구 …' → ('광주광역시', '북구'); '광주시 오포읍 …' → (None, '광주시').
    """
    tokens = [t for t in _SPLIT.split(address or "") if t]
    if not tokens:
        return None, None
    first = tokens[0]
    sido = SIDO_ALIASES.get(first)
    if sido is None and first == "광주시" and len(tokens) > 1 and tokens[1] in GWANGJU_METRO_GU:
        return "광주광역시", tokens[1]
    if sido is None:
        return None, first if first.endswith(("시", "군", "구")) else None
    if sido == "세종특별자치시":
        return sido, sido
    rest = tokens[1] if len(tokens) > 1 else None
    return sido, rest if rest and rest.endswith(("시", "군", "구")) else None


def parse_city(text: str) -> tuple[str | None, str | None]:
    """The ``city`` parameter ('경기도 광주시', '경기 광주시', '광주광역시 북구') as (시·도, 시·군·구)."""
    return sigungu_of(text)


def in_city(address: str, city: tuple[str | None, str | None]) -> bool | None:
    """True/False when the address names its 시·군·구; None when it cannot tell (no check made)."""
    want_sido, want_sigungu = city
    sido, sigungu = sigungu_of(address)
    if want_sido and sido and sido != want_sido:
        return False
    if want_sigungu:
        return None if sigungu is None else sigungu == want_sigungu
    return None if sido is None else True


# ----------------------------------------------------------------------------- the same rules, a column at a time
def non_filing_penalty_array(expected: np.ndarray) -> np.ndarray:
    """``non_filing_penalty`` for int64 won: 20% is x × 20 // 100, then 10원 미만 버림 (0 where nothing is due)."""
    values = np.asarray(expected, dtype="int64")
    return np.where(values > 0, truncate_10won_array(values * 20 // 100), 0)


def under_reporting_penalty_array(shortfall: np.ndarray) -> np.ndarray:
    """``under_reporting_penalty`` for int64 won: 10% is x // 10, then 10원 미만 버림."""
    values = np.asarray(shortfall, dtype="int64")
    return np.where(values > 0, truncate_10won_array(values // 10), 0)


def late_payment_penalty_array(unpaid: np.ndarray, days: np.ndarray) -> np.ndarray:
    """``late_payment_penalty``'s amount for int64 won and day counts: floor(min(x × 22 × d, x × 75,000) / 100,000),
    10원 미만 버림 — 0.022% a day capped at 75%, in whole numbers so no float ever rounds a won."""
    values = np.asarray(unpaid, dtype="int64")
    count = np.asarray(days, dtype="int64")
    amount = np.minimum(values * 22 * count, values * 75_000) // 100_000
    return np.where((values > 0) & (count > 0), truncate_10won_array(amount), 0)
