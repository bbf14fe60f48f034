"""판정 per completion (입력 대상 / 시간 부족 / 중복 수료 / 입력 제외) and the year-end 미이수 list.

Hours: 식품위생법 시행규칙 제52조, 공중위생관리법 시행규칙 제23조 [L], from resources/hygiene/hours.toml.
미이수 exclusions [L]: 폐업; 식품 휴업 covering the whole year (시행규칙 제52조⑥); 공중위생 휴업, deferred
until the business reopens (시행규칙 제23조); a licence granted that year whose holder took the 신규
(사전) 교육 (식품위생법 제41조②, 공중위생관리법 제17조); 조리사·영양사·위생사 면허 holders opening a
식품접객업 (식품위생법 제41조④).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.korean import particle
from tasks.hygiene_training.hours import EMPLOYEE, NEW, HoursTable, Trade, hours_text
from tasks.hygiene_training.matching import AUTO, REVIEW, Match
from tasks.hygiene_training.outcomes import CHECK_COMPLETION, DUPLICATE, EXCLUDED, NOT_TRAINED, SHORT, TO_ENTER
from tasks.hygiene_training.records import Completion, Licence

# 미이수 exclusions, as the summary counts them
X_CLOSED = "폐업"
X_EXEMPT_TRADE = "교육 대상 아닌 업종"
X_FOOD_CLOSED_YEAR = "식품 휴업(한 해 전체)"
X_PUBLIC_CLOSED = "공중위생 휴업(재개 때까지 유예)"
X_NEW_PRETRAINED = "신규 사전교육"
X_LICENCE_HOLDER = "면허 소지자 신규 식품접객"
X_UNKNOWN_TRADE = "교육시간표에 없는 업종"
EXCLUSIONS = (X_CLOSED, X_EXEMPT_TRADE, X_FOOD_CLOSED_YEAR, X_PUBLIC_CLOSED, X_NEW_PRETRAINED, X_LICENCE_HOLDER, X_UNKNOWN_TRADE)
HOLDER_LICENCES = ("조리사", "영양사", "위생사")


@dataclass
class Verdict:
    completion: Completion
    match: Match
    licence: Licence | None
    trade: Trade | None
    required: Decimal | None
    outcome: str
    reason: str


@dataclass
class Missing:
    licence: Licence
    required: Decimal | None
    reason: str


@dataclass
class YearEnd:
    missing: list[Missing] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    trained: int = 0


def judge(
    completions: Sequence[Completion], matches: Sequence[Match], licences: Sequence[Licence], table: HoursTable
) -> list[Verdict]:
    verdicts = []
    for comp, match in zip(completions, matches, strict=True):
        licence = licences[match.licence] if match.kind == AUTO and match.licence is not None else None
        own = table.find(comp.trade)
        # The licence's 업종 decides the hours, except for a 유흥종사자: an employee's own 2-hour training.
        trade_text = comp.trade if (own and own.name == EMPLOYEE) or licence is None else licence.trade
        trade = table.find(trade_text) or own
        required = trade.required(comp.kind) if trade else None
        if licence is None:
            outcome, reason = EXCLUDED, match.reason
        elif trade is None:
            outcome, reason = EXCLUDED, f"업종 '{trade_text}'{particle(trade_text, '이/가')} 교육시간표에 없습니다."
        elif trade.exempt or required is None:
            outcome, reason = EXCLUDED, f"{trade.name}{particle(trade.name, '은/는')} 매년 교육 대상이 아닙니다({trade.basis})."
        elif comp.hours < required:
            outcome = SHORT
            reason = f"{comp.kind} {hours_text(comp.hours)} < 필요 {hours_text(required)}({trade.basis})"
        else:
            outcome, reason = TO_ENTER, match.reason
        verdicts.append(Verdict(comp, match, licence, trade, required, outcome, reason))
    _mark_duplicates(verdicts)
    return verdicts


def _mark_duplicates(verdicts: list[Verdict]) -> None:
    """The later of two sufficient completions for one licence in one year is 중복 수료 (same day: the later row)."""
    first: dict[tuple[str, int, str], Verdict] = {}
    for v in sorted((v for v in verdicts if v.outcome == TO_ENTER), key=lambda v: (v.completion.date, v.completion.order)):
        assert v.licence is not None
        employee = v.completion.person if is_employee(v) else ""  # each 유흥종사자 trains for themself
        key = (v.licence.number, v.completion.date.year, employee)
        if key in first:
            earlier = first[key].completion
            v.outcome = DUPLICATE
            number = f"(수료번호 {earlier.certificate})" if earlier.certificate else f"({earlier.origin})"
            v.reason = f"같은 해 {earlier.date.isoformat()} 수료{number}가 먼저 있습니다."
        else:
            first[key] = v


def is_employee(v: Verdict) -> bool:
    return v.trade is not None and v.trade.name == EMPLOYEE


def year_end(licences: Sequence[Licence], verdicts: Sequence[Verdict], table: HoursTable, year: int) -> YearEnd:
    """Every licence in business (영업 or 휴업) with no sufficient completion in *year*, less the exclusions."""
    trained: dict[str, list[Completion]] = {}
    short: dict[str, Verdict] = {}
    in_review: set[str] = set()
    for v in verdicts:
        if is_employee(v):
            continue  # a 유흥종사자's training is not the 영업자's
        if v.licence is not None and v.outcome in (TO_ENTER, DUPLICATE):
            trained.setdefault(v.licence.number, []).append(v.completion)
        elif v.licence is not None and v.outcome == SHORT and v.completion.date.year == year:
            short.setdefault(v.licence.number, v)
        elif v.match.kind == REVIEW and v.completion.date.year == year:
            in_review.update(licences[i].number for i, _ in v.match.candidates)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = YearEnd()

    def exclude(label: str) -> None:
        out.excluded[label] = out.excluded.get(label, 0) + 1

    for lic in licences:
        if lic.state not in ("영업", "휴업") or lic.granted > end:
            if lic.state not in ("영업", "휴업"):
                exclude(X_CLOSED)
            continue
        trade = table.find(lic.trade)
        if trade is None:
            exclude(X_UNKNOWN_TRADE)
            continue
        if trade.exempt:
            exclude(X_EXEMPT_TRADE)
            continue
        done = trained.get(lic.number, [])
        if any(c.date.year == year for c in done):
            out.trained += 1
            continue
        new_this_year = lic.granted.year == year
        if new_this_year and any(c.kind == NEW and c.date <= lic.granted for c in done):
            exclude(X_NEW_PRETRAINED)  # 사전교육 before the licence counts for its first year
            continue
        if trade.public_health and lic.state == "휴업":
            exclude(X_PUBLIC_CLOSED)
            continue
        if (
            not trade.public_health
            and lic.closed_from is not None
            and lic.closed_from <= start
            and (lic.closed_to is None or lic.closed_to >= end)
        ):
            exclude(X_FOOD_CLOSED_YEAR)
            continue
        if new_this_year and trade.group == "식품접객" and any(word in lic.licence_holder for word in HOLDER_LICENCES):
            exclude(X_LICENCE_HOLDER)
            continue
        required = trade.required(NEW if new_this_year else "정기")
        if lic.number in in_review:
            reason = CHECK_COMPLETION
        elif lic.number in short:
            v = short[lic.number]
            reason = f"{NOT_TRAINED}: 수료 {hours_text(v.completion.hours)}{particle(hours_text(v.completion.hours), '이/가')} 모자랍니다"
        else:
            reason = NOT_TRAINED
        out.missing.append(Missing(lic, required, reason))
    return out
