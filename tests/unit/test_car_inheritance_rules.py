"""car-inheritance-notice rules, golden values worked out by hand from domain-rules.md section 11."""

from __future__ import annotations

import datetime as dt

import pytest

from core.calendar import HolidayCalendar
from tasks.car_inheritance_notice import rules
from tasks.car_inheritance_notice.documents import head_of, korean_date
from tasks.car_inheritance_notice.public import public_address, public_name

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("death", "statutory", "rolled", "why"),
    [
        ("2026-03-03", "2026-09-30", "2026-09-30", ""),  # the decree's own example: a Wednesday
        ("2026-01-31", "2026-07-31", "2026-07-31", ""),  # month end to month end (a Friday)
        ("2026-02-28", "2026-08-31", "2026-08-31", ""),  # February death: six months on is August's 31st
        ("2026-06-30", "2026-12-31", "2026-12-31", ""),
        ("2026-12-01", "2027-06-30", "2027-06-30", ""),  # over the year end
        ("2027-08-31", "2028-02-29", "2028-02-29", ""),  # leap year: 2028-02-29, a Tuesday
        ("2023-08-31", "2024-02-29", "2024-02-29", ""),
        # 2027-02-28 is a Sunday and 2027-03-01 삼일절 (Monday): 2027-03-02
        ("2026-08-15", "2027-02-28", "2027-03-02", "일요일"),
        ("2026-08-31", "2027-02-28", "2027-03-02", "일요일"),
        # 2026-02-28 is a Saturday, 3/1 삼일절 a Sunday, 3/2 its 대체공휴일: 2026-03-03
        ("2025-08-20", "2026-02-28", "2026-03-03", "토요일"),
        # 2026-10-31 is a Saturday: the Monday after
        ("2026-04-10", "2026-10-31", "2026-11-02", "토요일"),
        # 2027-01-31 is a Sunday
        ("2026-07-03", "2027-01-31", "2027-02-01", "일요일"),
    ],
)
def test_deadline(death: str, statutory: str, rolled: str, why: str) -> None:
    found = rules.deadline(D(death))
    assert (found.statutory, found.day, found.rolled_because) == (D(statutory), D(rolled), why)
    plain = rules.deadline(D(death), roll_to_workday=False)
    assert (plain.statutory, plain.day) == (D(statutory), D(statutory))


def test_deadline_note_and_a_city_holiday() -> None:
    assert rules.deadline(D("2026-08-15")).note == "말일 2027-02-28(일요일) → 다음 근무일 2027-03-02"
    assert rules.deadline(D("2026-03-03")).note == ""
    # A 임시공휴일 the clerk added moves the deadline too (the product's one holiday calendar).
    extra = HolidayCalendar(extra=[D("2026-09-30")])
    assert rules.deadline(D("2026-03-03"), holidays=extra).day == D("2026-10-01")


@pytest.mark.parametrize(
    ("days", "fine"),
    [(-5, 0), (0, 0), (1, 100_000), (10, 100_000), (11, 110_000), (30, 300_000), (49, 490_000), (50, 500_000), (200, 500_000)],
)
def test_estimated_fine(days: int, fine: int) -> None:
    assert rules.estimated_fine(days) == fine


def test_days_late_counts_from_the_day_after_the_deadline() -> None:
    deadline = D("2027-03-02")
    assert rules.days_late(deadline, D("2027-03-01")) == 0
    assert rules.days_late(deadline, D("2027-03-02")) == 0
    assert rules.days_late(deadline, D("2027-03-03")) == 1
    assert rules.days_late(deadline, D("2027-03-12")) == 10
    assert rules.days_late(deadline, D("2027-04-21")) == 50


DEADLINE = D("2027-03-02")
BEFORE, ON, AFTER = D("2027-02-15"), D("2027-03-02"), D("2027-03-20")


def status(
    *,
    transferred: str | None = None,
    deregistered: str | None = None,
    guided: str | None = None,
    delivery: str = "",
    address: bool = True,
) -> rules.Status:
    return rules.Status(
        D(transferred) if transferred else None,
        D(deregistered) if deregistered else None,
        D(guided) if guided else None,
        delivery,
        address,
    )


@pytest.mark.parametrize(
    ("case", "base", "category"),
    [
        # 1. 이전완료 wins over everything, also over undelivered mail, a missing address and a passed deadline
        (status(transferred="2027-01-10", delivery="반송", address=False), AFTER, "이전완료"),
        (status(deregistered="2027-01-10", guided="2026-12-01"), AFTER, "이전완료"),
        # 2. 공시송달 대상: each undelivered result, also past the deadline, also before any guidance date
        (status(guided="2026-12-01", delivery="반송"), AFTER, "공시송달 대상"),
        (status(guided="2026-12-01", delivery="수취인불명"), BEFORE, "공시송달 대상"),
        (status(guided="2026-12-01", delivery="폐문부재"), BEFORE, "공시송달 대상"),
        (status(delivery="주소불명"), BEFORE, "공시송달 대상"),
        (status(address=False), BEFORE, "공시송달 대상"),  # the heir's address unknown
        (status(address=False, guided="2026-12-01", delivery="송달"), AFTER, "공시송달 대상"),
        # 3. 기한 경과 wins over 안내 대상 and 안내 완료
        (status(), AFTER, "기한 경과"),
        (status(guided="2026-12-01", delivery="송달"), AFTER, "기한 경과"),
        # 4. 안내 대상: never guided, deadline not passed (on the deadline day it has not passed)
        (status(), BEFORE, "안내 대상"),
        (status(), ON, "안내 대상"),
        # 5. 안내 완료: guided and delivered or not reported
        (status(guided="2026-12-01", delivery="송달"), BEFORE, "안내 완료"),
        (status(guided="2026-12-01"), ON, "안내 완료"),
    ],
)
def test_classify_with_precedence(case: rules.Status, base: dt.date, category: str) -> None:
    decision = rules.classify(case, DEADLINE, base)
    assert decision.category == category
    assert decision.in_notice == (category == "공시송달 대상")


def test_reasons_name_the_cause() -> None:
    assert rules.classify(status(guided="2026-12-01", delivery="폐문부재"), DEADLINE, BEFORE).reason == (
        "안내문 송달 불가(폐문부재): 행정절차법 제14조④에 따라 공시송달"
    )
    assert rules.classify(status(), DEADLINE, AFTER).reason == "신청기한(2027-03-02)이 지남: 범칙금 대상(예상)"


def test_notice_dates() -> None:
    dates = rules.notice_dates(D("2026-12-01"), 14)
    assert (dates.posted, dates.ends, dates.effective, dates.days) == (D("2026-12-01"), D("2026-12-15"), D("2026-12-15"), 14)
    longer = rules.notice_dates(D("2026-12-01"), 20)
    assert (longer.ends, longer.effective) == (D("2026-12-21"), D("2026-12-15"))  # the effect stays 공고일 + 14
    with pytest.raises(ValueError):
        rules.notice_dates(D("2026-12-01"), 13)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("경기도 광주시 경안동 123-4 행복빌라 201호", "경기도 광주시 경안동"),
        ("경기도 광주시 파발로 123, 101동 1203호 (경안동, 행복아파트)", "경기도 광주시 경안동"),
        ("경기도 광주시 오포읍 신현리 45-6", "경기도 광주시 오포읍"),
        ("경기도 성남시 분당구 정자동 1-1 정자빌딩 7층", "경기도 성남시 분당구 정자동"),
        ("서울특별시 송파구 잠실동 12 잠실아파트 5동 502호", "서울특별시 송파구 잠실동"),
        ("서울특별시 강남구 역삼1동 123", "서울특별시 강남구 역삼1동"),
        ("경기도 광주시 역동로 77, 3동 305호", "경기도 광주시"),  # no 읍·면·동 named: the 시·군·구 alone
        ("세종특별자치시 조치원읍 1", "세종특별자치시 조치원읍"),
        ("", ""),
    ],
)
def test_public_address(address: str, public: str) -> None:
    assert public_address(address) == public


def test_names_and_words() -> None:
    assert public_name("홍길동") == "홍*동"
    assert public_name("남궁민수") == "남**수"
    assert (head_of("광주시"), head_of("중구"), head_of("양평군")) == ("광주시장", "중구청장", "양평군수")
    assert korean_date(D("2026-12-01")) == "2026. 12. 1."
