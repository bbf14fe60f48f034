"""보탬e 국고보조금 공모사업 (data.go.kr 15156853, ``T_OPD_ASBS_PBNS_UNITY``): standard envelope, UPPER_SNAKE, CDATA."""

from __future__ import annotations

from typing import Any

from core import datagokr as gw
from tasks.grant_alerts.record import Grant, money_phrase, parse_date, plain, web_url
from tasks.grant_alerts.sources.base import BOTAME, Call, json_or_xml_envelope, pages


def fetch_botame(call: Call) -> list[Grant]:
    """국고보조금 공모사업 (T_OPD_ASBS_PBNS_UNITY): ``bsnsyear`` required; from November also next year."""
    url = call.setting("grants.botame_url")
    key = gw.service_key(call.key)
    size, max_pages = pages(call)
    years = [call.today.year] + ([call.today.year + 1] if call.today.month >= 11 else [])
    out: list[Grant] = []
    for year in years:
        for page in range(1, max_pages + 1):
            call.check()
            params = {"serviceKey": key, "pageNo": page, "numOfRows": size, "resultType": "json", "bsnsyear": year}
            items, total = json_or_xml_envelope(gw.fetch(call.session, url, params, BOTAME), BOTAME)
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
        source=BOTAME,
        title=plain(v.get("PBLANC_NM")),
        agency=plain(v.get("JRSD_NM")),
        executor=plain(v.get("DLVPL_NM")),
        announced=parse_date(v.get("PBLANC_BEGIN_DE")),
        opens=opens,
        closes=closes,
        target=plain(v.get("SPORT_TRGET_CN")),
        excluded_target=plain(v.get("EXCL_TRGET_CN")),
        scale=money_phrase(v.get("SPORT_CN_DC", ""), v.get("SPORT_CND_CN", "")),
        url=web_url(v.get("PBLANC_POPUP_URL", "")) or web_url(v.get("BSNS_GUIDANCE_URL", "")),
        summary=plain(v.get("SPORT_CN_DC")),
        period_text=plain(v.get("RCEPT_PD_DC")),
        source_id=v.get("DDTLBZ_ID") or v.get("DTLBZ_ID") or "",
    )
