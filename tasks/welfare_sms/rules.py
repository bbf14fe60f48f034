"""사회보장급여 처리절차: which law sets the deadline for each 급여종류, and what each step says.

Sources (domain-rules.md section 7, statute text [L] unless marked):
- 사회보장급여법 제9조③·시행령 제6조: 신청일부터 30일, 조사에 시일이 걸리는 특별한 사유가 있으면
  사유를 밝혀 60일 (다른 법령에 특별규정이 없으면). 제17조: 처분을 받은 날부터 90일 이의신청.
- 국민기초생활보장법 제26조④: 30일, 부양의무자 조사 지연·조사 거부 시 60일 (사유 명시); 제38조 이의신청 90일.
- 기초연금법 시행규칙 제8조①: 접수일부터 30일, 소득·재산 조사 지연 시 60일; 법 제22조 안 날부터 90일.
- 한부모가족지원법 시행령 제12조④: 30일, 연장 규정 없음; 법 제28조 심사청구 90일.
- 장애인활동지원법 제10조: 30일, 연장 시 통보. 연장 한도는 법에 없어 사회보장급여법 60일을 씀 [U].
Periods "…부터 N일" exclude the first day (민법 제157조 초일불산입): 기한 = 신청일 + N일. When that day
is a Saturday or a public holiday the period ends on the next working day (민법 제161조, via
행정기본법 제6조) — a parameter, because offices differ on whether they count it [U].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.calendar import HolidayCalendar, weekday_ko


@dataclass(frozen=True)
class Program:
    key: str  # template section suffix
    label: str
    days: int
    extended_days: int | None  # None: the law allows no extension
    basis: str
    extension_reason: str  # the usual stated reason, used when 연장사유 is blank
    appeal: str  # the appeal sentence for a decision
    appeal_basis: str


GENERAL = Program(
    "일반",
    "사회보장급여",
    30,
    60,
    "사회보장급여법 제9조③, 시행령 제6조",
    "조사에 시일이 걸리는 특별한 사유",
    "결정에 이의가 있으면 결정통지를 받은 날부터 90일 이내에 이의신청할 수 있습니다.",
    "사회보장급여법 제17조",
)
PROGRAMS = (
    Program(
        "기초생활",
        "국민기초생활보장",
        30,
        60,
        "국민기초생활보장법 제26조④",
        "부양의무자 소득·재산 조사 지연",
        "결정에 이의가 있으면 결정통지를 받은 날부터 90일 이내에 이의신청할 수 있습니다.",
        "국민기초생활보장법 제38조",
    ),
    Program(
        "기초연금",
        "기초연금",
        30,
        60,
        "기초연금법 시행규칙 제8조①",
        "소득·재산 조사 지연",
        "결정에 이의가 있으면 결정이 있음을 안 날부터 90일 이내에 이의신청할 수 있습니다.",
        "기초연금법 제22조",
    ),
    Program(
        "한부모",
        "한부모가족 복지급여",
        30,
        None,
        "한부모가족지원법 시행령 제12조④",
        "",
        "결정에 이의가 있으면 통지를 받은 날부터 90일 이내에 심사청구할 수 있습니다.",
        "한부모가족지원법 제28조",
    ),
    Program(
        "활동지원",
        "장애인활동지원",
        30,
        60,
        # [U]: the statute names no extension limit; 사회보장급여법's 60일 is borrowed.
        "장애인활동지원법 제10조 (연장 한도: 사회보장급여법 시행령 제6조)",
        "수급자격 심의 연장",
        "결정에 이의가 있으면 결정통지를 받은 날부터 90일 이내에 이의신청할 수 있습니다.",
        "사회보장급여법 제17조",
    ),
)
_KEYWORDS = (
    ("기초연금", "기초연금"),
    ("한부모", "한부모"),
    ("아동양육비", "한부모"),
    ("청소년한부모", "한부모"),
    ("활동지원", "활동지원"),
    ("생계급여", "기초생활"),
    ("의료급여", "기초생활"),
    ("주거급여", "기초생활"),
    ("교육급여", "기초생활"),
    ("해산급여", "기초생활"),
    ("장제급여", "기초생활"),
    ("기초생활", "기초생활"),
    ("국민기초", "기초생활"),
)


def program_for(benefit: str) -> Program:
    """급여종류 as 행복e음 writes it ('생계급여', '기초연금(신규)', '한부모 아동양육비') -> its program."""
    compact = "".join(benefit.split())
    for word, key in _KEYWORDS:
        if word in compact:
            return next(p for p in PROGRAMS if p.key == key)
    return GENERAL


# 처리단계 as exports write it -> the step we message. Anything else is 단계 미해당.
RECEIVED, SUPPLEMENT, EXTENDED, DECIDED, STARTED = "접수", "보완요청", "기한연장", "결정", "급여개시"
STEPS = (RECEIVED, SUPPLEMENT, EXTENDED, DECIDED, STARTED)
_STEP_WORDS = {
    "접수": RECEIVED,
    "신청접수": RECEIVED,
    "신청": RECEIVED,
    "보완요청": SUPPLEMENT,
    "보완": SUPPLEMENT,
    "서류보완": SUPPLEMENT,
    "자료요청": SUPPLEMENT,
    "자료제출요청": SUPPLEMENT,
    "기한연장": EXTENDED,
    "연장": EXTENDED,
    "처리기한연장": EXTENDED,
    "결정연장": EXTENDED,
    "결정": DECIDED,
    "보장결정": DECIDED,
    "결정통지": DECIDED,
    "급여결정": DECIDED,
    "급여개시": STARTED,
    "지급개시": STARTED,
    "급여지급": STARTED,
    "개시": STARTED,
}


def step_for(text: str) -> str | None:
    return _STEP_WORDS.get("".join(str(text).split()))


def decision_word(text: str | None) -> str | None:
    compact = "".join(str(text or "").split())
    if compact in ("적합", "적격", "선정", "승인", "지급결정", "보장결정"):
        return "적합"
    if compact in ("부적합", "부적격", "탈락", "기각", "미선정", "각하"):
        return "부적합"
    return None


def deadline(applied: dt.date, days: int, calendar: HolidayCalendar | None) -> dt.date:
    """신청일 + N일 (초일불산입); on a day off, the next working day when a calendar is given."""
    due = applied + dt.timedelta(days=days)
    return calendar.next_working_day(due) if calendar is not None else due


def d_day(due: dt.date, today: dt.date) -> str:
    left = (due - today).days
    if left == 0:
        return "D-day"
    return f"D-{left}" if left > 0 else f"D+{-left}"


def short_date(day: dt.date, today: dt.date, *, weekday: bool = False) -> str:
    """'4월 1일' (the year only when it is not this year); '4월 1일(수)' with weekday."""
    text = f"{day.month}월 {day.day}일" if day.year == today.year else f"{day.year}년 {day.month}월 {day.day}일"
    return f"{text}({weekday_ko(day)})" if weekday else text
