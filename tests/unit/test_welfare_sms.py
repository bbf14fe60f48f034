"""Golden tests for welfare-sms, worked out by hand from domain-rules.md section 7.

기준일 2026-03-20 (금). Deadlines are 신청일 + N days (초일불산입), moved to the next working day
when they fall on a Saturday, Sunday or public holiday (2026-05-24 부처님오신날, 05-25 대체공휴일).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.runner import execute
from tasks.welfare_sms import SPEC
from tasks.welfare_sms.rules import deadline, program_for
from tests.support.notify_helpers import notify_ctx
from tests.support.notify_stubs import GatewayStub

HEAD = [
    "신청번호",
    "신청인 성명",
    "연락처",
    "급여종류",
    "신청일",
    "처리단계",
    "단계변경일",
    "담당부서",
    "담당전화",
    "결정결과",
    "연장사유",
    "보완서류",
    "보완기한",
    "문자발송일",
    "주민등록번호",
    "소득인정액",
]
BASE = "2026-03-20"


def row(
    number: str,
    name: str,
    phone: str,
    benefit: str,
    applied: str,
    step: str,
    changed: str = "2026-03-19",
    dept: str = "복지정책과",
    tel: str = "031-760-2451",
    **extra: str,
) -> list:
    values = dict(zip(HEAD, [number, name, phone, benefit, applied, step, changed, dept, tel], strict=False))
    values.update(extra)
    values.setdefault("주민등록번호", "900101-1234567")
    values.setdefault("소득인정액", 1234567)
    return [values.get(h, "") for h in HEAD]


ROWS = [
    row("G1", "김하늘", "010-2481-0001", "생계급여", "2026-03-02", "접수"),
    row("G2", "이바다", "010-2481-0002", "기초연금", "2026-02-03", "기한연장", dept="노인장애인과", tel="031-760-2461"),
    row("G3", "박산들", "010-2481-0003", "한부모가족 아동양육비", "2026-02-10", "기한연장", 연장사유="소득 조사 지연"),
    row(
        "G4",
        "최나래",
        "010-2481-0004",
        "한부모가족 아동양육비",
        "2026-03-05",
        "결정",
        결정결과="적합",
        dept="가족정책과",
        tel="031-760-2471",
    ),
    row("G5", "정보람", "010-2481-0005", "장애인활동지원", "2026-04-24", "접수", dept="노인장애인과", tel="031-760-2465"),
    row("G6", "강여름", "010-2481-0006", "의료급여", "2026-03-01", "접수", 문자발송일="2026-03-19"),
    row("G7", "조가을", "010-12-3456", "생계급여", "2026-03-10", "접수"),
    row("G8", "윤겨울", "010-2481-0008", "한부모가족 아동양육비", "2026-03-05", "접수", dept="가족정책과", tel="031-760-2471"),
    row("G9", "장미래", "010-2481-0009", "주거급여", "2026-02-20", "보장결정", 결정결과="부적합"),
    row(
        "G10",
        "임소망",
        "010-2481-0010",
        "기초연금",
        "2026-02-25",
        "결정",
        결정결과="적합",
        dept="노인장애인과",
        tel="031-760-2461",
    ),
    row("G11", "한사랑", "010-2481-0011", "생계급여", "2026-03-12", "보완요청", 보완서류="통장 사본", 보완기한="2026-03-27"),
]

# Hand-worked: (신청번호, 처리기한, 기한일수, 디데이, 유형, exact message)
EXPECTED = {
    "G1": (
        "2026-04-01",
        30,
        "D-12",
        "SMS",
        "[광주시] 생계급여 접수(3월 2일) 결정기한 4월 1일(D-12) 문의 복지정책과 031-760-2451",
    ),
    # 2026-02-03 + 60 = 04-04 (토) -> 04-06 (월)
    "G2": (
        "2026-04-06",
        60,
        "D-17",
        "LMS",
        "[광주시] 이바다님, 기초연금 결정기한이 신청일부터 60일인 4월 6일(D-17)까지 연장되었습니다.\n"
        "연장 사유: 소득·재산 조사 지연\n문의: 노인장애인과 031-760-2461",
    ),
    # 03-05 + 30 = 04-04 (토) -> 04-06; 한부모: 심사청구 (한부모가족지원법 제28조)
    "G4": (
        "2026-04-06",
        30,
        "D-17",
        "LMS",
        "[광주시] 최나래님, 신청하신 한부모가족 아동양육비 건이 '적합'으로 결정되었습니다. 자세한 내용은 결정통지서를 "
        "확인해 주십시오.\n결정에 이의가 있으면 통지를 받은 날부터 90일 이내에 심사청구할 수 있습니다.\n"
        "문의: 가족정책과 031-760-2471",
    ),
    # 04-24 + 30 = 05-24 (부처님오신날, 일) -> 05-25 (대체공휴일) -> 05-26 (화)
    "G5": (
        "2026-05-26",
        30,
        "D-67",
        "LMS",  # 93 bytes
        "[광주시] 장애인활동지원 접수(4월 24일) 결정기한 5월 26일(D-67) 문의 노인장애인과 031-760-2465",
    ),
    # 96 bytes: the 접수 template goes over 90 and becomes LMS with a subject
    "G8": (
        "2026-04-06",
        30,
        "D-17",
        "LMS",
        "[광주시] 한부모가족 아동양육비 접수(3월 5일) 결정기한 4월 6일(D-17) 문의 가족정책과 031-760-2471",
    ),
    # 02-20 + 30 = 03-22 (일) -> 03-23 (월)
    "G9": (
        "2026-03-23",
        30,
        "D-3",
        "LMS",
        "[광주시] 장미래님, 신청하신 주거급여 건이 '부적합'으로 결정되었습니다. 자세한 내용은 결정통지서를 확인해 "
        "주십시오.\n결정에 이의가 있으면 결정통지를 받은 날부터 90일 이내에 이의신청할 수 있습니다.\n"
        "문의: 복지정책과 031-760-2451",
    ),
    # 02-25 + 30 = 03-27 (금); 기초연금법 제22조: 안 날부터 90일
    "G10": (
        "2026-03-27",
        30,
        "D-7",
        "LMS",
        "[광주시] 임소망님, 신청하신 기초연금 건이 '적합'으로 결정되었습니다. 자세한 내용은 결정통지서를 확인해 "
        "주십시오.\n결정에 이의가 있으면 결정이 있음을 안 날부터 90일 이내에 이의신청할 수 있습니다.\n"
        "문의: 노인장애인과 031-760-2461",
    ),
    # 03-12 + 30 = 04-11 (토) -> 04-13 (월); 보완기한 03-27 (금)
    "G11": (
        "2026-04-13",
        30,
        "D-24",
        "LMS",
        "[광주시] 한사랑님, 생계급여 조사를 위해 서류 보완을 요청드립니다.\n제출 서류: 통장 사본\n"
        "제출 기한: 3월 27일(금)\n두 차례 이상 제출하지 않으면 신청이 각하될 수 있습니다.\n"
        "결정기한: 4월 13일(D-24)\n문의: 복지정책과 031-760-2451",
    ),
}
EXCLUDED = {"G3": "단계 미해당", "G6": "이미 발송", "G7": "번호 오류"}


def hand_bytes(text: str) -> int:
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def write_cases(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["사회보장급여 신청 현황(시험)"])
    ws.append([])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sheet(path: Path, name: str) -> list[dict]:
    ws = load_workbook(path, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return [dict(zip(head, r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture
def stub():
    with GatewayStub() as s:
        yield s


def run_task(tmp_path: Path, stub: GatewayStub, run_id: str, **params: str):
    ctx = notify_ctx(tmp_path / "home", stub, run_id=run_id)
    out = tmp_path / f"{run_id}.xlsx"
    outcome = execute(
        SPEC,
        {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
        {"base_date": BASE, "channel": "solapi", **params},
        out,
        ctx,
        record=False,
    )
    assert outcome.status == "done", outcome.error
    return outcome, out


def test_deadlines_messages_types_and_bytes(tmp_path: Path, stub: GatewayStub) -> None:
    _, out = run_task(tmp_path, stub, "r1")
    targets = {r["신청번호"]: r for r in sheet(out, "발송대상")}
    assert set(targets) == set(EXPECTED)
    received = {r["ledgerId"]: r for r in stub.received}
    assert len(received) == len(EXPECTED)
    by_text = {r["text"]: r for r in stub.received}
    names = {r[0]: r[1] for r in ROWS}
    for number, (due, days, dday, kind, text) in EXPECTED.items():
        t = targets[number]
        assert (t["처리기한"].date().isoformat(), t["기한일수"], t["디데이"], t["유형"]) == (due, days, dday, kind), number
        assert t["바이트"] == hand_bytes(text), number
        assert (kind == "SMS") == (hand_bytes(text) <= 90)
        # the server got exactly this text (full name), the workbook shows it with the name masked
        assert text in by_text, number
        assert by_text[text]["type"] == kind and by_text[text]["bytes"] == hand_bytes(text)
        assert t["메시지"] == text.replace(names[number], names[number][0] + "*" + names[number][-1])
    assert hand_bytes(EXPECTED["G8"][4]) == 96 and targets["G8"]["제목"] == "한부모가족 아동양육비 신청 접수"
    excluded = {r["신청번호"]: r["제외사유"] for r in sheet(out, "제외")}
    assert excluded == EXCLUDED
    results = {r["신청번호"]: r["결과"] for r in sheet(out, "발송결과")}
    assert results == dict.fromkeys(EXPECTED, "접수")


def test_case_already_messaged_is_not_sent_again(tmp_path: Path, stub: GatewayStub) -> None:
    run_task(tmp_path, stub, "r1")
    first = stub.requests
    _, out = run_task(tmp_path, stub, "r2")
    assert stub.requests == first  # nothing new to send: no request at all
    excluded = {r["신청번호"]: r["제외사유"] for r in sheet(out, "제외")}
    assert excluded == {**dict.fromkeys(EXPECTED, "이미 발송"), **EXCLUDED}
    assert sheet(out, "발송대상") == []


def test_a_new_step_is_messaged_even_after_an_earlier_one(tmp_path: Path, stub: GatewayStub) -> None:
    run_task(tmp_path, stub, "r1")
    ROWS_NEXT = [row("G1", "김하늘", "010-2481-0001", "생계급여", "2026-03-02", "결정", "2026-03-25", 결정결과="적합")]
    ctx = notify_ctx(tmp_path / "home", stub, run_id="r2")
    outcome = execute(
        SPEC,
        {"cases": write_cases(tmp_path / "next.xlsx", ROWS_NEXT)},
        {"base_date": "2026-03-25", "channel": "solapi"},
        tmp_path / "r2.xlsx",
        ctx,
        record=False,
    )
    assert outcome.status == "done"
    assert [r["결과"] for r in sheet(tmp_path / "r2.xlsx", "발송결과")] == ["접수"]


def test_dry_run_sends_nothing(tmp_path: Path, stub: GatewayStub) -> None:
    ctx = notify_ctx(tmp_path / "home", stub, run_id="d", dry_run=True)
    outcome = execute(
        SPEC,
        {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
        {"base_date": BASE, "channel": "solapi"},
        tmp_path / "d.xlsx",
        ctx,
        record=False,
    )
    assert outcome.status == "done" and stub.requests == 0
    assert {r["결과"] for r in sheet(tmp_path / "d.xlsx", "발송결과")} == {"시험 실행(보내지 않음)"}


def test_no_rrn_income_or_full_phone_in_the_workbook(tmp_path: Path, stub: GatewayStub) -> None:
    _, out = run_task(tmp_path, stub, "r1")
    wb = load_workbook(out, read_only=True)
    cells = " ".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if v is not None)
    assert "900101" not in cells and "1234567" not in cells and "1,234,567" not in cells
    assert "01024810001" not in cells and "010-2481-0001" not in cells and "김하늘" not in cells
    assert all("900101" not in r["text"] for r in stub.received)


def test_preview_for_the_confirmation_page(tmp_path: Path, stub: GatewayStub) -> None:
    from core.params import resolve_params
    from core.runner import load_inputs

    ctx = notify_ctx(tmp_path / "home", stub, run_id="p")
    tables = load_inputs(SPEC, {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)})
    params = resolve_params(SPEC, {"base_date": BASE, "channel": "solapi"})
    fn = SPEC.preview  # declared on the spec, nothing registered at import
    assert fn is not None
    p = fn(tables, params, ctx)
    assert p.count == 8 and p.by_kind == {"SMS": 1, "LMS": 7}
    assert p.cost_won == 1 * 13 + 7 * 40
    assert len(p.samples) == 3 and len({s.step for s in p.samples}) == 3
    assert all("****" in s.recipient for s in p.samples)
    assert stub.requests == 0


@pytest.mark.parametrize(
    ("benefit", "key"),
    [
        ("생계급여", "기초생활"),
        ("기초연금(신규)", "기초연금"),
        ("한부모 아동양육비", "한부모"),
        ("장애인 활동지원", "활동지원"),
        ("아동수당", "일반"),
    ],
)
def test_program_by_benefit_name(benefit: str, key: str) -> None:
    assert program_for(benefit).key == key


def test_deadline_without_holiday_rule() -> None:
    assert deadline(dt.date(2026, 2, 3), 60, None) == dt.date(2026, 4, 4)


def test_email_channel_in_settings_is_refused_before_anything(tmp_path: Path, stub: GatewayStub) -> None:
    ctx = notify_ctx(tmp_path / "home", stub, run_id="e", **{"notify.channel": "email"})
    outcome = execute(
        SPEC, {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)}, {"base_date": BASE}, tmp_path / "e.xlsx", ctx, record=False
    )
    assert outcome.status == "failed" and "문자로 안내" in str(outcome.error)
    assert stub.requests == 0 and not (tmp_path / "e.xlsx").exists()


@pytest.mark.parametrize(
    ("choice", "sent_again", "second_result"), [("keep", 0, "확인 필요"), ("resend", 1, "접수"), ("mark_sent", 0, "이미 발송")]
)
def test_in_doubt_message_is_handled_as_the_clerk_decides(
    tmp_path: Path, stub: GatewayStub, choice: str, sent_again: int, second_result: str
) -> None:
    one = [ROWS[0]]
    stub.script.append("504")
    ctx = notify_ctx(tmp_path / "home", stub, run_id="a")
    execute(
        SPEC,
        {"cases": write_cases(tmp_path / "c.xlsx", one)},
        {"base_date": BASE, "channel": "solapi"},
        tmp_path / "a.xlsx",
        ctx,
        record=False,
    )
    assert [r["결과"] for r in sheet(tmp_path / "a.xlsx", "발송결과")] == ["확인 필요"]
    before = len(stub.received)
    ctx = notify_ctx(tmp_path / "home", stub, run_id="b")
    execute(
        SPEC,
        {"cases": write_cases(tmp_path / "c.xlsx", one)},
        {"base_date": BASE, "channel": "solapi", "unconfirmed": choice},
        tmp_path / "b.xlsx",
        ctx,
        record=False,
    )
    assert len(stub.received) - before == sent_again
    if second_result == "접수":
        assert [r["결과"] for r in sheet(tmp_path / "b.xlsx", "발송결과")] == ["접수"]
    else:
        assert [r["제외사유"] for r in sheet(tmp_path / "b.xlsx", "제외")] == [second_result]
