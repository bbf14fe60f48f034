"""The result workbook: 요약 first, the task's tables, 오류행, then 실행정보. Written atomically.

xlsxwriter in ``constant_memory`` mode (never through pandas, which writes column-wise and silently
loses data). The rows of a table sheet go through core/xlsx_fast.py, which writes their XML straight
into xlsxwriter's row stream (3-5× faster than xlsxwriter's per-cell calls, issue 19's comparison in
benchmarks/writers.py); a sheet with link columns keeps xlsxwriter's own loop (write_url needs its
hyperlink relations). 요약 and 실행정보 are small and richly formatted: plain xlsxwriter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from core.errors import RunFailed
from core.filemode import make_shareable
from core.masking import mask_text, mask_texts, mask_url
from core.procs import remove_dead_writers_temporaries
from core.result import (
    DATE,
    DATETIME,
    DECIMAL,
    ERROR,
    FINDING,
    HOURS,
    INT,
    MONEY,
    NOTE,
    OK,
    TEXT,
    WARNING,
    Result,
    ResultTable,
)
from core.xlsx_fast import Workbook, write_rows

FILLS = {FINDING: "#FDE2E1", WARNING: "#FFF4CC", OK: "#E6F4EA", ERROR: "#F3E5F5", NOTE: "#E8F0FE"}
NUM_FORMATS = {
    MONEY: "#,##0",
    INT: "#,##0",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    DECIMAL: "#,##0.##",
    HOURS: "#,##0.##",
    TEXT: "@",
}
HEADER_FILL = "#DCE6F1"
FONT = "맑은 고딕"
MAX_WIDTH = 60


@dataclass
class InfoRow:
    label: str
    value: Any
    note: str = ""
    # A digest written as is: a SHA-256's digit runs can look like a phone or 주민등록번호 to the masker.
    exact: bool = False


def display_width(text: str) -> int:
    """Wide (Hangul, CJK) characters take two columns in Excel's default font."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _native(series: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(series):
        if series.dt.tz is not None:
            return [None if pd.isna(v) else v.to_pydatetime() for v in series]
        # One vectorised conversion (datetime64 -> datetime.datetime); NaT becomes None.
        values: list[Any] = series.dt.to_pydatetime().tolist()
        if series.hasnans:
            return [None if m else v for v, m in zip(values, series.isna().tolist(), strict=True)]
        return values
    values = list(series.astype(object).tolist())
    if not series.hasnans:  # no None/NaN/NA/NaT anywhere: nothing to replace, no per-cell check
        return values
    return [None if (v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)) else v for v in values]


class _Book:
    def __init__(self, path: Path, fast: bool = True):
        self.fast = fast  # False: xlsxwriter's per-cell calls for every sheet (the benchmark's baseline)
        self.wb = (Workbook if fast else xlsxwriter.Workbook)(
            str(path),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self._formats: dict[tuple[str, str, bool], Any] = {}

    def fmt(self, kind: str = TEXT, fill: str = "", bold: bool = False) -> Any:
        key = (kind, fill, bold)
        if key not in self._formats:
            props: dict[str, Any] = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
            if kind in NUM_FORMATS and kind != TEXT:
                props["num_format"] = NUM_FORMATS[kind]
            if fill:
                props["bg_color"] = FILLS.get(fill, fill)
            if bold:
                props["bold"] = True
            if kind == "header":
                props.update(bold=True, bg_color=HEADER_FILL, border=1, align="center", text_wrap=True)
            if kind == "title":
                props.update(bold=True, font_size=14)
            if kind == "link":
                props.update(font_color="#1155CC", underline=1)
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    def write_cell(self, ws: Any, r: int, c: int, value: Any, kind: str, fill: str) -> None:
        fmt = self.fmt(kind, fill)
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(r, c, "예" if value else "아니오", fmt)
        elif isinstance(value, (dt.datetime, dt.date)):
            if isinstance(value, dt.datetime) and kind == DATE:
                value = value.date()
            ws.write_datetime(
                r, c, value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day), fmt
            )
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(r, c, value, fmt)
        elif isinstance(value, Decimal):
            ws.write_number(r, c, float(value), fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

    def table(self, rt: ResultTable, progress: Callable[[int], None] | None = None) -> None:
        ws = self.wb.add_worksheet(rt.name[:31])
        columns = list(rt.df.columns)
        kinds = [rt.formats.get(c, TEXT) for c in columns]
        native = [_native(rt.df[c]) for c in columns]
        fills: list[str] = [""] * len(rt.df)
        if rt.highlight_by and rt.highlight_by in rt.df.columns:
            fills = [rt.highlight.get(str(v), "") for v in rt.df[rt.highlight_by].astype(object).tolist()]
        link_cols = {columns.index(c) for c in rt.links if c in columns}
        native = [_masked(values, c in link_cols) for c, values in enumerate(native)]
        for c, name in enumerate(columns):
            ws.write_string(0, c, mask_text(str(name)), self.fmt("header"))
        # The hot loop: formats resolved once per fill, xlsxwriter's typed methods called directly
        # (its generic write() dispatch and our own per-cell checks cost more than the XML itself).
        formats = {fill: [self.fmt(kind, fill) for kind in kinds] for fill in set(fills)}
        if self.fast and not link_cols:
            write_rows(
                ws,
                native,
                [formats[fill] for fill in fills],
                [kind == DATE for kind in kinds],
                [bool(fill) for fill in fills],
                progress=progress,
            )
        else:
            self._rows(ws, native, kinds, fills, formats, link_cols, progress)
        _fit_widths(ws, columns, native, kinds)
        ws.freeze_panes(1, 0)
        if columns:
            ws.autofilter(0, 0, max(len(rt.df), 1), len(columns) - 1)
        _print_setup(ws, landscape=len(columns) > 6)
        ws.repeat_rows(0)

    def _rows(
        self,
        ws: Any,
        native: list[list[Any]],
        kinds: list[str],
        fills: list[str],
        formats: dict[str, list[Any]],
        link_cols: set[int],
        progress: Callable[[int], None] | None,
    ) -> None:
        """xlsxwriter's own per-cell calls: sheets with links, and the baseline the benchmark compares with."""
        write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
        for i, row in enumerate(zip(*native, strict=True) if native else []):
            r = i + 1
            fill = fills[i]
            fmts = formats[fill]
            for c, value in enumerate(row):
                kind = type(value)
                if kind is str:
                    if c in link_cols and value.startswith(("http://", "https://")):
                        ws.write_url(r, c, value, self.fmt("link", fill), string=value[:255])
                    else:
                        write_string(r, c, value, fmts[c])
                elif kind is int or kind is float:
                    write_number(r, c, value, fmts[c])
                elif value is None:
                    if fill:
                        ws.write_blank(r, c, None, fmts[c])
                elif kind is dt.datetime and kinds[c] != DATE:
                    write_datetime(r, c, value, fmts[c])
                else:
                    self.write_cell(ws, r, c, value, kinds[c], fill)
            if progress and i % 10000 == 0:
                progress(i)

    def key_values(self, name: str, title: str, rows: Sequence[InfoRow], fills: Sequence[str] = ()) -> None:
        ws = self.wb.add_worksheet(name)
        ws.write_string(0, 0, mask_text(title), self.fmt("title"))
        rows = [_masked_info(item) for item in rows]
        ws.set_row(0, 24)
        for i, item in enumerate(rows):
            fill = fills[i] if i < len(fills) else ""
            r = i + 2
            if item.label.startswith("■"):
                ws.write_string(r, 0, item.label, self.fmt(TEXT, fill, bold=True))
                if item.value not in (None, ""):
                    self.write_cell(ws, r, 1, item.value, TEXT, fill)
                continue
            ws.write_string(r, 0, item.label, self.fmt(TEXT, fill, bold=True))
            kind = MONEY if isinstance(item.value, (int, Decimal)) and not isinstance(item.value, bool) else TEXT
            self.write_cell(ws, r, 1, item.value, kind, fill)
            if item.note:  # constant_memory: a row must be finished before the next one starts
                ws.write_string(r, 2, item.note, self.fmt(TEXT))
        ws.set_column(0, 0, min(MAX_WIDTH, max([display_width(x.label) for x in rows] + [12]) + 2))
        # Long sentences (warnings) may run over into the empty cells beside them; size B for the figures.
        short = [
            display_width(f"{x.value:,}" if isinstance(x.value, int) else str(x.value))
            for x in rows
            if not isinstance(x.value, str) or display_width(x.value) <= 40
        ]
        ws.set_column(1, 1, min(MAX_WIDTH, max([*short, 12]) + 2))
        notes = [x.note for x in rows if x.note]
        if notes:
            ws.set_column(2, 2, min(MAX_WIDTH, max(display_width(n) for n in notes) + 2))
        _print_setup(ws, landscape=False)

    def close(self) -> None:
        self.wb.close()


def _masked(values: list[Any], link: bool) -> list[Any]:
    """Text cells through the one masking function; numbers, dates and blanks as they are.

    A name, an address or the 오류행 sheet's raw value may hold a 주민등록번호 or a mobile number the
    reader found in the wrong column. A link keeps its digits (an id in a URL is not a person) but
    never a ``user:password@``.
    """
    if link:
        return [mask_url(v) if type(v) is str else v for v in values]
    return mask_texts(values)


def _masked_info(item: InfoRow) -> InfoRow:
    """요약 and 실행정보 rows: the labels and texts masked (a header-less file's '열 연결' lists a data row)."""
    value = mask_text(item.value) if isinstance(item.value, str) and not item.exact else item.value
    return InfoRow(mask_text(item.label), value, mask_text(item.note), item.exact)


def _print_setup(ws: Any, landscape: bool) -> None:
    """Clerks print results: A4, one page wide, header row repeated on every page."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C&P / &N")


def _fit_widths(ws: Any, columns: list[str], native: list[list[Any]], kinds: list[str]) -> None:
    for c, name in enumerate(columns):
        width = display_width(name) + 2
        for value in native[c][:2000]:
            if value is None:
                continue
            if kinds[c] == DATE:
                text = "2026-03-02"
            elif kinds[c] == DATETIME:
                text = "2026-03-02 18:30"
            elif kinds[c] in (MONEY, INT) and isinstance(value, (int, float, Decimal)):
                text = f"{value:,.0f}"
            else:
                text = str(value)
            width = max(width, display_width(text) + 2)
        ws.set_column(c, c, min(MAX_WIDTH, max(width, 6)))


def summary_rows(result: Result, table_counts: Iterable[tuple[str, int]]) -> tuple[list[InfoRow], list[str]]:
    rows, fills = [], []
    for item in result.summary:
        rows.append(InfoRow(item.label, item.value, item.note))
        fills.append(item.kind if item.kind in FILLS else "")
    if result.rule_summary:
        rows.append(InfoRow("■ 규칙별 찾은 건", ""))
        fills.append("")
        for item in result.rule_summary:
            rows.append(InfoRow(item.label, item.value, item.note))
            fills.append(item.kind if item.kind in FILLS else "")
    if result.warnings:
        rows.append(InfoRow("■ 주의", ""))
        fills.append(WARNING)
        for text in result.warnings:
            rows.append(InfoRow("  ·", text))
            fills.append(WARNING)
    rows.append(InfoRow("■ 시트별 행 수", ""))
    fills.append("")
    for name, count in table_counts:
        rows.append(InfoRow(f"  {name}", count))
        fills.append("")
    return rows, fills


MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows less the header


def split_rows(table: ResultTable, limit: int = MAX_DATA_ROWS) -> list[ResultTable]:
    """A table longer than a sheet holds, as the named sheet plus '이름(2)', '이름(3)', … (a year's audit
    has 1.2 million person-days; xlsxwriter would silently drop every row past the limit)."""
    if len(table.df) <= limit:
        return [table]
    parts = []
    for k, start in enumerate(range(0, len(table.df), limit), start=1):
        name = table.name if k == 1 else f"{table.name[:27]}({k})"
        parts.append(dataclasses.replace(table, name=name, df=table.df.iloc[start : start + limit]))
    return parts


TMP_SUFFIX = ".tmp.xlsx"


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Temporary workbooks left beside *path* by a writer that was killed (its pid is in the name)."""
    return remove_dead_writers_temporaries(path, TMP_SUFFIX)


def write_workbook(
    path: Path,
    result: Result,
    *,
    error_table: ResultTable | None,
    info: Sequence[InfoRow],
    progress: Callable[[str], None] | None = None,
    before_commit: Callable[[], None] | None = None,
) -> Path:
    """Write to a temporary file beside *path*, then rename: a crash never leaves a broken workbook.

    *before_commit* runs just before the rename (the runner's last cancel check): whatever it
    raises discards the temporary file, and nothing reaches *path*.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunFailed(f"결과 폴더를 만들 수 없습니다: {path.parent} ({exc.strerror})") from None
    remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        book = _Book(tmp)
        tables = [part for table in (*result.tables, *result.rule_tables) for part in split_rows(table)]
        counts = [(t.name, len(t.df)) for t in tables]
        if error_table is not None:
            counts.append((error_table.name, len(error_table.df)))
        if result.rule_table is not None:
            counts.append((result.rule_table.name, len(result.rule_table.df)))
        rows, fills = summary_rows(result, counts)
        book.key_values("요약", result.headline or "요약", rows, fills)
        for table in tables:
            if progress:
                progress(f"'{table.name}' 시트 쓰는 중")
            book.table(table)
        if error_table is not None:
            book.table(error_table)
        if result.rule_table is not None:  # the 규칙표: what was checked, beside the run's other audit facts
            book.table(result.rule_table)
        book.key_values("실행정보", "실행정보", info)
        book.close()
        if before_commit is not None:
            before_commit()
        make_shareable(tmp)  # mkstemp made it 0600; a result is for colleagues too
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise RunFailed(f"결과 파일 '{path.name}'에 쓸 수 없습니다. 엑셀에서 열려 있다면 닫고 다시 실행하십시오.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
