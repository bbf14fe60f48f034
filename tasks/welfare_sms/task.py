"""Build each case's message for its current step, leave out what must not go, send the rest.

Personal data: the message never carries 주민등록번호, income, assets or disability grade (the task
does not even read such columns, and a message that looks like it holds an RRN is stopped). In
the result workbook phone numbers are masked (010-****-5678) and names are masked (홍*동), also
inside the message text shown; the full number exists only in memory and, for the upload-file
channel, in the upload file itself, which is the delivery vehicle.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.calendar import HolidayCalendar
from core.context import RunContext
from core.errors import RunFailed
from core.korean import josa, particle
from core.masking import mask_name, mask_phone
from core.notify import config as notify_config
from core.notify.labels import channel_word, code_word
from core.notify.ledger import Ledger, mask_recipient
from core.notify.message import BAD_CHAR, BAD_NUMBER, DUPLICATE, SMS_CHANNELS, TOO_LONG, Outgoing, Prepared, prepare
from core.notify.notifier import ACCEPTED, ALREADY, DRY_RUN, EXCLUDED, FAILED_KO, IN_DOUBT_KO, NOT_SENT, Outcome, key_of
from core.notify.preview import SendPreview, build_preview
from core.notify.service import plan_for, send
from core.org import require_org
from core.reader import Table
from core.result import DATE, FINDING, INT, MONEY, OK, WARNING, Result, ResultTable, SummaryItem
from core.values import clean_text
from tasks.welfare_sms import rules
from tasks.welfare_sms.outcomes import (
    EXCLUSIONS,
    TASK_ID,
    X_ALREADY,
    X_CHAR,
    X_DOUBT,
    X_DUP,
    X_LENGTH,
    X_NUMBER,
    X_PRIVATE,
    X_STEP,
)
from tasks.welfare_sms.templates import Templates

_PROBLEM_LABEL = {
    BAD_NUMBER: X_NUMBER,
    TOO_LONG: X_LENGTH,
    BAD_CHAR: X_CHAR,
    DUPLICATE: X_DUP,
    "empty": X_LENGTH,
    "ad_rule": X_STEP,
}
_RRN_LIKE = re.compile(r"(?<!\d)\d{6}\s?-\s?[1-8](\d{6}|\*{6})(?!\d)")

RESULT_HIGHLIGHT = {ACCEPTED: OK, FAILED_KO: FINDING, IN_DOUBT_KO: WARNING, NOT_SENT: WARNING, DRY_RUN: ""}


@dataclass
class Case:
    row: int
    number: str
    name: str
    phone: str
    benefit: str
    program: rules.Program
    step_text: str
    step: str | None
    changed: dt.date | None
    applied: dt.date
    due: dt.date | None = None
    days: int | None = None
    dday: str = ""
    excluded: str = ""  # label
    detail: str = ""
    values: dict[str, str] = field(default_factory=dict)


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def _required_date(value: Any) -> dt.date:
    """A required DATE column's value: the reader has already sent rows without one to the 오류행 sheet."""
    day = _date(value)
    if day is None:
        raise ValueError(f"required date is missing: {value!r}")
    return day


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else clean_text(value)


def build_cases(table: Table, params: Mapping[str, Any], org: str) -> list[Case]:
    today = params.get("base_date") or dt.date.today()
    calendar = HolidayCalendar() if params.get("roll_holidays", True) else None
    cases = []
    for r in table.valid().to_dict("records"):
        program = rules.program_for(_text(r["급여종류"]))
        step_text = _text(r["처리단계"])
        c = Case(
            int(r["_row"]),
            _text(r["신청번호"]),
            _text(r["신청인 성명"]),
            _text(r["연락처"]),
            _text(r["급여종류"]),
            program,
            step_text,
            rules.step_for(step_text),
            _date(r["단계변경일"]),
            _required_date(r["신청일"]),
        )
        cases.append(c)
        if c.step is None:
            c.excluded, c.detail = (
                X_STEP,
                f"처리단계 '{step_text}'{particle(str(step_text), '은/는')} 안내 문자를 보내는 단계가 아닙니다",
            )
            continue
        extended = c.step == rules.EXTENDED
        days = program.extended_days if extended else program.days
        if days is None:
            c.excluded, c.detail = X_STEP, f"{josa(program.label, '은/는')} 결정기한 연장 규정이 없습니다({program.basis})"
            continue
        decision = rules.decision_word(r.get("결정결과"))
        if c.step == rules.DECIDED and decision is None:
            c.excluded, c.detail = X_STEP, "결정 단계인데 결정결과(적합/부적합)가 비어 있거나 알 수 없는 값입니다"
            continue
        sent_on = _date(r.get("문자발송일"))
        if sent_on is not None and c.changed is not None and sent_on >= c.changed:
            c.excluded, c.detail = X_ALREADY, f"이 단계 안내를 {sent_on.isoformat()}에 이미 보냈습니다(입력 파일의 문자발송일)"
            continue
        c.days = days
        c.due = rules.deadline(c.applied, days, calendar)
        c.dday = rules.d_day(c.due, today)
        supplement_due = _date(r.get("보완기한"))
        supplement_fields: dict[str, str] = {}
        if c.step == rules.SUPPLEMENT:
            if supplement_due is None:
                supplement_due = (c.changed or today) + dt.timedelta(days=int(params.get("supplement_days", 7)))
            supplement_fields["보완기한_날짜"] = supplement_due.isoformat()
        c.values = {
            "기관명": org,
            "성명": c.name,
            "급여종류": c.benefit,
            "신청일": rules.short_date(c.applied, today),
            "처리기한": rules.short_date(c.due, today),
            "처리기한일수": str(c.days),
            "디데이": c.dday,
            "담당부서": _text(r["담당부서"]),
            "담당전화": _text(r["담당전화"]),
            "결정결과": decision or "",
            "연장사유": _text(r.get("연장사유")) or program.extension_reason,
            "보완서류": _text(r.get("보완서류")),
            "보완기한": rules.short_date(supplement_due, today, weekday=True) if supplement_due else "",
            "이의신청": program.appeal,
            **supplement_fields,
        }
    return cases


def step_key(c: Case) -> str:
    """The ledger's step: a second 보완요청 with a new 보완기한 is a new step; the others happen once."""
    if c.step == rules.SUPPLEMENT:
        return f"{c.step}:{c.values.get('보완기한_날짜', '')}"
    return c.step or ""


def messages(cases: list[Case], templates: Templates) -> list[Outgoing]:
    out = []
    for c in cases:
        if c.excluded:
            continue
        subject, text = templates.pick(c.step or "", c.program.key).render(c.values)
        out.append(Outgoing(TASK_ID, c.number, step_key(c), c.phone, text, subject=subject, name=c.name, ref=c))
    return out


def _load(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> tuple[list[Case], list[Prepared]]:
    org = (
        str(ctx.settings.get("notify.org_name") or "")
        or require_org(ctx.settings, "문자 앞머리 [기관명]을 정할 수 없습니다").name
    )
    templates = Templates.load(params.get("template_file") or None)
    cases = build_cases(tables["cases"], params, org)
    prepared = prepare(messages(cases, templates), channel=_channel(params, ctx))
    for p in prepared:
        if p.ok and _RRN_LIKE.search(p.text):
            p.problem, p.reason = "private", "문자에 주민등록번호로 보이는 숫자가 있어 보내지 않습니다"
    return cases, prepared


def mark_in_doubt_as_sent(ctx: RunContext, prepared: list[Prepared]) -> int:
    """The clerk checked the provider's console and the in-doubt messages did arrive."""
    ledger = Ledger(ctx.store)
    return sum(ledger.resolve(key_of(o.prepared), delivered=True) for o in plan_for(ctx, prepared) if o.status == IN_DOUBT_KO)


def _channel(params: Mapping[str, Any], ctx: RunContext) -> str:
    chosen = params.get("channel") or "settings"
    name = notify_config.channel_name(ctx.settings) if chosen == "settings" else str(chosen)
    if name not in SMS_CHANNELS:
        raise RunFailed(
            f"이 작업은 문자로 안내합니다. 설정의 발송 방법이 '{name}'입니다: 업로드 파일·솔라피·NHN Cloud 중에서 "
            "고르거나, 설정 channel로 이번 실행만 바꾸십시오."
        )
    return name


def _prices(ctx: RunContext) -> dict[str, int]:
    return {"SMS": int(ctx.settings.get("notify.price_sms") or 0), "LMS": int(ctx.settings.get("notify.price_lms") or 0)}


def preview(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> SendPreview:
    """For the GUI's confirm-send page: count, cost estimate, three sample messages. Sends nothing."""
    _, prepared = _load(tables, params, ctx)
    outcomes = plan_for(ctx, prepared, allow_in_doubt=params.get("unconfirmed") == "resend")
    return build_preview(
        outcomes, prices=_prices(ctx), channel=_channel(params, ctx), sender=str(ctx.settings.get("notify.sender_number") or "")
    )


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    ctx.progress(0, 1, "안내 문자 만드는 중")
    cases, prepared = _load(tables, params, ctx)
    channel = _channel(params, ctx)
    ctx.progress(0, 1, f"보낼 문자 {sum(p.ok for p in prepared):,}건 확인 중")
    if params.get("unconfirmed") == "mark_sent" and not ctx.dry_run:
        resolved = mark_in_doubt_as_sent(ctx, prepared)
        ctx.log.info("확인 필요 %d건을 담당자 확인에 따라 발송된 것으로 정리", resolved)
    report = send(
        ctx,
        prepared,
        channel=channel,
        allow_in_doubt=params.get("unconfirmed") == "resend",
        output_dir=ctx.settings.output_dir(),
        prefix="사회보장급여_문자업로드",
    )
    return _result(cases, report.outcomes, channel, report.files, _prices(ctx), ctx.dry_run)


# ------------------------------------------------------------------------------ result
def _shown_text(text: str, name: str) -> str:
    return text.replace(name, mask_name(name)) if name else text


def _result(
    cases: list[Case], outcomes: list[Outcome], channel: str, files: list[Path], prices: dict[str, int], dry_run: bool
) -> Result:
    targets, results, excluded = [], [], []
    for case in cases:
        if case.excluded:
            excluded.append(
                [
                    case.number,
                    mask_name(case.name),
                    mask_phone(case.phone) if case.phone else "",
                    case.benefit,
                    case.step_text,
                    case.changed,
                    case.row,
                    case.excluded,
                    case.detail,
                ]
            )
    for o in outcomes:
        c: Case = o.prepared.msg.ref
        phone = mask_recipient(o.prepared.recipient) if o.prepared.recipient else (mask_phone(c.phone) if c.phone else "")
        if not o.attempted and o.status in (EXCLUDED, ALREADY, IN_DOUBT_KO):
            label = {ALREADY: X_ALREADY, IN_DOUBT_KO: X_DOUBT}.get(o.status) or _PROBLEM_LABEL.get(o.code, X_PRIVATE)
            excluded.append([c.number, mask_name(c.name), phone, c.benefit, c.step_text, c.changed, c.row, label, o.reason])
            continue
        targets.append(
            [
                c.number,
                mask_name(c.name),
                phone,
                c.benefit,
                c.program.label,
                c.step,
                c.applied,
                c.due,
                c.days,
                c.dday,
                o.prepared.kind,
                o.prepared.body_bytes,
                _shown_text(o.prepared.subject, c.name),
                _shown_text(o.prepared.text, c.name),
                c.program.basis,
            ]
        )
        results.append(
            [
                c.number,
                mask_name(c.name),
                phone,
                c.step,
                o.prepared.kind,
                o.status,
                code_word(o.code),
                o.reason,
                o.provider_id,
                channel_word(channel),
            ]
        )
    target_df = pd.DataFrame(
        targets,
        columns=[
            "신청번호",
            "성명",
            "연락처",
            "급여종류",
            "법정 구분",
            "처리단계",
            "신청일",
            "처리기한",
            "기한일수",
            "디데이",
            "유형",
            "바이트",
            "제목",
            "메시지",
            "근거",
        ],
    )
    result_df = pd.DataFrame(
        results, columns=["신청번호", "성명", "연락처", "처리단계", "유형", "결과", "코드", "사유", "업체 메시지ID", "발송방법"]
    )
    excl_df = pd.DataFrame(
        excluded, columns=["신청번호", "성명", "연락처", "급여종류", "처리단계", "단계변경일", "행", "제외사유", "상세"]
    ).sort_values(["제외사유", "행"], kind="stable")
    for df, cols in ((target_df, ("신청일", "처리기한")), (excl_df, ("단계변경일",))):
        for col in cols:
            df[col] = pd.to_datetime(df[col])
    counts = result_df["결과"].value_counts()
    kinds = target_df["유형"].value_counts()
    sms, lms = int(kinds.get("SMS", 0)), int(kinds.get("LMS", 0))
    summary = [
        SummaryItem("읽은 신청 건", len(cases)),
        SummaryItem("발송 대상", len(target_df)),
        SummaryItem("단문(SMS)", sms),
        SummaryItem("장문(LMS)", lms),
    ]
    for status in (ACCEPTED, FAILED_KO, IN_DOUBT_KO, NOT_SENT, DRY_RUN):
        if status in counts or status in (ACCEPTED, FAILED_KO):
            summary.append(SummaryItem(status, int(counts.get(status, 0)), RESULT_HIGHLIGHT.get(status) or ""))
    excl_counts = excl_df["제외사유"].value_counts()
    summary.append(SummaryItem("제외", len(excl_df), WARNING if len(excl_df) else OK))
    for label in EXCLUSIONS:
        if label in excl_counts:
            summary.append(SummaryItem(f"  제외: {label}", int(excl_counts[label]), WARNING))
    summary.append(SummaryItem("예상 비용(원)", sms * prices.get("SMS", 0) + lms * prices.get("LMS", 0), fmt=MONEY))
    warnings = []
    if int(counts.get(FAILED_KO, 0)):
        warnings.append(f"발송 실패 {int(counts[FAILED_KO])}건: 다시 실행하면 실패한 건만 다시 보냅니다.")
    doubt = int(counts.get(IN_DOUBT_KO, 0)) + int(excl_counts.get(X_DOUBT, 0))
    if doubt:
        warnings.append(
            f"확인 필요 {doubt}건: 업체 발송 내역에서 실제로 갔는지 확인하십시오. 행봇은 이 건을 다시 보내지 않습니다."
        )
    if int(counts.get(NOT_SENT, 0)):
        warnings.append(f"보내지 않음 {int(counts[NOT_SENT])}건: 업체 오류로 멈췄습니다. 원인을 고친 뒤 다시 실행하십시오.")
    if files:
        warnings.append(
            "업로드 파일에는 전체 전화번호가 들어 있습니다. 시 문자 시스템에 올린 뒤 지우십시오: "
            + ", ".join(str(f) for f in files)
        )
    if dry_run:
        warnings.append("시험 실행: 문자를 보내지 않았습니다.")
    tables = [
        ResultTable(
            "발송대상",
            target_df,
            {"신청일": DATE, "처리기한": DATE, "기한일수": INT, "바이트": INT},
            note="이번 실행에서 보낸(보낼) 문자입니다. 바이트는 EUC-KR 기준(단문 90, 장문 2,000). 성명·번호는 가렸습니다.",
        ),
        ResultTable(
            "발송결과",
            result_df,
            {},
            "결과",
            RESULT_HIGHLIGHT,
            note="'접수'는 문자 업체가 받았다는 뜻입니다. '확인 필요'는 다시 보내지 않으니 업체 발송 내역을 확인하십시오.",
        ),
        ResultTable(
            "제외",
            excl_df,
            {"단계변경일": DATE, "행": INT},
            "제외사유",
            {label: WARNING for label in EXCLUSIONS},
            note="보내지 않은 신청 건과 그 이유입니다.",
        ),
    ]
    return Result(
        tables=tables,
        summary=summary,
        warnings=warnings,
        files=list(files),
        messages=[{"case": r[0], "step": r[3], "kind": r[4], "status": r[5]} for r in results],
        headline="사회보장급여 처리절차 안내 문자",
    )
