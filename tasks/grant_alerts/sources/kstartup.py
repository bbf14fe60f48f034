"""K-Startup 사업공고 (data.go.kr 15125364): odcloud style ``data``/``currentCount``, keyed on ``pbanc_sn``.

It also answers in XML, as its guide documents: the odcloud form ``<data><item><col name="…">`` and
the ``<items><item><field>`` form. Both are read. The agency is ``pbanc_ntrp_nm`` (공고기관);
``sprv_inst`` is only the institution *type* (공공기관, 지자체 …), so it never names the agency: the
cross-source de-duplication keys on the agency.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from core import datagokr as gw
from core.datagokr import SourceError
from tasks.grant_alerts.record import Grant, money_phrase, parse_date, plain, web_url
from tasks.grant_alerts.sources.base import KSTARTUP, Call, pages


def fetch_kstartup(call: Call) -> list[Grant]:
    """odcloud style: ``{"currentCount", "data": [...], "matchCount", "page", "perPage", "totalCount"}``, or XML."""
    url = call.setting("grants.kstartup_url")
    key = gw.service_key(call.key)
    size, max_pages = pages(call)
    out: list[Grant] = []
    for page in range(1, max_pages + 1):
        call.check()
        params = {"serviceKey": key, "page": page, "perPage": size, "returnType": "json", "cond[rcrt_prgs_yn::EQ]": "Y"}
        resp = gw.fetch(call.session, url, params, KSTARTUP)
        text = resp.text.lstrip()
        if text.startswith("<") and not gw.looks_like_html(text, resp.headers.get("Content-Type", "")):
            rows, total = kstartup_xml(text)
        else:
            rows, total = _json_rows(gw.parse_json(resp, KSTARTUP))
        out.extend(kstartup_record(it) for it in rows)
        try:
            total_n = int(total) if total is not None else None
        except (TypeError, ValueError):
            total_n = None
        if not rows or len(rows) < size or (total_n is not None and page * size >= total_n):
            break
    return [g for g in out if g.title]


def _json_rows(data: Any) -> tuple[list[dict[str, Any]], Any]:
    if isinstance(data, dict) and "response" in data:  # the standard envelope after all
        return gw.envelope_items(data, KSTARTUP)
    if isinstance(data, dict) and "data" in data:
        return gw.as_list(data.get("data")), data.get("matchCount", data.get("totalCount"))
    if isinstance(data, dict) and ("code" in data or "msg" in data):
        said = plain(data.get("msg"))[:80]
        raise SourceError(f"{KSTARTUP}가 오류를 돌려주었습니다(코드 {data.get('code', '?')}): {said}", str(data.get("code", "")))
    raise SourceError(f"{KSTARTUP}의 응답에 data가 없습니다(형식이 바뀌었을 수 있습니다).", "format")


def kstartup_xml(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """Rows of either XML form, and matchCount (or totalCount). A standard-envelope error code raises."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError:
        raise SourceError(f"{KSTARTUP}의 응답(XML)을 읽을 수 없습니다.", "format") from None
    code = root.findtext("header/resultCode")
    if code is not None and gw.clean(code) not in gw.SUCCESS_CODES | gw.NO_DATA_CODES:
        gw.xml_envelope(text, KSTARTUP)  # raises the gateway's Korean reason
    rows = []
    for item in root.iter("item"):
        row: dict[str, Any] = {}
        for child in item:
            name = child.get("name") if child.tag == "col" else child.tag
            if name:
                row[name] = gw.clean(child.text)
        rows.append(row)
    total = root.findtext("matchCount") or root.findtext(".//totalCount")
    return rows, total


def kstartup_record(it: dict[str, Any]) -> Grant:
    v = {k: gw.clean(val) for k, val in it.items()}
    target = " / ".join(x for x in (plain(v.get("aply_trgt")), plain(v.get("aply_trgt_ctnt"))) if x)
    return Grant(
        source=KSTARTUP,
        title=plain(v.get("biz_pbanc_nm") or v.get("intg_pbanc_biz_nm")),
        agency=plain(v.get("pbanc_ntrp_nm")),  # 공고기관; sprv_inst is an institution type, not an agency
        executor="",
        opens=parse_date(v.get("pbanc_rcpt_bgng_dt")),
        closes=parse_date(v.get("pbanc_rcpt_end_dt")),
        announced=parse_date(v.get("pbanc_rcpt_bgng_dt")),
        target=target,
        excluded_target=plain(v.get("aply_excl_trgt_ctnt")),
        scale=money_phrase(v.get("pbanc_ctnt", "")),
        url=web_url(v.get("detl_pg_url", "")) or web_url(v.get("biz_gdnc_url", "")),  # often without a scheme
        summary=plain(v.get("pbanc_ctnt"))[:500],
        source_id=v.get("pbanc_sn", ""),
    )
