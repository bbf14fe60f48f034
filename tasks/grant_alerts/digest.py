"""The e-mail digest per profile: 신규, 변경 (마감일 이동), 마감 임박 (D-7, D-3), in HTML and plain text.

Sent through ``core.notify`` (its SMTP channel and its ledger). The ledger key is the profile and
the day, so the same command run twice in a day sends the digest once. A call counts as told to a
profile only after the mail server accepted the digest; until then it stays in the next digest.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from tasks.grant_alerts.profiles import Profile
from tasks.grant_alerts.record import NO_DEADLINE, Grant, d_day
from tasks.grant_alerts.seen import SeenStore

TASK_ID = "grant-alerts"


@dataclass
class Entry:
    kind: str  # 신규, 변경, D-7, D-3
    grant: Grant
    grant_id: int
    note: str = ""
    ai_summary: str = ""  # AI drafts (issue 20): shown only where labelled, sent only once approved in the window
    ai_fit: str = ""


@dataclass
class DigestResult:
    profile: str
    entries: list[Entry] = field(default_factory=list)
    status: str = ""  # Korean, for 요약
    sent: int = 0
    warning: str = ""


def entries_for(profile: Profile, matched: list[tuple[Grant, int]], seen: SeenStore, today: dt.date) -> list[Entry]:
    """What this profile has not been told yet: new calls, moved deadlines, reminders now due."""
    told = seen.told(profile.name)
    out: list[Entry] = []
    for g, gid in matched:
        if g.closes is not None and g.closes < today:
            continue
        deadline = g.closes.isoformat() if g.closes else ""
        if gid not in told:
            out.append(Entry("신규", g, gid))
        elif told[gid][0] != deadline:
            out.append(Entry("변경", g, gid, f"마감 {told[gid][0] or '미정'} → {deadline or '미정'}"))
    listed = {e.grant_id for e in out}
    out.extend(Entry(st, g, gid) for gid, g, st in seen.reminders(profile.name, today) if gid not in listed)
    return out


def subject(profile: Profile, today: dt.date, entries: list[Entry], *, demo: bool = False) -> str:
    """The mail subject; a sample-mode digest starts with "[예시]" so that it is never taken for real."""
    n = {k: sum(1 for e in entries if e.kind == k) for k in ("신규", "변경")}
    soon = sum(1 for e in entries if e.kind.startswith("D-"))
    return ("[예시] " if demo else "") + (
        f"[행봇] 공모사업 알림 {today.isoformat()} ({profile.name}): 신규 {n['신규']}건, 변경 {n['변경']}건, 마감 임박 {soon}건"
    )


SECTIONS = (("신규", "새 공모"), ("변경", "마감일이 바뀐 공모"), ("D-7", "마감 7일 전"), ("D-3", "마감 3일 전"))


AI_LABEL = "AI 작성 · 검토 필요"


def text_body(profile: Profile, today: dt.date, entries: list[Entry], *, with_ai: bool = False) -> str:
    lines = [f"{profile.department or profile.name} 담당자님, {today.isoformat()} 기준 공모사업 알림입니다.", ""]
    for kind, title in SECTIONS:
        group = [e for e in entries if e.kind == kind]
        if not group:
            continue
        lines.append(f"■ {title} ({len(group)}건)")
        for e in group:
            g = e.grant
            closes = f"{g.closes.isoformat()} ({d_day(g.closes, today)})" if g.closes else NO_DEADLINE
            lines.append(f"- {g.title} | {g.agency or g.executor or '-'} | 마감 {closes}" + (f" | {e.note}" if e.note else ""))
            if g.url:
                lines.append(f"  {g.url}")
            if with_ai and (e.ai_summary or e.ai_fit):
                lines.append(f"  [{AI_LABEL}]")
                lines.extend(f"  {line}" for line in e.ai_summary.splitlines())
                if e.ai_fit:
                    lines.append(f"  적합 이유: {e.ai_fit}")
        lines.append("")
    lines.append("이 메일은 행봇(grant-alerts)이 자동으로 보냈습니다. 받을 공고는 grant_profiles.toml에서 고칩니다.")
    return "\n".join(lines)


def html_body(profile: Profile, today: dt.date, entries: list[Entry], *, with_ai: bool = False) -> str:
    e_ = html.escape
    parts = [
        "<html><body style=\"font-family:'Malgun Gothic',sans-serif;font-size:14px\">",
        f"<p>{e_(profile.department or profile.name)} 담당자님, {today.isoformat()} 기준 공모사업 알림입니다.</p>",
    ]
    for kind, title in SECTIONS:
        group = [e for e in entries if e.kind == kind]
        if not group:
            continue
        parts.append(f"<h3>{e_(title)} ({len(group)}건)</h3>")
        parts.append(
            '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">'
            "<tr><th>공고명</th><th>소관기관</th><th>접수마감</th><th>D-day</th><th>지원대상</th><th>출처</th></tr>"
        )
        for en in group:
            g = en.grant
            name = e_(g.title)
            if g.url:
                name = f'<a href="{e_(g.url, quote=True)}">{name}</a>'
            if en.note:
                name += f"<br><small>{e_(en.note)}</small>"
            if with_ai and (en.ai_summary or en.ai_fit):
                ai_lines = [*en.ai_summary.splitlines(), *([f"적합 이유: {en.ai_fit}"] if en.ai_fit else [])]
                name += f"<br><small><b>[{AI_LABEL}]</b><br>{'<br>'.join(e_(x) for x in ai_lines)}</small>"
            closes = g.closes.isoformat() if g.closes else NO_DEADLINE
            parts.append(
                f"<tr><td>{name}</td><td>{e_(g.agency or g.executor or '-')}</td><td>{closes}</td>"
                f"<td>{e_(d_day(g.closes, today))}</td><td>{e_((g.target or '확인 필요')[:60])}</td>"
                f"<td>{e_(g.source)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<p><small>이 메일은 행봇(grant-alerts)이 자동으로 보냈습니다.</small></p></body></html>")
    return "".join(parts)


def preview_digest(profile: Profile, entries: list[Entry], today: dt.date) -> tuple[DigestResult, dict[str, str]]:
    """예시 모드: the digest as it would go out, for the workbook; nothing is sent or marked as told."""
    result = DigestResult(profile.name, entries, status="예시(보내지 않음)" if entries else "알릴 공고 없음")
    row = {
        "프로필": profile.name,
        "받는 사람": ", ".join(profile.recipients) or "(프로필에 받는 사람 없음)",
        "제목": subject(profile, today, entries, demo=True),
        "본문": "[예시] 이 메일은 예시 자료로 만든 것이며 보내지 않았습니다.\n\n"
        + text_body(profile, today, entries, with_ai=True),
    }
    return result, row


def send_digest(ctx: Any, profile: Profile, entries: list[Entry], seen: SeenStore, today: dt.date) -> DigestResult:
    """One digest for one profile through the notification layer; never raises for an outside failure."""
    from core.errors import HaengBotError
    from core.notify import Outgoing, prepare
    from core.notify.notifier import ACCEPTED, ALREADY, DRY_RUN, EXCLUDED
    from core.notify.service import send

    result = DigestResult(profile.name, entries)
    if not entries:
        result.status = "알릴 공고 없음"
        return result
    if not profile.recipients:
        result.status = "받는 사람 없음(프로필에 recipients를 적으십시오)"
        return result
    # AI text goes out only after the clerk approved it in the window; a CLI or scheduled run never asks.
    drafts = [
        f"{e.grant.title}: {' / '.join(e.ai_summary.splitlines())} ({e.ai_fit})" for e in entries if e.ai_summary or e.ai_fit
    ]
    with_ai = False
    if drafts:
        from core.ai.approval import approved_for_sending

        with_ai = approved_for_sending(ctx, f"'{profile.name}' 요약 메일", drafts)
    subj = subject(profile, today, entries)
    text = text_body(profile, today, entries, with_ai=with_ai)
    body = html_body(profile, today, entries, with_ai=with_ai)
    messages = [
        Outgoing(TASK_ID, f"digest:{profile.name}:{today.isoformat()}", "digest", addr, text, subj, html=body)
        for addr in profile.recipients
    ]
    try:
        report = send(ctx, prepare(messages, channel="email"), channel="email")
    except HaengBotError as exc:
        result.status = "보내지 못함"
        result.warning = f"'{profile.name}' 요약 메일을 보내지 못했습니다: {exc}"
        return result
    states = [o.status for o in report.outcomes]
    result.sent = states.count(ACCEPTED)
    if all(s == ALREADY for s in states):
        result.status = "오늘 이미 보냄"
    elif all(s == DRY_RUN or s == EXCLUDED for s in states) and DRY_RUN in states:
        result.status = "시험 실행(보내지 않음)"
    else:
        result.status = ", ".join(f"{s} {states.count(s)}명" for s in dict.fromkeys(states))
        bad = [o for o in report.outcomes if o.status not in (ACCEPTED, ALREADY, EXCLUDED)]
        if bad:
            result.warning = f"'{profile.name}' 요약 메일 일부를 보내지 못했습니다: {bad[0].status} {bad[0].reason}".strip()
        excluded = [o for o in report.outcomes if o.status == EXCLUDED]
        if excluded and not result.warning:
            result.warning = f"'{profile.name}' 받는 주소 {len(excluded)}개를 뺐습니다: {excluded[0].reason}"
        if result.sent and not bad:
            seen.mark_told(
                profile.name, [(e.grant_id, e.grant.closes.isoformat() if e.grant.closes else "") for e in entries], today
            )
    return result
