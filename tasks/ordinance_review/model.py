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
import re
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


# ---------------------------------------------------------------------------- the normal form
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")
_BOLD_CIRCLED = re.compile(rf"\*\*([{CIRCLED}])\*\*")
PARAGRAPH_START = re.compile(rf"^[{CIRCLED}]")
ITEM_START = re.compile(r"^(\d+)(?:의(\d+))?\.(?=\s|$)")
SUBITEM_LETTERS = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"
SUBITEM_START = re.compile(rf"^([{SUBITEM_LETTERS}])\.(?=\s|$)")
DEEPER_START = re.compile(rf"^(?:\d+|[{SUBITEM_LETTERS}])\)(?=\s|$)")


def is_unit_start(line: str) -> bool:
    """A line that opens a 항, 호, 목 or deeper unit (``①``, ``1.``, ``1의2.``, ``가.``, ``1)``, ``가)``)."""
    return bool(PARAGRAPH_START.match(line) or ITEM_START.match(line) or SUBITEM_START.match(line) or DEEPER_START.match(line))


def split_units(text: str) -> tuple[str, ...]:
    """An article body (Markdown or plain DRF text) in the normal form of ``Article.lines``.

    Every reader calls this, so a 항 read from legalize-kr Markdown and the same 항 read from a DRF
    answer compare equal: escapes and bold markers go, leading spaces go, blank lines go, and a line
    that opens no unit is glued to the one above with one space (a wrapped sentence, or a history tag
    on a line of its own). The first line of a body that opens no unit is the article's lead text.
    """
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _BOLD_CIRCLED.sub(r"\1", raw)
        line = _MARKDOWN_ESCAPE.sub(r"\1", line).replace("\u00a0", " ").replace("\u3000", " ")
        line = " ".join(line.split())
        if not line:
            continue
        if out and not is_unit_start(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return tuple(out)
