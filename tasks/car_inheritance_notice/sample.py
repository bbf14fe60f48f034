"""A fictional 사망자 보유차량 목록 planting every 구분, the precedence between them, and the holiday edges.

Like a real list it has a title row and columns the task must never read (주민등록번호, 생년월일);
one row has an unreadable 사망일 and goes to 오류행. Most deaths are placed relative to *anchor* (the
기준일, today by default) so that each row keeps its 구분 in a demo; three are fixed dates for the
calendar edges: 2026-08-15 (신청기한 2027-02-28, a Sunday, then 3/1 삼일절: 2027-03-02), 2025-08-20
(2026-02-28, a Saturday, then 삼일절 and its 대체공휴일: 2026-03-03) and 2023-08-31 (leap year:
2024-02-29). ``PLANTED`` says what a run on 2026-11-27 must make of each car.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = [
    "연번",
    "자동차등록번호",
    "차명",
    "소유자",
    "주민등록번호",
    "생년월일",
    "사망일자",
    "상속인",
    "상속인 주소",
    "상속인 연락처",
    "안내일",
    "송달결과",
    "이전등록일",
    "말소등록일",
]

ANCHOR = dt.date(2026, 11, 27)
# 차량번호 -> (구분, 신청기한, 경과일수, 예상범칙금) for a run with 기준일 2026-11-27.
PLANTED: dict[str, tuple[str, str, int, int]] = {
    "12가3401": ("이전완료", "2027-03-31", 0, 0),
    "23나3402": ("이전완료", "2027-03-02", 0, 0),
    "34다3403": ("공시송달 대상", "2027-03-02", 0, 0),
    "45라3404": ("공시송달 대상", "2026-08-31", 88, 500_000),
    "56마3405": ("공시송달 대상", "2027-02-01", 0, 0),
    "67바3406": ("공시송달 대상", "2026-12-31", 0, 0),
    "78사3407": ("기한 경과", "2026-11-02", 25, 250_000),
    "89아3408": ("기한 경과", "2026-03-31", 241, 500_000),
    "90자3409": ("안내 대상", "2027-04-30", 0, 0),
    "11차3410": ("안내 대상", "2027-03-02", 0, 0),
    "22카3411": ("안내 완료", "2027-03-31", 0, 0),
    "33타3412": ("안내 완료", "2026-11-30", 0, 0),
    "44파3413": ("기한 경과", "2026-03-03", 269, 500_000),
    "55하3414": ("이전완료", "2024-02-29", 0, 0),
}
BAD_PLATE = "66거3415"


def _month(anchor: dt.date, back: int, day: int) -> dt.date:
    months = anchor.year * 12 + anchor.month - 1 - back
    return dt.date(months // 12, months % 12 + 1, min(day, 28))


def rows(anchor: dt.date) -> list[list[object]]:
    def back(months: int, day: int) -> dt.date:
        return _month(anchor, months, day)

    # 차량번호, 차명, 소유자, 주민등록번호, 생년월일, 사망일, 상속인, 주소, 연락처, 안내일, 송달결과, 이전등록일, 말소등록일
    return [
        [
            "12가3401",
            "쏘나타",
            "김영수",
            "480312-1234567",
            "1948-03-12",
            back(2, 10),
            "김하늘",
            "경기도 광주시 경안동 123-4 행복빌라 201호",
            "010-2481-3301",
            back(1, 2),
            "송달",
            back(0, 2),
            None,
        ],
        [
            "23나3402",
            "아반떼",
            "이순자",
            "520704-2345678",
            "1952-07-04",
            dt.date(2026, 8, 5),
            "이바다",
            "경기도 광주시 오포읍 신현리 45-6",
            "010-2481-3302",
            dt.date(2026, 9, 1),
            "반송",
            None,
            back(1, 20),
        ],
        [
            "34다3403",
            "그랜저",
            "박정호",
            "400101-1456789",
            "1940-01-01",
            back(3, 20),
            "박가람",
            "경기도 광주시 초월읍 지월리 789",
            "010-2481-3303",
            back(2, 15),
            "반송",
            None,
            None,
        ],
        [
            "45라3404",
            "모닝",
            "최미경",
            "550505-2567890",
            "1955-05-05",
            back(9, 11),
            "최나래",
            "서울특별시 송파구 잠실동 12 잠실아파트 5동 502호",
            "",
            back(8, 1),
            "수취인불명",
            None,
            None,
        ],
        [
            "56마3405",
            "스포티지",
            "정대현",
            "470909-1678901",
            "1947-09-09",
            back(4, 3),
            "정우주",
            "경기도 성남시 분당구 정자동 1-1 정자빌딩 7층",
            "010-2481-3305",
            back(3, 20),
            "폐문부재",
            None,
            None,
        ],
        ["67바3406", "포터", "강민철", "600220-1789012", "1960-02-20", back(5, 25), "강보라", "", "", None, None, None, None],
        [
            "78사3407",
            "카니발",
            "조은숙",
            "580808-2890123",
            "1958-08-08",
            back(7, 10),
            "조은별",
            "경기도 광주시 파발로 123, 101동 1203호 (경안동, 행복아파트)",
            "010-2481-3307",
            back(6, 1),
            "송달",
            None,
            None,
        ],
        [
            "89아3408",
            "봉고",
            "윤상훈",
            "450615-1901234",
            "1945-06-15",
            back(14, 2),
            "윤슬기",
            "경기도 광주시 퇴촌면 광동리 11",
            "010-2481-3308",
            None,
            None,
            None,
            None,
        ],
        [
            "90자3409",
            "레이",
            "장혜진",
            "630303-2012345",
            "1963-03-03",
            back(1, 8),
            "장한결",
            "경기도 광주시 역동로 77, 3동 305호 (역동, 역동마을)",
            "010-2481-3309",
            None,
            None,
            None,
            None,
        ],
        [
            "11차3410",
            "K5",
            "임동욱",
            "510111-1123456",
            "1951-01-11",
            dt.date(2026, 8, 15),
            "임다온",
            "경기도 광주시 곤지암읍 곤지암리 200",
            "010-2481-3310",
            None,
            None,
            None,
            None,
        ],
        [
            "22카3411",
            "투싼",
            "한지민",
            "570417-2234567",
            "1957-04-17",
            back(2, 20),
            "한여름",
            "경기도 광주시 송정동 55-1",
            "010-2481-3311",
            back(1, 15),
            None,
            None,
            None,
        ],
        [
            "33타3412",
            "싼타페",
            "오세진",
            "490929-1345678",
            "1949-09-29",
            back(6, 12),
            "오하람",
            "경기도 광주시 탄벌동 9-9",
            "010-2481-3312",
            back(5, 1),
            "송달",
            None,
            None,
        ],
        [
            "44파3413",
            "트랙스",
            "신명숙",
            "530112-2456789",
            "1953-01-12",
            dt.date(2025, 8, 20),
            "신바람",
            "경기도 광주시 남한산성면 산성리 3",
            "010-2481-3313",
            dt.date(2025, 9, 10),
            "송달",
            None,
            None,
        ],
        [
            "55하3414",
            "마티즈",
            "권오성",
            "410730-1567890",
            "1941-07-30",
            dt.date(2023, 8, 31),
            "권새봄",
            "경기도 광주시 쌍령동 1",
            "",
            None,
            None,
            None,
            dt.date(2023, 12, 1),
        ],
        [
            BAD_PLATE,
            "스타렉스",
            "홍길동",
            "500101-1678901",
            "1950-01-01",
            "미상",
            "홍길순",
            "경기도 광주시 경안동 1",
            "",
            None,
            None,
            None,
            None,
        ],
    ]


def write_vehicles(path: Path, anchor: dt.date) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "사망자차량"
    sheet.append([f"사망자 보유차량 목록 ({anchor.year}년 {anchor.month}월 통보분)"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADERS)
    for number, row in enumerate(rows(anchor), start=1):
        sheet.append([number, *row])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column in ("G", "K", "M", "N"):
        for cell in sheet[column][2:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.save(path)


def write_samples(directory: Path | str, *, anchor: dt.date | None = None) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "vehicles.xlsx"
    write_vehicles(path, anchor or dt.date.today())
    return {"vehicles": path}
