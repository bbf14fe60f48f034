"""Files that once crashed, hung or swamped the reader (issue 10, "Crashes and hangs on real files").

Each test builds its hostile file and asserts the exact Korean outcome. Reads that could take the
whole test process down on a regression (calamine's abort, a FIFO's hang) run in a child process
with a memory and time limit, so a regression fails the test instead of killing the suite.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from core import columns as C
from core.errors import InputError
from core.reader import read_table
from core.sources import load_sheets
from core.spec import Column, ColumnType, TableInput
from core.xlsx_guard import ExcelError, sheet_extent
from tests.support import hostile_files as H

ROOT = Path(__file__).resolve().parents[2]


def _read_in_child(path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """load_sheets(path) in a child limited to 2 GiB: prints 'ok <rows>' or 'InputError <text>'."""
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from core.errors import InputError
        from core.sources import load_sheets
        try:
            sheets = load_sheets(Path({str(path)!r}))
            print("ok", [len(s.rows) for s in sheets])
        except InputError as exc:
            print("InputError", exc)
        """
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, preexec_fn=limit, cwd=ROOT
    )


def test_giant_dimension_stops_with_korean_message_instead_of_abort(tmp_path: Path) -> None:
    """Guards item 1: one cell at XFD1048576 made calamine allocate 512 GiB and die with SIGABRT."""
    path = H.giant_dimension(tmp_path / "거대.xlsx")
    assert path.stat().st_size < 3000
    done = _read_in_child(path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        "InputError 파일 '거대.xlsx', 시트 'Sheet1': 시트의 사용 범위가 A1:XFD1048576까지로 지나치게 넓어"
        "(셀 17,179,869,184개) 읽지 않았습니다.\n"
        "  → 엑셀에서 표 아래·오른쪽의 빈 행과 열을 모두 선택해 삭제하고 저장한 뒤 다시 선택하십시오."
    )


def test_sparse_sheet_with_huge_declared_dimension_still_reads(tmp_path: Path) -> None:
    """Guards item 1 against over-reach: a declared A1:XFD1048576 with a formatted blank far away is a real file."""
    sheets = load_sheets(H.sparse_declared_huge(tmp_path / "sparse.xlsx"))
    assert [row[:2] for row in sheets[0].rows] == [["성명", "금액"], ["홍길동", 1000.0], ["김철수", 2000.0]]


def test_sheet_extent_trusts_a_small_dimension_only_when_no_cell_lies_beyond_it() -> None:
    """The extent check: a declared range is proved by two searches; a cell beyond it, or no range, means the exact scan."""
    cells = [("A1", "x"), ("C2", 1)]
    assert sheet_extent(H.sheet_xml(cells, "A1:C9").encode()) == (9, 3)  # trusted: nothing lies beyond C9
    assert sheet_extent(H.sheet_xml([*cells, ("D2", 1)], "A1:C9").encode()) == (2, 4)  # a wider cell: exact scan
    assert sheet_extent(H.sheet_xml([*cells, ("C10", 1)], "A1:C9").encode()) == (10, 3)  # a lower cell: exact scan
    assert sheet_extent(H.sheet_xml([*cells, ("XFD1048576", 1)], "A1:C2").encode()) == (1048576, 16384)
    blank_far = H.sheet_xml([*cells, ("ZZ1048576", None)], "A1:ZZ1048576").encode()
    assert sheet_extent(blank_far) == (2, 3)  # a formatted blank far away holds nothing: calamine skips it too
    assert sheet_extent(H.sheet_xml(cells).encode()) == (2, 3)  # no dimension at all


def test_shared_strings_bomb_refused_before_parsing(tmp_path: Path) -> None:
    """Guards item 2: a sharedStrings part inflating ~1000x took 1.7 GB and minutes; now refused in well under a second."""
    path = H.shared_strings_bomb(tmp_path / "폭탄.xlsx", 40)
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        load_sheets(path)
    assert time.monotonic() - started < 5
    assert str(err.value).startswith(
        "파일 '폭탄.xlsx': 파일 안의 'xl/sharedStrings.xml' 부분이 압축을 풀면 지나치게 커서 읽지 않았습니다(풀린 크기 40MB(압축의 "
    )
    assert "압축 폭탄이거나 손상된 파일입니다." in str(err.value)


def test_many_small_parts_that_add_up_to_a_bomb_are_refused(tmp_path: Path) -> None:
    """Guards item 2's sum: thirty 1 MB parts each pass the per-part limits, together they inflate ~1000x."""
    path = H.many_small_bombs(tmp_path / "조각.xlsx")
    with pytest.raises(InputError) as err:
        load_sheets(path)
    assert str(err.value).startswith(
        "파일 '조각.xlsx': 파일 안의 부분들이 모두 합쳐 압축을 풀면 지나치게 커서 읽지 않았습니다(풀린 크기 "
    )


def test_zip_header_lying_about_size_is_caught(tmp_path: Path) -> None:
    """Guards item 2: headers that claim 1 KB for a 2 MB part do not get past the byte-counting inflate."""
    path = H.lying_size(tmp_path / "거짓.xlsx")
    with pytest.raises(InputError) as err:
        load_sheets(path)
    assert str(err.value).startswith(
        "파일 '거짓.xlsx': 파일 안의 'xl/sharedStrings.xml' 부분의 크기 정보가 실제와 다릅니다(손상되었거나 조작된 파일입니다)."
    )


PAYMENTS = TableInput(
    "payments",
    "지급 내역",
    (
        Column("공무원번호", ColumnType.CODE),
        Column("성명", ColumnType.TEXT),
        Column("지급월", ColumnType.MONTH),
        Column("실적시간", ColumnType.HOURS),
        Column("지급액", ColumnType.MONEY),
    ),
)


def test_merged_footnote_row_is_a_footer_not_data(tmp_path: Path) -> None:
    """Guards item 3: a '※ 본 자료는 …' row merged across every column ended the run with exit 3 (zero-size array)."""
    table = read_table(H.payments_with_footnote(tmp_path / "지급.xlsx"), PAYMENTS)
    assert table.df["성명"].tolist() == ["홍길동", "김철수"]
    assert table.df["지급액"].tolist() == [123680, 61840]
    assert table.issues == []
    assert table.skipped_rows == {"병합된 주석 행": 1}


def test_fast_paths_take_strings_that_are_all_too_long() -> None:
    """Guards item 3 at its root: the numpy fast paths raised on an empty array of short strings."""
    note = np.array(["※ 본 자료는 2026년 3월 31일 기준이며, 세부 내역은 인사팀에 문의하시기 바랍니다."], dtype=object)
    assert C._fast_int_text(note)[0].tolist() == [False]
    assert C._fast_rrn(note)[0].tolist() == [False]
    assert C._total_hints(note).tolist() == [False]
    coded = C.encode(note)
    parsed = C.parse_uniques(coded, ColumnType.MONEY, lambda v: int(v), True)
    assert parsed.ok.tolist() == [False]


def test_no_end_date_9999_is_a_korean_cell_error_in_a_date_column(tmp_path: Path) -> None:
    """Guards item 4: 9999-12-31 in a DATE column ended the run with exit 3 OutOfBoundsDatetime."""
    spec = TableInput(
        "t",
        "기간",
        (
            Column("성명", ColumnType.TEXT),
            Column("시작일", ColumnType.DATE),
            Column("종료일", ColumnType.DATE, required=False),
        ),
    )
    table = read_table(H.no_end_date(tmp_path / "기간.xlsx"), spec)
    assert [it.message() for it in table.issues] == [
        "파일 '기간.xlsx', 시트 'Sheet', 2행, '종료일' 열(C열): 날짜가 너무 먼 과거나 미래입니다(1678~2261년만 읽습니다)."
        " 끝나는 날이 없으면 칸을 비워 두십시오 (값: '9999-12-31')"
    ]
    assert table.df["_ok"].tolist() == [False, True]
    assert table.df["종료일"].iloc[1] == dt.datetime(2026, 12, 31)


def test_no_end_date_9999_stays_readable_in_a_datetime_column(tmp_path: Path) -> None:
    """Guards item 4's other half: a DATETIME column keeps Python datetimes, so 9999-12-31 reads as it is."""
    spec = TableInput("t", "기간", (Column("성명", ColumnType.TEXT), Column("종료일", ColumnType.DATETIME)))
    table = read_table(H.no_end_date(tmp_path / "기간.xlsx"), spec)
    assert table.issues == []
    assert table.df["종료일"].tolist() == [dt.datetime(9999, 12, 31), dt.datetime(2026, 12, 31)]


def test_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """Guards item 5: a FIFO given as input hung the reader forever (run in a child with a timeout)."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = _read_in_child(fifo, timeout=30)
    assert done.stdout.strip() == (
        "InputError 파일 'pipe.csv': 일반 파일이 아닙니다(장치·파이프 같은 특수 파일은 읽지 않습니다).\n"
        "  → 엑셀 또는 CSV 파일을 선택하십시오."
    )


def test_device_file_is_refused() -> None:
    """Guards item 5: /dev/zero was read until memory ran out (run in a child with a memory limit)."""
    done = _read_in_child(Path("/dev/zero"), timeout=30)
    assert done.stdout.startswith("InputError 파일 'zero': 일반 파일이 아닙니다(장치·파이프 같은 특수 파일은 읽지 않습니다).")


def test_file_size_limit_is_a_setting(tmp_path: Path, haengbot_home: Path) -> None:
    """Guards item 5: reader.max_file_mb (settings.toml) caps what is read; a bigger file gets a Korean message."""
    big = tmp_path / "큰파일.csv"
    big.write_bytes(("성명,금액\n" + "홍길동,1000\n" * 200_000).encode("utf-8"))
    assert len(load_sheets(big)[0].rows) == 200_001
    (haengbot_home / "settings.toml").write_text("[reader]\nmax_file_mb = 1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_sheets(big)
    assert str(err.value) == (
        "파일 '큰파일.csv': 파일이 너무 큽니다(3MB). 읽을 수 있는 크기는 1MB까지입니다.\n"
        "  → 필요한 부분만 나눠 저장하거나, 설정의 '입력 파일 최대 크기(MB)'(reader.max_file_mb)를 늘리십시오."
    )


def test_chart_sheet_is_skipped_not_fatal(tmp_path: Path) -> None:
    """Guards item 6: a workbook with a chart sheet lists only the sheets that hold cells."""
    sheets = load_sheets(H.with_chart_sheet(tmp_path / "차트.xlsx"))
    assert [s.sheet for s in sheets] == ["지급"]


def test_xlsb_with_chart_sheet_reads_its_worksheets() -> None:
    """Guards item 6: calamine's any_sheets.xlsb (worksheets, a chart sheet, a macro sheet) was rejected as a whole."""
    sheets = load_sheets(ROOT / "tests/data/corpus/calamine/any_sheets.xlsb")
    assert [s.sheet for s in sheets] == ["Visible", "Hidden", "VeryHidden"]


def test_excel_error_cells_are_cell_errors_naming_the_error(tmp_path: Path) -> None:
    """Guards item 7: #N/A and #DIV/0! came back as empty strings, a silent blank in a required column."""
    path = H.excel_errors(tmp_path / "오류.xlsx")
    rows = load_sheets(path)[0].rows
    assert rows[1][1] == ExcelError("#DIV/0!") and rows[2][1] == ExcelError("#N/A")
    spec = TableInput(
        "t",
        "지급",
        (Column("성명", ColumnType.TEXT), Column("지급액", ColumnType.MONEY), Column("비고", ColumnType.TEXT, required=False)),
    )
    table = read_table(path, spec)
    assert [it.message() for it in table.issues] == [
        "파일 '오류.xlsx', 시트 '지급', 2행, '지급액' 열(B열): 엑셀 오류 값 #DIV/0! (값: '#DIV/0!')",
        "파일 '오류.xlsx', 시트 '지급', 3행, '지급액' 열(B열): 엑셀 오류 값 #N/A (값: '#N/A')",
        "파일 '오류.xlsx', 시트 '지급', 4행, '비고' 열(C열): 엑셀 오류 값 #N/A (값: '#N/A')",
    ]
    assert table.df["_ok"].tolist() == [False, False, False]


def test_excel_error_cells_in_a_legacy_xls_are_cell_errors(tmp_path: Path) -> None:
    """Guards item 7 for .xls (새올·지방세 systems still export it): calamine returned #N/A and #DIV/0! as blanks."""
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("지급")
    for c, head in enumerate(("성명", "지급액", "비고")):
        ws.write(0, c, head)
    ws.write(1, 0, "김정상")
    ws.row(1).set_cell_error(1, "#DIV/0!")
    ws.write(2, 0, "이오류")
    ws.row(2).set_cell_error(1, 0x2A)  # #N/A (xlwt spells it "#N/A!": give the code)
    ws.write(3, 0, "박비고")
    ws.write(3, 1, 12000)
    ws.row(3).set_cell_error(2, 0x2A)
    path = tmp_path / "오류.xls"
    book.save(str(path))
    rows = load_sheets(path)[0].rows
    assert rows[1][1] == ExcelError("#DIV/0!") and rows[2][1] == ExcelError("#N/A")
    spec = TableInput(
        "t",
        "지급",
        (Column("성명", ColumnType.TEXT), Column("지급액", ColumnType.MONEY), Column("비고", ColumnType.TEXT, required=False)),
    )
    table = read_table(path, spec)
    assert [it.message() for it in table.issues] == [
        "파일 '오류.xls', 시트 '지급', 2행, '지급액' 열(B열): 엑셀 오류 값 #DIV/0! (값: '#DIV/0!')",
        "파일 '오류.xls', 시트 '지급', 3행, '지급액' 열(B열): 엑셀 오류 값 #N/A (값: '#N/A')",
        "파일 '오류.xls', 시트 '지급', 4행, '비고' 열(C열): 엑셀 오류 값 #N/A (값: '#N/A')",
    ]
