"""Raw grids from xlsx, xls and CSV files, with a Korean error for every way a file can be unreadable."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import shutil
import struct
import sys
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np

from core.errors import HaengBotError, InputError, Location
from core.input_guard import check_regular_file, max_file_bytes, too_big_hint, too_big_text
from core.xlsx_guard import ExcelError, inspect_zip

T = TypeVar("T")

HEAD_ROWS = 60
MATRIX_ROWS = 1000  # RawSheet.column's one-pass matrix pays from here on
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class RawSheet:
    """A sheet as the clerk sees it: ``rows[0]`` is Excel row 1."""

    file: Path
    sheet: str | None
    rows: Sequence[list[Any]]  # a list, or a GridRows view for a big CSV read column-wise
    merged: list[Merged] = field(default_factory=list)
    encoding: str | None = None
    # Every row's cells column by column (object arrays), when the file was read that way (CSV).
    grid: list[np.ndarray] | None = None
    _matrix: np.ndarray | None = field(default=None, repr=False, compare=False)

    def column(self, index: int, start: int) -> np.ndarray:
        """The cells of column *index* (0-based) from grid row *start* on; a short row gives None.

        Rows of one width (calamine's ``to_python`` gives a rectangle) become one object matrix on the
        first call, in a single C pass: 2.5× faster than one Python loop over the rows per column
        (issue 19). Build it only once the rows are final (after ``fill_merged_data``).
        """
        if self.grid is None:
            matrix = self._as_matrix()
            if matrix is not None:
                if index < matrix.shape[1]:
                    return matrix[start:, index]
                return np.full(max(len(self.rows) - start, 0), None, dtype=object)
            out = np.empty(max(len(self.rows) - start, 0), dtype=object)
            out[:] = [row[index] if index < len(row) else None for row in self.rows[start:]]
            return out
        if index < len(self.grid):
            return self.grid[index][start:]
        return np.full(max(len(self.rows) - start, 0), None, dtype=object)

    def location(self, row: int | None = None, column: str | None = None, column_index: int | None = None) -> Location:
        return Location(str(self.file), self.sheet, row, column, column_index)

    def _as_matrix(self) -> np.ndarray | None:
        """Every row as one (rows × width) object array, or None when the rows are ragged."""
        if isinstance(self.rows, MatrixRows):
            return self.rows.matrix
        if self._matrix is None and isinstance(self.rows, list) and len(self.rows) >= MATRIX_ROWS:
            width = len(self.rows[0])
            if width and all(len(row) == width for row in self.rows):
                matrix = np.empty((len(self.rows), width), dtype=object)
                matrix[:] = self.rows  # never np.array(rows): a cell holding a sequence would grow a dimension
                self._matrix = matrix
        return self._matrix

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows[:HEAD_ROWS]), default=0)


def _read_bytes(path: Path) -> bytes:
    loc = Location(str(path))
    limit = max_file_bytes()
    check_regular_file(path, limit)  # a FIFO or device never reaches open(); size capped by settings
    try:
        data = _read_capped(path, limit)
    except PermissionError:
        # Another program (usually Excel) holds the file. Try a copy before giving up.
        try:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / path.name
                shutil.copyfile(path, copy)
                data = _read_capped(copy, limit)
        except OSError:
            raise InputError(
                "다른 프로그램(엑셀 등)이 파일을 사용 중이어서 읽을 수 없습니다.",
                loc,
                "엑셀에서 파일을 닫은 뒤 다시 시도하십시오.",
            ) from None
    except OSError as exc:
        raise InputError(f"파일을 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", loc) from None
    if len(data) > limit:  # it grew after stat, or stat lied (/proc and friends)
        raise InputError(too_big_text(len(data), limit), loc, too_big_hint())
    return data


def _read_capped(path: Path, limit: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def load_sheets(path: Path, progress: Callable[[int, int], None] | None = None) -> list[RawSheet]:
    """Every sheet of a workbook, or the one grid of a CSV file.

    *progress* (done, total) is called with (0, 0) about four times a second while a big workbook
    is being unpacked: an indeterminate beat that is also the caller's cancellation point.
    """
    path = Path(path)
    data = _read_bytes(path)
    loc = Location(str(path))
    if not data.strip():
        raise InputError("파일이 비어 있습니다.", loc)
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise InputError(
            "암호가 걸린 엑셀 파일입니다.",
            loc,
            "엑셀에서 파일을 열어 [파일 > 정보 > 통합 문서 보호 > 암호 설정]에서 암호를 지우고 저장한 뒤 다시 선택하십시오.",
        )
    head = data[:2048].lstrip().lower()
    if suffix in EXCEL_SUFFIXES and (head.startswith(b"<") and (b"<html" in head or b"<table" in head or b"<!doctype" in head)):
        raise InputError(
            "확장자는 엑셀이지만 실제로는 웹 페이지(HTML) 형식입니다.",
            loc,
            "엑셀에서 열어 [다른 이름으로 저장 > Excel 통합 문서(*.xlsx)]로 저장한 뒤 그 파일을 선택하십시오.",
        )
    if suffix in CSV_SUFFIXES or (suffix not in EXCEL_SUFFIXES and not data.startswith((ZIP_MAGIC, OLE_MAGIC))):
        return [_csv_sheet(path, data)]
    return _excel_sheets(path, data, progress)


BEAT_S = 0.25


# Two inputs read side by side (core/prepare.py) take turns at the work that needs the GIL and makes
# Python objects (reading the zip, to_python, typing the columns): a thread holds the gate for all
# of its reading except calamine's unpacking, the one step that runs without the GIL. So one
# input unpacks while the other is typed, and only one input's million Python rows exist at a time
# (without the gate 2.6 GB at a million rows a side, with it 2.3 GB: hence the size cap in core/prepare.py).
_GATE = threading.Lock()
_HOLDS = threading.local()


@contextmanager
def python_work() -> Iterator[None]:
    """Hold the gate for the reading done in Python (re-entrant within a thread)."""
    if getattr(_HOLDS, "gate", False):
        yield
        return
    _GATE.acquire()
    _HOLDS.gate = True
    try:
        yield
    finally:
        _HOLDS.gate = False
        _GATE.release()


@contextmanager
def _gil_free() -> Iterator[None]:
    """Give the gate up (when held) while calamine unpacks a sheet, and take it back after."""
    held = getattr(_HOLDS, "gate", False)
    if held:
        _HOLDS.gate = False
        _GATE.release()
    try:
        yield
    finally:
        if held:
            _GATE.acquire()
            _HOLDS.gate = True


def _beating(work: Callable[[], T], progress: Callable[[int, int], None] | None) -> T:
    """Run *work* (calamine's sheet parse, which releases the GIL) in a thread while *progress* beats.

    If *progress* raises (a cancel), the thread is left to finish on its own: it only parses.
    """
    with _gil_free():
        return _beat(work, progress)


def _beat(work: Callable[[], T], progress: Callable[[int, int], None] | None) -> T:
    if progress is None:
        return work()
    done: list[T] = []
    failed: list[BaseException] = []

    def target() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # handed to the caller below
            failed.append(exc)

    thread = threading.Thread(target=target, name="haengbot-sheet-parse", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(BEAT_S)
        if thread.is_alive():
            progress(0, 0)
    if failed:
        raise failed[0]
    return done[0]


def _excel_sheets(path: Path, data: bytes, progress: Callable[[int, int], None] | None = None) -> list[RawSheet]:
    import python_calamine as pc

    loc = Location(str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm") and not data.startswith(ZIP_MAGIC):
        raise InputError(
            "엑셀(xlsx) 파일이 아니거나 손상되었습니다.", loc, "엑셀에서 열리는지 확인하고, 열리면 xlsx로 다시 저장해 주십시오."
        )
    errors: dict[str, dict[tuple[int, int], str]] = {}
    if data.startswith(ZIP_MAGIC):
        try:
            errors = inspect_zip(path, data).errors  # bombs and absurd extents stop here, before calamine
        except (zipfile.BadZipFile, zlib.error, struct.error, EOFError):
            pass  # not a readable zip: calamine words the error below
    elif data.startswith(OLE_MAGIC) and path.suffix.lower() == ".xls":
        errors = _xls_error_cells(data)
    try:
        workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        kinds = {m.name: m.typ for m in workbook.sheets_metadata}
    except Exception as exc:  # calamine raises its own error types for every malformed file
        raise _damaged(loc, exc) from None
    except BaseException as exc:  # a Rust panic (pyo3 PanicException) is no Exception
        if type(exc).__name__ != "PanicException":
            raise
        raise _damaged(loc, exc) from None
    sheets = []
    for name in workbook.sheet_names:
        if kinds.get(name, pc.SheetTypeEnum.WorkSheet) != pc.SheetTypeEnum.WorkSheet:
            continue  # a chart sheet (or dialog/macro sheet) holds no cells to read
        try:
            sheet = _beating(functools.partial(workbook.get_sheet_by_name, name), progress)
            merged = list(sheet.merged_cell_ranges or [])
            rows = _cells(sheet, bool(merged or errors.get(name)))
            del sheet  # calamine's own copy of the cells (~340 MB at a million rows) goes before the typing
            if len(rows) >= TRIM_ROWS:
                give_back_memory()
        except HaengBotError:  # a cancel raised by the progress beat
            raise
        except Exception as exc:
            raise InputError(f"시트를 읽을 수 없습니다({type(exc).__name__}).", Location(str(path), name)) from None
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            raise InputError(f"시트를 읽을 수 없습니다({type(exc).__name__}).", Location(str(path), name)) from None
        _put_errors(rows, errors.get(name, {}))
        sheets.append(RawSheet(path, name, rows, merged))
    if not any(any(_filled(v) for v in row) for s in sheets for row in s.rows):
        raise InputError("파일이 비어 있습니다(모든 시트에 내용이 없습니다).", loc)
    return sheets


ROW_CHUNK = 50_000
TRIM_ROWS = 200_000  # a read this big leaves hundreds of MB of freed cells behind


def give_back_memory() -> None:
    """Hand freed heap pages back to the OS after a big read (glibc only; elsewhere nothing to do).

    calamine's copy of a million-row sheet, and later the Python cells the typed table no longer needs,
    are freed, but glibc keeps the pages: the process stayed ~700 MB above what it still used, and that
    decided whether two inputs could be read side by side under 2 GB (issue 19).
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # musl and friends have no malloc_trim
        return


def _cells(sheet: Any, edited: bool) -> Sequence[list[Any]]:
    """The sheet's rows from A1, as ``to_python(skip_empty_area=False)`` gives them.

    A big plain sheet goes straight into one object matrix, a chunk of rows at a time: calamine's list
    per row (~150 MB at a million rows, issue 19) never exists all at once, and the typing reads the
    matrix's columns. Rows the reader edits in place (merged cells filled, error cells put back) stay
    lists, as does a sheet whose cells start below or right of A1 (``iter_rows`` starts at the first cell).
    """
    height, width = sheet.height, sheet.width
    if edited or height < MATRIX_ROWS or not width or sheet.start != (0, 0):
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        return rows
    matrix = np.empty((height, width), dtype=object)
    it = sheet.iter_rows()
    done = 0
    while done < height:
        chunk = list(itertools.islice(it, ROW_CHUNK))
        if not chunk:
            break
        matrix[done : done + len(chunk)] = chunk  # never np.array(rows): a cell holding a sequence would grow a dimension
        done += len(chunk)
    return MatrixRows(matrix[:done])


class LazyRows(Sequence[list[Any]]):
    """``RawSheet.rows`` whose rows become lists only when someone asks for them; a subclass gives ``_row`` and ``__len__``."""

    def _row(self, i: int) -> list[Any]:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Any]]: ...

    def __getitem__(self, index: int | slice) -> list[Any] | list[list[Any]]:
        n = len(self)
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(index)
        return self._row(index)

    def __iter__(self) -> Iterator[list[Any]]:
        return (self._row(i) for i in range(len(self)))


class MatrixRows(LazyRows):
    """Rows over a (rows × width) object matrix (a big workbook sheet, ``_cells``)."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = matrix

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def _row(self, i: int) -> list[Any]:
        return list(self.matrix[i])


def _damaged(loc: Location, exc: BaseException) -> InputError:
    return InputError(
        f"엑셀 파일이 손상되었거나 암호가 걸려 있어 읽을 수 없습니다({type(exc).__name__}).",
        loc,
        "엑셀에서 열리는지 확인하고, 열리면 xlsx로 다시 저장해 주십시오.",
    )


def _xls_error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Error cells of a legacy .xls, per sheet: calamine gives them back as '' (issue 10), xlrd knows them.

    Only a hint for the reader: a file xlrd cannot parse keeps calamine's reading (no errors found).
    """
    try:
        import xlrd

        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except Exception:  # calamine is the authority on whether the file reads at all
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for index in range(book.nsheets):
            sheet = book.get_sheet(index)
            cells = {
                (r, c): xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#VALUE!")
                for r in range(sheet.nrows)
                for c in range(sheet.row_len(r))
                if sheet.cell_type(r, c) == xlrd.XL_CELL_ERROR
            }
            if cells:
                found[sheet.name] = cells
    except Exception:
        return found
    finally:
        book.release_resources()
    return found


def _put_errors(rows: Sequence[list[Any]], errors: dict[tuple[int, int], str]) -> None:
    """Excel error cells come back from calamine as ''; put the error itself back in its place."""
    for (r, c), code in errors.items():
        if r < len(rows) and c < len(rows[r]) and rows[r][c] in ("", None):
            rows[r][c] = ExcelError(code)


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), then CP949, strictly. UTF-16 when it carries a BOM.

    Never EUC-KR: it fails on 똠 and friends that CP949 (Excel's Korean ANSI) carries.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp949"):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    raise InputError(
        "파일의 글자 인코딩을 알 수 없습니다. UTF-8도 CP949(ANSI)도 아닙니다.",
        Location(str(path)),
        "엑셀에서 열어 [다른 이름으로 저장 > CSV UTF-8(쉼표로 분리)]로 저장하거나 xlsx로 저장해 주십시오.",
    )


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    counts = {d: sum(ln.count(d) for ln in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_sheet(path: Path, data: bytes) -> RawSheet:
    text, encoding = decode_text(path, data)
    if not text.strip():
        raise InputError("파일이 비어 있습니다.", Location(str(path)))
    delimiter = _sniff_delimiter(text[:20000])
    if len(data) >= FAST_CSV_BYTES:
        fast = _csv_columns(text, delimiter, data, encoding)
        if fast is not None:
            head, grid = fast
            return RawSheet(path, None, GridRows(head, grid), [], encoding, grid=grid)
    try:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"CSV 형식이 올바르지 않습니다({exc}).", Location(str(path))) from None
    return RawSheet(path, None, rows, [], encoding)


# Files at least this big are read by pandas' C parser, column-wise (``csv.reader`` builds a Python
# list per row: ~1.5 s per million rows before any typing). Same cells, same row numbers; any file
# the C parser reads differently (a row wider than the first 200, odd quoting) falls back.
FAST_CSV_BYTES = 1 << 20


class GridRows(LazyRows):
    """Rows of a column-wise read (a big CSV): the first rows as read, the rest from the columns."""

    def __init__(self, head: list[list[Any]], grid: list[np.ndarray]):
        self._head = head
        self._grid = grid
        self._len = len(grid[0]) if grid else 0

    def __len__(self) -> int:
        return self._len

    def _row(self, i: int) -> list[Any]:
        if i < len(self._head):
            return list(self._head[i])
        return [col[i] for col in self._grid]


def _csv_columns(text: str, delimiter: str, data: bytes, encoding: str) -> tuple[list[list[Any]], list[np.ndarray]] | None:
    """(the first rows as ``csv.reader`` gives them, every column as an object array) or None."""
    import pandas as pd

    try:
        head = list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 200))
    except csv.Error:
        return None
    width = max((len(r) for r in head), default=0)
    if not width:
        return None
    try:
        # pandas decodes UTF-8 in C; anything else (CP949, UTF-16) is handed over re-encoded.
        raw = io.BytesIO(data if encoding == "utf-8-sig" else text.encode("utf-8"))
        frame = pd.read_csv(
            raw,
            encoding="utf-8-sig" if encoding == "utf-8-sig" else "utf-8",
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
            doublequote=True,
            skipinitialspace=False,
        )
    except Exception:  # a wider row further down, or quoting the C parser reads otherwise: csv.reader decides
        return None
    grid = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    # The C parser must agree with csv.reader on every row both have seen.
    for i, row in enumerate(head[: len(frame)]):
        padded = [*row, *([""] * (width - len(row)))]
        if [col[i] for col in grid] != padded:
            return None
    if len(frame) < len(head):
        return None
    return head, grid


def fill_merged(rows: Sequence[Sequence[Any]], merged: Sequence[Merged], limit: int) -> list[list[Any]]:
    """The first *limit* rows with each merged region filled with its top-left value."""
    head = [list(r) for r in rows[:limit]]
    for (r1, c1), (r2, c2) in merged:
        if r1 >= limit or r1 >= len(head) or c1 >= len(head[r1]):
            continue
        value = head[r1][c1]
        for r in range(r1, min(r2, limit - 1, len(head) - 1) + 1):
            row = head[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = value
    return head


def fill_merged_data(rows: Sequence[list[Any]], merged: Sequence[Merged], start: int) -> None:
    """Give every cell of a merged region in the data area (rows >= *start*) its top-left value, in place.

    Exports often merge 소속 or 성명 down a group of rows; each row still belongs to that value.
    """
    for (r1, c1), (r2, c2) in merged:
        if r1 < start or r1 >= len(rows):
            continue
        top = rows[r1]
        value = top[c1] if c1 < len(top) else None
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = value
