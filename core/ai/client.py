"""A client for the OpenAI-compatible chat-completions API over the project's own HTTP session.

Why not the official ``openai`` SDK: it brings httpx, pydantic, anyio and more (none of them in the
environment today), and its proxy and trust-store handling is httpx's, separate from the one
``core.http`` session every other network call uses (OS trust store through truststore, the
설정's proxy, response size caps, key-scrubbing logs). The wire format is small and stable, so it
is spoken here: ``POST {base_url}/chat/completions``, plain or streamed (server-sent events).

Every failure becomes ``AIUnavailable`` with a Korean reason; the caller leaves the text out.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from core.masking import mask_text
from core.org import SettingsLike

DEFAULT_TIMEOUT = 60


class AIUnavailable(Exception):
    """No answer this time; ``reason`` is the Korean sentence for 실행정보 and the screen."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AIConfig:
    base_url: str
    model: str
    timeout: float
    daily_budget: int

    @classmethod
    def from_settings(cls, settings: SettingsLike) -> AIConfig:
        return cls(
            base_url=str(settings.get("ai.base_url") or "").strip().rstrip("/"),
            model=str(settings.get("ai.model") or "").strip(),
            timeout=float(settings.get("ai.timeout_seconds") or DEFAULT_TIMEOUT),
            daily_budget=int(settings.get("ai.daily_token_budget") or 0),
        )

    def problem(self) -> str:
        """Why this configuration cannot be used, in Korean; '' when it can."""
        if not self.base_url:
            return "AI 서버 주소(ai.base_url)가 비어 있습니다."
        if not self.base_url.startswith(("http://", "https://")):
            return f"AI 서버 주소 '{self.base_url}'는 http:// 또는 https://로 시작해야 합니다."
        if not self.model:
            return "AI 모델 이름(ai.model)이 비어 있습니다."
        return ""


@dataclass(frozen=True)
class Answer:
    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


def estimate_tokens(text: str) -> int:
    """A cautious count for the budget when the server reports none: Korean runs near a token per character."""
    return max(1, len(text))


class ChatClient:
    def __init__(self, config: AIConfig, session: requests.Session, api_key: str | None = None):
        self.config = config
        self.session = session
        self.api_key = api_key

    @property
    def url(self) -> str:
        return f"{self.config.base_url}/chat/completions"

    def chat(
        self, messages: Sequence[dict[str, str]], *, max_tokens: int = 400, stream: bool = False, temperature: float = 0.2
    ) -> Answer:
        """One completion; *messages* must already be masked. Raises ``AIUnavailable`` on any failure."""
        problem = self.config.problem()
        if problem:
            raise AIUnavailable(problem)
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": stream,
        }
        if stream:
            body["stream_options"] = {"include_usage": True}
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream" if stream else "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        deadline = time.monotonic() + self.config.timeout
        try:
            resp = self.session.post(
                self.url,
                data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                headers=headers,
                timeout=self.config.timeout,
                stream=stream,
            )
            if resp.status_code != 200:
                if stream:
                    resp.content  # noqa: B018 - read the error body of a streamed answer
                raise AIUnavailable(_http_reason(resp))
            if stream:
                return self._read_stream(resp, messages, deadline)
            return self._read_plain(resp, messages)
        except AIUnavailable:
            raise
        except (requests.exceptions.Timeout, TimeoutError):
            raise AIUnavailable(f"AI 서버가 {self.config.timeout:g}초 안에 답하지 않았습니다.") from None
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in str(exc).lower():  # with retries off, urllib3's read timeout arrives wrapped
                raise AIUnavailable(f"AI 서버가 {self.config.timeout:g}초 안에 답하지 않았습니다.") from None
            raise AIUnavailable("AI 서버에 연결하지 못했습니다. 주소와 망 연결(망분리, 프록시)을 확인하십시오.") from None
        except requests.exceptions.RequestException as exc:
            from core.http import explain

            raise AIUnavailable(str(explain(exc, "AI 서버"))) from None

    def _read_plain(self, resp: requests.Response, messages: Sequence[dict[str, str]]) -> Answer:
        try:
            data = resp.json()
            text = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise AIUnavailable("AI 서버의 답을 읽지 못했습니다(chat-completions 형식이 아닙니다).") from None
        return _answer(text, str(data.get("model") or self.config.model), data.get("usage"), messages)

    def _read_stream(self, resp: requests.Response, messages: Sequence[dict[str, str]], deadline: float) -> Answer:
        parts: list[str] = []
        usage: Any = None
        model = self.config.model
        done = False
        for line in _sse_lines(resp):
            if time.monotonic() > deadline:
                resp.close()
                raise AIUnavailable(f"AI 서버가 {self.config.timeout:g}초 안에 답을 다 보내지 않았습니다.")
            if line == "[DONE]":
                done = True
                break
            try:
                event = json.loads(line)
            except ValueError:
                raise AIUnavailable("AI 서버의 스트리밍 답을 읽지 못했습니다(형식 오류).") from None
            if isinstance(event, dict) and "error" in event:
                raise AIUnavailable(_error_reason(0, event))
            model = str(event.get("model") or model)
            usage = event.get("usage") or usage
            for choice in event.get("choices") or []:
                parts.append(str((choice.get("delta") or {}).get("content") or ""))
        if not done:
            raise AIUnavailable("AI 서버의 스트리밍 답이 중간에 끊겼습니다.")
        return _answer("".join(parts), model, usage, messages)


def _sse_lines(resp: requests.Response) -> Iterator[str]:
    """The ``data:`` payloads of a server-sent event stream (comments and other fields skipped)."""
    for raw in resp.iter_lines(decode_unicode=False):
        line = raw.decode("utf-8", "replace").strip()
        if line.startswith("data:"):
            yield line[5:].strip()


def _answer(text: str, model: str, usage: Any, messages: Sequence[dict[str, str]]) -> Answer:
    if isinstance(usage, dict) and usage.get("total_tokens") is not None:
        p, c = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        return Answer(text.strip(), model, p, c, int(usage["total_tokens"]))
    p = estimate_tokens("".join(m.get("content", "") for m in messages))
    c = estimate_tokens(text)
    return Answer(text.strip(), model, p, c, p + c)


def _http_reason(resp: requests.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        data = None
    return _error_reason(resp.status_code, data)


def _error_reason(status: int, data: Any) -> str:
    """{"error": {"message", "type", "code"}} (OpenAI, vLLM, llama.cpp) or a bare status, in Korean."""
    error = data.get("error") if isinstance(data, dict) else None
    message = ""
    code = ""
    if isinstance(error, dict):
        message = str(error.get("message") or "")
        code = str(error.get("code") or error.get("type") or "")
    elif isinstance(error, str):
        message = error
    said = f" 서버의 말: {mask_text(message[:200])}" if message else ""
    if status in (401, 403):
        text = f"AI 서버가 인증을 거부했습니다(HTTP {status}). 인증 정보의 'ai-api-key'를 확인하십시오."
    elif status == 404:
        text = "AI 서버에서 주소나 모델을 찾지 못했습니다(HTTP 404). 주소(…/v1)와 모델 이름을 확인하십시오."
    elif status == 429 and "quota" in code:
        text = "AI 서비스의 사용 한도를 다 썼습니다(HTTP 429). 서비스 계약을 확인하십시오."
    elif status == 429:
        text = "AI 서버가 요청이 너무 많다고 답했습니다(HTTP 429). 잠시 뒤 다시 실행하십시오."
    elif status >= 500:
        text = f"AI 서버에 오류가 났습니다(HTTP {status})."
    elif status:
        text = f"AI 서버가 요청을 받지 않았습니다(HTTP {status})."
    else:
        text = "AI 서버가 답하는 도중 오류를 보냈습니다."
    return text + said
