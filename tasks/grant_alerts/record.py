"""One normalised 공모사업 record, whatever the source, and the normalising helpers.

Fields follow domain-rules.md §3 ("Fields that matter for an alert row"): 공고명, 소관기관, 수행기관,
공고일, 접수기간 (시작~마감, D-day), 지원대상, 사업규모, 원문 URL, 첨부파일명.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

_DATE = re.compile(r"(20\d{2})\s*[-./년]?\s*(\d{1,2})\s*[-./월]?\s*(\d{1,2})")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z가-힣]")
# "국비 10억원", "총 3,000만원", "개소당 5억 원" — the first money phrase with a little context before it.
_MONEY = re.compile(r"((?:[가-힣A-Za-z]+\s?){0,2}\d[\d,.]*\s?(?:조|억|천만|백만|만)?\s?(?:천)?\s?원)")


@dataclass
class Grant:
    source: str  # 출처 (보탬e, 기업마당, K-Startup, 정책브리핑)
    title: str  # 공고명
    agency: str = ""  # 소관기관
    executor: str = ""  # 수행기관
    announced: dt.date | None = None  # 공고일
    opens: dt.date | None = None  # 접수시작
    closes: dt.date | None = None  # 접수마감
    target: str = ""  # 지원대상
    excluded_target: str = ""  # 제외대상 (보탬e EXCL_TRGET_CN)
    scale: str = ""  # 사업규모 (where given)
    url: str = ""  # 원문 URL
    attachments: str = ""  # 첨부 이름
    summary: str = ""  # 사업개요 / RSS description (plain text)
    period_text: str = ""  # the source's own words for the period ("사업별 상이")
    source_id: str = ""
    lead: bool = False  # RSS: a lead to follow up, not a full record
    also_in: list[str] = field(default_factory=list)  # other sources that listed the same call

    @property
    def title_key(self) -> str:
        return norm_key(self.title)

    @property
    def agency_key(self) -> str:
        return norm_key(self.agency or self.executor)

    @property
    def ident(self) -> str:
        """Identity across runs: a moved deadline keeps it, so that the move shows as 변경."""
        return f"{self.title_key}|{self.agency_key}"

    @property
    def dedup_key(self) -> str:
        """Duplicate across sources and runs (domain-rules §3): 기관, 공고명 normalised, 마감일."""
        return f"{self.ident}|{self.closes.isoformat() if self.closes else ''}"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for k in ("announced", "opens", "closes"):
            out[k] = out[k].isoformat() if out[k] else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Grant:
        data = dict(data)
        for k in ("announced", "opens", "closes"):
            data[k] = dt.date.fromisoformat(data[k]) if data.get(k) else None
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def norm_key(text: str) -> str:
    """NFKC, lower case, only letters and digits: '[경기] 2026년 스마트시티 공모 ' == '경기2026년스마트시티공모'."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def norm_text(text: str) -> str:
    """For keyword matching: NFKC, lower case, no spaces or middle dots (시·군·구 == 시군구)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s·ㆍ・･\-_/,.]", "", text)


def plain(text: Any) -> str:
    """HTML (bsnsSumryCn, RSS description) to one line of plain text.

    bizinfo sends ``bsnsSumryCn`` entity-escaped (``&lt;p&gt;…``): unescape first, so the tags are
    seen and stripped, then unescape what the tags held (``R&amp;amp;D`` → ``R&D``).
    """
    if text is None:
        return ""
    text = html.unescape(_TAGS.sub(" ", html.unescape(str(text))))
    return _SPACES.sub(" ", text).strip()


def parse_date(value: Any) -> dt.date | None:
    """20260310, 2026-03-10, 2026.03.10, 2026-03-10 18:00:00, 2026년 3월 10일 → date; else None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.search(str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_period(text: Any) -> tuple[dt.date | None, dt.date | None]:
    """'20240201 ~ 20240315', '2026-07-10 ~ 2026-08-10' → (start, end); free text → (None, None)."""
    found = [d for d in (parse_date(m.group(0)) for m in _DATE.finditer(str(text or ""))) if d]
    if len(found) >= 2:
        return found[0], found[-1]
    if len(found) == 1:
        return None, found[0]
    return None, None


def money_phrase(*texts: str) -> str:
    for text in texts:
        m = _MONEY.search(plain(text))
        if m and re.search(r"\d", m.group(1)):
            return m.group(1).strip()
    return ""


NO_DEADLINE = "미정"  # no 접수마감 given (most 보탬e rows): never a guessed 12-31


def d_day(closes: dt.date | None, today: dt.date) -> str:
    if closes is None:
        return NO_DEADLINE
    days = (closes - today).days
    if days < 0:
        return "마감"
    return "D-Day" if days == 0 else f"D-{days}"


_HOST_FIRST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]|$)", re.I)


def web_url(url: str) -> str:
    """Only http(s) links reach the workbook and the e-mail (no javascript: from a feed).

    K-Startup's ``detl_pg_url`` often comes without a scheme (``www.k-startup.go.kr/…``) or
    protocol-relative (``//www…``): those are web addresses and get ``https://``.
    """
    url = (url or "").strip()
    if url.startswith("//"):
        url = "https:" + url
    elif _HOST_FIRST.match(url):
        url = "https://" + url
    return url if url.lower().startswith(("http://", "https://")) else ""
