"""E-mail over SMTP (aiosmtpd on loopback: STARTTLS, SSL, login) and the upload-file channel."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from openpyxl import load_workbook

from core.notify.channels.base import Envelope
from core.notify.channels.email import EmailChannel
from core.notify.ledger import Ledger
from core.notify.message import Outgoing, prepare
from core.notify.notifier import ACCEPTED, ALREADY, FAILED_KO, Notifier, plan
from core.notify.service import send
from tests.support.notify_helpers import notify_ctx

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

USER, PASSWORD = "welfare@city.go.kr", "smtp-pass-1234"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@bounce.example"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    key, crt = d / "key.pem", d / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(crt),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return key, crt


def smtp_server(inbox: Inbox, *, tls: ssl.SSLContext | None = None, implicit: bool = False) -> Controller:
    kwargs = dict(authenticator=authenticator, auth_required=True)
    if implicit:
        ctl = Controller(inbox, hostname="127.0.0.1", port=free_port(), ssl_context=tls, auth_require_tls=False, **kwargs)
    elif tls is not None:
        ctl = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=tls, require_starttls=True, **kwargs)
    else:
        ctl = Controller(inbox, hostname="127.0.0.1", port=free_port(), auth_require_tls=False, **kwargs)
    ctl.start()
    return ctl


def staff_messages() -> list[Outgoing]:
    return [
        Outgoing(
            "digest",
            "2026-03-02",
            "daily",
            f"staff{i}@city.go.kr",
            f"오늘 처리할 신청 {i}건\n- 접수 {i}건",
            subject=f"[행봇] 사회보장급여 처리 현황 {i}",
            name=f"담당자{i}",
            html=f"<p>오늘 처리할 신청 <b>{i}</b>건</p>",
        )
        for i in range(3)
    ]


def check_received(inbox: Inbox, outs: list[Outgoing]) -> None:
    assert len(inbox.messages) == len(outs)
    for (mail_from, rcpts, raw), out in zip(inbox.messages, outs, strict=True):
        assert mail_from == USER and rcpts == [out.to]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert msg["Subject"] == out.subject
        # SMTP carries lines ending in CRLF (RFC 5321); the content is otherwise exactly ours.
        assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") == out.text
        assert msg.get_body(("html",)).get_content().replace("\r\n", "\n").rstrip("\n") == out.html


def test_email_with_login_over_loopback_via_settings(tmp_path: Path) -> None:
    inbox = Inbox()
    ctl = smtp_server(inbox)
    try:
        ctx = notify_ctx(
            tmp_path,
            **{
                "email.smtp_host": "127.0.0.1",
                "email.smtp_port": ctl.port,
                "email.security": "none",
                "email.username": USER,
                "email.from_address": USER,
            },
        )
        ctx._credentials = None
        from core.credentials import MemoryStore

        ctx._credentials = MemoryStore({"smtp-password": PASSWORD})
        outs = staff_messages()
        report = send(ctx, prepare(outs, channel="email"), channel="email")
        assert [o.status for o in report.outcomes] == [ACCEPTED] * 3
        check_received(inbox, outs)
        again = send(ctx, prepare(outs, channel="email"), channel="email")
        assert [o.status for o in again.outcomes] == [ALREADY] * 3 and len(inbox.messages) == 3
    finally:
        ctl.stop()


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_email_over_tls(tmp_path: Path, cert: tuple[Path, Path], mode: str) -> None:
    key, crt = cert
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(crt, key)
    client_ctx = ssl.create_default_context(cafile=str(crt))
    inbox = Inbox()
    ctl = smtp_server(inbox, tls=server_ctx, implicit=mode == "ssl")
    try:
        ledger = Ledger(notify_ctx(tmp_path).store)
        channel = EmailChannel("127.0.0.1", ctl.port, mode, USER, PASSWORD, USER, ssl_context=client_ctx)
        outs = [*staff_messages(), Outgoing("digest", "x", "daily", "gone@bounce.example", "본문", subject="제목")]
        outcomes = plan(ledger, prepare(outs, channel="email"))
        Notifier(ledger, channel, sender="", requests_per_second=0, backoff=0).deliver(outcomes)
        assert [o.status for o in outcomes] == [ACCEPTED] * 3 + [FAILED_KO]
        check_received(inbox, outs[:3])
    finally:
        ctl.stop()


def test_email_wrong_password_fails_every_message_without_sending(tmp_path: Path) -> None:
    inbox = Inbox()
    ctl = smtp_server(inbox)
    try:
        ledger = Ledger(notify_ctx(tmp_path).store)
        channel = EmailChannel("127.0.0.1", ctl.port, "none", USER, "wrong", USER, timeout=2)
        outcomes = plan(ledger, prepare(staff_messages(), channel="email"))
        Notifier(ledger, channel, sender="", requests_per_second=0, backoff=0).deliver(outcomes)
        assert {o.status for o in outcomes} == {FAILED_KO} and "로그인" in outcomes[0].reason
        assert inbox.messages == []
    finally:
        ctl.stop()


def test_upload_file_needs_no_network_and_holds_every_message(tmp_path: Path) -> None:
    ctx = notify_ctx(tmp_path, **{"notify.upload_dir": str(tmp_path / "upload"), "notify.sender_number": ""})
    outs = [
        Outgoing(
            "t",
            f"C{i}",
            "접수",
            f"010-3000-{i:04d}",
            f"안내 {i}" + ("가" * 50 if i == 1 else ""),
            subject="안내" if i == 1 else "",
            name=f"홍길{i}",
        )
        for i in range(3)
    ]
    report = send(ctx, prepare(outs, channel="upload"), channel="upload")
    assert [o.status for o in report.outcomes] == [ACCEPTED] * 3
    [path] = report.files
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("수신번호", "이름", "메시지", "제목", "유형")
    assert rows[1:] == [
        ("01030000000", "홍길0", "안내 0", None, "SMS"),
        ("01030000001", "홍길1", "안내 1" + "가" * 50, "안내", "LMS"),
        ("01030000002", "홍길2", "안내 2", None, "SMS"),
    ]
    again = send(ctx, prepare(outs, channel="upload"), channel="upload")
    assert [o.status for o in again.outcomes] == [ALREADY] * 3 and again.files == []


def test_envelope_html_is_optional() -> None:
    from core.notify.channels.email import build_message

    msg = build_message(Envelope(1, "a@b.kr", "", "EMAIL", "본문만", "제목"), "x@y.kr")
    assert not msg.is_multipart() and msg.get_content().rstrip("\n") == "본문만"
