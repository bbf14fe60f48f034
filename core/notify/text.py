"""Message length in EUC-KR bytes and the characters a Korean SMS gateway can carry (KS X 1001).

Gateways count in EUC-KR: ASCII 1 byte, Hangul/hanja/symbols 2 bytes; SMS ≤ 90, LMS ≤ 2,000,
subject ≤ 40 (external-apis.md 4.1; Solapi 1029/1031, NHN −2015/−2023). Python's ``euc_kr`` codec
does not raise on the 8,822 modern syllables outside KS X 1001 (똠, 햏): it writes them as an
8-byte jamo composition sequence (A4D4 …). So every character is checked on its own: it must
encode to exactly one byte (ASCII) or two bytes, and must not be the composition filler A4D4.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

SMS_MAX = 90
LMS_MAX = 2000
SUBJECT_MAX = 40
SMS, LMS = "SMS", "LMS"

_FILLER = b"\xa4\xd4"  # KS X 1001 Hangul filler: starts a jamo composition sequence


def normalise(text: str) -> str:
    """NFC (decomposed Hangul from a Mac becomes syllables) and CRLF/CR -> LF (a line break is 1 byte)."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def char_bytes(ch: str) -> int | None:
    """EUC-KR bytes of one character, or None if a gateway cannot carry it."""
    code = ord(ch)
    if code < 0x80:
        return 1 if (code >= 0x20 or ch in "\n\t") and code != 0x7F else None
    try:
        encoded = ch.encode("euc_kr")
    except UnicodeEncodeError:
        return None
    if len(encoded) != 2 or encoded == _FILLER:
        return None
    return 2


def describe_char(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    label = f"'{shown}' " if shown else ""
    return f"{label}(U+{ord(ch):04X}{' ' + name if name else ''})"


def unsendable(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) for each character outside KS X 1001 / printable ASCII."""
    return [(i, ch) for i, ch in enumerate(text, start=1) if char_bytes(ch) is None]


def euckr_len(text: str) -> int:
    """Bytes as the gateway counts them; unsendable characters count 2 (they are reported apart)."""
    return sum(char_bytes(ch) or 2 for ch in text)


@dataclass
class TextCheck:
    """The verdict on one message body (and subject): its type, bytes, and Korean problems."""

    text: str
    subject: str
    kind: str  # SMS or LMS ("" when it cannot be sent)
    body_bytes: int
    subject_bytes: int
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, Korean reason)

    @property
    def ok(self) -> bool:
        return not self.problems


# Problem codes, mapped to the exclusion labels a task shows.
TOO_LONG, BAD_CHAR, SUBJECT_LONG, EMPTY = "too_long", "bad_char", "subject_too_long", "empty"


def check_text(text: str, subject: str = "", *, allow_lms: bool = True) -> TextCheck:
    """Choose SMS or LMS by length; report every reason the message cannot go."""
    text, subject = normalise(text).rstrip(), normalise(subject).replace("\n", " ").strip()
    problems: list[tuple[str, str]] = []
    if not text.strip():
        problems.append((EMPTY, "메시지 내용이 비어 있습니다"))
    bad = unsendable(text) + [(i, ch) for i, ch in unsendable(subject)]
    if bad:
        shown = ", ".join(describe_char(ch) for _, ch in bad[:5]) + (f" 외 {len(bad) - 5}자" if len(bad) > 5 else "")
        problems.append((BAD_CHAR, f"문자로 보낼 수 없는 글자(KS X 1001 밖): {shown}"))
    body = euckr_len(text)
    subj = euckr_len(subject)
    if body <= SMS_MAX:
        kind = SMS
    elif allow_lms and body <= LMS_MAX:
        kind = LMS
    else:
        kind = ""
        limit = LMS_MAX if allow_lms else SMS_MAX
        problems.append(
            (TOO_LONG, f"본문이 {body:,}바이트로 {'장문(LMS)' if allow_lms else '단문(SMS)'} 한도 {limit:,}바이트를 넘습니다")
        )
    if kind == LMS and subj > SUBJECT_MAX:
        problems.append((SUBJECT_LONG, f"제목이 {subj}바이트로 한도 {SUBJECT_MAX}바이트를 넘습니다"))
    return TextCheck(text, subject if kind == LMS else "", kind, body, subj if kind == LMS else 0, problems)
