"""A realistic fictional 행복e음 신청·처리 현황 export covering every step and every exclusion.

Like the real export it has a title row, a query-info row, columns the task must never read
(주민등록번호 — already masked here —, 소득인정액, 가구원수) and a 합계 row. Dates are laid out around
*anchor* (today by default) so that the D-days in a demo look like a working week.
``PLANTED`` maps each 신청번호 to what the run must do with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypedDict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HEADERS = [
    "연번",
    "신청번호",
    "신청인",
    "주민등록번호",
    "휴대전화",
    "급여종류",
    "신청일자",
    "진행상태",
    "상태변경일",
    "소득인정액",
    "가구원수",
    "처리부서",
    "부서전화",
    "결정구분",
    "연장사유",
    "보완요청서류",
    "제출기한",
    "SMS발송일",
]

LONG_DOCS = ", ".join(f"{i}. 최근 6개월 금융거래내역서(은행별, 거래 건별 적요 포함) 원본 제출 필요" for i in range(1, 40))


class Extra(TypedDict, total=False):
    """A sample row's optional cells; 제출기한 and SMS발송일 are days after / before the anchor date."""

    결정구분: str
    연장사유: str
    보완요청서류: str
    제출기한: int
    SMS발송일: int


# (신청번호, 성명, 휴대전화, 급여종류, 신청 전 일수, 진행상태, 상태변경 전 일수, 부서, 전화, extra, planned)
SampleRow = tuple[str, str, str, str, int, str, int, str, str, Extra, str]
ROWS: list[SampleRow] = [
    ("2026-01001", "김하늘", "010-2481-3301", "생계급여", 3, "신청접수", 3, "복지정책과", "031-760-2451", {}, "접수"),
    (
        "2026-01002",
        "이바다",
        "010 2481 3302",
        "의료급여",
        12,
        "서류보완",
        2,
        "복지정책과",
        "031-760-2452",
        {"보완요청서류": "임대차계약서 사본, 통장 거래내역(최근 3개월)", "제출기한": 7},
        "접수",
    ),
    (
        "2026-01003",
        "박산들",
        "01024813303",
        "주거급여",
        33,
        "기한연장",
        1,
        "복지정책과",
        "031-760-2453",
        {"연장사유": "부양의무자 금융재산 조회 지연"},
        "접수",
    ),
    (
        "2026-01004",
        "최나래",
        "010-2481-3304",
        "생계급여",
        25,
        "보장결정",
        1,
        "복지정책과",
        "031-760-2451",
        {"결정구분": "적합"},
        "접수",
    ),
    ("2026-01005", "정보람", "+82 10-2481-3305", "교육급여", 40, "급여개시", 2, "복지정책과", "031-760-2454", {}, "접수"),
    ("2026-01006", "강여름", "010-2481-3306", "기초연금", 5, "접수", 5, "노인장애인과", "031-760-2461", {}, "접수"),
    ("2026-01007", "조가을", "010-2481-3307", "기초연금", 31, "기한연장", 1, "노인장애인과", "031-760-2462", {}, "접수"),
    (
        "2026-01008",
        "윤겨울",
        "010-2481-3308",
        "기초연금",
        20,
        "결정",
        1,
        "노인장애인과",
        "031-760-2461",
        {"결정구분": "부적합"},
        "접수",
    ),
    ("2026-01009", "장미래", "010-2481-3309", "한부모가족 아동양육비", 4, "접수", 4, "가족정책과", "031-760-2471", {}, "접수"),
    (
        "2026-01010",
        "임소망",
        "010-2481-3310",
        "한부모가족 아동양육비",
        32,
        "기한연장",
        1,
        "가족정책과",
        "031-760-2472",
        {"연장사유": "소득 조사 지연"},
        "단계 미해당",
    ),
    (
        "2026-01011",
        "한사랑",
        "010-2481-3311",
        "한부모가족 아동양육비",
        21,
        "결정",
        2,
        "가족정책과",
        "031-760-2471",
        {"결정구분": "적합"},
        "접수",
    ),
    (
        "2026-01012",
        "오믿음",
        "010-2481-3312",
        "장애인활동지원",
        9,
        "자료요청",
        1,
        "노인장애인과",
        "031-760-2465",
        {"보완요청서류": "의사소견서"},
        "접수",
    ),
    (
        "2026-01013",
        "서기쁨",
        "010-2481-3313",
        "장애인활동지원",
        26,
        "결정",
        1,
        "노인장애인과",
        "031-760-2465",
        {"결정구분": "적합"},
        "접수",
    ),
    ("2026-01014", "신다온", "010-2481-3314", "아동수당", 2, "접수", 2, "아동보육과", "031-760-2481", {}, "접수"),
    (
        "2026-01015",
        "권누리",
        "010-2481-3315",
        "긴급지원(생계)",
        1,
        "초기상담",
        1,
        "복지정책과",
        "031-760-2455",
        {},
        "단계 미해당",
    ),
    ("2026-01016", "황새봄", "010-2481-3316", "생계급여", 10, "조사중", 6, "복지정책과", "031-760-2451", {}, "단계 미해당"),
    ("2026-01017", "안이슬", "010-248-133", "주거급여", 3, "접수", 3, "복지정책과", "031-760-2453", {}, "번호 오류"),
    ("2026-01018", "송하람", "031-760-3000", "생계급여", 3, "접수", 3, "복지정책과", "031-760-2451", {}, "번호 오류"),
    (
        "2026-01019",
        "유다정",
        "010-2481-3319",
        "의료급여",
        15,
        "접수",
        15,
        "복지정책과",
        "031-760-2452",
        {"SMS발송일": 15},
        "이미 발송",
    ),
    (
        "2026-01020",
        "홍보라",
        "010-2481-3320",
        "생계급여",
        14,
        "보완요청",
        1,
        "복지정책과",
        "031-760-2451",
        {"보완요청서류": LONG_DOCS, "제출기한": 10},
        "글자 초과",
    ),
    (
        "2026-01021",
        "김똠순",
        "010-2481-3321",
        "기초연금",
        22,
        "결정",
        1,
        "노인장애인과",
        "031-760-2461",
        {"결정구분": "적합"},
        "보낼 수 없는 문자",
    ),
    (
        "2026-01022",
        "문단비",
        "010-2481-3322",
        "생계급여",
        11,
        "보완요청",
        1,
        "복지정책과",
        "031-760-2451",
        {"보완요청서류": "소득 증빙 — 근로소득 원천징수영수증"},
        "보낼 수 없는 문자",
    ),
    ("2026-01023", "배한결", "010-2481-3323", "주거급여", 24, "결정", 1, "복지정책과", "031-760-2453", {}, "단계 미해당"),
    ("2026-01001", "김하늘", "010-2481-3301", "생계급여", 3, "신청접수", 3, "복지정책과", "031-760-2451", {}, "중복"),
]
PLANTED: dict[str, str] = {}
for _row in ROWS:
    PLANTED.setdefault(_row[0], _row[-1])


def write_cases(path: Path, anchor: dt.date) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "신청처리현황"
    ws["A1"] = "사회보장급여 신청·처리 현황"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A2"] = (
        f"조회기간: {(anchor - dt.timedelta(days=60)).isoformat()} ~ {anchor.isoformat()}   출력부서: 복지정책과   (행복e음)"
    )
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, h in enumerate(HEADERS, start=1):
        cell = ws.cell(row=4, column=c, value=h)
        cell.font, cell.fill, cell.alignment = Font(bold=True), fill, Alignment(horizontal="center")
    r = 5
    for i, (number, name, phone, benefit, applied_ago, step, changed_ago, dept, tel, extra, _) in enumerate(ROWS, start=1):
        applied = anchor - dt.timedelta(days=applied_ago)
        changed = anchor - dt.timedelta(days=changed_ago)
        values = {
            "연번": i,
            "신청번호": number,
            "신청인": name,
            "주민등록번호": f"{50 + i:02d}0{1 + i % 9}1{i % 2 + 1}-{i % 2 + 1}******",
            "휴대전화": phone,
            "급여종류": benefit,
            "신청일자": applied.strftime("%Y.%m.%d"),
            "진행상태": step,
            "상태변경일": changed.strftime("%Y-%m-%d"),
            "소득인정액": 310000 + 17000 * i,
            "가구원수": 1 + i % 4,
            "처리부서": dept,
            "부서전화": tel,
            "결정구분": extra.get("결정구분", ""),
            "연장사유": extra.get("연장사유", ""),
            "보완요청서류": extra.get("보완요청서류", ""),
            "제출기한": (changed + dt.timedelta(days=extra["제출기한"])).strftime("%Y-%m-%d") if "제출기한" in extra else "",
            "SMS발송일": (anchor - dt.timedelta(days=extra["SMS발송일"])).strftime("%Y-%m-%d") if "SMS발송일" in extra else "",
        }
        for c, h in enumerate(HEADERS, start=1):
            cell = ws.cell(row=r, column=c, value=values[h])
            if h in ("신청번호", "휴대전화", "부서전화"):
                cell.number_format = "@"
            if h == "소득인정액":
                cell.number_format = "#,##0"
        r += 1
    ws.cell(row=r, column=1, value="합계")
    ws.cell(row=r, column=3, value=f"{len(ROWS)}건")
    for col, width in zip(
        "ABCDEFGHIJKLMNOPQR", (5, 12, 8, 15, 15, 20, 11, 10, 11, 11, 7, 12, 13, 8, 24, 30, 11, 11), strict=True
    ):
        ws.column_dimensions[col].width = width
    wb.save(path)


def write_samples(directory: Path | str, *, anchor: dt.date | None = None) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "cases.xlsx"
    write_cases(path, anchor or dt.date.today())
    return {"cases": path}
