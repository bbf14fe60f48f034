"""legalize-kr (laws) and ordinance-kr (ordinances) Markdown into the shared model.

The layout (../shared/data/law-cases/README.md): a ``---`` header with the metadata, one
``##### 제N조 (제목)`` heading per article, chapter headings ``#``–``####`` that carry no text, and
``## 부칙`` last with every addendum to date, each opened by a ``부칙 <제N호,YYYY.M.D>`` line (an
ordinance writes ``부칙 〈2001ㆍ3ㆍ21 조례 제1호〉`` or ``부      칙 <2021.9.24. 전부개정>``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from core.documents import MarkdownDocument
from core.errors import InputError, Location
from tasks.ordinance_review.model import Addendum, Article, LawVersion, Ordinance, split_units

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*$")
_ARTICLE_HEADING = re.compile(r"^제(\d+)조(?:의(\d+))?\s*(?:\((.*)\))?\s*(.*)$")
_ADDENDUM_START = re.compile(r"^부\s*칙(?=\s|\(|<|〈|$)")
_ADDENDUM_HEADER = re.compile(r"^부\s*칙\s*(?:\([^)]*\))?\s*(?:[<〈]([^>〉]*)[>〉])?\s*(.*)$")
_ADDENDUM_ARTICLE = re.compile(r"^제(\d+)조(?:의(\d+))?\s*\(([^)]*)\)\s*(.*)$")
_DATE_IN_TEXT = re.compile(r"((?:19|20)\d\d)\s*[.ㆍ·\-]\s*(\d{1,2})\s*[.ㆍ·\-]\s*(\d{1,2})")
_NUMBER_IN_TEXT = re.compile(r"제\s*(\d+)\s*호")


def parse_date(value: Any) -> dt.date | None:
    """``2024-02-20``, ``'20230102'``, ``2024.2.20``, ``2001ㆍ3ㆍ21``; ``None`` when there is none."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    found = _DATE_IN_TEXT.search(text)
    if not found:
        return None
    try:
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def article_number(main: str, branch: str | None) -> str:
    return f"{main}의{branch}" if branch else main


def _text(front: dict[str, Any] | Any, key: str) -> str:
    value = front.get(key, "")
    return "" if value is None else str(value).strip()


def read_markdown(doc: MarkdownDocument) -> LawVersion | Ordinance | None:
    """The record one Markdown file holds, told apart by its metadata; ``None`` when it has neither kind."""
    front = doc.front
    if _text(front, "자치법규ID"):
        return _ordinance(doc)
    if _text(front, "법령ID") and _text(front, "법령MST"):
        return _law(doc)
    return None


def _required_date(doc: MarkdownDocument, key: str) -> dt.date:
    value = parse_date(doc.front.get(key))
    if value is None:
        raise InputError(
            f"머리말의 '{key}'을 날짜로 읽을 수 없습니다('{_text(doc.front, key)}').",
            Location(str(doc.path)),
            "법령·자치법규 원본 파일의 머리말을 고치지 않은 파일을 지정하십시오.",
        )
    return value


def _law(doc: MarkdownDocument) -> LawVersion:
    articles, addenda = parse_body(doc.body)
    if not articles:
        raise InputError(
            "법령 파일에 조문(##### 제N조)이 하나도 없습니다.",
            Location(str(doc.path)),
            "법령 본문이 든 원본 파일을 지정하십시오(빈 파일이거나 잘린 파일입니다).",
        )
    ministries = doc.front.get("소관부처") or ()
    return LawVersion(
        law_id=_text(doc.front, "법령ID"),
        mst=_text(doc.front, "법령MST"),
        name=_text(doc.front, "제목"),
        kind=_text(doc.front, "법령구분"),
        ministries=tuple(str(m) for m in ministries) if isinstance(ministries, list) else (str(ministries),),
        promulgated=_required_date(doc, "공포일자"),
        promulgation_no=_text(doc.front, "공포번호"),
        effective=parse_date(doc.front.get("시행일자")),
        articles=articles,
        addenda=addenda,
        source=doc.name,
    )


def _ordinance(doc: MarkdownDocument) -> Ordinance:
    articles, addenda = parse_body(doc.body)
    if not articles:
        raise InputError(
            "자치법규 파일에 조문(##### 제N조)이 하나도 없습니다.",
            Location(str(doc.path)),
            "자치법규 본문이 든 원본 파일을 지정하십시오(빈 파일이거나 잘린 파일입니다).",
        )
    return Ordinance(
        ordinance_id=_text(doc.front, "자치법규ID"),
        serial=_text(doc.front, "자치법규일련번호"),
        name=_text(doc.front, "자치법규명"),
        kind=_text(doc.front, "자치법규종류"),
        org=_text(doc.front, "지자체기관명"),
        department=_text(doc.front, "담당부서"),
        promulgated=_required_date(doc, "공포일자"),
        effective=parse_date(doc.front.get("시행일자")),
        articles=articles,
        addenda=addenda,
        source=doc.name,
    )


def parse_body(body: str) -> tuple[tuple[Article, ...], tuple[Addendum, ...]]:
    """Articles from the ``#####`` headings up to ``## 부칙``; the addenda after it."""
    articles: list[Article] = []
    current: tuple[str, str] | None = None
    lines: list[str] = []
    addendum_lines: list[str] | None = None

    def close() -> None:
        nonlocal current, lines
        if current is not None:
            articles.append(Article(current[0], current[1], split_units("\n".join(lines))))
        current, lines = None, []

    for raw in body.splitlines():
        if addendum_lines is not None:
            addendum_lines.append(raw)
            continue
        heading = _HEADING.match(raw)
        if heading:
            close()
            text = heading.group(2)
            if text.replace(" ", "") == "부칙":
                addendum_lines = []
                continue
            found = _ARTICLE_HEADING.match(text) if len(heading.group(1)) >= 5 else None
            if found:
                current = (article_number(found.group(1), found.group(2)), (found.group(3) or "").strip())
                if found.group(4):  # "##### 제8조 삭제 <2020.1.1>": the heading carries the body
                    lines.append(found.group(4))
            continue
        if current is not None:
            lines.append(raw)
    close()
    return tuple(articles), parse_addenda(addendum_lines or [])


def parse_addenda(lines: list[str]) -> tuple[Addendum, ...]:
    """Each ``부칙 <…>`` block as one Addendum, its ``제N조(제목)`` paragraphs as articles."""
    blocks: list[list[str]] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if _ADDENDUM_START.match(line) or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return tuple(_addendum(block) for block in blocks)


def _addendum(block: list[str]) -> Addendum:
    header = _ADDENDUM_HEADER.match(block[0])
    tag = header.group(1) or "" if header else ""
    first_rest = header.group(2) if header else block[0]
    body = [first_rest, *block[1:]] if first_rest else block[1:]
    number = _NUMBER_IN_TEXT.search(tag)
    articles: list[Article] = []
    current: tuple[str, str] | None = None
    article_lines: list[str] = []
    for line in body:
        found = _ADDENDUM_ARTICLE.match(line)
        if found:
            if current is not None:
                articles.append(Article(current[0], current[1], split_units("\n".join(article_lines))))
            current = (article_number(found.group(1), found.group(2)), found.group(3).strip())
            article_lines = [found.group(4)] if found.group(4) else []
        elif current is not None:
            article_lines.append(line)
    if current is not None:
        articles.append(Article(current[0], current[1], split_units("\n".join(article_lines))))
    return Addendum(
        promulgated=parse_date(tag),
        number=number.group(1) if number else "",
        text="\n".join(body),
        articles=tuple(articles),
    )
