"""Sample registry: a permit on each side of every window edge (d = 61, 60, 31, 30, −30, −31), each
excluded kind, and bad rows. Dates are counted from *anchor* (default today), so a run with the
default 기준일 shows every case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEAD = [
    "허가번호",
    "구분",
    "광고물종류",
    "자사여부",
    "표시위치",
    "광고주",
    "연락처",
    "표시기간시작",
    "표시기간만료",
    "안전점검대상",
    "최근안전점검일",
    "상태",
]


def rows(anchor: dt.date) -> list[list[object]]:
    def day(offset: int) -> str:
        return (anchor + dt.timedelta(days=offset)).isoformat()

    def permit(number: str, d: int | None, **over: object) -> list[object]:
        values: dict[str, object] = {
            "허가번호": number,
            "구분": "허가",
            "광고물종류": "옥상간판",
            "자사여부": "타사",
            "표시위치": "경기도 광주시 경안동 12-3",
            "광고주": f"광고주{number[-2:]}",
            "연락처": f"010-5120-00{number[-2:]}",
            "표시기간시작": day((d or 0) - 3 * 365),
            "표시기간만료": day(d) if d is not None else "",
            "안전점검대상": "N",
            "최근안전점검일": "",
            "상태": "표시중",
        }
        values.update(over)
        return [values[h] for h in HEAD]

    return [
        permit("2023-옥외-01", 61),  # nothing yet
        permit("2023-옥외-02", 60),  # 만료 사전안내 (first day)
        permit("2023-옥외-03", 31),  # 만료 사전안내 (last day)
        permit("2023-옥외-04", 30, 안전점검대상="Y", 광고물종류="지주이용간판", 자사여부="자사"),  # 연장신청 기간, 안전점검
        permit("2023-옥외-05", -30),  # 연장신청 기간 (last day)
        permit("2023-옥외-06", -31),  # 기간 경과 (staff only)
        permit("2023-옥외-07", 10, 연락처=""),  # 연장신청 기간, no phone: 발송 안 함
        permit("2023-옥외-08", 45, 연락처="031-760-0000"),  # 사전안내, a landline: 번호 오류
        permit("2023-옥외-09", 20, 광고물종류="벽면이용간판", 자사여부="자사"),  # 제외: 표시기간 없음
        permit("2023-옥외-10", None),  # 제외: 만료 없음
        permit("2023-옥외-11", 15, 상태="철거"),  # 제외: 철거
        permit("2023-옥외-12", 20, 표시기간시작=day(400)),  # 오류행: 만료 before 시작
        permit("2023-옥외-13", 20, 안전점검대상="Y", 최근안전점검일=day(5)),  # 오류행: 점검일 after 기준일
        permit("2023-옥외-14", 20, 상태="보관"),  # 오류행: unknown 상태
    ]


def write_permits(path: Path, anchor: dt.date) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "허가신고대장"
    ws.append(["옥외광고물 허가·신고 대장(예시)"])
    ws.append([])
    ws.append(HEAD)
    for r in rows(anchor):
        ws.append(r)
    wb.save(path)


def write_samples(directory: Path | str, *, anchor: dt.date | None = None) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "permits.xlsx"
    write_permits(path, anchor or dt.date.today())
    return {"permits": path}
