"""Declared columns found in messy exports: title rows, merged headers, synonyms, total rows.

``read_table`` turns a file into a ``Table``: every data row typed by its declared column, each
with the row number Excel shows, and every unreadable cell as an ``Issue`` naming file, sheet,
row and column. Whether bad rows stop the run or are listed on 오류행 is the task's choice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import columns as C
from core import values as V
from core.errors import InputError, Location
from core.korean import particle
from core.masking import mask_phone, mask_rrn
from core.sources import HEAD_ROWS, TRIM_ROWS, RawSheet, fill_merged, fill_merged_data, give_back_memory, load_sheets, python_work
from core.spec import Column, ColumnType, TableInput

_STRIP = re.compile(r"[\s\u00a0\u3000*※·:：.'\"_\-/]")
_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]|<.*?>|（.*?）")
_TOTAL = re.compile(r"^(총?합계|총계|소계|누계|합|계|total|subtotal)(\(.*\))?$", re.IGNORECASE)


def norm_header(text: Any) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFC", V.clean_text(text))).lower()


def norm_header_loose(text: Any) -> str:
    return norm_header(_BRACKETS.sub("", V.clean_text(text)))


@dataclass(frozen=True)
class Issue:
    """One unreadable cell or row."""

    file: str
    sheet: str | None
    row: int
    column: str
    column_index: int | None
    value: str
    reason: str

    def location(self) -> Location:
        return Location(self.file, self.sheet, self.row, self.column, self.column_index)

    def message(self) -> str:
        shown = f" (값: '{self.value}')" if self.value else ""
        return f"{self.location().describe()}: {self.reason}{shown}"


@dataclass
class HeaderMatch:
    row: int  # 0-based grid index of the (lowest) header row
    columns: dict[str, int]  # canonical name -> 0-based column index
    labels: dict[int, str]  # column index -> header label as shown
    score: int
    missing: list[str]


@dataclass
class Table:
    """A read input. ``df`` holds every data row, typed; ``_row`` is the Excel row, ``_ok`` False for bad rows."""

    name: str
    spec: TableInput
    file: Path
    sheet: str | None
    df: pd.DataFrame
    issues: list[Issue]
    header_row: int  # 1-based, as Excel shows it
    columns: dict[str, str]  # canonical -> source header label
    skipped_rows: dict[str, int] = field(default_factory=dict)  # reason -> count
    sha256: str = ""
    encoding: str | None = None
    column_index: dict[str, int] = field(default_factory=dict)  # canonical -> 0-based source column
    # For a multiple input (core/table_set.py): the tables of its files, in the order concatenated.
    parts: tuple[Table, ...] = ()

    def issue(self, row: int, column: str, value: object, reason: str) -> Issue:
        """An issue for a task-level check on one cell of this table."""
        return Issue(str(self.file), self.sheet, int(row), column, self.column_index.get(column), V.clean_text(value), reason)

    def valid(self) -> pd.DataFrame:
        return self.df[self.df["_ok"]]

    @property
    def bad_count(self) -> int:
        return int((~self.df["_ok"]).sum())

    def has(self, column: str) -> bool:
        return column in self.columns

    def where(self) -> str:
        return Location(str(self.file), self.sheet).describe()


# ----------------------------------------------------------------------------- header detection
def _names(col: Column) -> tuple[set[str], set[str]]:
    exact = {norm_header(n) for n in col.all_names}
    return exact, exact | {norm_header_loose(n) for n in col.all_names}


def _candidate_labels(head: list[list[Any]], r: int, c: int) -> list[str]:
    row = head[r]
    child = V.clean_text(row[c]) if c < len(row) else ""
    parent = ""
    if r > 0:
        above = head[r - 1]
        parent = V.clean_text(above[c]) if c < len(above) else ""
        if not parent and child:
            # A horizontally merged group header written only in its first cell (CSV, xls).
            for k in range(min(c, len(above)) - 1, -1, -1):
                if V.clean_text(above[k]):
                    if V.clean_text(row[k]) if k < len(row) else "":
                        parent = V.clean_text(above[k])
                    break
    if child:
        labels = [child]
        if parent and parent != child:
            labels.append(parent + child)
        return labels
    return [parent] if parent else []


def _match_row(head: list[list[Any]], r: int, spec: TableInput, overrides: Mapping[str, str]) -> HeaderMatch:
    width = max((len(x) for x in head[max(0, r - 1) : r + 1]), default=0)
    labels: dict[int, list[str]] = {c: _candidate_labels(head, r, c) for c in range(width)}
    shown = {c: (ls[0] if ls else "") for c, ls in labels.items()}
    taken: set[int] = set()
    columns: dict[str, int] = {}
    score = 0
    for col in spec.columns:
        if col.name in overrides:
            wanted = norm_header(overrides[col.name])
            hits = [c for c, ls in labels.items() if any(norm_header(lb) == wanted for lb in ls) and c not in taken]
        else:
            exact, loose = _names(col)
            hits = [c for c, ls in labels.items() if c not in taken and any(norm_header(lb) in exact for lb in ls)]
            if not hits:
                hits = [c for c, ls in labels.items() if c not in taken and any(norm_header_loose(lb) in loose for lb in ls)]
            # Prefer the column that carries the canonical name itself.
            canonical = norm_header(col.name)
            hits.sort(key=lambda c: (not any(norm_header(lb) == canonical for lb in labels[c]), c))
        if hits:
            columns[col.name] = hits[0]
            taken.add(hits[0])
            score += 2 if col.required else 1
    missing = [c.name for c in spec.columns if c.required and c.name not in columns]
    return HeaderMatch(r, columns, shown, score, missing)


def find_header(sheet: RawSheet, spec: TableInput, overrides: Mapping[str, str] | None = None) -> HeaderMatch:
    head = fill_merged(sheet.rows, sheet.merged, HEAD_ROWS)
    best: HeaderMatch | None = None
    for r in range(len(head)):
        if not any(V.clean_text(v) for v in head[r]):
            continue
        match = _match_row(head, r, spec, overrides or {})
        if best is None or match.score > best.score:
            best = match
    if best is None:
        return HeaderMatch(0, {}, {}, 0, [c.name for c in spec.columns if c.required])
    return best


def missing_columns_error(sheet: RawSheet, match: HeaderMatch, spec: TableInput) -> InputError:
    name = match.missing[0]
    col = spec.column(name)
    others = ", ".join(f"'{s}'" for s in col.synonyms[:4])
    found = [lb for lb in match.labels.values() if lb]
    more = f" 이 열은 {others} 같은 이름으로도 찾습니다." if others else ""
    listed = ", ".join(found[:30]) if found else "(없음)"
    missing = ", ".join(f"'{m}'" for m in match.missing)
    loc = sheet.location(row=match.row + 1 if match.score else None)
    return InputError(
        f"필수 열 {missing}{particle(match.missing[-1], '을/를')} 찾을 수 없습니다.{more} 찾은 열: {listed}",
        loc,
        "열 이름을 고치거나, 화면의 '열 연결' 단계에서 어느 열인지 골라 주십시오.",
    )


# ----------------------------------------------------------------------------- typed parsing
PARSERS: dict[ColumnType, Callable[[Any], Any]] = {
    ColumnType.TEXT: V.parse_text,
    ColumnType.CODE: V.parse_code,
    ColumnType.INTEGER: V.parse_integer,
    ColumnType.MONEY: V.parse_money,
    ColumnType.NUMBER: V.parse_decimal,
    ColumnType.HOURS: V.parse_hours,
    ColumnType.DATE: V.parse_table_date,
    ColumnType.TIME: V.parse_time,
    ColumnType.DATETIME: V.parse_datetime,
    ColumnType.MONTH: V.parse_month,
    ColumnType.PHONE: V.parse_phone,
    ColumnType.RRN: V.parse_rrn,
}


def _choice_parser(col: Column) -> Callable[[Any], str]:
    table = {norm_header(k): v for k, v in (col.choices or {}).items()}
    allowed = ", ".join(dict.fromkeys((col.choices or {}).values()))

    def parse(value: Any) -> str:
        text = V.clean_text(value)
        if not text:
            raise ValueError("값이 비어 있습니다")
        hit = table.get(norm_header(text))
        if hit is None:
            raise ValueError(f"허용되는 값이 아닙니다 (허용: {allowed})")
        return hit

    return parse


def _is_total_row(cells: list[Any]) -> bool:
    """The first text cell reads 합계, 총계, 소계, 계 … (cheap pre-check: most rows never get to the regex)."""
    for value in cells:
        if isinstance(value, str) and value.strip():
            if len(value) > 20 or not ("계" in value or "합" in value or "otal" in value or "OTAL" in value):
                return False
            return bool(_TOTAL.match(norm_header(value)))
    return False


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pick_sheet(
    sheets: list[RawSheet], spec: TableInput, sheet_name: str | None, overrides: Mapping[str, str] | None
) -> tuple[RawSheet, HeaderMatch]:
    if sheet_name:
        chosen = [s for s in sheets if s.sheet == sheet_name]
        if not chosen:
            names = ", ".join(f"'{s.sheet}'" for s in sheets)
            raise InputError(
                f"시트 '{sheet_name}'{particle(sheet_name, '이/가')} 없습니다. 있는 시트: {names}", Location(str(sheets[0].file))
            )
        sheets = chosen
    scored = [(s, find_header(s, spec, overrides)) for s in sheets]
    scored.sort(key=lambda sm: (not sm[1].missing, sm[1].score), reverse=True)
    return scored[0]


def read_table(
    path: Path | str,
    spec: TableInput,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Table:
    """Read one declared input. Raises ``InputError`` when the file or its header cannot be used."""
    path = Path(path)
    with python_work():  # given up while calamine unpacks: see core.sources._GATE
        sheets = load_sheets(path, progress)
        raw, match = pick_sheet(sheets, spec, sheet, mapping)
        del sheets
        if match.missing:
            raise missing_columns_error(raw, match, spec)
        table = build_table(raw, match, spec, path, progress)
    if len(raw.rows) >= TRIM_ROWS:
        del raw
        give_back_memory()
    return table


def build_table(
    raw: RawSheet, match: HeaderMatch, spec: TableInput, path: Path, progress: Callable[[int, int], None] | None = None
) -> Table:
    start = match.row + 1
    if raw.merged:
        fill_merged_data(raw.rows, raw.merged, start)
    found = [(col, match.columns[col.name]) for col in spec.columns if col.name in match.columns]
    header_raw = {V.clean_text(match.labels.get(idx, "")) for _, idx in found} - {""}
    total = max(len(raw.rows) - start, 0)
    steps = len(found) + 2
    if progress:
        progress(0, total)
    # Column at a time (core.columns): every distinct value is looked at once, not every cell.
    coded: dict[int, C.Coded] = {}
    for idx in [i for _, i in found] + [0, 1, 2]:
        if idx not in coded:
            coded[idx] = C.encode(raw.column(idx, start))
    cells = [coded[idx] for _, idx in found]
    filled = np.logical_or.reduce([C.filled(c) for c in cells]) if cells else np.zeros(total, dtype=bool)
    blank = ~filled
    total_row = ~blank & (
        C.first_text_is_total(cells, _is_total_row) | C.first_text_is_total([coded[0], coded[1], coded[2]], _is_total_row)
    )
    hits = np.sum([C.header_hits(c, header_raw) for c in cells], axis=0) if cells else np.zeros(total, dtype="int64")
    repeated = ~blank & ~total_row & (hits * 2 > len(found))  # a page header repeated inside the export
    note = ~blank & ~total_row & ~repeated & _merged_across(raw.merged, [i for _, i in found], start, total)
    skipped = {
        "빈 행": int(blank.sum()),
        "합계 행": int(total_row.sum()),
        "반복 머리글": int(repeated.sum()),
        "병합된 주석 행": int(note.sum()),
    }
    kept = np.flatnonzero(~blank & ~total_row & ~repeated & ~note)
    rows_out = (kept + start + 1).astype("int64")
    if progress:
        progress(total // steps, total)

    issues: list[Issue] = []
    ok = np.ones(len(kept), dtype=bool)
    data: dict[str, pd.Series] = {}
    for step, (col, idx) in enumerate(found, start=2):
        parser = _choice_parser(col) if col.type == ColumnType.CHOICE else PARSERS[col.type]
        parsed = C.parse_uniques(coded[idx], col.type, parser, col.required)
        series, col_ok, reasons = C.to_series(coded[idx], parsed, kept, col.type, col.required)
        data[col.name] = series
        ok &= col_ok
        values = coded[idx].values
        for i in np.flatnonzero(~col_ok):
            issues.append(
                Issue(str(path), raw.sheet, int(rows_out[i]), col.name, idx, _show(values[kept[i]], col.type), reasons[i])
            )
        if progress:
            progress(total * step // steps, total)
    for col in spec.columns:
        if col.name not in data:
            data[col.name] = pd.Series([None] * len(rows_out), dtype="object")
    df = pd.DataFrame(data)
    df["_row"] = pd.Series(rows_out, dtype="int64")
    df["_ok"] = pd.Series(ok, dtype="bool")
    issues.sort(key=lambda it: (it.row, it.column_index or 0))
    return Table(
        name=spec.name,
        spec=spec,
        file=path,
        sheet=raw.sheet,
        df=df,
        issues=issues,
        header_row=match.row + 1,
        columns={name: match.labels.get(idx, "") for name, idx in match.columns.items()},
        skipped_rows={k: v for k, v in skipped.items() if v},
        sha256=sha256_of(path),
        encoding=raw.encoding,
        column_index=dict(match.columns),
    )


def _merged_across(merged: list[Any], columns: list[int], start: int, total: int) -> np.ndarray:
    """Per data row: a merged region spans every found column (a "※ 본 자료는 …" footnote or a
    section title). Such a row is a note, not data: filling it would copy the note into every column."""
    out = np.zeros(total, dtype=bool)
    if len(columns) < 2:
        return out
    first, last = min(columns), max(columns)
    for (r1, c1), (r2, c2) in merged:
        if c1 <= first and c2 >= last and r2 >= start:
            out[max(r1 - start, 0) : max(min(r2 - start + 1, total), 0)] = True
    return out


def _show(value: Any, col_type: ColumnType) -> str:
    """The bad value as it may be shown: personal numbers masked, long text cut."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    text = V.clean_text(value)
    if col_type == ColumnType.RRN:
        return mask_rrn(text)
    if col_type == ColumnType.PHONE:
        return mask_phone(text)
    return text if len(text) <= 40 else text[:37] + "..."
