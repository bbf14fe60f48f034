"""The four sources, each a small adapter: request, parse its documented shape, return ``Grant`` records.

Formats: shared/reference/external-apis.md §2.1–2.5. Base URLs are settings (a closed network points
them at a relay, tests at loopback); keys come from the keyring or ``HAENGBOT_SECRET_*``.
Every failure is a ``SourceError`` with a Korean reason; the task turns it into a warning.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from core import datagokr as gw
from core.datagokr import SourceError
from core.settings import SettingSpec, register
from tasks.grant_alerts.record import Grant, money_phrase, parse_date, parse_period, plain, web_url

BOTAME, BIZINFO, KSTARTUP, RSS = "보탬e", "기업마당", "K-Startup", "정책브리핑"
DATAGOKR_KEY, BIZINFO_KEY = "datagokr-service-key", "bizinfo-crtfc-key"

SETTINGS = (
    SettingSpec("grants.botame_url", "보탬e 국고보조금 공모사업 API 주소",
                "https://apis.data.go.kr/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY", "공공데이터포털 15156853", "url"),
    SettingSpec("grants.bizinfo_url", "기업마당 지원사업정보 API 주소", "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do", "", "url"),
    SettingSpec("grants.bizinfo_site", "기업마당 누리집 주소", "https://www.bizinfo.go.kr",
                "공고 링크가 '/sii/…'처럼 상대 주소로 올 때 앞에 붙입니다.", "url"),
    SettingSpec("grants.bizinfo_hashtags", "기업마당 해시태그", "", "쉼표로 구분(예: 경기,지자체). 비우면 전체.", "text"),
    SettingSpec("grants.kstartup_url", "K-Startup 사업공고 API 주소",
                "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01", "공공데이터포털 15125364", "url"),
    SettingSpec("grants.rss_feeds", "정책브리핑 RSS 주소",
                "https://www.korea.kr/rss/pressrelease.xml https://www.korea.kr/rss/dept_mois.xml",
                "공백이나 줄바꿈으로 구분합니다. 부처 개편으로 주소가 바뀌면 여기서 고칩니다(예: dept_molit.xml).", "text"),
    SettingSpec("grants.rss_max_age_days", "RSS 최근 며칠", 14, "이보다 오래된 보도자료는 건너뜁니다.", "int"),
    SettingSpec("grants.page_size", "한 번에 받는 건수", 500, "공공데이터포털 API 한 쪽의 행 수(최대 1000).", "int"),
    SettingSpec("grants.max_pages", "최대 쪽수", 20, "호출 한도를 지키려고 한 출처에서 받는 쪽 수를 제한합니다.", "int"),
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
    """What an adapter needs: the session, the settings, the key (already resolved), the day."""

    session: requests.Session
    settings: Any
    key: str
    today: dt.date
    check: Callable[[], None] = lambda: None  # cancellation point between pages

    def setting(self, name: str) -> Any:
        return self.settings.get(name)


def _pages(call: Call) -> tuple[int, int]:
    size = max(1, min(1000, int(call.setting("grants.page_size") or 500)))
    return size, max(1, int(call.setting("grants.max_pages") or 20))


def _json_or_xml_envelope(resp: requests.Response, what: str) -> tuple[list[dict[str, Any]], int | None]:
    text = resp.text.lstrip()
    if text.startswith("<") and not gw.looks_like_html(text, resp.headers.get("Content-Type", "")):
        return gw.xml_envelope(text, what)
    return gw.envelope_items(gw.parse_json(resp, what), what)


# ---------------------------------------------------------------------------------------- 보탬e
def fetch_botame(call: Call) -> list[Grant]:
    """국고보조금 공모사업 (T_OPD_ASBS_PBNS_UNITY): ``bsnsyear`` required; from November also next year."""
    url = call.setting("grants.botame_url")
    key = gw.service_key(call.key)
    size, max_pages = _pages(call)
    years = [call.today.year] + ([call.today.year + 1] if call.today.month >= 11 else [])
    out: list[Grant] = []
    for year in years:
        for page in range(1, max_pages + 1):
            call.check()
            params = {"serviceKey": key, "pageNo": page, "numOfRows": size, "resultType": "json", "bsnsyear": year}
            items, total = _json_or_xml_envelope(gw.fetch(call.session, url, params, BOTAME), BOTAME)
            out.extend(botame_record(it) for it in items)
            if not items or len(items) < size or (total is not None and page * size >= total):
                break
    return [g for g in out if g.title]


def botame_record(it: dict[str, Any]) -> Grant:
    v = {str(k).upper(): gw.clean(val) for k, val in it.items()}  # one client saw camelCase: read both
    opens, closes = parse_date(v.get("RCEPT_BEGIN_DE")), parse_date(v.get("RCEPT_END_DE"))
    if closes is None:
        opens, closes = opens or parse_date(v.get("PBLANC_BEGIN_DE")), parse_date(v.get("PBLANC_END_DE"))
    return Grant(
        source=BOTAME, title=plain(v.get("PBLANC_NM")), agency=plain(v.get("JRSD_NM")), executor=plain(v.get("DLVPL_NM")),
        announced=parse_date(v.get("PBLANC_BEGIN_DE")), opens=opens, closes=closes,
        target=plain(v.get("SPORT_TRGET_CN")), excluded_target=plain(v.get("EXCL_TRGET_CN")),
        scale=money_phrase(v.get("SPORT_CN_DC", ""), v.get("SPORT_CND_CN", "")),
        url=web_url(v.get("PBLANC_POPUP_URL", "")) or web_url(v.get("BSNS_GUIDANCE_URL", "")),
        summary=plain(v.get("SPORT_CN_DC")), period_text=plain(v.get("RCEPT_PD_DC")),
        source_id=v.get("DDTLBZ_ID") or v.get("DTLBZ_ID") or "",
    )


# ---------------------------------------------------------------------------------------- 기업마당
def fetch_bizinfo(call: Call) -> list[Grant]:
    """bizinfoApi.do: ``crtfcKey`` (not a data.go.kr key), ``{"jsonArray": [...]}`` or ``{"reqErr": "…"}``."""
    url = call.setting("grants.bizinfo_url")
    key = gw.register_secret(call.key)
    size, _ = _pages(call)
    params: dict[str, Any] = {"crtfcKey": key, "dataType": "json", "searchCnt": size}
    tags = str(call.setting("grants.bizinfo_hashtags") or "").strip()
    if tags:
        params["hashtags"] = tags
    call.check()
    site = str(call.setting("grants.bizinfo_site") or "https://www.bizinfo.go.kr").rstrip("/")
    try:
        data = gw.parse_json(gw.fetch(call.session, url, params, BIZINFO), BIZINFO)
    except SourceError as exc:
        if exc.code != "format":
            raise
        # Its JSON output has been seen malformed (unquoted values); the same data comes as RSS.
        return bizinfo_rss(call, url, {**params, "dataType": "rss"}, site, exc)
    if isinstance(data, dict) and "reqErr" in data:
        said = plain(data.get("reqErr"))[:80]
        raise SourceError(f"{BIZINFO}가 요청을 거부했습니다: {said or '사유 없음'}. 기업마당 API 인증키(crtfcKey)를 확인하십시오.",
                          "reqErr")
    if not isinstance(data, dict) or "jsonArray" not in data:
        raise SourceError(f"{BIZINFO}의 응답에 jsonArray가 없습니다(형식이 바뀌었을 수 있습니다).", "format")
    return [g for g in (bizinfo_record(it, site) for it in gw.as_list(data["jsonArray"])) if g.title]


def bizinfo_rss(call: Call, url: str, params: dict[str, Any], site: str, first: SourceError) -> list[Grant]:
    """``dataType=rss``: ``rss/channel/item`` with title, link, description, pubDate ('YYYY-MM-DD HH:MM:SS'),
    author (소관기관), excInsttNm, reqstDt (신청기간), trgetNm. Tag names are [code]-grade: read defensively."""
    call.check()
    resp = gw.fetch(call.session, url, params, BIZINFO)
    try:
        channel = ET.fromstring(resp.content.lstrip()).find("channel")
    except ET.ParseError:
        channel = None
    if channel is None:
        raise SourceError(f"{first} RSS 형식으로도 읽지 못했습니다.", "format")
    out = []
    for item in channel.findall("item"):
        def text(*tags: str, item: ET.Element = item) -> str:
            return next((gw.clean(item.findtext(t)) for t in tags if item.findtext(t)), "")

        row = {"pblancNm": text("title"), "pblancUrl": text("link"), "bsnsSumryCn": text("description"),
               "creatPnttm": text("pubDate"), "jrsdInsttNm": text("author", "jrsdInsttNm"), "excInsttNm": text("excInsttNm"),
               "reqstBeginEndDe": text("reqstDt", "reqstBeginEndDe"), "trgetNm": text("trgetNm"),
               "pblancId": text("pblancId", "guid")}
        out.append(bizinfo_record(row, site))
    return [g for g in out if g.title]


def bizinfo_record(it: dict[str, Any], site: str) -> Grant:
    v = {k: gw.clean(val) for k, val in it.items()}
    period = v.get("reqstBeginEndDe", "")
    opens, closes = parse_period(period)
    link = v.get("pblancUrl", "")
    if link.startswith("/"):
        link = site + link
    files = [n for n in [v.get("printFileNm", ""), *v.get("fileNm", "").split("@")] if n.strip()]
    return Grant(
        source=BIZINFO, title=plain(v.get("pblancNm")), agency=plain(v.get("jrsdInsttNm")), executor=plain(v.get("excInsttNm")),
        announced=parse_date(v.get("creatPnttm")), opens=opens, closes=closes, target=plain(v.get("trgetNm")),
        scale=money_phrase(v.get("bsnsSumryCn", "")), url=web_url(link), attachments=", ".join(dict.fromkeys(files)),
        summary=plain(v.get("bsnsSumryCn"))[:500], period_text=plain(period), source_id=v.get("pblancId", ""),
    )


# ---------------------------------------------------------------------------------------- K-Startup
def fetch_kstartup(call: Call) -> list[Grant]:
    """odcloud style: ``{"currentCount", "data": [...], "matchCount", "page", "perPage", "totalCount"}``."""
    url = call.setting("grants.kstartup_url")
    key = gw.service_key(call.key)
    size, max_pages = _pages(call)
    out: list[Grant] = []
    for page in range(1, max_pages + 1):
        call.check()
        params = {"serviceKey": key, "page": page, "perPage": size, "returnType": "json", "cond[rcrt_prgs_yn::EQ]": "Y"}
        data = gw.parse_json(gw.fetch(call.session, url, params, KSTARTUP), KSTARTUP)
        if isinstance(data, dict) and "response" in data:  # the standard envelope after all
            rows, total = gw.envelope_items(data, KSTARTUP)
        elif isinstance(data, dict) and "data" in data:
            rows = gw.as_list(data.get("data"))
            total = data.get("matchCount", data.get("totalCount"))
        elif isinstance(data, dict) and ("code" in data or "msg" in data):
            said = plain(data.get("msg"))[:80]
            raise SourceError(f"{KSTARTUP}가 오류를 돌려주었습니다(코드 {data.get('code', '?')}): {said}", str(data.get("code", "")))
        else:
            raise SourceError(f"{KSTARTUP}의 응답에 data가 없습니다(형식이 바뀌었을 수 있습니다).", "format")
        out.extend(kstartup_record(it) for it in rows)
        try:
            total_n = int(total) if total is not None else None
        except (TypeError, ValueError):
            total_n = None
        if not rows or len(rows) < size or (total_n is not None and page * size >= total_n):
            break
    return [g for g in out if g.title]


def kstartup_record(it: dict[str, Any]) -> Grant:
    v = {k: gw.clean(val) for k, val in it.items()}
    target = " / ".join(x for x in (plain(v.get("aply_trgt")), plain(v.get("aply_trgt_ctnt"))) if x)
    return Grant(
        source=KSTARTUP, title=plain(v.get("biz_pbanc_nm") or v.get("intg_pbanc_biz_nm")),
        agency=plain(v.get("sprv_inst")), executor=plain(v.get("pbanc_ntrp_nm")),
        opens=parse_date(v.get("pbanc_rcpt_bgng_dt")), closes=parse_date(v.get("pbanc_rcpt_end_dt")),
        announced=parse_date(v.get("pbanc_rcpt_bgng_dt")), target=target, excluded_target=plain(v.get("aply_excl_trgt_ctnt")),
        scale=money_phrase(v.get("pbanc_ctnt", "")), url=web_url(v.get("detl_pg_url", "")) or web_url(v.get("biz_gdnc_url", "")),
        summary=plain(v.get("pbanc_ctnt"))[:500], source_id=v.get("pbanc_sn", ""),
    )


# ---------------------------------------------------------------------------------------- 정책브리핑 RSS
_DC = "{http://purl.org/dc/elements/1.1/}"


def rss_feeds(settings: Any) -> list[str]:
    raw = settings.get("grants.rss_feeds") or ""
    parts = raw if isinstance(raw, list) else str(raw).replace(",", " ").split()
    return [str(p).strip() for p in parts if str(p).strip()]


def fetch_rss(call: Call, feed: str) -> list[Grant]:
    """Plain RSS 2.0. A title, a link and a summary only: a lead to follow, not a full record."""
    call.check()
    resp = gw.fetch(call.session, feed, {}, RSS)
    text = resp.content.lstrip()
    if gw.looks_like_html(text[:512].decode("utf-8", "replace"), resp.headers.get("Content-Type", "")):
        raise SourceError(gw.html_reason(resp.text, RSS), "html")
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise SourceError(f"{RSS} RSS를 읽을 수 없습니다(XML 형식 오류).", "format") from None
    channel = root.find("channel")
    if channel is None:
        raise SourceError(f"{RSS} 응답이 RSS 2.0 형식이 아닙니다.", "format")
    oldest = call.today - dt.timedelta(days=int(call.setting("grants.rss_max_age_days") or 14))
    out = []
    for item in channel.findall("item"):
        published = _rss_date(item.findtext("pubDate"))
        if published and published < oldest:
            continue
        author = item.findtext("author") or item.findtext(f"{_DC}creator") or ""
        out.append(Grant(
            source=RSS, title=plain(item.findtext("title")), agency=plain(author), announced=published,
            url=web_url(item.findtext("link") or ""), summary=plain(item.findtext("description"))[:500],
            source_id=(item.findtext("guid") or item.findtext("link") or "").strip(), lead=True,
        ))
    return [g for g in out if g.title]


def _rss_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()  # RFC-822 (korea.kr)
    except (TypeError, ValueError, IndexError):
        return parse_date(value)  # 'YYYY-MM-DD HH:MM:SS' (bizinfo RSS)


SOURCES = (
    Source("botame", BOTAME, DATAGOKR_KEY, fetch_botame),
    Source("bizinfo", BIZINFO, BIZINFO_KEY, fetch_bizinfo),
    Source("kstartup", KSTARTUP, DATAGOKR_KEY, fetch_kstartup),
)
