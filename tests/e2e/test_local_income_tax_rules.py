"""local-income-tax on the rule engine, through the real CLI: a rule turned off, a rule parameter changed,
and the findings, roll-up and 규칙표 sheets read back from the workbook.

The planted sample (tasks/local_income_tax/sample.py): 임미납 paid nothing of 90,000원, 한일부 paid
100,000 of 150,000원 (50,000원 미납); 강무신 filed no local return (무신고, evidence in the 국세 file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import key_values, run_cli, sheet_rows


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lit-rules")
    code, _, err = run_cli("sample", "local-income-tax", "--dir", str(folder))
    assert code == 0, err
    return {"nts": folder / "nts.csv", "local": folder / "local.xlsx"}


def _run(samples: dict[str, Path], out: Path, *params: str) -> tuple[int, str]:
    args = ["run", "local-income-tax", "--input", f"nts={samples['nts']}", "--input", f"local={samples['local']}"]
    for param in ("include_normal=true", *params):
        args += ["--param", param]
    code, _, err = run_cli(*args, "--output", str(out))
    return code, err


def _by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["성명"]: r for r in rows}


def test_default_run_writes_findings_rollups_and_rule_table(samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "결과.xlsx"
    code, err = _run(samples, out)
    assert code == 0, err
    result = _by_name(sheet_rows(out, "대사결과"))
    found = sheet_rows(out, "찾은 건")
    no_filing = [f for f in found if f["규칙"] == "R01"]
    assert [f["성명"] for f in no_filing if f["성명"] == "강무신"] == ["강무신"]
    kang = next(f for f in no_filing if f["성명"] == "강무신")
    # The evidence is the 국세 row: the same Excel row 대사결과 cites, in the 국세 file (a CSV: no sheet).
    assert (kang["파일"], kang["시트"], kang["행"]) == ("nts.csv", None, result["강무신"]["국세 행"])
    assert (kang["심각도"], kang["규칙명"], kang["주민등록번호"]) == ("주의", "무신고", "820202-1******")
    unpaid = _by_name([f for f in found if f["규칙"] == "R05"])
    assert unpaid["임미납"]["사유"] == "미납: 낼 세액 90,000원, 납부 0원, 미납 90,000원"
    assert unpaid["한일부"]["사유"] == "일부납부: 낼 세액 150,000원, 납부 100,000원, 미납 50,000원"
    assert (unpaid["한일부"]["파일"], unpaid["한일부"]["행"]) == ("local.xlsx", result["한일부"]["지방 행"])
    summary = key_values(out, "요약")
    rules = {r["규칙"]: r for r in sheet_rows(out, "규칙표")}
    assert list(rules) == ["R01", "R02", "R03", "R04", "R05", "R06", "R07"]
    for rule in rules.values():  # the sample plants no person-year that two rules match
        assert rule["적용"] == "예"
        assert rule["찾은 건수"] == summary[f"{rule['규칙명']} 건수"] == summary[f"R{rule['규칙'][1:]} {rule['규칙명']}"]
    assert rules["R05"]["설정"] == "미납 표시 하한(원)(rule_R05_min_unpaid) = 1"
    people = _by_name(sheet_rows(out, "사람별 집계"))
    assert (people["강무신"]["건수"], people["강무신"]["주의"], people["강무신"]["위험점수"]) == (1, 1, 3)
    assert people["서광역"]["최고 심각도"] == "확인" and people["서광역"]["규칙"] == "R06"


def test_a_rule_turned_off_on_the_command_line(samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "꺼짐.xlsx"
    code, err = _run(samples, out, "rule_R05=false")
    assert code == 0, err
    normal = _by_name(sheet_rows(out, "정상"))
    assert normal["임미납"]["판정"] == "정상" and normal["한일부"]["판정"] == "정상"
    assert "미납/일부납부" not in {r["판정"] for r in sheet_rows(out, "대사결과")}
    assert [f for f in sheet_rows(out, "찾은 건") if f["규칙"] == "R05"] == []
    rules = {r["규칙"]: r for r in sheet_rows(out, "규칙표")}
    assert (rules["R05"]["적용"], rules["R05"]["찾은 건수"]) == ("아니오", None)
    summary = key_values(out, "요약")
    assert summary["미납/일부납부 건수"] == 0
    warning = "꺼 둔 규칙은 확인하지 않았습니다: R05 미납/일부납부. '규칙표' 시트에 적용 여부가 있습니다."
    assert warning in [str(v) for v in _values(out, "요약")]
    info = key_values(out, "실행정보")
    assert info["규칙 R05 미납/일부납부 적용 (rule_R05)"] == "아니오"


def test_a_rule_parameter_on_the_command_line(samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "하한.xlsx"
    code, err = _run(samples, out, "rule_R05_min_unpaid=60000")
    assert code == 0, err
    result = _by_name(sheet_rows(out, "대사결과"))
    assert result["임미납"]["판정"] == "미납/일부납부"  # 90,000원 ≥ 60,000원
    assert "한일부" not in result  # 50,000원 < 60,000원
    rules = {r["규칙"]: r for r in sheet_rows(out, "규칙표")}
    assert rules["R05"]["설정"] == "미납 표시 하한(원)(rule_R05_min_unpaid) = 60000"


def test_a_bad_switch_value_is_a_korean_error(samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    code, err = _run(samples, out, "rule_R05=아마")
    assert code == 2
    assert "설정 '규칙 R05 미납/일부납부 적용'(rule_R05) 값 '아마'를 쓸 수 없습니다: 예/아니오(true/false)로 적어 주십시오" in err
    assert not out.exists()


def _values(path: Path, sheet: str) -> list[Any]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    values = [v for row in wb[sheet].iter_rows(values_only=True) for v in row if v is not None]
    wb.close()
    return values
