"""Reconcile 국세청 종합소득세 신고내역 with 개인지방소득세 과세내역, one person-year at a time.

Everything is vectorised (a city has hundreds of thousands of rows a side): the pairs are matched on one
int64 key, the declared rules (outcomes.RULES, predicates in checks.py) run through core.rule_engine, and
the findings' 사유 and 가산세 are built a column at a time (``explain``).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from core.calendar import HolidayCalendar
from core.context import RunContext
from core.errors import InputError, Location
from core.masking import mask_rrn
from core.org import require_org
from core.reader import Issue, Table
from core.result import DATE, INT, MONEY, OK, TEXT, WARNING, Result, ResultTable, SummaryItem
from core.rule_engine import HIGHLIGHT as SEVERITY_FILL
from core.rule_engine import Entity, RuleFrame, RuleReport, Source, apply_rules, won_text
from tasks.local_income_tax.checks import PAIRS
from tasks.local_income_tax.outcomes import (
    AMENDED,
    DOMICILE,
    LOCAL_ONLY,
    LOCAL_TAX,
    NO_FILING,
    NORMAL,
    OUTCOMES,
    OVER,
    RULES,
    UNDER,
    UNPAID,
)
from tasks.local_income_tax.rules import (
    expected_local_tax_array,
    filing_deadline,
    in_city,
    late_payment_penalty_array,
    non_filing_penalty_array,
    parse_city,
    under_reporting_penalty_array,
)

# 대사결과's colours follow each rule's severity (주의 red, 확인 yellow), as the findings sheet's do.
HIGHLIGHT = {**{rule.name: SEVERITY_FILL[rule.severity.value] for rule in RULES}, NORMAL: ""}
STRONG, WEAK = "주민등록번호", "성명+생년월일(약)"
WEAK_SHEET = "동일인 확인"  # the sheet of weak pairs the summary points at
YEAR_MIN, YEAR_MAX = 1990, 2100

KEY = ["귀속연도", "주민등록번호"]


# ----------------------------------------------------------------------------- validation
def validate(tables: Mapping[str, Table], params: Mapping[str, Any]) -> dict[str, list[Issue]]:
    """Years must be plausible and amounts not negative; a key twice on one side stops the run."""
    found: dict[str, list[Issue]] = {}
    for name, money_cols in (("nts", ("결정세액", "과세표준", "산출세액")), ("local", (LOCAL_TAX, "고지세액", "납부세액"))):
        table = tables[name]
        df = table.valid()
        issues: list[Issue] = []
        years = df["귀속연도"].astype("Int64")
        bad = df[(years < YEAR_MIN) | (years > YEAR_MAX)]
        for row, year in bad[["_row", "귀속연도"]].itertuples(index=False):
            issues.append(table.issue(row, "귀속연도", year, f"귀속연도는 {YEAR_MIN}~{YEAR_MAX} 사이의 네 자리 연도여야 합니다"))
        for col in money_cols:
            if not table.has(col):
                continue
            neg = df[df[col].astype("Int64").fillna(0) < 0]
            for row, value in neg[["_row", col]].itertuples(index=False):
                issues.append(table.issue(row, col, value, "세액이 음수입니다"))
        if issues:
            found[name] = issues
        _reject_duplicates(table)
    return found


def _reject_duplicates(table: Table) -> None:
    """The same 주민등록번호 and 귀속연도 twice on one side cannot be reconciled: stop and list the rows."""
    df = table.valid()
    keys = _valid_keys(table, df)
    full = keys >= 0
    dup_mask = full & pd.Series(keys).duplicated(keep=False).to_numpy()
    if not dup_mask.any():
        return
    dup = df[dup_mask]
    groups = dup.groupby(KEY, sort=False)["_row"].apply(lambda s: sorted(int(x) for x in s))
    groups = groups.sort_values(key=lambda s: s.map(lambda rows: rows[0]))
    shown = [f"{year}년 {mask_rrn(rrn)} ({', '.join(f'{r}행' for r in rows)})" for (year, rrn), rows in list(groups.items())[:10]]
    more = f" 외 {len(groups) - 10}건" if len(groups) > 10 else ""
    first_row = groups.iloc[0][0]
    raise InputError(
        f"같은 주민등록번호·귀속연도가 두 번 이상 나옵니다({len(groups)}건): {'; '.join(shown)}{more}",
        Location(str(table.file), table.sheet, first_row, "주민등록번호", table.column_index.get("주민등록번호")),
        "한 사람의 한 해 신고는 한 행이어야 합니다. 정기신고와 수정신고가 함께 있으면 최종 신고 한 행만 남기십시오.",
    )


# ----------------------------------------------------------------------------- matching
def person_year_keys(years: pd.Series, rrns: pd.Series) -> np.ndarray:
    """귀속연도 and a full 주민등록번호 as one int64 (year × 10¹³ + number), -1 for a masked number.

    Merging and de-duplicating on one int64 is several times faster than on (int, str) pairs.
    """
    arr = rrns.to_numpy(dtype=object)
    try:  # numpy parses the plain ASCII case in C; anything else goes through Python's int()
        fixed = np.array(arr, dtype="<U14")
        masked = np.strings.find(fixed, "*") >= 0
        number = np.full(len(arr), -1, dtype="int64")
        number[~masked] = fixed[~masked].astype("int64")
    except (ValueError, TypeError):
        number = np.fromiter((-1 if "*" in r else (int(r) if r.isascii() else -2) for r in arr), dtype="int64", count=len(arr))
    odd = np.flatnonzero(number == -2)  # digits outside ASCII that parse_rrn let through
    if len(odd):
        number[odd] = (pd.util.hash_array(arr[odd].astype(str)) % np.uint64(10**13)).astype("int64")
    keys = years.astype("int64").to_numpy() * 10**13 + number
    return np.where(number == -1, -1, keys)


# The keys of each table's valid rows, made once: validate (duplicates) and match both need them, and at a
# million rows a side each making cost ~0.7 s. Rows only ever leave valid() (apply_validation marks them
# bad; values never change), so later keys are a selection of the earlier ones, found by the frame's index.
_KEYS: dict[int, tuple[weakref.ref[Table], pd.Index, np.ndarray]] = {}


def _valid_keys(table: Table, df: pd.DataFrame) -> np.ndarray:
    """``person_year_keys`` of *df* (``table.valid()`` now), reusing the keys made for the same table before."""
    hit = _KEYS.get(id(table))
    if hit is not None and hit[0]() is table:
        positions = hit[1].get_indexer(df.index)
        if len(positions) == len(df) and (positions >= 0).all():
            made: np.ndarray = hit[2]
            return np.asarray(made[positions])
    keys = person_year_keys(df["귀속연도"], df["주민등록번호"])
    for gone in [k for k, (ref, _, _) in _KEYS.items() if ref() is None]:
        del _KEYS[gone]
    _KEYS[id(table)] = (weakref.ref(table), df.index, keys)
    return keys


def _side(table: Table, prefix: str, columns: list[str]) -> pd.DataFrame:
    df = table.valid()
    out = pd.DataFrame(
        {
            "year": df["귀속연도"].astype("int64").to_numpy(),
            "rrn": df["주민등록번호"].astype(object).to_numpy(),
            f"{prefix}name": df["성명"].astype(object).to_numpy(),
            f"{prefix}row": df["_row"].astype("int64").to_numpy(),
        }
    )
    for col in columns:
        out[f"{prefix}{col}"] = df[col].reset_index(drop=True) if col in df else None
    out["key"] = _valid_keys(table, df)
    out["masked"] = out["key"] < 0
    return out


def _fallback_key(df: pd.DataFrame, name_col: str) -> pd.DataFrame:
    """성명 (spaces removed) + 생년월일 (the first six digits), and the 7th digit when it is known."""
    key = pd.DataFrame(index=df.index)
    key["year"] = df["year"]
    key["fname"] = df[name_col].astype(str).str.replace(" ", "", regex=False)
    key["birth"] = df["rrn"].str.slice(0, 6)
    key["sex"] = df["rrn"].str.slice(6, 7).where(lambda s: s != "*")
    return key


def match(nts: pd.DataFrame, local: pd.DataFrame) -> pd.DataFrame:
    """One row per person-year: strong matches on 주민등록번호, then weak ones on 성명+생년월일
    where either side holds a masked number; the rest stand alone."""
    n_full, l_full = nts[~nts["masked"]], local[~local["masked"]]
    strong = n_full.merge(l_full.drop(columns=["masked", "year", "rrn"]), on="key", how="inner", suffixes=("", "_l"))
    strong["link"] = STRONG
    n_left = nts[~nts["n_row"].isin(strong["n_row"])]
    l_left = local[~local["l_row"].isin(strong["l_row"])]

    # Weak: at least one side masked, same year, name and birth date, compatible 7th digit.
    nk = _fallback_key(n_left, "n_name").assign(n_i=n_left.index, n_masked=n_left["masked"])
    lk = _fallback_key(l_left, "l_name").assign(l_i=l_left.index, l_masked=l_left["masked"])
    cand = nk.merge(lk, on=["year", "fname", "birth"], how="inner", suffixes=("_n", "_l"))
    cand = cand[
        (cand["n_masked"] | cand["l_masked"]) & (cand["sex_n"].isna() | cand["sex_l"].isna() | (cand["sex_n"] == cand["sex_l"]))
    ]
    n_count = cand["n_i"].map(cand["n_i"].value_counts())
    l_count = cand["l_i"].map(cand["l_i"].value_counts())
    single = (n_count == 1) & (l_count == 1)
    unique = cand[single]
    # A row with two or more possible partners (or whose partner has two) stays unmatched, with a note.
    width = pd.concat([n_count, l_count], axis=1).max(axis=1)[~single]
    ambiguous_n = width.groupby(cand.loc[~single, "n_i"]).max().to_dict()
    ambiguous_l = width.groupby(cand.loc[~single, "l_i"]).max().to_dict()
    weak = n_left.loc[unique["n_i"].to_numpy()].reset_index(drop=True)
    weak_l = l_left.loc[unique["l_i"].to_numpy()].drop(columns=["year", "masked", "key"]).reset_index(drop=True)
    weak_l = weak_l.rename(columns={"rrn": "rrn_l"})
    weak = pd.concat([weak, weak_l], axis=1)
    # Show the full number when one side has it.
    weak["rrn"] = weak["rrn"].where(~weak["masked"], weak["rrn_l"])
    weak["link"] = WEAK

    only_n = n_left.drop(index=unique["n_i"].to_numpy())
    only_l = l_left.drop(index=unique["l_i"].to_numpy())
    only_n = only_n.assign(link="", ambiguous=only_n.index.map(lambda i: ambiguous_n.get(i, 0)))
    only_l = only_l.assign(link="", ambiguous=only_l.index.map(lambda i: ambiguous_l.get(i, 0)))
    pairs = pd.concat(
        [strong.drop(columns=["rrn_l"], errors="ignore"), weak.drop(columns=["rrn_l"]), only_n, only_l],
        ignore_index=True,
        sort=False,
    )
    if "ambiguous" not in pairs:
        pairs["ambiguous"] = 0
    pairs["ambiguous"] = pairs["ambiguous"].fillna(0).astype("int64")
    return pairs.drop(columns=["masked"])


# ----------------------------------------------------------------------------- judging
def prepare_pairs(pairs: pd.DataFrame, params: Mapping[str, Any], has_paid: bool, has_address: bool) -> pd.DataFrame:
    """Vectorised: the amounts and facts the rules (checks.py) read, one row per person-year."""
    tol = int(params["tolerance"])
    has_n = pairs["n_row"].notna().to_numpy()
    has_l = pairs["l_row"].notna().to_numpy()
    decided = pairs["n_결정세액"].fillna(0).astype("int64").to_numpy()
    expected = np.where(has_n, expected_local_tax_array(decided), 0)
    local_tax = pairs[f"l_{LOCAL_TAX}"].fillna(0).astype("int64").to_numpy()
    diff = local_tax - expected
    pairs["expected"] = _int_where(expected, has_n)
    pairs["diff"] = _int_where(diff, has_n & has_l)

    city = parse_city(params.get("city") or "")
    outside = np.zeros(len(pairs), dtype=bool)
    if has_address and (city[0] or city[1]):
        addr = pairs["n_주소"]
        known = addr.notna() & has_n
        # Only the first two words decide; there are few distinct ones, so judge each once. Addresses
        # repeat (a household, a building), so the words are cut once per distinct address too.
        addr_codes, addresses = pd.factorize(addr[known].astype(str).to_numpy(dtype=object))
        firsts = np.array([" ".join(a.split(None, 2)[:2]) for a in addresses], dtype=object)
        codes, uniques = pd.factorize(firsts)
        verdict = np.array([in_city(a, city) is False for a in uniques], dtype=bool)
        outside[known.to_numpy()] = verdict[codes][addr_codes] if len(uniques) else False

    kind = pairs["n_신고구분"].astype(object).to_numpy()
    n_date = pd.to_datetime(pairs["n_신고일"]).to_numpy()
    l_date = pd.to_datetime(pairs["l_신고일"]).to_numpy() if "l_신고일" in pairs else np.full(len(pairs), np.datetime64("NaT"))
    both = has_n & has_l
    amended = both & pd.Series(kind).isin(["수정", "경정"]).to_numpy() & ~np.isnat(l_date) & ~np.isnat(n_date) & (l_date < n_date)
    unpaid = np.zeros(len(pairs), dtype="int64")
    due = np.zeros(len(pairs), dtype="int64")
    if has_paid:
        notice = (
            pairs["l_고지세액"].astype("Int64") if "l_고지세액" in pairs else pd.Series(pd.NA, index=pairs.index, dtype="Int64")
        )
        due = notice.fillna(pairs[f"l_{LOCAL_TAX}"].astype("Int64")).fillna(0).astype("int64").to_numpy()
        paid = pairs["l_납부세액"].astype("Int64").fillna(0).astype("int64").to_numpy()
        unpaid = np.where(has_l, np.maximum(due - paid, 0), 0)
    pairs["due"] = _int_where(due, has_l & has_paid)
    pairs["unpaid"] = unpaid
    pairs["_has_n"], pairs["_has_l"], pairs["_both"] = has_n, has_l, both
    pairs["_outside"], pairs["_amended"] = outside, amended
    pairs["amended_same"] = amended & (np.abs(diff) <= tol)
    return pairs


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """What the findings and roll-ups show of a person-year (the engine asks for matching rows only).

    ``_person`` tells people apart for 사람별 집계: the full number, kept in memory only, or for a
    number masked on both sides the masked number with the name.
    """
    rrn = rows["rrn"].astype(str)
    name = rows["n_name"].fillna(rows["l_name"])
    masked = rrn.str.contains("*", regex=False)
    return rows.assign(
        귀속연도=rows["year"].astype("int64"),
        주민등록번호=_mask_column(rrn),
        성명=name,
        _person=rrn.where(~masked, rrn + name.astype(str)),
    )


def judge(
    pairs: pd.DataFrame, params: Mapping[str, Any], has_paid: bool, has_address: bool, sources: dict[str, Source]
) -> tuple[pd.DataFrame, RuleReport]:
    """The declared rules over the pairs; each pair's 판정 is the first rule that matched it, else 정상."""
    pairs = prepare_pairs(pairs, params, has_paid, has_address)
    report = apply_rules(
        RULES,
        {PAIRS: RuleFrame(pairs, sources, _shown)},
        params,
        columns=("귀속연도", "주민등록번호", "성명"),
        entities=(Entity("사람별", ("주민등록번호", "성명"), key="_person"), Entity("연도별", ("귀속연도",))),
    )
    pairs["outcome"] = report.first_hit(pairs.index, NORMAL).to_numpy()
    return pairs, report


def _int_where(values: np.ndarray, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """int64 values as nullable Int64, missing where *keep* is False."""
    return pd.arrays.IntegerArray(np.asarray(values, dtype="int64"), ~np.asarray(keep, dtype=bool))


def explain(
    findings: pd.DataFrame, report: RuleReport, tol: int, reference: dt.date | None, calendar: HolidayCalendar
) -> pd.DataFrame:
    """예상가산세, 사유 and the amount findings are sorted by, a column at a time.

    The 사유 starts with the reason of the rule that named the 판정, then adds what the clerk also needs:
    가산세, 납부지연가산세 to the reference date, another 미납, a weak or refused link. The penalties are
    the scalar rule functions in whole-number form (``*_array`` in rules.py, tested equal to them).
    """
    outcome = findings["outcome"].to_numpy()
    index = findings.index
    base = pd.Series("", index=index, dtype=object)
    for rule in RULES:
        mine = outcome == rule.name
        if rule.id in report.reasons and mine.any():
            base[mine] = report.reasons[rule.id].reindex(index[mine]).to_numpy()
    is_ = {name: outcome == name for name in OUTCOMES}
    expected = findings["expected"].astype("Int64").fillna(0).astype("int64").to_numpy()
    gap = np.abs(findings["diff"].astype("Int64").fillna(0).astype("int64").to_numpy())
    short = (is_[UNDER] | is_[AMENDED]) & (findings["diff"].astype("Int64").fillna(0).to_numpy() < 0)
    unpaid = findings["unpaid"].astype("int64").to_numpy()
    local_tax = findings[f"l_{LOCAL_TAX}"].astype("Int64").fillna(0).astype("int64").to_numpy()
    amount = np.select(
        [is_[NO_FILING], is_[UNDER] | is_[AMENDED] | is_[OVER], is_[UNPAID], is_[DOMICILE], is_[LOCAL_ONLY]],
        [expected, gap, unpaid, expected, local_tax],
        0,
    )
    penalty = np.select([is_[NO_FILING], short], [non_filing_penalty_array(expected), under_reporting_penalty_array(gap)], 0)
    has_penalty = is_[NO_FILING] | short | (is_[UNPAID] & (reference is not None))
    parts = [
        base,
        _text(is_[NO_FILING], "무신고가산세 20% ", penalty, "원", index),
        _text(short, "과소신고가산세 10% ", penalty, "원", index),
    ]
    if reference is not None:
        base_late = np.select([is_[NO_FILING], short, is_[UNPAID]], [expected, gap, unpaid], 0)
        years = findings["year"].astype("int64")
        deadlines = years.map({int(y): pd.Timestamp(filing_deadline(int(y), calendar)) for y in years.unique()})
        days = (pd.Timestamp(reference) - pd.to_datetime(deadlines)).dt.days.to_numpy(dtype="int64")
        late = np.where(has_penalty, late_payment_penalty_array(base_late, days), 0)
        penalty = penalty + late
        before = "납부지연가산세 " + pd.Series(days, index=index).astype(str) + "일 × 0.022% "
        parts.append(_text(late > 0, before, late, f"원(기준일 {reference.isoformat()})", index))
    parts.append(_text(~is_[UNPAID] & (unpaid > 0), "또한 미납 ", unpaid, "원", index))
    weak = (findings["link"] == WEAK).to_numpy()
    parts.append(pd.Series(np.where(weak, WEAK_NOTE, ""), index=index, dtype=object))
    ambiguous = findings["ambiguous"].astype("int64").to_numpy()
    parts.append(
        _text(ambiguous > 0, "성명·생년월일이 같은 상대편 후보가 ", ambiguous, "건이라 연결하지 않음", index, commas=False)
    )
    out = pd.DataFrame(index=index)
    out["penalty"] = pd.array(penalty, dtype="Int64")
    out.loc[~has_penalty, "penalty"] = pd.NA
    out["reason"] = _join(parts)
    out["sort_amount"] = amount
    return out


WEAK_NOTE = "주민등록번호가 가려져 있어 성명·생년월일로 연결(약한 연결): 동일인인지 확인"


def _text(
    where: np.ndarray, before: str | pd.Series, values: np.ndarray, after: str, index: pd.Index, *, commas: bool = True
) -> pd.Series:
    """``before + value + after`` on the rows *where* holds, "" elsewhere."""
    series = pd.Series(values, index=index)
    shown = won_text(series) if commas else series.astype(str)
    return pd.Series(np.where(where, before + shown + after, ""), index=index, dtype=object)


def _join(parts: list[pd.Series]) -> pd.Series:
    """The non-empty parts joined with '; ' (the first part is never empty)."""
    out = parts[0].astype(object)
    for part in parts[1:]:
        out = out + pd.Series(np.where(part != "", "; " + part, ""), index=out.index, dtype=object)
    return out


def _bad_rows_by_key(table: Table) -> pd.Series:
    """Rows left out as 오류행 whose 귀속연도 and 주민등록번호 could still be read: key -> "3행, 5행"."""
    bad = table.df[~table.df["_ok"] & table.df["귀속연도"].notna() & table.df["주민등록번호"].notna()]
    if bad.empty:
        return pd.Series(dtype=object)
    keys = person_year_keys(bad["귀속연도"], bad["주민등록번호"].astype(str))
    rows = pd.Series(bad["_row"].astype("int64").astype(str).to_numpy() + "행", index=keys)
    rows = rows[rows.index >= 0]
    return rows.groupby(level=0, sort=False).agg(", ".join)


def _note_skipped_rows(reasons: pd.Series, findings: pd.DataFrame, nts_t: Table, local_t: Table) -> pd.Series:
    """With on_bad_rows=skip, a 무신고 or 지방만 존재 may only mean the other side's row was unreadable."""
    out = reasons.copy()
    for outcome, side, table in ((NO_FILING, "지방", local_t), (LOCAL_ONLY, "국세", nts_t)):
        rows = _bad_rows_by_key(table)
        if rows.empty:
            continue
        keys = findings.loc[findings["outcome"] == outcome, "key"]
        hit = keys.map(rows).dropna()
        out[hit.index] = (
            out[hit.index] + f"; {side} 자료의 같은 사람·연도 행(" + hit + ")이 읽을 수 없어 빠졌음: 오류행 시트 확인"
        )
    return out


def _d(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _mask_column(rrn: pd.Series) -> pd.Series:
    """'9001011234567' → '900101-1******' for a whole column (the vector form of core.masking.mask_rrn)."""
    return rrn.str.slice(0, 6) + "-" + rrn.str.slice(6, 7) + "******"


COLUMNS = [
    "귀속연도",
    "주민등록번호",
    "성명",
    "판정",
    "연결",
    "국세 신고구분",
    "국세 결정세액",
    "지방소득세 산정액",
    "지방 신고세액",
    "고지세액",
    "납부세액",
    "차액",
    "예상가산세",
    "국세 주소",
    "국세 신고일",
    "지방 신고일",
    "사유",
    "국세 행",
    "지방 행",
]


def _frame(pairs: pd.DataFrame, has_paid: bool, has_notice: bool, has_address: bool) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "귀속연도": pairs["year"].astype("int64"),
            "주민등록번호": _mask_column(pairs["rrn"].astype(str)),
            "성명": pairs["n_name"].fillna(pairs["l_name"]),
            "판정": pairs["outcome"],
            "연결": pairs["link"],
            "국세 신고구분": pairs["n_신고구분"],
            "국세 결정세액": pairs["n_결정세액"].astype("Int64"),
            "지방소득세 산정액": pairs["expected"].astype("Int64"),
            "지방 신고세액": pairs[f"l_{LOCAL_TAX}"].astype("Int64"),
            "고지세액": pairs["l_고지세액"].astype("Int64") if has_notice else None,
            "납부세액": pairs["l_납부세액"].astype("Int64") if has_paid else None,
            "차액": pairs["diff"].astype("Int64"),
            "예상가산세": pairs["penalty"].astype("Int64") if "penalty" in pairs else pd.NA,
            "국세 주소": pairs["n_주소"] if has_address else None,
            "국세 신고일": pd.to_datetime(pairs["n_신고일"]),
            "지방 신고일": pd.to_datetime(pairs["l_신고일"]),
            "사유": pairs["reason"] if "reason" in pairs else "",
            "국세 행": pairs["n_row"].astype("Int64"),
            "지방 행": pairs["l_row"].astype("Int64"),
        },
        columns=COLUMNS,
    )
    drop = [c for c, keep in (("고지세액", has_notice), ("납부세액", has_paid), ("국세 주소", has_address)) if not keep]
    return out.drop(columns=drop)


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    nts_t, local_t = tables["nts"], tables["local"]
    has_paid = local_t.has("납부세액")
    has_notice = local_t.has("고지세액")
    has_address = nts_t.has("주소")
    city = params.get("city")
    if city is None and has_address:  # not given for this run: the 기관 from the settings (core/org.py)
        city = require_org(ctx.settings, "국세 주소가 우리 시·군인지(납세지) 확인할 수 없습니다").full
    params = {**params, "city": city or ""}  # an explicit empty city (--param city=) skips the check
    ctx.progress(0, 4, "국세·지방 자료 연결 중")
    nts = _side(nts_t, "n_", ["주소", "신고구분", "신고일", "결정세액"])
    local = _side(local_t, "l_", ["신고일", LOCAL_TAX, "고지세액", "납부세액"])
    pairs = match(nts, local)
    ctx.progress(1, 4, "판정 중")
    sources = {
        "nts": Source(nts_t.file.name, nts_t.sheet, "n_row"),
        "local": Source(local_t.file.name, local_t.sheet, "l_row"),
    }
    pairs, report = judge(pairs, params, has_paid, has_address, sources)

    ctx.progress(2, 4, "찾은 건의 사유·가산세 정리 중")
    tol = int(params["tolerance"])
    reference: dt.date | None = params.get("late_reference_date")
    flagged = pairs["outcome"] != NORMAL
    findings = pairs[flagged].copy()
    explained = explain(findings, report, tol, reference, HolidayCalendar())
    findings["penalty"] = explained["penalty"]
    findings["reason"] = _note_skipped_rows(explained["reason"], findings, nts_t, local_t)
    findings["sort_amount"] = explained["sort_amount"]
    rank = {o: i for i, o in enumerate(OUTCOMES)}
    findings["rank"] = findings["outcome"].map(rank)
    findings = findings.sort_values(
        ["rank", "sort_amount", "year", "n_row", "l_row"], ascending=[True, False, True, True, True], kind="stable"
    )
    ctx.progress(3, 4, "결과 표 만드는 중")
    tables_out = [
        ResultTable(
            "대사결과",
            _frame(findings, has_paid, has_notice, has_address),
            _formats(),
            "판정",
            HIGHLIGHT,
            note="국세 결정세액의 10%(10원 미만 버림)와 지방소득세 신고·납부를 사람·연도별로 맞춰 본 결과 중 확인할 건입니다.",
        )
    ]
    normal = pairs[~flagged]
    if params.get("include_normal"):
        normal_df = normal.copy()
        reason = pd.Series("", index=normal_df.index, dtype=object)
        reason = reason.mask(
            normal_df["n_row"].notna() & normal_df["l_row"].isna(), "산정 세액 0원(국세 결정세액 100원 미만): 신고할 세액 없음"
        )
        reason = reason.mask(normal_df["amended_same"], "국세 수정 후 지방 신고가 없으나 금액은 허용 오차 안에서 일치")
        weak = normal_df["link"] == WEAK
        reason = reason.mask(weak, (reason + "; 성명·생년월일로 연결(약한 연결)").str.lstrip("; "))
        normal_df["reason"] = reason
        tables_out.append(
            ResultTable(
                "정상", _frame(normal_df, has_paid, has_notice, has_address), _formats(), note="허용 오차 안에서 맞는 건입니다."
            )
        )
    weak_table = _weak_links(findings, normal, has_paid, has_notice, has_address)
    if weak_table is not None:
        tables_out.append(weak_table)
    summary = _summary(pairs, findings, nts, local, tol, reference, params)
    warnings = []
    if len(findings):
        warnings.append(f"확인할 건이 {len(findings):,}건 있습니다. '대사결과' 시트에서 색칠된 행을 보십시오.")
    if not has_address:
        warnings.append("국세청 자료에 주소 열이 없어 납세지 확인은 하지 않았습니다.")
    elif not params["city"].strip():
        warnings.append("시·군 설정(city)이 비어 있어 납세지 확인은 하지 않았습니다.")
    if not has_paid:
        warnings.append("지방 자료에 납부세액 열이 없어 미납·일부납부는 확인하지 않았습니다.")
    weak = int((pairs["link"] == WEAK).sum())
    if weak:
        warnings.append(
            f"{weak:,}건은 주민등록번호가 가려져 있어 성명·생년월일로 연결했습니다(약한 연결). "
            f"'{WEAK_SHEET}' 시트에서 동일인인지 확인하십시오."
        )
    years = sorted(int(y) for y in pairs["year"].unique())
    span = (f"{years[0]}" if len(years) == 1 else f"{years[0]}~{years[-1]}") if years else ""
    ctx.progress(4, 4, "계산 끝")
    result = Result(
        tables=tables_out,
        summary=summary,
        warnings=warnings,
        headline=f"{span}년 귀속 개인지방소득세 대사" if span else "개인지방소득세 대사",
    )
    return report.add_to(result)


def _weak_links(
    findings: pd.DataFrame, normal: pd.DataFrame, has_paid: bool, has_notice: bool, has_address: bool
) -> ResultTable | None:
    """Every pair joined by 성명·생년월일 only, whatever its 판정: the summary asks the clerk to check each one.

    A weak pair judged 정상 used to appear in no sheet (issue 10), so the clerk was told to check rows
    that could not be found. Findings among them are also on 대사결과; here they sit together.
    """
    flagged = findings[findings["link"] == WEAK]
    fine = normal[normal["link"] == WEAK].copy()
    if flagged.empty and fine.empty:
        return None
    fine["reason"] = WEAK_NOTE
    fine = fine.sort_values(["year", "n_row", "l_row"], kind="stable")
    both = pd.concat([flagged, fine]) if not flagged.empty else fine
    return ResultTable(
        WEAK_SHEET,
        _frame(both, has_paid, has_notice, has_address),
        _formats(),
        "판정",
        HIGHLIGHT,
        note="주민등록번호 없이 성명·생년월일로만 연결한 건입니다. 같은 사람인지 확인하십시오(정상 판정 건 포함).",
    )


def _formats() -> dict[str, str]:
    money = {
        c: MONEY for c in ("국세 결정세액", "지방소득세 산정액", "지방 신고세액", "고지세액", "납부세액", "차액", "예상가산세")
    }
    return {**money, "귀속연도": TEXT, "국세 신고일": DATE, "지방 신고일": DATE, "국세 행": INT, "지방 행": INT}


def _summary(
    pairs: pd.DataFrame,
    findings: pd.DataFrame,
    nts: pd.DataFrame,
    local: pd.DataFrame,
    tol: int,
    reference: dt.date | None,
    params: Mapping[str, Any],
) -> list[SummaryItem]:
    counts = pairs["outcome"].value_counts()
    items = [
        SummaryItem("국세 신고 건수", len(nts)),
        SummaryItem("지방소득세 신고 건수", len(local)),
        SummaryItem("주민등록번호로 연결", int((pairs["link"] == STRONG).sum())),
        SummaryItem("성명·생년월일로 연결(약)", int((pairs["link"] == WEAK).sum()), WARNING),
        SummaryItem("국세 결정세액 합계(원)", int(nts["n_결정세액"].astype("int64").sum()), fmt=MONEY),
        SummaryItem("지방소득세 산정액 합계(원)", int(pairs["expected"].fillna(0).sum()), fmt=MONEY),
        SummaryItem("지방소득세 신고세액 합계(원)", int(local[f"l_{LOCAL_TAX}"].astype("int64").sum()), fmt=MONEY),
        SummaryItem("허용 오차(원)", tol, fmt=MONEY),
    ]
    by = findings.groupby("outcome")
    amounts = by["sort_amount"].sum() if len(findings) else pd.Series(dtype="int64")
    penalties = by["penalty"].sum() if len(findings) else pd.Series(dtype="int64")
    for outcome in OUTCOMES:
        items.append(SummaryItem(f"{outcome} 건수", int(counts.get(outcome, 0)), HIGHLIGHT[outcome] or OK))
        if outcome == NORMAL:
            continue
        items.append(SummaryItem(f"  {outcome} 금액 합계(원)", int(amounts.get(outcome, 0)), fmt=MONEY))
        if outcome in (NO_FILING, UNDER, AMENDED, UNPAID):
            items.append(SummaryItem(f"  {outcome} 예상가산세 합계(원)", int(penalties.get(outcome, 0) or 0), fmt=MONEY))
    items.append(SummaryItem("예상가산세 합계(원)", int(findings["penalty"].fillna(0).sum()) if len(findings) else 0, fmt=MONEY))
    if reference is not None:
        items.append(SummaryItem("납부지연가산세 기준일", reference.isoformat(), fmt=TEXT))
    if params.get("city"):  # from the run's param or the 기관 setting: the audit shows which city was meant
        items.append(SummaryItem("납세지 기준 시·군", str(params["city"]), fmt=TEXT))
    return items
