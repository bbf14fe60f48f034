"""A big plain sheet is read straight into one object matrix (core.sources._cells, issue 19): the rows, the
typed table and every issue must be what calamine's ``to_python`` list of rows gives; edited sheets keep lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

import core.sources as S
from core.reader import read_table
from core.spec import Column, ColumnType, TableInput

ROWS = S.MATRIX_ROWS + 234


def _workbook(path: Path, *, merge: bool = False, offset: int = 0, error: bool = False) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("초과근무현황")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    r0 = offset
    sheet.write_row(r0, offset, ["부서", "성명", "생년월일", "근무일자", "시작시각", "종료시각", "인정시간"])
    for i in range(ROWS):
        r = r0 + 1 + i
        sheet.write_string(r, offset, f"총무과{i % 3}")
        sheet.write_string(r, offset + 1, f"직원{i % 50}")
        sheet.write_string(r, offset + 2, "1980-01-0" + str(1 + i % 9))
        sheet.write_datetime(r, offset + 3, dt.datetime(2025, 3, 1 + i % 28), date)
        sheet.write_string(r, offset + 4, "18:00")
        if i % 97 == 5:
            sheet.write_string(r, offset + 5, "")  # a blank end time: an issue on 오류행
        else:
            sheet.write_string(r, offset + 5, "20:30")
        sheet.write_number(r, offset + 6, 2.5 if i % 11 else 3)
    if merge:
        sheet.merge_range(r0 + 5, offset, r0 + 7, offset, "총무과0")
    if error:
        sheet.write_formula(r0 + 3, offset + 6, "=1/0", None, "#DIV/0!")
    book.close()
    return path


def _load(path: Path) -> S.RawSheet:
    return S.load_sheets(path)[0]


def test_a_big_plain_sheet_is_one_matrix_with_to_pythons_rows(tmp_path: Path) -> None:
    import python_calamine as pc

    path = _workbook(tmp_path / "plain.xlsx")
    sheet = _load(path)
    assert isinstance(sheet.rows, S.MatrixRows)
    expected = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    assert len(sheet.rows) == len(expected) == ROWS + 1
    assert list(sheet.rows) == expected
    assert sheet.rows[5] == expected[5] and sheet.rows[-1] == expected[-1] and sheet.rows[2:9] == expected[2:9]
    assert sheet.column(3, 1)[0] == dt.date(2025, 3, 1)
    assert sheet._as_matrix() is sheet.rows.matrix


@pytest.mark.parametrize("kind", ["merge", "offset", "error", "small"])
def test_sheets_the_reader_edits_or_that_start_off_a1_keep_lists(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "small":
        monkeypatch.setattr(S, "MATRIX_ROWS", ROWS + 10)
    path = _workbook(tmp_path / f"{kind}.xlsx", merge=kind == "merge", offset=2 if kind == "offset" else 0, error=kind == "error")
    sheet = _load(path)
    assert isinstance(sheet.rows, list)
    if kind == "offset":
        assert sheet.rows[0] == [""] * 9 and sheet.rows[2][2] == "부서"  # padded from A1 as before


def test_the_typed_table_is_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = TableInput(
        "records",
        "초과근무",
        (
            Column("부서"),
            Column("성명"),
            Column("생년월일", ColumnType.DATE),
            Column("근무일자", ColumnType.DATE),
            Column("시작시각", ColumnType.TIME),
            Column("종료시각", ColumnType.TIME),
            Column("인정시간", ColumnType.HOURS),
        ),
    )
    path = _workbook(tmp_path / "plain.xlsx")
    fast = read_table(path, spec)
    monkeypatch.setattr(S, "MATRIX_ROWS", 10**9)  # the list path
    slow = read_table(path, spec)
    assert isinstance(_load(path).rows, list)
    assert fast.df.equals(slow.df)
    assert fast.issues == slow.issues
    assert len(fast.issues) == len(range(5, ROWS, 97)) and fast.issues[0].row == 7  # row 7 in Excel: data row i=5
    assert len(fast.df) == ROWS


def test_a_big_read_gives_freed_memory_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.reader as R

    calls: list[str] = []
    monkeypatch.setattr(S, "give_back_memory", lambda: calls.append("cells"))
    monkeypatch.setattr(R, "give_back_memory", lambda: calls.append("table"))
    path = _workbook(tmp_path / "plain.xlsx")
    spec = TableInput("records", "초과근무", (Column("부서"), Column("성명")))
    R.read_table(path, spec)
    assert calls == []  # small: nothing to give back
    monkeypatch.setattr(S, "TRIM_ROWS", 100)
    monkeypatch.setattr(R, "TRIM_ROWS", 100)
    R.read_table(path, spec)
    assert calls == ["cells", "table"]  # after calamine's copy is dropped, and after the typing
    monkeypatch.undo()
    S.give_back_memory()  # the real call is harmless (glibc's malloc_trim, or nothing)
