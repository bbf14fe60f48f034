"""A loopback OpenAI-compatible chat-completions server (127.0.0.1 only) for the AI tests.

It speaks ``POST /v1/chat/completions``: a JSON answer with ``choices[0].message.content`` and
``usage``, or with ``"stream": true`` server-sent events (``data: {chunk}`` lines, a usage chunk
when ``stream_options.include_usage`` is set, then ``data: [DONE]``). ``mode`` switches it to the
failure shapes real servers send: ``{"error": {"message", "type", "code"}}`` with 401, 404, 429
(rate limit or ``insufficient_quota``), 500; a slow answer (``delay`` seconds before the headers);
a stream cut before ``[DONE]``. Every request body is kept (``bodies``) so that a test can prove
what never reached the server.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATH = "/v1/chat/completions"


@dataclass
class ChatServer:
    url: str = ""  # the base_url: http://127.0.0.1:PORT/v1
    mode: str = "ok"  # ok, 401, 404, 429, quota, 500, slow, cut, bad-json, empty
    delay: float = 0.0
    bodies: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    # The answer for a request: by default it echoes the placeholders of the prompt back.
    answer: Callable[[dict[str, Any]], str] = lambda body: "요약 첫째 줄\n요약 둘째 줄\n요약 셋째 줄"
    usage: tuple[int, int] = (30, 12)

    def requests_json(self) -> list[dict[str, Any]]:
        return [json.loads(b) for b in self.bodies]


def _handler(state: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up on a slow answer: expected
                pass

        def _json(self, status: int, data: Any) -> None:
            raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _error(self, status: int, message: str, kind: str, code: str | None) -> None:
            self._json(status, {"error": {"message": message, "type": kind, "param": None, "code": code}})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.bodies.append(raw)
            state.headers.append({k: v for k, v in self.headers.items()})
            if self.path != PATH:
                self._error(404, f"Unknown path {self.path}", "invalid_request_error", "not_found")
                return
            mode = state.mode
            if mode == "401":
                self._error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
                return
            if mode == "404":
                self._error(404, "The model `nope` does not exist", "invalid_request_error", "model_not_found")
                return
            if mode == "429":
                self._error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded")
                return
            if mode == "quota":
                self._error(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota")
                return
            if mode == "500":
                self._error(500, "The server had an error while processing your request.", "server_error", None)
                return
            if mode == "slow":
                time.sleep(state.delay)
            body = json.loads(raw)
            text = state.answer(body)
            prompt, completion = state.usage
            if mode == "bad-json":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "9")
                self.end_headers()
                self.wfile.write(b"not json!")
                return
            if mode == "empty":
                text = ""
            if body.get("stream"):
                self._stream(body, text, prompt, completion, cut=mode == "cut")
                return
            self._json(
                200,
                {
                    "id": "chatcmpl-loopback",
                    "object": "chat.completion",
                    "created": 1764000000,
                    "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
                },
            )

        def _stream(self, body: dict[str, Any], text: str, prompt: int, completion: int, *, cut: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            base = {"id": "chatcmpl-loopback", "object": "chat.completion.chunk", "created": 1764000000, "model": body["model"]}
            pieces = [text[i : i + 4] for i in range(0, len(text), 4)]
            events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
            events += [{**base, "choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
            events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if (body.get("stream_options") or {}).get("include_usage"):
                events.append(
                    {
                        **base,
                        "choices": [],
                        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
                    }
                )
            if cut:
                events = events[:2]
            for event in events:
                self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            if not cut:
                self.wfile.write(b"data: [DONE]\n\n")
            self.close_connection = True

    return Handler


@contextmanager
def chat_server(**kwargs: Any) -> Iterator[ChatServer]:
    state = ChatServer(**kwargs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
