"""What every source adapter shares: names, settings (every base URL is one), the call it receives, paging.

A closed network points the URLs at a relay, tests at loopback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from core import datagokr as gw
from core.org import SettingsLike
from tasks.grant_alerts.record import Grant

BOTAME, BIZINFO, KSTARTUP, RSS = "보탬e", "기업마당", "K-Startup", "정책브리핑"


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    credential: str | None
    fetch: Callable[[Call], list[Grant]]


@dataclass
class Call:
    """What an adapter needs: the session, the settings, the key (already resolved), the day.

    ``since`` is where the last run stopped (scope -> position, from ``CursorStore``); the adapter
    puts where this run got to in ``reached`` (saved by the task once the run has remembered what it
    read), and anything the clerk should know about a partial read in ``notes`` (the 소스상태 사유).
    """

    session: requests.Session
    settings: SettingsLike
    key: str
    today: dt.date
    check: Callable[[], None] = lambda: None  # cancellation point between pages
    since: dict[str, str] = field(default_factory=dict)
    reached: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def setting(self, name: str) -> Any:
        return self.settings.get(name)


def pages(call: Call) -> tuple[int, int]:
    size = max(1, min(1000, int(call.setting("grants.page_size") or 500)))
    return size, max(1, int(call.setting("grants.max_pages") or 20))


def json_or_xml_envelope(resp: requests.Response, what: str) -> tuple[list[dict[str, Any]], int | None]:
    text = resp.text.lstrip()
    if text.startswith("<") and not gw.looks_like_html(text, resp.headers.get("Content-Type", "")):
        return gw.xml_envelope(text, what)
    return gw.envelope_items(gw.parse_json(resp, what), what)
