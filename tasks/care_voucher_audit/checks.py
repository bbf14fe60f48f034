"""The predicates of R01–R12 (declared in ``declared.RULES``) over the prepared payments, a column at a time.

Each reads the prepared ``payments`` table (``task.prepare_payments``: one row per readable payment,
with ``_day`` (days since 1970), ``_start``/``_end`` (absolute minutes; past midnight already ends on
the next day), ``_dur``, ``_month``, and ``_r``/``_h`` (수급자 and 활동지원사 as integer codes)) and, for
the rules that need them, the other inputs. It returns a Korean reason per matching row id. Nothing
here loops over payments in Python: a city has a million a month.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from core.rule_engine import won_text
from core.rules import Severity
from tasks.care_voucher_audit.declared import EVENTS, LIMITS, PAYMENTS, RELATIONS
from tasks.care_voucher_audit.overlap import Overlaps, find_overlaps

ASSISTANCE = "활동보조"
MANUAL_KINDS = ("수기", "소급")
APPROVED = {"Y", "예", "승인"}
# The words for the first and last day of each kind of event.
EVENT_DAYS = {
    "입원": ("입원일", "퇴원일"),
    "출국": ("출국일", "입국일"),
    "입소": ("입소일", "퇴소일"),
    "수감": ("수감일", "출소일"),
}


# ----------------------------------------------------------------------------- text helpers
def clock(minutes: np.ndarray | pd.Series) -> np.ndarray:
    """Minutes after midnight as 'HH:MM' (25:30 stays 25:30, as the export wrote it)."""
    values = np.asarray(minutes, dtype="int64")
    return np.char.add(np.char.add(_two_digits(values // 60), ":"), _two_digits(values % 60)).astype(object)


def _two_digits(values: np.ndarray) -> np.ndarray:
    """'07', '25' (numpy's zfill refuses an empty array: no finding, no text)."""
    return np.char.zfill(values.astype(str), 2) if len(values) else np.empty(0, dtype="<U2")


def day_text(days: np.ndarray) -> np.ndarray:
    """Days since 1970 as '2026-09-03'."""
    return np.datetime_as_string(np.asarray(days, dtype="int64").astype("datetime64[D]"), unit="D").astype(object)


def month_text(months: np.ndarray) -> np.ndarray:
    """year × 12 + month − 1 as '2026-09'."""
    values = np.asarray(months, dtype="int64")
    return np.char.add(np.char.add((values // 12).astype(str), "-"), _two_digits(values % 12 + 1)).astype(object)


def duration_text(minutes: np.ndarray) -> np.ndarray:
    values = np.asarray(minutes, dtype="int64")
    return np.char.add(np.char.add((values // 60).astype(str), "시간 "), (values % 60).astype(str)).astype(object) + "분"


def _series(index: pd.Index, text: Any) -> pd.Series:
    return pd.Series(np.asarray(text, dtype=object), index=index, dtype=object)


# ----------------------------------------------------------------------------- events (R01–R04)
def _recipient_day_order(pay: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int, int]:
    """(row positions sorted by 수급자 and day, their keys, the first day, the key width): computed once per run."""
    cached = pay.attrs.get("_by_recipient_day")
    if cached is None:
        day = pay["_day"].to_numpy()
        first = int(day.min()) if len(day) else 0
        width = (int(day.max()) - first + 3) if len(day) else 3
        keys = pay["_r"].to_numpy() * width + (day - first)
        order = np.argsort(keys, kind="stable")
        cached = (order, keys[order], first, width)
        pay.attrs["_by_recipient_day"] = cached
    return cached  # type: ignore[no-any-return]


def _event_matches(pay: pd.DataFrame, events: pd.DataFrame, kinds: tuple[str, ...], after_only: bool) -> pd.DataFrame:
    """Every (payment, event) whose service date falls on or inside the event's days, by binary search.

    Payments are sorted once by (수급자, 서비스일자); each event is a key range in that order, so the
    work is the events' log n searches plus the matches themselves, never payments × events.
    With *after_only* (사망) the range starts the day after the event's first day and never ends.
    """
    ev = events[events["구분"].isin(kinds)]
    recipients: pd.Index = pay.attrs["recipients"]
    code = recipients.get_indexer(ev["수급자번호"].astype(str))
    ev = ev[code >= 0]
    code = code[code >= 0].astype("int64")
    cols = ["pos", "event", "day", "first", "last", "ongoing", "kind"]
    if ev.empty or pay.empty:
        return pd.DataFrame(columns=cols)
    order, keys, first_day, width = _recipient_day_order(pay)
    start = ev["시작일"].to_numpy(dtype="datetime64[D]").astype("int64")
    end_raw = ev["종료일"].to_numpy(dtype="datetime64[D]") if "종료일" in ev else np.full(len(ev), np.datetime64("NaT"))
    ongoing = np.isnat(end_raw) | after_only
    end = np.where(ongoing, np.iinfo("int64").max // 4, end_raw.astype("int64"))
    low = (start + 1 if after_only else start) - first_day
    high = np.minimum(end - first_day, width - 1)
    empty = (low > width - 1) | (high < 0) | (high < low)
    low = np.clip(low, 0, width - 1)
    high = np.clip(high, 0, width - 1)
    left = np.searchsorted(keys, code * width + low, "left")
    right = np.searchsorted(keys, code * width + high, "right")
    counts = np.where(empty, 0, np.maximum(right - left, 0))
    which = np.repeat(np.arange(len(ev)), counts)
    step = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    pos = order[left[which] + step]
    return pd.DataFrame(
        {
            "pos": pos,
            "event": which,
            "day": pay["_day"].to_numpy()[pos],
            "first": start[which],
            "last": np.where(ongoing, -1, end)[which],
            "ongoing": ongoing[which],
            "kind": ev["구분"].to_numpy(dtype=object)[which],
        }
    )


def _period_rule(frames: Mapping[str, pd.DataFrame], kinds: tuple[str, ...]) -> pd.DataFrame:
    """주의 strictly inside a period (an open one: every day after its first), 확인 on its first or last day."""
    pay = frames[PAYMENTS]
    hits = _event_matches(pay, frames[EVENTS], kinds, after_only=False)
    if hits.empty:
        return pd.DataFrame({"사유": pd.Series(dtype=object), "심각도": pd.Series(dtype=object)})
    on_first = hits["day"].to_numpy() == hits["first"].to_numpy()
    on_last = ~hits["ongoing"].to_numpy() & (hits["day"].to_numpy() == hits["last"].to_numpy())
    edge = on_first | on_last
    hits = hits.assign(edge=edge, on_first=on_first).sort_values(["pos", "edge", "event"], kind="stable")
    hits = hits.drop_duplicates("pos")  # one finding per payment: the strongest event it falls in
    kind = hits["kind"].to_numpy(dtype=object)
    first_word = np.array([EVENT_DAYS[k][0] for k in kind], dtype=object)
    last_word = np.array([EVENT_DAYS[k][1] for k in kind], dtype=object)
    first = day_text(hits["first"].to_numpy())
    last = np.where(hits["ongoing"].to_numpy(), "", day_text(np.maximum(hits["last"].to_numpy(), 0)))
    period = np.where(
        hits["ongoing"].to_numpy(), kind + "(" + first + "~, 끝나지 않음)", kind + " 기간(" + first + "~" + last + ")"
    )
    reason = np.where(
        ~hits["edge"].to_numpy(),
        period + " 중 결제",
        np.where(
            hits["on_first"].to_numpy(),
            first_word + "(" + first + ") 당일 결제: " + kind + " 전 제공인지 확인",
            last_word + "(" + last + ") 당일 결제: " + kind + " 끝난 뒤 제공인지 확인",
        ),
    )
    severity = np.where(hits["edge"].to_numpy(), Severity.CHECK.value, Severity.CAUTION.value)
    index = pay.index[hits["pos"].to_numpy()]
    return pd.DataFrame({"사유": reason.astype(object), "심각도": severity.astype(object)}, index=index)


def after_death(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R01: 서비스일자 after the 사망 date (the day itself is not flagged)."""
    pay = frames[PAYMENTS]
    hits = _event_matches(pay, frames[EVENTS], ("사망",), after_only=True)
    hits = hits.sort_values(["pos", "first"], kind="stable").drop_duplicates("pos")
    index = pay.index[hits["pos"].to_numpy(dtype="int64")]
    return _series(index, "사망일(" + day_text(hits["first"].to_numpy(dtype="int64")) + ") 이후 결제")


def in_hospital(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.DataFrame:
    """R02."""
    return _period_rule(frames, ("입원",))


def abroad(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.DataFrame:
    """R03."""
    return _period_rule(frames, ("출국",))


def in_facility(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.DataFrame:
    """R04."""
    return _period_rule(frames, ("입소", "수감"))


# ----------------------------------------------------------------------------- overlaps (R05, R06, R12)
def _overlap_reason(pay: pd.DataFrame, rows: np.ndarray, found: Overlaps, partner_word: np.ndarray) -> pd.Series:
    """'<partner_word>(12행, 09:00~12:00)와 60분 겹침' for the hit rows; *rows* maps the checked subset to *pay*."""
    hit = np.flatnonzero(found.hit)
    mine = rows[hit]
    other = rows[found.partner[hit]]
    start = pay["시작시각"].to_numpy()
    end = pay["종료시각"].to_numpy()
    text = (
        partner_word
        + "("
        + pay["_row"].to_numpy()[other].astype(str).astype(object)
        + "행, "
        + clock(start[other])
        + "~"
        + clock(end[other])
        + ")와 "
        + found.minutes[hit].astype(str).astype(object)
        + "분 겹침"
    )
    return _series(pay.index[mine], text)


def _partner(pay: pd.DataFrame, rows: np.ndarray, found: Overlaps, column: str) -> np.ndarray:
    """The *column* value of each hit row's partner."""
    return np.asarray(pay[column].to_numpy(dtype=object)[rows[found.partner[found.hit]]], dtype=object)


def helper_overlap(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R05: one 활동지원사, two different 수급자, at the same time."""
    pay = frames[PAYMENTS]
    rows = np.arange(len(pay))
    found = find_overlaps(
        pay["_h"].to_numpy(), pay["_start"].to_numpy(), pay["_end"].to_numpy(), params["overlap_minutes"], pay["_r"].to_numpy()
    )
    return _overlap_reason(pay, rows, found, "다른 수급자(" + _partner(pay, rows, found, "수급자번호") + ")의 결제")


def recipient_overlap(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R06: one 수급자's 활동보조 by two different 활동지원사 at once (방문목욕 may take two helpers)."""
    pay = frames[PAYMENTS]
    rows = np.flatnonzero(pay["_kind"].to_numpy(dtype=object) == ASSISTANCE)
    sub = pay.iloc[rows]
    found = find_overlaps(
        sub["_r"].to_numpy(), sub["_start"].to_numpy(), sub["_end"].to_numpy(), params["overlap_minutes"], sub["_h"].to_numpy()
    )
    word = "다른 활동지원사(" + _partner(pay, rows, found, "활동지원사번호") + ")의 활동보조 결제"
    return _overlap_reason(pay, rows, found, word)


def double_payment(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R12: the same 활동지원사 and 수급자 paid twice for overlapping times."""
    pay = frames[PAYMENTS]
    rows = np.arange(len(pay))
    width = int(pay["_r"].max()) + 1 if len(pay) else 1
    pair = pay["_h"].to_numpy() * width + pay["_r"].to_numpy()
    found = find_overlaps(pair, pay["_start"].to_numpy(), pay["_end"].to_numpy(), params["overlap_minutes"])
    word = np.full(int(found.hit.sum()), "같은 활동지원사·수급자의 다른 결제", dtype=object)
    return _overlap_reason(pay, rows, found, word)


# ----------------------------------------------------------------------------- R07, R08
def family(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R07: a family pair (시행규칙 제33조) without an approved exception; an empty 예외승인 is not approved."""
    pay = frames[PAYMENTS]
    rel = frames[RELATIONS]
    approved = rel["예외승인"].fillna("").astype(str).str.strip().str.upper().isin(APPROVED) if "예외승인" in rel else False
    rel = rel[~np.asarray(approved, dtype=bool)] if not isinstance(approved, bool) else rel
    r_code = pay.attrs["recipients"].get_indexer(rel["수급자번호"].astype(str))
    h_code = pay.attrs["helpers"].get_indexer(rel["활동지원사번호"].astype(str))
    known = (r_code >= 0) & (h_code >= 0)
    width = len(pay.attrs["recipients"]) or 1
    rel_keys = pd.Series(rel["관계"].fillna("").astype(str).to_numpy()[known], index=h_code[known] * width + r_code[known])
    rel_keys = rel_keys[~rel_keys.index.duplicated()]
    keys = pay["_h"].to_numpy() * width + pay["_r"].to_numpy()
    hit = np.flatnonzero(np.isin(keys, rel_keys.index.to_numpy()))
    relation = rel_keys.reindex(keys[hit]).to_numpy(dtype=object)
    return _series(pay.index[hit], "가족(" + relation + ")이 제공, 예외승인 없음")


def over_limit(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R08: per 수급자 and month, 결제금액 added up in time order; the row whose running sum first exceeds
    월한도액 (more than the limit: spending exactly the limit is allowed) and every later row of that month."""
    pay = frames[PAYMENTS]
    limits = frames[LIMITS]
    if pay.empty:
        return _series(pay.index[:0], [])
    r_code = pay.attrs["recipients"].get_indexer(limits["수급자번호"].astype(str))
    month = pd.PeriodIndex(limits["연월"].astype(str), freq="M")
    lim_month = (month.year * 12 + month.month - 1).to_numpy(dtype="int64")
    m_first = int(pay["_month"].min())
    m_width = int(pay["_month"].max()) - m_first + 1
    ok = (r_code >= 0) & (lim_month >= m_first) & (lim_month < m_first + m_width)
    limit_of = pd.Series(
        limits["월한도액"].astype("int64").to_numpy()[ok], index=r_code[ok].astype("int64") * m_width + (lim_month[ok] - m_first)
    )
    limit_of = limit_of[~limit_of.index.duplicated()]
    group = pay["_r"].to_numpy() * m_width + (pay["_month"].to_numpy() - m_first)
    order = np.lexsort((pay["_row"].to_numpy(), pay["_start"].to_numpy(), group))
    g = group[order]
    amount = pay["결제금액"].astype("int64").to_numpy()[order]
    total = np.cumsum(amount)
    new_group = np.r_[True, g[1:] != g[:-1]]
    starts = np.flatnonzero(new_group)
    running = total - np.repeat((total - amount)[starts], np.diff(np.r_[starts, len(g)]))  # the sum since the group began
    limit = limit_of.reindex(g).to_numpy()
    has_limit = ~np.isnan(limit)
    crossed = has_limit & (running > np.nan_to_num(limit, nan=0))
    rank = np.cumsum(new_group).astype("int64")
    since = np.maximum.accumulate(rank * 2 + crossed) - rank * 2 == 1  # crossed at or before, in this group
    first_cross = since & np.r_[True, ~since[:-1] | new_group[1:]]
    rows = np.flatnonzero(since)
    text = (
        month_text(pay["_month"].to_numpy()[order][rows])
        + " 누계 "
        + won_text(pd.Series(running[rows])).to_numpy(dtype=object)
        + "원 > 월한도액 "
        + won_text(pd.Series(limit[rows].astype("int64"))).to_numpy(dtype=object)
        + "원"
        + np.where(first_cross[rows], " (처음 넘은 결제)", "")
    )
    return _series(pay.index[order[rows]], text)


# ----------------------------------------------------------------------------- R09–R11
def long_session(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R09: one payment of at least ``long_session_hours``."""
    pay = frames[PAYMENTS]
    hours = int(params["long_session_hours"])
    rows = np.flatnonzero(pay["_dur"].to_numpy() >= hours * 60)
    return _series(pay.index[rows], "한 번에 " + duration_text(pay["_dur"].to_numpy()[rows]) + f" 결제 (기준 {hours}시간 이상)")


def long_day(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R10: per 활동지원사 and day (a session past midnight counts for the day it started), durations summed."""
    pay = frames[PAYMENTS]
    hours = int(params["daily_hours"])
    if pay.empty:
        return _series(pay.index[:0], [])
    day = pay["_day"].to_numpy()
    first, width = int(day.min()), int(day.max()) - int(day.min()) + 1
    _, group = np.unique(pay["_h"].to_numpy() * width + (day - first), return_inverse=True)
    sums = np.bincount(group, weights=pay["_dur"].to_numpy()).astype("int64")
    rows = np.flatnonzero(sums[group] >= hours * 60)
    text = day_text(day[rows]) + " 하루 결제 합계 " + duration_text(sums[group][rows]) + f" (기준 {hours}시간 이상)"
    return _series(pay.index[rows], text)


def manual_share(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    """R11: per 활동지원사 and month, at least ``manual_min`` payments of which 수기·소급 make ``manual_ratio``
    or more; the 수기·소급 rows are the findings."""
    pay = frames[PAYMENTS]
    least = int(params["manual_min"])
    ratio = Fraction(str(params["manual_ratio"]))
    if pay.empty:
        return _series(pay.index[:0], [])
    manual = pay["결제구분"].isin(MANUAL_KINDS).to_numpy()
    month = pay["_month"].to_numpy()
    first, width = int(month.min()), int(month.max()) - int(month.min()) + 1
    _, group = np.unique(pay["_h"].to_numpy() * width + (month - first), return_inverse=True)
    total = np.bincount(group)
    by_hand = np.bincount(group, weights=manual).astype("int64")
    flagged = (total >= least) & (by_hand * ratio.denominator >= ratio.numerator * total)
    rows = np.flatnonzero(manual & flagged[group])
    n, m = total[group][rows], by_hand[group][rows]
    percent = (m * 100 // np.maximum(n, 1)).astype(str).astype(object)
    text = (
        month_text(month[rows])
        + " 결제 "
        + n.astype(str).astype(object)
        + "건 중 수기·소급 "
        + m.astype(str).astype(object)
        + "건("
        + percent
        + f"%) (기준 {least}건 이상·{float(ratio) * 100:g}% 이상)"
    )
    return _series(pay.index[rows], text)
