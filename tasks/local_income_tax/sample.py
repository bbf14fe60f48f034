"""Realistic fictional inputs for ``local-income-tax``, with every outcome planted.

``nts.csv`` is CP949, as 국세청 data usually arrives. ``local.xlsx`` looks like a 지방세정보시스템
export: a title row, an output-info row, 주민등록번호 in mixed layouts (with and without hyphen, one
stored as a number that lost its leading zero, one masked), and a 합계 row at the bottom.
All numbers and people are invented; the city is 경기도 광주시.
``PLANTED`` says which outcome each planted person must get with the default parameters.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

YEAR = 2025
CITY_TOWNS = (
    "오포읍 신현리",
    "초월읍 지월리",
    "곤지암읍 곤지암리",
    "퇴촌면 광동리",
    "경안동",
    "송정동",
    "쌍령동",
    "탄벌동",
    "목현동",
    "남한산성면 산성리",
    "도척면 진우리",
    "광남동",
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준",
    "서연",
    "지호",
    "하은",
    "도윤",
    "서준",
    "예린",
    "시우",
    "하준",
    "지우",
    "유진",
    "건우",
    "나연",
    "도현",
    "수아",
    "재원",
    "태오",
    "은서",
    "지민",
    "현우",
)


@dataclass
class Planted:
    rrn: str  # as the 국세청 file writes it
    name: str
    decided: int | None  # 국세 결정세액; None: no national row
    local: int | None  # 지방 신고세액; None: no local row
    paid: int | None = None  # None: paid in full
    kind: str = "정기"
    nts_date: str = "2026-05-20"
    local_date: str = "2026-05-22"
    address: str = "경기도 광주시 오포읍 신현리 123"
    local_rrn: str | None = None  # the local side's layout of the same number
    outcome: str = ""


# 결정세액 1,234,567 → 123,456.7 → 10원 미만 버림 → 123,450 (hand-worked; see the golden tests).
PLANTED: list[Planted] = [
    Planted("850315-1234561", "김정상", 1_234_567, 123_450, outcome="정상"),
    Planted("880921-2345672", "이오차", 1_234_567, 123_440, outcome="정상"),  # 10원 적게: 허용 오차 안
    Planted("9001011234563", "박하이픈", 800_000, 80_000, local_rrn="900101-1234563", outcome="정상"),
    Planted("010101-3234564", "최영번", 500_000, 50_000, local_rrn="101013234564", outcome="정상"),  # 숫자로 저장
    Planted("770707-1456785", "정가림", 2_000_000, 200_000, local_rrn="770707-1******", outcome="정상"),  # 약한 연결
    Planted("820202-1567896", "강무신", 3_456_789, None, outcome="무신고"),
    Planted("830303-2678907", "조과소", 2_345_678, 234_548, outcome="과소신고"),  # 산정 234,560, 12원 적게
    Planted("840404-1789018", "윤과소", 5_000_000, 480_000, outcome="과소신고"),
    Planted("860606-2890129", "장과다", 1_000_000, 100_011, outcome="과다신고"),
    Planted("870808-1901230", "임미납", 900_000, 90_000, paid=0, outcome="미납/일부납부"),
    Planted("890909-2012341", "한일부", 1_500_000, 150_000, paid=100_000, outcome="미납/일부납부"),
    Planted(
        "910101-1123452",
        "오수정",
        4_000_000,
        350_000,
        kind="수정",
        nts_date="2026-08-14",
        local_date="2026-05-25",
        outcome="국세 수정 미반영",
    ),
    Planted("920202-2234563", "서광역", 1_100_000, 110_000, address="광주광역시 북구 용봉동 45", outcome="납세지 확인"),
    Planted("930303-1345674", "신서울", 700_000, None, address="서울특별시 송파구 잠실동 12", outcome="납세지 확인"),
    Planted("940404-2456785", "권지방", None, 45_000, outcome="지방만 존재"),
]


def _fillers(rng: random.Random, count: int) -> list[Planted]:
    people = []
    for i in range(count):
        yy, mm, dd = rng.randint(55, 99), rng.randint(1, 12), rng.randint(1, 28)
        sex = rng.choice("12")
        rrn = f"{yy:02d}{mm:02d}{dd:02d}-{sex}{rng.randint(0, 999999):06d}"
        decided = rng.randrange(50_000, 30_000_000)
        expected = decided // 10 // 10 * 10
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        address = f"경기{'도' if i % 3 else ''} 광주시 {rng.choice(CITY_TOWNS)} {rng.randint(1, 999)}"
        people.append(
            Planted(
                rrn, name, decided, expected, address=address, local_rrn=rrn.replace("-", "") if i % 2 else rrn, outcome="정상"
            )
        )
    return people


def people() -> list[Planted]:
    return PLANTED + _fillers(random.Random(20250531), 40)


def write_nts(path: Path, rows: list[Planted]) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["귀속연도", "주민등록번호", "성명", "주소", "신고구분", "신고일자", "과세표준", "산출세액", "결정세액"])
    for p in rows:
        if p.decided is None:
            continue
        base = p.decided * 7  # fictional: only 결정세액 enters the reconciliation
        w.writerow(
            [YEAR, p.rrn, p.name, p.address, p.kind, p.nts_date, f"{base:,}", f"{p.decided + 120_000:,}", f"{p.decided:,}"]
        )
    path.write_bytes(out.getvalue().encode("cp949"))


def write_local(path: Path, rows: list[Planted]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "개인지방소득세"
    ws["A1"] = f"{YEAR}년 귀속 개인지방소득세(종합소득분) 신고·수납 현황"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:I1")
    ws["A2"] = "출력일시: 2026-09-01 10:02   출력부서: 세정과"
    header = ["귀속년도", "주민번호", "성명", "주소", "신고일자", "지방소득세 신고세액", "고지세액", "납부세액", "납부일자"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=4, column=c, value=h).font = Font(bold=True)
    r = 5
    total = 0
    for p in rows:
        if p.local is None:
            continue
        rrn_text = p.local_rrn or p.rrn
        rrn_value: object = int(rrn_text) if rrn_text.isdigit() and len(rrn_text) == 12 else rrn_text
        paid = p.local if p.paid is None else p.paid
        values = [YEAR, rrn_value, p.name, p.address, p.local_date, p.local, None, paid, "2026-06-01" if paid else None]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if c in (6, 7, 8):
                cell.number_format = "#,##0"
        total += p.local
        r += 1
    ws.cell(row=r, column=1, value="합계")
    ws.cell(row=r, column=6, value=total).number_format = "#,##0"
    for col, width in zip("ABCDEFGHI", (8, 16, 8, 36, 12, 14, 12, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def write_samples(directory: Path | str) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rows = people()
    nts, local = directory / "nts.csv", directory / "local.xlsx"
    write_nts(nts, rows)
    write_local(local, rows)
    return {"nts": nts, "local": local}
