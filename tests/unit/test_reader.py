"""Reading messy exports: title rows, merged two-row headers, synonyms, total rows, encodings, typed cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from core import values as V
from core.errors import InputError
from core.reader import read_table
from core.spec import Column, ColumnType, TableInput

SPEC = TableInput(
    "t",
    "시험",
    (
        Column("공무원번호", ColumnType.CODE, ("사번",)),
        Column("성명", ColumnType.TEXT, ("이름",)),
        Column("근무일자", ColumnType.DATE, ("일자",)),
        Column("시작시각", ColumnType.TIME, ("초과근무시작",)),
        Column("종료시각", ColumnType.TIME, ("초과근무종료",)),
        Column("지급액", ColumnType.MONEY, ("금액",), required=False),
    ),
)


def _merged_export(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "현황"
    ws["A1"] = "2026년 3월 초과근무 현황"
    ws.merge_cells("A1:F1")
    ws["A3"], ws["B3"], ws["C3"], ws["D3"], ws["F3"] = "사번", "성명", "일자", "초과근무", "금액(원)"
    ws["D4"], ws["E4"] = "시작", "종료"
    for col in "ABCF":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("D3:E3")
    ws.append(["00123", "홍길동", dt.datetime(2026, 3, 3), dt.time(18, 0), dt.time(21, 30), 12368])
    ws.append(["00124", "김철수", "2026.03.04", "1800", "익일 01:00", "₩12,368"])
    ws.append([None, None, None, None, None, None])
    ws.append(["사번", "성명", "일자", "시작", "종료", "금액(원)"])  # repeated page header
    ws.append(["00125", "이영희", 46084, 0.75, "오후 9:00", "12,368원"])  # Excel serial date and day fraction
    ws.append(["합계", None, None, None, None, 37104])
    wb.save(path)
    return path


def test_merged_two_row_header_title_rows_totals(tmp_path: Path) -> None:
    table = read_table(_merged_export(tmp_path / "x.xlsx"), SPEC)
    assert table.sheet == "현황" and table.header_row == 4
    assert table.columns["시작시각"] == "시작" and table.columns["지급액"] == "금액(원)"
    df = table.df
    assert df["_row"].tolist() == [5, 6, 9]
    assert df["공무원번호"].tolist() == ["00123", "00124", "00125"]
    assert [d.date() for d in df["근무일자"]] == [dt.date(2026, 3, 3), dt.date(2026, 3, 4), dt.date(2026, 3, 3)]
    assert df["시작시각"].tolist() == [1080, 1080, 1080]
    assert df["종료시각"].tolist() == [1290, 1500, 1260]
    assert df["지급액"].tolist() == [12368, 12368, 12368]
    assert table.skipped_rows == {"빈 행": 1, "합계 행": 1, "반복 머리글": 1}
    assert table.issues == []


def test_csv_cp949_with_title_rows_and_bad_cells(tmp_path: Path) -> None:
    text = (
        "초과근무 현황,,,,\r\n출력일: 2026-04-01,,,,\r\n사번,이름,일자,초과근무시작,초과근무종료\r\n"
        "007,김똠순,2026-03-03,18:00,21:00\r\n008,박햏,2026-13-01,18:00,21:00\r\n009,최,2026-03-05,18:61,21:00\r\n"
    )
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("cp949"))
    table = read_table(path, SPEC)
    assert table.encoding == "cp949" and table.header_row == 3
    assert table.df["성명"].tolist() == ["김똠순", "박햏", "최"]
    assert table.df["공무원번호"].tolist() == ["007", "008", "009"]
    assert table.df["_ok"].tolist() == [True, False, False]
    assert [(i.row, i.column, i.column_index, i.value, i.reason) for i in table.issues] == [
        (5, "근무일자", 2, "2026-13-01", "없는 날짜입니다"),
        (6, "시작시각", 3, "18:61", "없는 시각입니다"),
    ]
    assert table.issues[0].message() == ("파일 'x.csv', 5행, '근무일자' 열(C열): 없는 날짜입니다 (값: '2026-13-01')")


def test_missing_required_column_names_found_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("사번,이름,날짜,초과근무시작,초과근무종료\r\n1,가,2026-03-03,18:00,19:00\r\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path, SPEC)
    assert str(info.value).startswith(
        "파일 'x.csv', 1행: 필수 열 '근무일자'를 찾을 수 없습니다. 이 열은 '일자' 같은 이름으로도 "
        "찾습니다. 찾은 열: 사번, 이름, 날짜, 초과근무시작, 초과근무종료"
    )


def test_mapping_override_and_sheet_choice(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "안내"
    wb.active["A1"] = "이 파일은 시험용입니다"
    ws = wb.create_sheet("자료")
    ws.append(["사번", "이름", "날짜", "초과근무시작", "초과근무종료"])
    ws.append(["1", "가", "2026-03-03", "18:00", "19:00"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    table = read_table(path, SPEC, mapping={"근무일자": "날짜"})
    assert table.sheet == "자료" and table.columns["근무일자"] == "날짜"
    with pytest.raises(InputError) as info:
        read_table(path, SPEC, sheet="없음")
    assert str(info.value) == "파일 'x.xlsx': 시트 '없음'이 없습니다. 있는 시트: '안내', '자료'"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-02", dt.date(2026, 3, 2)),
        ("2026.03.02", dt.date(2026, 3, 2)),
        ("2026. 3. 2.", dt.date(2026, 3, 2)),
        ("20260302", dt.date(2026, 3, 2)),
        ("2026년 3월 2일", dt.date(2026, 3, 2)),
        (46083, dt.date(2026, 3, 2)),
        (46083.0, dt.date(2026, 3, 2)),
        ("2026-03-02 00:00:00", dt.date(2026, 3, 2)),
        ("2026/3/2", dt.date(2026, 3, 2)),
        ("2026-03-02(월)", dt.date(2026, 3, 2)),
    ],
)
def test_dates(raw: object, expected: dt.date) -> None:
    assert V.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "3월 2일", "", "2026-3", 123])
def test_bad_dates(raw: object) -> None:
    with pytest.raises(ValueError):
        V.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("18:00", 1080),
        ("18:00:00", 1080),
        ("1800", 1080),
        ("930", 570),
        (0.75, 1080),
        (dt.time(18, 30), 1110),
        ("오후 6:30", 1110),
        ("6:30 PM", 1110),
        ("18시 30분", 1110),
        ("25:30", 1530),
        ("익일 01:30", 1530),
        ("24:00", 1440),
    ],
)
def test_times(raw: object, expected: int) -> None:
    assert V.parse_time(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03", "2026-03"),
        ("2026.03", "2026-03"),
        ("202603", "2026-03"),
        ("2026년 3월", "2026-03"),
        (dt.date(2026, 3, 1), "2026-03"),
        (202603, "2026-03"),
        ("2026-03-15", "2026-03"),
    ],
)
def test_months(raw: object, expected: str) -> None:
    assert V.parse_month(raw) == expected


def test_money_hours_phone_rrn() -> None:
    assert [V.parse_money(x) for x in ("12,368원", "₩12,368", 12368.0, "(1,000)", " 5 ")] == [12368, 12368, 12368, -1000, 5]
    with pytest.raises(ValueError):
        V.parse_money("12.5")
    assert [V.parse_hours(x) for x in ("12:30", "12시간 30분", "30분", 12, "12.5")] == [
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal("0.5"),
        Decimal(12),
        Decimal("12.5"),
    ]
    with pytest.raises(ValueError, match="시간\\(숫자\\)이 아닙니다"):
        V.parse_hours("한시간")
    assert [V.parse_phone(x) for x in ("010-1234-5678", "+82 10 1234 5678", 1012345678, "02-123-4567", "031)123-4567")] == [
        "01012345678",
        "01012345678",
        "01012345678",
        "021234567",
        "0311234567",
    ]
    with pytest.raises(ValueError):
        V.parse_phone("010-12-34")
    assert V.parse_rrn("900101-1234567") == "9001011234567"
    assert V.parse_rrn(101013234567) == "0101013234567"  # stored as a number: leading zero restored
    assert V.parse_rrn("900101-1******") == "9001011******"
    assert V.rrn_birthdate("0101013234567") == dt.date(2001, 1, 1)


def test_legacy_xls(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("초과근무")
    sheet.write(0, 0, "2026년 3월 현황")
    for c, name in enumerate(["사번", "이름", "일자", "초과근무시작", "초과근무종료"]):
        sheet.write(2, c, name)
    for c, value in enumerate(["00123", "홍길동", "2026-03-03", "18:00", "21:00"]):
        sheet.write(3, c, value)
    path = tmp_path / "옛날.xls"
    book.save(str(path))
    table = read_table(path, SPEC)
    assert (table.sheet, table.header_row) == ("초과근무", 3)
    assert table.df["공무원번호"].tolist() == ["00123"] and table.df["종료시각"].tolist() == [1260]


def test_cells_merged_down_the_data_belong_to_every_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["사번", "이름", "일자", "초과근무시작", "초과근무종료"])
    ws.append(["001", "홍길동", "2026-03-03", "18:00", "21:00"])
    ws.append([None, None, "2026-03-04", "18:00", "20:00"])
    ws.append([None, None, "2026-03-05", "18:00", "19:30"])
    ws.merge_cells("A2:A4")
    ws.merge_cells("B2:B4")
    path = tmp_path / "병합.xlsx"
    wb.save(path)
    table = read_table(path, SPEC)
    assert table.issues == []
    assert table.df["공무원번호"].tolist() == ["001"] * 3 and table.df["성명"].tolist() == ["홍길동"] * 3
