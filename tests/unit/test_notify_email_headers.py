"""A from-address or recipient with CR/LF is refused before sending: ``failed`` with a reason, never 확인 필요."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from core.credentials import MemoryStore
from core.notify.config import validate_setting
from core.notify.ledger import FAILED, Ledger
from core.notify.message import prepare
from core.notify.notifier import ACCEPTED, FAILED_KO
from core.notify.service import send
from tests.support.notify_helpers import notify_ctx
from tests.unit.test_notify_email_upload import PASSWORD, USER, Inbox, smtp_server, staff_messages

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
INJECTED = USER + "\r\nBcc: spy@evil.example"


def email_ctx(tmp_path: Path, port: int, from_address: str):
    ctx = notify_ctx(
        tmp_path,
        **{
            "email.smtp_host": "127.0.0.1",
            "email.smtp_port": port,
            "email.security": "none",
            "email.username": USER,
            "email.from_address": from_address,
        },
    )
    ctx._credentials = MemoryStore({"smtp-password": PASSWORD})
    return ctx


def test_a_from_address_with_a_line_break_fails_every_message_and_sends_nothing(tmp_path: Path) -> None:
    """Guards the escaped ValueError: the digest was marked 확인 필요 although nothing was sent, so it never went out."""
    inbox = Inbox()
    ctl = smtp_server(inbox)
    try:
        ctx = email_ctx(tmp_path, ctl.port, INJECTED)
        report = send(ctx, prepare(staff_messages(), channel="email"), channel="email")
        assert [o.status for o in report.outcomes] == [FAILED_KO] * 3
        assert (
            report.outcomes[0].reason
            == "설정의 보내는 주소가 잘못되어 보내지 않았습니다: 주소에 줄바꿈이나 제어 문자가 들어 있습니다"
        )
        assert inbox.messages == []
        assert Ledger(ctx.store).counts("digest") == {FAILED: 3}
        # fixed in the settings, the next run sends them (failed is retried, in doubt would not be)
        ctx.settings.set("email.from_address", USER)
        again = send(ctx, prepare(staff_messages(), channel="email"), channel="email")
        assert [o.status for o in again.outcomes] == [ACCEPTED] * 3 and len(inbox.messages) == 3
    finally:
        ctl.stop()


def test_a_bad_recipient_header_fails_that_message_only(tmp_path: Path) -> None:
    inbox = Inbox()
    ctl = smtp_server(inbox)
    try:
        ctx = email_ctx(tmp_path, ctl.port, USER)
        outs = staff_messages()
        outs[1] = dataclasses.replace(outs[1], subject="현황\r\nBcc: spy@evil.example")
        report = send(ctx, prepare(outs, channel="email"), channel="email")
        assert [o.status for o in report.outcomes] == [ACCEPTED, FAILED_KO, ACCEPTED]
        assert "줄바꿈" in report.outcomes[1].reason
        assert len(inbox.messages) == 2 and all("spy@" not in rcpt for _, rcpts, _ in inbox.messages for rcpt in rcpts)
    finally:
        ctl.stop()


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("email.from_address", INJECTED, "보내는 주소: 주소에 줄바꿈이나 제어 문자가 들어 있습니다"),
        ("email.from_address", "welfare", "보내는 주소: 'welfare'는 전자우편 주소 형식이 아닙니다(예: welfare@city.go.kr)"),
        ("email.from_address", "welfare@city.go.kr", None),
        ("email.from_address", "", None),
        ("notify.sender_number", "031-760-1234", None),
        (
            "notify.sender_number",
            "대표번호",
            "발신번호: 발신번호 '대표번호'가 전화번호 형식이 아닙니다(지역번호 포함, 예: 031-760-1234)",
        ),
        ("notify.org_name", "광주시", None),
    ],
)
def test_settings_are_checked_before_they_are_saved(key: str, value: str, problem: str | None) -> None:
    """The validator the settings dialog calls on save: a line break never gets into settings.toml."""
    assert validate_setting(key, value) == problem
