"""Sample registry: facilities on each side of the action (14/15 days, 0, −1) and insurance (30/31 days,
0, −1) edges, one inspected this half and some not, 휴업 and 폐업, and bad rows. Dates are counted
from *anchor* (default today), so a run with the default 기준일 shows every case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from tasks.sports_facility_check.rules import half_bounds

HEAD = [
    "관리번호",
    "시설명",
    "업종",
    "소재지",
    "대표자",
    "연락처",
    "이메일",
    "영업상태",
    "최근점검일",
    "점검결과",
    "미조치결함",
    "조치기한",
    "보험만기일",
]
NAMES = ["김하늘", "이바다", "박산들", "최나래", "정보람", "강여름", "조가을", "윤겨울", "장미래", "임소망", "한사랑", "오누리"]


def rows(anchor: dt.date) -> list[list[object]]:
    this_half = half_bounds(anchor)[0].isoformat()
    last_half = (half_bounds(anchor)[0] - dt.timedelta(days=30)).isoformat()

    def day(offset: int) -> str:
        return (anchor + dt.timedelta(days=offset)).isoformat()

    def facility(i: int, name: str, **over: object) -> list[object]:
        values: dict[str, object] = {
            "관리번호": f"5540000-104-2020-{i:05d}",
            "시설명": name,
            "업종": "체력단련장업",
            "소재지": "경기도 광주시 경안동 1-2",
            "대표자": NAMES[(i - 1) % len(NAMES)],
            "연락처": f"010-7340-{i:04d}",
            "이메일": f"owner{i}@example.com",
            "영업상태": "영업",
            "최근점검일": this_half,
            "점검결과": "적합",
            "미조치결함": "",
            "조치기한": "",
            "보험만기일": day(200),
        }
        values.update(over)
        return [values[h] for h in HEAD]

    return [
        facility(1, "광주휘트니스", 최근점검일=last_half),  # 정기점검 예정 (no inspection this half)
        facility(2, "경안짐", 최근점검일=""),  # 정기점검 예정 (never inspected)
        facility(3, "오포스포츠", 점검결과="조건부적합", 미조치결함="난간 파손", 조치기한=day(14)),  # 조치기한 임박 (edge)
        facility(4, "태전헬스", 점검결과="조건부적합", 미조치결함="안전매트 노후", 조치기한=day(15)),  # nothing yet
        facility(5, "곤지암체육관", 점검결과="부적합", 미조치결함="옹벽 균열", 조치기한=day(-1)),  # 조치기한 경과 (staff)
        facility(6, "초월수영장", 업종="수영장업", 보험만기일=day(30)),  # 보험 만기 임박 (edge)
        facility(7, "도척볼링", 보험만기일=day(31)),  # nothing yet
        facility(8, "퇴촌클라이밍", 보험만기일=day(-1)),  # 보험 만료 (operator and staff)
        facility(9, "남한산성도장", 업종="체육도장업", 영업상태="휴업"),  # 제외: 휴업
        facility(10, "쌍령당구장", 업종="당구장업", 영업상태="폐업"),  # 제외: 폐업
        facility(11, "역동필라테스", 영업상태="영업정지"),  # 오류행: unknown 영업상태
        facility(12, "삼동짐", 최근점검일=day(3)),  # 오류행: 최근점검일 after the 기준일
    ]


def write_facilities(path: Path, anchor: dt.date) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "신고대장"
    ws.append(["체육시설업 신고 대장(예시)"])
    ws.append([])
    ws.append(HEAD)
    for r in rows(anchor):
        ws.append(r)
    wb.save(path)


def write_samples(directory: Path | str, *, anchor: dt.date | None = None) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "facilities.xlsx"
    write_facilities(path, anchor or dt.date.today())
    return {"facilities": path}
