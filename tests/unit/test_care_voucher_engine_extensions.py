"""The rule-engine extensions care-voucher-audit needed, on three hand-made rows: a rule with two severities,
contract sheet names, one 원본 위치 column, 관련 금액 counted once per row, and a rule skipped for a missing input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from core.rule_engine import Entity, RuleFrame, Source, apply_rules
from core.rules import Rule, RuleSet, Severity

ROWS = pd.DataFrame({"사람": ["가", "가", "나"], "금액": [100, 200, 400], "_row": [2, 3, 4]})


def edge(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"사유": ["안", "경계"], "심각도": ["주의", "확인"]}, index=[0, 1])


def big(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["t"]
    return pd.Series("큼", index=df.index[df["금액"] >= 200], dtype=object)


RULES = RuleSet(
    (
        Rule("R01", "기간", "법 1조", Severity.CAUTION, edge, table="t", also=(Severity.CHECK,)),
        Rule("R02", "큰 금액", "법 2조", Severity.CHECK, big, table="t"),
        Rule("R03", "가족", "법 3조", Severity.CAUTION, big, table="t"),
    )
)


def _apply(**kw: Any):  # type: ignore[no-untyped-def]
    frame = RuleFrame(ROWS.copy(), {"t": Source("결제.csv", None, "_row")})
    return apply_rules(
        RULES,
        {"t": frame},
        {},
        columns=("사람",),
        entities=(Entity("사람별", ("사람",), name="사람"),),
        findings_sheet="의심",
        **kw,
    )


def test_two_severities_location_amount_and_skipped_rule() -> None:
    report = _apply(location="원본 위치", amount="금액", skipped={"R03": "가족 자료 없음"})
    df = report.findings.df
    assert report.findings.name == "의심" and list(df.columns) == [
        "규칙",
        "규칙명",
        "심각도",
        "근거",
        "사유",
        "사람",
        "원본 위치",
    ]
    assert df[["규칙", "심각도", "사유", "원본 위치"]].values.tolist() == [
        ["R01", "주의", "안", "결제.csv / 2행"],
        ["R01", "확인", "경계", "결제.csv / 3행"],
        ["R02", "확인", "큼", "결제.csv / 3행"],
        ["R02", "확인", "큼", "결제.csv / 4행"],
    ]
    rollup = report.rollups[0]
    assert rollup.name == "사람"
    # 가: rows 2 and 3 (row 3 twice, counted once) = 300원; 나: row 4 = 400원.
    assert rollup.df[["사람", "건수", "주의", "확인", "위험점수", "규칙", "관련 금액"]].values.tolist() == [
        ["가", 3, 1, 2, 7, "R01, R02", 300],
        ["나", 1, 0, 1, 2, "R02", 400],
    ]
    table = report.rule_table.df
    assert table["심각도"].tolist() == ["주의; 확인", "확인", "주의"]
    assert table["적용"].tolist() == ["예", "예", "아니오(가족 자료 없음)"]
    assert table["찾은 건수"].tolist()[:2] == [2, 2] and pd.isna(table["찾은 건수"].iloc[2])
    summary = {item.label.strip(): item.value for item in report.summary}
    assert summary == {"규칙 '주의' 찾은 건수": 1, "R01 기간": 1, "규칙 '확인' 찾은 건수": 3, "R02 큰 금액": 2}
    assert report.warnings == ["입력이 없어 확인하지 못한 규칙: R03 가족(가족 자료 없음)."]


def test_an_undeclared_severity_is_a_bug_caught() -> None:
    bad = RuleSet((Rule("R01", "기간", "법 1조", Severity.CHECK, edge, table="t", also=(Severity.NOTE,)),))
    frame = RuleFrame(ROWS.copy(), {"t": Source("결제.csv", None, "_row")})
    with pytest.raises(ValueError, match="not declared"):
        apply_rules(bad, {"t": frame}, {})
