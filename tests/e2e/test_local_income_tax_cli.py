"""``local-income-tax`` through the command line: bad inputs stop with exit 2 and a Korean message
naming file, sheet, row and column; no unmasked 주민등록번호 ends up in the workbook, the log or the
database."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tasks.local_income_tax.sample import people
from tests.helpers import key_values, run_cli, run_json, sheet_rows, write_csv, write_xlsx

NTS_H = ["귀속연도", "주민등록번호", "성명", "주소", "신고구분", "신고일", "결정세액"]
LOCAL_H = ["귀속연도", "주민등록번호", "성명", "신고일", "지방소득세 신고세액", "납부세액"]
ADDR = "경기도 광주시 경안동 1"
NTS = [
    (2025, "800101-1000001", "가나다", ADDR, "정기", "2026-05-20", "1,000,000"),
    (2025, "800102-2000002", "나다라", ADDR, "정기", "2026-05-20", "2,000,000"),
    (2025, "800103-1000003", "다라마", ADDR, "정기", "2026-05-20", "3,000,000"),
]
LOCAL = [
    (2025, "800101-1000001", "가나다", "2026-05-21", "100,000", "100,000"),
    (2025, "800102-2000002", "나다라", "2026-05-21", "200,000", "200,000"),
    (2025, "800103-1000003", "다라마", "2026-05-21", "300,000", "300,000"),
]
# A full 주민등록번호, with or without hyphen or spaces (masked ones carry '*', so they never match).
# Not after a decimal point or a hex digit: a float's fraction (a duration) or a SHA-256 is not a person.
UNMASKED = re.compile(rb"(?<![\da-fA-F.])\d{6}\s?-?\s?[1-8]\d{6}(?![\da-fA-F])")


def _run(tmp: Path, nts: Path, local: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp / "out" / "결과.xlsx"
    code, _, err = run_cli(
        "run", "local-income-tax", "--input", f"nts={nts}", "--input", f"local={local}", *extra, "--output", str(out)
    )
    return code, err, out


def _assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_good_inputs(tmp_path: Path) -> None:
    code, err, out = _run(
        tmp_path,
        write_csv(tmp_path / "nts.csv", NTS_H, NTS),
        write_xlsx(tmp_path / "local.xlsx", LOCAL_H, LOCAL, title="지방소득세 내역"),
    )
    assert code == 0, err
    wb = zipfile.ZipFile(out).namelist()
    assert wb  # a real workbook
    summary = key_values(out, "요약")
    assert summary["정상 건수"] == 3
    assert sheet_rows(out, "대사결과") == []


def test_duplicate_keys_are_listed_with_their_rows(tmp_path: Path) -> None:
    local = [
        *LOCAL,
        (2025, "8001011000001", "가나다", "2026-05-29", "1,000", "1,000"),
        (2025, "800103-1000003", "다라마", "2026-05-30", "2,000", "2,000"),
    ]
    code, err, out = _run(
        tmp_path, write_csv(tmp_path / "nts.csv", NTS_H, NTS), write_xlsx(tmp_path / "local.xlsx", LOCAL_H, local, sheet="지방")
    )
    assert code == 2
    assert "파일 'local.xlsx', 시트 '지방', 2행, '주민등록번호' 열(B열)" in err
    assert "같은 주민등록번호·귀속연도가 두 번 이상 나옵니다(2건)" in err
    assert "2025년 800101-1****** (2행, 5행)" in err
    assert "2025년 800103-1****** (4행, 6행)" in err
    assert "1000001" not in err
    _assert_nothing_written(out)


def test_duplicates_on_the_national_side(tmp_path: Path) -> None:
    nts = [*NTS, (2025, "800102-2000002", "나다라", ADDR, "수정", "2026-07-01", "2,100,000")]
    code, err, out = _run(
        tmp_path, write_csv(tmp_path / "nts.csv", NTS_H, nts), write_csv(tmp_path / "local.csv", LOCAL_H, LOCAL)
    )
    assert code == 2
    assert "파일 'nts.csv', 3행, '주민등록번호' 열(B열)" in err
    assert "800102-2****** (3행, 5행)" in err
    _assert_nothing_written(out)


def test_year_column_holding_text(tmp_path: Path) -> None:
    nts = [NTS[0], (" 이천이십오년", *NTS[1][1:]), NTS[2]]
    code, err, out = _run(
        tmp_path, write_xlsx(tmp_path / "nts.xlsx", NTS_H, nts, sheet="국세"), write_csv(tmp_path / "local.csv", LOCAL_H, LOCAL)
    )
    assert code == 2
    assert "파일 'nts.xlsx', 시트 '국세', 3행, '귀속연도' 열(A열): 숫자가 아닙니다" in err
    _assert_nothing_written(out)


def test_implausible_year(tmp_path: Path) -> None:
    nts = [NTS[0], (25, *NTS[1][1:]), NTS[2]]
    code, err, out = _run(
        tmp_path, write_csv(tmp_path / "nts.csv", NTS_H, nts), write_csv(tmp_path / "local.csv", LOCAL_H, LOCAL)
    )
    assert code == 2
    assert "3행, '귀속연도' 열(A열): 귀속연도는 1990~2100 사이의 네 자리 연도여야 합니다" in err
    _assert_nothing_written(out)


@pytest.mark.parametrize("bad", ["미정", "12,3a4", "1.5"])
def test_tax_column_not_a_number(tmp_path: Path, bad: str) -> None:
    local = [LOCAL[0], (*LOCAL[1][:4], bad, "200,000"), LOCAL[2]]
    code, err, out = _run(
        tmp_path, write_csv(tmp_path / "nts.csv", NTS_H, NTS), write_csv(tmp_path / "local.csv", LOCAL_H, local)
    )
    assert code == 2
    assert "파일 'local.csv', 3행, '지방소득세 신고세액' 열(E열)" in err
    assert ("숫자가 아닙니다" in err) or ("원 단위 정수가 아닙니다" in err)
    _assert_nothing_written(out)


def test_skip_policy_lists_bad_rows_instead(tmp_path: Path) -> None:
    local = [LOCAL[0], (*LOCAL[1][:4], "미정", "200,000"), LOCAL[2]]
    code, err, out = _run(
        tmp_path,
        write_csv(tmp_path / "nts.csv", NTS_H, NTS),
        write_csv(tmp_path / "local.csv", LOCAL_H, local),
        "--param",
        "on_bad_rows=skip",
    )
    assert code == 0, err
    bad = sheet_rows(out, "오류행")
    assert [(r["행"], r["열"]) for r in bad] == [(3, "지방소득세 신고세액")]
    found = {r["성명"]: r for r in sheet_rows(out, "대사결과")}
    assert found["나다라"]["판정"] == "무신고"
    assert "지방 자료의 같은 사람·연도 행(3행)이 읽을 수 없어 빠졌음" in found["나다라"]["사유"]


def test_no_unmasked_rrn_in_workbook_log_or_database(tmp_path: Path, haengbot_home: Path) -> None:
    code, _, err = run_cli("sample", "local-income-tax", "--dir", str(tmp_path / "in"))
    assert code == 0, err
    out = tmp_path / "결과.xlsx"
    code, summary, err = run_json(
        "run",
        "local-income-tax",
        "--input",
        f"nts={tmp_path / 'in' / 'nts.csv'}",
        "--input",
        f"local={tmp_path / 'in' / 'local.xlsx'}",
        "--param",
        "include_normal=true",
        "--param",
        "late_reference_date=2026-09-30",
        "--output",
        str(out),
    )
    assert code == 0, err
    # A failing run too: its message reaches the log and the run history.
    dup = write_csv(tmp_path / "dup.csv", NTS_H, [*NTS, NTS[0]])
    code, err2, _ = _run(tmp_path, dup, write_csv(tmp_path / "l.csv", LOCAL_H, LOCAL))
    assert code == 2
    full_numbers = {p.rrn.replace("-", "") for p in people()} | {"8001011000001"}
    texts = {"stderr": (err + err2).encode(), "summary": repr(summary).encode()}
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            texts[f"xlsx:{name}"] = z.read(name)
    assert any(b"900101-1******" in v for k, v in texts.items() if k.startswith("xlsx:"))
    for path in haengbot_home.rglob("*"):
        if path.is_file():
            texts[str(path)] = path.read_bytes()
    db = next(haengbot_home.rglob("*.sqlite3"))
    with sqlite3.connect(db) as conn:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            texts[f"db:{table}"] = repr(conn.execute(f"SELECT * FROM {table}").fetchall()).encode()
    assert any(k.endswith("haengbot.log") for k in texts)
    for where, data in texts.items():
        assert not UNMASKED.search(data), (where, UNMASKED.search(data))
        for number in full_numbers:
            for shown in (number, f"{number[:6]}-{number[6:]}", number.lstrip("0")):
                assert shown.encode() not in data, (where, shown)
