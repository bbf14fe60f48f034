"""What is due at the 기준일: every enabled deadline rule applied to the registry, one vectorised pass per rule.

The frame the engine reads has one row per registry item still in play (the excluded ones are gone)
with the columns ``_id`` (관리번호), ``_name`` (이름) and each rule's date column as dates. The result
is one ``Due`` per (item, notice), in the order the staff digest lists them: overdue first, then by
D-day, then by 관리번호.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.deadlines.rules import Audience, DeadlineRule
from core.rules import RuleSet


@dataclass
class Due:
    """One notice due at the 기준일 for one item."""

    index: Any  # the frame's row label: the task finds the row's other values with it
    item: str  # 관리번호
    name: str  # 시설명 or 광고주
    rule: DeadlineRule
    date: dt.date  # the date that drives it (기준일자)
    dday: int  # date − 기준일
    audience: Audience
    key: str  # window key

    @property
    def notice(self) -> str:
        return self.rule.name


def days_to(dates: pd.Series, base: dt.date) -> pd.Series:
    """date − 기준일 in whole days (NaN where there is no date)."""
    as_dt = pd.to_datetime(dates, errors="coerce")
    return (as_dt - pd.Timestamp(base)).dt.days


def window_predicate(rule: DeadlineRule, frame: pd.DataFrame, params: Mapping[str, Any]) -> pd.Series:
    """The rows inside *rule*'s window at ``params['base_date']``, each with a Korean reason (rules contract)."""
    base = params["base_date"]
    days = days_to(frame[rule.date_column], base)
    low, high = rule.window.bounds(params)
    mask = days.notna()
    if low is not None:
        mask &= days >= low
    if high is not None:
        mask &= days <= high
    if rule.when is not None:
        mask &= rule.when(frame, params).reindex(frame.index, fill_value=False).astype(bool)
    hit = days[mask].astype(int)
    return pd.Series([f"{rule.date_name} {d_day_text(d)}" for d in hit], index=hit.index, dtype=object)


def evaluate(frame: pd.DataFrame, rules: Sequence[DeadlineRule], params: Mapping[str, Any]) -> list[Due]:
    """Every (item, notice) due at the 기준일; a rule switched off (``rule_<ID>=false``) finds nothing."""
    base: dt.date = params["base_date"]
    by_id = {r.id: r for r in rules}
    out: list[Due] = []
    for setting in RuleSet(tuple(r.rule for r in rules)).settings(params):
        if not setting.enabled or frame.empty:
            continue
        rule = by_id[setting.rule.id]
        hits = setting.rule.predicate({"items": frame}, {**params, **setting.values})
        for index in hits.index:
            date = pd.Timestamp(frame.at[index, rule.date_column]).date()
            dday = (date - base).days
            out.append(
                Due(
                    index,
                    str(frame.at[index, "_id"]),
                    str(frame.at[index, "_name"]),
                    rule,
                    date,
                    dday,
                    rule.audience_at(dday, params),
                    rule.window_key(date),
                )
            )
    out.sort(key=lambda d: (d.dday, d.item, d.rule.id))  # overdue (negative D-day) first
    return out


def d_day_text(dday: int) -> str:
    """D-12, D-day, D+3 (the way a clerk writes it)."""
    return "D-day" if dday == 0 else (f"D-{dday}" if dday > 0 else f"D+{-dday}")
