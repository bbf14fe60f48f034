"""Which licence a completion belongs to: the 영업신고번호 first, else fuzzy 업소명 + 대표자 + 소재지.

The score is a weighted mean of three rapidfuzz ratios (0–100) on the normalised fields
(tasks/hygiene_training/normalise.py): 업소명 50 %, 소재지 30 %, 대표자 20 %. A field missing on the
completion drops out and the other weights grow in proportion. The name weighs most because 교육기관
always send it; the address separates branch stores of one chain, which share the bare name and
often the owner. The thresholds are params; their defaults were measured on the sample (README).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from tasks.hygiene_training.normalise import business_name, license_digits, person, road_address

AUTO = "자동"
REVIEW = "검토"
UNMATCHED = "미매칭"
WEIGHTS = {"name": 0.5, "address": 0.3, "person": 0.2}
# A licence number that matches while the names have almost nothing in common is more likely a typo
# in the number than a renamed business: such a pair goes to 검토, not straight in.
NUMBER_NAME_FLOOR = 40


@dataclass(frozen=True)
class Party:
    """The fields matching looks at, as written; the normalised forms are computed once."""

    number: str
    name: str
    person: str
    address: str

    @property
    def keys(self) -> tuple[str, str, str, str]:
        return license_digits(self.number), business_name(self.name), person(self.person), road_address(self.address)


@dataclass
class Match:
    kind: str  # 자동 / 검토 / 미매칭
    licence: int | None  # index into the licences, for 자동 (and the best candidate for 검토)
    score: float
    method: str  # 영업신고번호 / 유사도
    reason: str = ""
    candidates: list[tuple[int, float]] = field(default_factory=list)  # best first


@dataclass(frozen=True)
class Thresholds:
    auto: float
    review: float
    gap: float


def _scores(completions: Sequence[tuple[str, str, str, str]], licences: Sequence[tuple[str, str, str, str]]) -> np.ndarray:
    """completions × licences weighted scores, float32, computed a column at a time in C (rapidfuzz.cdist)."""
    total = np.zeros((len(completions), len(licences)), dtype=np.float32)
    weight = np.zeros((len(completions), 1), dtype=np.float32)
    for idx, field_name in ((1, "name"), (3, "address"), (2, "person")):
        left = [c[idx] for c in completions]
        right = [lic[idx] for lic in licences]
        ratios = process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float32, workers=1)
        present = np.array([[1.0 if value else 0.0] for value in left], dtype=np.float32)
        total += ratios * present * WEIGHTS[field_name]
        weight += present * WEIGHTS[field_name]
    return total / np.maximum(weight, 1e-6)


def match_all(completions: Sequence[Party], licences: Sequence[Party], limits: Thresholds) -> list[Match]:
    """One ``Match`` per completion, in order."""
    comp_keys = [c.keys for c in completions]
    lic_keys = [lic.keys for lic in licences]
    by_number: dict[str, list[int]] = {}
    for i, key in enumerate(lic_keys):
        if key[0]:
            by_number.setdefault(key[0], []).append(i)
    scores = _scores(comp_keys, lic_keys) if comp_keys and lic_keys else np.zeros((len(comp_keys), 0), dtype=np.float32)
    out: list[Match] = []
    for row, key in enumerate(comp_keys):
        ranked = _ranked(scores[row]) if len(lic_keys) else []
        numbered = by_number.get(key[0], []) if key[0] else []
        if len(numbered) == 1:
            out.append(_by_number(numbered[0], key, lic_keys[numbered[0]], ranked))
            continue
        note = ""
        if key[0] and not numbered:
            note = "영업신고번호가 인허가 대장에 없어 업소명·대표자·소재지로 찾았습니다. "
        elif len(numbered) > 1:
            note = "같은 영업신고번호가 인허가 대장에 여러 번 있어 업소명·대표자·소재지로 찾았습니다. "
        out.append(_by_score(ranked, limits, note))
    return out


def _ranked(row: np.ndarray) -> list[tuple[int, float]]:
    top = np.argsort(-row, kind="stable")[:3]
    return [(int(i), round(float(row[i]), 1)) for i in top]


def _by_number(index: int, key: tuple[str, ...], licence: tuple[str, ...], ranked: list[tuple[int, float]]) -> Match:
    name_score = fuzz.ratio(key[1], licence[1]) if key[1] and licence[1] else 100.0
    if name_score < NUMBER_NAME_FLOOR:
        return Match(
            REVIEW,
            index,
            100.0,
            "영업신고번호",
            f"영업신고번호는 같지만 업소명이 많이 다릅니다(업소명 유사도 {name_score:.0f}).",
            [(index, 100.0), *[c for c in ranked if c[0] != index][:1]],
        )
    return Match(AUTO, index, 100.0, "영업신고번호", "영업신고번호 일치", [(index, 100.0)])


def _by_score(ranked: list[tuple[int, float]], limits: Thresholds, note: str) -> Match:
    if not ranked or ranked[0][1] < limits.review:
        best = ranked[0][1] if ranked else 0.0
        return Match(
            UNMATCHED,
            None,
            best,
            "유사도",
            f"{note}가장 비슷한 업소의 점수({best:.1f})도 검토 기준({limits.review:g}) 미만입니다.",
        )
    best_index, best = ranked[0]
    close = [c for c in ranked[1:] if c[1] >= limits.review and best - c[1] < limits.gap]
    if close:
        return Match(
            REVIEW,
            best_index,
            best,
            "유사도",
            f"{note}비슷한 후보가 {len(close) + 1}곳입니다(점수 차 {best - close[0][1]:.1f} < {limits.gap:g}).",
            [ranked[0], *close],
        )
    if best >= limits.auto:
        return Match(AUTO, best_index, best, "유사도", f"{note}업소명·대표자·소재지 유사도 {best:.1f}".strip(), [ranked[0]])
    return Match(
        REVIEW,
        best_index,
        best,
        "유사도",
        f"{note}점수 {best:.1f}: 자동 기준({limits.auto:g}) 미만입니다.",
        [c for c in ranked[:2] if c[1] >= limits.review],
    )
