"""What every channel does: take one batch, make one request, say what happened to each message.

Whole-request outcomes are exceptions, because they decide what the notifier does next:
``RetryLater`` (429, 500, 503 and other 5xx, connection refused: the provider itself said it did
not take the request, so the same batch may be sent again after a pause), ``InDoubt`` (timeout or
dropped connection after the request left, 502/504 from a gateway or relay in front of the provider:
the provider may have accepted it, so it is not re-sent), ``Rejected`` (the provider
refused the whole request; ``fatal`` when no later batch can succeed either: key, balance, IP).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from core.masking import scrub


@dataclass
class Envelope:
    ledger_id: int
    to: str
    sender: str
    kind: str  # SMS, LMS, EMAIL
    text: str
    subject: str = ""
    name: str = ""
    html: str | None = None


@dataclass
class Delivery:
    ledger_id: int
    status: str  # sent, failed, unknown (ledger states)
    provider_id: str = ""
    code: str = ""
    reason: str = ""


class RetryLater(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class InDoubt(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Rejected(Exception):
    def __init__(self, code: str, reason: str, *, fatal: bool = False):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.fatal = fatal


class Channel(Protocol):
    name: str
    max_batch: int
    split_by_kind: bool
    files: list[Path]  # what the channel wrote (an upload sheet); empty for a sender

    def send_batch(self, batch: list[Envelope]) -> list[Delivery]: ...

    def close(self) -> None: ...


@dataclass
class HttpAnswer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _where(location: str) -> str:
    """Scheme, host and path of a redirect target: never its user:password or query."""
    try:
        parts = urlsplit(location)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return ""
    return scrub(f"{parts.scheme}://{host}{port}{parts.path}"[:200]) if host else ""


def post_json(
    session: requests.Session, url: str, body: Any, headers: dict[str, str], what: str, timeout: float | None = None
) -> HttpAnswer:
    """POST once (the session must not retry POSTs by itself) and classify the failure."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    try:
        # Never follow a redirect: requests would re-send the secret headers and every phone number
        # to whatever host the answer names (issue 10). A 3xx is refused below instead.
        # No timeout given: the session's own (core.http sets one only when the call names none).
        extra: dict[str, Any] = {"timeout": timeout} if timeout else {}
        resp = session.post(url, data=data, headers=headers, allow_redirects=False, **extra)
    except requests.exceptions.ConnectTimeout:
        raise RetryLater(f"{what}에 연결하지 못했습니다(연결 시간 초과)") from None
    except requests.exceptions.ReadTimeout:
        raise InDoubt(f"{what}가 제시간에 응답하지 않았습니다. 접수되었을 수 있어 다시 보내지 않았습니다") from None
    except requests.exceptions.ConnectionError as exc:
        inner = exc.args[0] if exc.args else None
        if isinstance(getattr(inner, "reason", None), NewConnectionError) or isinstance(inner, NewConnectionError):
            raise RetryLater(f"{what}에 연결하지 못했습니다. 인터넷 연결(망분리)이나 주소 설정을 확인하십시오") from None
        raise InDoubt(f"{what}와 연결이 응답 도중 끊겼습니다. 접수되었을 수 있어 다시 보내지 않았습니다") from None
    except requests.exceptions.RequestException as exc:
        raise InDoubt(scrub(f"{what}와 통신 중 오류({type(exc).__name__}). 접수되었을 수 있어 다시 보내지 않았습니다")) from None
    status = resp.status_code
    if 300 <= status < 400:
        target = _where(str(resp.headers.get("Location") or ""))
        raise Rejected(
            str(status),
            f"{what}가 다른 주소로 옮겨 가라고 응답했습니다(HTTP {status}{', ' + target if target else ''}). 인증 정보와 "
            "전화번호가 다른 서버로 가지 않도록 따라가지 않았고, 이 요청은 접수되지 않았습니다. 설정의 주소를 확인하십시오",
            fatal=True,
        )
    if status == 429:
        raise RetryLater(f"{what}가 요청 한도를 넘었다고 응답했습니다(429)", _retry_after(resp))
    if status in (502, 504):
        raise InDoubt(f"{what} 앞단(중계 서버)이 오류로 응답했습니다({status}). 접수되었을 수 있어 다시 보내지 않았습니다")
    if status >= 500:
        raise RetryLater(f"{what}가 일시 오류로 응답했습니다(HTTP {status})", _retry_after(resp))
    try:
        parsed = resp.json()
    except ValueError:
        parsed = None
    if status >= 300 and parsed is None:
        raise Rejected(str(status), f"{what}가 요청을 거부했습니다(HTTP {status})", fatal=status in (401, 403))
    if status < 300 and parsed is None:
        raise InDoubt(f"{what}의 응답을 읽을 수 없습니다(JSON 아님). 접수되었을 수 있어 다시 보내지 않았습니다")
    return HttpAnswer(status, parsed, dict(resp.headers))
