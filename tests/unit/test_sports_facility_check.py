"""Golden and exactly-once tests for sports-facility-check, worked out by hand from domain-rules.md section 10.

기준일 2026-12-01 (the second half-year ends 2026-12-31: D-30). 조치기한 임박: 0 ≤ d ≤ 14; 경과: d < 0.
보험 만기 임박: 0 ≤ d ≤ 30; 만료: d < 0. Day counts: 12-01 + 14 = 12-15, + 15 = 12-16, + 30 = 12-31,
+ 31 = 2027-01-01, − 1 = 11-30.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from core.runner import execute
from tasks.sports_facility_check import SPEC
from tests.support.localdata_server import KEY, LocaldataServer, licence
from tests.support.notify_helpers import notify_ctx
from tests.support.notify_stubs import GatewayStub

HEAD = [
    "관리번호",
    "시설명",
    "업종",
    "소재지",
    "대표자",
    "연락처",
    "영업상태",
    "최근점검일",
    "미조치결함",
    "조치기한",
    "보험만기일",
]
BASE = "2026-12-01"


def facility(number: str, **over: str) -> list[str]:
    values = {
        "관리번호": number,
        "시설명": f"시설{number[-2:]}",
        "업종": "체력단련장업",
        "소재지": "경기도 광주시 경안동 1",
        "대표자": "홍길동",
        "연락처": f"010-7340-00{number[-2:]}",
        "영업상태": "영업",
        "최근점검일": "2026-07-15",
        "미조치결함": "",
        "조치기한": "",
        "보험만기일": "2027-06-30",
    }
    values.update(over)
    return [values[h] for h in HEAD]


ROWS = [
    facility("F01", 최근점검일="2026-05-10"),  # no inspection this half: 정기점검 예정, D-30
    facility("F02"),  # inspected 2026-07-15: nothing
    facility("F03", 미조치결함="난간 파손", 조치기한="2026-12-15"),  # d = 14: 조치기한 임박
    facility("F04", 미조치결함="매트 노후", 조치기한="2026-12-16"),  # d = 15: nothing
    facility("F05", 미조치결함="조명 고장", 조치기한="2026-12-01"),  # d = 0: 조치기한 임박
    facility("F06", 미조치결함="옹벽 균열", 조치기한="2026-11-30"),  # d = −1: 조치기한 경과 (staff)
    facility("F07", 조치기한="2026-11-20"),  # no open defect: nothing
    facility("F08", 보험만기일="2026-12-31"),  # d = 30: 보험 만기 임박
    facility("F09", 보험만기일="2027-01-01"),  # d = 31: nothing
    facility("F10", 보험만기일="2026-11-30"),  # d = −1: 보험 만료 (operator and staff)
    facility("F11", 영업상태="휴업", 보험만기일="2026-11-30"),  # 제외
    facility("F12", 영업상태="폐업", 최근점검일=""),  # 제외
    facility("F13", 연락처="", 보험만기일="2026-11-30"),  # 보험 만료, no phone: 발송 안 함
]
EXPECTED = {  # 관리번호 -> [(알림, 기준일자, D-day, 받는 사람, 발송)]
    "F06": [("조치기한 경과", "2026-11-30", -1, "담당자", "발송 안 함")],
    "F10": [("보험 만료", "2026-11-30", -1, "운영자·담당자", "발송")],
    "F13": [("보험 만료", "2026-11-30", -1, "운영자·담당자", "발송 안 함")],
    "F05": [("조치기한 임박", "2026-12-01", 0, "운영자", "발송")],
    "F03": [("조치기한 임박", "2026-12-15", 14, "운영자", "발송")],
    "F01": [("정기점검 예정", "2026-12-31", 30, "운영자·담당자", "발송")],
    "F08": [("보험 만기 임박", "2026-12-31", 30, "운영자", "발송")],
}


def write(path: Path, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["체육시설업 신고 대장"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows = list(load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def by_item(path: Path) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for t in sheet(path, "알림대상"):
        out.setdefault(t["관리번호"], []).append(
            (t["알림"], t["기준일자"].date().isoformat(), t["D-day"], t["받는 사람"], t["발송"])
        )
    return out


@pytest.fixture
def stub():
    with GatewayStub() as s:
        yield s


def run(
    tmp_path: Path, stub: GatewayStub, rows: list[list[str]], base: str, run_id: str, settings: Any = None, **params: Any
) -> Path:
    ctx = notify_ctx(tmp_path / "home", stub, run_id=run_id, **(settings or {}))
    ctx.credentials.set("datagokr-service-key", KEY)
    out = tmp_path / f"{run_id}.xlsx"
    given = {"base_date": base, "channel": "solapi", "office": "체육진흥과", "office_phone": "031-760-2114", **params}
    outcome = execute(SPEC, {"facilities": write(tmp_path / f"{run_id}-in.xlsx", rows)}, given, out, ctx, record=False)
    assert outcome.status == "done", outcome.error
    return out


def test_every_notice_and_edge_at_one_base_date(tmp_path: Path, stub: GatewayStub) -> None:
    out = run(tmp_path, stub, ROWS, BASE, "r1")
    assert by_item(out) == EXPECTED
    assert [t["관리번호"] for t in sheet(out, "알림대상")] == ["F06", "F10", "F13", "F05", "F03", "F01", "F08"]
    assert {e["관리번호"]: e["사유"] for e in sheet(out, "제외")} == {
        "F11": "휴업(대장의 영업상태)",
        "F12": "폐업(대장의 영업상태)",
    }
    texts = {r["to"]: r["text"] for r in stub.received}
    assert sorted(texts) == ["01073400001", "01073400003", "01073400005", "01073400008", "01073400010"]
    assert texts["01073400001"] == (
        "[광주시] 시설01(체력단련장업) 홍길동님, 2026년 하반기 체육시설 안전점검 기록이 없습니다.\n"
        "2026년 12월 31일(D-30)까지 안전점검을 받아 주십시오.\n문의: 체육진흥과 031-760-2114"
    )
    assert texts["01073400003"] == (
        "[광주시] 시설03 홍길동님, 안전점검에서 지적된 결함(난간 파손)의 조치기한이 2026년 12월 15일입니다(D-14).\n"
        "기한 안에 보수·보강하고 결과를 알려 주십시오. 조치하지 않으면 시정명령 대상이 됩니다.\n문의: 체육진흥과 031-760-2114"
    )
    shown = {t["관리번호"]: t["안내문"] for t in sheet(out, "알림대상")}
    assert "홍*동님" in shown["F10"] and "홍길동" not in shown["F10"]  # the workbook masks the 대표자
    results = {r["관리번호"]: (r["연락처"], r["결과"], r["사유"]) for r in sheet(out, "발송결과")}
    assert results["F13"] == ("", "제외", "연락처가 비어 있습니다")
    assert results["F10"][:2] == ("010-****-0010", "접수")


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("2026-11-30", ("2026-12-31", 31, "담당자")),  # before the lead: the staff list only
        ("2026-12-01", ("2026-12-31", 30, "운영자·담당자")),
        ("2026-12-31", ("2026-12-31", 0, "운영자·담당자")),
        ("2027-01-01", ("2027-06-30", 180, "담당자")),  # a new half: inspected 2026-07-15 is the old one
        ("2027-05-31", ("2027-06-30", 30, "운영자·담당자")),
    ],
)
def test_inspection_half_years_and_lead(tmp_path: Path, stub: GatewayStub, base: str, expected: tuple) -> None:
    last = "2026-07-15" if base >= "2027" else "2026-05-10"  # before the 기준일's half either way
    out = run(tmp_path, stub, [facility("F01", 최근점검일=last, 보험만기일="2028-12-31")], base, "r1")
    assert [(t["기준일자"].date().isoformat(), t["D-day"], t["받는 사람"]) for t in sheet(out, "알림대상")] == [expected]


def test_inspection_goes_to_the_operator_once_per_half(tmp_path: Path, stub: GatewayStub) -> None:
    rows = [facility("F01", 최근점검일="2026-05-10", 보험만기일="2028-12-31")]
    steps = [
        ("2026-11-30", "발송 안 함", 0),  # staff only yet
        ("2026-12-01", "발송", 1),  # D-30: the operator is told
        ("2026-12-01", "이미 발송", 1),  # the same day again
        ("2026-12-02", "이미 발송", 1),  # the next day, same half
        ("2027-01-02", "발송 안 함", 1),  # the next half, staff only until D-30
        ("2027-05-31", "발송", 2),  # the next half's notice (점검-2027H1)
        ("2027-06-15", "이미 발송", 2),
    ]
    for i, (base, value, sent) in enumerate(steps):
        out = run(tmp_path, stub, rows, base, f"r{i}")
        assert [t["발송"] for t in sheet(out, "알림대상")] == [value], base
        assert len(stub.received) == sent, base
    assert "2027년 상반기" in stub.received[1]["text"] and "2026년 하반기" in stub.received[0]["text"]


def test_online_status_excludes_a_closed_facility_and_names_the_source(tmp_path: Path, stub: GatewayStub) -> None:
    data = {
        "fitness_centers": [licence("F10", "시설10", "03", "폐업", closed="20261110")]
        + [licence(f"X{i:03d}", f"다른{i}", "01", "영업") for i in range(150)]  # two pages of 100
        + [licence("F03", "시설03", "01", "영업"), licence("F08", "시설08", "02", "휴업", org="3000000")],
    }
    with LocaldataServer(data) as server:
        settings = {"sports.localdata_url": server.url}
        out = run(tmp_path, stub, ROWS, BASE, "r1", settings, refresh_status=True, org_code="5540000")
        assert [r["pageNo"] for r in server.requests] == ["1", "2"]
        assert {r["cond[OPN_ATMY_GRP_CD::EQ]"] for r in server.requests} == {"5540000"}
    excluded = {e["관리번호"]: e["사유"] for e in sheet(out, "제외")}
    assert excluded["F10"] == "폐업(지방행정 인허가 데이터(행정안전부) fitness_centers, 20261110)"
    assert "F10" not in by_item(out)
    assert by_item(out)["F08"] == EXPECTED["F08"]  # 휴업 elsewhere (another 자치단체): not this facility


def test_bad_rows_unknown_state_and_inspection_after_the_base_date(tmp_path: Path, stub: GatewayStub) -> None:
    rows = [
        facility("F01", 최근점검일="2026-05-10"),
        facility("F20", 영업상태="영업정지"),
        facility("F21", 최근점검일="2026-12-05"),
    ]
    out = run(tmp_path, stub, rows, BASE, "r1")
    errors = {(e["행"], e["열"]): e["사유"] for e in sheet(out, "오류행")}
    assert errors == {
        (4, "영업상태"): "허용되는 값이 아닙니다 (허용: 영업, 휴업, 폐업)",
        (5, "최근점검일"): "최근점검일(2026-12-05)이 기준일(2026-12-01)보다 뒤입니다",
    }
    assert list(by_item(out)) == ["F01"]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


def test_staff_digest_mail_lists_everything_due_overdue_first_once_a_day(tmp_path: Path, stub: GatewayStub) -> None:
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        mail = {
            "email.smtp_host": "127.0.0.1",
            "email.smtp_port": port,
            "email.security": "none",
            "email.from_address": "bot@city.go.kr",
        }
        run(tmp_path, stub, ROWS, BASE, "r1", mail, staff_email="sports@city.go.kr")
        again = run(tmp_path, stub, ROWS, BASE, "r2", mail, staff_email="sports@city.go.kr")
    finally:
        ctl.stop()
    assert len(inbox.messages) == 1  # the same 기준일 again: the digest is not sent twice
    rcpts, raw = inbox.messages[0]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert rcpts == ["sports@city.go.kr"] and msg["Subject"] == "[행봇] 민간체육시설 점검 알림 2026-12-01: 7건"
    lines = msg.get_body(("plain",)).get_content().replace("\r\n", "\n").splitlines()
    assert lines[0] == "2026-12-01 기준 민간체육시설 점검 알림 대상 7건입니다(기한이 지난 건 먼저)."
    assert lines[2:9] == [
        "- [조치기한 경과] F06 시설06 | 조치기한 2026-11-30 (D+1) | 담당자 | 발송 안 함",
        "- [보험 만료] F10 시설10 | 보험만기일 2026-11-30 (D+1) | 운영자·담당자 | 발송",
        "- [보험 만료] F13 시설13 | 보험만기일 2026-11-30 (D+1) | 운영자·담당자 | 발송 안 함",
        "- [조치기한 임박] F05 시설05 | 조치기한 2026-12-01 (D-day) | 운영자 | 발송",
        "- [조치기한 임박] F03 시설03 | 조치기한 2026-12-15 (D-14) | 운영자 | 발송",
        "- [정기점검 예정] F01 시설01 | 반기 마감일 2026-12-31 (D-30) | 운영자·담당자 | 발송",
        "- [보험 만기 임박] F08 시설08 | 보험만기일 2026-12-31 (D-30) | 운영자 | 발송",
    ]
    summary = {r[0]: r[1] for r in load_workbook(again)["요약"].iter_rows(values_only=True) if r[0]}
    assert summary["담당자 요약 메일"] == "이미 발송 1명"


def test_refresh_errors_are_korean_and_never_show_the_key(tmp_path: Path, stub: GatewayStub) -> None:
    with LocaldataServer({"fitness_centers": []}) as server:
        ctx = notify_ctx(tmp_path / "home", stub, **{"sports.localdata_url": server.url})
        ctx.credentials.set("datagokr-service-key", "WRONG+KEY/abc==")
        given = {"base_date": BASE, "channel": "solapi", "refresh_status": True, "org_code": "5540000"}
        failed = execute(SPEC, {"facilities": write(tmp_path / "in.xlsx", ROWS)}, given, tmp_path / "o.xlsx", ctx, record=False)
        assert failed.status == "failed"
        assert "등록되지 않은 인증키입니다(30)" in str(failed.error) and "WRONG" not in str(failed.error)
        no_code = execute(
            SPEC, {"facilities": tmp_path / "in.xlsx"}, {**given, "org_code": ""}, tmp_path / "o.xlsx", ctx, record=False
        )
        assert no_code.status == "bad_input" and "개방자치단체코드" in str(no_code.error)
    assert stub.received == [] and not (tmp_path / "o.xlsx").exists()  # nothing sent when the refresh fails
