"""Look inside a zip workbook before calamine does: bombs, absurd sheet extents, Excel error cells.

calamine trusts the file. A 2.4 KB xlsx holding one cell at XFD1048576 makes it allocate a dense
range of 17 billion cells (512 GiB) and the process dies with SIGABRT, which no ``except`` catches.
A 410 KB xlsx whose sharedStrings inflates to 400 MB costs 1.7 GB and minutes. So every member is
inflated here first, counting bytes against a cap (a lying size in the zip header does not help:
the raw deflate stream is inflated and measured, not the header believed), and every worksheet's
cell references are scanned for the real extent before calamine is asked for a dense range.

The same pass finds Excel error cells (``t="e"``: ``#N/A``, ``#DIV/0!``), which python-calamine
hands back as empty strings: the reader puts an ``ExcelError`` in their place, so a required
column reports "엑셀 오류 값 #N/A" instead of a silent blank.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import join, normpath

from core.errors import InputError, Location, column_letter

MAX_MEMBER_BYTES = 768 << 20  # one part inflated (a 1,048,576-row sheet is ~300 MB of XML)
MAX_TOTAL_BYTES = 1536 << 20  # every part together
MAX_RATIO = 150  # inflated / compressed; real sheet XML stays under ~40, deflate's ceiling is ~1030
RATIO_FLOOR = 8 << 20  # small parts may compress as well as they like
MAX_CELLS = 30_000_000  # dense range calamine may build for one sheet (~32 bytes a cell)
_CHUNK = 1 << 20

_HINT = "엑셀에서 파일을 열어 필요한 표만 새 통합 문서에 붙여 넣고 저장한 뒤 그 파일을 선택하십시오."


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value (``#N/A``, ``#DIV/0!`` …) where a cell's formula failed."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass
class ZipReport:
    """What the pass found: per sheet name, the Excel error cells as (row, column) 0-based -> code."""

    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


_IN_CHUNK = 256 << 10  # compressed bytes handed to zlib at a time


def _inflated(data: bytes, info: zipfile.ZipInfo, budget: int, sizes: list[int]) -> Iterator[bytes]:
    """The member's inflated bytes, a chunk at a time; ``sizes[0]`` counts them, and the stream stops
    as soon as it passes *budget* (a bomb never gets inflated further than that)."""
    (name_len, extra_len) = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    raw = data[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        sizes[0] = len(raw)
        if len(raw) <= budget:
            yield raw
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("unsupported compression")
    inflater = zlib.decompressobj(-15)
    view = memoryview(raw)
    # The compressed input goes in by slices: zlib's unconsumed_tail is a fresh copy of whatever input is left,
    # so handing it the whole member made every output chunk copy the rest of it again (quadratic: 11 s of a
    # 13.5 s check on a 63 MiB, million-row sheet). Output stays capped per call, so a bomb still stops early.
    for offset in range(0, len(view), _IN_CHUNK):
        pending: bytes | memoryview = view[offset : offset + _IN_CHUNK]
        while pending and not inflater.eof:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error as exc:
                raise zipfile.BadZipFile(str(exc)) from None
            pending = inflater.unconsumed_tail
            sizes[0] += len(out)
            if sizes[0] > budget:
                return
            if out:
                yield out
            if not out and not pending:
                break
        if inflater.eof:
            break
    tail = inflater.flush()
    sizes[0] += len(tail)
    if tail and sizes[0] <= budget:
        yield tail


def _too_big(path: Path, member: str | None, size_text: str) -> InputError:
    """*member* None: the parts together are too big."""
    what = f"파일 안의 '{member}' 부분이" if member else "파일 안의 부분들이 모두 합쳐"
    return InputError(
        f"{what} 압축을 풀면 지나치게 커서 읽지 않았습니다(풀린 크기 {size_text}). 압축 폭탄이거나 손상된 파일입니다.",
        Location(str(path)),
        _HINT,
    )


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name -> its worksheet XML part, from workbook.xml and its relationships."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    book = zf.read("xl/workbook.xml")[: 4 << 20].decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels")[: 4 << 20].decode("utf-8", "replace")
    targets: dict[str, str] = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', rel.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = html.unescape(attrs["Target"])
            targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    out: dict[str, str] = {}
    for sheet in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)>", book):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', sheet.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if "name" in attrs and rid in targets and targets[rid] in names:
            out[targets[rid]] = html.unescape(attrs["name"])
    return out


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]{1,3}\d+:)?([A-Z]{1,3})(\d+)"')
_CELLS = re.compile(rb'c r="([A-Z]{1,3})(\d+)"[^>]*(?<!/)>(?!</)')  # a cell that holds something
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\bt="e"[^>]*)(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _above(text: str, alphabet: str, longest: int) -> str:
    """A regex alternation for the strings over *alphabet* (as numerals, no leading 'zero') greater than *text*.

    ``_above("AB", A-Z, 3)`` matches AC..AZ, B?..Z? and every three-letter column.
    """
    first, last = alphabet[0], alphabet[-1]
    parts = [f"[{first}-{last}]{{{len(text) + 1},{longest}}}"] if len(text) < longest else []
    for i, ch in enumerate(text):
        if ch != last:
            higher = alphabet[alphabet.index(ch) + 1]
            rest = len(text) - i - 1
            parts.append(re.escape(text[:i]) + f"[{higher}-{last}]" + (f"[{first}-{last}]{{{rest}}}" if rest else ""))
    return "|".join(parts) or "(?!)"


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell that holds something; empty styled cells don't count.

    Every real workbook declares its used range in ``<dimension>``. When that range is small, one
    search proves that no cell lies beyond it (cheap: no match objects per cell). Only a sheet
    with no dimension, a huge one, or cells outside it pays for the exact scan of every reference.
    """
    scan = _SheetScan()
    scan.feed(xml)
    extent = scan.extent()
    return extent if extent is not None else _exact_extent([xml])


class _SheetScan:
    """One pass over a worksheet's XML, fed as overlapping windows (``_windows``), never held whole.

    A million-row sheet is ~470 MB of XML: keeping it to scan it afterwards doubled the guard's memory
    and cost a join (issue 19). Every pattern here matches less than ``_OVERLAP`` bytes, so each match
    lies whole inside some window; a match seen twice (in the overlap) changes nothing (a maximum, a
    flag, the same dict entry).
    """

    def __init__(self) -> None:
        self._first = True
        self._fast: re.Pattern[bytes] | None = None
        self._declared = (0, 0)
        self._outside = False
        self._max = [0, 0]
        self.errors: dict[tuple[int, int], str] = {}

    def feed(self, window: bytes) -> None:
        if self._first:
            self._first = False
            declared = _DIMENSION.search(window, 0, 1 << 16)
            if declared:
                cols, rows = _column_number(declared.group(1)), int(declared.group(2))
                if rows * cols <= MAX_CELLS:
                    col_letters, row_digits = declared.group(1).decode(), declared.group(2).decode()
                    wider = f"(?:{_above(col_letters, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3)})\\d"
                    longer = f'[A-Z]{{1,3}}(?:{_above(row_digits, "0123456789", 7)})"'
                    # One pass for both (issue 19: two passes were ~0.5 s more per million-row sheet).
                    self._fast = re.compile(f'c r="(?:{wider}|{longer})'.encode())
                    self._declared = (rows, cols)
        if self._fast is not None:
            if not self._outside and self._fast.search(window):
                self._outside = True  # a cell beyond the declared range: the exact scan decides (``extent``)
        else:
            _widen(self._max, window)
        self.errors.update(_error_cells(window))

    def extent(self) -> tuple[int, int] | None:
        """The extent, or None when a cell lies beyond the declared range and every reference must be read again."""
        if self._fast is None:
            return self._max[0], self._max[1]
        return None if self._outside else self._declared


def _widen(extent: list[int], window: bytes) -> None:
    for letters, digits in _CELLS.findall(window):
        extent[1] = max(extent[1], _column_number(letters))
        extent[0] = max(extent[0], int(digits))


def _exact_extent(windows: Iterable[bytes]) -> tuple[int, int]:
    extent = [0, 0]
    for window in windows:
        _widen(extent, window)
    return extent[0], extent[1]


_WINDOW = 1 << 20
_OVERLAP = 64 << 10  # longer than any cell reference or error cell (a formula is at most 8,192 characters)


def _windows(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The stream again as windows of about ``_WINDOW`` bytes, each starting ``_OVERLAP`` bytes before the last one ended."""
    buf = b""
    for chunk in chunks:
        buf += chunk
        if len(buf) >= _WINDOW + _OVERLAP:
            yield buf
            buf = buf[-_OVERLAP:]
    if buf:
        yield buf


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    if b't="e"' not in xml:
        return {}
    found: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.search(match.group(1))
        value = _VALUE.search(match.group(2))
        if ref and value:
            code = html.unescape(value.group(1).decode("utf-8", "replace")).strip() or "#VALUE!"
            found[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = code
    return found


def _human(size: int) -> str:
    return f"{size / (1 << 20):,.0f}MB" if size >= 1 << 20 else f"{size / 1024:,.0f}KB"


def inspect_zip(path: Path, data: bytes) -> ZipReport:
    """Refuse bombs and absurd sheets with a Korean ``InputError``; collect Excel error cells.

    Raises ``zipfile.BadZipFile`` for a file that is no zip at all: the caller words that one.
    """
    report = ZipReport()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        sheets = _sheet_parts(zf, names)
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            declared = info.file_size
            if declared > MAX_MEMBER_BYTES:
                raise _too_big(path, info.filename, _human(declared))
            if declared > RATIO_FLOOR and declared > MAX_RATIO * max(info.compress_size, 1):
                raise _too_big(path, info.filename, f"{_human(declared)}(압축의 {declared // max(info.compress_size, 1):,}배)")
            budget = min(MAX_MEMBER_BYTES, max(declared, RATIO_FLOOR, MAX_RATIO * info.compress_size))
            scan = _SheetScan() if info.filename in sheets else None
            sizes = [0]
            chunks = _inflated(data, info, budget, sizes)
            if scan is None:
                for _ in chunks:  # measured, not kept
                    pass
            else:
                for window in _windows(chunks):
                    scan.feed(window)
            size = sizes[0]
            if size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1)):
                raise _too_big(path, info.filename, f"{_human(size)} 넘게")
            if size != declared:
                raise InputError(
                    f"파일 안의 '{info.filename}' 부분의 크기 정보가 실제와 다릅니다(손상되었거나 조작된 파일입니다).",
                    Location(str(path)),
                    _HINT,
                )
            total += size
            if total > MAX_TOTAL_BYTES or (total > RATIO_FLOOR and total > MAX_RATIO * len(data)):
                # many small parts, or parts that overlap on one compressed kernel, add up too
                raise _too_big(path, None, f"{_human(total)} 넘게")
            if scan is not None:
                name = sheets[info.filename]
                extent = scan.extent()
                if extent is None:  # a cell beyond the declared range (rare): every reference again, from the start
                    extent = _exact_extent(_windows(_inflated(data, info, budget, [0])))
                rows, cols = extent
                if rows * cols > MAX_CELLS:
                    raise InputError(
                        f"시트의 사용 범위가 A1:{column_letter(cols - 1)}{rows}까지로 지나치게 넓어"
                        f"(셀 {rows * cols:,}개) 읽지 않았습니다.",
                        Location(str(path), name),
                        "엑셀에서 표 아래·오른쪽의 빈 행과 열을 모두 선택해 삭제하고 저장한 뒤 다시 선택하십시오.",
                    )
                if scan.errors:
                    report.errors[name] = scan.errors
    return report
