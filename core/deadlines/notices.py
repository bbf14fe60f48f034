"""Send each contact notice once per (item, window key), and lay out the contract sheets.

Each notice to a contact is a message on the effects ledger keyed (task, 관리번호, window key,
recipient), claimed before it is handed to the channel and confirmed after (``core.notify``). So a
re-run on the same day, or the next day in the same window, finds the key already sent and sends
nothing; a notice claimed by a run that was killed is 확인 필요 and is never sent again blindly.
Messages pass the same checks as every citizen message (EUC-KR, KS X 1001, length, number).

The staff digest lists every notice due, overdue first: it is the 알림대상 sheet itself, and, when
staff addresses are given, one e-mail per 기준일 through the same ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.context import RunContext
from core.deadlines.engine import Due, d_day_text
from core.deadlines.rules import Audience
from core.errors import HaengBotError, RunFailed
from core.korean import particle
from core.masking import mask_phone
from core.notify import config as notify_config
from core.notify.labels import channel_word, code_word
from core.notify.ledger import Ledger, mask_recipient
from core.notify.message import SMS_CHANNELS, Outgoing, Prepared, prepare
from core.notify.notifier import ACCEPTED, ALREADY, DRY_RUN, EXCLUDED, FAILED_KO, IN_DOUBT_KO, NOT_SENT, Outcome, key_of
from core.notify.preview import SendPreview, build_preview
from core.notify.service import plan_for, send
from core.result import DATE, FINDING, INT, OK, TEXT, WARNING, Result, ResultTable, SummaryItem

# 발송 values (a contract): sent now, sent before in this window, not sent (staff only, or why on 발송결과), in doubt.
SENT_NOW, SENT_BEFORE, NOT_SENDING, IN_DOUBT = "발송", "이미 발송", "발송 안 함", "확인 필요"
SEND_VALUES = (SENT_NOW, SENT_BEFORE, NOT_SENDING, IN_DOUBT)
STAFF = "담당자"
TARGET_COLUMNS = ["관리번호", "이름", "알림", "기준일자", "D-day", "받는 사람", "안내문", "발송"]
EXCLUDED_COLUMNS = ["관리번호", "이름", "사유"]
RESULT_COLUMNS = ["관리번호", "이름", "알림", "연락처", "유형", "결과", "코드", "사유", "발송방법"]
_SEND_HIGHLIGHT = {SENT_NOW: OK, SENT_BEFORE: "", NOT_SENDING: "", IN_DOUBT: WARNING}
_RESULT_HIGHLIGHT = {ACCEPTED: OK, FAILED_KO: FINDING, IN_DOUBT_KO: WARNING, NOT_SENT: WARNING, EXCLUDED: WARNING}


@dataclass(frozen=True)
class Registry:
    """What the notice layer needs to know about a task."""

    task_id: str
    title: str  # headline, digest subject
    contact_word: str  # 운영자, 광고주
    item_word: str  # 시설, 광고물 (요약: "읽은 시설")
    upload_prefix: str
    notices: tuple[str, ...]  # every 알림 value, in 요약 order


@dataclass
class Excluded:
    item: str
    name: str
    reason: str


# A task turns a due notice into its message, or says why it cannot go ("연락처가 없습니다").
Compose = Callable[[Due], Outgoing | str]


@dataclass
class Notices:
    """The dues of one run with their messages, before sending (the confirm-send page reads this)."""

    dues: list[Due]
    prepared: list[Prepared]
    unsendable: dict[int, str] = field(default_factory=dict)  # id(due) -> why no message
    texts: dict[int, str] = field(default_factory=dict)  # id(due) -> the message text (staff-only: "")


def channel_for(params: Mapping[str, Any], ctx: RunContext, *, email_ok: bool) -> str:
    chosen = params.get("channel") or "settings"
    name = notify_config.channel_name(ctx.settings) if chosen == "settings" else str(chosen)
    if name == "email" and not email_ok:
        raise RunFailed(
            "이 작업의 대장에는 전자우편 주소 열이 없어 전자우편으로 안내할 수 없습니다. 문자 발송 방법을 고르십시오."
        )
    if name not in (*SMS_CHANNELS, "email"):
        raise RunFailed(f"발송 방법 '{name}'{particle(name, '을/를')} 알 수 없습니다.")
    return name


def build(dues: Sequence[Due], compose: Compose, channel: str) -> Notices:
    out = Notices(list(dues), [])
    messages: list[Outgoing] = []
    for due in dues:
        if not due.audience.to_contact:
            continue
        made = compose(due)
        if isinstance(made, str):
            out.unsendable[id(due)] = made
            continue
        made.ref = due  # the result sheets find each due's outcome through it
        out.texts[id(due)] = made.text
        messages.append(made)
    out.prepared = prepare(messages, channel=channel)
    return out


def preview(ctx: RunContext, notices: Notices, channel: str, params: Mapping[str, Any]) -> SendPreview:
    """For the confirm-send page: what would go now (the ledger leaves out what already went). Sends nothing."""
    outcomes = plan_for(ctx, notices.prepared, allow_in_doubt=params.get("unconfirmed") == "resend")
    prices = {"SMS": int(ctx.settings.get("notify.price_sms") or 0), "LMS": int(ctx.settings.get("notify.price_lms") or 0)}
    return build_preview(outcomes, prices=prices, channel=channel, sender=str(ctx.settings.get("notify.sender_number") or ""))


def deliver(
    ctx: RunContext, notices: Notices, channel: str, params: Mapping[str, Any], prefix: str
) -> tuple[list[Outcome], list[Path]]:
    if params.get("unconfirmed") == "mark_sent" and not ctx.dry_run:
        ledger = Ledger(ctx.store)
        for o in plan_for(ctx, notices.prepared):
            if o.status == IN_DOUBT_KO:
                ledger.resolve(key_of(o.prepared), delivered=True)
    report = send(
        ctx,
        notices.prepared,
        channel=channel,
        allow_in_doubt=params.get("unconfirmed") == "resend",
        output_dir=ctx.settings.output_dir(),
        prefix=prefix,
    )
    return report.outcomes, list(report.files)


def send_value(status: str) -> str:
    return {ACCEPTED: SENT_NOW, ALREADY: SENT_BEFORE, IN_DOUBT_KO: IN_DOUBT}.get(status, NOT_SENDING)


def audience_word(audience: Audience, contact_word: str) -> str:
    return {Audience.CONTACT: contact_word, Audience.STAFF: STAFF, Audience.BOTH: f"{contact_word}·{STAFF}"}[audience]


# ------------------------------------------------------------------------------ staff digest
def digest_text(reg: Registry, dues: Sequence[Due], base: dt.date, sends: Mapping[int, str]) -> str:
    """Everything due, overdue first (the dues come sorted so), one line each."""
    lines = [f"{base.isoformat()} 기준 {reg.title} 대상 {len(dues)}건입니다(기한이 지난 건 먼저).", ""]
    for d in dues:
        lines.append(
            f"- [{d.notice}] {d.item} {d.name} | {d.rule.date_name} {d.date.isoformat()} ({d_day_text(d.dday)})"
            f" | {audience_word(d.audience, reg.contact_word)} | {sends.get(id(d), NOT_SENDING)}"
        )
    lines += ["", f"이 메일은 행봇({reg.task_id})이 보냈습니다. 자세한 내용은 결과 엑셀의 알림대상 시트를 보십시오."]
    return "\n".join(lines)


def send_digest(
    ctx: RunContext, reg: Registry, dues: Sequence[Due], base: dt.date, addresses: Sequence[str], sends: Mapping[int, str]
) -> tuple[str, str]:
    """One e-mail per 기준일 and address through the ledger: (status for 요약, warning or "")."""
    if not addresses:
        return "엑셀만(받을 주소 없음)", ""
    if not dues:
        return "보낼 대상 없음", ""
    subject = f"[행봇] {reg.title} {base.isoformat()}: {len(dues)}건"
    text = digest_text(reg, dues, base, sends)
    msgs = [Outgoing(reg.task_id, f"요약:{base.isoformat()}", "담당자 요약", a, text, subject) for a in addresses]
    try:
        report = send(ctx, prepare(msgs, channel="email"), channel="email")
    except HaengBotError as exc:
        return "보내지 못함", f"담당자 요약 메일을 보내지 못했습니다: {exc}"
    states = [o.status for o in report.outcomes]
    bad = [o for o in report.outcomes if o.status not in (ACCEPTED, ALREADY, DRY_RUN)]
    status = ", ".join(f"{s} {states.count(s)}명" for s in dict.fromkeys(states))
    return status, (f"담당자 요약 메일 일부를 보내지 못했습니다: {bad[0].status} {bad[0].reason}".strip() if bad else "")


# ------------------------------------------------------------------------------ sheets
def result(
    reg: Registry,
    *,
    read: int,
    notices: Notices,
    outcomes: Sequence[Outcome],
    excluded: Sequence[Excluded],
    channel: str,
    files: Sequence[Path],
    digest: tuple[str, str],
    dry_run: bool,
    shown_text: Callable[[Due, str], str],
) -> Result:
    by_due = {id(o.prepared.msg.ref): o for o in outcomes}
    sends: dict[int, str] = {}
    targets, results = [], []
    for due in notices.dues:
        o = by_due.get(id(due))
        value = send_value(o.status) if o is not None else NOT_SENDING
        sends[id(due)] = value
        text = o.prepared.text if o is not None else notices.texts.get(id(due), "")
        targets.append(
            [
                due.item,
                due.name,
                due.notice,
                due.date,
                due.dday,
                audience_word(due.audience, reg.contact_word),
                shown_text(due, text),
                value,
            ]
        )
        if o is not None:
            contact = mask_recipient(o.prepared.recipient) if o.prepared.recipient else mask_phone(o.prepared.msg.to)
            results.append(
                [
                    due.item,
                    due.name,
                    due.notice,
                    contact,
                    o.prepared.kind,
                    o.status,
                    code_word(o.code),
                    o.reason,
                    channel_word(channel),
                ]
            )
        elif id(due) in notices.unsendable:
            results.append(
                [due.item, due.name, due.notice, "", "", EXCLUDED, "", notices.unsendable[id(due)], channel_word(channel)]
            )
    target_df = pd.DataFrame(targets, columns=TARGET_COLUMNS)
    target_df["기준일자"] = pd.to_datetime(target_df["기준일자"])
    result_df = pd.DataFrame(results, columns=RESULT_COLUMNS)
    excl_df = pd.DataFrame([[e.item, e.name, e.reason] for e in excluded], columns=EXCLUDED_COLUMNS)
    sent_counts = target_df["발송"].value_counts()
    notice_counts = target_df["알림"].value_counts()
    summary = [SummaryItem(f"읽은 {reg.item_word}", read), SummaryItem("알림 대상", len(target_df))]
    summary += [SummaryItem(f"  {n}", int(notice_counts.get(n, 0))) for n in reg.notices]
    summary += [
        SummaryItem("발송", int(sent_counts.get(SENT_NOW, 0)), OK),
        SummaryItem("이미 발송", int(sent_counts.get(SENT_BEFORE, 0))),
        SummaryItem("확인 필요", int(sent_counts.get(IN_DOUBT, 0)), WARNING if sent_counts.get(IN_DOUBT, 0) else OK),
        SummaryItem(
            "발송 안 함", int(sent_counts.get(NOT_SENDING, 0)), note="담당자만 보는 알림, 연락처 없음·번호 오류, 시험 실행"
        ),
        SummaryItem("제외", len(excl_df), WARNING if len(excl_df) else OK),
        SummaryItem("담당자 요약 메일", digest[0], fmt=TEXT),
    ]
    warnings = _warnings(result_df, files, dry_run)
    if digest[1]:
        warnings.append(digest[1])
    tables = [
        ResultTable(
            "알림대상",
            target_df,
            {"기준일자": DATE, "D-day": INT},
            "발송",
            _SEND_HIGHLIGHT,
            note="기준일에 해당하는 알림입니다(기한이 지난 건 먼저). 같은 알림창에서 이미 보낸 안내는 '이미 발송'입니다.",
        ),
        ResultTable("제외", excl_df, {}, note="알리지 않는 항목과 그 이유입니다."),
        ResultTable(
            "발송결과",
            result_df,
            {},
            "결과",
            _RESULT_HIGHLIGHT,
            note="'접수'는 문자 업체가 받았다는 뜻입니다. '확인 필요'는 다시 보내지 않으니 업체 발송 내역을 확인하십시오.",
        ),
    ]
    return Result(
        tables=tables,
        summary=summary,
        warnings=warnings,
        files=list(files),
        messages=[{"case": r[0], "step": r[2], "kind": r[4], "status": r[5]} for r in results],
        headline=reg.title,
    )


def _warnings(result_df: pd.DataFrame, files: Sequence[Path], dry_run: bool) -> list[str]:
    counts = result_df["결과"].value_counts()
    out = []
    if int(counts.get(IN_DOUBT_KO, 0)):
        out.append(
            f"확인 필요 {int(counts[IN_DOUBT_KO])}건: 지난 실행이 보내는 도중 멈췄거나 업체 응답을 받지 못했습니다. "
            "업체 발송 내역에서 실제로 갔는지 확인하십시오. 행봇은 이 건을 다시 보내지 않습니다."
        )
    if int(counts.get(FAILED_KO, 0)):
        out.append(f"발송 실패 {int(counts[FAILED_KO])}건: 다시 실행하면 실패한 건만 다시 보냅니다.")
    if int(counts.get(NOT_SENT, 0)):
        out.append(f"보내지 않음 {int(counts[NOT_SENT])}건: 업체 오류로 멈췄습니다. 원인을 고친 뒤 다시 실행하십시오.")
    if files:
        out.append(
            "업로드 파일에는 전체 전화번호가 들어 있습니다. 시 문자 시스템에 올린 뒤 지우십시오: "
            + ", ".join(str(f) for f in files)
        )
    if dry_run:
        out.append("시험 실행: 안내를 보내지 않았습니다.")
    return out


# ------------------------------------------------------------------------------ one run
@dataclass
class Plan:
    """One run before sending: what is due, what is excluded, and the messages (the preview and the run share it)."""

    reg: Registry
    read: int
    excluded: list[Excluded]
    notices: Notices
    channel: str
    base: dt.date


def base_date(params: Mapping[str, Any]) -> dt.date:
    value = params.get("base_date")
    return value if isinstance(value, dt.date) else dt.date.today()


def staff_addresses(params: Mapping[str, Any]) -> list[str]:
    return [a.strip() for a in str(params.get("staff_email") or "").replace(";", ",").split(",") if a.strip()]


def run_plan(ctx: RunContext, plan: Plan, params: Mapping[str, Any], shown_text: Callable[[Due, str], str]) -> Result:
    """Send what is due (each once), e-mail the staff digest, and lay out the sheets."""
    ctx.progress(0, 1, f"보낼 안내 {sum(p.ok for p in plan.notices.prepared):,}건 확인 중")
    outcomes, files = deliver(ctx, plan.notices, plan.channel, params, plan.reg.upload_prefix)
    by_due = {id(o.prepared.msg.ref): send_value(o.status) for o in outcomes}
    digest = send_digest(ctx, plan.reg, plan.notices.dues, plan.base, staff_addresses(params), by_due)
    return result(
        plan.reg,
        read=plan.read,
        notices=plan.notices,
        outcomes=outcomes,
        excluded=plan.excluded,
        channel=plan.channel,
        files=files,
        digest=digest,
        dry_run=ctx.dry_run,
        shown_text=shown_text,
    )
