"""The rule engine on five hand-made 청구 rows: every finding, roll-up, count and 규칙표 cell worked out by hand.

Rows (Excel rows 2..6 of 청구.xlsx, sheet 청구):
  0 김가 A기관 18시간 1,200,000원 평일  → R01 (18 > 16), R02 (> 1,000,000)
  1 이나 A기관 10시간   300,000원 주말  → R03
  2 박다 B기관 14시간 1,500,000원 주말  → R02, R03 (and R01 when the limit is 12)
  3 김가 A기관 17시간   200,000원 평일  → R01
  4 최라 B기관  8시간   100,000원 평일  → nothing
Weights: 주의 3, 확인 2, 참고 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from core.params import parse_param, resolve_params
from core.result import Result, ResultTable
from core.rule_engine import Entity, RuleFrame, Source, apply_rules, won_text
from core.rules import Rule, RuleSet, Severity
from core.spec import Param, ParamType, TaskSpec
from core.writer import FILLS, write_workbook

CLAIMS = pd.DataFrame(
    {
        "성명": ["김가", "이나", "박다", "김가", "최라"],
        "기관": ["A기관", "A기관", "B기관", "A기관", "B기관"],
        "시간": [18, 10, 14, 17, 8],
        "금액": [1_200_000, 300_000, 1_500_000, 200_000, 100_000],
        "주말": [False, True, True, False, False],
        "_row": [2, 3, 4, 5, 6],
    }
)


def long_day(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["claims"]
    hit = df[df["시간"] > params["max_hours"]]
    return "하루 " + hit["시간"].astype(str) + f"시간 청구(한도 {params['max_hours']}시간)"


def large_claim(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["claims"]
    hit = df[df["금액"] > 1_000_000]
    return "청구액 " + won_text(hit["금액"]) + "원"


def weekend(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["claims"]
    return pd.Series("주말 청구", index=df.index[df["주말"]], dtype=object)


MAX_HOURS = Param("max_hours", "하루 최대 시간", ParamType.INTEGER, 16, minimum=1, maximum=24)
RULES = RuleSet(
    (
        Rule("R01", "하루 시간 초과", "활동지원 지침 3장", Severity.CAUTION, long_day, params=(MAX_HOURS,)),
        Rule("R02", "고액 청구", "활동지원 지침 4장", Severity.CHECK, large_claim),
        Rule("R03", "주말 청구", "활동지원 지침 5장", Severity.NOTE, weekend),
    )
)
ENTITIES = (Entity("사람별", ("성명",)), Entity("기관별", ("기관",)))


def _apply(**params: Any):  # type: ignore[no-untyped-def]
    prepared = RuleFrame(CLAIMS.copy(), {"claims": Source("청구.xlsx", "청구", "_row")})
    return apply_rules(RULES, {"claims": prepared}, params, columns=("성명", "기관"), entities=ENTITIES)


def _rows(table: ResultTable) -> list[tuple[Any, ...]]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in table.df.itertuples(index=False)]


def test_rule_params_are_ordinary_params() -> None:
    params = RULES.params()
    assert [p.name for p in params] == ["rule_R01", "rule_R01_max_hours", "rule_R02", "rule_R03"]
    switch, limit = params[0], params[1]
    assert (switch.type, switch.default, switch.label) == (ParamType.BOOL, True, "규칙 R01 하루 시간 초과 적용")
    assert switch.help.startswith("끄면 '하루 시간 초과'를 찾지 않습니다(심각도 주의).")
    assert (limit.label, limit.default, limit.basis) == ("규칙 R01 하루 시간 초과: 하루 최대 시간", 16, "활동지원 지침 3장")
    assert parse_param(switch, "false") is False
    task = TaskSpec("toy", "장난감", "복지", "", "", (), params, run=lambda *a: Result())
    resolved = resolve_params(task, {"rule_R03": "아니오", "rule_R01_max_hours": "12"})
    assert resolved == {"rule_R01": True, "rule_R01_max_hours": 12, "rule_R02": True, "rule_R03": False}


def test_findings_rollups_summary_and_rule_table_by_hand() -> None:
    report = _apply()
    assert list(report.findings.df.columns) == ["규칙", "규칙명", "심각도", "근거", "사유", "파일", "시트", "행", "성명", "기관"]
    assert _rows(report.findings) == [
        (
            "R01",
            "하루 시간 초과",
            "주의",
            "활동지원 지침 3장",
            "하루 18시간 청구(한도 16시간)",
            "청구.xlsx",
            "청구",
            2,
            "김가",
            "A기관",
        ),
        (
            "R01",
            "하루 시간 초과",
            "주의",
            "활동지원 지침 3장",
            "하루 17시간 청구(한도 16시간)",
            "청구.xlsx",
            "청구",
            5,
            "김가",
            "A기관",
        ),
        ("R02", "고액 청구", "확인", "활동지원 지침 4장", "청구액 1,200,000원", "청구.xlsx", "청구", 2, "김가", "A기관"),
        ("R02", "고액 청구", "확인", "활동지원 지침 4장", "청구액 1,500,000원", "청구.xlsx", "청구", 4, "박다", "B기관"),
        ("R03", "주말 청구", "참고", "활동지원 지침 5장", "주말 청구", "청구.xlsx", "청구", 3, "이나", "A기관"),
        ("R03", "주말 청구", "참고", "활동지원 지침 5장", "주말 청구", "청구.xlsx", "청구", 4, "박다", "B기관"),
    ]
    assert (report.findings.highlight_by, report.findings.highlight) == (
        "심각도",
        {"주의": "finding", "확인": "warning", "참고": "note"},
    )
    people, agencies = report.rollups
    assert people.name == "사람별 집계"
    assert list(people.df.columns) == ["성명", "건수", "주의", "확인", "참고", "위험점수", "최고 심각도", "규칙"]
    assert _rows(people) == [
        ("김가", 3, 2, 1, 0, 8, "주의", "R01, R02"),  # 3 + 3 + 2
        ("박다", 2, 0, 1, 1, 3, "확인", "R02, R03"),  # 2 + 1
        ("이나", 1, 0, 0, 1, 1, "참고", "R03"),
    ]
    assert _rows(agencies) == [
        ("A기관", 4, 2, 1, 1, 9, "주의", "R01, R02, R03"),
        ("B기관", 2, 0, 1, 1, 3, "확인", "R02, R03"),
    ]
    assert [(i.label, i.value, i.kind) for i in report.summary] == [
        ("규칙 '주의' 찾은 건수", 2, "finding"),
        ("  R01 하루 시간 초과", 2, ""),
        ("규칙 '확인' 찾은 건수", 2, "warning"),
        ("  R02 고액 청구", 2, ""),
        ("규칙 '참고' 찾은 건수", 2, "note"),
        ("  R03 주말 청구", 2, ""),
    ]
    assert report.rule_table.name == "규칙표"
    assert _rows(report.rule_table) == [
        ("R01", "하루 시간 초과", "주의", "활동지원 지침 3장", "하루 최대 시간(rule_R01_max_hours) = 16", "예", 2),
        ("R02", "고액 청구", "확인", "활동지원 지침 4장", "", "예", 2),
        ("R03", "주말 청구", "참고", "활동지원 지침 5장", "", "예", 2),
    ]
    assert report.warnings == []
    # One 판정 per row: the first declared rule that matched it.
    assert report.first_hit(CLAIMS.index, "정상").tolist() == [
        "하루 시간 초과",
        "주말 청구",
        "고액 청구",
        "하루 시간 초과",
        "정상",
    ]


def test_one_rule_off_and_one_parameter_changed() -> None:
    report = _apply(rule_R03=False, rule_R01_max_hours=12)
    assert [(r[0], r[4], r[7]) for r in _rows(report.findings)] == [
        ("R01", "하루 18시간 청구(한도 12시간)", 2),
        ("R01", "하루 14시간 청구(한도 12시간)", 4),
        ("R01", "하루 17시간 청구(한도 12시간)", 5),
        ("R02", "청구액 1,200,000원", 2),
        ("R02", "청구액 1,500,000원", 4),
    ]
    assert _rows(report.rollups[0]) == [
        ("김가", 3, 2, 1, 0, 8, "주의", "R01, R02"),
        ("박다", 2, 1, 1, 0, 5, "주의", "R01, R02"),  # 3 + 2
    ]
    assert _rows(report.rule_table) == [
        ("R01", "하루 시간 초과", "주의", "활동지원 지침 3장", "하루 최대 시간(rule_R01_max_hours) = 12", "예", 3),
        ("R02", "고액 청구", "확인", "활동지원 지침 4장", "", "예", 2),
        ("R03", "주말 청구", "참고", "활동지원 지침 5장", "", "아니오", None),  # not run: no count
    ]
    assert [i.label.strip() for i in report.summary] == [
        "규칙 '주의' 찾은 건수",
        "R01 하루 시간 초과",
        "규칙 '확인' 찾은 건수",
        "R02 고액 청구",
    ]
    assert report.warnings == ["꺼 둔 규칙은 확인하지 않았습니다: R03 주말 청구. '규칙표' 시트에 적용 여부가 있습니다."]
    assert "R03" not in report.reasons and report.reasons["R01"].index.tolist() == [0, 2, 3]


def test_entity_key_keeps_apart_people_whose_shown_columns_collide() -> None:
    """Two people with the same masked number and name are two entities when the hidden key says so."""
    df = pd.DataFrame(
        {
            "주민등록번호": ["800101-1******"] * 3,
            "성명": ["김가"] * 3,
            "_person": ["8001011000001", "8001011000002", "8001011000001"],
            "시간": [20, 20, 20],
            "금액": [0, 0, 0],
            "주말": [False] * 3,
            "_row": [2, 3, 4],
        }
    )
    prepared = RuleFrame(df, {"claims": Source("청구.xlsx", None, "_row")})
    person = Entity("사람별", ("주민등록번호", "성명"), key="_person")
    report = apply_rules(RULES, {"claims": prepared}, {}, entities=(person,))
    assert _rows(report.rollups[0]) == [
        ("800101-1******", "김가", 2, 2, 0, 0, 6, "주의", "R01"),
        ("800101-1******", "김가", 1, 1, 0, 0, 3, "주의", "R01"),
    ]
    assert "_person" not in report.findings.df.columns
    assert report.findings.df["시트"].tolist() == [None, None, None]  # a CSV has no sheet


def test_nothing_found_still_lists_every_rule() -> None:
    quiet = CLAIMS.assign(시간=1, 금액=1, 주말=False)
    report = apply_rules(
        RULES, {"claims": RuleFrame(quiet, {"c": Source("c.csv", None, "_row")})}, {}, columns=("성명",), entities=ENTITIES
    )
    assert report.findings.df.empty and list(report.findings.df.columns)[-1] == "성명"
    assert all(r.df.empty for r in report.rollups)
    assert [r[-1] for r in _rows(report.rule_table)] == [0, 0, 0]


def test_a_predicate_returning_foreign_row_ids_is_caught() -> None:
    def wrong(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
        return pd.Series(["?"], index=[99])

    rules = RuleSet((Rule("X1", "잘못", "", Severity.NOTE, wrong),))
    with pytest.raises(ValueError, match="X1"):
        apply_rules(rules, {"claims": RuleFrame(CLAIMS, {"c": Source("c.csv", None, "_row")})}, {})


@pytest.mark.parametrize("bad", ["R-1", "1R", "R 1"])
def test_rule_ids_must_be_cli_safe(bad: str) -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        RuleSet((Rule(bad, "x", "", Severity.NOTE, weekend),))
    with pytest.raises(ValueError, match="twice"):
        RuleSet((Rule("R1", "x", "", Severity.NOTE, weekend), Rule("r1", "y", "", Severity.NOTE, weekend)))


def test_workbook_has_the_sheets_and_colours_per_severity(tmp_path: Path) -> None:
    report = _apply()
    result = report.add_to(Result(tables=[ResultTable("청구", CLAIMS.drop(columns=["_row"]))]))
    out = write_workbook(tmp_path / "결과.xlsx", result, error_table=None, info=[])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["요약", "청구", "찾은 건", "사람별 집계", "기관별 집계", "규칙표", "실행정보"]
    found = book["찾은 건"]
    fills = [found.cell(row=r, column=1).fill.fgColor.rgb[-6:] for r in range(2, 8)]
    want = [FILLS[k].lstrip("#").upper() for k in ("finding", "finding", "warning", "warning", "note", "note")]
    assert fills == want
    rules = [tuple(c.value for c in row) for row in book["규칙표"].iter_rows(min_row=2)]
    assert rules[0] == ("R01", "하루 시간 초과", "주의", "활동지원 지침 3장", "하루 최대 시간(rule_R01_max_hours) = 16", "예", 2)
    summary = {row[0].value.strip(): row[1].value for row in book["요약"].iter_rows(min_row=3) if row[0].value}
    assert summary["규칙 '주의' 찾은 건수"] == 2 and summary["규칙표"] == 3 and summary["찾은 건"] == 6
    labels = [row[0].value for row in book["요약"].iter_rows(min_row=3) if row[0].value]
    assert labels[:3] == ["■ 규칙별 찾은 건", "규칙 '주의' 찾은 건수", "  R01 하루 시간 초과"]
    assert result.summary == []  # the GUI's cards stay the task's own; the counts are on 요약
    colour = book["요약"].cell(row=4, column=1).fill.fgColor.rgb[-6:]
    assert colour == FILLS["finding"].lstrip("#").upper()


def test_shown_columns_are_made_for_matching_rows_only() -> None:
    """``RuleFrame.show`` masks a number per finding: never for the rows no rule matched."""
    seen: list[list[int]] = []

    def show(rows: pd.DataFrame) -> pd.DataFrame:
        seen.append(rows.index.tolist())
        return rows.assign(표시=rows["성명"].str.slice(0, 1) + "*")

    prepared = RuleFrame(CLAIMS.copy(), {"claims": Source("청구.xlsx", "청구", "_row")}, show)
    report = apply_rules(RULES, {"claims": prepared}, {}, columns=("표시",))
    assert seen == [[0, 3], [0, 2], [1, 2]]  # R01, R02, R03: row 4 (최라) matched nothing
    assert report.findings.df["표시"].tolist() == ["김*", "김*", "김*", "박*", "이*", "박*"]
    assert "표시" not in CLAIMS.columns
