"""Column-at-a-time reading for big inputs: the same answers as the cell-by-cell rules, much faster.

``core.reader.build_table`` used to walk every row and parse every cell in Python (with a per-column
memo). At a million rows that walk was most of the run. Here each column is factorised once
(``pd.factorize``: every distinct value once, split by Python type so that ``1``, ``1.0`` and
``True`` never share an answer), the row filters and the parsers run on the distinct values only,
and the answers are spread back with numpy. Where a column has a million distinct values
(주민등록번호, 금액, 주소), vectorised fast paths handle the plain layouts and hand everything else to
the very same parser in ``core.values``. A test holds this module to the cell-by-cell results.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.spec import ColumnType
from core.xlsx_guard import ExcelError

_TOTAL_HINT = ("계", "합", "otal", "OTAL")
_SAFE_FLOAT = 2.0**53


@dataclass
class Coded:
    """One column as codes into its distinct values. ``codes == -1`` marks None/NaN cells."""

    values: np.ndarray  # the raw cells (object)
    codes: np.ndarray  # int64 into ``uniques``
    uniques: np.ndarray  # object: distinct values, every one of a single Python type per value
    none: np.ndarray  # bool: the cell is None (NaN is not None: it is a value the parser rejects)
    _text: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    @property
    def n(self) -> int:
        return len(self.codes)

    def text(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(positions of the str uniques, those strings, the same stripped), computed once."""
        if self._text is None:
            if pd.api.types.infer_dtype(self.uniques, skipna=False) == "string":
                pos = np.arange(len(self.uniques))
            else:
                pos = np.flatnonzero(np.fromiter((type(u) is str for u in self.uniques), dtype=bool, count=len(self.uniques)))
            strs = self.uniques[pos]
            self._text = (pos, strs, list(map(str.strip, strs)))
        return self._text


def encode(values: np.ndarray) -> Coded:
    """Factorise by value *and* type (Python's 1 == 1.0 == True must not merge their answers)."""
    values = np.asarray(values, dtype=object)
    n = len(values)
    types = set(map(type, values))
    none = np.zeros(n, dtype=bool)
    if len(types - {type(None)}) <= 1:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        codes = codes.astype("int64", copy=False)
        uniques = np.asarray(uniques, dtype=object)
    else:
        tags = np.fromiter((_TYPE_TAG.get(type(v), 9) for v in values), dtype="int8", count=n)
        codes = np.full(n, -1, dtype="int64")
        parts: list[np.ndarray] = []
        offset = 0
        for tag in np.unique(tags):
            where = np.flatnonzero(tags == tag)
            sub_codes, sub_uniques = pd.factorize(values[where], use_na_sentinel=True)
            sub_codes = sub_codes.astype("int64", copy=False)
            codes[where] = np.where(sub_codes >= 0, sub_codes + offset, -1)
            parts.append(np.asarray(sub_uniques, dtype=object))
            offset += len(sub_uniques)
        uniques = np.concatenate(parts) if parts else np.empty(0, dtype=object)
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        none[missing] = [values[i] is None for i in missing]
    return Coded(values, codes, uniques, none)


_TYPE_TAG = {str: 0, int: 1, float: 2, bool: 3, type(None): 4}


def _spread(coded: Coded, flags: np.ndarray, missing: bool | np.ndarray) -> np.ndarray:
    """Per-unique flags to per-row flags; cells with code -1 get *missing*."""
    if len(flags) == 0:
        out = np.zeros(coded.n, dtype=bool)
    else:
        out = flags[np.maximum(coded.codes, 0)]
    minus = coded.codes < 0
    if minus.any():
        out = out.copy()
        out[minus] = missing[minus] if isinstance(missing, np.ndarray) else missing
    return out


def _bools(values: Any, count: int) -> np.ndarray:
    return np.fromiter(values, dtype=bool, count=count)


def _nonblank_text(coded: Coded) -> np.ndarray:
    """Per unique: text with something besides whitespace."""
    flags = np.zeros(len(coded.uniques), dtype=bool)
    pos, _, stripped = coded.text()
    flags[pos] = _bools(map(bool, stripped), len(pos))
    return flags


def filled(coded: Coded) -> np.ndarray:
    """The row loop's 'not blank': not None, not '', not whitespace-only text (NaN counts as filled)."""
    flags = np.ones(len(coded.uniques), dtype=bool)
    pos, _, stripped = coded.text()
    flags[pos] = _bools(map(bool, stripped), len(pos))
    return _spread(coded, flags, ~coded.none)


def _total_hints(strs: np.ndarray) -> np.ndarray:
    """Per string: short, and holds 계, 합 or (t/T)otal; only these can read as a total row."""
    hint = np.zeros(len(strs), dtype=bool)
    short, u = _fixed(strs, 20)
    if len(u):
        found = np.zeros(len(short), dtype=bool)
        for word in _TOTAL_HINT:
            found |= np.strings.find(u, word) >= 0
        hint[short] = found
    return hint


def first_text_is_total(columns: Sequence[Coded], is_total: Callable[[list[Any]], bool]) -> np.ndarray:
    """Per row: the first non-blank text cell across *columns* (in order) reads 합계/총계/소계 …

    Only the rows still undecided look at the next column, so a text first column settles it.
    """
    n = columns[0].n if columns else 0
    decided = np.zeros(n, dtype=bool)
    total = np.zeros(n, dtype=bool)
    for coded in columns:
        open_rows = np.flatnonzero(~decided)
        if not len(open_rows):
            break
        codes = coded.codes[open_rows]
        text = _nonblank_text(coded)
        verdict = np.zeros(len(coded.uniques), dtype=bool)
        pos, strs, _ = coded.text()
        wanted = np.zeros(len(coded.uniques), dtype=bool)
        wanted[codes[codes >= 0]] = True
        for k in np.flatnonzero(wanted[pos] & text[pos] & _total_hints(strs)):
            verdict[pos[k]] = is_total([strs[k]])
        safe = np.maximum(codes, 0)
        row_text = text[safe] & (codes >= 0) if len(text) else np.zeros(len(codes), dtype=bool)
        row_total = verdict[safe] & (codes >= 0) if len(verdict) else np.zeros(len(codes), dtype=bool)
        total[open_rows[row_total & row_text]] = True
        decided[open_rows[row_text]] = True
    return total


def header_hits(coded: Coded, header_raw: set[str]) -> np.ndarray:
    """Per row 1 when the cell is text equal (after strip) to one of the header labels."""
    flags = np.zeros(len(coded.uniques), dtype=bool)
    pos, _, stripped = coded.text()
    if len(pos) and header_raw:
        flags[pos] = pd.Series(stripped, dtype=object).isin(header_raw).to_numpy(dtype=bool)
    return _spread(coded, flags, False).astype("int64")


# ----------------------------------------------------------------------------- parsing
@dataclass
class Parsed:
    ok: np.ndarray  # bool per unique
    value: np.ndarray  # object per unique (None where not ok)
    reason: np.ndarray  # object per unique (str where not ok)


def _ascii_digits(u: np.ndarray) -> np.ndarray:
    """Per fixed-width string: non-empty, ASCII digits only (numpy.strings, no Python loop)."""
    if u.size == 0:
        return np.zeros(0, dtype=bool)
    codes = u.view(np.uint32).reshape(len(u), -1)
    return np.strings.isdigit(u) & (codes < 128).all(axis=1)


def _fixed(strs: np.ndarray, longest: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the strings no longer than *longest*, those as a fixed-width numpy array)."""
    lengths = np.fromiter(map(len, strs), dtype="int64", count=len(strs))
    short = np.flatnonzero(lengths <= longest)
    width = max(int(lengths[short].max()) if len(short) else 1, 1)
    u = np.array(strs[short], dtype=f"<U{width}")
    same = np.strings.str_len(u) == lengths[short]  # numpy drops trailing NULs: leave those to the parser
    return short[same], u[same]


def _fast_rrn(strs: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """'9001011234567' and '900101-1234567' (ASCII digits and hyphens only) -> parse_rrn's answer."""
    hit = np.zeros(len(strs), dtype=bool)
    short, u = _fixed(strs, 20)
    if not len(u):  # every string too long (a merged footnote): numpy.strings cannot size an empty result
        return hit, []
    compact = np.strings.replace(u, "-", "")
    ok = (np.strings.str_len(compact) == 13) & _ascii_digits(compact)
    hit[short[ok]] = True
    return hit, compact[ok].tolist()


def _fast_int_text(strs: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """'1,234,567', '-1000' (ASCII digits, commas, a leading minus; at most 18 digits) -> parse_money's answer."""
    hit = np.zeros(len(strs), dtype=bool)
    short, u = _fixed(strs, 32)
    if not len(u):  # every string too long (a merged footnote): numpy.strings cannot size an empty result
        return hit, []
    y = np.strings.replace(u, ",", "")
    negative = np.strings.startswith(y, "-")
    body = np.where(negative, np.strings.slice(y, 1, None), y)
    length = np.strings.str_len(body)
    ok = (length > 0) & (length <= 18) & _ascii_digits(body)
    hit[short[ok]] = True
    numbers = body[ok].astype("int64")
    numbers[negative[ok]] *= -1
    return hit, numbers.tolist()


def _fast_text(strs: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Text already as ``parse_text`` would leave it: NFC, trimmed, single spaces only.

    Most strings (names, addresses: a million distinct) are proven so a block at a time on their
    UTF-32 code points (issue 19: the one-by-one check cost 0.6 s per million); the rest get the
    one-by-one check, which is the definition.
    """
    hit = np.zeros(len(strs), dtype=bool)
    for lo in range(0, len(strs), _TEXT_BLOCK):
        block = strs[lo : lo + _TEXT_BLOCK]
        short, u = _fixed(block, 64)
        if len(u):
            hit[lo + short[_plain_text(u)]] = True
    rest = np.flatnonzero(~hit)
    nfc = unicodedata.is_normalized
    hit[rest] = _bools((bool(x) and x == " ".join(x.split()) and nfc("NFC", x) for x in strs[rest]), len(rest))
    return hit, list(strs[hit])


_TEXT_BLOCK = 65536
# Below U+0300 every code point is NFC and composes with nothing before it; so do the Hangul
# syllables. Whitespace other than the plain space is never "plain" (str.split splits on it).
_LOW_PLAIN = np.array([not chr(c).isspace() or c == 32 for c in range(0x300)], dtype=bool)


def _plain_text(u: np.ndarray) -> np.ndarray:
    """Per fixed-width string: not empty, only plain code points, no space at either end or twice in a row."""
    codes = u.view(np.uint32).reshape(len(u), -1)
    lengths = np.strings.str_len(u)
    plain = (codes < 0x300) & _LOW_PLAIN[np.minimum(codes, 0x2FF)]
    plain |= (codes >= 0xAC00) & (codes <= 0xD7A3)
    space = codes == 32
    last = codes[np.arange(len(u)), np.maximum(lengths - 1, 0)]
    ok: np.ndarray = (
        (lengths > 0)
        & plain.all(axis=1)  # the NUL padding past each end is plain
        & ~space[:, 0]
        & (last != 32)
        & ~(space[:, 1:] & space[:, :-1]).any(axis=1)
    )
    return ok


def _fast_code(strs: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """ASCII codes already as ``parse_code`` would leave them (승인번호, 관리번호: a million distinct values):
    not empty, trimmed, no leading apostrophe. ASCII is NFC and holds no NBSP or ideographic space.
    Checked a whole column at once on fixed-width strings (their UTF-32 code points), not one by one."""
    hit = np.zeros(len(strs), dtype=bool)
    short, u = _fixed(strs, 64)
    if not len(u):
        return hit, []
    ascii_only = (u.view(np.uint32).reshape(len(u), -1) < 128).all(axis=1)
    ok = ascii_only & (np.strings.str_len(u) > 0) & (np.strings.strip(u) == u) & ~np.strings.startswith(u, "'")
    hit[short[ok]] = True
    return hit, list(strs[hit])


_FAST_TEXT: dict[ColumnType, Callable[[np.ndarray], tuple[np.ndarray, list[Any]]]] = {
    ColumnType.CODE: _fast_code,
    ColumnType.RRN: _fast_rrn,
    ColumnType.MONEY: _fast_int_text,
    ColumnType.INTEGER: _fast_int_text,
    ColumnType.TEXT: _fast_text,
}


def parse_uniques(coded: Coded, col_type: ColumnType, parser: Callable[[Any], Any], required: bool) -> Parsed:
    """Every distinct value through *parser* (or a fast path that gives the same answer)."""
    u = coded.uniques
    m = len(u)
    ok = np.zeros(m, dtype=bool)
    value = np.empty(m, dtype=object)
    reason = np.empty(m, dtype=object)
    done = np.zeros(m, dtype=bool)
    fast = _FAST_TEXT.get(col_type)
    if fast is not None and m:
        pos, strs, _ = coded.text()
        if len(pos):
            hit, results = fast(strs)
            where = pos[hit]
            ok[where] = True
            value[where] = np.array([*results, None], dtype=object)[:-1]  # keep ints as Python objects
            done[where] = True
    if col_type in (ColumnType.MONEY, ColumnType.INTEGER) and m and not done.all():
        # One C pass names the common case (every distinct amount a float, as calamine gives numbers).
        inferred = pd.api.types.infer_dtype(u, skipna=False)
        if inferred == "floating":  # float or numpy float: both take the float path below
            kinds = np.full(m, 2, dtype="int8")
        else:
            kinds = np.fromiter((_TYPE_TAG.get(type(x), 9) for x in u), dtype="int8", count=m)
        floats = np.flatnonzero((kinds == 2) & ~done)
        if len(floats):
            f = u[floats].astype("float64")
            whole = np.isfinite(f) & (np.floor(f) == f) & (np.abs(f) < _SAFE_FLOAT)
            where = floats[whole]
            ok[where] = True
            value[where] = f[whole].astype("int64").astype(object)
            done[where] = True
        ints = np.flatnonzero((kinds == 1) & ~done)
        small = [i for i in ints if -(2**62) < u[i] < 2**62]
        ok[small] = True
        value[small] = u[small]
        done[small] = True
    for i in np.flatnonzero(~done):
        v = u[i]
        result: Any = None  # the parsed value, kept apart from the reason it could not be parsed
        problem: str | None = None
        if (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v):
            problem = "값이 비어 있습니다" if required else None
        elif isinstance(v, ExcelError):  # a failed formula: never read as a blank, required or not
            problem = f"엑셀 오류 값 {v.code}"
        else:
            try:
                result = parser(v)
            except ValueError as exc:
                problem = str(exc)
            except (TypeError, OverflowError):
                problem = "읽을 수 없는 값입니다"
        if problem is None and col_type in _INT_TYPES and result is not None and not -(2**63) <= result < 2**63:
            problem = "숫자가 너무 큽니다"  # the cell-by-cell loop crashed on these
        ok[i] = problem is None
        if problem is None:
            value[i] = result
        else:
            reason[i] = problem
    return Parsed(ok, value, reason)


_INT_TYPES = (ColumnType.MONEY, ColumnType.INTEGER, ColumnType.TIME)


def to_series(
    coded: Coded, parsed: Parsed, rows: np.ndarray, col_type: ColumnType, required: bool
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(typed column, ok per row, reason per row or None) for the kept *rows* (positions in the column)."""
    codes = coded.codes[rows]
    minus = codes < 0
    safe = np.maximum(codes, 0)
    n = len(rows)
    if len(parsed.ok):
        ok = parsed.ok[safe]
        reason = parsed.reason[safe]
    else:
        ok = np.zeros(n, dtype=bool)
        reason = np.empty(n, dtype=object)
    if minus.any():
        ok = ok.copy()
        reason = reason.copy()
        ok[minus] = not required
        reason[minus] = None if not required else "값이 비어 있습니다"
    if col_type in (ColumnType.MONEY, ColumnType.INTEGER, ColumnType.TIME):
        per_unique = np.zeros(len(parsed.value), dtype="int64")
        good = np.flatnonzero(parsed.ok & np.array([v is not None for v in parsed.value], dtype=bool))
        if len(good):
            per_unique[good] = np.array(list(parsed.value[good]), dtype="int64")
        values = per_unique[safe] if len(per_unique) else np.zeros(n, dtype="int64")
        present = ok & ~minus
        if len(parsed.value):
            present &= np.array([v is not None for v in parsed.value], dtype=bool)[safe]
        return pd.Series(pd.arrays.IntegerArray(values, ~present)), ok, reason
    if col_type == ColumnType.DATE:
        per_unique = pd.to_datetime(pd.Series(parsed.value, dtype="object"), errors="coerce")
        per_unique = per_unique.astype("datetime64[ns]").to_numpy()
        values = per_unique[safe] if len(per_unique) else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        values = np.where(ok & ~minus, values, np.datetime64("NaT"))
        return pd.Series(values.astype("datetime64[ns]")), ok, reason
    values = parsed.value[safe] if len(parsed.value) else np.empty(n, dtype=object)
    values = values.copy()
    values[~ok | minus] = None
    return pd.Series(values, dtype="object"), ok, reason
