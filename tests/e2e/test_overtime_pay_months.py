"""A year's audit in small: monthly 초과근무 files given together (``--input records=…`` repeated).

Two monthly files must give exactly the workbook one file holding both months gives, and a bad row
of the second file must be reported with that file's name (오류행, 사유, the stop message).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli, sheet_rows, write_csv, write_xlsx

H = ["공무원번호", "성명", "소속", "직급", "근무일자", "시작시각", "종료시각"]
MARCH = [
    ("1001", "가나다", "총무과", "7급", "2026-03-03", "18:00", "21:00"),  # 평일 180분 - 60 = 120분
    ("1001", "가나다", "총무과", "7급", "2026-03-04", "18:00", "21:00"),  # 120분: 3월 4시간
    ("1002", "나다라", "총무과", "8급", "2026-03-04", "18:00", "20:00"),  # 60분: 1시간
]
APRIL = [
    ("1001", "가나다", "총무과", "7급", "2026-04-01", "18:00", "20:00"),  # 60분: 4월 1시간
    ("1002", "나다라", "총무과", "8급", "2026-04-04", "09:00", "12:00"),  # 토요일 180분, 공제 없음: 3시간
]
PAY_H = ["공무원번호", "성명", "지급월", "실적시간", "지급액"]
# (시간 + 정액 10) × 2026 단가(7급 12,368원, 8급 12,113원), 10원 미만 버림.
PAY = [
    ("1001", "가나다", "2026-03", 4, "173,150"),
    ("1002", "나다라", "2026-03", 1, "133,240"),
    ("1001", "가나다", "2026-04", 1, "136,040"),
    ("1002", "나다라", "2026-04", 3, "157,460"),
]


def _run(tmp: Path, records: list[Path], payments: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp / "out" / f"결과{len(records)}.xlsx"
    given = [arg for path in records for arg in ("--input", f"records={path}")]
    code, _, err = run_cli("run", "overtime-pay", *given, "--input", f"payments={payments}", *extra, "--output", str(out))
    return code, err, out


def test_two_monthly_files_equal_one_file_of_both_months(tmp_path: Path) -> None:
    pay = write_csv(tmp_path / "지급.csv", PAY_H, PAY)
    march = write_xlsx(tmp_path / "3월.xlsx", H, MARCH, sheet="초과근무")
    april = write_xlsx(tmp_path / "4월.xlsx", H, APRIL, sheet="초과근무")
    both = write_xlsx(tmp_path / "3-4월.xlsx", H, [*MARCH, *APRIL], sheet="초과근무")
    code, err, split = _run(tmp_path, [march, april], pay)
    assert code == 0, err
    code, err, whole = _run(tmp_path, [both], pay)
    assert code == 0, err
    for sheet in ("대사결과", "일별내역"):
        assert sheet_rows(split, sheet) == sheet_rows(whole, sheet)
    result = {(r["공무원번호"], r["근무월"]): r for r in sheet_rows(split, "대사결과")}
    assert {k: (r["한도적용시간"], r["산정액"], r["판정"]) for k, r in result.items()} == {
        ("1001", "2026-03"): (4, 173150, "정상"),
        ("1002", "2026-03"): (1, 133240, "정상"),
        ("1001", "2026-04"): (1, 136040, "정상"),
        ("1002", "2026-04"): (3, 157460, "정상"),
    }
    assert len(sheet_rows(split, "일별내역")) == 5


def test_a_bad_row_of_the_second_file_names_that_file(tmp_path: Path) -> None:
    pay = write_csv(tmp_path / "지급.csv", PAY_H, PAY)
    march = write_xlsx(tmp_path / "3월.xlsx", H, MARCH, sheet="초과근무")
    april_rows = [*APRIL, ("1002", "나다라", "총무과", "주무관", "2026-04-05", "09:00", "10:30")]  # 직급 without a grade
    april = write_xlsx(tmp_path / "4월.xlsx", H, april_rows, sheet="4월분")
    code, err, out = _run(tmp_path, [march, april], pay)
    assert code == 0, err
    errors = sheet_rows(out, "오류행")
    assert [(e["파일"], e["시트"], e["행"], e["열"]) for e in errors] == [("4월.xlsx", "4월분", 4, "직급")]
    result = {(r["공무원번호"], r["근무월"]): r for r in sheet_rows(out, "대사결과")}
    assert result[("1002", "2026-04")]["판정"] == "확인필요"
    assert "읽지 못한 행 제외됨(초과근무 4월.xlsx 4월분 4행)" in result[("1002", "2026-04")]["사유"]
    assert result[("1002", "2026-03")]["판정"] == "정상"  # March is not in doubt
    code, err, _ = _run(tmp_path, [march, april], pay, "--param", "on_bad_rows=stop")
    assert code == 2
    assert "파일 '4월.xlsx', 시트 '4월분', 4행, '직급' 열(D열): 알 수 없는 직급입니다" in err
