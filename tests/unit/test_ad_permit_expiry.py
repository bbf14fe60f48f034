"""Golden and exactly-once tests for ad-permit-expiry, worked out by hand from domain-rules.md section 12.

d = 표시기간만료 − 기준일. 만료 사전안내 60 ≥ d > 30; 연장신청 기간 30 ≥ d ≥ −30; 기간 경과 d < −30 (staff
only); nothing while d > 60. Day counts by hand: from 2026-11-27, +30 = 12-27, +31 = 12-28, +60 =
2027-01-26, +61 = 01-27, −30 = 10-28 (October has 31 days), −31 = 10-27.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from core.runner import execute
from tasks.ad_permit_expiry import SPEC
from tests.support.notify_helpers import notify_ctx
from tests.support.notify_stubs import GatewayStub

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
    "상태",
]
BASE = "2026-11-27"


def permit(number: str, expiry: str, *, phone: str = "", **over: str) -> list[str]:
    values = {
        "허가번호": number,
        "구분": "허가",
        "광고물종류": "옥상간판",
        "자사여부": "타사",
        "표시위치": "광주시 경안동 1",
        "광고주": f"광고주{number[-2:]}",
        "연락처": phone or f"010-5120-00{number[-2:]}",
        "표시기간시작": "2024-01-01",
        "표시기간만료": expiry,
        "안전점검대상": "N",
        "상태": "표시중",
    }
    values.update(over)
    return [values[h] for h in HEAD]


EDGES = [
    permit("P-61", "2027-01-27"),  # d = 61: nothing
    permit("P-60", "2027-01-26"),  # d = 60: 만료 사전안내
    permit("P-31", "2026-12-28"),  # d = 31: 만료 사전안내
    permit("P-30", "2026-12-27", 안전점검대상="Y"),  # d = 30: 연장신청 기간, with the safety inspection
    permit("P-29", "2026-10-28"),  # d = −30: 연장신청 기간
    permit("P-28", "2026-10-27"),  # d = −31: 기간 경과 (staff)
    permit("P-01", "2026-12-01", 광고물종류="벽면이용간판", 자사여부="자사"),  # 제외: no display period
    permit("P-02", "2026-12-01", 광고물종류="돌출 간판", 자사여부="자사", 안전점검대상="Y"),  # 점검 대상: d = 4, 연장
    permit("P-03", ""),  # 제외: 만료 empty
    permit("P-04", "2026-12-01", 상태="철거"),  # 제외: 철거
]
EXPECTED = {  # 관리번호 -> (알림, 기준일자, D-day, 받는 사람, 발송)
    "P-28": ("기간 경과", "2026-10-27", -31, "담당자", "발송 안 함"),
    "P-29": ("연장신청 기간", "2026-10-28", -30, "광고주", "발송"),
    "P-02": ("연장신청 기간", "2026-12-01", 4, "광고주", "발송"),
    "P-30": ("연장신청 기간", "2026-12-27", 30, "광고주", "발송"),
    "P-31": ("만료 사전안내", "2026-12-28", 31, "광고주", "발송"),
    "P-60": ("만료 사전안내", "2027-01-26", 60, "광고주", "발송"),
}
EXCLUDED = {
    "P-01": "안전점검 대상이 아닌 자사 벽면이용간판: 2018-01-02부터 표시기간이 없습니다",
    "P-03": "표시기간만료가 비어 있습니다(표시기간 없음)",
    "P-04": "철거된 광고물입니다",
}


def write(path: Path, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["옥외광고물 허가·신고 대장"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows = list(load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture
def stub():
    with GatewayStub() as s:
        yield s


def run(tmp_path: Path, stub: GatewayStub, rows: list[list[str]], base: str, run_id: str, **params: str) -> Path:
    ctx = notify_ctx(tmp_path / "home", stub, run_id=run_id)
    out = tmp_path / f"{run_id}.xlsx"
    given = {"base_date": base, "channel": "solapi", "office": "건축과", "office_phone": "031-760-4321", **params}
    outcome = execute(SPEC, {"permits": write(tmp_path / f"{run_id}.xlsx.in.xlsx", rows)}, given, out, ctx, record=False)
    assert outcome.status == "done", outcome.error
    return out


def test_every_window_edge_at_one_base_date(tmp_path: Path, stub: GatewayStub) -> None:
    out = run(tmp_path, stub, EDGES, BASE, "r1")
    targets = sheet(out, "알림대상")
    got = {t["관리번호"]: (t["알림"], t["기준일자"].date().isoformat(), t["D-day"], t["받는 사람"], t["발송"]) for t in targets}
    assert got == EXPECTED
    assert [t["관리번호"] for t in targets] == ["P-28", "P-29", "P-02", "P-30", "P-31", "P-60"]  # overdue first
    assert {e["관리번호"]: e["사유"] for e in sheet(out, "제외")} == EXCLUDED
    assert len(stub.received) == 5
    texts = {r["to"]: r["text"] for r in stub.received}
    assert texts["01051200030"] == (
        "[광주시] 광고주30님, 옥외광고물(옥상간판, 허가번호 P-30) 표시기간 만료일은 2026년 12월 27일입니다(D-30).\n"
        "이 광고물은 안전점검 대상이라 연장하려면 안전점검을 받아야 합니다(시행령 제37조).\n"
        "2027년 1월 26일까지 안전점검과 연장 신청을 마쳐 주십시오.\n"
        "문의: 건축과 031-760-4321"
    )
    assert texts["01051200029"] == (
        "[광주시] 광고주29님, 옥외광고물(옥상간판, 허가번호 P-29) 표시기간 만료일은 2026년 10월 28일입니다(D+30).\n"
        "2026년 11월 27일까지 연장을 신청하지 않으면 표시기간이 끝난 광고물로 제거 명령 대상이 됩니다.\n"
        "문의: 건축과 031-760-4321"
    )
    # the extension window of 2027-01-26: 30 days before (2026-12-27) to 30 days after (2027-02-25)
    assert texts["01051200060"] == (
        "[광주시] 광고주60님, 옥외광고물(옥상간판, 허가번호 P-60) 표시기간이 2027년 1월 26일에 끝납니다(D-60).\n"
        "계속 표시하려면 2026년 12월 27일부터 2027년 2월 25일까지 연장을 신청해 주십시오.\n"
        "문의: 건축과 031-760-4321"
    )
    summary = {r[0]: r[1] for r in load_workbook(out)["요약"].iter_rows(values_only=True) if r[0]}
    assert (summary["읽은 광고물"], summary["  만료 사전안내"], summary["  연장신청 기간"], summary["  기간 경과"]) == (
        10,
        2,
        3,
        1,
    )
    assert (summary["발송"], summary["발송 안 함"], summary["제외"]) == (5, 1, 3)


# One permit expiring 2027-03-31 seen from six 기준일s: 01-29 (d = 61), 01-30 (60), 02-28 (31), 03-01 (30),
# 04-30 (−30), 05-01 (−31). Jan 29 → Mar 31 = 2 + 28 + 31 = 61.
@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("2027-01-29", None),
        ("2027-01-30", ("만료 사전안내", 60)),
        ("2027-02-28", ("만료 사전안내", 31)),
        ("2027-03-01", ("연장신청 기간", 30)),
        ("2027-04-30", ("연장신청 기간", -30)),
        ("2027-05-01", ("기간 경과", -31)),
    ],
)
def test_one_permit_on_each_side_of_each_edge(tmp_path: Path, stub: GatewayStub, base: str, expected: tuple | None) -> None:
    out = run(tmp_path, stub, [permit("P-77", "2027-03-31")], base, "r1")
    got = [(t["알림"], t["D-day"]) for t in sheet(out, "알림대상")]
    assert got == ([expected] if expected else [])


def test_exemption_is_a_setting(tmp_path: Path, stub: GatewayStub) -> None:
    rows = [permit("P-01", "2026-12-01", 광고물종류="벽면이용간판", 자사여부="자사")]
    out = run(tmp_path, stub, rows, BASE, "r1", exempt_kinds="")
    assert [(t["관리번호"], t["알림"]) for t in sheet(out, "알림대상")] == [("P-01", "연장신청 기간")]
    assert sheet(out, "제외") == []


def test_each_notice_goes_once_per_window_and_a_renewal_starts_a_new_cycle(tmp_path: Path, stub: GatewayStub) -> None:
    rows = [permit("P-77", "2027-03-31")]
    first = run(tmp_path, stub, rows, "2027-01-30", "r1")
    assert [t["발송"] for t in sheet(first, "알림대상")] == ["발송"]
    again = run(tmp_path, stub, rows, "2027-01-30", "r2")  # the same day again
    assert [t["발송"] for t in sheet(again, "알림대상")] == ["이미 발송"]
    next_day = run(tmp_path, stub, rows, "2027-01-31", "r3")  # inside the same window
    assert [(t["알림"], t["발송"]) for t in sheet(next_day, "알림대상")] == [("만료 사전안내", "이미 발송")]
    assert len(stub.received) == 1
    extension = run(tmp_path, stub, rows, "2027-03-01", "r4")  # the next window
    assert [(t["알림"], t["발송"]) for t in sheet(extension, "알림대상")] == [("연장신청 기간", "발송")]
    assert len(stub.received) == 2
    run(tmp_path, stub, rows, "2027-03-20", "r5")
    assert len(stub.received) == 2
    renewed = [permit("P-77", "2030-03-31", 표시기간시작="2027-04-01")]
    cycle = run(tmp_path, stub, renewed, "2030-01-30", "r6")  # renewed: a new key, a new cycle
    assert [(t["알림"], t["발송"]) for t in sheet(cycle, "알림대상")] == [("만료 사전안내", "발송")]
    run(tmp_path, stub, renewed, "2030-03-01", "r7")
    firsts = [r["text"].splitlines()[0].split("표시기간")[1] for r in stub.received]
    assert firsts == [
        "이 2027년 3월 31일에 끝납니다(D-60).",
        " 만료일은 2027년 3월 31일입니다(D-30).",
        "이 2030년 3월 31일에 끝납니다(D-60).",
        " 만료일은 2030년 3월 31일입니다(D-30).",
    ]
    assert Counter(r["to"] for r in stub.received) == {"01051200077": 4}


def test_bad_rows_go_to_the_error_sheet_or_stop(tmp_path: Path, stub: GatewayStub) -> None:
    rows = [
        permit("P-60", "2027-01-26"),
        permit("P-90", "2026-12-01", 표시기간시작="2027-01-01"),
        permit("P-91", "2026-12-01", 상태="보관"),
    ]
    out = run(tmp_path, stub, rows, BASE, "r1")
    errors = {(e["행"], e["열"]): e["사유"] for e in sheet(out, "오류행")}
    assert errors == {
        (4, "표시기간만료"): "표시기간만료(2026-12-01)가 표시기간시작(2027-01-01)보다 앞섭니다",
        (5, "상태"): "허용되는 값이 아닙니다 (허용: 표시중, 철거)",
    }
    assert [t["관리번호"] for t in sheet(out, "알림대상")] == ["P-60"]
    ctx = notify_ctx(tmp_path / "home2", stub)
    stopped = execute(
        SPEC,
        {"permits": write(tmp_path / "stop.xlsx", rows)},
        {"base_date": BASE, "channel": "solapi", "on_bad_rows": "stop"},
        tmp_path / "stop-out.xlsx",
        ctx,
        record=False,
    )
    assert stopped.status == "bad_input"
    assert "표시기간만료(2026-12-01)가 표시기간시작(2027-01-01)보다 앞섭니다" in str(stopped.error)
    assert not (tmp_path / "stop-out.xlsx").exists()


def test_dry_run_sends_nothing_and_marks_nothing(tmp_path: Path, stub: GatewayStub) -> None:
    ctx = notify_ctx(tmp_path / "home", stub, dry_run=True)
    rows = [permit("P-60", "2027-01-26")]
    outcome = execute(
        SPEC, {"permits": write(tmp_path / "in.xlsx", rows)}, {"base_date": BASE, "channel": "solapi"}, tmp_path / "o.xlsx", ctx
    )
    assert outcome.status == "done"
    assert [t["발송"] for t in sheet(tmp_path / "o.xlsx", "알림대상")] == ["발송 안 함"]
    assert stub.received == []
    later = run(tmp_path, stub, rows, BASE, "r2")
    assert [t["발송"] for t in sheet(later, "알림대상")] == ["발송"]
    assert dt.date.fromisoformat(BASE)  # the base date the golden table was worked from
