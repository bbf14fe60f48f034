"""Declared deadline rules: a date column, a window around the 기준일, an audience, a template, a window key.

Each deadline rule is also an ordinary declared rule (``core.rules.Rule``): its id, its Korean name
(the ``알림`` value, a contract), its legal basis and severity, and a switch ``rule_<ID>`` that the
CLI, the wizard and 실행정보 already know. The window's bounds may name a task param
(``action_lead_days``), so a clerk changes "14일 전부터" without touching code.

The window key makes "the same notice" exact. ``{date}`` is the driving date (``연장-{date}`` →
``연장-2027-03-31``), ``{half}`` its half-year (``점검-{half}`` → ``점검-2026H2``). A renewed date gives
a new key, hence a new notice; the same key on another day is the notice already given.

No pandas here: task declarations import this module when tasks are listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from core.rules import Rule, Severity
from core.spec import Param, ParamType

if TYPE_CHECKING:
    import pandas as pd

Bound = int | str | None  # days, a param's name, or open


class Audience(StrEnum):
    """Who a notice is for: the item's contact (운영자, 광고주), the staff digest, or both."""

    CONTACT = "contact"
    STAFF = "staff"
    BOTH = "both"

    @property
    def to_contact(self) -> bool:
        return self is not Audience.STAFF


@dataclass(frozen=True)
class Window:
    """Due while ``low <= d <= high`` (both inclusive), d = the date − the 기준일 in days."""

    low: Bound = None
    high: Bound = None

    def bounds(self, params: Mapping[str, Any]) -> tuple[int | None, int | None]:
        return _resolve(self.low, params), _resolve(self.high, params)


def _resolve(bound: Bound, params: Mapping[str, Any]) -> int | None:
    if bound is None or isinstance(bound, int):
        return bound
    return int(params[bound])


# extra condition on the registry rows (vectorised): a boolean Series on the frame's index
Condition = Callable[["pd.DataFrame", Mapping[str, Any]], "pd.Series"]


@dataclass(frozen=True)
class DeadlineRule:
    """One kind of notice. ``name`` is the ``알림`` value; ``template`` names its wording in the template file."""

    id: str
    name: str
    basis: str
    severity: Severity
    date_column: str
    window: Window
    audience: Audience
    key: str  # window key pattern: {date}, {half}
    template: str = ""  # "" for a staff-only notice (no message)
    when: Condition | None = None
    # The contact gets it only from this many days before (a param name or days); before that, staff only.
    contact_from: Bound = None
    help: str = ""
    date_label: str = ""  # how the driving date is named to a clerk; "" = the column's name

    @cached_property
    def rule(self) -> Rule:
        """The same rule on the declared-rules contract (switch, basis, severity, 규칙 description)."""

        def predicate(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
            from core.deadlines.engine import window_predicate  # pandas: only when a run applies the rule

            return window_predicate(self, next(iter(tables.values())), params)

        return Rule(self.id, self.name, self.basis, self.severity, predicate, help=self.help)

    @property
    def date_name(self) -> str:
        return self.date_label or self.date_column

    def window_key(self, date: dt.date) -> str:
        half = f"{date.year}H{1 if date.month <= 6 else 2}"
        return self.key.format(date=date.isoformat(), half=half, year=date.year)

    def audience_at(self, dday: int, params: Mapping[str, Any]) -> Audience:
        """The audience on a given D-day: before ``contact_from`` a BOTH notice is the staff's alone."""
        limit = _resolve(self.contact_from, params)
        if self.audience is Audience.BOTH and limit is not None and dday > limit:
            return Audience.STAFF
        return self.audience


def common_params(template_folder: str) -> tuple[Param, ...]:
    """The params every registry-notice task shares: 기준일, channel, in-doubt handling, staff digest, wording file."""
    return (
        Param("base_date", "기준일", ParamType.DATE, None, "D-day를 셀 날입니다. 비우면 오늘입니다."),
        Param(
            "channel",
            "발송 방법",
            ParamType.CHOICE,
            "settings",
            "설정에 정한 방법(기본: 업로드 파일)을 쓰거나 이번만 바꿉니다.",
            choices=(
                ("settings", "설정 따름"),
                ("upload", "업로드 파일"),
                ("solapi", "솔라피"),
                ("nhn", "NHN Cloud"),
                ("email", "전자우편"),
            ),
        ),
        Param(
            "unconfirmed",
            "확인 필요 건 처리",
            ParamType.CHOICE,
            "keep",
            "지난 실행에서 보내는 도중 멈춘 안내(확인 필요)를 어떻게 할지 정합니다. 업체 발송 내역을 먼저 확인하십시오.",
            choices=(
                ("keep", "그대로 두기(보내지 않음)"),
                ("resend", "가지 않았음: 다시 보내기"),
                ("mark_sent", "갔음: 보낸 것으로 정리"),
            ),
        ),
        Param(
            "staff_email",
            "담당자 요약 메일 주소",
            ParamType.TEXT,
            "",
            "쉼표로 여러 주소를 적습니다. 비우면 요약은 결과 엑셀(알림대상 시트)로만 남깁니다.",
        ),
        Param(
            "template_file",
            "문구 파일",
            ParamType.TEXT,
            "",
            f"비우면 기본 문구 파일(resources/templates/{template_folder}/notices.toml).",
        ),
    )
