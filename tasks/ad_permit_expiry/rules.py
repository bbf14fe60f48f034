"""옥외광고물 표시기간: when a display permit's end creates a duty, and which signs have no period at all.

Sources (domain-rules.md section 12; statute text [L] unless marked):
- 옥외광고물법 시행령 제10조: 표시기간 연장은 만료일 전후 30일 이내에 신청(허가) 또는 신고 [L].
  So with d = 표시기간만료 − 기준일: 30 ≥ d ≥ −30 is the 연장신청 기간.
- 시행령 제37조②③: 안전점검 대상은 표시기간을 연장할 때 (만료 전후 30일 내) 안전점검을 받는다 [L].
- 법 제10조 (조치명령), 제10조의3 (이행강제금): a sign left after its period (d < −30: the extension
  window has closed) goes on the staff list for 조치명령 [L].
- The 60-day advance notice is a practice, not a statute [U]: ``advance_days``, default 60.
- 자사광고 벽면이용간판·돌출간판·지주이용간판·입간판 that are not 안전점검 대상 have had no 표시기간
  since 2018-01-02 [S: 서울신문 2017-12-27, 행안부 해석 2022-05-04]: ``exempt_kinds``, a documented,
  configurable default.
"""

from __future__ import annotations

from core.deadlines.rules import Audience, DeadlineRule, Window
from core.rules import Severity

EXPIRY = "표시기간만료"
ADVANCE, EXTENSION, LAPSED = "만료 사전안내", "연장신청 기간", "기간 경과"
NOTICES = (ADVANCE, EXTENSION, LAPSED)
SAFETY_VARIANT = "안전점검대상"
EXTENSION_DAYS = 30  # 시행령 제10조: 만료일 전후 30일
# [S] 2018-01-02: 자사광고 these kinds, when not 안전점검 대상, have no display period.
EXEMPT_KINDS_DEFAULT = "벽면이용간판,돌출간판,지주이용간판,입간판"

RULES = (
    DeadlineRule(
        "A01",
        ADVANCE,
        "옥외광고물법 시행령 제10조(연장 신청 전 안내)",
        Severity.NOTE,
        EXPIRY,
        Window(EXTENSION_DAYS + 1, "advance_days"),
        Audience.CONTACT,
        "사전-{date}",
        template=ADVANCE,
        help="표시기간 만료 60일 전부터 31일 전까지 광고주에게 미리 알립니다.",
    ),
    DeadlineRule(
        "A02",
        EXTENSION,
        "옥외광고물법 시행령 제10조, 제37조",
        Severity.CHECK,
        EXPIRY,
        Window(-EXTENSION_DAYS, EXTENSION_DAYS),
        Audience.CONTACT,
        "연장-{date}",
        template=EXTENSION,
        help="만료일 전후 30일 안에 연장 신청을 하도록 광고주에게 알립니다(안전점검 대상은 안전점검 안내 포함).",
    ),
    DeadlineRule(
        "A03",
        LAPSED,
        "옥외광고물법 제10조, 제10조의3",
        Severity.CAUTION,
        EXPIRY,
        Window(None, -EXTENSION_DAYS - 1),
        Audience.STAFF,
        "경과-{date}",
        help="연장 신청 기간이 지난 광고물을 조치명령 대상 목록으로 담당자에게 알립니다.",
    ),
)


def kind_key(text: str) -> str:
    """'벽면 이용 간판' and '벽면간판' are the same kind: spaces and '이용' do not tell kinds apart."""
    return "".join(text.split()).replace("이용", "")


def exempt_kinds(raw: str) -> set[str]:
    return {kind_key(k) for k in raw.split(",") if k.strip()}
