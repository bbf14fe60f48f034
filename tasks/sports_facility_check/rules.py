"""민간체육시설: the dated duties of a 신고 체육시설업 and when each becomes a notice.

Sources (domain-rules.md section 10; statute text [L] unless marked):
- 체육시설법 제4조의3, 시행령 제2조의3①: 안전점검 **반기마다** [L]. The half-years are 1/1–6/30 and
  7/1–12/31 [U: the decree says 반기, not which dates]; an item with no 최근점검일 in the half of the
  기준일 is due by that half's last day. Key ``점검-YYYYH1|H2``.
- 시행령 제2조의6: 위해 결함은 보수·보강; 미이행 → 이행·시정명령 (법 제30조) [L]. 조치기한 within
  ``action_lead_days`` (default 14 [U]) → 조치기한 임박 to the operator; past → 조치기한 경과, staff
  only, the 시정명령 list.
- 법 제26조: 체육시설업자는 보험에 가입 [L]. 보험만기일 within ``insurance_lead_days`` (default 30 [U])
  → 보험 만기 임박; past → 보험 만료, operator and staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.deadlines.rules import Audience, DeadlineRule, Window
from core.rules import Severity

if TYPE_CHECKING:
    import pandas as pd

INSPECTION, ACTION_SOON, ACTION_LATE, INSURANCE_SOON, INSURANCE_LAPSED = (
    "정기점검 예정",
    "조치기한 임박",
    "조치기한 경과",
    "보험 만기 임박",
    "보험 만료",
)
NOTICES = (INSPECTION, ACTION_SOON, ACTION_LATE, INSURANCE_SOON, INSURANCE_LAPSED)
HALF_END = "_half_end"  # derived column: the last day of the 기준일's half-year


def half_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The half-year holding *day*: (1/1, 6/30) or (7/1, 12/31)."""
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30)
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31)


def not_inspected_this_half(frame: pd.DataFrame, params: Mapping[str, Any]) -> pd.Series:
    import pandas as pd

    start, _ = half_bounds(params["base_date"])
    last = pd.to_datetime(frame["최근점검일"], errors="coerce")
    return last.isna() | (last < pd.Timestamp(start))


def has_open_defect(frame: pd.DataFrame, params: Mapping[str, Any]) -> pd.Series:
    return frame["미조치결함"].fillna("").astype(str).str.strip() != ""


RULES = (
    DeadlineRule(
        "S01",
        INSPECTION,
        "체육시설법 제4조의3, 시행령 제2조의3",
        Severity.CHECK,
        HALF_END,
        Window(0, None),
        Audience.BOTH,
        "점검-{half}",
        template=INSPECTION,
        when=not_inspected_this_half,
        contact_from="inspection_lead_days",
        date_label="반기 마감일",
        help="이번 반기에 점검 기록이 없는 시설을 담당자 목록에 올리고, 반기 마감 30일 전부터 운영자에게도 알립니다.",
    ),
    DeadlineRule(
        "S02",
        ACTION_SOON,
        "체육시설법 제4조의5, 시행령 제2조의6",
        Severity.CHECK,
        "조치기한",
        Window(0, "action_lead_days"),
        Audience.CONTACT,
        "조치-{date}",
        template=ACTION_SOON,
        when=has_open_defect,
        help="미조치 결함의 조치기한이 다가오면 운영자에게 알립니다.",
    ),
    DeadlineRule(
        "S03",
        ACTION_LATE,
        "체육시설법 제30조(시정명령)",
        Severity.CAUTION,
        "조치기한",
        Window(None, -1),
        Audience.STAFF,
        "조치경과-{date}",
        when=has_open_defect,
        help="조치기한이 지난 결함을 시정명령 검토 목록으로 담당자에게 알립니다.",
    ),
    DeadlineRule(
        "S04",
        INSURANCE_SOON,
        "체육시설법 제26조",
        Severity.CHECK,
        "보험만기일",
        Window(0, "insurance_lead_days"),
        Audience.CONTACT,
        "보험-{date}",
        template=INSURANCE_SOON,
        help="보험 만기가 다가오면 운영자에게 갱신을 알립니다.",
    ),
    DeadlineRule(
        "S05",
        INSURANCE_LAPSED,
        "체육시설법 제26조",
        Severity.CAUTION,
        "보험만기일",
        Window(None, -1),
        Audience.BOTH,
        "보험만료-{date}",
        template=INSURANCE_LAPSED,
        help="보험이 만료된 시설을 운영자와 담당자에게 알립니다.",
    ),
)
