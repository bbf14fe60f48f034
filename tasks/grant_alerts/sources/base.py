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
from core.settings import SettingSpec, register
from tasks.grant_alerts.record import Grant

BOTAME, BIZINFO, KSTARTUP, RSS = "보탬e", "기업마당", "K-Startup", "정책브리핑"
from tasks.grant_alerts.keys import BIZINFO_KEY, DATAGOKR_KEY  # noqa: E402,F401  (re-exported)

SETTINGS = (
    SettingSpec(
        "grants.botame_url",
        "보탬e 국고보조금 공모사업 API 주소",
        "https://apis.data.go.kr/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY",
        "공공데이터포털 15156853",
        "url",
    ),
    SettingSpec(
        "grants.bizinfo_url", "기업마당 지원사업정보 API 주소", "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do", "", "url"
    ),
    SettingSpec(
        "grants.bizinfo_site",
        "기업마당 누리집 주소",
        "https://www.bizinfo.go.kr",
        "공고 링크가 '/sii/…'처럼 상대 주소로 올 때 앞에 붙입니다.",
        "url",
    ),
    SettingSpec("grants.bizinfo_hashtags", "기업마당 해시태그", "", "쉼표로 구분(예: 경기,지자체). 비우면 전체.", "text"),
    SettingSpec(
        "grants.kstartup_url",
        "K-Startup 사업공고 API 주소",
        "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01",
        "공공데이터포털 15125364",
        "url",
    ),
    SettingSpec(
        "grants.rss_feeds",
        "정책브리핑 RSS 주소",
        "https://www.korea.kr/rss/pressrelease.xml https://www.korea.kr/rss/dept_mois.xml",
        "공백이나 줄바꿈으로 구분합니다. 부처 개편으로 주소가 바뀌면 여기서 고칩니다(예: dept_molit.xml).",
        "text",
    ),
    SettingSpec("grants.rss_max_age_days", "RSS 최근 며칠", 14, "이보다 오래된 보도자료는 건너뜁니다.", "int"),
    SettingSpec("grants.bizinfo_count", "기업마당 받는 건수", 1000, "한 번에 받는 공고 수(0이면 전부).", "int"),
    SettingSpec("grants.page_size", "한 번에 받는 건수", 1000, "공공데이터포털 API 한 쪽의 행 수(최대 1000).", "int"),
    SettingSpec("grants.max_pages", "최대 쪽수", 20, "호출 한도를 지키려고 한 출처에서 받는 쪽 수를 제한합니다.", "int"),
    SettingSpec(
        "grants.botame_max_pages",
        "보탬e 최대 쪽수",
        400,
        "보탬e는 한 해 약 20만 행입니다. 첫 실행은 전부, 그 뒤로는 지난 실행 이후 바뀐 행만 읽습니다. "
        "한 번에 읽는 쪽 수의 상한(하루 호출 한도 안에서).",
        "int",
    ),
)
for _spec in SETTINGS:
    register(_spec)


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    credential: str | None
    fetch: Callable[..., list[Grant]]


@dataclass
class Call:
    """What an adapter needs: the session, the settings, the key (already resolved), the day.

    ``since`` is where the last run stopped (scope -> position, from ``CursorStore``); the adapter
    puts where this run got to in ``reached`` (saved by the task once the run has remembered what it
    read), and anything the clerk should know about a partial read in ``notes`` (the 소스상태 사유).
    """

    session: requests.Session
    settings: Any
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
