"""The CODE fast path (core.columns._fast_code, added for a million distinct 승인번호) gives parse_code's answers."""

from __future__ import annotations

import numpy as np

from core import columns as C
from core import values as V
from core.spec import ColumnType

VALUES = [
    "A2610000001",
    "A\x1f",
    "\x1cB",
    "C\x0b",
    " S0001",
    "S0002 ",
    "'00123",
    "H\u00a00001",
    "ｈ0001",
    "e\u0301",
    "수급자1",
    "0012",
    "a b",
    "",
    "   ",
]


def test_fast_code_agrees_with_parse_code() -> None:
    coded = C.encode(np.array(VALUES, dtype=object))
    parsed = C.parse_uniques(coded, ColumnType.CODE, V.parse_code, True)
    for value, ok, got, why in zip(coded.uniques, parsed.ok, parsed.value, parsed.reason, strict=True):
        try:
            expected, problem = V.parse_code(value), None
        except ValueError as exc:
            expected, problem = None, str(exc)
        assert (bool(ok), got if ok else None, why) == (problem is None, expected, problem), value
    hit, _ = C._fast_code(np.array(VALUES, dtype=object))
    assert hit.tolist() == [True, False, False, False, False, False, False, False, False, False, False, True, True, False, False]
