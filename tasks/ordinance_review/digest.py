"""The digest e-mail per 담당부서: which of its ordinances an amendment touches, and the fix for each.

Copied from grant-alerts' digest: sent through ``core.notify`` (its SMTP channel and its message
ledger). On top, every (amendment, ordinance) pair is an effect of its own on the effects ledger,
claimed before the digest goes and confirmed when the mail server took it: a pair told once is never
in a later digest, and a pair whose digest was cut off is 확인 필요, not told twice.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from typing import Any

from tasks.ordinance_review.analyse import FIX, NONE, Analysis, Assessment, Finding

TASK_ID = "ordinance-review"
STEP = "조례 영향 알림"


@dataclass
class Entry:
    """One (amendment, ordinance) pair and the citations it touches."""

    key: str  # 법령ID:법령MST(new):자치법규ID
    law: str
    promulgated: str
    number: str
    ordinance: str
    rows: list[tuple[Finding, Assessment]] = field(default_factory=list)


@dataclass
class DigestOutcome:
    department: str
    recipients: tuple[str, ...]
    entries: int
    status: str
    sent: int = 0
    warning: str = ""


def parse_recipients(text: str) -> dict[str, tuple[str, ...]]:
    """``자치협력과=a@city.go.kr, b@city.go.kr; 정보통신과=c@city.go.kr`` → {부서: (주소, …)}."""
    out: dict[str, tuple[str, ...]] = {}
    for part in (text or "").replace("\n", ";").split(";"):
        department, _, addresses = part.partition("=")
        found = tuple(a.strip() for a in addresses.split(",") if a.strip())
        if department.strip() and found:
            out[department.strip()] = found
    return out


def entries_by_department(analysis: Analysis) -> dict[str, list[Entry]]:
    entries: dict[str, dict[str, Entry]] = {}
    law_ids = {id(v): law_id for law_id, versions in analysis.laws.items() for v in versions}
    for finding in analysis.findings:
        for a in finding.assessments:
            if a.verdict == NONE or a.diff is None:
                continue
            new = a.diff.new
            key = f"{law_ids.get(id(new), new.law_id)}:{new.mst}:{finding.ordinance.ordinance_id}"
            department = finding.ordinance.department or "(담당부서 없음)"
            entry = entries.setdefault(department, {}).setdefault(
                key,
                Entry(key, new.name, new.promulgated.isoformat(), new.promulgation_no, finding.ordinance.name),
            )
            entry.rows.append((finding, a))
    return {d: list(e.values()) for d, e in entries.items()}


def subject(department: str, entries: list[Entry]) -> str:
    fixes = sum(1 for e in entries for _f, a in e.rows if a.verdict == FIX)
    return f"[행봇] 법령 개정에 따른 조례 정비 알림 ({department}): 조례 {len({e.ordinance for e in entries})}건, 정비 필요 {fixes}건"


def text_body(department: str, entries: list[Entry]) -> str:
    lines = [f"{department} 담당자님, 법령 개정으로 소관 조례의 인용 조항을 확인해야 합니다.", ""]
    for e in entries:
        lines.append(f"■ {e.ordinance} ← 「{e.law}」 (공포 {e.promulgated}, 제{e.number}호)")
        for finding, a in e.rows:
            c = finding.citation
            line = f'- {c.place} "{c.written}": {a.kind} / {a.verdict}'
            if a.verdict == FIX and finding.sentence:
                line += f" → {finding.sentence}"
            elif a.note:
                line += f" ({a.note})"
            lines.append(line)
        lines.append("")
    lines.append("이 메일은 행봇(ordinance-review)이 자동으로 보냈습니다. 자세한 내용은 결과 엑셀의 '영향조례' 시트를 보십시오.")
    return "\n".join(lines)


def html_body(department: str, entries: list[Entry]) -> str:
    e_ = html.escape
    parts = [
        "<html><body style=\"font-family:'Malgun Gothic',sans-serif;font-size:14px\">",
        f"<p>{e_(department)} 담당자님, 법령 개정으로 소관 조례의 인용 조항을 확인해야 합니다.</p>",
    ]
    for e in entries:
        parts.append(f"<h3>{e_(e.ordinance)} ← 「{e_(e.law)}」 (공포 {e_(e.promulgated)}, 제{e_(e.number)}호)</h3>")
        parts.append(
            '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">'
            "<tr><th>조문</th><th>인용</th><th>변경유형</th><th>판정</th><th>개정문·비고</th></tr>"
        )
        for finding, a in e.rows:
            c = finding.citation
            fix = finding.sentence if a.verdict == FIX and finding.sentence else a.note
            parts.append(
                f"<tr><td>{e_(c.place)}</td><td>{e_(c.written)}</td><td>{e_(a.kind)}</td>"
                f"<td>{e_(a.verdict)}</td><td>{e_(fix)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<p><small>이 메일은 행봇(ordinance-review)이 자동으로 보냈습니다.</small></p></body></html>")
    return "".join(parts)


def send_digests(ctx: Any, analysis: Analysis, recipients: dict[str, tuple[str, ...]]) -> list[DigestOutcome]:
    """One digest per 담당부서 and address, holding only the pairs not told before; never raises for an outside failure."""
    from core.effects import EffectKind
    from core.errors import HaengBotError
    from core.notify import Outgoing, prepare
    from core.notify.notifier import ACCEPTED, ALREADY
    from core.notify.service import send

    outcomes: list[DigestOutcome] = []
    for department, entries in sorted(entries_by_department(analysis).items()):
        addresses = recipients.get(department, ())
        if not addresses:
            outcomes.append(
                DigestOutcome(department, (), len(entries), "받는 주소 없음(설정 > 법령 개정 조례 비교 > 담당부서별 받는 주소)")
            )
            continue
        for address in addresses:
            claims = []
            for entry in entries:
                claim = ctx.effects.claim(
                    EffectKind.EMAIL, entry.key, STEP, address, summary=f"{entry.ordinance} ← {entry.law}", channel="email"
                )
                claims.append((entry, claim))
            fresh = [(e, c) for e, c in claims if c.claimed]
            skipped = [c for _e, c in claims if not c.claimed]
            if not fresh:
                state = skipped[0].state if skipped else "알릴 것 없음"
                outcomes.append(DigestOutcome(department, (address,), 0, state))
                continue
            told = [e for e, _c in fresh]
            digest_key = hashlib.sha256("|".join(sorted(e.key for e in told)).encode()).hexdigest()[:16]
            message = Outgoing(
                TASK_ID,
                f"digest:{department}:{digest_key}",
                "digest",
                address,
                text_body(department, told),
                subject(department, told),
                html=html_body(department, told),
            )
            try:
                report = send(ctx, prepare([message], channel="email"), channel="email")
            except HaengBotError as exc:
                for _e, claim in fresh:
                    claim.refuse(str(exc))
                outcomes.append(
                    DigestOutcome(
                        department,
                        (address,),
                        len(told),
                        "보내지 못함",
                        warning=f"'{department}' 알림 메일을 보내지 못했습니다: {exc}",
                    )
                )
                continue
            status = report.outcomes[0].status if report.outcomes else ""
            if status in (ACCEPTED, ALREADY):
                for _e, claim in fresh:
                    claim.confirm()
                outcomes.append(DigestOutcome(department, (address,), len(told), "보냄", sent=1 if status == ACCEPTED else 0))
            else:
                reason = report.outcomes[0].reason if report.outcomes else ""
                for _e, claim in fresh:
                    claim.refuse(f"{status} {reason}".strip())
                outcomes.append(DigestOutcome(department, (address,), len(told), status or "보내지 못함", warning=reason))
    return outcomes
