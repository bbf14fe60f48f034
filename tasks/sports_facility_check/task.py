"""Find each facility's notices at the 기준일, leave out the closed ones, send each notice once.

Personal data: 대표자 and the phone number go only into the operator's own message; the workbook
shows the number masked and the 대표자 masked inside the message text (홍*동).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from core.context import RunContext
from core.datagokr import SourceError
from core.deadlines import notices as dn
from core.deadlines.engine import Due, d_day_text, evaluate
from core.deadlines.templates import Wordings
from core.errors import InputError, RunFailed
from core.masking import mask_name
from core.notify.message import Outgoing
from core.notify.preview import SendPreview
from core.org import require_org
from core.reader import Issue, Table
from core.result import Result
from core.values import clean_text
from tasks.sports_facility_check import DATAGOKR_KEY, TASK_ID, TEMPLATE_FOLDER
from tasks.sports_facility_check.rules import HALF_END, NOTICES, RULES, half_bounds
from tasks.sports_facility_check.status_source import SOURCE, LicenceStatus, fetch_statuses, slug_for

REGISTRY = dn.Registry(TASK_ID, "민간체육시설 점검 알림", "운영자", "시설", "체육시설_안내업로드", NOTICES)
VARIABLES = ("기관명", "시설명", "업종", "대표자", "기준일자", "디데이", "반기", "미조치결함", "문의처")
CONTACT_NOTICES = tuple(r.name for r in RULES if r.template)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else clean_text(value)


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def long_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def validate(tables: Mapping[str, Table], params: Mapping[str, Any]) -> dict[str, list[Issue]]:
    """A 최근점검일 after the 기준일 cannot be right (a typo, or the wrong 기준일)."""
    table = tables["facilities"]
    base = dn.base_date(params)
    issues = []
    for r in table.valid().to_dict("records"):
        checked = _date(r.get("최근점검일"))
        if checked and checked > base:
            issues.append(
                table.issue(r["_row"], "최근점검일", checked.isoformat(), f"최근점검일({checked})이 기준일({base})보다 뒤입니다")
            )
    return {"facilities": issues} if issues else {}


def refresh(frame: pd.DataFrame, params: Mapping[str, Any], ctx: RunContext) -> dict[str, LicenceStatus]:
    """The open data's 영업상태 for the registry's 관리번호 (only the 업종 the data covers)."""
    org_code = _text(params.get("org_code"))
    if not org_code.isdigit() or len(org_code) != 7:
        raise InputError(
            "영업상태를 새로 확인하려면 개방자치단체코드(7자리 숫자, 예: 경기 광주시 5540000)를 설정 org_code에 적으십시오."
        )
    slugs = {s for s in (slug_for(_text(b)) for b in frame["업종"]) if s}
    if not slugs:
        return {}
    ctx.progress(0, 1, "지방행정 인허가 데이터에서 영업상태 확인 중")
    key = ctx.secret(DATAGOKR_KEY, "공공데이터포털 인증키(지방행정 인허가)")
    base_url = str(ctx.settings.get("sports.localdata_url") or "https://apis.data.go.kr/1741000")
    try:
        return fetch_statuses(ctx.http, base_url, key, org_code, slugs, ctx.check_cancelled)
    except SourceError as exc:
        raise RunFailed(f"영업상태를 확인하지 못했습니다: {exc}") from None


def split(table: Table, params: Mapping[str, Any], ctx: RunContext) -> tuple[pd.DataFrame, list[dn.Excluded]]:
    """The facilities in play (engine frame) and the ones never notified (휴업, 폐업), each with its reason."""
    valid = table.valid()
    online = refresh(valid, params, ctx) if params.get("refresh_status") else {}
    keep, excluded = [], []
    for index, r in valid.iterrows():
        number, name = _text(r["관리번호"]), _text(r["시설명"])
        state = _text(r.get("영업상태")) or "영업"
        found = online.get(number)
        if found is not None and found.closed:
            shown = found.name or found.closed
            since = f", {found.closed_on}" if found.closed_on else ""
            excluded.append(dn.Excluded(number, name, f"{shown}({SOURCE} {found.slug}{since})"))
        elif state in ("휴업", "폐업"):
            excluded.append(dn.Excluded(number, name, f"{state}(대장의 영업상태)"))
        else:
            keep.append(index)
    frame = valid.loc[keep].copy()
    frame["_id"] = frame["관리번호"].map(_text)
    frame["_name"] = frame["시설명"].map(_text)
    frame[HALF_END] = pd.Timestamp(half_bounds(params["base_date"])[1])
    for col in ("조치기한", "보험만기일", "최근점검일"):
        frame[col] = pd.to_datetime(frame[col])
    return frame, excluded


def _plan(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> dn.Plan:
    base = dn.base_date(params)
    resolved = {**params, "base_date": base}
    channel = dn.channel_for(params, ctx, email_ok=True)
    table = tables["facilities"]
    frame, excluded = split(table, resolved, ctx)
    dues = evaluate(frame, RULES, resolved)
    wordings = Wordings.load(TEMPLATE_FOLDER, CONTACT_NOTICES, VARIABLES, (), params.get("template_file"))
    org = str(ctx.settings.get("notify.org_name") or "")
    if not org and any(d.audience.to_contact for d in dues):
        org = require_org(ctx.settings, "안내문 앞머리 [기관명]을 정할 수 없습니다").name
    office = " ".join(p for p in (_text(params.get("office")), _text(params.get("office_phone"))) if p) or "담당 부서"
    half = f"{base.year}년 {'상' if base.month <= 6 else '하'}반기"

    def compose(due: Due) -> Outgoing | str:
        row = frame.loc[due.index]
        to = _text(row.get("이메일")) if channel == "email" else _text(row.get("연락처"))
        if not to:
            return "이메일이 비어 있습니다" if channel == "email" else "연락처가 비어 있습니다"
        values = {
            "기관명": org,
            "시설명": due.name,
            "업종": _text(row["업종"]),
            "대표자": _text(row["대표자"]),
            "기준일자": long_date(due.date),
            "디데이": d_day_text(due.dday),
            "반기": half,
            "미조치결함": _text(row.get("미조치결함")),
            "문의처": office,
        }
        subject, text = wordings.pick(due.notice).render(values)
        return Outgoing(TASK_ID, due.item, due.key, to, text, subject=subject, name=_text(row["대표자"]))

    return dn.Plan(REGISTRY, len(table.valid()), excluded, dn.build(dues, compose, channel), channel, base)


def preview(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> SendPreview:
    plan = _plan(tables, params, ctx)
    return dn.preview(ctx, plan.notices, plan.channel, params)


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    ctx.progress(0, 1, "점검·조치·보험 기한 확인 중")
    plan = _plan(tables, params, ctx)
    owners = {str(r["관리번호"]): _text(r["대표자"]) for r in tables["facilities"].valid().to_dict("records")}

    def shown(due: Due, text: str) -> str:
        owner = owners.get(due.item, "")
        return text.replace(owner, mask_name(owner)) if owner else text

    return dn.run_plan(ctx, plan, params, shown)
