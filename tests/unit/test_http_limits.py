"""Every response through the one session is capped in decoded size and in total time (issue 10).

Before: a 64 MB gzip bomb was inflated whole, a 300 MB body was accepted, and a feed trickling one
byte every 0.2 s held a run with a 1 s read timeout until the server chose to stop.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from core.http import explain, make_session
from core.response_limits import ResponseTooLarge, ResponseTooSlow
from core.settings import Settings
from tasks.grant_alerts.sources import Call, fetch_bizinfo
from tests.support.hostile_http import HostileServer, hostile_server


def _session(max_mb: int = 2, total: int = 2, timeout: int = 1) -> requests.Session:
    settings = Settings()
    settings.set("network.proxy_mode", "none")
    settings.set("network.timeout_seconds", timeout)
    settings.set("network.max_response_mb", max_mb)
    settings.set("network.total_timeout_seconds", total)
    return make_session(settings, retries=0)


@pytest.fixture()
def hostile() -> Iterator[HostileServer]:
    with hostile_server(bomb_mb=64, huge_mb=300, trickle_bytes=40, trickle_every=0.2) as server:
        yield server


def test_a_gzip_bomb_stops_at_the_decoded_cap(hostile: HostileServer) -> None:
    """Guards the decoded count: 64 KB on the wire would otherwise become 64 MB in memory."""
    with pytest.raises(ResponseTooLarge) as info:
        _session(max_mb=2).get(hostile.base + "/bomb")
    assert info.value.limit_bytes == 2 * 1024 * 1024
    assert "/bomb" in hostile.finished  # the compressed body was all sent: the cap is on the decoded size


def test_a_huge_body_is_cut_off_and_the_connection_dropped(hostile: HostileServer) -> None:
    """Guards the size cap on a plain body: 300 MB are never read, the server sees the hang-up."""
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge):
        _session(max_mb=2).get(hostile.base + "/huge")
    assert time.monotonic() - started < 10
    assert "/huge" not in hostile.finished  # the client hung up long before 300 MB


def test_a_trickle_is_stopped_by_the_total_deadline_not_the_read_timeout(hostile: HostileServer) -> None:
    """Guards the deadline between chunks: each byte comes well within the 1 s read timeout."""
    started = time.monotonic()
    with pytest.raises(ResponseTooSlow) as info:
        _session(total=2, timeout=1).get(hostile.base + "/trickle")
    elapsed = time.monotonic() - started
    assert 1.9 <= elapsed < 4, elapsed  # the trickle alone would take 8 s
    assert info.value.seconds == 2


def test_a_normal_answer_is_read_whole_and_the_limits_come_from_settings(hostile: HostileServer) -> None:
    resp = _session().get(hostile.base + "/ok")
    assert resp.json() == {"ok": True}
    default = make_session(Settings())
    assert (default.max_bytes, default.total_seconds) == (50 * 1024 * 1024, 120)  # type: ignore[attr-defined]


def test_going_over_a_limit_is_a_korean_reason() -> None:
    too_big = str(explain(ResponseTooLarge(50 * 1024 * 1024), "기업마당"))
    assert too_big == (
        "기업마당의 응답이 너무 커서 읽기를 멈췄습니다(압축을 푼 크기 50MB 초과). 주소가 맞는지 확인하고, "
        "정상 자료라면 설정의 '응답 최대 크기(MB)'를 늘리십시오."
    )
    too_slow = str(explain(ResponseTooSlow(120), "보탬e"))
    assert too_slow.startswith("보탬e가 120초 안에 응답을 다 보내지 않아 기다리기를 멈췄습니다.")


def test_a_source_over_the_cap_fails_alone_with_its_reason(hostile: HostileServer) -> None:
    """The source adapter turns the cap into its SourceError (a 소스상태 row), never a crash."""
    settings = Settings()
    settings.set("network.proxy_mode", "none")
    settings.set("network.max_response_mb", 1)
    settings.set("grants.bizinfo_url", hostile.base + "/bomb")
    call = Call(make_session(settings, retries=0), settings, "bzKey", dt.date(2026, 11, 25))
    from core.datagokr import SourceError

    with pytest.raises(SourceError) as info:
        fetch_bizinfo(call)
    assert str(info.value).startswith("기업마당의 응답이 너무 커서 읽기를 멈췄습니다(압축을 푼 크기 1MB 초과).")
    assert info.value.code == "network"


def test_each_source_over_a_limit_gets_its_own_reason_in_the_status_sheet(haengbot_home: Path) -> None:
    """The 소스상태 rows name the limit per source; the sources within it are read as usual."""
    from core.context import RunContext
    from core.credentials import MemoryStore
    from core.store import Store
    from tasks.grant_alerts.task import collect
    from tests.support.grant_servers import BIZINFO_KEY, DECODING_KEY, GrantServer

    server = GrantServer().start()
    try:
        settings = Settings(haengbot_home / "settings.toml")
        for section, values in server.settings().items():
            for name, value in values.items():
                settings.set(f"{section}.{name}", value)
        settings.set("grants.rss_feeds", server.base + "/rss/pressrelease.xml")
        for key, value in {"proxy_mode": "none", "max_response_mb": 1, "total_timeout_seconds": 2, "timeout_seconds": 5}.items():
            settings.set(f"network.{key}", value)
        keys = MemoryStore({"datagokr-service-key": DECODING_KEY, "bizinfo-crtfc-key": BIZINFO_KEY})
        ctx = RunContext(store=Store(haengbot_home / "haengbot.sqlite3"), settings=settings, credentials=keys)
        ctx._http = make_session(settings, retries=0)
        server.mode.update({"bizinfo": "bomb", "kstartup": "huge", "rss": "trickle"})
        started = time.monotonic()
        _, status, warnings = collect(ctx, dt.date(2026, 11, 25))
        assert time.monotonic() - started < 15
        rows = {r["출처"]: r for r in status}
        assert rows["보탬e"]["상태"] == "정상" and rows["보탬e"]["건수"] == 6
        assert rows["기업마당"]["상태"] == "실패" and rows["기업마당"]["사유"].startswith("기업마당의 응답이 너무 커서")
        assert rows["K-Startup"]["상태"] == "실패" and rows["K-Startup"]["사유"].startswith("K-Startup의 응답이 너무 커서")
        trickle = rows["정책브리핑 (pressrelease.xml)"]
        assert trickle["상태"] == "실패" and "2초 안에 응답을 다 보내지 않아" in trickle["사유"]
        assert len(warnings) == 3
    finally:
        server.stop()


def test_a_redirect_body_is_capped_too() -> None:
    """requests reads a redirect's body whole before following it: that read is capped as well."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    from tests.support.hostile_http import gzip_bomb, send_gzip_bomb

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/moved":
                data = gzip_bomb(64)
                self.send_response(302)
                self.send_header("Location", "/ok")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                send_gzip_bomb(self, 1)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with pytest.raises(ResponseTooLarge):
            _session(max_mb=2).get(f"http://127.0.0.1:{httpd.server_address[1]}/moved")
        resp = _session(max_mb=2).get(f"http://127.0.0.1:{httpd.server_address[1]}/ok")
        assert len(resp.content) == 1024 * 1024
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
