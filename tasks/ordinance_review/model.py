"""The texts ordinance-review reads, whatever file they came from.

A law version or an ordinance arrives as legalize-kr Markdown, as a law.go.kr DRF XML or JSON
body, or inside a collection bundle. Each reader turns it into these records, so the citation
parser and the structural diff never see a file format.

``Article.lines`` is the article body in one normal form, shared by every reader:
- one unit per line, leading spaces and Markdown escapes (``**①**``, ``1\\.``) removed;
- a 항 line starts with its circled number (``①``); a 호 line with ``N.`` or ``N의M.``; a 목 line
  with ``가.``; a deeper line with ``1)`` or ``가)``; anything else continues the line above;
- history tags (``<개정 2024.2.20>``, ``<신설 …>``, ``삭제 <…>``) stay verbatim: the diff ignores
  them and the ordinance's own dates are read from them;
- the heading (``제N조(제목)``) is not a line: it is ``number`` and ``title``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One 조 (or one 부칙 조). ``number`` is ``"11"``, ``"2의2"``: no 제/조."""

    number: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Addendum:
    """One 부칙 as promulgated with one amendment; ``articles`` when it has 조, else ``text`` alone."""

    promulgated: dt.date | None
    number: str
    text: str
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True)
class LawVersion:
    """One promulgated version of a national law (법령MST), ordered by 공포일자 within its 법령ID."""

    law_id: str
    mst: str
    name: str
    kind: str
    ministries: tuple[str, ...]
    promulgated: dt.date
    promulgation_no: str
    effective: dt.date | None
    articles: tuple[Article, ...]
    addenda: tuple[Addendum, ...]
    source: str


@dataclass(frozen=True)
class Ordinance:
    """One ordinance (자치법규) as in force; ``department`` is its 담당부서, where findings are routed."""

    ordinance_id: str
    serial: str
    name: str
    kind: str
    org: str
    department: str
    promulgated: dt.date
    effective: dt.date | None
    articles: tuple[Article, ...]
    addenda: tuple[Addendum, ...]
    source: str
