"""A law version as a tree of units (조 → 항 → 호 → 목), each keyed ``(조, 항, 호, 목)`` and compared by words.

History tags (``<개정 2024.2.20>``, ``[본조신설 …]``, ``[종전 제3조는 …]``) and the unit's own number are
left out of the words that are compared: a paragraph renumbered from ④ to ⑤ with the same words is
the same paragraph (issue 12: "match content, not numbers").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from tasks.ordinance_review.model import (
    CIRCLED,
    DEEPER_START,
    ITEM_START,
    PARAGRAPH_START,
    SUBITEM_START,
    Article,
    LawVersion,
)

Key = tuple[str, str, str, str]

HISTORY_TAG = re.compile(
    r"[<〈]\s*(?:개정|신설|전문개정|본조신설|제목개정|타법개정|삭제|시행일)[^>〉]*[>〉]"
    r"|[<〈]\s*(?:19|20)\d\d\s*[.ㆍ][^>〉]*[>〉]"
    r"|\[\s*(?:본조신설|전문개정|종전|제목개정|시행일|본조제목개정)[^\]]*\]"
)
_LEAD_NUMBER = re.compile(rf"^(?:[{CIRCLED}]|\d+(?:의\d+)?\.|[가-힣]\.)\s*")


def clean(text: str) -> str:
    """The words of a unit: no history tags, no leading number, single spaces."""
    text = HISTORY_TAG.sub("", text)
    text = _LEAD_NUMBER.sub("", text.strip())
    return " ".join(text.split())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class LawUnit:
    """One unit: its own line, its children, and the words of the whole (own + children)."""

    key: Key
    own: str  # the line(s) as in the file, tags kept (for 신구대비)
    children: list[LawUnit] = field(default_factory=list)

    @cached_property
    def own_words(self) -> str:
        return clean(self.own)

    @cached_property
    def words(self) -> str:
        parts = [self.own_words, *(child.words for child in self.children)]
        return " ".join(part for part in parts if part)

    @property
    def shown(self) -> str:
        """The unit as a 신구조문대비표 shows it: its lines, tags and numbers kept."""
        return "\n".join(part for part in [self.own, *(child.shown for child in self.children)] if part)

    @cached_property
    def deleted(self) -> bool:
        return self.own_words.startswith("삭제") and len(self.own_words) <= 4 and not self.children

    def walk(self) -> list[LawUnit]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def _item_number(line: str) -> str:
    found = ITEM_START.match(line)
    assert found is not None
    return found.group(1) + (f"의{found.group(2)}" if found.group(2) else "")


def article_tree(article: Article) -> LawUnit:
    """The article as a tree; lines before its first 항 or 호 are the article's own lead text."""
    root = LawUnit((article.number, "", "", ""), "")
    lead: list[str] = []
    paragraph: LawUnit | None = None
    item: LawUnit | None = None
    subitem: LawUnit | None = None
    for line in article.lines:
        if PARAGRAPH_START.match(line):
            number = str(CIRCLED.index(line[0]) + 1)
            paragraph = LawUnit((article.number, number, "", ""), line)
            root.children.append(paragraph)
            item = subitem = None
        elif ITEM_START.match(line):
            parent = paragraph or root
            item = LawUnit((article.number, parent.key[1], _item_number(line), ""), line)
            parent.children.append(item)
            subitem = None
        elif SUBITEM_START.match(line) and item is not None:
            subitem = LawUnit((*item.key[:3], line[0]), line)
            item.children.append(subitem)
        elif DEEPER_START.match(line) and (subitem or item or paragraph) is not None:
            holder = subitem or item or paragraph
            assert holder is not None
            holder.own = f"{holder.own}\n{line}"
        elif paragraph is None and item is None:
            lead.append(line)
        else:
            holder = subitem or item or paragraph
            assert holder is not None
            holder.own = f"{holder.own} {line}"
    root.own = " ".join(lead)
    return root


@dataclass
class VersionUnits:
    """Every unit of one law version by key, in reading order, and the articles' titles."""

    version: LawVersion
    units: dict[Key, LawUnit]
    articles: dict[str, LawUnit]
    titles: dict[str, str]
    lines: dict[str, tuple[str, ...]]  # each article's lines as read, to skip untouched articles cheaply

    def get(self, key: Key) -> LawUnit | None:
        return self.units.get(key)


def version_units(version: LawVersion) -> VersionUnits:
    units: dict[Key, LawUnit] = {}
    articles: dict[str, LawUnit] = {}
    titles: dict[str, str] = {}
    lines: dict[str, tuple[str, ...]] = {}
    for article in version.articles:
        lines.setdefault(article.number, article.lines)
        tree = article_tree(article)
        articles[article.number] = tree
        titles[article.number] = article.title
        for unit in tree.walk():
            units.setdefault(unit.key, unit)
    return VersionUnits(version, units, articles, titles, lines)


@lru_cache(maxsize=65536)
def bigrams(text: str) -> Counter[str]:
    squeezed = squeeze(text)
    return Counter(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


@lru_cache(maxsize=131072)
def similarity(a: str, b: str) -> float:
    """Dice coefficient over character bigrams, spaces ignored: 1.0 for the same words, 0.0 for nothing shared.

    Bigrams rather than words, because Korean particles glue onto words (``업무를``, ``업무의``).
    """
    first, second = bigrams(a), bigrams(b)
    total = _count(a) + _count(b)
    if not total:
        return 1.0 if squeeze(a) == squeeze(b) else 0.0
    return 2 * _common(first, second) / total


def _count(text: str) -> int:
    """How many bigrams *text* has (spaces ignored), without counting them."""
    return max(0, len(squeeze(text)) - 1)


def _common(first: Counter[str], second: Counter[str]) -> int:
    """The size of the bigram multisets' intersection (``Counter.__and__`` without building a Counter)."""
    if len(first) > len(second):
        first, second = second, first
    return sum(min(count, second.get(gram, 0)) for gram, count in first.items())


@lru_cache(maxsize=131072)
def covered(words: str, text: str) -> float:
    """How much of *words* (its character bigrams) is found in *text*: 1.0 when all of it is there."""
    total = _count(words)
    return _common(bigrams(words), bigrams(text)) / total if total else 0.0
