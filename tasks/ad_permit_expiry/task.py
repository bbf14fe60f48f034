"""Find each permit's notice at the 기준일, leave out the signs with no display period, send each notice once.

d = 표시기간만료 − 기준일 (tasks/ad_permit_expiry/rules.py): 60 ≥ d > 30 사전안내, 30 ≥ d ≥ −30 연장신청
기간, d < −30 기간 경과 (staff only), nothing while d > 60. The phone number exists in full only in
memory and in the upload file (the delivery vehicle); the workbook shows it masked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from core.context import RunContext
from core.deadlines import notices as dn
from core.deadlines.engine import Due, d_day_text, evaluate
from core.deadlines.templates import Wordings
from core.errors import InputError
from core.notify.message import Outgoing
from core.notify.preview import SendPreview
from core.org import require_org
from core.reader import Issue, Table
from core.result import Result
from core.values import clean_text
from tasks.ad_permit_expiry import TASK_ID, TEMPLATE_FOLDER
from tasks.ad_permit_expiry.rules import EXPIRY, EXTENSION, EXTENSION_DAYS, NOTICES, RULES, SAFETY_VARIANT, exempt_kinds, kind_key

REGISTRY = dn.Registry(TASK_ID, "옥외광고물 표시기간 만료 알림", "광고주", "광고물", "옥외광고물_안내업로드", NOTICES)
VARIABLES = ("기관명", "광고주", "허가번호", "광고물종류", "표시위치", "만료일", "디데이", "연장시작", "연장마감", "문의처")


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else clean_text(value)


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def long_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def validate(tables: Mapping[str, Table], params: Mapping[str, Any]) -> dict[str, list[Issue]]:
    """A period that ends before it starts, or a safety inspection dated after the 기준일, cannot be right."""
    table = tables["permits"]
    if not table.has(EXPIRY):
        raise InputError(
            f"'{EXPIRY}' 열을 찾지 못했습니다. 표시기간이 끝나는 날짜 열이 있어야 합니다.",
            hint="찾은 열: " + ", ".join(table.columns.values()),
        )
    base = dn.base_date(params)
    issues = []
    for r in table.valid().to_dict("records"):
        start, end, checked = _date(r["표시기간시작"]), _date(r[EXPIRY]), _date(r.get("최근안전점검일"))
        if start and end and end < start:
            issues.append(
                table.issue(r["_row"], EXPIRY, end.isoformat(), f"표시기간만료({end})가 표시기간시작({start})보다 앞섭니다")
            )
        if checked and checked > base:
            issues.append(
                table.issue(
                    r["_row"], "최근안전점검일", checked.isoformat(), f"최근안전점검일({checked})이 기준일({base})보다 뒤입니다"
                )
            )
    return {"permits": issues} if issues else {}


def split(table: Table, params: Mapping[str, Any]) -> tuple[pd.DataFrame, list[dn.Excluded]]:
    """The permits in play (engine frame) and the ones never notified, each with its reason."""
    exempt = exempt_kinds(str(params.get("exempt_kinds") or ""))
    keep, excluded = [], []
    for index, r in table.valid().iterrows():
        number, owner = _text(r["허가번호"]), _text(r["광고주"])
        kind, safety = _text(r["광고물종류"]), _text(r.get("안전점검대상")) == "Y"
        if _text(r.get("상태")) == "철거":
            excluded.append(dn.Excluded(number, owner, "철거된 광고물입니다"))
        elif _date(r[EXPIRY]) is None:
            excluded.append(dn.Excluded(number, owner, "표시기간만료가 비어 있습니다(표시기간 없음)"))
        elif _text(r["자사여부"]) == "자사" and not safety and kind_key(kind) in exempt:
            excluded.append(dn.Excluded(number, owner, f"안전점검 대상이 아닌 자사 {kind}: 2018-01-02부터 표시기간이 없습니다"))
        else:
            keep.append(index)
    frame = table.valid().loc[keep].copy()
    frame["_id"] = frame["허가번호"].map(_text)
    frame["_name"] = frame["광고주"].map(_text)
    frame[EXPIRY] = pd.to_datetime(frame[EXPIRY])
    return frame, excluded


def _plan(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> dn.Plan:
    base = dn.base_date(params)
    resolved = {**params, "base_date": base}
    channel = dn.channel_for(params, ctx, email_ok=False)
    table = tables["permits"]
    frame, excluded = split(table, resolved)
    dues = evaluate(frame, RULES, resolved)
    wordings = Wordings.load(TEMPLATE_FOLDER, (NOTICES[0], NOTICES[1]), VARIABLES, (SAFETY_VARIANT,), params.get("template_file"))
    org = str(ctx.settings.get("notify.org_name") or "")
    if not org and any(d.audience.to_contact for d in dues):
        org = require_org(ctx.settings, "안내문 앞머리 [기관명]을 정할 수 없습니다").name
    office = " ".join(p for p in (_text(params.get("office")), _text(params.get("office_phone"))) if p) or "담당 부서"

    def compose(due: Due) -> Outgoing | str:
        row = frame.loc[due.index]
        phone = _text(row.get("연락처"))
        if not phone:
            return "연락처가 비어 있습니다"
        variant = SAFETY_VARIANT if due.notice == EXTENSION and _text(row.get("안전점검대상")) == "Y" else ""
        values = {
            "기관명": org,
            "광고주": due.name,
            "허가번호": due.item,
            "광고물종류": _text(row["광고물종류"]),
            "표시위치": _text(row["표시위치"]),
            "만료일": long_date(due.date),
            "디데이": d_day_text(due.dday),
            "연장시작": long_date(due.date - dt.timedelta(days=EXTENSION_DAYS)),
            "연장마감": long_date(due.date + dt.timedelta(days=EXTENSION_DAYS)),
            "문의처": office,
        }
        subject, text = wordings.pick(due.notice, variant).render(values)
        return Outgoing(TASK_ID, due.item, due.key, phone, text, subject=subject, name=due.name)

    return dn.Plan(REGISTRY, len(table.valid()), excluded, dn.build(dues, compose, channel), channel, base)


def preview(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> SendPreview:
    plan = _plan(tables, params, ctx)
    return dn.preview(ctx, plan.notices, plan.channel, params)


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    ctx.progress(0, 1, "표시기간 확인 중")
    return dn.run_plan(ctx, _plan(tables, params, ctx), params, lambda _due, text: text)
