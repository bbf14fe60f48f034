"""What a task hands to the notifier, and the checks every message passes before anything is sent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.notify.text import EMPTY, check_text, normalise
from core.values import is_mobile, parse_phone

# Why a message is not sent (stable codes; tasks map them to their own Korean labels).
BAD_NUMBER, DUPLICATE, TOO_LONG, BAD_CHAR, AD_RULE = "bad_number", "duplicate", "too_long", "bad_char", "ad_rule"

SMS_CHANNELS = ("solapi", "nhn", "upload")
EMAIL = "EMAIL"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")

AD_PREFIX = "(광고)"
AD_QUIET_START, AD_QUIET_END = dt.time(21, 0), dt.time(8, 0)  # 정보통신망법 제50조③: 21시~08시 별도 동의


@dataclass
class Outgoing:
    """One message a task wants sent. (task, case_key, step, recipient) identifies it in the ledger."""

    task: str
    case_key: str
    step: str
    to: str  # phone number in any layout, or an e-mail address
    text: str
    subject: str = ""
    name: str = ""  # recipient name (upload file column 이름, e-mail display name)
    html: str | None = None  # e-mail only
    ref: Any = None  # the caller's own reference (e.g. the input row)


@dataclass
class Prepared:
    """An Outgoing after the checks: normalised recipient and text, type, bytes, or why it cannot go."""

    msg: Outgoing
    recipient: str  # digits, or the e-mail address in lower case
    text: str
    subject: str
    kind: str  # SMS, LMS, EMAIL; "" when it cannot be sent
    body_bytes: int
    subject_bytes: int
    problem: str = ""  # one of the codes above, "" when sendable
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem


def normalise_phone(raw: str, *, mobile_only: bool = True) -> str:
    """-> digits. Raises ValueError with a Korean reason. SMS reaches mobiles only."""
    try:
        digits = parse_phone(raw)
    except ValueError as exc:
        raise ValueError(f"번호 오류: {exc}") from None
    if mobile_only and not is_mobile(digits):
        raise ValueError("번호 오류: 휴대전화 번호가 아닙니다(유선·대표번호는 문자를 받을 수 없습니다)")
    return digits


def normalise_sender(raw: str) -> str:
    """발신번호 (전기통신사업법 제84조의2: 사전 등록한 번호만): 8–11 digits, landline with area code."""
    try:
        return parse_phone(raw)
    except ValueError:
        raise ValueError(f"발신번호 '{raw}'가 전화번호 형식이 아닙니다(지역번호 포함, 예: 031-760-1234)") from None


def add_ad_marks(text: str, sender_name: str, opt_out: str) -> str:
    """(광고) + sender name first, the free opt-out line last (정보통신망법 제50조④, 시행령 제61조)."""
    body = text.strip()
    if not body.startswith(AD_PREFIX):
        body = f"{AD_PREFIX}{sender_name} {body}" if sender_name else f"{AD_PREFIX} {body}"
    if "무료수신거부" not in body and "무료거부" not in body:
        body = f"{body}\n무료수신거부 {opt_out}"
    return body


def in_ad_quiet_hours(now: dt.datetime) -> bool:
    t = now.time()
    return t >= AD_QUIET_START or t < AD_QUIET_END


def prepare(
    messages: Iterable[Outgoing], *, channel: str = "solapi", advertising: bool = False, sender_name: str = "", opt_out: str = ""
) -> list[Prepared]:
    """Check every message; none is dropped silently: each comes back sendable or with its reason.

    Duplicates: the same recipient with the same text (after normalising) goes once; the later ones
    are marked ``duplicate`` (Solapi 1026 would reject them anyway).
    """
    out: list[Prepared] = []
    seen: set[tuple[str, ...]] = set()
    is_email = channel == "email"
    for msg in messages:
        text = normalise(msg.text)
        problem = reason = ""
        if advertising:
            if not opt_out.strip():
                problem, reason = AD_RULE, "광고 문자에는 무료수신거부 번호가 있어야 합니다(설정: 080 수신거부 번호)"
            text = add_ad_marks(text, sender_name, opt_out.strip())
        recipient = ""
        if is_email:
            recipient = (msg.to or "").strip().lower()
            if not _EMAIL.match(recipient):
                problem, reason = problem or BAD_NUMBER, reason or "전자우편 주소 형식이 아닙니다"
            kind, body_bytes, subj_bytes, subject = EMAIL, len(text.encode("utf-8")), 0, msg.subject.strip()
            if not text.strip():
                problem, reason = problem or EMPTY, reason or "메시지 내용이 비어 있습니다"
        else:
            try:
                recipient = normalise_phone(msg.to)
            except ValueError as exc:
                problem, reason = problem or BAD_NUMBER, reason or str(exc)
            check = check_text(text, msg.subject)
            text, subject, kind = check.text, check.subject, check.kind
            body_bytes, subj_bytes = check.body_bytes, check.subject_bytes
            if check.problems and not problem:
                code = check.problems[0][0]
                problem = {"bad_char": BAD_CHAR, "empty": EMPTY}.get(code, TOO_LONG)
                reason = "; ".join(r for _, r in check.problems)
        if not problem:
            same_text = ("text", recipient, subject, text)
            same_key = ("key", msg.task, msg.case_key, msg.step, recipient)
            if same_text in seen or same_key in seen:
                problem, reason = DUPLICATE, "같은 번호로 같은 안내가 이미 목록에 있습니다(한 번만 보냅니다)"
            seen.update((same_text, same_key))
        out.append(Prepared(msg, recipient, text, subject, kind, body_bytes, subj_bytes, problem, reason))
    return out
