"""Realistic fictional inputs for ``overtime-pay``, with known findings planted.

``records.xlsx`` looks like an 인사랑 export: a title row, a print-info row, a two-row header with
merged cells (초과근무 over 시작/종료), and a 합계 row at the bottom. ``payments.csv`` is CP949, as
the payroll system writes it. ``PLANTED`` says which outcome each planted person-month must get.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

MONTH = (2026, 3)
HOLIDAYS_2026_03 = {dt.date(2026, 3, 1), dt.date(2026, 3, 2)}  # 삼일절(일), 대체공휴일(월)
PRICES_2026 = {"5급": 16053, "6급": 13692, "7급": 12368, "8급": 12113, "9급": 10949}


@dataclass
class Person:
    code: str
    name: str
    dept: str
    grade_text: str
    grade: str


@dataclass
class WorkRow:
    """One 초과근무 record row: minutes since midnight, ``end`` past 1440 for a night past midnight."""

    person: Person
    day: dt.date
    start: int
    end: int
    exception: str = ""


PEOPLE = [
    Person("02010001", "김민준", "기획예산과", "지방행정사무관", "5급"),
    Person("02010002", "이서연", "기획예산과", "행정6급", "6급"),
    Person("02010003", "박지호", "기획예산과", "지방행정주사보", "7급"),
    Person("02010004", "최하은", "세정과", "주무관(7급)", "7급"),
    Person("02010005", "정도윤", "세정과", "행정8급", "8급"),
    Person("02010006", "강서준", "세정과", "지방세무서기보", "9급"),
    Person("02010007", "조예린", "복지정책과", "6급", "6급"),
    Person("02010008", "윤시우", "복지정책과", "사회복지주사보", "7급"),
    Person("02010009", "장하준", "복지정책과", "주무관(8급)", "8급"),
    Person("02010010", "임지우", "안전총괄과", "방재안전주사", "6급"),
    Person("02010011", "한유진", "안전총괄과", "7급", "7급"),
    Person("02010012", "오건우", "안전총괄과", "지방시설서기", "8급"),
    Person("02010013", "서나연", "건축과", "건축7급", "7급"),
    Person("02010014", "신도현", "건축과", "지방시설주사", "6급"),
    Person("02010015", "권수아", "건축과", "9급", "9급"),
    Person("02010016", "김똠순", "민원토지과", "행정9급", "9급"),
    Person("02010017", "황재원", "민원토지과", "지방행정주사보", "7급"),
]
# Payment rows for people with no 초과근무 record at all (근거없음).
GHOSTS = [Person("02010091", "문태오", "민원토지과", "7급", "7급")]

PLANTED = {
    "02010003": "과다지급",
    "02010008": "과다지급",
    "02010005": "과소지급",
    "02010013": "과소지급",
    "02010004": "단가오류",
    "02010014": "단가오류",
    "02010009": "지급누락",
    "02010091": "근거없음",
    "02010012": "확인필요",  # one record row carries an impossible date
}
OVER_CAP = "02010011"  # 60+ hours in the month, paid 57: 정상 with '월 한도 초과'
DISASTER = "02010010"  # 재난 근무: no monthly cap, paid in full: 정상
BAD_DATE = "2026-03-32"


def _day_minutes(raw: int, day_off: bool) -> int:
    """The day rule, written independently of tasks.overtime_pay.rules, for the planted payments."""
    if raw < 60:
        return 0
    return min(raw if day_off else raw - 60, 240)


def _records(rng: random.Random) -> list[WorkRow]:
    rows: list[WorkRow] = []
    year, month = MONTH
    days = [dt.date(year, month, d) for d in range(1, 32)]
    for p in PEOPLE:
        heavy = p.code in (OVER_CAP, DISASTER)
        weekdays = [d for d in days if d.weekday() < 5 and d not in HOLIDAYS_2026_03]
        chosen = sorted(rng.sample(weekdays, 19 if heavy else rng.randint(6, 12)))
        for d in chosen:
            start = 18 * 60 + rng.choice([0, 0, 10, 30])
            length = rng.choice([150, 180, 200, 240, 300]) if heavy else rng.choice([40, 90, 120, 150, 180, 200, 310])
            rows.append(WorkRow(p, d, start, start + length))
        off = [d for d in days if d.weekday() >= 5 or d in HOLIDAYS_2026_03]
        for d in rng.sample(off, 4 if heavy else rng.randint(0, 2)):
            rows.append(WorkRow(p, d, 9 * 60, 9 * 60 + rng.choice([180, 240, 300])))
        if p.code == DISASTER:
            for row in rows:
                if row.person is p:
                    row.exception = "재난"
    # A past-midnight night and a split day (two rows on one date).
    rows.append(WorkRow(PEOPLE[6], dt.date(2026, 3, 27), 22 * 60, 25 * 60 + 30))
    rows.append(WorkRow(PEOPLE[1], dt.date(2026, 3, 30), 7 * 60, 8 * 60 + 30))
    rows.append(WorkRow(PEOPLE[1], dt.date(2026, 3, 30), 18 * 60, 20 * 60))
    rows.sort(key=lambda r: (r.person.dept, r.person.code, r.day, r.start))
    return rows


def _expected(rows: list[WorkRow]) -> dict[str, tuple[int, int]]:
    """code -> (capped hours, correct amount incl. 정액 10h)."""
    per_day: dict[tuple[str, dt.date], int] = {}
    for r in rows:
        key = (r.person.code, r.day)
        per_day[key] = per_day.get(key, 0) + (r.end - r.start)
    minutes: dict[str, int] = {}
    for (code, day), raw in per_day.items():
        day_off = day.weekday() >= 5 or day in HOLIDAYS_2026_03
        minutes[code] = minutes.get(code, 0) + _day_minutes(raw, day_off)
    out: dict[str, tuple[int, int]] = {}
    for p in PEOPLE:
        hours = minutes.get(p.code, 0) // 60
        capped = hours if p.code == DISASTER else min(hours, 57)
        amount = (capped + 10) * PRICES_2026[p.grade]
        out[p.code] = (capped, amount - amount % 10)
    return out


def _fmt_time(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def write_records(path: Path, rows: list[WorkRow]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "초과근무현황"
    ws["A1"] = "2026년 3월 초과근무 실적 현황"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:K1")
    ws["A2"] = "출력일시: 2026-04-02 09:12   출력부서: 인사팀"
    headers = ["연번", "소속", "직급", "성명", "공무원번호", "근무일자", "요일", "초과근무", None, "근무구분", "예외구분"]
    for c, h in enumerate(headers, start=1):
        if h:
            ws.cell(row=4, column=c, value=h)
    ws.cell(row=5, column=8, value="시작")
    ws.cell(row=5, column=9, value="종료")
    for col in "ABCDEFGJK":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("H4:I4")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for r in (4, 5):
        for c in range(1, 12):
            ws.cell(row=r, column=c).fill = fill
            ws.cell(row=r, column=c).font = Font(bold=True)
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center")
    r = 6
    for i, row in enumerate(rows, start=1):
        p, day = row.person, row.day
        date_value = BAD_DATE if (p.code == PLANTED_BAD_CODE and row is _bad_row(rows)) else day.strftime("%Y-%m-%d")
        values = [
            i,
            p.dept,
            p.grade_text,
            p.name,
            p.code,
            date_value,
            "월화수목금토일"[day.weekday()],
            _fmt_time(row.start),
            _fmt_time(row.end),
            "휴일" if day.weekday() >= 5 or day in HOLIDAYS_2026_03 else "평일",
            row.exception,
        ]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if c == 5:
                cell.number_format = "@"
        r += 1
    ws.cell(row=r, column=1, value="합계")
    ws.cell(row=r, column=4, value=f"{len(PEOPLE)}명")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    for col, width in zip("ABCDEFGHIJK", (6, 14, 16, 10, 12, 12, 6, 8, 8, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


PLANTED_BAD_CODE = "02010012"


def _bad_row(rows: list[WorkRow]) -> WorkRow:
    return next(r for r in rows if r.person.code == PLANTED_BAD_CODE)


def write_payments(path: Path, rows: list[WorkRow]) -> None:
    expected = _expected(rows)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["공무원번호", "성명", "지급년월", "실적시간", "정액시간", "시간외근무수당"])
    for p in PEOPLE:
        hours, amount = expected[p.code]
        price = PRICES_2026[p.grade]
        plan = PLANTED.get(p.code)
        if plan == "지급누락":
            continue
        if plan == "과다지급":
            hours += 3 if p.code == "02010003" else 1
            amount = ((hours + 10) * price) // 10 * 10
        elif plan == "과소지급":
            hours = max(0, hours - 2)
            amount = ((hours + 10) * price) // 10 * 10
        elif plan == "단가오류":
            wrong = {"7급": 11950, "6급": 13229}[p.grade]  # 2025년 단가를 그대로 씀
            amount = ((hours + 10) * wrong) // 10 * 10
        w.writerow([p.code, p.name, "202603", hours, 10, f"{amount:,}"])
    for g in GHOSTS:
        w.writerow([g.code, g.name, "202603", 8, 10, f"{(18 * PRICES_2026[g.grade]) // 10 * 10:,}"])
    path.write_bytes(out.getvalue().encode("cp949"))


def write_samples(directory: Path | str) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rows = _records(random.Random(20260331))
    records = directory / "records.xlsx"
    payments = directory / "payments.csv"
    write_records(records, rows)
    write_payments(payments, rows)
    return {"records": records, "payments": payments}
