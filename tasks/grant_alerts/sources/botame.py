"""보탬e 국고보조금 공모사업 (data.go.kr 15156853, ``T_OPD_ASBS_PBNS_UNITY``): standard envelope, UPPER_SNAKE, CDATA.

What real answers look like (users of the dataset report it; our stubs follow): about 200,000 rows a
year, only ~2% carrying ``RCEPT_*`` (접수) dates, and one notice repeated once per 수행기관
(``DLVPL_NM``). So: every page of what is new since the last run is read (a cursor per 사업연도, then
one ``pblanc_updt_dt`` query per day since it); a notice's rows become one call listing its 수행기관; and a missing 접수마감 stays
missing (shown 미정) instead of borrowing ``PBLANC_END_DE``, which is then just the year's 12-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import datagokr as gw
from tasks.grant_alerts.record import Grant, money_phrase, norm_key, parse_date, plain, web_url
from tasks.grant_alerts.sources.base import BOTAME, Call, json_or_xml_envelope

SHOWN_EXECUTORS = 5  # 수행기관 listed by name; the rest as "외 N곳"


def fetch_botame(call: Call) -> list[Grant]:
    """국고보조금 공모사업: ``bsnsyear`` required; from November also next year.

    First run (no cursor): every page of the year. Then one query per day since the cursor
    (``pblanc_updt_dt=YYYYMMDD`` selects the rows updated on that day, as working clients use it),
    each paged to its end; after a long pause (more than ``MAX_DAYS``) one full pass instead.
    """
    size = max(1, min(1000, int(call.setting("grants.page_size") or 1000)))
    max_pages = max(1, int(call.setting("grants.botame_max_pages") or 400))
    years = [call.today.year] + ([call.today.year + 1] if call.today.month >= 11 else [])
    today = call.today.strftime("%Y%m%d")
    rows: list[dict[str, str]] = []
    for year in years:
        scope = str(year)
        since = call.since.get(scope, "")
        complete = True
        for day in _days(since, call.today) or [""]:
            got, pass_complete, day_honoured = _read_pass(call, year, day, since, size, max_pages)
            rows.extend(got)
            if not pass_complete:
                complete = False
                call.notes.append(
                    f"{year}년 자료가 {max_pages}쪽({max_pages * size:,}행)을 넘어 일부만 읽었습니다. "
                    "설정의 '보탬e 최대 쪽수'를 늘리십시오."
                )
                break
            if day and not day_honoured:
                break  # the server ignored the day: that answer was the whole year, filtered here
        if complete:
            call.reached[scope] = max(since, today)
    return [g for g in group_notices(rows) if g.title]


MAX_DAYS = 31  # more days than this since the last run: one full pass costs fewer calls than a query a day


def _days(since: str, today: dt.date) -> list[str]:
    """Every day from the cursor to *today* (YYYYMMDD), or [] for a full pass (no cursor, or too long ago)."""
    start = parse_date(since)
    if start is None:
        return []
    start = min(start, today)
    count = (today - start).days + 1
    if count > MAX_DAYS:
        return []
    return [(start + dt.timedelta(days=i)).strftime("%Y%m%d") for i in range(count)]


def _read_pass(call: Call, year: int, day: str, since: str, size: int, max_pages: int) -> tuple[list[dict[str, str]], bool, bool]:
    """(rows not older than *since*, read to the end?, every row on *day*?) for one query, paged."""
    url = call.setting("grants.botame_url")
    key = gw.service_key(call.key)
    rows: list[dict[str, str]] = []
    honoured = True
    for page in range(1, max_pages + 1):
        call.check()
        params: dict[str, Any] = {"serviceKey": key, "pageNo": page, "numOfRows": size, "resultType": "json", "bsnsyear": year}
        if day:
            params["pblanc_updt_dt"] = day
        items, total = json_or_xml_envelope(gw.fetch(call.session, url, params, BOTAME), BOTAME)
        for it in items:
            v = {str(k).upper(): gw.clean(val) for k, val in it.items()}  # one client saw camelCase: read both
            updated = _day(v.get("PBLANC_UPDT_DT"))
            if day and updated and updated != day:
                honoured = False
            if since and updated and updated < since:
                continue  # read by an earlier run
            rows.append(v)
        if not items or len(items) < size or (total is not None and page * size >= total):
            return rows, True, honoured
    return rows, False, honoured


def _day(value: str | None) -> str:
    found = parse_date(value)
    return found.strftime("%Y%m%d") if found else ""


def group_notices(rows: list[dict[str, str]]) -> list[Grant]:
    """One call per notice (공고명 + 소관), with every 수행기관 its rows named, in order."""
    groups: dict[str, list[dict[str, str]]] = {}
    for v in rows:
        groups.setdefault(f"{norm_key(v.get('PBLANC_NM', ''))}|{norm_key(v.get('JRSD_NM', ''))}", []).append(v)
    out = []
    for members in groups.values():
        grant = botame_record(members[0])
        executors = list(dict.fromkeys(plain(m.get("DLVPL_NM")) for m in members if plain(m.get("DLVPL_NM"))))
        grant.executor = ", ".join(executors[:SHOWN_EXECUTORS]) + (
            f" 외 {len(executors) - SHOWN_EXECUTORS}곳" if len(executors) > SHOWN_EXECUTORS else ""
        )
        for m in members[1:]:  # a deadline given on any of its rows counts
            if grant.closes is None and parse_date(m.get("RCEPT_END_DE")):
                grant.opens, grant.closes = parse_date(m.get("RCEPT_BEGIN_DE")), parse_date(m.get("RCEPT_END_DE"))
        out.append(grant)
    return out


def botame_record(it: dict[str, Any]) -> Grant:
    v = {str(k).upper(): gw.clean(val) for k, val in it.items()}
    closes = parse_date(v.get("RCEPT_END_DE"))
    period = plain(v.get("RCEPT_PD_DC"))
    if closes is None and not period:
        begin, end = parse_date(v.get("PBLANC_BEGIN_DE")), parse_date(v.get("PBLANC_END_DE"))
        shown = " ~ ".join(d.isoformat() for d in (begin, end) if d)
        period = "접수기간 미정" + (f"(공고기간 {shown})" if shown else "")
    return Grant(
        source=BOTAME,
        title=plain(v.get("PBLANC_NM")),
        agency=plain(v.get("JRSD_NM")),
        executor=plain(v.get("DLVPL_NM")),
        announced=parse_date(v.get("PBLANC_BEGIN_DE")),
        opens=parse_date(v.get("RCEPT_BEGIN_DE")),
        closes=closes,
        target=plain(v.get("SPORT_TRGET_CN")),
        excluded_target=plain(v.get("EXCL_TRGET_CN")),
        scale=money_phrase(v.get("SPORT_CN_DC", ""), v.get("SPORT_CND_CN", "")),
        url=web_url(v.get("PBLANC_POPUP_URL", "")) or web_url(v.get("BSNS_GUIDANCE_URL", "")),
        summary=plain(v.get("SPORT_CN_DC")),
        period_text=period,
        source_id=v.get("DDTLBZ_ID") or v.get("DTLBZ_ID") or "",
    )
