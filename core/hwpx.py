"""HWPX documents for 한글, template-first, on top of python-hwpx (Apache-2.0).

Cities keep their own 공문·공고 layouts as HWPX files, so a task fills a template rather than
drawing a document: the template is the clerk's, the data is ours. The API is small:

    doc = HwpxDoc.open(path_or_bytes)       # a template (the city's, or one in resources/)
    doc = HwpxDoc.blank()                   # the bundled blank A4 template, for a document from scratch
    doc.placeholders()                      # {"공고번호", "차량.차량번호", ...} found in the text
    doc.fill({"공고번호": "제2026-17호"})     # every {{name}}, table cells included
    doc.fill_rows("차량", records)           # the table row holding {{차량.xxx}}, once per record
    doc.merge_pages(records)                # mail merge: the whole body once per record, a page each
    doc.add_title("…"); doc.add_paragraph("…", bold=False, align="LEFT")
    doc.add_table(["차량번호", "차명"], rows, widths=[2, 3])
    data = doc.to_bytes()                   # the HWPX archive
    build_document(title, paragraphs, header, rows) -> bytes   # the three builder calls in one
    text_of(data) -> str                    # the text, one line per paragraph (tests, previews)
    problems(data) -> list[str]             # everything check-worthy; [] means 한글 opens it

Placeholders are ``{{name}}``; a row field is ``{{prefix.name}}``. A placeholder split over several
runs (한글 does that when part of it was retyped) is still found; the value takes the format of the
run where the placeholder starts. A value is one line: a list belongs in a table row.

The HWPX traps 한글 punishes, and how this module avoids them:
- every paragraph carries ``paraPrIDRef`` and ``styleIDRef`` and every run ``charPrIDRef``
  (python-hwpx writes them; ``problems`` checks them);
- every table cell has an explicit ``cellSz`` height, and a repeated row keeps its template height;
- a table whose row is repeated per record flows across pages (``treatAsChar="0"``): 한글 cuts a table
  laid out as a character at the paper's edge instead of breaking it;
- ``linesegarray`` (the layout cache) is removed from every paragraph on save, so 한글 lays the
  text out afresh instead of drawing stale line positions over the new text;
- the archive starts with ``mimetype``, stored, as 한글 requires.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwpx.document import HwpxDocument
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document

from core.paths import resources_dir

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
MIMETYPE = b"application/hwp+zip"
# A table row one 10–11 pt line high plus cell margins, in HWPUNIT (1/7200 inch); 한글 grows it for wrapped text.
ROW_HEIGHT = 1900
_ALIGNMENTS = ("LEFT", "CENTER", "RIGHT", "JUSTIFY")
# Header definition lists an ID reference in a section can point at.
_REF_TABLES = {
    "charPrIDRef": "charPr",
    "paraPrIDRef": "paraPr",
    "styleIDRef": "style",
    "borderFillIDRef": "borderFill",
    "tabPrIDRef": "tabPr",
    "numberingIDRef": "numbering",
    "bulletIDRef": "bullet",
}


class HwpxTemplateError(ValueError):
    """A template that cannot take the data (a placeholder without a value, no row to repeat, ...).

    The message is Korean: it reaches the clerk when the template was theirs.
    """


def blank_template_path() -> Path:
    return resources_dir() / "templates" / "hwpx" / "blank.hwpx"


@dataclass(frozen=True)
class _Segment:
    """One stretch of run text: an ``hp:t``'s text or the tail after one of its children (tab, line break)."""

    element: Any
    is_tail: bool

    def get(self) -> str:
        value = self.element.tail if self.is_tail else self.element.text
        return value or ""

    def set(self, value: str) -> None:
        if self.is_tail:
            self.element.tail = value
        else:
            self.element.text = value


def _segments(paragraph: Any) -> list[_Segment]:
    """The paragraph's own text pieces in order (not those of a table nested in it)."""
    found: list[_Segment] = []
    for text_element in paragraph.iterfind(f"./{HP}run/{HP}t"):
        found.append(_Segment(text_element, False))
        found.extend(_Segment(child, True) for child in text_element)
    return found


def paragraph_text(paragraph: Any) -> str:
    return "".join(segment.get() for segment in _segments(paragraph))


def _replace_in_paragraph(paragraph: Any, lookup: Mapping[str, str]) -> set[str]:
    """Replace the placeholders *lookup* knows; return the names it did not know (left in place)."""
    segments = _segments(paragraph)
    texts = [segment.get() for segment in segments]
    joined = "".join(texts)
    starts = list(itertools.accumulate((len(text) for text in texts), initial=0))
    unknown: set[str] = set()
    changed = False
    for match in reversed(list(PLACEHOLDER.finditer(joined))):
        name = match.group(1)
        if name not in lookup:
            unknown.add(name)
            continue
        first = _segment_at(starts, match.start())
        last = _segment_at(starts, match.end() - 1)
        head = texts[first][: match.start() - starts[first]]
        tail = texts[last][match.end() - starts[last] :]
        if first == last:
            texts[first] = head + lookup[name] + tail
        else:
            texts[first] = head + lookup[name]
            for middle in range(first + 1, last):
                texts[middle] = ""
            texts[last] = tail
        changed = True
    if changed:
        for segment, text in zip(segments, texts, strict=True):
            segment.set(text)
    return unknown


def _segment_at(starts: Sequence[int], offset: int) -> int:
    for index in range(len(starts) - 1):
        if starts[index] <= offset < starts[index + 1]:
            return index
    raise IndexError(offset)


def _check_value(name: str, value: object) -> str:
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        raise ValueError(f"placeholder {name!r}: a value is one line (a list belongs in a table row)")
    return text


class HwpxDoc:
    """One HWPX document being filled or built; ``to_bytes`` gives the archive."""

    def __init__(self, document: HwpxDocument):
        self._document = document
        self._object_ids = itertools.count(1_900_000_000)
        self._first_line_free = False

    # -- opening -------------------------------------------------------------------------------------
    @classmethod
    def open(cls, source: Path | bytes) -> HwpxDoc:
        data = source.read_bytes() if isinstance(source, Path) else source
        try:
            return cls(HwpxDocument.open(data))
        except Exception as error:  # python-hwpx raises several kinds for a file that is no HWPX
            raise HwpxTemplateError("HWPX 파일을 열 수 없습니다 (한글에서 HWPX 형식으로 다시 저장해 주십시오)") from error

    @classmethod
    def blank(cls) -> HwpxDoc:
        """The bundled blank A4 document: one empty paragraph holding the page settings."""
        doc = cls.open(blank_template_path())
        doc._first_line_free = True
        return doc

    # -- reading -------------------------------------------------------------------------------------
    def _sections(self) -> list[Any]:
        return list(self._document.sections)

    def _paragraphs(self) -> Iterator[Any]:
        for section in self._sections():
            yield from section.element.iter(f"{HP}p")

    def placeholders(self) -> set[str]:
        return {match.group(1) for paragraph in self._paragraphs() for match in PLACEHOLDER.finditer(paragraph_text(paragraph))}

    def text(self) -> str:
        return "\n".join(paragraph_text(paragraph) for paragraph in self._paragraphs())

    # -- filling -------------------------------------------------------------------------------------
    def fill(self, values: Mapping[str, object], *, strict: bool = True) -> None:
        """Put *values* into their ``{{name}}`` placeholders everywhere.

        With *strict* a placeholder left without a value (row fields ``{{prefix.x}}`` aside, which
        ``fill_rows`` fills) is an error, so a document never goes out with ``{{...}}`` in it.
        """
        lookup = {name: _check_value(name, value) for name, value in values.items()}
        unknown: set[str] = set()
        for paragraph in self._paragraphs():
            unknown |= _replace_in_paragraph(paragraph, lookup)
        self._touch()
        missing = sorted(name for name in unknown if "." not in name)
        if strict and missing:
            raise HwpxTemplateError("서식의 자리표시에 넣을 값이 없습니다: " + ", ".join("{{" + name + "}}" for name in missing))

    def fill_rows(self, prefix: str, records: Sequence[Mapping[str, object]]) -> int:
        """Repeat the table row holding ``{{prefix.name}}`` once per record; return the rows written.

        The row keeps its cell formats and height; the rows after it move down; the table's row
        count and height follow. No record: the row goes, and the header stays.
        """
        row = self._template_row(prefix)
        table = row.getparent()
        row_height = max((_cell_height(cell) for cell in row.iterfind(f"{HP}tc")), default=ROW_HEIGHT)
        clones = []
        for record in records:
            clone = copy.deepcopy(row)
            lookup = {f"{prefix}.{name}": _check_value(name, value) for name, value in record.items()}
            for paragraph in clone.iter(f"{HP}p"):
                left = {name for name in _replace_in_paragraph(paragraph, lookup) if name.startswith(prefix + ".")}
                if left:
                    raise HwpxTemplateError(
                        "표의 자리표시에 넣을 값이 없습니다: " + ", ".join("{{" + name + "}}" for name in sorted(left))
                    )
            clones.append(clone)
        for clone in reversed(clones):
            row.addnext(clone)
        table.remove(row)
        for row_number, each in enumerate(table.findall(f"{HP}tr")):
            for address in each.iter(f"{HP}cellAddr"):
                if address.getparent().getparent() is each:
                    address.set("rowAddr", str(row_number))
        table.set("rowCnt", str(len(table.findall(f"{HP}tr"))))
        # 한글 never breaks a table laid out as a character across pages: one longer than a page is cut at
        # the paper's edge. A table that grows with the records flows instead, broken between rows.
        position = table.find(f"{HP}pos")
        if position is not None:
            position.set("treatAsChar", "0")
        size = table.find(f"{HP}sz")
        if size is not None:
            height = int(size.get("height", "0")) + (len(clones) - 1) * row_height
            size.set("height", str(max(height, 0)))
        self._touch()
        return len(clones)

    def _template_row(self, prefix: str) -> Any:
        marker = "{{" + prefix + "."
        for section in self._sections():
            for row in section.element.iter(f"{HP}tr"):
                if any(marker in re.sub(r"\{\{\s*", "{{", paragraph_text(p)) for p in row.iter(f"{HP}p")):
                    for span in row.iter(f"{HP}cellSpan"):
                        if span.get("rowSpan", "1") != "1":
                            raise HwpxTemplateError(f"반복할 표 행 {{{{{prefix}.…}}}}에 세로로 병합된 칸이 있습니다")
                    return row
        raise HwpxTemplateError(f"서식에 {{{{{prefix}.…}}}} 자리표시가 있는 표 행이 없습니다")

    def merge_pages(self, records: Sequence[Mapping[str, object]], *, strict: bool = True) -> int:
        """Mail merge: the body once per record, each copy starting on a new page; return the pages.

        The first copy keeps the section settings (page size, margins); the copies get fresh object
        ids so that no two tables share one.
        """
        if not records:
            raise ValueError("merge_pages needs at least one record")
        section = self._sections()[-1]
        body = list(section.element.findall(f"{HP}p"))
        pristine = [copy.deepcopy(paragraph) for paragraph in body]
        for record in records[1:]:
            pages = [copy.deepcopy(paragraph) for paragraph in pristine]
            for paragraph in pages:
                for settings in [*paragraph.iterfind(f"./{HP}run/{HP}secPr"), *paragraph.iterfind(f"./{HP}run/{HP}ctrl")]:
                    settings.getparent().remove(settings)
                for element in paragraph.iter():
                    if element.get("zOrder") is not None and element.get("id") is not None:
                        element.set("id", str(next(self._object_ids)))
            pages[0].set("pageBreak", "1")
            self._fill_elements(pages, record, strict=strict)
            for paragraph in pages:
                section.element.append(paragraph)
        self._fill_elements(body, records[0], strict=strict)
        self._touch()
        return len(records)

    def _fill_elements(self, paragraphs: Iterable[Any], record: Mapping[str, object], *, strict: bool) -> None:
        lookup = {name: _check_value(name, value) for name, value in record.items()}
        unknown: set[str] = set()
        for top in paragraphs:
            for paragraph in top.iter(f"{HP}p"):
                unknown |= _replace_in_paragraph(paragraph, lookup)
        if strict and unknown:
            raise HwpxTemplateError(
                "서식의 자리표시에 넣을 값이 없습니다: " + ", ".join("{{" + name + "}}" for name in sorted(unknown))
            )

    # -- building ------------------------------------------------------------------------------------
    def _char(self, *, bold: bool, size: float) -> str:
        return str(self._document.styles.ensure_run(bold=bold, size=size))

    def _para(self, align: str) -> str:
        if align not in _ALIGNMENTS:
            raise ValueError(f"align must be one of {_ALIGNMENTS}")
        return str(self._document.oxml.headers[0].ensure_paragraph_alignment(align))

    def add_title(self, text: str) -> None:
        self.add_paragraph(text, bold=True, size=16, align="CENTER")

    def add_paragraph(self, text: str, *, bold: bool = False, size: float = 11, align: str = "LEFT") -> None:
        """A paragraph after the last one (in the blank template, the empty first line takes the first text)."""
        text = _check_value("paragraph", text)
        char, para = self._char(bold=bold, size=size), self._para(align)
        if self._first_line_free:
            self._first_line_free = False
            first = self._document.paragraphs[0]
            first.text = text
            first.element.set("paraPrIDRef", para)
            first.element.set("styleIDRef", "0")
            for run in first.element.iterfind(f"./{HP}run"):
                run.set("charPrIDRef", char)
            self._touch()
            return
        self._document.add_paragraph(text, para_pr_id_ref=para, char_pr_id_ref=char, style_id_ref="0", inherit_style=False)

    def add_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        size: float = 10,
    ) -> None:
        """A bordered table across the text width: a bold centred header row, then *rows* as text."""
        columns = len(header)
        if any(len(row) != columns for row in rows):
            raise ValueError("every row needs one value per header column")
        weights = list(widths) if widths is not None else [1.0] * columns
        if len(weights) != columns:
            raise ValueError("widths needs one weight per column")
        self._first_line_free = False
        body_char, head_char = self._char(bold=False, size=size), self._char(bold=True, size=size)
        centre = self._para("CENTER")
        table = self._document.add_table(
            len(rows) + 1, columns, char_pr_id_ref=body_char, para_pr_id_ref=self._para("LEFT"), style_id_ref="0"
        )
        total = int(table.element.find(f"{HP}sz").get("width"))
        cell_widths = [int(total * weight / sum(weights)) for weight in weights]
        cell_widths[-1] = total - sum(cell_widths[:-1])
        table_rows: list[list[object]] = [list(header), *[list(row) for row in rows]]
        for row_number, values in enumerate(table_rows):
            for column, value in enumerate(values):
                cell = table.cell(row_number, column)
                cell.text = _check_value(header[column], value)
                cell_size: Any = cell.element.find(f"{HP}cellSz")
                cell_size.set("width", str(cell_widths[column]))
                cell_size.set("height", str(ROW_HEIGHT))
                for paragraph in cell.element.iter(f"{HP}p"):
                    paragraph.set("paraPrIDRef", centre if row_number == 0 else paragraph.get("paraPrIDRef", "0"))
                    paragraph.set("styleIDRef", "0")
                    for run in paragraph.iterfind(f"./{HP}run"):
                        run.set("charPrIDRef", head_char if row_number == 0 else body_char)
        table.element.find(f"{HP}sz").set("height", str(ROW_HEIGHT * (len(rows) + 1)))
        table.element.set("repeatHeader", "1")
        for cell in table.element.iterfind(f"{HP}tr/{HP}tc"):
            if cell.find(f"{HP}cellAddr").get("rowAddr") == "0":
                cell.set("header", "1")
        self._touch()

    # -- writing -------------------------------------------------------------------------------------
    def _touch(self) -> None:
        for section in self._sections():
            section.mark_dirty()

    def to_bytes(self) -> bytes:
        for section in self._sections():
            for cache in list(section.element.iter(f"{HP}linesegarray")):
                cache.getparent().remove(cache)
        self._touch()
        return bytes(self._document.to_bytes())


def _cell_height(cell: Any) -> int:
    size = cell.find(f"{HP}cellSz")
    return int(size.get("height", "0")) if size is not None else 0


def build_document(title: str, paragraphs: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A plain document from the blank template: a title, the paragraphs, then one table."""
    doc = HwpxDoc.blank()
    doc.add_title(title)
    for paragraph in paragraphs:
        doc.add_paragraph(paragraph)
    doc.add_table(header, rows)
    return doc.to_bytes()


def _section_parts(archive: zipfile.ZipFile) -> list[str]:
    return sorted(name for name in archive.namelist() if re.fullmatch(r"Contents/section\d+\.xml", name))


def text_of(data: bytes) -> str:
    """The document's text, one line per paragraph, table cells included, in reading order."""
    from lxml import etree

    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in sorted(_section_parts(archive), key=lambda name: int(re.sub(r"\D", "", name))):
            root = etree.fromstring(archive.read(part))
            lines.extend(paragraph_text(paragraph) for paragraph in root.iter(f"{HP}p"))
    return "\n".join(lines)


def page_count(data: bytes) -> int:
    """Pages forced by page breaks (one per mail-merge record), sections counted as pages."""
    from lxml import etree

    pages = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in _section_parts(archive):
            root = etree.fromstring(archive.read(part))
            pages += 1 + sum(1 for paragraph in root.findall(f"{HP}p") if paragraph.get("pageBreak") == "1")
    return pages


def problems(data: bytes) -> list[str]:
    """Everything that would stop 한글 or show a broken document; [] when the archive is sound.

    python-hwpx's two validators (``hwpx-validate``: schemas; ``hwpx-validate-package``: package
    structure), the ZIP layout, ID references into the header, and the traps above.
    """
    from lxml import etree

    found: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["not a ZIP archive"]
    with archive:
        first = archive.infolist()[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            found.append("mimetype is not the first entry, stored")
        elif archive.read("mimetype") != MIMETYPE:
            found.append("mimetype is not application/hwp+zip")
        header = etree.fromstring(archive.read("Contents/header.xml"))
        defined = {kind: {element.get("id") for element in header.iter(f"{HH}{kind}")} for kind in set(_REF_TABLES.values())}
        for part in _section_parts(archive):
            root = etree.fromstring(archive.read(part))
            for element in root.iter():
                for attribute, kind in _REF_TABLES.items():
                    value = element.get(attribute)
                    if value is not None and value not in defined[kind] and not (kind == "charPr" and value == "4294967295"):
                        found.append(f"{part}: {attribute}={value} resolves to no {kind}")
            for paragraph in root.iter(f"{HP}p"):
                if paragraph.get("paraPrIDRef") is None or paragraph.get("styleIDRef") is None:
                    found.append(f"{part}: a paragraph without paraPrIDRef/styleIDRef")
                if paragraph.find(f"{HP}linesegarray") is not None:
                    found.append(f"{part}: a paragraph carries linesegarray")
            for run in root.iter(f"{HP}run"):
                if run.get("charPrIDRef") is None:
                    found.append(f"{part}: a run without charPrIDRef")
            for cell in root.iter(f"{HP}tc"):
                if _cell_height(cell) <= 0:
                    found.append(f"{part}: a table cell without an explicit height")
    found += [f"hwpx-validate: {issue}" for issue in validate_document(data).errors]
    found += [f"hwpx-validate-package: {issue}" for issue in validate_package(data).errors]
    return found


@dataclass(frozen=True)
class OutlineParagraph:
    """A body paragraph as a reader sees it: its text and the look of its first run."""

    text: str
    bold: bool
    size: float  # points
    align: str  # LEFT, CENTER, RIGHT, JUSTIFY
    page_break: bool


@dataclass(frozen=True)
class OutlineTable:
    rows: list[list[str]]  # cell texts, row by row (a cell's paragraphs joined by newlines)
    widths: list[int]  # the first row's cell widths, HWPUNIT


def outline(data: bytes) -> list[OutlineParagraph | OutlineTable]:
    """The body in reading order, for rendering the same document elsewhere (core.pdf.blocks_from_hwpx).

    A paragraph that anchors a table gives the table (and its own text, if any, before it).
    """
    from lxml import etree

    items: list[OutlineParagraph | OutlineTable] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        header = etree.fromstring(archive.read("Contents/header.xml"))
        chars = {element.get("id"): element for element in header.iter(f"{HH}charPr")}
        paras = {element.get("id"): element for element in header.iter(f"{HH}paraPr")}
        for part in sorted(_section_parts(archive), key=lambda name: int(re.sub(r"\D", "", name))):
            root = etree.fromstring(archive.read(part))
            for paragraph in root.findall(f"{HP}p"):
                run = paragraph.find(f"{HP}run")
                char = chars.get(run.get("charPrIDRef") if run is not None else None)
                para = paras.get(paragraph.get("paraPrIDRef"))
                align = para.find(f"{HH}align") if para is not None else None
                text = paragraph_text(paragraph)
                tables = paragraph.findall(f"{HP}run/{HP}tbl")
                if text or not tables:
                    items.append(
                        OutlineParagraph(
                            text,
                            bold=char is not None and char.find(f"{HH}bold") is not None,
                            size=int(char.get("height", "1000")) / 100 if char is not None else 10.0,
                            align=align.get("horizontal", "LEFT") if align is not None else "LEFT",
                            page_break=paragraph.get("pageBreak") == "1",
                        )
                    )
                for table in tables:
                    rows = [
                        ["\n".join(paragraph_text(p) for p in cell.iter(f"{HP}p")) for cell in row.iterfind(f"{HP}tc")]
                        for row in table.iterfind(f"{HP}tr")
                    ]
                    first = table.find(f"{HP}tr")
                    widths = [_cell_width(cell) for cell in first.iterfind(f"{HP}tc")] if first is not None else []
                    items.append(OutlineTable(rows, widths))
    return items


def _cell_width(cell: Any) -> int:
    size = cell.find(f"{HP}cellSz")
    return int(size.get("width", "0")) if size is not None else 0
