"""law.go.kr DRF bodies (XML or JSON) → :mod:`tasks.ordinance_review.model`.

Two body shapes are read (shared/reference/external-apis.md §1.6):
- ``law``/``eflaw`` ``lawService`` bodies, root ``법령``: ``기본정보`` and ``조문`` → ``조문단위``, each with
  ``조문내용``, ``항`` → ``호`` → ``목``; ``부칙`` → ``부칙단위``.
- ``ordin`` ``lawService`` bodies, root ``LawService``: ``자치법규기본정보`` and ``조문`` → ``조``, the
  whole article in ``조내용``; ``부칙`` (sometimes wrapped in ``부칙단위``).

XML is first turned into the dict shape the JSON bodies have (repeated children become a list,
a leaf its text), so one reader serves both. The quirks handled on the way [code/single, §1.2]:
a content field may be a string or a list of strings; a single item arrives as an object, not a
one-item list; JSON often puts a 항's 목 beside its 호 instead of under it; 편·장 headings are
조문단위 with ``조문여부`` = ``전문``; the echoed XML may hold ``&middot;`` or a bare ``&``; errors come
with HTTP 200 (``Response``/``result``, ``{"Law": "일치하는 … 없습니다"}``); a maintenance or anti-bot
page comes as HTML where XML/JSON was asked for.

Every article ends in the normal form of ``Article.lines`` (see model.py): one unit per line,
stripped, history tags kept verbatim, the ``제N조(제목)`` heading removed from the body.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from core.documents import Document, JsonDocument, XmlDocument, parse_xml
from core.errors import InputError, Location
from tasks.ordinance_review.markdown import parse_addenda
from tasks.ordinance_review.model import Addendum, Article, LawVersion, Ordinance, split_units

# ``자치법규종류`` in an ordin body is coded (C0001 …), unlike the 3000x codes of the list filter [official].
ORDINANCE_KINDS = {
    "C0001": "조례",
    "C0002": "규칙",
    "C0003": "훈령",
    "C0004": "예규",
    "C0006": "기타",
    "C0010": "고시",
    "C0011": "의회규칙",
}

_XML_SAFE_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_ANY_AMP = re.compile(r"&(#?\w+;)?")
_HEADING = re.compile(r"^\s*제\s*(\d+)\s*조(?:\s*의\s*(\d+))?\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?\s*")
_GA_NA = "가나다라마바사아자차카타파하"
_SAVE_AGAIN = "법제처에서 본문을 다시 받아 저장하십시오."


class DrfError(Exception):
    """A DRF answer that carries no text: an error shape, a lookup miss, or an HTML page.

    ``message`` is Korean and safe to show (it never holds the OC: the caller masks the query).
    """

    def __init__(self, message: str, *, miss: bool = False, html_page: bool = False):
        super().__init__(message)
        self.message = message
        self.miss = miss
        self.html_page = html_page


# ---------------------------------------------------------------- bytes → a JSON-like value
def fix_xml_entities(text: str) -> str:
    """``&middot;`` → ``·``; a bare ``&`` → ``&amp;``; the five XML entities and ``&#…;`` stay."""

    def one(m: re.Match[str]) -> str:
        if _XML_SAFE_ENTITY.fullmatch(m[0]):
            return m[0]
        if m[1]:
            decoded = html.unescape(m[0])
            if decoded != m[0]:
                return html.escape(decoded, quote=False)
        return "&amp;" + (m[1] or "")

    return _ANY_AMP.sub(one, text)


def is_html(data: bytes | str) -> bool:
    """A web page (maintenance notice, anti-bot ``location.assign``) where XML or JSON was asked for."""
    head = (data.decode("utf-8", "replace") if isinstance(data, bytes) else data)[:2048].lstrip("\ufeff \r\n\t").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<script")) or "location.assign(" in head


def element_to_value(elem: ElementTree.Element) -> Any:
    """An XML element as the JSON bodies write it: children → dict (repeats → list), a leaf → its text."""
    children = list(elem)
    if not children:
        return elem.text or ""
    out: dict[str, Any] = {}
    for child in children:
        value = element_to_value(child)
        if child.tag in out:
            prior = out[child.tag]
            if isinstance(prior, list) and getattr(prior, "_repeated", False):
                prior.append(value)
            else:
                repeated = _Repeated([prior, value])
                out[child.tag] = repeated
        else:
            out[child.tag] = value
    return out


class _Repeated(list[Any]):
    """A list made from repeated XML children (so a third repeat appends instead of nesting)."""

    _repeated = True


def decode(data: bytes, where: str = "") -> dict[str, Any]:
    """Bytes of a DRF answer → ``{root: value}``; raises :class:`DrfError` on HTML or an error shape."""
    text = data.decode("utf-8-sig", "replace")
    if is_html(text):
        raise DrfError(
            "법제처 서버가 자료 대신 웹 페이지(HTML)를 보냈습니다. 점검 중이거나, 자동 접속 차단 화면일 수 있습니다. "
            "잠시 뒤 다시 시도하고, 계속되면 open.law.go.kr에 등록한 IP 주소를 확인하십시오.",
            html_page=True,
        )
    stripped = text.lstrip()
    value: dict[str, Any]
    if stripped.startswith(("{", "[")):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise DrfError(f"법제처 응답(JSON)을 읽지 못했습니다{where}: {exc.msg} (줄 {exc.lineno})") from None
        if not isinstance(parsed, dict):
            raise DrfError(f"법제처 응답(JSON)의 모양이 문서와 다릅니다{where}.")
        value = parsed
    elif stripped.startswith("<"):
        try:  # core's parser refuses DOCTYPE and entity declarations first (no billion laughs)
            root = parse_xml(fix_xml_entities(stripped).encode("utf-8"), Path(where.strip(" ()") or "응답"))
        except InputError as exc:
            raise DrfError(f"법제처 응답(XML)을 읽지 못했습니다{where}: {exc.message}") from None
        value = {root.tag: element_to_value(root)}
    else:
        raise DrfError(f"법제처 응답이 비어 있거나 XML·JSON이 아닙니다{where}.")
    check_error(value)
    return value


def check_error(value: dict[str, Any]) -> None:
    """The error shapes sent with HTTP 200 (§1.2) → :class:`DrfError`."""
    body: Any = value.get("Response", value)
    if isinstance(body, dict) and "result" in body and len(value) <= 2 and not _has_data(value):
        result, msg = text_of(body.get("result")), text_of(body.get("msg"))
        raise DrfError(f"법제처 Open API가 오류로 답했습니다: {result}" + (f" {msg}" if msg else ""))
    for key in ("Law", "법령", "LawService"):
        if isinstance(value.get(key), str):
            raise DrfError(f"법제처에 그 자료가 없습니다: {value[key].strip()}", miss=True)


def _has_data(value: dict[str, Any]) -> bool:
    return any(k in value for k in ("법령", "LawService", "LawSearch", "OrdinSearch", "OldAndNewService"))


# ---------------------------------------------------------------- small readers
def as_list(value: Any) -> list[Any]:
    """A single item sent as an object (or a string) → a one-item list; absent → empty."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    """A content field: a string, a list of strings (joined by lines), or ``{"content": …}``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(t for t in (text_of(v) for v in value) if t)
    if isinstance(value, dict):
        return text_of(value.get("content", ""))
    return str(value)


def lines_of(value: Any) -> list[str]:
    """Content → its non-empty lines, each stripped (the normal form keeps no indentation)."""
    return [line.strip() for line in text_of(value).splitlines() if line.strip()]


def parse_date(value: Any) -> dt.date | None:
    digits = re.sub(r"\D", "", text_of(value))
    if len(digits) != 8:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def article_number_from_jo(code: str) -> str:
    """6-digit ``조문번호`` ``AAAABB`` → ``"10의2"`` (4+2, as the law bodies and the 군포 tool read it).

    A short plain number (``"11"``) is taken as it is.
    """
    digits = code.strip()
    if len(digits) == 6 and digits.isdigit():
        main, branch = int(digits[:4]), int(digits[4:])
        return f"{main}의{branch}" if branch else str(main)
    return digits.lstrip("0") or digits


def _strip_heading(text: str) -> tuple[str, str, str]:
    """'제11조의2(제목) 본문' → ('11의2', '제목', '본문'); no heading → ('', '', text)."""
    m = _HEADING.match(text)
    if not m:
        return "", "", text
    number = m[1] + (f"의{m[2]}" if m[2] else "")
    return number, (m[3] or "").strip(), text[m.end() :]


# ---------------------------------------------------------------- law bodies
def _mok_runs(moks: list[Any]) -> list[list[Any]]:
    """목 beside their 호 (JSON): split into runs that restart at 가."""
    runs: list[list[Any]] = []
    for mok in moks:
        number = text_of(mok.get("목번호") if isinstance(mok, dict) else "").strip()
        if not runs or number.startswith(_GA_NA[0]):
            runs.append([])
        runs[-1].append(mok)
    return runs


def _unit_lines(unit: Any, content_key: str) -> list[str]:
    return lines_of(unit.get(content_key)) if isinstance(unit, dict) else lines_of(unit)


def _ho_lines(hos: list[Any], sibling_moks: list[Any]) -> list[str]:
    """호 lines with their 목; 목 found beside the 호 go to the 호 that announces '각 목', in order.

    A run that no 호 announces goes after the last 호 (the JSON gives no better clue).
    """
    runs = _mok_runs(sibling_moks)
    announcing = [i for i, ho in enumerate(hos) if "각 목" in text_of(ho.get("호내용") if isinstance(ho, dict) else ho)]
    placed: dict[int, list[Any]] = {}
    for run_index, run in enumerate(runs):
        target = announcing[run_index] if run_index < len(announcing) else len(hos) - 1
        placed.setdefault(target, []).extend(run)
    out: list[str] = []
    for i, ho in enumerate(hos):
        out += _unit_lines(ho, "호내용")
        moks = as_list(ho.get("목")) if isinstance(ho, dict) else []
        for mok in moks + placed.get(i, []):
            out += _unit_lines(mok, "목내용")
    if not hos:
        for run in runs:
            for mok in run:
                out += _unit_lines(mok, "목내용")
    return out


def _law_article(unit: dict[str, Any]) -> Article | None:
    if text_of(unit.get("조문여부")).strip() == "전문":
        return None  # 편·장·절 heading
    content = text_of(unit.get("조문내용")).strip()
    number, title, rest = _strip_heading(content)
    jo = text_of(unit.get("조문번호")).strip()
    branch = text_of(unit.get("조문가지번호")).strip().lstrip("0")
    if jo:
        number = article_number_from_jo(jo) if len(jo) == 6 else (jo.lstrip("0") or jo) + (f"의{branch}" if branch else "")
    title = text_of(unit.get("조문제목")).strip() or title
    lines = lines_of(rest)
    for hang in as_list(unit.get("항")):
        if isinstance(hang, dict):
            lines += lines_of(hang.get("항내용"))
            lines += _ho_lines(as_list(hang.get("호")), as_list(hang.get("목")))
        else:
            lines += lines_of(hang)
    return Article(number, title, split_units("\n".join(lines)))


def _addenda(value: Any) -> tuple[Addendum, ...]:
    """Each 부칙단위 read as the Markdown reader reads a ``부칙 <…>`` block; its 공포일자/번호 fields win."""
    units: list[Any] = []
    for item in as_list(value):
        units += as_list(item.get("부칙단위")) if isinstance(item, dict) and "부칙단위" in item else [item]
    out: list[Addendum] = []
    for unit in units:
        content = unit.get("부칙내용") if isinstance(unit, dict) else unit
        lines = [" ".join(line.split()) for line in lines_of(content)]
        if not lines:
            continue
        for block in parse_addenda(lines):
            if isinstance(unit, dict):
                block = replace(
                    block,
                    promulgated=parse_date(unit.get("부칙공포일자")) or block.promulgated,
                    number=text_of(unit.get("부칙공포번호")).strip() or block.number,
                )
            out.append(block)
    return tuple(out)


def read_law(body: dict[str, Any], source: str, mst: str = "") -> LawVersion:
    """A ``법령`` body → :class:`LawVersion`. *mst* is the 법령일련번호 asked for, when the body has none."""
    info = body.get("기본정보") or {}
    articles = []
    for unit in as_list((body.get("조문") or {}).get("조문단위") if isinstance(body.get("조문"), dict) else None):
        if isinstance(unit, dict):
            art = _law_article(unit)
            if art is not None:
                articles.append(art)
    law_id = text_of(info.get("법령ID")).strip()
    promulgated = parse_date(info.get("공포일자"))
    name = text_of(info.get("법령명_한글") or info.get("법령명한글")).strip()
    if not law_id or promulgated is None or not name:
        raise DrfError("법령 본문에 법령ID·법령명·공포일자가 없습니다.")
    number = text_of(info.get("공포번호")).strip()
    mst = text_of(info.get("법령일련번호")).strip() or mst or f"{law_id}-{promulgated:%Y%m%d}-{number}"
    ministries = tuple(m for m in (text_of(v).strip() for v in as_list(info.get("소관부처"))) if m)
    return LawVersion(
        law_id=law_id,
        mst=mst,
        name=name,
        kind=text_of(info.get("법종구분")).strip(),
        ministries=ministries,
        promulgated=promulgated,
        promulgation_no=number,
        effective=parse_date(info.get("시행일자")),
        articles=tuple(articles),
        addenda=_addenda(body.get("부칙")),
        source=source,
    )


# ---------------------------------------------------------------- ordinance bodies
def _ordinance_article(unit: dict[str, Any]) -> Article | None:
    if text_of(unit.get("조문여부")).strip().upper() == "N":
        return None  # 장·절 heading
    content = text_of(unit.get("조내용")).strip()
    number, title, rest = _strip_heading(content)
    if not number:  # the heading is the safer key: how clients decode the 6 digits differs [unverified]
        number = article_number_from_jo(text_of(unit.get("조문번호")))
    title = text_of(unit.get("조제목")).strip() or title
    return Article(number, title, split_units(rest))


def read_ordinance(body: dict[str, Any], source: str) -> Ordinance:
    """A ``LawService`` (ordin) body → :class:`Ordinance`."""
    info = body.get("자치법규기본정보") or {}
    articles = []
    jo = body.get("조문")
    for unit in as_list(jo.get("조") if isinstance(jo, dict) else None):
        if isinstance(unit, dict):
            art = _ordinance_article(unit)
            if art is not None:
                articles.append(art)
    ordinance_id = text_of(info.get("자치법규ID")).strip()
    promulgated = parse_date(info.get("공포일자"))
    name = text_of(info.get("자치법규명")).strip()
    if not ordinance_id or promulgated is None or not name:
        raise DrfError("자치법규 본문에 자치법규ID·자치법규명·공포일자가 없습니다.")
    kind = text_of(info.get("자치법규종류")).strip()
    return Ordinance(
        ordinance_id=ordinance_id,
        serial=text_of(info.get("자치법규일련번호")).strip(),
        name=name,
        kind=ORDINANCE_KINDS.get(kind, kind),
        org=text_of(info.get("지자체기관명")).strip(),
        department=text_of(info.get("담당부서명")).strip(),
        promulgated=promulgated,
        effective=parse_date(info.get("시행일자")),
        articles=tuple(articles),
        addenda=_addenda(body.get("부칙")),
        source=source,
    )


# ---------------------------------------------------------------- entry points
def read_value(value: dict[str, Any], source: str, mst: str = "") -> LawVersion | Ordinance | None:
    """A decoded body → the model; None for a shape that is no law or ordinance text (a list, 신구법)."""
    if isinstance(value.get("법령"), dict):
        return read_law(value["법령"], source, mst)
    if isinstance(value.get("LawService"), dict) and "자치법규기본정보" in value["LawService"]:
        return read_ordinance(value["LawService"], source)
    return None


def read_body(data: bytes, source: str, mst: str = "") -> LawVersion | Ordinance | None:
    """Raw DRF bytes → the model; :class:`DrfError` for HTML or an error shape."""
    return read_value(decode(data), source, mst)


def read_text_document(doc: Document) -> LawVersion | Ordinance | None:
    """A file of ``--input texts=DIR`` read as a DRF body; None when it is no DRF law/ordinance body.

    Recognised by its root (``법령``, ``LawService``), never by its name. A saved error page or a
    body without its key fields stops the run with a Korean message naming the file.
    """
    where = Location(str(doc.path))
    if isinstance(doc, JsonDocument):
        if not isinstance(doc.content, dict):
            return None
        value: dict[str, Any] = doc.content
    elif isinstance(doc, XmlDocument):
        value = {doc.root.tag: element_to_value(doc.root)}
    elif doc.data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith((b"<", b"{")):
        try:
            value = decode(doc.data)
        except DrfError as exc:
            raise InputError(f"법제처 본문이 아니라 오류 응답이 저장된 파일입니다. {exc.message}", where, _SAVE_AGAIN) from None
    else:
        return None
    try:
        check_error(value)
    except DrfError as exc:
        raise InputError(f"법제처 본문이 아니라 오류 응답이 저장된 파일입니다. {exc.message}", where, _SAVE_AGAIN) from None
    try:
        return read_value(value, str(doc.path))
    except DrfError as exc:
        raise InputError(exc.message, where, _SAVE_AGAIN) from None


def iter_items(value: dict[str, Any], root: str, item: str) -> Iterable[dict[str, Any]]:
    """The items of a list answer (``LawSearch``/``law``): one item as an object or none at all both work."""
    body = value.get(root)
    if not isinstance(body, dict):
        return []
    return [i for i in as_list(body.get(item)) if isinstance(i, dict)]


def total_count(value: dict[str, Any], root: str) -> int:
    body = value.get(root)
    raw = text_of(body.get("totalCnt")) if isinstance(body, dict) else ""
    return int(raw) if raw.strip().isdigit() else 0
