"""core/xlsx_fast.py writes the same sheet xlsxwriter's per-cell calls write: values, types, formats, fills.

Also pins the xlsxwriter internals it relies on (a new xlsxwriter that moves them fails here, not in
a clerk's workbook) and the writer's split of a table longer than a sheet.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter
from openpyxl import load_workbook

from core import writer, xlsx_fast
from core.result import DATE, DATETIME, FINDING, HOURS, MONEY, WARNING, ResultTable

TRICKY = pd.DataFrame(
    {
        "텍스트": [
            "홍길동",
            " 앞 공백",
            "뒤 공백 ",
            "a<b & c>d",
            "ctl\x01\x1f",
            "_x0041_ 그대로",
            "가" * 40000,
            None,
            "",
            "줄\n바꿈",
        ],
        "정수": [0, -5, 2**40, None, 7, 8, 9, 10, 11, 12],
        "실수": [0.1 + 0.2, 1e-7, 123456789.125, None, -0.5, 1 / 3, 2.5, 3.0, 4.75, 1e300],
        "날짜": pd.to_datetime(
            ["2026-03-02", "1900-01-01", "1900-02-28", "1900-03-01", None, "2026-12-31"] * 1 + ["2027-01-01"] * 4
        ),
        "시각": [dt.datetime(2026, 3, 2, 18, 30, 15, 250000), dt.datetime(1899, 12, 31, 6), None] + [dt.datetime(2026, 1, 1)] * 7,
        "섞임": [
            True,
            False,
            Decimal("12.345"),
            dt.date(2026, 5, 5),
            3,
            2.5,
            "글",
            None,
            Decimal("-1"),
            dt.datetime(2026, 5, 5, 9),
        ],
        "판정": ["정상", "불일치", "확인", "정상", "불일치", "정상", "정상", "불일치", "정상", "확인"],
    }
)
FORMATS = {"정수": MONEY, "실수": HOURS, "날짜": DATE, "시각": DATETIME}


def _sheet(path: Path) -> list[list[tuple[Any, str, str | None]]]:
    wb = load_workbook(path)
    ws = wb["표"]
    cells = [
        [(c.value, c.number_format, c.fill.fgColor.rgb if c.fill.fill_type else None) for c in row] for row in ws.iter_rows()
    ]
    extra = (ws.freeze_panes, ws.auto_filter.ref, [ws.column_dimensions[x].width for x in "ABCDEFG"], ws.max_row)
    wb.close()
    return [*cells, [extra]]


def _write(path: Path, fast: bool, table: ResultTable) -> Path:
    book = writer._Book(path, fast=fast)
    book.table(table)
    book.close()
    return path


@pytest.mark.parametrize("highlight", [False, True])
def test_fast_rows_read_back_exactly_as_xlsxwriter_writes_them(tmp_path: Path, highlight: bool) -> None:
    table = ResultTable(
        "표", TRICKY, FORMATS, "판정" if highlight else None, {"불일치": FINDING, "확인": WARNING} if highlight else {}
    )
    slow = _sheet(_write(tmp_path / "slow.xlsx", False, table))
    fast = _sheet(_write(tmp_path / "fast.xlsx", True, table))
    assert fast == slow
    # The hand-checked parts of that agreement: escapes, the 32,767 cut, 1900 dates, fills on blanks.
    rows = fast[1:-1]
    assert [r[0][0] for r in rows[:6]] == [
        "홍길동",
        " 앞 공백",
        "뒤 공백 ",
        "a<b & c>d",
        "ctl_x0001__x001F_",  # Excel's escapes for control characters (openpyxl leaves them as written)
        "_x005F_x0041_ 그대로",  # and for text that looks like one
    ]
    assert len(rows[6][0][0]) == 32767
    assert rows[0][3][0] == dt.datetime(2026, 3, 2) and rows[3][3][0] == dt.datetime(1900, 3, 1)
    assert rows[0][4][0] == dt.datetime(2026, 3, 2, 18, 30, 15, 250000)
    assert [c[0] for c in rows[0][5:6] + rows[1][5:6] + rows[2][5:6]] == ["예", "아니오", 12.345]
    assert rows[7][0][2] == ("FFFDE2E1" if highlight else None)  # a highlighted row's blank keeps its fill


def test_rows_go_into_xlsxwriters_own_row_stream(tmp_path: Path) -> None:
    """The internals xlsx_fast uses, on the pinned xlsxwriter: a header through xlsxwriter, rows through
    write_rows, then xlsxwriter again after them."""
    path = tmp_path / "stream.xlsx"
    wb = xlsx_fast.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("표")
    ws.write_string(0, 0, "머리")
    fmt = wb.add_format({"num_format": "#,##0"})
    xlsx_fast.write_rows(ws, [[1, 2, None], ["가", None, "다"]], [[fmt, None]] * 3, [False, False], [False] * 3)
    ws.write_string(4, 0, "끝")
    wb.close()
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert z.getinfo("xl/worksheets/sheet1.xml").compress_type == zipfile.ZIP_DEFLATED
    assert '<dimension ref="A1:B5"/>' in xml
    assert '<row r="2"><c r="A2" s="1"><v>1</v></c><c r="B2" t="inlineStr"><is><t>가</t></is></c></row>' in xml
    rows = list(load_workbook(path)["표"].iter_rows(values_only=True))
    assert rows == [("머리", None), (1, "가"), (2, None), (None, "다"), ("끝", None)]
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # the level-1 zip was only for the call


def test_rows_cannot_go_back(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_string(5, 0, "앞")
    ws.write_string(6, 0, "뒤")
    with pytest.raises(ValueError, match="before rows already written"):
        xlsx_fast.write_rows(ws, [[1]], [[None]], [False], [False], first_row=2)
    wb.close()
    plain = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    with pytest.raises(ValueError, match="constant_memory"):
        xlsx_fast.write_rows(plain.add_worksheet(), [[1]], [[None]], [False], [False])
    plain.close()


def test_nan_and_timezones_are_refused_as_xlsxwriter_refuses_them(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "z.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet()
    with pytest.raises(TypeError, match="NAN/INF"):
        xlsx_fast.write_rows(ws, [[1.0, float("inf")]], [[None]] * 2, [False], [False] * 2)
    aware = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match="시간대"):
        xlsx_fast.write_rows(ws, [["가", aware]], [[None]] * 2, [False], [False] * 2, first_row=10)
    wb.close()


def test_a_table_longer_than_a_sheet_continues_on_numbered_sheets() -> None:
    table = ResultTable("일별내역", pd.DataFrame({"n": range(7)}), {"n": MONEY})
    parts = writer.split_rows(table, limit=3)
    assert [(p.name, p.df["n"].tolist(), p.formats) for p in parts] == [
        ("일별내역", [0, 1, 2], {"n": MONEY}),
        ("일별내역(2)", [3, 4, 5], {"n": MONEY}),
        ("일별내역(3)", [6], {"n": MONEY}),
    ]
    assert writer.split_rows(table) == [table]
    assert writer.MAX_DATA_ROWS == 1_048_575
