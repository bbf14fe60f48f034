"""The one HTTP session factory: timeouts, retries with backoff, OS trust store, proxy, Korean errors.

``truststore`` makes requests verify against the Windows certificate store, so that an office
proxy that inspects TLS (its root installed by the city's IT) works without turning checks off.
"""

from __future__ import annotations

import logging
import re
import ssl
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from core import __version__
from core.errors import RunFailed
from core.masking import scrub
from core.org import SettingsLike
from core.response_limits import DEFAULT_MAX_MB, DEFAULT_TOTAL_SECONDS, ResponseTooLarge, ResponseTooSlow, read_capped

# HTTP header values are Latin-1 on the wire: a Korean User-Agent made every request fail before it left.
USER_AGENT = f"HaengBot/{__version__} (+https://github.com/haengbot; local-government automation)"


class _TimeoutSession(requests.Session):
    """Every call has a per-read timeout, and every body a decoded-size cap and a total-time deadline.

    The body is read here (``stream=True`` underneath), so ``resp.content`` and ``resp.text`` are
    safe for every caller. A caller that asks for ``stream=True`` itself gets the raw stream.
    """

    def __init__(self, timeout: float, max_bytes: int, total_seconds: float):
        super().__init__()
        self._timeout = timeout
        self.max_bytes = max_bytes
        self.total_seconds = total_seconds
        self._deadline = 0.0  # set per request; read again when a redirect's body is read

    # The stubs spell out every keyword of Session.request with its default; this override must see
    # whether a caller named ``timeout`` at all (None means "no timeout"), so it takes **kwargs.
    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        # A single wait never outlasts the whole budget (the deadline itself is checked between chunks).
        kwargs.setdefault("timeout", min(self._timeout, self.total_seconds))
        caller_streams = bool(kwargs.pop("stream", False))
        self._deadline = time.monotonic() + self.total_seconds
        resp = super().request(method, url, stream=True, **kwargs)
        if not caller_streams:
            read_capped(resp, self.max_bytes, self._deadline, self.total_seconds)
        return resp

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """A redirect's own body is read under the same caps before requests consumes it whole."""
        target = super().get_redirect_target(resp)
        if target and resp._content is False and resp.raw is not None:
            read_capped(resp, self.max_bytes, self._deadline, self.total_seconds)
        return target


class _TrustStoreAdapter(HTTPAdapter):
    def __init__(self, ssl_context: ssl.SSLContext | None, **kwargs: Any):
        self._ssl_context = ssl_context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._ssl_context is not None:
            kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
        if self._ssl_context is not None:
            kwargs["ssl_context"] = self._ssl_context
        return super().proxy_manager_for(*args, **kwargs)


def _trust_context() -> ssl.SSLContext | None:
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore missing or OS store unreadable
        return None


# Query parameters that carry keys (data.go.kr serviceKey, bizinfo crtfcKey, law.go.kr OC, …).
_KEY_IN_QUERY = re.compile(
    r"(?i)\b(servicekey|crtfckey|api[_-]?key|apikey|access[_-]?token|token|secret|password|oc)=([^&\s'\"]+)"
)
# urllib3 logs request lines and retries with the full path and query: scrub them where they are made.
_LIBRARY_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.util.retry",
    "urllib3.poolmanager",
    "urllib3.connection",
    "urllib3.response",
    "requests",
)


def redact_query(text: str) -> str:
    """'...?serviceKey=abc&pageNo=1' -> '...?serviceKey=********&pageNo=1', whatever the key's value."""
    return _KEY_IN_QUERY.sub(lambda m: f"{m[1]}=********", text)


class ScrubFilter(logging.Filter):
    """Makes a library's log record safe before any handler (ours or Python's last resort) sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error path
            return True
        record.msg, record.args = scrub(redact_query(message)), None
        return True


def guard_library_logs() -> None:
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ScrubFilter) for f in logger.filters):
            logger.addFilter(ScrubFilter())


def tls_context(session: requests.Session, url: str = "https://example.invalid/") -> ssl.SSLContext | None:
    """The SSL context the session's adapter hands to urllib3 for *url* (tests and the self-test check it)."""
    adapter = session.get_adapter(url)
    return getattr(adapter, "_ssl_context", None)


def make_session(settings: SettingsLike | None = None, *, retries: int = 3, backoff: float = 0.5) -> requests.Session:
    guard_library_logs()
    get: Callable[[str], Any] = settings.get if settings is not None else (lambda key: None)
    timeout = float(get("network.timeout_seconds") or 30)
    max_mb = float(get("network.max_response_mb") or DEFAULT_MAX_MB)
    total = float(get("network.total_timeout_seconds") or DEFAULT_TOTAL_SECONDS)
    session = _TimeoutSession(timeout, int(max_mb * 1024 * 1024), max(total, 1.0))
    session.headers["User-Agent"] = USER_AGENT
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = _TrustStoreAdapter(_trust_context(), max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    mode = get("network.proxy_mode") or "system"
    if mode == "manual" and get("network.proxy_url"):
        url = get("network.proxy_url")
        session.proxies = {"http": url, "https": url}
        session.trust_env = False
    elif mode == "none":
        session.trust_env = False
        session.proxies = {}
    if get("network.verify_tls") is False:
        session.verify = False
    return session


def explain(exc: BaseException, what: str = "서버") -> RunFailed:
    """Map a requests failure to a Korean sentence (no URL query strings: they may carry keys)."""
    if isinstance(exc, ResponseTooLarge):
        mb = exc.limit_bytes / (1024 * 1024)
        text = (
            f"{what}의 응답이 너무 커서 읽기를 멈췄습니다(압축을 푼 크기 {mb:g}MB 초과). 주소가 맞는지 확인하고, "
            "정상 자료라면 설정의 '응답 최대 크기(MB)'를 늘리십시오."
        )
    elif isinstance(exc, ResponseTooSlow):
        text = (
            f"{what}가 {exc.seconds:g}초 안에 응답을 다 보내지 않아 기다리기를 멈췄습니다. 잠시 뒤 다시 시도하고, "
            "계속되면 설정의 '응답 전체 제한 시간(초)'을 확인하십시오."
        )
    elif isinstance(exc, requests.exceptions.ProxyError):
        text = f"{what}에 연결하지 못했습니다: 프록시가 연결을 거부했습니다. 설정의 프록시 주소를 확인하십시오."
    elif isinstance(exc, requests.exceptions.SSLError):
        text = (
            f"{what}의 인증서를 확인하지 못했습니다. 기관 보안 장비가 인증서를 바꾸는 경우, 그 루트 인증서가 "
            "Windows 인증서 저장소에 있어야 합니다. 정보화 담당자에게 문의하십시오."
        )
    elif isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.ReadTimeout):
        text = f"{what}가 제시간에 응답하지 않았습니다. 잠시 뒤 다시 시도하십시오."
    elif isinstance(exc, requests.exceptions.ConnectionError):
        text = f"{what}에 연결하지 못했습니다. 인터넷 연결(망분리 여부)이나 주소 설정을 확인하십시오."
    elif isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        code = exc.response.status_code
        if code == 429:
            text = f"{what}가 요청 한도를 넘었다고 응답했습니다(429). 잠시 뒤 다시 시도하십시오."
        elif code in (401, 403):
            text = f"{what}가 접근을 거부했습니다({code}). 인증키가 맞는지, 사용 승인이 났는지 확인하십시오."
        else:
            text = f"{what}가 오류로 응답했습니다(HTTP {code})."
    else:
        text = f"{what}와 통신 중 오류가 났습니다: {type(exc).__name__}"
    return RunFailed(scrub(text))
