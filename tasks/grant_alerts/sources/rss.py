"""정책브리핑 RSS (press releases and per-ministry feeds, URLs in settings): a lead, not a full record."""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET

from core import datagokr as gw
from core.datagokr import SourceError
from core.org import SettingsLike
from tasks.grant_alerts.record import Grant, parse_date, plain, web_url
from tasks.grant_alerts.sources.base import RSS, Call

_DC = "{http://purl.org/dc/elements/1.1/}"


def rss_feeds(settings: SettingsLike) -> list[str]:
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
        out.append(
            Grant(
                source=RSS,
                title=plain(item.findtext("title")),
                agency=plain(author),
                announced=published,
                url=web_url(item.findtext("link") or ""),
                summary=plain(item.findtext("description"))[:500],
                source_id=(item.findtext("guid") or item.findtext("link") or "").strip(),
                lead=True,
            )
        )
    return [g for g in out if g.title]


def _rss_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()  # RFC-822 (korea.kr)
    except (TypeError, ValueError, IndexError):
        return parse_date(value)  # 'YYYY-MM-DD HH:MM:SS' (bizinfo RSS)
