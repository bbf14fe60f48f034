"""Guidance after the audit: a request to check for each 제공기관, a preventive reminder for the people involved.

``notify=agency``: one e-mail per 제공기관 and month listing its findings, worded as a request to check
(nothing is decided yet). ``notify=people``: one SMS to each 활동지원사 and 수급자 of a 주의 finding,
carrying only the reminder of the rules (바우처카드 보관, 실제 제공시간만 결제, 입원·출국 시 신고),
never the finding: a finding is not a verdict, and a text message is not the place to accuse anyone.
Every message is an effect on the ledger keyed by (person, month, notice), so a second run in the
same month sends nothing again. The texts live in resources/templates/care_voucher_audit/.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.context import RunContext
from core.errors import InputError, RunFailed
from core.masking import mask_name
from core.notify import config as notify_config
from core.notify.labels import code_word
from core.notify.ledger import mask_recipient
from core.notify.message import SMS_CHANNELS, Outgoing, Prepared, prepare
from core.notify.notifier import ACCEPTED, IN_DOUBT_KO, Outcome
from core.notify.preview import SendPreview, build_preview
from core.notify.service import plan_for, send
from core.org import require_org
from core.paths import resources_dir
from core.reader import Table
from core.result import Result, ResultTable
from core.rules import Severity
from tasks.care_voucher_audit.declared import CONTACTS, TASK_ID

TEMPLATES = ("templates", "care_voucher_audit", "guidance.toml")
HELPER, RECIPIENT, AGENCY = "활동지원사", "수급자", "제공기관"
PREVENT, CHECK_REQUEST = "예방안내", "확인요청"
SHEET = "안내 발송"


@dataclass(frozen=True)
class Target:
    """Who a message is for: 구분, 번호 (수급자번호, 활동지원사번호 or the 기관's name), 이름, and the month."""

    kind: str
    number: str
    name: str
    month: str


def load_templates() -> dict[str, dict[str, str]]:
    with resources_dir().joinpath(*TEMPLATES).open("rb") as fh:
        return tomllib.load(fh)


def contacts_of(tables: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(구분, 번호) -> (이름, 휴대전화, 이메일); the first row of a person wins."""
    table: Table | None = tables.get(CONTACTS)
    if table is None:
        raise InputError("안내를 보내려면 연락처(contacts) 파일이 필요합니다.", hint="--input contacts=파일경로 로 지정하십시오.")
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for kind, number, name, phone, email in table.valid()[["구분", "번호", "이름", "휴대전화", "이메일"]].itertuples(index=False):
        out.setdefault((str(kind), str(number)), (str(name or ""), str(phone or ""), str(email or "")))
    return out


def _org(ctx: RunContext) -> str:
    return (
        str(ctx.settings.get("notify.org_name") or "") or require_org(ctx.settings, "안내문의 [기관명]을 정할 수 없습니다").name
    )


def _month(findings: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(findings["서비스일자"]).dt.strftime("%Y-%m")


def people_messages(findings: pd.DataFrame, contacts: Mapping[tuple[str, str], tuple[str, str, str]], org: str) -> list[Outgoing]:
    """One reminder per 활동지원사 and 수급자 of a 주의 finding and month, in the order they first appear."""
    texts = load_templates()["sms"]
    caution = findings[findings["심각도"] == Severity.CAUTION.value]
    out: list[Outgoing] = []
    seen: set[tuple[str, str, str]] = set()
    months = _month(caution)
    for kind, column, name_column in ((HELPER, "활동지원사번호", "활동지원사명"), (RECIPIENT, "수급자번호", "수급자명")):
        for number, name, month in zip(caution[column], caution[name_column], months, strict=True):
            key = (kind, str(number), month)
            if key in seen:
                continue
            seen.add(key)
            _, phone, _ = contacts.get((kind, str(number)), ("", "", ""))
            target = Target(kind, str(number), str(name), month)
            text = texts[kind].format(기관=org)
            out.append(Outgoing(TASK_ID, f"{kind}:{number}", f"{month}:{PREVENT}", phone, text, name=str(name), ref=target))
    return out


def agency_messages(findings: pd.DataFrame, contacts: Mapping[tuple[str, str], tuple[str, str, str]], org: str) -> list[Outgoing]:
    """One e-mail per 제공기관 and month listing its findings (by number, not by name), asking it to check."""
    texts = load_templates()["email"]
    shown = findings.assign(_month=_month(findings), 서비스일자=pd.to_datetime(findings["서비스일자"]).dt.strftime("%Y-%m-%d"))
    out: list[Outgoing] = []
    for (agency, month), rows in shown.groupby(["제공기관", "_month"], sort=False):
        _, _, email = contacts.get((AGENCY, str(agency)), ("", "", ""))
        fields = {"기관": org, "연월": month, "제공기관": agency, "건수": len(rows)}
        lines = [texts["줄"].format(**{k: v for k, v in row.items() if isinstance(k, str)}) for row in rows.to_dict("records")]
        parts = (texts["머리"].format(**fields), "\n".join(lines), texts["꼬리"].format(**fields))
        body = "\n\n".join(part.strip("\n") for part in parts)  # one blank line between the three parts
        subject = texts["제목"].format(**fields)
        target = Target(AGENCY, str(agency), str(agency), month)
        out.append(
            Outgoing(
                TASK_ID,
                f"{AGENCY}:{agency}",
                f"{month}:{CHECK_REQUEST}",
                email,
                body,
                subject=subject,
                name=str(agency),
                ref=target,
            )
        )
    return out


def _channel(params: Mapping[str, Any], ctx: RunContext) -> str:
    if params.get("notify") == "agency":
        return "email"
    chosen = params.get("channel") or "settings"
    name = notify_config.channel_name(ctx.settings) if chosen == "settings" else str(chosen)
    if name not in SMS_CHANNELS:
        raise RunFailed(
            f"관련자 예방 안내는 문자로 보냅니다. 설정의 발송 방법이 '{name}'입니다: 업로드 파일·솔라피·NHN Cloud 중에서 "
            "고르거나, 설정 channel로 이번 실행만 바꾸십시오."
        )
    return name


def _prepared(tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext, findings: pd.DataFrame) -> list[Prepared]:
    contacts = contacts_of(tables)
    org = _org(ctx)
    build = agency_messages if params.get("notify") == "agency" else people_messages
    return prepare(build(findings, contacts, org), channel=_channel(params, ctx))


def _findings(tables: Mapping[str, Any], params: Mapping[str, Any]) -> pd.DataFrame:
    from tasks.care_voucher_audit.task import audit

    _, report, _, _ = audit(tables, params)
    return report.findings.df


def preview(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> SendPreview:
    """For the GUI's confirm-send page: what would go out, before anything is sent."""
    if params.get("notify", "none") == "none":
        preview = build_preview([], prices={}, channel="", sender="")
        preview.sending_off = "안내 발송을 '보내지 않음'으로 골라 점검만 합니다. 보낼 것이 없으니 [다음]으로 실행하십시오."
        return preview
    prepared = _prepared(tables, params, ctx, _findings(tables, params))
    prices = {"SMS": int(ctx.settings.get("notify.price_sms") or 0), "LMS": int(ctx.settings.get("notify.price_lms") or 0)}
    return build_preview(
        plan_for(ctx, prepared),
        prices=prices,
        channel=_channel(params, ctx),
        sender=str(ctx.settings.get("notify.sender_number") or ""),
    )


def deliver(
    tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext, findings: pd.DataFrame, result: Result
) -> None:
    """Send (or with --dry-run only plan) the guidance, and put what happened to each message on 안내 발송."""
    prepared = _prepared(tables, params, ctx, findings)
    channel = _channel(params, ctx)
    report = send(ctx, prepared, channel=channel, output_dir=ctx.settings.output_dir(), prefix="활동지원_안내")
    result.tables.append(_sheet(report.outcomes))
    result.files.extend(report.files)
    for o in report.outcomes:
        target: Target = o.prepared.msg.ref
        result.messages.append({"status": o.status, "kind": o.prepared.kind, "to": target.kind})
    sent = sum(o.status in (ACCEPTED, IN_DOUBT_KO) for o in report.outcomes)
    result.warnings.append(
        f"안내 {len(report.outcomes):,}건 중 {sent:,}건을 보냈습니다. '{SHEET}' 시트에 건마다 결과가 있습니다."
    )


def _sheet(outcomes: list[Outcome]) -> ResultTable:
    rows = []
    for o in outcomes:
        target: Target = o.prepared.msg.ref
        shown_name = target.name if target.kind == AGENCY else mask_name(target.name)
        rows.append(
            [
                target.kind,
                target.number,
                shown_name,
                target.month,
                CHECK_REQUEST if target.kind == AGENCY else PREVENT,
                mask_recipient(o.prepared.recipient) if o.prepared.recipient else "",
                o.prepared.kind,
                o.status,
                code_word(o.code),
                o.reason,
            ]
        )
    columns = ["구분", "번호", "이름", "연월", "안내", "받는 곳", "유형", "상태", "코드", "사유"]
    return ResultTable(SHEET, pd.DataFrame(rows, columns=columns), note="같은 사람·같은 달·같은 안내는 한 번만 보냅니다.")
