"""예시 모드: grant-alerts tried without keys and without the internet, on bundled real-format answers.

The bundled files (``resources/grant_alerts_demo/``) are shaped like the real services' answers
(data.go.kr envelope with CDATA and no ``RCEPT_*`` dates, bizinfo's entity-escaped summaries,
K-Startup without URL schemes, RSS 2.0), so the demo runs the very adapters a real run uses: a
``requests`` transport adapter answers in place of the network. The run gets its own throw-away
store, so the seen items and cursors of real runs are never read or written, and no message is sent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from core.context import RunContext
from core.credentials import MemoryStore
from core.org import SettingsLike
from core.paths import resources_dir
from core.store import Store
from tasks.grant_alerts.keys import BIZINFO_KEY, DATAGOKR_KEY

DEMO_DAY = dt.date(2026, 11, 25)  # the bundled answers were shaped around this morning
MARK = "예시"
BANNER = "예시 자료(실제 공고 아님)"
HOST = "https://demo.haengbot.invalid"  # .invalid never resolves: nothing can leave the machine
URLS = {
    "grants.botame_url": f"{HOST}/botame",
    "grants.bizinfo_url": f"{HOST}/bizinfo",
    "grants.kstartup_url": f"{HOST}/kstartup",
    "grants.rss_feeds": f"{HOST}/rss/pressrelease.xml",
}
FILES = {"/bizinfo": "bizinfo.json", "/kstartup": "kstartup.json", "/rss/pressrelease.xml": "rss_pressrelease.xml"}


def demo_dir() -> Path:
    return resources_dir() / "grant_alerts_demo"


class BundledAnswers(BaseAdapter):
    """Answers ``HOST`` requests from the bundled files, as the real services would (paging, 사업연도)."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.requests: list[str] = []

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """``BaseAdapter.send``'s own signature: the transport options mean nothing for files on disk."""
        parts = urlsplit(request.url or "")
        query = parse_qs(parts.query)
        self.requests.append(parts.path)
        first_page = query.get("pageNo", query.get("page", ["1"]))[0] == "1"
        if parts.path == "/botame":
            year = query.get("bsnsyear", [""])[0]
            path = self.folder / f"botame_{year}.json"
            body = path.read_bytes() if path.exists() and first_page else _empty_envelope()
            return _response(request, body, "application/json;charset=UTF-8")
        name = FILES.get(parts.path)
        if name is None:
            return _response(request, b"<html><head><title>404</title></head></html>", "text/html", 404)
        body = (self.folder / name).read_bytes()
        if parts.path == "/kstartup" and not first_page:
            body = json.dumps({"currentCount": 0, "data": [], "matchCount": 3, "page": 2, "perPage": 1000}).encode()
        ctype = "application/rss+xml;charset=UTF-8" if name.endswith(".xml") else "application/json;charset=UTF-8"
        return _response(request, body, ctype)

    def close(self) -> None:
        pass


def _empty_envelope() -> bytes:
    return json.dumps(
        {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL SERVICE."}, "body": {"items": "", "totalCount": 0}}}
    ).encode()


def _response(request: requests.PreparedRequest, body: bytes, ctype: str, status: int = 200) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers = CaseInsensitiveDict({"Content-Type": ctype, "Content-Length": str(len(body))})
    resp._content = body
    resp.url = request.url or ""
    resp.request = request
    resp.encoding = "utf-8"
    return resp


class DemoSettings:
    """The clerk's settings, with every source address pointed at the bundled answers."""

    def __init__(self, base: SettingsLike):
        self.base = base

    def get(self, key: str) -> Any:
        if key in URLS:
            return URLS[key]
        return self.base.get(key)


def demo_session(folder: Path | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy lookup: the answers are in this process
    adapter = BundledAnswers(folder or demo_dir())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@contextmanager
def demo_context(ctx: RunContext) -> Iterator[RunContext]:
    """A context for the demo run: bundled answers, stand-in keys, a store that is deleted afterwards."""
    with TemporaryDirectory(prefix="haengbot-demo-") as tmp:
        store = Store(Path(tmp) / "demo.sqlite3")
        demo = RunContext(
            progress=ctx.progress,
            cancel_event=ctx.cancel_event,
            credentials=MemoryStore({DATAGOKR_KEY: "DEMO-KEY", BIZINFO_KEY: "DEMO-KEY"}),
            store=store,
            # RunContext(settings=) is typed Settings; a reader needs only SettingsLike.get (core's side to widen).
            settings=DemoSettings(ctx.settings),  # type: ignore[arg-type]
            logger=ctx.log,
            dry_run=False,
            run_id=ctx.run_id,
        )
        demo._http = demo_session()
        try:
            yield demo
        finally:
            store.close()
