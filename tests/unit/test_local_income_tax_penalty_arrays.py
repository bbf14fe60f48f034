"""The column forms of the 가산세 rules equal the scalar statements (Decimal) the golden tests check by hand.

대사결과's 예상가산세 is computed a column at a time since the task moved onto the rule engine; a won lost
to integer arithmetic would show here first.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from tasks.local_income_tax.rules import (
    late_payment_penalty,
    late_payment_penalty_array,
    non_filing_penalty,
    non_filing_penalty_array,
    under_reporting_penalty,
    under_reporting_penalty_array,
)

AMOUNTS = np.concatenate([np.arange(-50, 5000), np.random.default_rng(7).integers(0, 10**10, 3000)])


def test_non_filing_and_under_reporting_arrays_equal_the_scalar_rules() -> None:
    assert non_filing_penalty_array(AMOUNTS).tolist() == [non_filing_penalty(int(v)) for v in AMOUNTS]
    assert under_reporting_penalty_array(AMOUNTS).tolist() == [under_reporting_penalty(int(v)) for v in AMOUNTS]
    assert non_filing_penalty_array(np.array([345_670])).tolist() == [69_130]  # 69,134 → 69,130


def test_late_payment_array_equals_the_scalar_rule_with_its_cap() -> None:
    deadline = dt.date(2026, 6, 1)
    rng = np.random.default_rng(11)
    unpaid = np.concatenate([AMOUNTS[:2000], rng.integers(0, 10**9, 2000)])
    days = rng.integers(-30, 6000, len(unpaid))  # past 3,409 days the 75% cap binds
    scalar = [
        late_payment_penalty(int(u), deadline, deadline + dt.timedelta(days=int(d)))[0] for u, d in zip(unpaid, days, strict=True)
    ]
    assert late_payment_penalty_array(unpaid, days).tolist() == scalar
    assert late_payment_penalty_array(np.array([345_670, 10_000]), np.array([121, 5000])).tolist() == [9_200, 7_500]
