"""Won amounts as local government handles them: 10원 미만 끝수 버림, never float."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import numpy as np
import pandas as pd


def truncate_10won(amount: Decimal | int) -> int:
    """10원 미만 끝수 버림 (국고금 관리법 제47조①, 지방세기본법 제59조 준용). Negative amounts cut toward zero."""
    whole = int(Decimal(amount).to_integral_value(rounding=ROUND_FLOOR))
    return whole - whole % 10 if whole >= 0 else -((-whole) - (-whole) % 10)


def truncate_10won_array(amounts: np.ndarray | pd.Series) -> np.ndarray:
    """``truncate_10won`` for a whole column of whole-won int64 amounts (the same result, element by element)."""
    values = np.asarray(amounts, dtype=np.int64)
    truncated: np.ndarray = np.sign(values) * (np.abs(values) // 10 * 10)
    return truncated
