"""기업마당 지원사업정보 (``bizinfoApi.do``): ``crtfcKey``, ``jsonArray`` or ``reqErr``, relative ``pblancUrl``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from core import datagokr as gw
from core.datagokr import SourceError
from tasks.grant_alerts.record import Grant, money_phrase, parse_date, parse_period, plain, web_url
from tasks.grant_alerts.sources.base import BIZINFO, Call


def fetch_bizinfo(call: Call) -> list[Grant]:
    """bizinfoApi.do: ``crtfcKey`` (not a data.go.kr key), ``{"jsonArray": [...]}`` or ``{"reqErr": "…"}``."""
    url = call.setting("grants.bizinfo_url")
    key = gw.register_secret(call.key)
    count = max(0, int(call.setting("grants.bizinfo_count") or 0))  # one request; 0 = every open notice
    params: dict[str, Any] = {"crtfcKey": key, "dataType": "json", "searchCnt": count}
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
        raise SourceError(
            f"{BIZINFO}가 요청을 거부했습니다: {said or '사유 없음'}. 기업마당 API 인증키(crtfcKey)를 확인하십시오.", "reqErr"
        )
    if not isinstance(data, dict) or "jsonArray" not in data:
        raise SourceError(f"{BIZINFO}의 응답에 jsonArray가 없습니다(형식이 바뀌었을 수 있습니다).", "format")
    return [g for g in (bizinfo_record(it, site) for it in gw.as_list(data["jsonArray"])) if g.title]


def bizinfo_rss(call: Call, url: str, params: dict[str, Any], site: str, first: SourceError) -> list[Grant]:
    """``dataType=rss``: ``rss/channel/item`` with title, link, description, pubDate ('YYYY-MM-DD HH:MM:SS'),
    author (소관기관), excInsttNm, reqstDt (신청기간), trgetNm, seq (the notice id). Tag names are
    [code]-grade: read defensively."""
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

        row = {
            "pblancNm": text("title"),
            "pblancUrl": text("link"),
            "bsnsSumryCn": text("description"),
            "creatPnttm": text("pubDate"),
            "jrsdInsttNm": text("author", "jrsdInsttNm"),
            "excInsttNm": text("excInsttNm"),
            "reqstBeginEndDe": text("reqstDt", "reqstBeginEndDe"),
            "trgetNm": text("trgetNm"),
            "pblancId": text("pblancId", "seq", "guid"),  # the RSS form carries the notice id in <seq>
        }
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
        source=BIZINFO,
        title=plain(v.get("pblancNm")),
        agency=plain(v.get("jrsdInsttNm")),
        executor=plain(v.get("excInsttNm")),
        announced=parse_date(v.get("creatPnttm")),
        opens=opens,
        closes=closes,
        target=plain(v.get("trgetNm")),
        scale=money_phrase(v.get("bsnsSumryCn", "")),
        url=web_url(link),
        attachments=", ".join(dict.fromkeys(files)),
        summary=plain(v.get("bsnsSumryCn"))[:500],
        period_text=plain(period),
        source_id=v.get("pblancId", ""),
    )
