"""care-voucher-audit refuses inputs it cannot judge: exit 2, a Korean message naming file, sheet, row and column,
and no workbook written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli, write_csv, write_xlsx

PAY_H = ["수급자번호", "수급자명", "활동지원사번호", "활동지원사명", "제공기관", "서비스일자", "시작시각", "종료시각", "결제금액"]
GOOD = [("S01", "가나", "H01", "다라", "가센터", "2026-09-01", "09:00", "12:00", "50,000")]


def _run(tmp: Path, *inputs: str) -> tuple[int, str, Path]:
    out = tmp / "out" / "결과.xlsx"
    args = [a for name_path in inputs for a in ("--input", name_path)]
    code, _, err = run_cli("run", "care-voucher-audit", *args, "--param", "base_date=2026-10-31", "--output", str(out))
    return code, err, out


def _payments(tmp: Path, rows: list[tuple[str, ...]] = GOOD) -> str:
    return f"payments={write_xlsx(tmp / '결제내역.xlsx', PAY_H, rows, title='2026년 9월 결제내역', sheet='결제')}"


@pytest.mark.parametrize(
    ("name", "header", "rows", "where", "why"),
    [
        (
            "events",
            ["수급자번호", "구분", "시작일", "종료일"],
            [("S01", "입원", "2026-09-01", "2026-09-03"), ("S01", "입원", "2026-09-10", "2026-09-05")],
            "파일 'events.csv', 3행, '종료일' 열(D열)",
            "종료일이 시작일(2026-09-10)보다 앞섭니다",
        ),
        (
            "events",
            ["수급자번호", "구분", "시작일", "종료일"],
            [("S01", "휴가", "2026-09-01", "")],
            "파일 'events.csv', 2행, '구분' 열(B열)",
            "허용되는 값이 아닙니다 (허용: 입원, 출국, 입소, 사망, 수감)",
        ),
        (
            "limits",
            ["수급자번호", "연월", "월한도액"],
            [("S01", "2026-09", "1,500,000"), ("S01", "2026-10", "백만원")],
            "파일 'limits.csv', 3행, '월한도액' 열(C열)",
            "",
        ),
    ],
)
def test_bad_side_inputs_stop(
    tmp_path: Path, name: str, header: list[str], rows: list[tuple[str, ...]], where: str, why: str
) -> None:
    path = write_csv(tmp_path / f"{name}.csv", header, rows)
    code, err, out = _run(tmp_path, _payments(tmp_path), f"{name}={path}")
    assert code == 2, err
    assert where in err
    assert why in err
    assert "Traceback" not in err
    assert not out.exists() and not out.parent.exists()


def test_a_payment_without_a_date_stops(tmp_path: Path) -> None:
    rows = [*GOOD, ("S01", "가나", "H01", "다라", "가센터", "", "13:00", "14:00", "16,000")]
    code, err, out = _run(tmp_path, _payments(tmp_path, rows))
    assert code == 2, err
    # Title row 1, blank row 2, header row 3: the second payment is Excel row 5.
    assert "파일 '결제내역.xlsx', 시트 '결제', 5행, '서비스일자' 열(F열)" in err
    assert "값이 비어 있습니다" in err
    assert not out.exists()


def test_skip_policy_lists_the_bad_payment_on_the_error_sheet(tmp_path: Path) -> None:
    from tests.helpers import sheet_rows

    rows = [*GOOD, ("S01", "가나", "H01", "다라", "가센터", "", "13:00", "14:00", "16,000")]
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli(
        "run", "care-voucher-audit", "--input", _payments(tmp_path, rows), "--param", "on_bad_rows=skip", "--output", str(out)
    )
    assert code == 0, err
    bad = sheet_rows(out, "오류행")
    assert [(r["파일"], r["시트"], r["행"], r["열"], r["사유"]) for r in bad] == [
        ("결제내역.xlsx", "결제", 5, "서비스일자", "값이 비어 있습니다")
    ]
