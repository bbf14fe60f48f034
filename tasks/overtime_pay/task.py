"""Reconcile 초과근무 내역 with 시간외근무수당 지급 내역, one person-month at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from core.calendar import HolidayCalendar, weekday_ko
from core.context import RunContext
from core.money import truncate_10won
from core.reader import Issue, Table
from core.result import DATE, FINDING, HOURS, INT, MONEY, OK, WARNING, Result, ResultTable, SummaryItem
from core.table_set import FILE_COLUMN, ORIGIN
from core.values import format_minutes
from tasks.overtime_pay.outcomes import CHECK, MISSING_PAY, NO_BASIS, NORMAL, OUTCOMES, OVERPAID, PRICE_ERROR, UNDERPAID
from tasks.overtime_pay.rules import DayRule, RateTable, builtin_rates, month_hours, parse_grade, recognise_day

MEANING = {
    OVERPAID: "지급시간이 규정대로 다시 계산한 인정시간보다 많음",
    UNDERPAID: "지급시간이 다시 계산한 인정시간보다 적음",
    PRICE_ERROR: "시간은 같으나 지급액이 (인정시간 + 정액시간) × 단가와 다름",
    MISSING_PAY: "인정시간이 있는데 지급 내역이 없음",
    NO_BASIS: "지급 내역은 있는데 초과근무 기록이 없음",
    CHECK: "그 인원·월의 행 일부를 읽지 못해 판단을 미룸 (오류행 시트)",
    NORMAL: "지급시간과 지급액이 모두 맞음",
}
HIGHLIGHT = {
    OVERPAID: FINDING,
    UNDERPAID: FINDING,
    PRICE_ERROR: FINDING,
    MISSING_PAY: FINDING,
    NO_BASIS: FINDING,
    CHECK: WARNING,
    NORMAL: "",
}

RESULT_COLUMNS = [
    "공무원번호",
    "성명",
    "소속",
    "직급",
    "근무월",
    "근무일수",
    "인정분합계",
    "인정시간",
    "한도적용시간",
    "정액시간",
    "단가",
    "산정액",
    "지급시간",
    "지급액",
    "시간차이",
    "금액차이",
    "판정",
    "사유",
]


def person_key(code: str) -> str:
    """Match key for 공무원번호: a number saved as a number in one file lost its leading zeros."""
    return code.lstrip("0") or "0" if code.isdigit() else code.upper()


def _rates(tables: Mapping[str, Table]) -> RateTable:
    rates = builtin_rates()
    table = tables.get("rates")
    if table is not None:
        for row in table.valid().itertuples(index=False):
            try:
                grade = parse_grade(row.직급)
            except ValueError:
                continue  # reported by validate()
            rates[(int(row.연도), grade)] = int(row.단가)
    return rates


def validate(tables: Mapping[str, Table], params: Mapping[str, Any]) -> dict[str, list[Issue]]:
    """직급 must be a known grade, and the run's (year, grade) pairs must have a price."""
    found: dict[str, list[Issue]] = defaultdict(list)
    if "rates" in tables:
        t = tables["rates"]
        for row, grade in t.valid()[["_row", "직급"]].itertuples(index=False):
            try:
                parse_grade(grade)
            except ValueError as exc:
                found["rates"].append(t.issue(row, "직급", grade, str(exc)))
    rates = _rates(tables)
    t = tables["records"]
    valid = t.valid()
    # Several monthly files: an issue names the file its row came from, not the first file.
    part_of = {str(part.file): part for part in t.parts}
    files = valid[FILE_COLUMN].tolist() if FILE_COLUMN in valid else [None] * len(valid)
    cache: dict[tuple[str, int], str | None] = {}
    for row, grade, day, file in zip(
        valid["_row"].tolist(), valid["직급"].tolist(), valid["근무일자"].tolist(), files, strict=True
    ):
        key = (grade, day.year)
        if key not in cache:
            try:
                label = parse_grade(grade)
                cache[key] = (
                    None
                    if (day.year, label) in rates
                    else (f"{day.year}년 {label} 단가가 단가표에 없습니다 (단가표 입력 파일로 추가할 수 있습니다)")
                )
            except ValueError as exc:
                cache[key] = str(exc)
        problem = cache[key]
        if problem:
            found["records"].append(part_of.get(file, t).issue(row, "직급", grade, problem))
    return dict(found)


@dataclass
class Paid:
    """지급 내역 of one person-month, summed over its payment rows."""

    hours: Decimal = Decimal(0)
    amount: int = 0
    flat_hours: Decimal | None = None
    rows: int = 0


@dataclass
class PersonMonth:
    key: str
    month: str
    code: str = ""
    name: str = ""
    dept: str = ""
    grade: str = ""
    grades: list[str] = field(default_factory=list)
    days: int = 0
    minutes: int = 0
    exception: str = ""
    has_records: bool = False
    paid: Paid | None = None  # None: no 지급 내역 for this person-month
    bad_rows: list[str] = field(default_factory=list)


def _days(records: pd.DataFrame, calendar: HolidayCalendar, rule: DayRule, ctx: RunContext) -> pd.DataFrame:
    """One row per person-day with every step of the day rule."""
    df = records.copy()
    end = df["종료시각"].astype("int64")
    start = df["시작시각"].astype("int64")
    # 종료가 시작과 같거나 이르면 자정을 넘긴 근무 (익일 종료).
    df["_minutes"] = (end.where(end > start, end + 1440) - start).astype("int64")
    df["pkey"] = df["공무원번호"].map(person_key)
    df["pday"] = df["근무일자"].dt.date
    ctx.check_cancelled()
    grouped = df.groupby(["pkey", "pday"], sort=True, dropna=False)
    agg = grouped.agg(
        공무원번호=("공무원번호", "first"),
        성명=("성명", "first"),
        소속=("소속", "last"),
        직급=("직급", "last"),
        기록수=("_minutes", "size"),
        원시분=("_minutes", "sum"),
        시작=("시작시각", "min"),
        근무구분=("근무구분", "first"),
        예외구분=("예외구분", "first"),  # first non-empty value of the day
    ).reset_index()
    ctx.check_cancelled()
    kinds = {d: calendar.kind(d) for d in agg["pday"].unique()}
    # Plain lists, not itertuples: pandas' extension arrays cost about 5 µs a cell to iterate, more
    # than the rule itself. Person-days repeat the same (minutes, day kind, exception) a great deal,
    # so each distinct one goes through the day rule once (issue 19's profile).
    names = ("pkey", "pday", "공무원번호", "성명", "소속", "직급", "근무구분", "예외구분", "기록수", "원시분")
    columns = [agg[name].tolist() for name in names]
    outcomes: dict[tuple[int, bool, bool], Any] = {}
    months: dict[Any, tuple[str, str]] = {}
    out_rows = []
    total = len(agg)
    for i, (pkey, pday, code, name, dept, grade, given_kind, exception, count, raw) in enumerate(zip(*columns, strict=True)):
        if i % 20000 == 0:
            ctx.progress(i, total, "일별 인정시간 계산 중")
        day_off, label = kinds[pday]
        exception = exception if isinstance(exception, str) else ""
        if given_kind == "휴일":
            day_off, label = True, f"휴일(입력: {label})" if label != "평일" else "휴일(입력)"
        elif given_kind == "평일":
            day_off, label = False, f"평일(입력: {label})" if label != "평일" else "평일"
        key = (int(raw), day_off, bool(exception))
        day = outcomes.get(key)
        if day is None:
            day = outcomes[key] = recognise_day(key[0], day_off, key[2], rule)
        if pday not in months:
            months[pday] = (pday.strftime("%Y-%m"), weekday_ko(pday))
        month, weekday = months[pday]
        out_rows.append(
            (
                pkey,
                pday,
                code,
                name,
                dept,
                grade,
                month,
                weekday,
                label,
                exception,
                int(count),
                day.raw,
                day.deduction,
                day.capped_off,
                day.recognised,
                day.note,
            )
        )
    return pd.DataFrame(
        out_rows,
        columns=[
            "pkey",
            "pday",
            "공무원번호",
            "성명",
            "소속",
            "직급",
            "근무월",
            "요일",
            "구분",
            "예외구분",
            "기록수",
            "원시분",
            "공제분",
            "상한초과분",
            "인정분",
            "비고",
        ],
    )


def run(tables: Mapping[str, Table], params: Mapping[str, Any], ctx: RunContext) -> Result:
    rule = DayRule(
        params["min_day_minutes"],
        params["weekday_deduction_minutes"],
        params["daily_cap_minutes"],
        params["exception_lifts_daily_cap"],
    )
    calendar = HolidayCalendar(params["extra_holidays"], params["working_days"])
    cap = params["monthly_cap_hours"]
    default_flat = Decimal(params["flat_hours"])
    tolerance = params["amount_tolerance"]
    rates = _rates(tables)
    records_t, payments_t = tables["records"], tables["payments"]

    days = _days(records_t.valid(), calendar, rule, ctx)
    people: dict[tuple[str, str], PersonMonth] = {}

    def pm(key: str, month: str) -> PersonMonth:
        if (key, month) not in people:
            people[(key, month)] = PersonMonth(key, month)
        return people[(key, month)]

    grades: dict[str, str] = {}
    day_columns = ("pkey", "근무월", "공무원번호", "성명", "소속", "직급", "인정분", "예외구분")
    for key, month, code, name, dept, grade, minutes, exception in zip(*(days[c].tolist() for c in day_columns), strict=True):
        p = pm(key, month)
        p.has_records = True
        p.code, p.name = code, name
        p.dept = dept if isinstance(dept, str) else p.dept
        label = grades.get(grade)
        if label is None:
            label = grades[grade] = parse_grade(grade)
        if not p.grades or p.grades[-1] != label:
            p.grades.append(label)
        p.grade = label  # 월중 직급 변경: 그 달 마지막 근무일의 직급 [U]
        p.days += 1
        p.minutes += minutes
        if exception:
            p.exception = exception
    ctx.check_cancelled()

    for r in payments_t.valid().itertuples(index=False):
        p = pm(person_key(r.공무원번호), r.지급월)
        if not p.code:
            p.code = r.공무원번호
        if not p.name and isinstance(r.성명, str):
            p.name = r.성명
        if p.paid is None:
            p.paid = Paid()
        p.paid.hours += r.실적시간
        if r.정액시간 is not None:
            p.paid.flat_hours = (p.paid.flat_hours or Decimal(0)) + r.정액시간
        p.paid.amount += int(r.지급액)
        p.paid.rows += 1

    # Bad rows that can still be placed on a person make that person's month 확인필요; when the
    # month itself is unreadable, every month of that person in this run is in doubt.
    months_of: dict[str, list[str]] = defaultdict(list)
    for key, month in people:
        months_of[key].append(month)
    for t, date_col, label in ((records_t, "근무일자", "초과근무"), (payments_t, "지급월", "지급")):
        bad = t.df[~t.df["_ok"]]
        # Several files: "records_03.xlsx 초과근무현황 12행" (table_set's 원본 위치), so the row can be found.
        places = bad[ORIGIN].tolist() if ORIGIN in bad and len(t.parts) > 1 else [f"{r}행" for r in bad["_row"].tolist()]
        for code, when, place in zip(bad["공무원번호"].tolist(), bad[date_col].tolist(), places, strict=True):
            if not isinstance(code, str):
                continue
            key = person_key(code)
            if isinstance(when, str):
                months = [when]
            elif when is not None and not pd.isna(when):
                months = [when.strftime("%Y-%m")]
            else:
                months = months_of.get(key, [])
            for month in months:
                if (key, month) in people:
                    people[(key, month)].bad_rows.append(f"{label} {place}")

    rows = []
    for (_, month), p in people.items():
        rows.append(_judge(p, month, rates, cap, default_flat, tolerance))
    result_df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    # Findings first within each month, then by department and number: what the clerk must look at is on top.
    order = {outcome: i for i, outcome in enumerate(OUTCOMES)}
    result_df = (
        result_df.assign(_o=result_df["판정"].map(order))
        .sort_values(["근무월", "_o", "소속", "공무원번호"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )
    daily = days.drop(columns=["pkey", "pday"]).assign(근무일자=pd.to_datetime(days["pday"]))
    daily = daily[
        [
            "공무원번호",
            "성명",
            "소속",
            "직급",
            "근무월",
            "근무일자",
            "요일",
            "구분",
            "예외구분",
            "기록수",
            "원시분",
            "공제분",
            "상한초과분",
            "인정분",
            "비고",
        ]
    ]
    daily.insert(len(daily.columns) - 1, "인정시간(시:분)", daily["인정분"].map(format_minutes))
    return _result(result_df, daily, cap)


def _judge(p: PersonMonth, month: str, rates: RateTable, cap: int, default_flat: Decimal, tolerance: int) -> list[Any]:
    reasons: list[str] = []
    hours: int | None = None
    capped: int | None = None  # not None exactly when the person-month has 초과근무 records
    over = False
    price: int | None = None
    expected: int | None = None
    paid = p.paid
    flat = paid.flat_hours if paid is not None and paid.flat_hours is not None else default_flat
    if p.has_records:
        hours, capped, over = month_hours(p.minutes, cap, bool(p.exception))
        year = int(month[:4])
        price = rates.get((year, p.grade))
        if price is not None:
            expected = truncate_10won((capped + flat) * price)
        if len(p.grades) > 1:
            reasons.append(f"월중 직급 변경({'→'.join(p.grades)}): 마지막 근무일 직급 적용")
    if over:
        reasons.append(
            f"월 한도 초과(계산 {hours}시간)" + (f", {p.exception} 예외로 한도 미적용" if p.exception else f" → {cap}시간")
        )
    if paid is not None and paid.rows > 1:
        reasons.append(f"지급 내역 {paid.rows}건 합산")

    hour_diff: Decimal | None = None
    amount_diff: int | None = None
    if capped is not None and paid is not None:
        hour_diff = paid.hours - capped
        if expected is not None:
            amount_diff = paid.amount - expected
        if paid.hours > capped:
            outcome = OVERPAID
            reasons.insert(0, f"지급 {_h(paid.hours)}시간 > 산정 {capped}시간")
        elif paid.hours < capped:
            outcome = UNDERPAID
            reasons.insert(0, f"지급 {_h(paid.hours)}시간 < 산정 {capped}시간")
        elif expected is None or amount_diff is None:
            outcome = CHECK
            reasons.insert(0, "단가를 알 수 없음")
        elif abs(amount_diff) > tolerance:
            outcome = PRICE_ERROR
            reasons.insert(
                0,
                f"시간 일치, 지급액 {paid.amount:,}원 ≠ 산정액 {expected:,}원 "
                f"(({capped}+{_h(flat)})시간 × {price:,}원, 10원 미만 버림)",
            )
        else:
            outcome = NORMAL
    elif capped is not None:
        if capped > 0:
            outcome = MISSING_PAY
            reasons.insert(0, f"인정 {capped}시간인데 지급 내역 없음")
        else:
            outcome = NORMAL
            reasons.insert(0, "인정시간 없음, 지급 내역 없음")
    else:
        outcome = NO_BASIS
        reasons.insert(0, "지급 내역은 있으나 초과근무 기록 없음")
    if p.bad_rows:
        reasons.insert(
            0,
            f"계산상 판정 {outcome}, 그러나 읽지 못한 행 제외됨({', '.join(p.bad_rows[:5])}"
            f"{' 외' if len(p.bad_rows) > 5 else ''}): 오류행 시트 확인",
        )
        outcome = CHECK
    return [
        p.code,
        p.name,
        p.dept,
        p.grade,
        month,
        p.days if p.has_records else None,
        p.minutes if p.has_records else None,
        hours,
        capped,
        flat if p.has_records or paid is not None else None,
        price,
        expected,
        paid.hours if paid is not None else None,
        paid.amount if paid is not None else None,
        hour_diff,
        amount_diff,
        outcome,
        "; ".join(reasons),
    ]


def _h(value: Decimal | int) -> str:
    d = Decimal(value)
    return str(int(d)) if d == d.to_integral_value() else f"{d.normalize()}"


def _result(df: pd.DataFrame, daily: pd.DataFrame, cap: int) -> Result:
    counts = df["판정"].value_counts()
    months = sorted(df["근무월"].dropna().unique())
    span = months[0] if len(months) == 1 else (f"{months[0]} ~ {months[-1]}" if months else "")
    summary = [SummaryItem("대상 인원·월", len(df))]
    for outcome in OUTCOMES:
        summary.append(SummaryItem(outcome, int(counts.get(outcome, 0)), HIGHLIGHT[outcome] or OK, note=MEANING[outcome]))
    findings = df[df["판정"].isin([OVERPAID, UNDERPAID, PRICE_ERROR, MISSING_PAY, NO_BASIS])]
    summary += [
        SummaryItem("산정액 합계(원)", int(df["산정액"].fillna(0).sum()), fmt=MONEY),
        SummaryItem("지급액 합계(원)", int(df["지급액"].fillna(0).sum()), fmt=MONEY),
        SummaryItem(
            "과다지급액 합계(원)", int(findings.loc[findings["판정"] == OVERPAID, "금액차이"].fillna(0).sum()), fmt=MONEY
        ),
        SummaryItem(
            "과소지급액 합계(원)", int(-findings.loc[findings["판정"] == UNDERPAID, "금액차이"].fillna(0).sum()), fmt=MONEY
        ),
        SummaryItem(f"월 {cap}시간 한도 초과 인원·월", int(df["사유"].str.contains("월 한도 초과").sum()), WARNING),
    ]
    money = {c: MONEY for c in ("단가", "산정액", "지급액", "금액차이")}
    ints = {c: INT for c in ("근무일수", "인정분합계", "인정시간", "한도적용시간")}
    hours = {c: HOURS for c in ("정액시간", "지급시간", "시간차이")}
    result_table = ResultTable(
        "대사결과",
        df,
        {**money, **ints, **hours},
        "판정",
        HIGHLIGHT,
        note="사람별·월별로 다시 계산한 인정시간과 실제 지급 내역을 비교했습니다.",
    )
    daily_table = ResultTable(
        "일별내역",
        daily,
        {"근무일자": DATE, **{c: INT for c in ("기록수", "원시분", "공제분", "상한초과분", "인정분")}},
        note="하루마다 원시 분, 공제, 상한, 인정 분과 그 이유입니다.",
    )
    headline = f"초과근무 ↔ 시간외근무수당 대사 ({span})" if span else "초과근무 ↔ 시간외근무수당 대사"
    return Result(
        tables=[result_table, daily_table],
        summary=summary,
        headline=headline,
        warnings=[]
        if findings.empty
        else [f"확인할 인원·월이 {len(findings)}건 있습니다. '대사결과' 시트에서 색칠된 행을 보십시오."],
    )
