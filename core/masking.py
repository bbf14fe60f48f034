"""Personal-data masking (개인정보 보호법 제24조의2). Masked forms are what leaves memory.

``mask_text`` is the one gate for text: stderr, error texts, every text cell of a result workbook
(the 오류행 sheet's raw values included), GUI tables, the database, the log and
``column_mappings.json`` all pass through it. It catches every form the reader accepts
(``core/values.py`` ``parse_rrn`` and ``parse_phone``):

- 주민등록번호 as 13 digits, with or without a hyphen or spaces between the halves;
- 12 digits with a birth-date shape: a number Excel stored as a number lost its leading zero
  (born 2000–2009: ``101013234564`` is ``010101-3234564``);
- 10 and 11 digits written out as text (born in 2000, three or two zeros lost), when the padded
  number is a 2000s birth date, exactly as ``parse_rrn`` pads them;
- mobile numbers: 11 digits (010-1234-5678), 10 digits (011/016/017/018/019, and the old 010 with
  a 3-digit middle), the ``+82`` forms, and a 010 mobile whose leading zero Excel ate
  (``1012345678``). Landlines are left alone: in this work they are the office's own 문의 number
  (``복지정책과 031-760-2451`` in every drafted message), not a citizen's;
- ``user:password@`` in a URL, and every secret registered in this process.

Only text is masked. Typed numbers (the money columns of a result) never pass through here: the
writer and the table model hand in ``str`` cells only, so a 12-digit amount stays a number.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, TextIO, cast

_SPACE = r"[ \t\u00a0\u3000]"
_DASH = r"[\-\u2010-\u2015\u2212\uff0d]"
_RRN_SEP = rf"{_SPACE}{{0,2}}{_DASH}?{_SPACE}{{0,2}}"
_PHONE_SEP = rf"(?:{_SPACE}{{0,2}}[\-\u2010-\u2015\u2212\uff0d.]?{_SPACE}{{0,2}})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"

# A run of digits followed by 원 is an amount written as text (사업규모 '1000000000원'), never a person.
_END = r"(?!\d)(?!\s*원)"
_RRN_13 = rf"(?<!\d)(\d{{6}}){_RRN_SEP}(\d)\d{{6}}{_END}"
_RRN_12 = rf"(?<!\d)(\d{_MONTH}{_DAY}){_RRN_SEP}(\d)\d{{6}}{_END}"
_RRN_10_11 = rf"(?<!\d)\d{{10,11}}{_END}"
_MOBILE = rf"(?<!\d)(\(?)(01[016789])(\)?){_PHONE_SEP}(\d{{3,4}}){_PHONE_SEP}(\d{{4}})(?!\d)"
_MOBILE_KR = rf"(?<![\d+])\+?82{_PHONE_SEP}(?:\(0\)|0)?{_PHONE_SEP}(1[016789]){_PHONE_SEP}(\d{{3,4}}){_PHONE_SEP}(\d{{4}})(?!\d)"
# 010 numbers have a middle group of 2000-9999: '1000000000' (10억 without commas) is not one.
_MOBILE_ZERO_LOST = rf"(?<!\d)10[2-9]\d{{3}}(\d{{4}}){_END}"
_URL_USERINFO = r"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/?#]+@"

# A cheap superset of the patterns above: ten digits in a row (every compact form), 5-6 digits and 7
# digits with a short separator (a written RRN), or a mobile prefix with three digits after a short
# separator. Text without one (names, words, dates, 031-760-2451) skips the patterns. \x00 is kept
# out so that a match never spans two cells of a joined column (mask_texts).
_CANDIDATE = r"\d{10}|\d{5}[^0-9\x00]{1,5}\d{7}|1[016789][^0-9\x00]{0,6}\d{3}|://"


class _Patterns:
    """Compiled on first use: the window imports this module before its first paint, and masks nothing yet."""

    def __init__(self) -> None:
        self.candidate = re.compile(_CANDIDATE)
        self.url_userinfo = re.compile(_URL_USERINFO)
        # In this order: the RRN forms, then mobiles, and the ambiguous 10/11-digit RRN rule last.
        self.numbers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
            (re.compile(_RRN_13), lambda m: f"{m[1]}-{m[2]}******"),
            (re.compile(_RRN_12), lambda m: f"0{m[1]}-{m[2]}******"),
            (re.compile(_MOBILE_KR), lambda m: f"0{m[1]}-****-{m[3]}"),
            (re.compile(_MOBILE), _mobile),
            (re.compile(_MOBILE_ZERO_LOST), lambda m: f"010-****-{m[1]}"),
            (re.compile(_RRN_10_11), _rrn_10_11),
        ]


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def mask_rrn(rrn: str) -> str:
    """'9001011234567' or '900101-1234567' -> '900101-1******'."""
    digits = re.sub(r"[\s\-]", "", rrn or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:6]}-{digits[6]}******"


def mask_phone(phone: str) -> str:
    """'01012345678' -> '010-****-5678'."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 8:
        return "*" * len(digits)
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_name(name: str) -> str:
    """'홍길동' -> '홍*동', '김철' -> '김*', '남궁민수' -> '남**수'."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_url(text: str) -> str:
    """'https://user:pass@relay.city.go.kr/feed' -> 'https://****@relay.city.go.kr/feed' (in any text)."""
    if "@" not in text or "://" not in text:
        return text
    return _patterns().url_userinfo.sub(lambda m: f"{m[1]}****@", text)


class SecretRegistry:
    """Secret values seen in this process, so that log lines and error texts can be scrubbed."""

    def __init__(self) -> None:
        self._values: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= 4:
            with self._lock:
                if value not in self._values:
                    self._values = tuple(sorted({*self._values, value}, key=len, reverse=True))

    def scrub(self, text: str) -> str:
        for value in self._values:  # longest first: a key never leaves a tail of a longer one
            if value in text:
                text = text.replace(value, "********")
        return text

    def found_in(self, text: str) -> bool:
        return any(value in text for value in self._values)


SECRETS = SecretRegistry()


def _rrn_10_11(match: re.Match[str]) -> str:
    """parse_rrn's padding of a 10- or 11-digit text: only a 2000s birth date (7th digit 3, 4, 7, 8)."""
    padded = match[0].zfill(13)
    month, day = int(padded[2:4]), int(padded[4:6])
    if padded[6] in "3478" and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{padded[:6]}-{padded[6]}******"
    return match[0]


def _mask_numbers(text: str) -> str:
    for pattern, replace in _patterns().numbers:
        text = pattern.sub(replace, text)
    return text


def _mobile(m: re.Match[str]) -> str:
    """'(010)1234-5678' -> '010-****-5678'; an opening bracket that is not the area code's, as in
    '(010-1234-5678)', stays where it was."""
    opening, head, closing, last = m[1], m[2], m[3], m[5]
    return f"{'' if closing else opening}{head}-****-{last}"


def mask_text(text: str) -> str:
    """The one masking function for text that leaves memory: personal numbers, URL credentials, secrets."""
    if not text:
        return text
    if _patterns().candidate.search(text):
        text = mask_url(_mask_numbers(text))
    return SECRETS.scrub(text)


scrub = mask_text  # the older name, still imported by the network and notify modules


def mask_texts(values: Sequence[Any]) -> list[Any]:
    """``mask_text`` over a column: ``str`` items masked, everything else (numbers, dates) kept.

    One regex scan of the joined column finds the few cells that need the patterns, so a
    100,000-row result pays for one pass in C rather than a Python call per cell.
    """
    texts = [v if isinstance(v, str) else "" for v in values]
    joined = "\x00".join(texts)
    out = list(values)
    if SECRETS.found_in(joined):
        return [mask_text(v) if isinstance(v, str) else v for v in out]
    hits = [m.start() for m in _patterns().candidate.finditer(joined)]
    if hits:
        ends = list(itertools.accumulate(len(text) + 1 for text in texts))  # where each cell's text ends
        for k in {bisect.bisect_right(ends, position) for position in hits}:
            out[k] = mask_text(texts[k])
    return out


def mask_data(value: Any) -> Any:
    """Strings inside dicts, lists and tuples masked (before ``json.dumps``: masking the JSON text
    itself could turn a 10-digit sum into a broken, unquoted mask)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {mask_data(k): mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(v) for v in value]
    return value


class MaskedStream:
    """A text stream (the CLI's stderr) whose every write passes through ``mask_text``."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(mask_text(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def masked_stream(stream: TextIO) -> TextIO:
    return cast(TextIO, MaskedStream(stream))
