"""Guidance messages of care-voucher-audit: exactly once per (person, month, notice), texts byte for byte.

Two payments of S01 by H01 overlap on 2026-09-10 (R12, 주의), both at 가나센터. ``people`` sends one
reminder to H01 and one to S01 (never the finding); ``agency`` sends 가나센터 one e-mail listing both.
A second run the same month sends nothing.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook

from tests.helpers import run_cli, sheet_rows, write_csv

PAY_H = ["수급자번호", "수급자명", "활동지원사번호", "활동지원사명", "제공기관", "서비스일자", "시작시각", "종료시각", "결제금액"]
PAYMENTS = [
    ("S01", "김하나", "H01", "이도움", "가나센터", "2026-09-10", "09:00", "12:00", "50,000"),
    ("S01", "김하나", "H01", "이도움", "가나센터", "2026-09-10", "11:00", "13:00", "33,000"),
    ("S02", "박두리", "H02", "최나눔", "가나센터", "2026-09-10", "09:00", "12:00", "50,000"),
]
CONTACTS = [
    ("수급자", "S01", "김하나", "010-0000-0001", ""),
    ("활동지원사", "H01", "이도움", "010-0000-0002", ""),
    ("수급자", "S02", "박두리", "010-0000-0003", ""),
    ("제공기관", "가나센터", "가나센터", "", "gana@example.org"),
]
HELPER_SMS = (
    "[광주시] 활동지원사님께 드리는 바우처 이용 안내입니다. 바우처카드는 수급자 본인이 보관하며, 서비스를 실제로 제공한 "
    "시간만 결제해 주십시오. 수급자가 입원·출국·시설 입소하면 제공기관에 바로 알려 주십시오."
)
RECIPIENT_SMS = (
    "[광주시] 활동지원 바우처 이용 안내입니다. 바우처카드는 본인(가족)이 보관하시고, 실제로 서비스를 받은 시간만 결제되게 "
    "해 주십시오. 입원·출국·시설 입소 때에는 제공기관이나 행정복지센터에 알려 주십시오."
)
AGENCY_SUBJECT = "[광주시] 2026-09 활동지원 결제 확인 요청 (가나센터)"
AGENCY_BODY = """가나센터 담당자님께

광주시 장애인 활동지원 담당입니다.
2026-09 활동지원 바우처 결제내역을 점검하면서 아래 결제 2건은 제공 기록을 한 번 더 확인할 필요가 있어 연락드립니다.
부정수급으로 판단한 것이 아니며, 제공기록지와 일정으로 실제 제공 여부를 확인해 주시기를 요청드립니다.

- 2026-09-10 09:00~12:00 수급자 S01 / 활동지원사 H01: 중복 결제(주의) - 같은 활동지원사·수급자의 다른 결제(3행, 11:00~13:00)와 60분 겹침
- 2026-09-10 11:00~13:00 수급자 S01 / 활동지원사 H01: 중복 결제(주의) - 같은 활동지원사·수급자의 다른 결제(2행, 09:00~12:00)와 60분 겹침

확인 결과(정상 제공이면 그 근거, 착오 결제면 정정 계획)를 회신해 주시면 고맙겠습니다.
근거: 장애인활동 지원에 관한 법률 제22조(기관의 제공기록 작성·보관), 제35조(부당이득의 징수)."""


def _run(tmp: Path, notify: str, name: str) -> tuple[int, str, Path]:
    pay = write_csv(tmp / "payments.csv", PAY_H, PAYMENTS)
    contacts = write_csv(tmp / "contacts.csv", ["구분", "번호", "이름", "휴대전화", "이메일"], CONTACTS)
    out = tmp / f"{name}.xlsx"
    code, _, err = run_cli(
        "run",
        "care-voucher-audit",
        "--input",
        f"payments={pay}",
        "--input",
        f"contacts={contacts}",
        "--param",
        f"notify={notify}",
        "--param",
        "base_date=2026-09-30",
        "--yes",
        "--output",
        str(out),
    )
    return code, err, out


def test_people_get_the_reminder_once_and_never_the_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAENGBOT_SETTING_NOTIFY_CHANNEL", "upload")
    code, err, out = _run(tmp_path, "people", "first")
    assert code == 0, err
    uploads = sorted(Path(os.environ["HAENGBOT_OUTPUT_DIR"]).rglob("활동지원_안내_*.xlsx"))
    assert len(uploads) == 1
    rows = list(load_workbook(uploads[0], read_only=True).active.iter_rows(values_only=True))[1:]
    # S02 has no finding: no message. H01 (helper first) and S01, each once although two findings name them.
    assert [(r[0], r[1], r[2]) for r in rows] == [("01000000002", "이도움", HELPER_SMS), ("01000000001", "김하나", RECIPIENT_SMS)]
    sent = sheet_rows(out, "안내 발송")
    assert [(r["구분"], r["번호"], r["이름"], r["연월"], r["안내"], r["받는 곳"], r["상태"]) for r in sent] == [
        ("활동지원사", "H01", "이*움", "2026-09", "예방안내", "010-****-0002", "접수"),
        ("수급자", "S01", "김*나", "2026-09", "예방안내", "010-****-0001", "접수"),
    ]
    code, err, again = _run(tmp_path, "people", "second")
    assert code == 0, err
    assert [r["상태"] for r in sheet_rows(again, "안내 발송")] == ["이미 발송", "이미 발송"]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


def test_agency_gets_one_request_to_check_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        for key, value in (
            ("SMTP_HOST", "127.0.0.1"),
            ("SMTP_PORT", str(port)),
            ("SECURITY", "none"),
            ("FROM_ADDRESS", "care@city.go.kr"),
        ):
            monkeypatch.setenv(f"HAENGBOT_SETTING_EMAIL_{key}", value)
        code, err, _ = _run(tmp_path, "agency", "first")
        assert code == 0, err
        code, err, again = _run(tmp_path, "agency", "second")
        assert code == 0, err
    finally:
        ctl.stop()
    assert len(inbox.messages) == 1
    rcpts, raw = inbox.messages[0]
    assert rcpts == ["gana@example.org"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == AGENCY_SUBJECT
    assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") == AGENCY_BODY
    assert [r["상태"] for r in sheet_rows(again, "안내 발송")] == ["이미 발송"]


def test_guidance_without_contacts_stops(tmp_path: Path) -> None:
    pay = write_csv(tmp_path / "payments.csv", PAY_H, PAYMENTS)
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli(
        "run",
        "care-voucher-audit",
        "--input",
        f"payments={pay}",
        "--param",
        "notify=people",
        "--param",
        "base_date=2026-09-30",
        "--output",
        str(out),
    )
    assert code == 2, err
    assert "안내를 보내려면 연락처(contacts) 파일이 필요합니다." in err
    assert not out.exists()
