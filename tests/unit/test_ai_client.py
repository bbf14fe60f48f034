"""core.ai against the loopback chat-completions server: request shape, streaming, error shapes,
timeouts, the daily budget, masking of everything personal, and the audit log."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from core.ai import CREDENTIAL, LABEL, ai_column, is_ai_column
from core.ai.assist import Assistant, connection_test
from core.ai.audit import FAILED, OK, AuditLog
from core.ai.client import AIConfig, AIUnavailable, ChatClient
from core.ai.placeholders import Masker
from core.context import RunContext
from core.credentials import MemoryStore
from core.http import make_session
from core.settings import Settings
from core.store import Store
from tests.support.chat_server import chat_server


def _settings(url: str, **extra: object) -> Settings:
    s = Settings()
    s.set("ai.enabled", True)
    s.set("ai.base_url", url)
    s.set("ai.model", "qwen2.5-7b-instruct")
    for k, v in extra.items():
        s.set(f"ai.{k}", v)
    return s


def _client(url: str, timeout: float = 5, key: str | None = "sk-loopback-1234") -> ChatClient:
    return ChatClient(AIConfig(url, "qwen2.5-7b-instruct", timeout, 0), make_session(None, retries=0), key)


def test_labels() -> None:
    assert ai_column("AI 요약") == "AI 요약 (AI 작성 · 검토 필요)"
    assert is_ai_column(ai_column("x")) and not is_ai_column("공고명")
    assert LABEL == "AI 작성 · 검토 필요"


def test_request_shape_and_plain_answer() -> None:
    with chat_server() as srv:
        answer = _client(srv.url).chat([{"role": "user", "content": "안녕"}], max_tokens=50)
    assert answer.text == "요약 첫째 줄\n요약 둘째 줄\n요약 셋째 줄"
    assert (answer.prompt_tokens, answer.completion_tokens, answer.total_tokens) == (30, 12, 42)
    body = srv.requests_json()[0]
    assert body == {
        "model": "qwen2.5-7b-instruct",
        "messages": [{"role": "user", "content": "안녕"}],
        "max_tokens": 50,
        "temperature": 0.2,
        "stream": False,
    }
    assert srv.headers[0]["Authorization"] == "Bearer sk-loopback-1234"
    assert srv.headers[0]["Content-Type"] == "application/json"


def test_no_key_sends_no_authorization() -> None:
    """An on-premise vLLM/Ollama often needs no key: no empty 'Bearer ' header is sent."""
    with chat_server() as srv:
        _client(srv.url, key=None).chat([{"role": "user", "content": "x"}])
    assert "Authorization" not in srv.headers[0]


def test_streaming_answer_is_joined_with_usage() -> None:
    with chat_server(answer=lambda body: "스트리밍으로 온 답입니다") as srv:
        answer = _client(srv.url).chat([{"role": "user", "content": "x"}], stream=True)
    assert answer.text == "스트리밍으로 온 답입니다"
    assert answer.total_tokens == 42
    body = srv.requests_json()[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_stream_cut_before_done_is_unavailable() -> None:
    with chat_server(mode="cut") as srv, pytest.raises(AIUnavailable) as err:
        _client(srv.url).chat([{"role": "user", "content": "x"}], stream=True)
    assert err.value.reason == "AI 서버의 스트리밍 답이 중간에 끊겼습니다."


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "401",
            "AI 서버가 인증을 거부했습니다(HTTP 401). 인증 정보의 'ai-api-key'를 확인하십시오. 서버의 말: Incorrect API key provided.",
        ),
        (
            "404",
            "AI 서버에서 주소나 모델을 찾지 못했습니다(HTTP 404). 주소(…/v1)와 모델 이름을 확인하십시오. 서버의 말: The model `nope` does not exist",
        ),
        (
            "429",
            "AI 서버가 요청이 너무 많다고 답했습니다(HTTP 429). 잠시 뒤 다시 실행하십시오. 서버의 말: Rate limit reached for requests",
        ),
        (
            "quota",
            "AI 서비스의 사용 한도를 다 썼습니다(HTTP 429). 서비스 계약을 확인하십시오. 서버의 말: You exceeded your current quota",
        ),
        ("500", "AI 서버에 오류가 났습니다(HTTP 500). 서버의 말: The server had an error while processing your request."),
        ("bad-json", "AI 서버의 답을 읽지 못했습니다(chat-completions 형식이 아닙니다)."),
    ],
)
def test_error_shapes_become_korean_reasons(mode: str, expected: str) -> None:
    with chat_server(mode=mode) as srv, pytest.raises(AIUnavailable) as err:
        _client(srv.url).chat([{"role": "user", "content": "x"}])
    assert err.value.reason == expected
    assert len(srv.bodies) == 1  # no retry storm against a failing server


def test_slow_server_times_out() -> None:
    with chat_server(mode="slow", delay=3) as srv:
        started = time.monotonic()
        with pytest.raises(AIUnavailable) as err:
            _client(srv.url, timeout=1).chat([{"role": "user", "content": "x"}])
        assert time.monotonic() - started < 2.5
    assert err.value.reason == "AI 서버가 1초 안에 답하지 않았습니다."


def test_connection_refused() -> None:
    with chat_server() as srv:
        url = srv.url
    with pytest.raises(AIUnavailable) as err:
        _client(url).chat([{"role": "user", "content": "x"}])
    assert err.value.reason.startswith("AI 서버에 연결하지 못했습니다.")


def test_empty_settings_are_reported() -> None:
    with pytest.raises(AIUnavailable) as err:
        ChatClient(AIConfig("", "m", 5, 0), make_session(None)).chat([])
    assert err.value.reason == "AI 서버 주소(ai.base_url)가 비어 있습니다."


PEOPLE = {
    "names": ["홍길동", "김영희"],
    "addresses": ["경기도 광주시 오포읍 문형로 12, 101동 1203호"],
}
PERSONAL_TEXT = (
    "민원인 홍길동(900101-1234567, 010-1234-5678, hong@example.com)이 경기도 광주시 오포읍 문형로 12, 101동 1203호에서 "
    "김영희 씨와 함께 02-3456-7890로 문의함. 주민번호 9001012234567 재확인."
)
SECRETS = [
    "홍길동",
    "김영희",
    "900101",
    "1234567",
    "010-1234-5678",
    "5678",
    "hong@example.com",
    "문형로",
    "1203호",
    "3456-7890",
    "9001012234567",
]


def test_masker_replaces_and_restores() -> None:
    m = Masker(**PEOPLE)
    masked = m.mask(PERSONAL_TEXT)
    assert masked == (
        "민원인 [이름1]([주민번호1], [전화1], [메일1])이 [주소1]에서 [이름2] 씨와 함께 [전화2]로 문의함. 주민번호 [주민번호2] 재확인."
    )
    assert (
        m.restore("[이름1] 님은 [주소1]에 삽니다. [이름9]")
        == "홍길동 님은 경기도 광주시 오포읍 문형로 12, 101동 1203호에 삽니다. [이름9]"
    )


def test_no_personal_data_reaches_the_server_and_answer_is_restored(memory_credentials: MemoryStore) -> None:
    memory_credentials.set(CREDENTIAL, "sk-loopback-1234")
    with chat_server(answer=lambda body: "[이름1] 님 건은 [주소1] 관할입니다.") as srv:
        ctx = RunContext(settings=_settings(srv.url), run_id="run-1")
        assistant = Assistant.for_run(ctx, "test-task", **PEOPLE)
        text = assistant.write("요약", "당신은 공무원을 돕습니다.", PERSONAL_TEXT)
        streamed = assistant.write("요약", "시스템", "연락처 01098765432, 메일 kim.y@city.go.kr, 김영희")
    assert text == "홍길동 님 건은 경기도 광주시 오포읍 문형로 12, 101동 1203호 관할입니다."
    assert streamed is not None
    assert len(srv.bodies) == 2
    for raw in srv.bodies:
        body = raw.decode("utf-8")
        for secret in [*SECRETS, "01098765432", "9876", "kim.y@city.go.kr"]:
            assert secret not in body, secret
        assert json.loads(body)["messages"][0]["role"] == "system"
    # The audit log keeps the masked prompt and the masked answer, who, task, run, model, tokens.
    entries = AuditLog(ctx.store).entries()
    assert [e.status for e in entries] == [OK, OK]
    first = entries[-1]
    assert (first.task, first.run_id, first.model, first.total_tokens) == ("test-task", "run-1", "qwen2.5-7b-instruct", 42)
    assert first.prompt.startswith("당신은 공무원을 돕습니다.\n---\n민원인 [이름1]([주민번호1]")
    assert first.answer == "[이름1] 님 건은 [주소1] 관할입니다."
    assert first.who


def test_budget_stops_asking_with_a_korean_reason() -> None:
    """42 tokens per answer; the estimate is prompt characters + max_tokens. A budget of 400 lets the
    first question (prompt 3 + '\\n---\\n' 5 + 3 = 11 characters, + 300 = 311) through, then with 42
    used the second needs 42 + 311 = 353 ≤ 400, the third 84 + 311 = 395, the fourth 126 + 311 = 437 > 400."""
    with chat_server() as srv:
        ctx = RunContext(settings=_settings(srv.url, daily_token_budget=400), run_id="r")
        assistant = Assistant.for_run(ctx, "t")
        results = [assistant.write("요약", "시스템", "질문1") for _ in range(5)]
    assert [r is not None for r in results] == [True, True, True, False, False]
    assert len(srv.bodies) == 3
    assert assistant.notes == [
        "AI 글을 넣지 못했습니다: 오늘 AI 사용량이 하루 한도(400토큰, 사용 126토큰)에 닿아 더 묻지 않았습니다."
    ]
    assert assistant.skipped == 2 and assistant.written == 3
    assert AuditLog(ctx.store).used_on(dt.date.today()) == 126


def test_first_failure_stops_the_run_asking_and_is_audited() -> None:
    with chat_server(mode="500") as srv:
        ctx = RunContext(settings=_settings(srv.url), run_id="r2")
        assistant = Assistant.for_run(ctx, "t")
        assert assistant.write("요약", "s", "u") is None
        assert assistant.write("요약", "s", "u") is None
    assert len(srv.bodies) == 1
    entries = AuditLog(ctx.store).entries(run_id="r2")
    assert [(e.status, e.reason) for e in entries] == [
        (FAILED, "AI 서버에 오류가 났습니다(HTTP 500). 서버의 말: The server had an error while processing your request.")
    ]
    assert assistant.summary_note().startswith("AI 글 0건 작성(검토 필요), 2건 뺌: AI 서버에 오류가 났습니다(HTTP 500).")


def test_connection_test_ok_and_failure() -> None:
    with chat_server(answer=lambda body: "확인") as srv:
        ok, text = connection_test(_settings(srv.url), MemoryStore(), Store())
    assert (ok, text) == (True, "연결되었습니다. 모델 qwen2.5-7b-instruct의 답: 확인")
    with chat_server(mode="401") as srv:
        ok, text = connection_test(_settings(srv.url), MemoryStore(), Store())
    assert not ok and text.startswith("AI 서버가 인증을 거부했습니다(HTTP 401).")


class _BrokenAudit(AuditLog):
    def used_on(self, day: dt.date) -> int:
        import sqlite3

        raise sqlite3.OperationalError("attempt to write a readonly database")


def test_an_unusable_audit_log_means_no_ai_and_no_failure() -> None:
    with chat_server() as srv:
        client = _client(srv.url)
        assistant = Assistant(client, _BrokenAudit(Store()), Masker(), task="t")
        assert assistant.write("요약", "s", "u") is None
    assert srv.bodies == []  # nothing leaves without a place to record it
    assert assistant.notes == [
        "AI 글을 넣지 못했습니다: 실행 기록 데이터베이스를 쓸 수 없어 AI 사용을 기록할 수 없으므로 AI 글을 쓰지 않았습니다."
    ]


def test_an_empty_answer_is_left_out() -> None:
    with chat_server(mode="empty") as srv:
        ctx = RunContext(settings=_settings(srv.url), run_id="r3")
        assistant = Assistant.for_run(ctx, "t")
        assert assistant.write("요약", "s", "u") is None
    assert assistant.notes == ["AI 글을 넣지 못했습니다: AI 서버가 빈 답을 보냈습니다."]
