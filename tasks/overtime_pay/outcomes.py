"""판정 labels of overtime-pay, in the order the summary lists them (findings first)."""

from __future__ import annotations

NORMAL, OVERPAID, UNDERPAID, PRICE_ERROR, MISSING_PAY, NO_BASIS, CHECK = (
    "정상",
    "과다지급",
    "과소지급",
    "단가오류",
    "지급누락",
    "근거없음",
    "확인필요",
)
OUTCOMES = (OVERPAID, UNDERPAID, PRICE_ERROR, MISSING_PAY, NO_BASIS, CHECK, NORMAL)
