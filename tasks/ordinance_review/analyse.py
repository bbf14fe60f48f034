"""One verdict per citation and amendment, and per citation over all amendments (issue 12).

- 정비 필요: the cited unit moved (이동), was deleted (삭제), never existed (없는 조항), the citation was
  already stale (낡은 인용), or the cited words delegated to 조례 and no longer do;
- 검토: the cited unit's words or figures changed (문구 변경), or it is a 별표/부칙 of an amended law
  (비교 불가: the texts here hold no 별표);
- 참고: another unit of the same article changed;
- 해당 없음.
The ordinance's own date counts: a citation in a unit written or amended on or after the amendment's
공포일 (its ``<신설 …>``/``<개정 …>`` tag, else the ordinance's 공포일자) is read against the new
numbering, so a unit that moved but is already cited at its new place is not 정비 필요.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise

from core.korean import particle
from tasks.ordinance_review.citations import Citation, Target, name_key, unit_label
from tasks.ordinance_review.diff import DELETED, MOVED, REWORDED, LawDiff, diff_versions
from tasks.ordinance_review.model import LawVersion, Ordinance
from tasks.ordinance_review.units import Key, LawUnit, VersionUnits, covered, similarity

# 변경유형, most severe first; 판정 likewise.
MISSING, STALE, NOT_COMPARABLE, UNCHANGED, ADDED_KIND = "없는 조항", "낡은 인용", "비교 불가", "변경 없음", "신설"
KIND_ORDER = (MISSING, DELETED, MOVED, STALE, REWORDED, ADDED_KIND, NOT_COMPARABLE, UNCHANGED)
FIX, REVIEW, NOTE, NONE = "정비 필요", "검토", "참고", "해당 없음"
VERDICT_ORDER = (FIX, REVIEW, NOTE, NONE)

# [U] The similarity signal (issue 12, 낡은 인용). The citing words after "에 따른" must
# - be found for the most part in another unit of the same article (at least COVERED of their character
#   bigrams), and hardly at all in the cited unit (at most STRAY), and
# - share at least the ``similarity`` parameter (Dice over bigrams, default 0.25) with that other unit.
# On the six real cases this flags exactly 개인정보 보호 조례 제2조 ("제31조제2항에 따른 업무를 수행하는
# 사람": 0.42 covered, Dice 0.29 with ③ "…업무를 수행한다", 0.08 with ②) and 공유재산관리 조례
# 제4조②3 ("영 제48조의4제3항에서 정한 수탁기관이 개발한 재산의 분양 및 임대방법과 수탁기관의 보수":
# all of it in ④, 0.04 in ③, which 2022.4.20 inserted); the near misses (도시계획 조례 제55조③: 0.55
# covered but Dice 0.10; 고향사랑 조례 제3조③: 0.17 in the cited unit) stay 변경 없음.
DEFAULT_SIMILARITY = 0.25
COVERED = 0.4
STRAY = 0.1
_CITING_WORDS = re.compile(r"^(?:에\s*따른|에서\s*정한|에서\s*정하는|의\s*규정에\s*따른)\s+(.+)$")


@dataclass(frozen=True)
class Assessment:
    """One citation against one amendment."""

    citation: Citation
    diff: LawDiff | None
    kind: str
    verdict: str
    target_now: str = ""  # the unit's label in the new version ("" when gone)
    note: str = ""
    old_text: str = ""
    new_text: str = ""
    effective: dt.date | None = None


@dataclass
class Finding:
    """One citation over every amendment of its law: the row of 인용색인."""

    citation: Citation
    ordinance: Ordinance
    version: LawVersion | None  # the version the citation is read against
    kind: str = UNCHANGED
    verdict: str = NONE
    proposed: str = ""
    sentence: str = ""
    note: str = ""
    assessments: list[Assessment] = field(default_factory=list)


@dataclass
class Analysis:
    laws: dict[str, list[LawVersion]]
    diffs: list[LawDiff]
    ordinances: list[Ordinance]
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        return {verdict: sum(1 for f in self.findings if f.verdict == verdict) for verdict in VERDICT_ORDER}


def most_severe(values: list[str], order: tuple[str, ...]) -> str:
    return min(values, key=order.index) if values else order[-1]


class LawIndex:
    """Law versions by 법령ID, ordered by 공포일자, and every name they were known by."""

    def __init__(self, laws: dict[str, list[LawVersion]]) -> None:
        self.laws = laws
        self.by_name: dict[str, str] = {}
        for law_id, versions in laws.items():
            for version in versions:
                self.by_name[name_key(version.name)] = law_id
        self.diffs: dict[str, list[LawDiff]] = {
            law_id: [diff_versions(a, b) for a, b in pairwise(versions)] for law_id, versions in laws.items()
        }

    def find(self, name: str) -> str | None:
        return self.by_name.get(name_key(name))


def analyse(
    laws: dict[str, list[LawVersion]],
    ordinances: list[Ordinance],
    citations: dict[str, list[Citation]],
    threshold: float = DEFAULT_SIMILARITY,
) -> Analysis:
    """Every citation of every ordinance judged against every amendment of the law it cites."""
    index = LawIndex(laws)
    findings: list[Finding] = []
    for ordinance in ordinances:
        for citation in citations[ordinance.ordinance_id]:
            findings.append(judge(citation, ordinance, index, threshold))
    return Analysis(laws, [d for ds in index.diffs.values() for d in ds], ordinances, findings)


def resolve(versions: list[LawVersion], date: dt.date) -> LawVersion:
    """The version in force when the citing words were written: the last promulgated on or before it."""
    before = [v for v in versions if v.promulgated <= date]
    return before[-1] if before else versions[0]


def judge(citation: Citation, ordinance: Ordinance, index: LawIndex, threshold: float) -> Finding:
    law_id = index.find(citation.law)
    if law_id is None:
        return Finding(citation, ordinance, None, NOT_COMPARABLE, NONE, note="입력에 없는 법령")
    versions = index.laws[law_id]
    finding = Finding(citation, ordinance, resolve(versions, citation.date))
    diffs = index.diffs[law_id]
    if not citation.target.comparable:
        what = "별표" if citation.target.annex else "부칙"
        finding.kind = NOT_COMPARABLE
        finding.verdict = REVIEW if diffs else NONE
        finding.note = f"{what}{particle(what, '은/는')} 이 자료에 본문이 없어 비교하지 못함(직접 확인)"
        finding.assessments = [Assessment(citation, d, NOT_COMPARABLE, REVIEW, note=finding.note) for d in diffs]
        return finding
    if not diffs:
        finding.kind = MISSING if _missing_everywhere(citation.target, versions) else UNCHANGED
        finding.verdict = FIX if finding.kind == MISSING else NONE
        return finding
    finding.assessments = [assess_range(citation, d, threshold) for d in diffs]
    finding.kind = most_severe([a.kind for a in finding.assessments], KIND_ORDER)
    finding.verdict = most_severe([a.verdict for a in finding.assessments], VERDICT_ORDER)
    worst = next(a for a in finding.assessments if a.kind == finding.kind)
    finding.note = worst.note
    if finding.verdict == FIX:
        final = _final_label(citation, diffs, worst)
        if final:
            finding.proposed = proposed_text(citation, final)
            finding.sentence = amendment_sentence(citation.place_ref, citation.written, finding.proposed)
    return finding


def _missing_note(citation: Citation) -> str:
    label = citation.target.label()
    return f"{label}{particle(label, '이/가')} 개정 전후 어느 판에도 없음"


def _missing_everywhere(target: Target, versions: list[LawVersion]) -> bool:
    from tasks.ordinance_review.units import version_units

    return all(version_units(v).get(target.parts()) is None for v in versions)


def _members(target: Target, units: VersionUnits) -> list[Key]:
    """The units a range covers (제1호부터 제4호까지: 제1호, 제2호, 제3호, 제4호, 의-branches included), in order."""
    start = target.parts()
    last = max(i for i, part in enumerate(start) if part)
    if last == 0:
        siblings: list[Key] = [(number, "", "", "") for number in units.articles]
    else:
        siblings = [u.key for u in _siblings(units, start)]
    if start not in siblings:
        return [start]
    begin = siblings.index(start)
    for index in range(begin, len(siblings)):
        if siblings[index][last] == target.range_end:
            return siblings[begin : index + 1]
    return [start]


def assess_range(citation: Citation, diff: LawDiff, threshold: float) -> Assessment:
    """A range is judged member by member; the worst member speaks for it, its new place spans the members'."""
    if not citation.target.range_end:
        return assess(citation, diff, threshold)
    units = diff.new_units if citation.date >= diff.new.promulgated else diff.old_units
    members = _members(citation.target, units)
    if len(members) == 1:
        return assess(citation, diff, threshold)
    results = [assess(dataclasses.replace(citation, target=Target(*member)), diff, threshold) for member in members]
    worst = min(results, key=lambda a: (VERDICT_ORDER.index(a.verdict), KIND_ORDER.index(a.kind)))
    if worst.kind == MOVED and all(r.target_now for r in results):
        first, last = _key_of(results[0].target_now), _key_of(results[-1].target_now)
        depth = max(i for i, part in enumerate(first) if part)
        if first[:depth] == last[:depth]:
            span = f"{unit_label(first)}..{last[depth]}"
            return dataclasses.replace(worst, target_now=span, note=f"{citation.target.label()} → {span}")
    if worst.verdict == FIX:
        return dataclasses.replace(worst, target_now="")  # a member deleted or missing: no range to propose
    return worst


def _final_label(citation: Citation, diffs: list[LawDiff], worst: Assessment) -> str:
    """Where the cited unit is in the newest version: the worst amendment's answer carried through later ones."""
    label = worst.target_now
    if not label or worst.diff is None:
        return ""
    if ".." in label:  # a range: its span in the amendment that moved it
        return label
    start = diffs.index(worst.diff) + 1
    key = _key_of(label)
    for later in diffs[start:]:
        moved = later.forward.get(key, key) if key in later.old_units.units else key
        if moved is None:
            return ""
        key = moved
    return unit_label(key)


def _key_of(label: str) -> Key:
    found = re.match(r"제(\d+)조(?:의(\d+))?(?:제(\d+)항)?(?:제(\d+(?:의\d+)?)호)?(?:([가-힣])목)?", label)
    assert found is not None
    article = found.group(1) + (f"의{found.group(2)}" if found.group(2) else "")
    return (article, found.group(3) or "", found.group(4) or "", found.group(5) or "")


def assess(citation: Citation, diff: LawDiff, threshold: float) -> Assessment:
    """The citation against one amendment, read in the numbering its own date implies."""
    key = citation.target.parts()
    reads_new = citation.date >= diff.new.promulgated
    old_unit, new_unit = diff.old_units.get(key), diff.new_units.get(key)
    if reads_new or (old_unit is None and new_unit is not None):
        return _assess_new(citation, diff, key, threshold)
    if old_unit is None:
        return Assessment(citation, diff, MISSING, FIX, note=_missing_note(citation))
    if old_unit.deleted:
        return Assessment(citation, diff, MISSING, FIX, note="이미 삭제된 조항을 인용", old_text=old_unit.shown)
    moved_to = diff.forward.get(key)
    change = diff.by_old.get(key)
    effective = change.effective if change else diff.effective
    if moved_to is None:
        new_text = change.new_text if change else ""
        return Assessment(citation, diff, DELETED, FIX, "", "개정으로 삭제됨", old_unit.shown, new_text, effective)
    new_unit = diff.new_units.get(moved_to)
    shown_new = new_unit.shown if new_unit else ""
    if moved_to != key:
        note = f"{unit_label(key)} → {unit_label(moved_to)}"
        return Assessment(citation, diff, MOVED, FIX, unit_label(moved_to), note, old_unit.shown, shown_new, effective)
    result = Assessment(citation, diff, UNCHANGED, NONE, unit_label(key), "", old_unit.shown, shown_new, effective)
    if change is not None and change.kind == REWORDED:
        details = [*(f"수치 {f}" for f in change.figures), *(f"기관명 {r}" for r in change.renames)]
        if change.delegation_lost:
            return Assessment(
                citation, diff, REWORDED, FIX, unit_label(key), "조례 위임 문구가 없어짐", old_unit.shown, shown_new, effective
            )
        result = Assessment(
            citation, diff, REWORDED, REVIEW, unit_label(key), "; ".join(details), old_unit.shown, shown_new, effective
        )
    elif key[0] in diff.changed_articles():
        result = Assessment(citation, diff, UNCHANGED, NOTE, unit_label(key), "같은 조의 다른 항·호가 바뀜", effective=effective)
    return _stale(result, citation, diff, diff.old_units, key, threshold, forward=True)


def _assess_new(citation: Citation, diff: LawDiff, key: Key, threshold: float) -> Assessment:
    new_unit = diff.new_units.get(key)
    if new_unit is None or new_unit.deleted:
        old_unit = diff.old_units.get(key)
        if old_unit is not None and not old_unit.deleted:
            return Assessment(citation, diff, DELETED, FIX, "", "개정으로 삭제됨", old_unit.shown, "", diff.effective)
        return Assessment(citation, diff, MISSING, FIX, note=_missing_note(citation))
    result = Assessment(citation, diff, UNCHANGED, NONE, unit_label(key), "개정 후 조문 번호로 인용(이미 반영)")
    return _stale(result, citation, diff, diff.new_units, key, threshold, forward=False)


def _stale(
    result: Assessment,
    citation: Citation,
    diff: LawDiff,
    units: VersionUnits,
    key: Key,
    threshold: float,
    *,
    forward: bool,
) -> Assessment:
    """낡은 인용: the amendment's 부칙 re-points this very reference, or the citing words fit a sibling far better."""
    if result.verdict == FIX:
        return result
    label = unit_label(key)
    if label in diff.repoints:
        target = diff.repoints[label]
        note = (
            f"개정 법령 부칙이 「{diff.new.name}」 {label}{particle(label, '을/를')} {target}{particle(target, '으로/로')} 고침"
        )
        return Assessment(
            citation, diff, STALE, FIX, diff.repoints[label], note, result.old_text, result.new_text, result.effective
        )
    found = _CITING_WORDS.match(citation.context)
    unit = units.get(key)
    if not found or unit is None or len(re.sub(r"[^가-힣]", "", found.group(1))) < 4:
        return result
    words = found.group(1)
    siblings = [s for s in _siblings(units, key) if s.key != key and not s.deleted]
    if not siblings:
        return result
    cited = covered(words, unit.own_words)
    best = max(siblings, key=lambda s: covered(words, s.own_words))
    best_covered, best_score = covered(words, best.own_words), similarity(words, best.own_words)
    if best_covered < COVERED or cited > STRAY or best_score < threshold:
        return result
    better = best.key
    if forward:
        better = diff.forward.get(better) or better
    note = (
        f"인용 문구와 유사도 {best_score:.2f}: {unit_label(best.key)}에 인용 문구의 {best_covered:.0%}가 있고 "
        f"인용한 {label}에는 {cited:.0%}만 있음"
    )
    return Assessment(citation, diff, STALE, FIX, unit_label(better), note, result.old_text, result.new_text, result.effective)


def _siblings(units: VersionUnits, key: Key) -> list[LawUnit]:
    """The units beside the cited one under the same parent (the other 항 of the 조, the other 호 of the 항)."""
    last = max(i for i, part in enumerate(key) if part)
    if last == 0:
        return []
    parent = units.get(tuple("" if i == last else part for i, part in enumerate(key)))  # type: ignore[arg-type]
    return list(parent.children) if parent else []


# ---------------------------------------------------------------------------- the fix, as written
_ELEMENT_START = re.compile(r"제\s*\d|같은\s*(?:조|항)")


def proposed_text(citation: Citation, label: str) -> str:
    """The citation rewritten with the new place, in the ordinance's own words: ``법 제11조제5항``."""
    written = citation.written
    found = _ELEMENT_START.search(written)
    head = written[: found.start()] if found else ""
    if ".." in label:
        start, _, last = label.partition("..")
        level = re.findall(r"(항|호|목|조)$", re.sub(r"의\d+$", "", start))
        unit = level[0] if level else ""
        return f"{head}{start}부터 제{last}{unit}까지" if unit != "목" else f"{head}{start}부터 {last}목까지"
    return head + label


def amendment_sentence(place_ref: str, written: str, proposed: str) -> str:
    """``제10조제1항 중 "법 제11조제4항"을 "법 제11조제5항"으로 한다.`` (the standard 일부개정 form)."""
    return f'{place_ref} 중 "{written}"{particle(written, "을/를")} "{proposed}"{particle(proposed, "으로/로")} 한다.'
