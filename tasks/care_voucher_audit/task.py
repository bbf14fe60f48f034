"""Check every voucher payment against R01–R12 and rank 수급자, 활동지원사 and 기관 by risk.

The payments are typed once (``prepare_payments``: days, absolute minutes, integer codes), the declared
rules run through core.rule_engine, and the contract sheets (의심결제, 수급자별, 활동지원사별, 기관별,
규칙표) come out of it. A rule whose input was not given is skipped, and 규칙표, 요약 and 실행정보 say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from core.context import RunContext
from core.reader import Issue, Table
from core.result import DATE, MONEY, Result, SummaryItem
from core.rule_engine import Entity, RuleFrame, Source, apply_rules
from tasks.care_voucher_audit.checks import ASSISTANCE, clock
from tasks.care_voucher_audit.declared import EVENTS, LIMITS, NEEDS, PAYMENTS, RELATIONS, RULES

FINDINGS_SHEET = "의심결제"
LOCATION = "원본 위치"
SHOWN = (
    "수급자번호",
    "수급자명",
    "활동지원사번호",
    "활동지원사명",
    "제공기관",
    "서비스일자",
    "시작시각",
    "종료시각",
    "결제금액",
    "승인번호",
)
ENTITIES = (
    Entity("수급자별", ("수급자번호", "수급자명"), key="수급자번호", name="수급자별"),
    Entity("활동지원사별", ("활동지원사번호", "활동지원사명"), key="활동지원사번호", name="활동지원사별"),
    Entity("기관별", ("제공기관",), name="기관별"),
)
INPUT_WORDS = {EVENTS: "사건 자료(events) 없음", LIMITS: "월 한도액(limits) 없음", RELATIONS: "가족관계(relations) 없음"}
DAY = 24 * 60


# ----------------------------------------------------------------------------- validation
def validate(tables: Mapping[str, Table], params: Mapping[str, Any]) -> dict[str, list[Issue]]:
    """An event that ends before it starts, and one 수급자's month limit given twice, cannot be judged."""
    found: dict[str, list[Issue]] = {}
    events = tables.get(EVENTS)
    if events is not None:
        df = events.valid()
        bad = df[df["종료일"].notna() & (df["종료일"] < df["시작일"])]
        issues = [
            events.issue(row, "종료일", end.date().isoformat(), f"종료일이 시작일({start.date().isoformat()})보다 앞섭니다")
            for row, start, end in bad[["_row", "시작일", "종료일"]].itertuples(index=False)
        ]
        if issues:
            found[EVENTS] = issues
    limits = tables.get(LIMITS)
    if limits is not None:
        df = limits.valid()
        twice = df[df.duplicated(["수급자번호", "연월"], keep="first")]
        issues = [
            limits.issue(row, "연월", month, "같은 수급자번호·연월의 월한도액이 이미 앞 행에 있습니다(한 행만 남기십시오)")
            for row, month in twice[["_row", "연월"]].itertuples(index=False)
        ]
        issues += [
            limits.issue(row, "월한도액", value, "월한도액이 음수입니다")
            for row, value in df.loc[df["월한도액"].astype("Int64") < 0, ["_row", "월한도액"]].itertuples(index=False)
        ]
        if issues:
            found[LIMITS] = issues
    return found


# ----------------------------------------------------------------------------- the payments, typed once
def prepare_payments(table: Table, base_date: dt.date) -> tuple[pd.DataFrame, int]:
    """(the readable payments up to *base_date* with the columns the rules read, how many came after it)."""
    df = table.valid()
    day = df["서비스일자"].to_numpy(dtype="datetime64[D]").astype("int64")
    later = day > np.datetime64(base_date, "D").astype("int64")
    df = df[~later].reset_index(drop=True)
    day = day[~later]
    start = df["시작시각"].astype("int64").to_numpy()
    end = df["종료시각"].astype("int64").to_numpy()
    end = np.where(end < start, end + DAY, end)  # an end earlier than the start is past midnight
    dates = df["서비스일자"].dt
    recipients, r_codes = _codes(df["수급자번호"])
    helpers, h_codes = _codes(df["활동지원사번호"])
    out = df.assign(
        _day=day,
        _start=day * DAY + start,
        _end=day * DAY + end,
        _dur=end - start,
        _month=(dates.year * 12 + dates.month - 1).astype("int64").to_numpy(),
        _r=r_codes,
        _h=h_codes,
        _kind=df["급여종류"].fillna(ASSISTANCE).to_numpy(dtype=object),
    )
    out.attrs["recipients"] = recipients
    out.attrs["helpers"] = helpers
    return out, int(later.sum())


def _codes(values: pd.Series) -> tuple[pd.Index, np.ndarray]:
    codes, uniques = pd.factorize(values.astype(str).to_numpy(dtype=object))
    return pd.Index(uniques, dtype=object), codes.astype("int64")


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """The times as a clerk reads them (09:00, 25:30) on the findings only."""
    return rows.assign(시작시각=clock(rows["시작시각"].astype("int64")), 종료시각=clock(rows["종료시각"].astype("int64")))


# ----------------------------------------------------------------------------- the run
def skipped_rules(tables: Mapping[str, Any], payments: Table) -> dict[str, str]:
    """Rule id -> why it cannot run: its optional input (or the 결제구분 column for R11) was not given."""
    out = {rule_id: INPUT_WORDS[need] for rule_id, need in NEEDS.items() if need not in tables}
    if not payments.has("결제구분"):
        out["R11"] = "결제내역에 결제구분 열 없음"
    return out


def audit(tables: Mapping[str, Any], params: Mapping[str, Any]) -> tuple[pd.DataFrame, Any, dict[str, str], int]:
    """(prepared payments, the rule report, skipped rules, payments after the 기준일): the checks, without output."""
    payments_t: Table = tables[PAYMENTS]
    base_date = params.get("base_date") or dt.date.today()
    pay, later = prepare_payments(payments_t, base_date)
    frames = {PAYMENTS: RuleFrame(pay, {PAYMENTS: Source(payments_t.file.name, payments_t.sheet, "_row")}, _shown)}
    for name in (EVENTS, LIMITS, RELATIONS):
        if name in tables:
            frames[name] = RuleFrame.from_table(tables[name])
    skipped = skipped_rules(tables, payments_t)
    columns = [c for c in SHOWN if c != "승인번호" or payments_t.has("승인번호")]
    report = apply_rules(
        RULES,
        frames,
        params,
        columns=columns,
        entities=ENTITIES,
        findings_sheet=FINDINGS_SHEET,
        location=LOCATION,
        amount="결제금액",
        skipped=skipped,
    )
    report.findings.formats.update({"서비스일자": DATE, "결제금액": MONEY})
    return pay, report, skipped, later


def run(tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    ctx.progress(0, 3, "결제내역 정리 중")
    pay, report, skipped, later = audit(tables, params)
    ctx.progress(1, 3, "규칙 적용 끝, 결과 정리 중")
    findings = report.findings.df
    summary = _summary(pay, findings, later)
    warnings = []
    if len(findings):
        warnings.append(f"의심결제가 {len(findings):,}건 있습니다. '{FINDINGS_SHEET}' 시트에서 색칠된 행을 보십시오.")
    if later:
        warnings.append(f"기준일 뒤의 결제 {later:,}건은 점검하지 않았습니다.")
    result = Result(summary=summary, warnings=warnings, headline=_headline(pay))
    result.info = [(f"{RULES.rule(rule_id).title}", f"확인하지 않음: {why}") for rule_id, why in skipped.items()]
    report.add_to(result)
    # The findings are this task's result, not a side table: on the window's result page too (it shows
    # ``tables``), and first in the workbook after 요약, as the contract lists them.
    result.tables, result.rule_tables = [*result.rule_tables, *result.tables], []
    ctx.progress(2, 3, "안내 준비 중")
    if params.get("notify", "none") != "none":
        from tasks.care_voucher_audit.guidance import deliver

        deliver(tables, params, ctx, report.findings.df, result)
    ctx.progress(3, 3, "점검 끝")
    return result


def _headline(pay: pd.DataFrame) -> str:
    if pay.empty:
        return "활동지원 결제 점검"
    first, last = pay["서비스일자"].min(), pay["서비스일자"].max()
    span = first.strftime("%Y-%m") if first.strftime("%Y-%m") == last.strftime("%Y-%m") else f"{first:%Y-%m}~{last:%Y-%m}"
    return f"{span} 활동지원 바우처 결제 점검"


def _summary(pay: pd.DataFrame, findings: pd.DataFrame, later: int) -> list[SummaryItem]:
    """Payments read and their total; findings and the money they involve, each payment counted once."""
    items = [
        SummaryItem("점검한 결제 건수", len(pay)),
        SummaryItem("결제금액 합계(원)", int(pay["결제금액"].astype("int64").sum()) if len(pay) else 0, fmt=MONEY),
        SummaryItem("수급자 수", len(pay.attrs.get("recipients", ()))),
        SummaryItem("활동지원사 수", len(pay.attrs.get("helpers", ()))),
        SummaryItem("기준일 뒤라 뺀 결제", later),
    ]
    located = findings.drop_duplicates(LOCATION) if len(findings) else findings
    items.append(SummaryItem("의심결제(규칙·결제 쌍)", len(findings), "finding" if len(findings) else "ok"))
    items.append(SummaryItem("의심결제에 걸린 결제 건수", len(located)))
    items.append(
        SummaryItem("관련 금액 합계(원)", int(located["결제금액"].astype("int64").sum()) if len(located) else 0, fmt=MONEY)
    )
    for severity in ("주의", "확인"):
        mine = findings[findings["심각도"] == severity].drop_duplicates(LOCATION) if len(findings) else findings
        amount = int(mine["결제금액"].astype("int64").sum()) if len(mine) else 0
        items.append(SummaryItem(f"  '{severity}' 결제의 금액(원)", amount, fmt=MONEY))
    return items
