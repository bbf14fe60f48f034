"""The predicates of local-income-tax's rules (declared in ``outcomes.RULES``), over the matched pairs.

Each reads the one prepared table ``pairs`` (one row per person-year, built by ``task.prepare_pairs``)
and returns a Korean reason for each matching row, indexed by the row id. Whole columns at a time:
a city has hundreds of thousands of person-years. 대사결과's 사유 starts with the reason of the rule
that named the 판정, so these use its words; ``task.explain`` adds the 가산세 and the notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from core.rule_engine import won_text
from tasks.local_income_tax.outcomes import LOCAL_TAX

PAIRS = "pairs"


def _amount_rows(pairs: pd.DataFrame) -> pd.Series:
    """Both sides present and the 국세 address not elsewhere: the rows whose amounts are compared."""
    return pairs["_both"] & ~pairs["_outside"]


def _gap(hit: pd.DataFrame, tol: int, word: str | pd.Series) -> pd.Series:
    """신고 vs 산정, the gap and its direction: the words 대사결과 has always used."""
    diff = hit["diff"].astype("int64")
    return (
        "신고 "
        + won_text(hit[f"l_{LOCAL_TAX}"])
        + "원, 산정 "
        + won_text(hit["expected"])
        + "원(국세 결정세액 "
        + won_text(hit["n_결정세액"])
        + "원 × 10%, 10원 미만 버림): "
        + won_text(diff.abs())
        + "원 "
        + word
        + f" 신고 (허용 오차 {tol:,}원 초과)"
    )


def no_filing(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs = frames[PAIRS]
    hit = pairs[pairs["_has_n"] & ~pairs["_has_l"] & (pairs["expected"].fillna(0) > 0) & ~pairs["_outside"]]
    return "국세 결정세액 " + won_text(hit["n_결정세액"]) + "원 → 지방소득세 " + won_text(hit["expected"]) + "원, 지방 신고 없음"


def under_reported(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs, tol = frames[PAIRS], int(params["tolerance"])
    hit = pairs[_amount_rows(pairs) & ~pairs["_amended"] & (pairs["diff"].fillna(0) < -tol)]
    return _gap(hit, tol, "적게")


def amendment_missed(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs, tol = frames[PAIRS], int(params["tolerance"])
    hit = pairs[_amount_rows(pairs) & pairs["_amended"] & (pairs["diff"].fillna(0).abs() > tol)]
    n_date = pd.to_datetime(hit["n_신고일"]).dt.strftime("%Y-%m-%d")
    l_date = pd.to_datetime(hit["l_신고일"]).dt.strftime("%Y-%m-%d")
    word = pd.Series(np.where(hit["diff"].astype("int64") < 0, "적게", "많이"), index=hit.index, dtype=object)
    late = "국세 " + hit["n_신고구분"].astype(str) + "(" + n_date + ") 후 지방 신고(" + l_date + ") 미수정; "
    return late + _gap(hit, tol, word)


def over_reported(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs, tol = frames[PAIRS], int(params["tolerance"])
    hit = pairs[_amount_rows(pairs) & ~pairs["_amended"] & (pairs["diff"].fillna(0) > tol)]
    return _gap(hit, tol, "많이") + "; 환급·경정 대상인지 확인"


def unpaid(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs = frames[PAIRS]
    hit = pairs[_amount_rows(pairs) & (pairs["unpaid"] >= int(params["min_unpaid"]))]
    paid = hit["l_납부세액"].astype("Int64").fillna(0).astype("int64")
    what = pd.Series(np.where(paid == 0, "미납", "일부납부"), index=hit.index, dtype=object)
    return (
        what + ": 낼 세액 " + won_text(hit["due"]) + "원, 납부 " + won_text(paid) + "원, 미납 " + won_text(hit["unpaid"]) + "원"
    )


def domicile_elsewhere(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs = frames[PAIRS]
    hit = pairs[pairs["_outside"]]
    filed = pd.Series(np.where(hit["_has_l"], "지방 신고 있음", "지방 신고 없음"), index=hit.index, dtype=object)
    return "국세 주소 '" + hit["n_주소"].astype(str) + "'의 시·군·구가 이 시가 아님 (" + filed + "): 관할 이관 대상인지 확인"


def local_only(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    pairs = frames[PAIRS]
    hit = pairs[pairs["_has_l"] & ~pairs["_has_n"]]
    return pd.Series("지방소득세 신고는 있으나 같은 사람·연도의 국세 신고가 없음", index=hit.index, dtype=object)
