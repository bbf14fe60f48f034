"""A redirect from an SMS endpoint is refused: the secret header and the numbers never reach another host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.credentials import MemoryStore
from core.notify.ledger import FAILED, Ledger
from core.notify.message import Outgoing, prepare
from core.notify.notifier import FAILED_KO
from core.notify.service import send
from tests.support.notify_helpers import notify_ctx


class Recorder:
    """A loopback server that records every request; the first one answers 307 to the second."""

    def __init__(self, redirect_to: str | None = None) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.requests.append((self.command, self.path, dict(self.headers), body))
                if redirect_to is not None:
                    self.send_response(307)
                    self.send_header("Location", f"http://user:pw@{redirect_to.split('://', 1)[1]}{self.path}?x=1")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    data = b'{"header":{"isSuccessful":true,"resultCode":0},"groupInfo":{}}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            do_POST = do_GET = do_PUT = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def servers() -> Iterator[tuple[Recorder, Recorder]]:
    elsewhere = Recorder()
    endpoint = Recorder(redirect_to=elsewhere.url)
    try:
        yield endpoint, elsewhere
    finally:
        endpoint.stop()
        elsewhere.stop()


@pytest.mark.parametrize("channel", ["solapi", "nhn"])
def test_a_307_is_refused_and_the_other_host_receives_nothing(
    tmp_path: Path, servers: tuple[Recorder, Recorder], channel: str
) -> None:
    """Guards the leak: requests followed a 307 and re-sent X-Secret-Key and every phone number to another host."""
    endpoint, elsewhere = servers
    ctx = notify_ctx(tmp_path, **{"notify.solapi_base_url": endpoint.url, "notify.nhn_base_url": endpoint.url})
    ctx._credentials = MemoryStore(
        {"solapi-api-key": "K", "solapi-api-secret": "S", "nhn-sms-app-key": "A", "nhn-sms-secret-key": "NHN-SECRET"}
    )
    outs = [Outgoing("t", f"C{i}", "접수", f"010-4000-{i:04d}", f"안내 {i}") for i in range(3)]
    report = send(ctx, prepare(outs, channel=channel), channel=channel)
    assert len(endpoint.requests) == 1
    assert elsewhere.requests == []
    assert [o.status for o in report.outcomes] == [FAILED_KO] * 3
    reason = report.outcomes[0].reason
    assert "다른 주소로 옮겨 가라고 응답했습니다(HTTP 307" in reason and "따라가지 않았고" in reason
    assert elsewhere.url in reason and "pw" not in reason and "x=1" not in reason
    counts = Ledger(ctx.store).counts("t")
    assert counts == {FAILED: 3}  # refused before anything was accepted: a re-run sends them, never in doubt
