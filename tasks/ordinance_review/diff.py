"""The structural diff of one amendment (two consecutive versions of one 법령ID) down to 조/항/호/목.

Units are matched by their words, not their numbers, so a paragraph inserted before ④ shows as
④ → ⑤ (이동) and not as "④ changed, ⑤ added". Within one article the children are aligned in order
(a small dynamic programme over the similarity of their words); leftovers with the same number are
paired as rewritten (문구 변경), the rest are 삭제 (old) or 신설 (new). A unit whose words become
``삭제`` is deleted. For every changed unit the diff also says which figures changed (amounts,
periods, ratios), which bodies were renamed (기획재정부장관 → 재정경제부장관), and from which date the
change applies (the amendment's 부칙 제1조, staggered dates included).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from tasks.ordinance_review.model import LawVersion
from tasks.ordinance_review.units import Key, LawUnit, VersionUnits, similarity, squeeze, version_units

MATCH = 0.45  # two units with this much in common (Dice over bigrams) can be the same unit moved
ARTICLE_MATCH = 0.6  # an article that lost its number is looked for elsewhere only above this

MOVED, DELETED, ADDED, REWORDED, SAME = "이동", "삭제", "신설", "문구 변경", "변경 없음"


@dataclass(frozen=True)
class Change:
    """What one amendment did to one unit; ``old``/``new`` are keys (``None`` for an added/deleted unit)."""

    kind: str
    old: Key | None
    new: Key | None
    old_text: str = ""
    new_text: str = ""
    figures: tuple[str, ...] = ()  # "500만원 → 2천만원"
    renames: tuple[str, ...] = ()  # "기획재정부장관 → 재정경제부장관"
    delegation_lost: bool = False  # the old words delegated to 조례, the new ones do not
    effective: dt.date | None = None


@dataclass
class LawDiff:
    old: LawVersion
    new: LawVersion
    old_units: VersionUnits
    new_units: VersionUnits
    forward: dict[Key, Key | None] = field(default_factory=dict)  # every old unit → its new key or None
    backward: dict[Key, Key | None] = field(default_factory=dict)  # every new unit → its old key or None
    by_old: dict[Key, Change] = field(default_factory=dict)  # what happened to each old unit that changed
    added: dict[Key, Change] = field(default_factory=dict)  # 신설, by new key
    repoints: dict[str, str] = field(default_factory=dict)  # the 부칙's "「이 법」 X"을 "「이 법」 Y"으로: label → label
    effective: dt.date | None = None

    def changes(self) -> list[Change]:
        return [*self.by_old.values(), *self.added.values()]

    def changed_articles(self) -> set[str]:
        """Old article numbers with any change (and new ones with an addition): for 참고."""
        out = {c.old[0] for c in self.by_old.values() if c.old}
        out |= {c.new[0] for c in self.added.values() if c.new}
        return out

    def ordered_changes(self) -> list[Change]:
        """In the new version's reading order, deleted units after."""
        new_order = {key: i for i, key in enumerate(self.new_units.units)}
        old_order = {key: i for i, key in enumerate(self.old_units.units)}

        def order(change: Change) -> tuple[int, int]:
            if change.new is not None:
                return (0, new_order.get(change.new, 0))
            return (1, old_order.get(change.old or ("", "", "", ""), 0))

        return sorted(self.changes(), key=order)


# ---------------------------------------------------------------------------- alignment
def _align(old: list[LawUnit], new: list[LawUnit]) -> list[tuple[LawUnit | None, LawUnit | None]]:
    """Pair children in order: runs of identical words first, then each gap between them by similarity."""
    matcher = difflib.SequenceMatcher(None, [u.words for u in old], [u.words for u in new], autojunk=False)
    pairs: list[tuple[LawUnit | None, LawUnit | None]] = []
    i = j = 0
    for block in matcher.get_matching_blocks():
        pairs.extend(_align_gap(old[i : block.a], new[j : block.b]))
        pairs.extend((old[block.a + k], new[block.b + k]) for k in range(block.size))
        i, j = block.a + block.size, block.b + block.size
    return _pair_same_numbers(pairs)


def _align_gap(old: list[LawUnit], new: list[LawUnit]) -> list[tuple[LawUnit | None, LawUnit | None]]:
    """Maximise the summed similarity of the pairs that clear MATCH (a small dynamic programme)."""
    n, m = len(old), len(new)
    if n == 0 or m == 0:
        return [(o, None) for o in old] + [(None, w) for w in new]
    sims = [[_pair_score(o, w) for w in new] for o in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sims[i][j] if sims[i][j] >= MATCH else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[LawUnit | None, LawUnit | None]] = []
    i = j = 0
    while i < n and j < m:
        if sims[i][j] >= MATCH and best[i][j] == best[i + 1][j + 1] + sims[i][j]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs.extend((o, None) for o in old[i:])
    pairs.extend((None, w) for w in new[j:])
    return pairs


def _pair_score(old: LawUnit, new: LawUnit) -> float:
    if old.deleted or new.deleted:
        return 1.0 if old.deleted and new.deleted and old.key[1:] == new.key[1:] else 0.0
    if old.words == new.words:
        return 1.0 + (0.01 if old.key == new.key else 0.0)  # identical words: prefer the same number
    return similarity(old.words, new.words)


def _pair_same_numbers(
    pairs: list[tuple[LawUnit | None, LawUnit | None]],
) -> list[tuple[LawUnit | None, LawUnit | None]]:
    """A unit rewritten beyond recognition keeps its number: pair an unmatched old and new ``③``."""
    lone_new = {w.key[1:]: w for o, w in pairs if o is None and w is not None and not w.deleted}
    out: list[tuple[LawUnit | None, LawUnit | None]] = []
    used: set[Key] = set()
    for o, w in pairs:
        if o is not None and w is None and not o.deleted and o.key[1:] in lone_new:
            partner = lone_new[o.key[1:]]
            used.add(partner.key)
            out.append((o, partner))
        elif o is None and w is not None and w.key in used:
            continue
        else:
            out.append((o, w))
    return out


# ---------------------------------------------------------------------------- figures and names
_FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:천|만|억|조)?\s*(?:천|만|억)?\s*원"
    r"|\d[\d,.]*\s*(?:일|개월|년|시간|주|분)(?![가-힣])"
    r"|\d+분의\s*\d+|\d[\d.]*\s*(?:퍼센트|%)|\d+\s*배"
    r"|\d[\d,.]*\s*(?:제곱미터|㎡|미터|킬로미터|명|대|회)"
)
_BODY = re.compile(
    r"[가-힣]{2,12}(?:부|처|청|위원회|원)(?:장관|장|위원장|총장|청장|처장)?(?=[을를이가은는의에와과로도\s,.)ㆍ]|$)"
)


def figures(text: str) -> Counter[str]:
    return Counter(squeeze(found) for found in _FIGURE.findall(text))


def figure_changes(old: str, new: str) -> tuple[str, ...]:
    """``("500만원 → 2천만원",)``: figures gone from the old words paired in order with those that came."""
    before, after = figures(old), figures(new)
    gone = list((before - after).elements())
    came = list((after - before).elements())
    pairs = [f"{a} → {b}" for a, b in zip(gone, came, strict=False)]
    pairs += [f"{a} → (삭제)" for a in gone[len(came) :]]
    pairs += [f"(신설) → {b}" for b in came[len(gone) :]]
    return tuple(pairs)


def body_renames(old: str, new: str) -> tuple[str, ...]:
    """Bodies whose name changed at the same place in the words (``기획재정부장관 → 재정경제부장관``)."""
    old_bodies = [m.group(0) for m in _BODY.finditer(old)]
    new_bodies = [m.group(0) for m in _BODY.finditer(new)]
    if len(old_bodies) != len(new_bodies):
        gone = [b for b in dict.fromkeys(old_bodies) if b not in new_bodies]
        came = [b for b in dict.fromkeys(new_bodies) if b not in old_bodies]
        return tuple(f"{a} → {b}" for a, b in zip(gone, came, strict=False))
    out = [f"{a} → {b}" for a, b in zip(old_bodies, new_bodies, strict=True) if a != b]
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------------------- the diff
def diff_versions(old: LawVersion, new: LawVersion) -> LawDiff:
    """Every unit of the old version followed into the new one, and every unit added."""
    old_units, new_units = version_units(old), version_units(new)
    result = LawDiff(old, new, old_units, new_units)
    from tasks.ordinance_review.addenda import amendment_dates, repoints

    result.effective, staggered = amendment_dates(new)
    result.repoints = repoints(new)
    pairs = _article_pairs(old_units, new_units)
    for old_article, new_article in pairs:
        if old_article is not None and new_article is not None and old_article.key == new_article.key:
            number = old_article.key[0]
            if old_units.lines.get(number) == new_units.lines.get(number):  # untouched: same units, same keys
                for unit in old_article.walk():
                    result.forward[unit.key] = unit.key
                    result.backward[unit.key] = unit.key
                continue
        _follow(result, old_article, new_article)
    for table in (result.by_old, result.added):
        for key, change in list(table.items()):
            target = change.new or change.old
            assert target is not None
            table[key] = _with_date(change, target, staggered, result.effective)
    return result


def _with_date(change: Change, key: Key, staggered: list[tuple[Key, dt.date]], main: dt.date | None) -> Change:
    date = main
    depth = -1
    for prefix, when in staggered:
        length = sum(1 for part in prefix if part)
        if key[:length] == prefix[:length] and length > depth:
            date, depth = when, length
    return Change(**{**change.__dict__, "effective": date})


def _article_pairs(old: VersionUnits, new: VersionUnits) -> list[tuple[LawUnit | None, LawUnit | None]]:
    """Articles by number; an article that lost its number is looked for among the new numbers by words."""
    pairs: list[tuple[LawUnit | None, LawUnit | None]] = []
    fresh = [a for number, a in new.articles.items() if number not in old.articles]
    for number, article in old.articles.items():
        partner = new.articles.get(number)
        if partner is not None and (not partner.deleted or article.deleted):
            pairs.append((article, partner))
            continue
        best = max(fresh, key=lambda a: similarity(a.words, article.words), default=None)
        if best is not None and similarity(best.words, article.words) >= ARTICLE_MATCH:
            fresh.remove(best)
            pairs.append((article, best))
        else:
            pairs.append((article, partner))
    paired = {w.key for _o, w in pairs if w is not None}
    pairs.extend((None, a) for a in new.articles.values() if a.key not in paired)
    return pairs


def _follow(result: LawDiff, old: LawUnit | None, new: LawUnit | None) -> None:
    if old is None and new is not None:
        for unit in new.walk():
            result.backward[unit.key] = None
            if not unit.deleted:
                result.added[unit.key] = Change(ADDED, None, unit.key, "", unit.shown)
        return
    if old is not None and (new is None or (new.deleted and not old.deleted)):
        for unit in old.walk():
            result.forward[unit.key] = None
            if not unit.deleted:
                result.by_old[unit.key] = Change(
                    DELETED, unit.key, new.key if new else None, unit.shown, new.shown if new else ""
                )
        if new is not None:
            result.backward[new.key] = old.key
        return
    assert old is not None and new is not None
    result.forward[old.key] = new.key
    result.backward[new.key] = old.key
    if old.key != new.key:
        kind = MOVED
    elif old.words == new.words:
        kind = SAME
    else:
        kind = REWORDED
    if old.words != new.words or kind == MOVED:
        result.by_old[old.key] = Change(
            kind,
            old.key,
            new.key,
            old.shown,
            new.shown,
            figure_changes(old.words, new.words),
            body_renames(old.words, new.words),
            "조례" in old.words and "조례" not in new.words,
        )
    old_walk, new_walk = old.walk(), new.walk()
    if old.words == new.words and old.key[1:] == new.key[1:] and len(old_walk) == len(new_walk):
        for a, b in zip(old_walk[1:], new_walk[1:], strict=True):
            result.forward[a.key] = b.key
            result.backward[b.key] = a.key
        return
    for old_child, new_child in _align(old.children, new.children):
        _follow(result, old_child, new_child)
