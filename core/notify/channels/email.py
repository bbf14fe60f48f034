"""E-mail over SMTP for staff alerts and digests: STARTTLS or SSL, login, plain-text and HTML parts.

One connection carries the whole batch. A message the server refused is ``failed``; a message
during which the connection broke is ``unknown`` (the server may have queued it); messages after
that were never handed over and are ``failed`` so that a re-run sends them.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from core.korean import particle
from core.notify.channels.base import Delivery, Envelope, Rejected, RetryLater

MAX_BATCH = 200
HEADER_REFUSED = "보내는 주소·받는 주소·제목에 쓸 수 없는 글자(줄바꿈 등)가 있어 보내지 않았습니다"
_ADDRESS = re.compile(
    r"[^@\s<>(),;:\\\"\[\]]+@[A-Za-z0-9가-힣](?:[A-Za-z0-9가-힣-]*[A-Za-z0-9가-힣])?(?:\.[A-Za-z0-9가-힣](?:[A-Za-z0-9가-힣-]*[A-Za-z0-9가-힣])?)+"
)


def address_problem(address: str) -> str | None:
    """Why *address* cannot be an e-mail address (Korean), or None. CR/LF and other control
    characters are refused outright: in a header they would start a new header line."""
    if not address or not address.strip():
        return "주소가 비어 있습니다"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in address):
        return "주소에 줄바꿈이나 제어 문자가 들어 있습니다"
    if not _ADDRESS.fullmatch(address.strip()):
        shown = address.strip()[:60]
        return f"'{shown}'{particle(shown, '은/는')} 전자우편 주소 형식이 아닙니다(예: welfare@city.go.kr)"
    return None


def build_message(env: Envelope, sender: str, sender_name: str = "행봇") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = str(Address(sender_name, addr_spec=sender)) if sender_name else sender
    msg["To"] = str(Address(env.name, addr_spec=env.to)) if env.name else env.to
    msg["Subject"] = env.subject or "(제목 없음)"
    msg["Message-ID"] = make_msgid(idstring=f"haengbot{env.ledger_id}")
    msg.set_content(env.text, charset="utf-8")
    if env.html:
        msg.add_alternative(env.html, subtype="html", charset="utf-8")
    return msg


class EmailChannel:
    name = "email"
    split_by_kind = False
    what = "메일 서버"

    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        username: str,
        password: str,
        sender: str,
        *,
        sender_name: str = "행봇",
        timeout: float = 30,
        max_batch: int = MAX_BATCH,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.host, self.port, self.security = host, int(port), security
        self.username, self.password = username, password
        self.sender, self.sender_name = sender.strip(), sender_name
        self.timeout = timeout
        self.max_batch = max(1, max_batch)
        self.context = ssl_context
        self.files: list[Path] = []

    def _context(self) -> ssl.SSLContext:
        if self.context is not None:
            return self.context
        try:
            import truststore

            return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        except Exception:  # pragma: no cover
            return ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        try:
            if self.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    smtp.starttls(context=self._context())
        except ssl.SSLError as exc:
            raise Rejected("tls", f"메일 서버의 인증서를 확인하지 못했습니다({type(exc).__name__})", fatal=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise RetryLater(f"메일 서버({self.host}:{self.port})에 연결하지 못했습니다: {type(exc).__name__}") from None
        if self.username:
            try:
                smtp.login(self.username, self.password)
            except (OSError, smtplib.SMTPException):
                try:
                    smtp.close()
                finally:
                    raise Rejected(
                        "auth", "메일 서버 로그인에 실패했습니다. 계정과 비밀번호를 확인하십시오", fatal=True
                    ) from None
        return smtp

    def send_batch(self, batch: list[Envelope]) -> list[Delivery]:
        # Every message is built before the server is reached: a header that would inject lines
        # (CR/LF in an address or subject) is refused here, so it is ``failed`` with a reason, never
        # a crash after the connection that the notifier would have to count as 확인 필요.
        problem = address_problem(self.sender)
        if problem:
            raise Rejected("address", f"설정의 보내는 주소가 잘못되어 보내지 않았습니다: {problem}", fatal=True)
        built: dict[int, EmailMessage] = {}
        out: list[Delivery] = []
        for env in batch:
            try:
                built[env.ledger_id] = build_message(env, self.sender, self.sender_name)
            except (ValueError, TypeError, IndexError):
                out.append(Delivery(env.ledger_id, "failed", "", "address", HEADER_REFUSED))
        if not built:
            return out
        smtp = self._connect()
        broken = False
        try:
            for env in batch:
                msg = built.get(env.ledger_id)
                if msg is None:
                    continue
                if broken:
                    out.append(
                        Delivery(env.ledger_id, "failed", "", "not_sent", "연결이 끊겨 보내지 못했습니다(다음 실행에 다시 보냄)")
                    )
                    continue
                try:
                    refused = smtp.send_message(msg)
                except smtplib.SMTPRecipientsRefused as exc:
                    code = str(next(iter(exc.recipients.values()))[0]) if exc.recipients else ""
                    out.append(Delivery(env.ledger_id, "failed", "", code, "메일 서버가 받는 주소를 거부했습니다"))
                    continue
                except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                    out.append(Delivery(env.ledger_id, "failed", "", str(exc.smtp_code), "메일 서버가 메일을 거부했습니다"))
                    continue
                except (OSError, smtplib.SMTPException):
                    broken = True
                    out.append(
                        Delivery(env.ledger_id, "unknown", "", "", "보내는 도중 연결이 끊겼습니다. 접수되었을 수 있습니다")
                    )
                    continue
                if refused:
                    out.append(Delivery(env.ledger_id, "failed", "", "refused", "메일 서버가 받는 주소를 거부했습니다"))
                else:
                    out.append(Delivery(env.ledger_id, "sent", str(msg["Message-ID"]), "250", "메일 서버가 받음"))
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
        return out

    def close(self) -> None:
        pass
