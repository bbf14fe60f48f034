"""core.xlsx_guard._inflated hands zlib the compressed member in slices (a whole-member unconsumed_tail made the
check quadratic on million-row sheets): the bytes must come out whole and the bomb cap must still hold."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from core import xlsx_guard


def _inflate(data: bytes, info: zipfile.ZipInfo, keep: bool, budget: int) -> tuple[int, bytes]:
    """(inflated size, the bytes when *keep* and within *budget*), as the guard streams them."""
    sizes = [0]
    parts = [chunk for chunk in xlsx_guard._inflated(data, info, budget, sizes) if keep]
    return sizes[0], b"".join(parts) if keep and sizes[0] <= budget else b""


def _member(payload: bytes) -> tuple[bytes, zipfile.ZipInfo]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", payload)
    data = buf.getvalue()
    return data, zipfile.ZipFile(io.BytesIO(data)).infolist()[0]


def test_a_member_many_slices_long_comes_out_whole() -> None:
    # Incompressible bytes, so the compressed member spans several input slices (and several output chunks).
    payload = os.urandom(3 * xlsx_guard._IN_CHUNK + 12_345) + b"<row/>" * 400_000
    data, info = _member(payload)
    assert info.compress_size > 3 * xlsx_guard._IN_CHUNK
    size, xml = _inflate(data, info, True, len(payload) + 1)
    assert (size, xml) == (len(payload), payload)
    assert _inflate(data, info, False, len(payload) + 1) == (len(payload), b"")


def test_the_budget_still_stops_a_bomb_early() -> None:
    payload = b"\0" * (40 << 20)  # 40 MiB of zeros: a few tens of KiB compressed
    data, info = _member(payload)
    size, xml = _inflate(data, info, True, 5 << 20)
    assert xml == b"" and (5 << 20) < size <= (5 << 20) + xlsx_guard._CHUNK


def _error_cell(ref: str, code: str) -> str:
    return f'<c r="{ref}" t="e"><f>VLOOKUP(A1,Sheet2!A:B,2,FALSE)</f><v>{code}</v></c>'


def _scan_in_windows(xml: bytes, piece: int) -> tuple[tuple[int, int] | None, dict[tuple[int, int], str]]:
    scan = xlsx_guard._SheetScan()
    for window in xlsx_guard._windows(xml[i : i + piece] for i in range(0, len(xml), piece)):
        scan.feed(window)
    return scan.extent(), scan.errors


def test_the_streamed_scan_finds_what_a_scan_of_the_whole_sheet_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard no longer keeps a sheet's XML (470 MB at a million rows): it scans overlapping windows.
    Small windows put every kind of hit across window edges; the answer must be the whole-sheet answer."""
    monkeypatch.setattr(xlsx_guard, "_WINDOW", 1000)
    monkeypatch.setattr(xlsx_guard, "_OVERLAP", 200)
    rows = []
    for r in range(1, 400):
        cells = [f'<c r="A{r}" t="inlineStr"><is><t>이름{r}</t></is></c>', f'<c r="B{r}"><v>{r * 7}</v></c>']
        if r % 37 == 0:
            cells.append(_error_cell(f"C{r}", "#N/A" if r % 2 else "#DIV/0!"))
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    body = "".join(rows)
    head = '<worksheet><dimension ref="A1:C399"/><sheetData>'
    inside = (head + body + "</sheetData></worksheet>").encode()
    beyond = (head + body + '<row r="400"><c r="D400"><v>1</v></c></row></sheetData></worksheet>').encode()
    no_dim = (body + "</sheetData></worksheet>").encode()
    expected_errors = {(r - 1, 2): ("#N/A" if r % 2 else "#DIV/0!") for r in range(37, 400, 37)}
    for piece in (1, 7, 333, 1000, 5000, len(inside)):
        assert _scan_in_windows(inside, piece) == ((399, 3), expected_errors)
        extent, errors = _scan_in_windows(beyond, piece)
        assert extent is None and errors == expected_errors  # the exact pass decides
        assert _scan_in_windows(no_dim, piece) == ((399, 3), expected_errors)
    assert xlsx_guard._exact_extent(xlsx_guard._windows([beyond])) == (400, 4)
    assert xlsx_guard.sheet_extent(beyond) == (400, 4)
