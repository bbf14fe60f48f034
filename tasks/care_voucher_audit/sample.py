"""Realistic fictional inputs for one month (2026년 10월) with every rule planted at least twice.

Thirty 수급자 each get a helper on weekdays, 09:00–12:00. On top of that the plan below plants the
findings, and the near misses that must not be found: two sessions that only touch (0 minutes of
overlap), service on the day of discharge (확인, not 주의), service on the day of death, a family pair
with an approved exception, 방문목욕 with two helpers at once, and a helper whose 수기 share stays under
30%. Names are invented, no 주민등록번호 appears, and phone numbers are 010-0000-xxxx.
``PLANTED`` says which 수급자 carries which rule, for the tests and for a clerk trying the sample.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

MONTH = (2026, 10)
AGENCIES = ("행복나눔활동지원센터", "해오름자립생활센터", "푸른들돌봄센터")
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지유", "시우", "채원", "하준", "윤서", "주원", "다은", "건우")
RATE = 277  # 원 a minute (about 16,620원 an hour): a plausible fictional unit price
PLANTED = {
    "R01": ("S0003",),
    "R02": ("S0004", "S0005"),
    "R03": ("S0006",),
    "R04": ("S0007", "S0008"),
    "R05": ("S0009", "S0011"),
    "R06": ("S0014", "S0016"),
    "R07": ("S0018", "S0019"),
    "R08": ("S0001", "S0002"),
    "R09": ("S0021", "S0022"),
    "R10": ("S0023", "S0025"),
    "R11": ("S0026", "S0027"),
    "R12": ("S0029", "S0030"),
}
PAYMENT_HEADERS = [
    "연번",
    "제공기관명",
    "수급자번호",
    "수급자명",
    "활동지원사번호",
    "활동지원사명",
    "급여종류",
    "서비스일자",
    "시작시간",
    "종료시간",
    "결제금액",
    "결제구분",
    "승인번호",
]


def _name(i: int) -> str:
    return FAMILY[i % len(FAMILY)] + GIVEN[(i * 7) % len(GIVEN)]


def _day(d: int) -> dt.date:
    return dt.date(MONTH[0], MONTH[1], d)


def _minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def payments() -> list[dict[str, Any]]:
    """Every payment of the month, in the order an export lists them (by date, then time)."""
    rows: list[dict[str, Any]] = []
    recipients = {f"S{i:04d}": _name(i) for i in range(1, 31)}
    helpers = {f"H{i:04d}": _name(i + 40) for i in range(1, 31)} | {"H0090": _name(90), "H0091": _name(91)}

    def add(s: str, h: str, day: int, start: str, end: str, *, kind: str = "활동보조", pay: str = "단말") -> None:
        minutes = (_minutes(end) - _minutes(start)) % (24 * 60)
        agency = AGENCIES[int(h[1:]) % len(AGENCIES)]
        rows.append(
            {
                "제공기관명": agency,
                "수급자번호": s,
                "수급자명": recipients[s],
                "활동지원사번호": h,
                "활동지원사명": helpers[h],
                "급여종류": kind,
                "서비스일자": _day(day),
                "시작시간": start,
                "종료시간": end,
                "결제금액": minutes * RATE,
                "결제구분": pay,
            }
        )

    manual = {"H0026": 8, "H0027": 7, "H0028": 6}  # 수기·소급 payments in the month: 36%, 32%, 27% (near miss)
    for i in range(1, 31):
        s, h = f"S{i:04d}", f"H{i:04d}"
        weekdays = [d for d in range(1, 32) if _day(d).weekday() < 5]
        for n, d in enumerate(weekdays):
            pay = "단말"
            if n < manual.get(h, 0):
                pay = "소급" if h == "H0027" else "수기"
            add(s, h, d, "09:00", "12:00", pay=pay)
    # R05: a helper with another 수급자 while his own session runs; near miss: two sessions that only touch.
    add("S0010", "H0009", 14, "10:00", "13:00")
    add("S0012", "H0011", 21, "11:30", "13:00")
    add("S0013", "H0012", 15, "12:00", "14:00")
    # R06: a second helper for the same 수급자's 활동보조; near miss: 방문목욕 by two helpers at once.
    add("S0014", "H0090", 20, "10:00", "11:30")
    add("S0016", "H0091", 27, "11:00", "13:00")
    add("S0017", "H0090", 21, "14:00", "15:00", kind="방문목욕")
    add("S0017", "H0091", 21, "14:00", "15:00", kind="방문목욕")
    # R09: 13 hours past midnight on a Saturday, 12.5 hours on another.
    add("S0021", "H0021", 10, "20:00", "09:00")
    add("S0022", "H0022", 17, "08:00", "20:30")
    # R10: 16.5 hours in two touching sessions (also a 0-minute near miss); 17 hours with one past midnight.
    add("S0023", "H0023", 24, "06:00", "14:00")
    add("S0024", "H0023", 24, "14:00", "22:30")
    add("S0025", "H0025", 25, "08:00", "16:00")
    add("S0025", "H0025", 25, "16:00", "01:00")
    # R12: the same pair paid twice for overlapping times.
    add("S0029", "H0029", 8, "09:30", "11:00")
    add("S0030", "H0030", 22, "09:00", "12:00", pay="수기")
    rows.sort(key=lambda r: (r["서비스일자"], r["시작시간"], r["수급자번호"], r["활동지원사번호"]))
    for n, row in enumerate(rows, start=1):
        row["연번"] = n
        row["승인번호"] = f"A{MONTH[0] % 100:02d}{MONTH[1]:02d}{n:06d}"
    return rows


EVENTS = [
    ("S0003", "사망", _day(20), None),  # payments on 21, 22, … ; the 20th itself is a near miss
    ("S0004", "입원", _day(6), _day(9)),  # 7, 8 주의; 6 and 9 (discharge day) 확인
    ("S0005", "입원", _day(26), None),  # still in hospital: 27 … 주의, 26 확인
    ("S0006", "출국", _day(12), _day(16)),
    ("S0007", "입소", _day(19), _day(23)),
    ("S0008", "수감", _day(28), None),
    ("S0015", "입원", _day(3), _day(5)),  # discharged Monday the 5th: that morning is 확인, not 주의
]
LIMITS = {"S0001": 900_000, "S0002": 1_000_000}  # the others 1,500,000원
RELATIONS = [
    ("S0018", "H0018", "배우자", "N"),
    ("S0019", "H0019", "자녀", ""),
    ("S0020", "H0020", "모", "Y"),  # near miss: an approved exception
]


def _sheet(path: Path, title: str, headers: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "자료"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def write_samples(directory: Path | str) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rows = payments()
    out = {
        "payments": _sheet(
            directory / "payments.xlsx",
            f"{MONTH[0]}년 {MONTH[1]}월 장애인활동지원 바우처 결제내역",
            PAYMENT_HEADERS,
            [[r[h] for h in PAYMENT_HEADERS] for r in rows],
        ),
        "events": _sheet(
            directory / "events.xlsx",
            "수급자 입원·출국·입소·사망·수감 연계 자료",
            ["수급자번호", "구분", "시작일", "종료일"],
            [list(e) for e in EVENTS],
        ),
        "relations": _sheet(
            directory / "relations.xlsx",
            "활동지원사 가족관계 현황",
            ["수급자번호", "활동지원사번호", "관계", "예외승인"],
            [list(r) for r in RELATIONS],
        ),
    }
    limits = directory / "limits.csv"
    with limits.open("w", encoding="cp949", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(["수급자번호", "연월", "월한도액"])
        for i in range(1, 31):
            s = f"S{i:04d}"
            writer.writerow([s, f"{MONTH[0]}-{MONTH[1]:02d}", f"{LIMITS.get(s, 1_500_000):,}"])
    out["limits"] = limits
    out["contacts"] = _sheet(
        directory / "contacts.xlsx", "안내 연락처", ["구분", "번호", "이름", "휴대전화", "이메일"], _contacts(rows)
    )
    return out


def _contacts(rows: list[dict[str, Any]]) -> list[list[Any]]:
    people: dict[tuple[str, str], str] = {}
    for r in rows:
        people[("수급자", r["수급자번호"])] = r["수급자명"]
        people[("활동지원사", r["활동지원사번호"])] = r["활동지원사명"]
    out = [[kind, no, name, f"010-0000-{n:04d}", ""] for n, ((kind, no), name) in enumerate(sorted(people.items()), start=1)]
    out += [["제공기관", a, a, "", f"center{n}@example.org"] for n, a in enumerate(AGENCIES, start=1)]
    return out
