"""Sheet XML for large plain data sheets, written straight into an xlsxwriter worksheet's row stream.

Why: xlsxwriter spends about 3.5 µs a cell in its generic per-cell machinery (dimension checks, a
cell tuple, attribute lists, an f-string per attribute); the XML itself is a fraction of that. Here a
chunk of rows is turned into ``<row>`` XML column by column, with the style index and the cell
reference prefix worked out once per column, and written into the worksheet's constant_memory
temporary file, the very place xlsxwriter's own row loop writes to. Everything else about the sheet
(header row, frozen pane, autofilter, column widths, print setup, styles.xml, the zip) stays
xlsxwriter's, so a sheet written this way is byte-for-byte the same kind of sheet as before.

It relies on four xlsxwriter internals, checked by tests/unit/test_xlsx_fast.py against the pinned
version: ``Worksheet.row_data_fh`` (the constant_memory row file), ``Worksheet.previous_row`` with
``_write_single_row`` (flushing the row in progress) ``Format._get_xf_index`` (the style index) and ``utility._datetime_to_excel_datetime`` (dates before 1900-03-01).

Cells are written the way xlsxwriter writes them in constant_memory mode: text as inline strings
(control characters as ``_xHHHH_``, leading/trailing blanks preserved, cut at 32,767 characters),
numbers with 16 significant digits, dates and times as Excel serial numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from zipfile import ZipFile

import xlsxwriter.workbook
from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name

CHUNK_ROWS = 5000
MAX_STRING = 32767
EPOCH = dt.datetime(1899, 12, 30)  # Excel's serial 0 for every date after 1900-02-28 (its 1900 leap-year bug)
FIRST_PLAIN = dt.datetime(1900, 3, 1)
ONE_DAY = dt.timedelta(days=1)
# Anything that needs more than "put the text between <t> and </t>": XML specials, control characters
# (and text that already looks like their escape), non-characters, leading or trailing blanks.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
# The same test over a whole column joined with NUL (a NUL inside a cell is itself special).
_SPECIAL_JOINED = re.compile(r"[&<>\x01-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|(?:^|\x00)\s|\s(?:\x00|$)")
_CONTROL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def _text_cell(ref: str, style: str, text: str) -> str:
    """One inline-string cell; the slow path only for text with something to escape."""
    if len(text) > MAX_STRING // 2 and len(text.encode("utf-16-le")) // 2 > MAX_STRING:
        text = text.encode("utf-16-le")[: MAX_STRING * 2].decode("utf-16-le", "ignore")
    if _SPECIAL.search(text) is None:
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
    text = _CONTROL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _serial(value: dt.datetime | dt.date, date_only: bool) -> str:
    """Excel's serial number of a date or a time (xlsxwriter's own formula before 1900-03-01)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    elif date_only:
        value = dt.datetime(value.year, value.month, value.day)
    elif value.tzinfo is not None:
        raise TypeError("시간대가 붙은 시각은 엑셀에 쓸 수 없습니다.")  # as xlsxwriter without remove_timezone
    if value < FIRST_PLAIN:
        return f"{_datetime_to_excel_datetime(value, False, False):.16G}"
    delta = value - EPOCH
    if date_only or not (delta.seconds or delta.microseconds):
        return str(delta.days)
    return f"{delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400:.16G}"


def _number(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        raise TypeError("NAN/INF not supported in write_number()")  # xlsxwriter's own refusal
    return f"{value:.16G}"


def _other_cell(ref: str, style: str, value: Any, date_only: bool) -> str:
    """The rare kinds: yes/no, Decimal, dates, numpy or pandas scalars, anything else as its text."""
    if value is True or value is False:
        return _text_cell(ref, style, "예" if value else "아니오")
    if isinstance(value, (dt.datetime, dt.date)):
        return f'<c r="{ref}"{style}><v>{_serial(value, date_only)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{style}><v>{_number(float(value))}</v></c>'
    if hasattr(value, "item") and isinstance(value.item(), (int, float, bool)):  # a numpy scalar
        return _other_cell(ref, style, value.item(), date_only)
    return _text_cell(ref, style, str(value))


def column_cells(
    letter: str, values: Sequence[Any], first_row: int, styles: Sequence[str], date_only: bool, blank_styled: Sequence[bool]
) -> list[str]:
    """The ``<c>`` XML of one column over a chunk of rows ("" for a blank cell that needs no style).

    *first_row* is the 1-based Excel row of ``values[0]``; *styles* holds each row's `` s="N"``
    attribute and *blank_styled* whether a blank in that row is still written (it carries a fill).
    """
    if values and len(set(styles)) == 1 and len(set(blank_styled)) == 1:
        fast = _uniform_column(letter, values, first_row, styles[0], date_only, blank_styled[0])
        if fast is not None:
            return fast
    out: list[str] = []
    append = out.append
    r = first_row
    for value, style in zip(values, styles, strict=True):
        kind = type(value)
        if kind is str:
            if _SPECIAL.search(value) is None and len(value) <= MAX_STRING // 2:
                append(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                append(_text_cell(f"{letter}{r}", style, value))
        elif kind is int:
            append(f'<c r="{letter}{r}"{style}><v>{value}</v></c>')
        elif kind is float:
            append(f'<c r="{letter}{r}"{style}><v>{_number(value)}</v></c>')
        elif value is None:
            append(f'<c r="{letter}{r}"{style}/>' if blank_styled[r - first_row] else "")
        elif kind is dt.datetime and not date_only:
            append(f'<c r="{letter}{r}"{style}><v>{_serial(value, False)}</v></c>')
        else:
            append(_other_cell(f"{letter}{r}", style, value, date_only))
        r += 1
    return out


def _uniform_column(
    letter: str, values: Sequence[Any], first_row: int, style: str, date_only: bool, keep_blanks: bool
) -> list[str] | None:
    """A column of one plain kind (text, int, float or datetime, blanks allowed), one style: one
    comprehension, no per-cell branching. None when the column needs the general path."""
    kinds = set(map(type, values))
    blank = f'<c r="{letter}{{}}"{style}/>' if keep_blanks else ""
    has_blanks = type(None) in kinds
    kinds.discard(type(None))
    if len(kinds) != 1:
        return None
    (kind,) = kinds
    rows = range(first_row, first_row + len(values))
    present = [v for v in values if v is not None] if has_blanks else values
    if kind is int:
        cells = [
            f'<c r="{letter}{r}"{style}><v>{v}</v></c>' if v is not None else blank.format(r)
            for r, v in zip(rows, values, strict=True)
        ]
    elif kind is float:
        if not all(map(math.isfinite, present)):
            return None
        cells = [
            f'<c r="{letter}{r}"{style}><v>{v:.16G}</v></c>' if v is not None else blank.format(r)
            for r, v in zip(rows, values, strict=True)
        ]
    elif kind is str:
        joined = "\x00".join(present)
        if max(map(len, present)) > MAX_STRING // 2 or joined.count("\x00") >= len(present) or _SPECIAL_JOINED.search(joined):
            return None
        cells = [
            f'<c r="{letter}{r}"{style} t="inlineStr"><is><t>{v}</t></is></c>' if v is not None else blank.format(r)
            for r, v in zip(rows, values, strict=True)
        ]
    elif kind is dt.datetime:
        if any(v.tzinfo is not None for v in present) or min(present) < FIRST_PLAIN:
            return None
        if date_only:
            cells = [
                f'<c r="{letter}{r}"{style}><v>{(v - EPOCH).days}</v></c>' if v is not None else blank.format(r)
                for r, v in zip(rows, values, strict=True)
            ]
        else:
            cells = [
                f'<c r="{letter}{r}"{style}><v>{(v - EPOCH) / ONE_DAY:.16G}</v></c>' if v is not None else blank.format(r)
                for r, v in zip(rows, values, strict=True)
            ]
    else:
        return None
    return cells


def write_rows(
    ws: Any,
    columns: Sequence[Sequence[Any]],
    formats: Sequence[Sequence[Any]],
    date_only: Sequence[bool],
    blank_styled: Sequence[bool],
    first_row: int = 1,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write ``len(columns[0])`` rows from 0-based row *first_row* on into constant_memory worksheet *ws*.

    *columns* are the sheet's columns (lists of Python values, None for blank); *formats[i][c]* is
    the xlsxwriter Format of row i, column c (rows differ when a row is highlighted); *date_only[c]*
    writes a datetime in that column as its date; *blank_styled[i]* keeps row i's blank cells (with
    their format: a highlighted row's fill runs through its empty cells). Rows already started through xlsxwriter are
    flushed first; afterwards xlsxwriter carries on after the last row written here.
    """
    if not getattr(ws, "constant_memory", False) or ws.row_data_fh is None:
        raise ValueError("xlsx_fast.write_rows needs a worksheet of a constant_memory workbook")
    n = len(columns[0]) if columns else 0
    if n == 0:
        return
    if first_row < ws.previous_row:
        raise ValueError(f"row {first_row} is before rows already written ({ws.previous_row})")
    ws._write_single_row(first_row)  # flush the row in progress (the header), as xlsxwriter would
    ncols = len(columns)
    letters = [xl_col_to_name(c) for c in range(ncols)]
    attr_cache: dict[int, str] = {}

    def attr(fmt: Any) -> str:
        key = id(fmt)
        if key not in attr_cache:
            attr_cache[key] = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
        return attr_cache[key]

    # A row's formats are usually one of a handful of tuples (one per highlight fill): resolve each once.
    row_attrs_cache: dict[int, list[str]] = {}
    row_styles: list[list[str]] = []
    for fmts in formats:
        key = id(fmts)
        if key not in row_attrs_cache:
            row_attrs_cache[key] = [attr(f) for f in fmts]
        row_styles.append(row_attrs_cache[key])
    fh = ws.row_data_fh
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        excel_first = first_row + start + 1
        chunk_styles = row_styles[start:stop]
        chunk_blank = blank_styled[start:stop]
        cells = [
            column_cells(
                letters[c],
                columns[c][start:stop],
                excel_first,
                [s[c] for s in chunk_styles],
                date_only[c],
                chunk_blank,
            )
            for c in range(ncols)
        ]
        fh.write("".join(f'<row r="{excel_first + i}">{"".join(row)}</row>' for i, row in enumerate(zip(*cells, strict=True))))
        if progress is not None:
            progress(stop)
    last = first_row + n - 1
    ws._check_dimensions(last, ncols - 1)
    ws._check_dimensions(first_row, 0)
    ws.previous_row = last + 1


ZIP_LEVEL = 1  # deflate level of the .xlsx zip: 5x faster than zlib's default 6 for a 28% larger file


class _QuickZipFile(ZipFile):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compresslevel", ZIP_LEVEL)
        super().__init__(*args, **kwargs)


class Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """xlsxwriter's Workbook, zipped at deflate level 1 (measured: level 6 was a fifth of a 100,000-row write).

    xlsxwriter has no option for the level: its ``_store_workbook`` opens ``ZipFile`` by the name it
    imported, so that name is pointed at a subclass for the length of the call (and put back after).
    """

    def _store_workbook(self) -> None:
        module = xlsxwriter.workbook
        saved = module.ZipFile
        module.ZipFile = _QuickZipFile
        try:
            super()._store_workbook()
        finally:
            module.ZipFile = saved
