"""The citation parser: every reference an ordinance makes to a national law, as written and normalised.

What it reads (issue 12; domain-rules.md 4절 "How ordinances cite 상위법령" [U]):
- ``「법령명」 제N조(의M)제N항제N호(의M)가목``, the name with any spacing (``공유재산 및 물품관리법``);
- ``같은 법``, ``같은 법 시행령``, ``같은 법 시행규칙``: the law named last;
- the aliases the ordinance defines (``(이하 “법”이라 한다)``, ``“영” 이라고 한다``), used as ``법 제11조``;
- ranges (``제3조부터 제5조까지``, ``제1호에서 4호까지``) as one citation, lists (``제3조·제5조``,
  ``제7조제1항 및 제12조제1항``, ``같은 조 제4항``) as one citation per element;
- ``별표`` and ``부칙`` references, which the analysis reports as 비교 불가.
A bare ``제N조`` with no law before it is the ordinance citing itself and is not a citation here, and
neither is a law named without any article (``「축산법」에 따른``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tasks.ordinance_review.model import (
    CIRCLED,
    ITEM_START,
    PARAGRAPH_START,
    SUBITEM_START,
    Article,
    Ordinance,
)

LEVELS = ("조", "항", "호", "목")


@dataclass(frozen=True)
class Target:
    """What a citation points at, normalised: ``제11조제4항``, ``제11조제2항제1호..4``, ``별표 1``, ``부칙 제2조``."""

    article: str = ""
    paragraph: str = ""
    item: str = ""
    subitem: str = ""
    range_end: str = ""  # the last value at the deepest level, for a range
    annex: str = ""  # 별표: the whole normalised text ("별표 1의2 제1호가목(3)")
    addendum: str = ""  # 부칙 제N조: N

    @property
    def comparable(self) -> bool:
        return not self.annex and not self.addendum

    @property
    def depth(self) -> int:
        return sum(1 for part in (self.article, self.paragraph, self.item, self.subitem) if part)

    def parts(self) -> tuple[str, str, str, str]:
        return (self.article, self.paragraph, self.item, self.subitem)

    def label(self) -> str:
        if self.annex:
            return self.annex
        if self.addendum:
            return f"부칙 제{self.addendum}조"
        text = unit_label(self.parts())
        if self.range_end:
            text += f"..{self.range_end}"
        return text

    def with_parts(self, parts: tuple[str, str, str, str]) -> Target:
        return Target(*parts)


def unit_label(parts: tuple[str, ...]) -> str:
    """``("11", "4", "", "")`` → ``제11조제4항``; ``2의2`` → ``제2조의2``; an item ``1의2`` → ``제1의2호`` (법제처 style)."""
    article, paragraph, item, subitem = (*parts, "", "", "", "")[:4]
    main, _, branch = article.partition("의")
    text = (f"제{main}조" + (f"의{branch}" if branch else "")) if article else ""
    if paragraph:
        text += f"제{paragraph}항"
    if item:
        text += f"제{item}호"
    if subitem:
        text += f"{subitem}목"
    return text


@dataclass(frozen=True)
class Citation:
    """One reference in one ordinance unit; ``written`` is the text as the ordinance has it."""

    ordinance: str  # 자치법규명
    place: str  # 조례 조문 as shown: 제10조①, 제2조①1, 부칙 제2조
    place_ref: str  # the same, as an amendment sentence writes it: 제10조제1항
    law: str  # the full name of the cited law (as resolved; as written when unknown)
    written: str
    target: Target
    context: str  # the citing words after it ("에 따른 업무를 수행하는 사람"), for the similarity signal
    unit_text: str  # the whole ordinance unit, for the audit
    date: dt.date  # the date the citing unit was written or last amended (its tag, else the 공포일자)
    in_addendum: bool = False


# ---------------------------------------------------------------------------- law names
_SPACES = re.compile(r"[\s·ㆍ]+")


def name_key(name: str) -> str:
    """A law name with spacing and middle dots removed: ``공유재산 및 물품관리법`` finds ``공유재산 및 물품 관리법``."""
    return _SPACES.sub("", name)


def base_law(name: str) -> str:
    """``X 시행령`` / ``X 시행규칙`` → ``X``: what ``같은 법`` refers back to."""
    return re.sub(r"\s*(?:시행령|시행규칙)$", "", name.strip())


def is_local(name: str, org: str = "") -> bool:
    """An ordinance or a local rule (``광주시 … 조례``, ``… 조례 시행규칙``), not a national law."""
    key = name_key(name)
    city = name_key(org.split()[-1]) if org.strip() else ""
    return "조례" in key or (bool(city) and key.startswith(city))


# ---------------------------------------------------------------------------- the grammar
_NUM = r"(\d+)(?:\s*의\s*(\d+))?"
_ARTICLE = rf"제\s*{_NUM}\s*조(?:\s*의\s*(\d+))?"
_PARAGRAPH = r"제\s*(\d+)\s*항"
_ITEM = rf"제\s*{_NUM}\s*호(?:\s*의\s*(\d+))?"
_SUBITEM = r"([가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허])\s*목"
_ELEMENT = re.compile(
    rf"(?:{_ARTICLE})?(?:\s?(?:{_PARAGRAPH}))?(?:\s?(?:{_ITEM}))?(?:\s?(?:{_SUBITEM}))?",
)
_RANGE = re.compile(rf"\s*(?:부터|에서)\s*(?:제\s*)?(?:{_NUM}\s*(조|항|호)|([가나다라마바사아자차카타파하])\s*목)\s*까지")
_LIST = re.compile(r"\s*(?:,|·|ㆍ|및|또는|과|와|그리고)\s*(?:(같은\s*(조|항|호))\s*)?(?=제\s*\d|[가-하]\s*목)")
_ANNEX = re.compile(r"별표\s*(\d+)(?:\s*의\s*(\d+))?((?:\s*제\s*\d+(?:의\d+)?\s*호)?(?:\s*[가-하]\s*목)?(?:\s*\(\d+\))?)")
_ADDENDUM = re.compile(r"부칙\s*제\s*(\d+)\s*조")
_BRACKET = re.compile(r"「([^」]{1,120})」")
_ALIAS_DEF = re.compile(r"\s*\(\s*이하\s*[“\"'‘]([^”\"'’]{1,20})[”\"'’]\s*(?:이)?라(?:고)?\s*한다\s*\)")
_SAME_LAW = re.compile(r"(?<![가-힣])같은\s*법(?:\s*(시행령|시행규칙))?(?![가-힣])")
_SAME_UNIT = re.compile(r"(?<![가-힣])같은\s*(조|항)\s*(?=제\s*\d)")
_TAG = re.compile(r"[<〈]\s*(?:개정|신설|전문개정|본조신설|제정)[^>〉]*[>〉]")
_TAG_DATE = re.compile(r"((?:19|20)\d\d)\s*[.ㆍ·]\s*(\d{1,2})\s*[.ㆍ·]\s*(\d{1,2})")
_CLAUSE_END = re.compile(r"[.,;]|(?=「)|(?<![가-힣])(?:법|영|규칙)\s+제\s*\d")


def _level_values(found: re.Match[str]) -> tuple[str, str, str, str]:
    """The four levels of one element match ('' where absent), 의 branches joined (``1의2``)."""
    g = found.groups()
    article = ""
    if g[0]:
        article = g[0] + (f"의{g[1]}" if g[1] else "") + (f"의{g[2]}" if g[2] else "")
    paragraph = g[3] or ""
    item = ""
    if g[4]:
        item = g[4] + (f"의{g[5]}" if g[5] else "") + (f"의{g[6]}" if g[6] else "")
    return article, paragraph, item, g[7] or ""


def tag_date(text: str) -> dt.date | None:
    """The latest date in the unit's ``<개정 …>`` / ``<신설 …>`` tags, which say when the ordinance wrote it."""
    dates: list[dt.date] = []
    for tag in _TAG.findall(text):
        for y, m, d in _TAG_DATE.findall(tag):
            try:
                dates.append(dt.date(int(y), int(m), int(d)))
            except ValueError:
                continue
    return max(dates) if dates else None


@lru_cache(maxsize=256)
def _starts(aliases: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in aliases)
    return re.compile("「|같은" + (f"|(?<![가-힣])(?:{words})" if words else ""))


@dataclass
class _Scope:
    """What the parser remembers across an ordinance: the aliases defined so far and the law named last."""

    aliases: dict[str, str]
    last_law: str = ""


@dataclass(frozen=True)
class _Hit:
    law: str
    written: str
    target: Target
    start: int
    end: int


class _LineParser:
    def __init__(self, line: str, scope: _Scope) -> None:
        self.line = line
        self.scope = scope
        self.hits: list[_Hit] = []

    def run(self) -> list[_Hit]:
        """Jump from one possible start (「, 같은, an alias) to the next; everything between is plain text."""
        pos = 0
        while pos < len(self.line):
            alias_words = sorted(self.scope.aliases, key=len, reverse=True)
            candidate = _starts(tuple(alias_words)).search(self.line, pos)
            if candidate is None:
                break
            pos = candidate.start()
            found = self._at(pos, alias_words)
            pos = found if found > pos else pos + 1
        return self.hits

    def _at(self, pos: int, alias_words: list[str]) -> int:
        line = self.line
        bracket = _BRACKET.match(line, pos)
        if bracket:
            name = " ".join(bracket.group(1).split())
            return self._law_then_chain(name, bracket.group(0), pos, bracket.end())
        same = _SAME_LAW.match(line, pos)
        if same and self.scope.last_law:
            name = base_law(self.scope.last_law) + (f" {same.group(1)}" if same.group(1) else "")
            return self._law_then_chain(name, same.group(0), pos, same.end())
        same_unit = _SAME_UNIT.match(line, pos)
        if same_unit and self.hits:
            previous = self.hits[-1]
            return self._chain(previous.law, "", pos, same_unit.end(), inherit=previous.target, level=same_unit.group(1))
        if pos == 0 or not ("가" <= line[pos - 1] <= "힣"):
            for word in alias_words:
                if line.startswith(word, pos):
                    after = pos + len(word)
                    gap = re.match(r"\s*(?=제\s*\d|별표|부칙\s*제)", line[after:])
                    if gap is None or (after < len(line) and "가" <= line[after] <= "힣"):
                        continue
                    law = self.scope.aliases[word]
                    self.scope.last_law = law
                    return self._chain(law, line[pos : after + gap.end()], pos, after + gap.end())
        return pos

    def _law_then_chain(self, name: str, written: str, start: int, end: int) -> int:
        self.scope.last_law = name
        alias = _ALIAS_DEF.match(self.line, end)
        prefix = written
        if alias:
            self.scope.aliases[alias.group(1).strip()] = name
            end = alias.end()
            prefix = ""  # "「…」(이하 “법”이라 한다) 제31조제2항": the element alone is what an amendment replaces
        gap = re.match(r"\s*", self.line[end:])
        assert gap is not None
        begin = end + gap.end()
        if not re.match(r"제\s*\d|별표|부칙\s*제", self.line[begin:]):
            return end
        return self._chain(name, prefix, start if prefix else begin, begin)

    def _chain(self, law: str, prefix: str, start: int, pos: int, inherit: Target | None = None, level: str = "") -> int:
        """Elements joined by lists and ranges, each inheriting the levels above it from the one before."""
        line = self.line
        previous = inherit
        first = True
        while True:
            annex = _ANNEX.match(line, pos)
            addendum = _ADDENDUM.match(line, pos)
            if annex:
                label = f"별표 {annex.group(1)}" + (f"의{annex.group(2)}" if annex.group(2) else "")
                rest = re.sub(r"\s+", "", annex.group(3))
                target = Target(annex=label + (f" {rest}" if rest else ""))
                end = annex.end()
            elif addendum:
                target = Target(addendum=addendum.group(1))
                end = addendum.end()
            else:
                element = _ELEMENT.match(line, pos)
                if element is None or element.end() == pos:
                    return pos
                parts = _level_values(element)
                if previous is not None and previous.annex and not parts[0] and not parts[1]:
                    # "별표 1 제3호바목, 제14호가목, 제23호부터 제25호까지": the list stays in 별표 1
                    end = element.end()
                    ranged = _RANGE.match(line, end)
                    text = re.sub(r"\s+", "", line[pos:end]) + (f"..{ranged.group(1)}" if ranged and ranged.group(1) else "")
                    end = ranged.end() if ranged and ranged.group(1) else end
                    base = " ".join(previous.annex.split(" ")[:2])
                    target = Target(annex=f"{base} {text}")
                    self.hits.append(_Hit(law, line[pos:end].strip(), target, pos, end))
                    previous, first = target, False
                    listed = _LIST.match(line, end)
                    if listed is None:
                        return end
                    pos = listed.end()
                    continue
                if previous is not None and previous.comparable:
                    top = next(i for i, part in enumerate(parts) if part)
                    parts = previous.parts()[:top] + parts[top:]  # type: ignore[assignment]
                target = Target(*parts)
                end = element.end()
                ranged = _RANGE.match(line, end)
                if ranged:
                    deepest = target.depth - 1
                    end_value = (
                        (ranged.group(1) + (f"의{ranged.group(2)}" if ranged.group(2) else ""))
                        if ranged.group(1)
                        else ranged.group(4)
                    )
                    unit = ranged.group(3) or "목"
                    if LEVELS.index(unit) == deepest:
                        target = Target(*target.parts(), range_end=end_value)
                        end = ranged.end()
            written_start = start if first else pos
            self.hits.append(_Hit(law, line[written_start:end].strip(), target, written_start, end))
            previous = target
            first = False
            listed = _LIST.match(line, end)
            if listed is None:
                return end
            pos = listed.end()
            if listed.group(1) and previous.comparable:  # "같은 조 제4항": keep the article
                keep = LEVELS.index(listed.group(2)) + 1
                previous = Target(*(previous.parts()[:keep] + ("",) * (4 - keep)))


# ---------------------------------------------------------------------------- the ordinance
@dataclass(frozen=True)
class Unit:
    """One line of an ordinance article with where it sits (``제2조①1``) and when it was written."""

    article: Article
    place: str
    place_ref: str
    text: str
    in_addendum: bool


def ordinance_units(ordinance: Ordinance) -> Iterator[Unit]:
    """Every line of every article and 부칙 article, labelled as 인용색인 shows it."""
    for addendum, articles in ((False, ordinance.articles), *((True, a.articles) for a in ordinance.addenda)):
        for article in articles:
            paragraph = item = subitem = ""
            for line in article.lines:
                if PARAGRAPH_START.match(line):
                    paragraph, item, subitem = str(CIRCLED.index(line[0]) + 1), "", ""
                elif ITEM_START.match(line):
                    found = ITEM_START.match(line)
                    assert found is not None
                    item = found.group(1) + (f"의{found.group(2)}" if found.group(2) else "")
                    subitem = ""
                elif SUBITEM_START.match(line):
                    subitem = line[0]
                prefix = "부칙 " if addendum else ""
                circled = CIRCLED[int(paragraph) - 1] if paragraph else ""
                place = f"{prefix}{unit_label((article.number,))}{circled}{item}{subitem}"
                place_ref = prefix + unit_label((article.number, paragraph, item, subitem))
                yield Unit(article, place, place_ref, line, addendum)


def parse_ordinance(ordinance: Ordinance) -> list[Citation]:
    """Every citation of a national law in the ordinance, in reading order; aliases carry forward."""
    scope = _Scope(aliases={})
    out: list[Citation] = []
    article_dates: dict[tuple[bool, str], dt.date | None] = {}
    for unit in ordinance_units(ordinance):
        key = (unit.in_addendum, unit.article.number)
        if key not in article_dates:
            lead = unit.article.lines[0] if unit.article.lines else ""
            article_dates[key] = tag_date(unit.article.title) or (tag_date(lead) if lead.startswith(("<", "〈")) else None)
        date = tag_date(unit.text) or article_dates[key] or ordinance.promulgated
        hits = _LineParser(unit.text, scope).run()
        for index, hit in enumerate(hits):
            if is_local(hit.law, ordinance.org):
                continue
            context = _context(unit.text, hits, index)
            out.append(
                Citation(
                    ordinance=ordinance.name,
                    place=unit.place,
                    place_ref=unit.place_ref,
                    law=hit.law,
                    written=hit.written,
                    target=hit.target,
                    context=context,
                    unit_text=unit.text,
                    date=date,
                    in_addendum=unit.in_addendum,
                )
            )
    return out


_JOINED = re.compile(r"^\s*(?:[·ㆍ,]|및|또는|과|와)?\s*(?:같은\s*(?:조|항|호)\s*)?$")


def _context(text: str, hits: list[_Hit], index: int) -> str:
    """The citing words after a citation (after the last of a list joined to it), up to the clause's end.

    In ``법 제31조제2항 및 영 제32조제1항에 따른 업무를 수행하는 사람`` both citations get
    ``에 따른 업무를 수행하는 사람``: the words that say what the ordinance means by them.
    """
    last = index
    while last + 1 < len(hits):
        gap = _ALIAS_DEF.sub("", _BRACKET.sub("", text[hits[last].end : hits[last + 1].start]))
        if not _JOINED.match(gap):
            break
        last += 1
    end = hits[last].end
    following = hits[last + 1].start if last + 1 < len(hits) else len(text)
    rest = text[end:following] if following > end else text[end:]
    cut = _CLAUSE_END.search(rest)
    words = rest[: cut.start()] if cut else rest
    words = _TAG.sub("", words)
    return re.sub(r"^\s*(?:[·ㆍ,]|및|또는|과|와)?\s*", "", words).strip()


_BARE_START = re.compile(r"제\s*\d+\s*조|같은\s*(?:조|항)\s*제\s*\d")


def targets_in(text: str) -> list[Target]:
    """Every unit a law's own text names (``제7조제1항, 제11조제2항 … 및 같은 조 제4항``), with no law before it.

    The 부칙 of an amendment names its own units this way (시행일 clauses, re-pointed references).
    """
    parser = _LineParser(text, _Scope(aliases={}))
    pos = 0
    while True:
        found = _BARE_START.search(text, pos)
        if found is None:
            break
        same = _SAME_UNIT.match(text, found.start())
        if same and parser.hits:
            previous = parser.hits[-1]
            end = parser._chain("", "", found.start(), same.end(), inherit=previous.target, level=same.group(1))
        else:
            end = parser._chain("", "", found.start(), found.start())
        pos = max(end, found.end())
    return [hit.target for hit in parser.hits]
