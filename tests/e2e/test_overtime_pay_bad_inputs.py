"""Bad inputs: exit code 2, a Korean message naming file (sheet, row, column), and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli, sheet_rows, write_csv, write_xlsx

H = ["공무원번호", "성명", "소속", "직급", "근무일자", "시작시각", "종료시각"]
GOOD = [
    ("1001", "가나다", "총무과", "7급", "2026-03-03", "18:00", "21:00"),
    ("1001", "가나다", "총무과", "7급", "2026-03-04", "18:00", "21:00"),
    ("1002", "나다라", "총무과", "8급", "2026-03-04", "18:00", "20:00"),
]
PAY_H = ["공무원번호", "성명", "지급월", "실적시간", "지급액"]
PAY = [("1001", "가나다", "2026-03", 4, "173,150"), ("1002", "나다라", "2026-03", 1, "133,240")]


def _run(tmp: Path, records: Path, payments: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp / "out" / "결과.xlsx"
    code, _, err = run_cli(
        "run", "overtime-pay", "--input", f"records={records}", "--input", f"payments={payments}", *extra, "--output", str(out)
    )
    return code, err, out


def _assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    if out.parent.exists():
        assert list(out.parent.iterdir()) == []


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Path]:
    return write_xlsx(tmp_path / "기록.xlsx", H, GOOD, sheet="초과근무"), write_csv(tmp_path / "지급.csv", PAY_H, PAY)


def test_good_inputs_pass(tmp_path: Path, good: tuple[Path, Path]) -> None:
    code, err, out = _run(tmp_path, *good)
    assert code == 0, err
    assert {r["판정"] for r in sheet_rows(out, "대사결과")} == {"정상"}


def test_missing_file(tmp_path: Path, good: tuple[Path, Path]) -> None:
    code, err, out = _run(tmp_path, tmp_path / "없는파일.xlsx", good[1])
    assert code == 2
    assert "오류: 파일 '없는파일.xlsx': 파일이 없습니다." in err
    _assert_nothing_written(out)


def test_empty_file(tmp_path: Path, good: tuple[Path, Path]) -> None:
    empty = tmp_path / "빈파일.csv"
    empty.write_bytes(b"")
    code, err, out = _run(tmp_path, good[0], empty)
    assert code == 2
    assert "파일 '빈파일.csv': 파일이 비어 있습니다." in err
    _assert_nothing_written(out)


def test_header_without_rows(tmp_path: Path, good: tuple[Path, Path]) -> None:
    only_header = write_xlsx(tmp_path / "머리글만.xlsx", H, [], sheet="초과근무")
    code, err, out = _run(tmp_path, only_header, good[1])
    assert code == 2
    assert "파일 '머리글만.xlsx', 시트 '초과근무', 1행: 머리글 아래에 데이터 행이 없습니다." in err
    _assert_nothing_written(out)


def test_missing_column(tmp_path: Path, good: tuple[Path, Path]) -> None:
    header = ["공무원번호", "성명", "소속", "직급", "날짜", "시작시각", "종료시각"]
    records = write_xlsx(tmp_path / "열없음.xlsx", header, GOOD, title="초과근무 현황", sheet="초과근무")
    code, err, out = _run(tmp_path, records, good[1])
    assert code == 2
    assert (
        "파일 '열없음.xlsx', 시트 '초과근무', 3행: 필수 열 '근무일자'를 찾을 수 없습니다. 이 열은 '일자', '근무일', "
        "'초과근무일자' 같은 이름으로도 찾습니다. 찾은 열: 공무원번호, 성명, 소속, 직급, 날짜, 시작시각, 종료시각"
    ) in err
    _assert_nothing_written(out)


def test_unreadable_date_stops_with_location(tmp_path: Path, good: tuple[Path, Path]) -> None:
    rows = [*GOOD, ("1002", "나다라", "총무과", "8급", "2026-02-30", "18:00", "20:00")]
    records = write_xlsx(tmp_path / "날짜.xlsx", H, rows, sheet="초과근무")
    code, err, out = _run(tmp_path, records, good[1], "--param", "on_bad_rows=stop")
    assert code == 2
    assert "파일 '날짜.xlsx', 시트 '초과근무', 5행, '근무일자' 열(E열): 없는 날짜입니다" in err
    assert "값: '2026-02-30'" in err
    _assert_nothing_written(out)


def test_unreadable_date_is_listed_and_marks_person_month(tmp_path: Path, good: tuple[Path, Path]) -> None:
    rows = [*GOOD, ("1002", "나다라", "총무과", "8급", "3월 5일쯤", "18:00", "20:00")]
    records = write_xlsx(tmp_path / "날짜.xlsx", H, rows, sheet="초과근무")
    code, err, out = _run(tmp_path, records, good[1])
    assert code == 0, err
    errors = sheet_rows(out, "오류행")
    assert [(e["파일"], e["시트"], e["행"], e["열"], e["값"], e["사유"]) for e in errors] == [
        ("날짜.xlsx", "초과근무", 5, "근무일자", "3월 5일쯤", "날짜 형식이 아닙니다 (예: 2026-03-02)")
    ]
    result = {r["공무원번호"]: r for r in sheet_rows(out, "대사결과")}
    assert result["1001"]["판정"] == "정상"
    assert result["1002"]["판정"] == "확인필요"
    assert result["1002"]["사유"].startswith("계산상 판정 정상, 그러나 읽지 못한 행 제외됨(초과근무 5행)")


def test_unknown_grade(tmp_path: Path, good: tuple[Path, Path]) -> None:
    rows = [*GOOD[:2], ("1002", "나다라", "총무과", "주무관", "2026-03-04", "18:00", "20:00")]
    records = write_xlsx(tmp_path / "직급.xlsx", H, rows, sheet="초과근무")
    code, err, out = _run(tmp_path, records, good[1], "--param", "on_bad_rows=stop")
    assert code == 2
    assert "파일 '직급.xlsx', 시트 '초과근무', 4행, '직급' 열(D열): 알 수 없는 직급입니다" in err
    _assert_nothing_written(out)
    code, err, out = _run(tmp_path, records, good[1])
    assert code == 0
    assert sheet_rows(out, "오류행")[0]["열"] == "직급"
    assert {r["공무원번호"]: r["판정"] for r in sheet_rows(out, "대사결과")}["1002"] == "확인필요"


def test_grade_outside_price_table(tmp_path: Path, good: tuple[Path, Path]) -> None:
    rows = [("1009", "가", "", "서기관", "2026-03-03", "18:00", "21:00")]
    records = write_xlsx(tmp_path / "4급.xlsx", H, rows, sheet="초과근무")
    code, err, _ = _run(tmp_path, records, good[1])
    assert code == 2  # the only row is unusable: nothing left to reconcile
    assert "2026년 4급 단가가 단가표에 없습니다" in err


def test_csv_in_unexpected_encoding(tmp_path: Path, good: tuple[Path, Path]) -> None:
    text = "공무원번호,성명,지급월,실적시간,지급액\r\n1001,José Müller,2026-03,4,173150\r\n"
    weird = tmp_path / "지급_utf16.csv"
    weird.write_bytes(text.encode("utf-16-le"))  # no BOM: neither UTF-8 nor CP949
    code, err, out = _run(tmp_path, good[0], weird)
    assert code == 2
    assert "파일 '지급_utf16.csv': 파일의 글자 인코딩을 알 수 없습니다. UTF-8도 CP949(ANSI)도 아닙니다." in err
    latin = tmp_path / "지급_latin1.csv"
    latin.write_bytes("공무원번호".encode()[:0] + b"id,name\r\n1001,Jos\xe9,\r\n")
    code, err, _ = _run(tmp_path, good[0], latin)
    assert code == 2 and "인코딩을 알 수 없습니다" in err
    _assert_nothing_written(out)


def test_utf8_and_cp949_and_bom_all_read(tmp_path: Path, good: tuple[Path, Path]) -> None:
    for enc in ("utf-8", "utf-8-sig", "cp949"):
        payments = write_csv(tmp_path / f"지급_{enc}.csv", PAY_H, PAY, encoding=enc)
        code, err, out = _run(tmp_path, good[0], payments)
        assert code == 0, (enc, err)
        out.unlink()


def test_password_protected_xlsx(tmp_path: Path, good: tuple[Path, Path]) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good[0]
    locked = tmp_path / "암호.xlsx"
    with open(plain, "rb") as fh, open(locked, "wb") as target:
        OOXMLFile(fh).encrypt("1234", target)
    code, err, out = _run(tmp_path, locked, good[1])
    assert code == 2
    assert "파일 '암호.xlsx': 암호가 걸린 엑셀 파일입니다." in err
    _assert_nothing_written(out)


def test_corrupt_xlsx(tmp_path: Path, good: tuple[Path, Path]) -> None:
    broken = tmp_path / "깨짐.xlsx"
    broken.write_bytes(good[0].read_bytes()[:600])
    code, err, out = _run(tmp_path, broken, good[1])
    assert code == 2
    assert "파일 '깨짐.xlsx': 엑셀 파일이 손상되었거나 암호가 걸려 있어 읽을 수 없습니다" in err
    not_excel = tmp_path / "가짜.xlsx"
    not_excel.write_text("이것은 엑셀이 아닙니다", encoding="utf-8")
    code, err, _ = _run(tmp_path, not_excel, good[1])
    assert code == 2 and "엑셀(xlsx) 파일이 아니거나 손상되었습니다" in err
    _assert_nothing_written(out)


def test_html_disguised_as_xls(tmp_path: Path, good: tuple[Path, Path]) -> None:
    fake = tmp_path / "내려받기.xls"
    fake.write_text("<html><body><table><tr><td>공무원번호</td></tr></table></body></html>", encoding="utf-8")
    code, err, _ = _run(tmp_path, fake, good[1])
    assert code == 2 and "실제로는 웹 페이지(HTML) 형식입니다" in err


def test_text_in_hours_column(tmp_path: Path, good: tuple[Path, Path]) -> None:
    pay = [PAY[0], ("1002", "나다라", "2026-03", "한시간", "133,240")]
    payments = write_csv(tmp_path / "지급.csv", PAY_H, pay)
    code, err, out = _run(tmp_path, good[0], payments, "--param", "on_bad_rows=stop")
    assert code == 2
    assert "파일 '지급.csv', 3행, '실적시간' 열(D열): 시간(숫자)이 아닙니다" in err
    _assert_nothing_written(out)
    code, err, out = _run(tmp_path, good[0], payments)
    assert code == 0
    result = {r["공무원번호"]: r for r in sheet_rows(out, "대사결과")}
    assert result["1002"]["판정"] == "확인필요"  # not a false 지급누락
    assert "지급 3행" in result["1002"]["사유"]


def test_bad_arguments(tmp_path: Path, good: tuple[Path, Path]) -> None:
    code, _, err = run_cli("run", "없는작업", "--output", str(tmp_path / "o.xlsx"))
    assert code == 2 and "'없는작업'라는 작업이 없습니다" in err
    code, err, out = _run(tmp_path, *good, "--param", "monthly_cap_hours=많이")
    assert code == 2 and "설정 '월 한도(시간)'(monthly_cap_hours) 값 '많이'를 쓸 수 없습니다: 숫자가 아닙니다" in err
    code, err, out = _run(tmp_path, *good, "--param", "nosuch=1")
    assert code == 2 and "'overtime-pay' 작업에는 'nosuch' 설정이 없습니다" in err
    code, _, err = run_cli("run", "overtime-pay", "--input", f"records={good[0]}", "--output", str(tmp_path / "o.xlsx"))
    assert code == 2 and "필수 입력 'payments'(시간외근무수당 지급 내역) 파일이 지정되지 않았습니다." in err
    code, _, err = run_cli(
        "run",
        "overtime-pay",
        "--input",
        f"records={good[0]}",
        "--input",
        f"payments={good[1]}",
        "--output",
        str(tmp_path / "o.csv"),
    )
    assert code == 2 and "결과 파일은 .xlsx여야 합니다" in err
    code, _, err = run_cli("run", "overtime-pay")
    assert code == 2 and "명령을 이해하지 못했습니다" in err
    _assert_nothing_written(out)


def test_no_traceback_reaches_the_clerk(tmp_path: Path, good: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import tasks.overtime_pay.task as task_module

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(task_module, "_days", boom)
    code, err, out = _run(tmp_path, *good)
    assert code == 3
    assert "Traceback" not in err
    assert "예상하지 못한 오류로 작업을 마치지 못했습니다(ZeroDivisionError)" in err
    _assert_nothing_written(out)
