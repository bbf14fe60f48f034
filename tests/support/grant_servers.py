"""Loopback stand-ins for the four 공모사업 sources, speaking their documented shapes.

Built by hand from shared/reference/external-apis.md §2.1–2.5 (never fetched). One server routes by
path like the real hosts: 보탬e (data.go.kr standard envelope, UPPER_SNAKE fields, CDATA values),
기업마당 (``jsonArray``/``reqErr``), K-Startup (odcloud ``data``/``currentCount``), 정책브리핑 RSS 2.0.

Where real answers differ from the guides, the stubs follow the real answers (issue 10):
기업마당 ``bsnsSumryCn`` comes entity-escaped (``&lt;p&gt;…``) and its RSS carries the id in ``<seq>``;
K-Startup ``detl_pg_url`` often has no scheme, ``sprv_inst`` is an institution *type* (공공기관) while
the agency is ``pbanc_ntrp_nm``, and it answers XML too (odcloud ``<col name=…>`` and ``<items><item>``);
보탬e rows mostly carry no ``RCEPT_*`` dates (``PBLANC_END_DE`` is then the year's 12-31), and one
notice repeats once per 수행기관 (``DLVPL_NM``).

The data.go.kr routes check the serviceKey the way the gateway does: the query is decoded once and
must equal the Decoding key; a double-encoded key (``%252B``) or an unescaped ``+`` (read as a
space) gets error 30. ``mode[source]`` switches a source to one of the error shapes.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from tests.support.hostile_http import send_gzip_bomb, send_huge, send_trickle

# A realistic Decoding key (base64 with + / =) and its Encoding form as the portal shows it.
DECODING_KEY = "Xk3+q9Lw/8Zp0aBcDeFgHiJkLmNoPqRsTuVwXyZ1234567890abcdEFGHijklMNOPqrstUV+wx/yz=="
ENCODING_KEY = quote(DECODING_KEY, safe="")
BIZINFO_KEY = "bzKey7Q2mR9xT4"

BOTAME_PATH = "/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY"
BIZINFO_PATH = "/uss/rss/bizinfoApi.do"
KSTARTUP_PATH = "/B552735/kisedKstartupService01/getAnnouncementInformation01"
RSS_PATHS = ("/rss/pressrelease.xml", "/rss/dept_mois.xml")


def cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def botame_item(
    title: str,
    agency: str,
    begin: str,
    end: str,
    target: str,
    *,
    year: str = "2026",
    dlvpl: str = "",
    excl: str = "",
    support: str = "",
    url: str = "",
    bid: str = "",
    wrap: bool = False,
    rcept: bool = True,
    updated: str = "",
) -> dict[str, Any]:
    """One row. ``rcept=False`` is the usual real row: no 접수 dates, the 공고 period ends on 12-31."""
    item = {
        "BSNSYEAR": year,
        "DTLBZ_ID": bid[:6] or "DTL000",
        "DTLBZ_NM": title[:10],
        "DDTLBZ_ID": bid or "DDT0001",
        "PBLANC_NM": title,
        "PBLANC_BEGIN_DE": begin,
        "PBLANC_END_DE": end if rcept else f"{year}1231",
        "PBLANC_UPDT_DT": updated or begin,
        "RCEPT_BEGIN_DE": begin if rcept else "",
        "RCEPT_END_DE": end if rcept else "",
        "RCEPT_PD_DC": f"{begin} ~ {end}" if rcept else "",
        "REQST_RCEPT_MTH_CN": "보탬e 온라인 신청",
        "SPORT_TRGET_CN": target,
        "EXCL_TRGET_CN": excl,
        "SPORT_CND_CN": "지방비 매칭 50%",
        "SPORT_CN_DC": support,
        "SLCTN_STDR_DC": "서면 및 발표평가",
        "PRESENTN_PAPERS_GUIDANCE_CN": "사업계획서 1부",
        "JRSD_NM": agency,
        "DLVPL_NM": dlvpl,
        "PBLANC_POPUP_URL": url,
        "BSNS_GUIDANCE_URL": "",
    }
    if wrap:
        item = {k: cdata(v) if v else v for k, v in item.items()}
    return item


def envelope(
    items: Any, total: int | None = None, *, code: str = "00", msg: str = "NORMAL SERVICE.", page: int = 1, rows: int = 10
) -> dict[str, Any]:
    return {
        "response": {
            "header": {"resultCode": code, "resultMsg": msg},
            "body": {"items": items, "numOfRows": rows, "pageNo": page, "totalCount": total if total is not None else 0},
        }
    }


def gateway_xml(code: str, name: str) -> str:
    return (
        "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
        f"<returnAuthMsg>{name}</returnAuthMsg><returnReasonCode>{code}</returnReasonCode></cmmMsgHeader>"
        "</OpenAPI_ServiceResponse>"
    )


def gateway_json(code: str, name: str, korean: str) -> str:
    # The newer gateway puts the code name in errMsg and Korean text in returnAuthMsg.
    return json.dumps(
        {"OpenAPI_ServiceResponse": {"cmmMsgHeader": {"errMsg": name, "returnAuthMsg": korean, "returnReasonCode": code}}},
        ensure_ascii=False,
    )


def maintenance_page(echo: str) -> str:
    # A portal maintenance page; it echoes the request line, key and all, as some error pages do.
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>시스템 점검 안내</title></head>'
        f"<body><h1>서비스 점검 중입니다</h1><p>요청: {echo}</p></body></html>"
    )


def bizinfo_item(
    pid: str,
    title: str,
    agency: str,
    executor: str,
    period: str,
    target: str,
    *,
    summary: str = "",
    files: str = "",
    print_file: str = "",
) -> dict[str, Any]:
    return {
        "pblancId": pid,
        "pblancNm": title,
        "pblancUrl": f"/sii/siia/selectSIIA200Detail.do?pblancId={pid}",
        "jrsdInsttNm": agency,
        "excInsttNm": executor,
        "reqstBeginEndDe": period,
        "trgetNm": target,
        "hashtags": "2026,경기",
        "pldirSportRealmLclasCodeNm": "경영",
        "bsnsSumryCn": html.escape(summary or "<p>사업 개요</p>", quote=False),  # entity-escaped, as it comes
        "creatPnttm": "2026-11-20 10:00:00",
        "printFileNm": print_file,
        "printFlpthNm": "https://www.bizinfo.go.kr/x",
        "fileNm": files,
        "flpthNm": "",
        "inqireCo": 12,
        "totCnt": 3,
    }


def bizinfo_rss(items: list[dict[str, Any]]) -> str:
    """``dataType=rss``: pubDate as 'YYYY-MM-DD HH:MM:SS' (not RFC-822), author = 소관기관, reqstDt = 신청기간."""
    body = "".join(
        f"<item><title>{cdata(it['pblancNm'])}</title><link>{cdata(it['pblancUrl'])}</link>"
        f"<description>{cdata(it['bsnsSumryCn'])}</description><pubDate>{it['creatPnttm']}</pubDate>"
        f"<author>{it['jrsdInsttNm']}</author><excInsttNm>{it['excInsttNm']}</excInsttNm>"
        f"<lcategory>{it['pldirSportRealmLclasCodeNm']}</lcategory><reqstDt>{it['reqstBeginEndDe']}</reqstDt>"
        f"<trgetNm>{it['trgetNm']}</trgetNm><hashtags>{it['hashtags']}</hashtags><seq>{it['pblancId']}</seq></item>"
        for it in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>기업마당</title>'
        f"<link>https://www.bizinfo.go.kr</link>{body}</channel></rss>"
    )


def kstartup_item(
    sn: str,
    title: str,
    org: str,
    begin: str,
    end: str,
    target: str,
    target_detail: str = "",
    *,
    kind: str = "공공기관",
    scheme: bool = False,
) -> dict[str, Any]:
    """*org* is ``pbanc_ntrp_nm`` (the agency); *kind* is ``sprv_inst``, an institution type."""
    page = f"www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn={sn}"
    return {
        "id": 1,
        "pbanc_sn": sn,
        "biz_pbanc_nm": title,
        "intg_pbanc_biz_nm": title,
        "intg_pbanc_yn": "N",
        "pbanc_ctnt": "창업 지원 총 20억원 규모",
        "supt_biz_clsfc": "사업화",
        "supt_regin": "전국",
        "aply_trgt": target,
        "aply_trgt_ctnt": target_detail,
        "aply_excl_trgt_ctnt": "",
        "biz_enyy": "7년미만",
        "biz_trgt_age": "만 39세 이하",
        "pbanc_rcpt_bgng_dt": begin,
        "pbanc_rcpt_end_dt": end,
        "rcrt_prgs_yn": "Y",
        "pbanc_ntrp_nm": org,
        "sprv_inst": kind,
        "biz_prch_dprt_nm": "창업지원과",
        "prch_cnpl_no": "044-000-0000",
        "detl_pg_url": ("https://" + page) if scheme else page,
        "biz_gdnc_url": "",
        "biz_aply_url": "",
    }


def kstartup_xml_cols(rows: list[dict[str, Any]], match: int, page: int, per: int) -> str:
    """``returnType=xml``, odcloud form: ``<data><item><col name="biz_pbanc_nm">…</col></item></data>``."""
    items = "".join(
        "<item>" + "".join(f'<col name="{k}">{html.escape(str(v))}</col>' for k, v in row.items()) + "</item>" for row in rows
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><results><currentCount>{len(rows)}</currentCount><data>{items}</data>'
        f"<matchCount>{match}</matchCount><page>{page}</page><perPage>{per}</perPage><totalCount>{match + 40}</totalCount></results>"
    )


def kstartup_xml_items(rows: list[dict[str, Any]], match: int) -> str:
    """The guide's XML form: ``<items><item><biz_pbanc_nm>…</biz_pbanc_nm></item></items>``."""
    items = "".join("<item>" + "".join(f"<{k}>{html.escape(str(v))}</{k}>" for k, v in row.items()) + "</item>" for row in rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.'
        f"</resultMsg></header><body><items>{items}</items><totalCount>{match}</totalCount></body></response>"
    )


def rss(channel_title: str, items: list[tuple[str, str, str, str]]) -> str:
    """items: (title, link, description, RFC-822 pubDate)."""
    body = "".join(
        f"<item><title>{cdata(t)}</title><link>{link}</link><description>{cdata(d)}</description>"
        f"<pubDate>{p}</pubDate><guid>{link}</guid></item>"
        for t, link, d, p in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{channel_title}</title>'
        f"<link>https://www.korea.kr</link><description>정책브리핑</description>{body}</channel></rss>"
    )


def default_fixtures() -> dict[str, Any]:
    """The city's morning (기준일 2026-11-25): six open calls it may apply for, among noise."""
    return {
        "botame": [
            botame_item(
                "2027년 지역균형발전 스마트시티 챌린지 공모",
                "국토교통부",
                "20261120",
                "20261215",
                "기초지방자치단체(시·군·구)",
                year="2027",
                dlvpl="국토교통진흥원",
                support="국비 총 30억원(지자체당 최대 10억원)",
                url="https://www.gosims.go.kr/pbanc/1001",
                bid="DDT1001",
            ),
            botame_item(
                "2026년 생활SOC 복합화 사업 추가 공모",
                "행정안전부",
                "20261110",
                "20261202",
                "지방자치단체",
                url="https://www.gosims.go.kr/pbanc/1002",
                bid="DDT1002",
            ),
            botame_item(
                "2026년 청년 일자리 사업 보조사업자 모집",
                "고용노동부",
                "20261110",
                "20261230",
                "비영리법인, 민간단체",
                bid="DDT1003",
                rcept=False,
            ),
            botame_item(
                "2026년 하반기 공무원 경력경쟁 채용 공고", "인사혁신처", "20261101", "20261210", "지방자치단체", bid="DDT1004"
            ),
            *(
                botame_item(
                    "디지털플랫폼정부 선도사업 공모",
                    "행정안전부",
                    "20261115",
                    "20261228",
                    "광역·기초 지방자치단체",
                    dlvpl=dlvpl,
                    url="https://www.gosims.go.kr/pbanc/1005",
                    bid="DDT1005",
                    wrap=True,
                )
                for dlvpl in ("한국지역정보개발원", "한국지능정보사회진흥원", "정보통신산업진흥원")
            ),
            botame_item("2026년 도시재생 뉴딜 공모", "국토교통부", "20261001", "20261031", "기초지방자치단체", bid="DDT1006"),
        ],
        "bizinfo": [
            bizinfo_item(
                "PBLN_000000000099999",
                "[경기] 2026년 소상공인 디지털 전환 지원사업 공고",
                "경기도",
                "경기도경제과학진흥원",
                "20261101 ~ 20261231",
                "소상공인",
            ),
            bizinfo_item(
                "PBLN_000000000100001",
                "2026년 생활SOC 복합화 사업 추가 공모",
                "행정안전부",
                "지방자치단체국",
                "20261110 ~ 20261202",
                "지방자치단체",
            ),
            bizinfo_item(
                "PBLN_000000000100002",
                "지자체 RPA 확산 시범사업 공모",
                "과학기술정보통신부",
                "한국지역정보개발원",
                "2026-11-20 ~ 2026-12-10",
                "지자체",
                summary="<p>국비 5억원, 개소당 1억원</p>",
                files="RPA_신청서.hwp@RPA_사업계획서양식.hwpx",
                print_file="RPA_공고문.pdf",
            ),
        ],
        "kstartup": [
            kstartup_item(
                "175001", "2026년 창업도약패키지 지원사업 공고", "창업진흥원", "20261101", "20261210", "일반기업", scheme=True
            ),
            kstartup_item(
                "175002",
                "지역 창업생태계 조성 지자체 공모",
                "중소벤처기업부",
                "20261118",
                "20261219",
                "공공기관",
                "기초자치단체",
            ),
            # The same notice as 기업마당's: one row after de-duplication, because the agency is 경기도 here too.
            kstartup_item(
                "175003",
                "[경기] 2026년 소상공인 디지털 전환 지원사업 공고",
                "경기도",
                "20261101",
                "20261231",
                "소상공인",
                kind="지자체",
            ),
        ],
        "rss": {
            "/rss/pressrelease.xml": rss(
                "정책브리핑 보도자료",
                [
                    (
                        "행안부, 2027년 주민참여 공모사업 지자체 대상 공모 착수",
                        "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156700001",
                        "행정안전부는 기초자치단체를 대상으로…",
                        "Tue, 24 Nov 2026 09:00:00 +0900",
                    ),
                    (
                        "조달청, 아파트 입찰 담합 적발",
                        "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156700002",
                        "입찰 담합…",
                        "Tue, 24 Nov 2026 10:00:00 +0900",
                    ),
                    (
                        "2025년 지난 공모 결과",
                        "https://www.korea.kr/briefing/pressReleaseView.do?newsId=155000000",
                        "오래된 보도자료",
                        "Mon, 01 Sep 2025 10:00:00 +0900",
                    ),
                ],
            ),
            "/rss/dept_mois.xml": rss(
                "행정안전부",
                [
                    (
                        "행안부, 2027년 주민참여 공모사업 지자체 대상 공모 착수",
                        "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156700001",
                        "행정안전부는 기초자치단체를 대상으로…",
                        "Tue, 24 Nov 2026 09:00:00 +0900",
                    ),
                ],
            ),
        },
    }


# Titles of the open calls the default profile keeps from default_fixtures() (신규공모 on the first run).
EXPECTED_NEW = {
    "2027년 지역균형발전 스마트시티 챌린지 공모",
    "2026년 생활SOC 복합화 사업 추가 공모",
    "디지털플랫폼정부 선도사업 공모",
    "지자체 RPA 확산 시범사업 공모",
    "지역 창업생태계 조성 지자체 공모",
    "행안부, 2027년 주민참여 공모사업 지자체 대상 공모 착수",
}


class GrantServer:
    """``mode`` per source: ok, quota22, key30, denied20, gateway_json, html, one_item, empty, header30, http500;
    K-Startup also xml, xml_items; 보탬e also ignores_day_filter; any source bomb, huge, trickle
    (tests/support/hostile_http.py)."""

    def __init__(self) -> None:
        self.fixtures = default_fixtures()
        self.mode: dict[str, str] = {"botame": "ok", "bizinfo": "ok", "kstartup": "ok", "rss": "ok"}
        self.requests: list[tuple[str, str]] = []  # (path, raw query) as received
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with server.lock:
                    server.requests.append((parts.path, parts.query))
                hostile = server.hostile(parts.path)
                if hostile == "bomb":
                    send_gzip_bomb(self, 64)
                    return
                if hostile == "huge":
                    send_huge(self, 300)
                    return
                if hostile == "trickle":
                    send_trickle(self, 30, 1.0)
                    return
                status, ctype, body = server.route(parts.path, parts.query, self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> GrantServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def settings(self) -> dict[str, Any]:
        return {
            "grants": {
                "botame_url": self.base + BOTAME_PATH,
                "bizinfo_url": self.base + BIZINFO_PATH,
                "kstartup_url": self.base + KSTARTUP_PATH,
                "rss_feeds": " ".join(self.base + p for p in RSS_PATHS),
            }
        }

    # ------------------------------------------------------------------ routes
    def hostile(self, path: str) -> str:
        """The bomb/huge/trickle mode of the source that *path* belongs to, or ''."""
        source = {BOTAME_PATH: "botame", KSTARTUP_PATH: "kstartup", BIZINFO_PATH: "bizinfo"}.get(path)
        if source is None and path in RSS_PATHS:
            source = "rss"
        mode = self.mode.get(source or "", "")
        return mode if mode in ("bomb", "huge", "trickle") else ""

    def route(self, path: str, query: str, raw: str) -> tuple[int, str, str]:
        q = parse_qs(query, keep_blank_values=True)
        if path == BOTAME_PATH:
            return self._datagokr("botame", q, raw, self._botame)
        if path == KSTARTUP_PATH:
            return self._datagokr("kstartup", q, raw, self._kstartup)
        if path == BIZINFO_PATH:
            return self._bizinfo(q, raw)
        if path in RSS_PATHS:
            if self.mode["rss"] == "html":
                return 200, "text/html; charset=utf-8", maintenance_page(raw)
            if self.mode["rss"] == "empty":
                return 200, "application/rss+xml; charset=utf-8", rss("정책브리핑", [])
            ctype = "text/html; charset=utf-8" if self.mode["rss"] == "labelled_html" else "application/rss+xml; charset=utf-8"
            return 200, ctype, self.fixtures["rss"][path]
        return 404, "text/html", "<html><head><title>404</title></head></html>"

    def _datagokr(self, source: str, q: dict[str, list[str]], raw: str, ok: Any) -> tuple[int, str, str]:
        mode = self.mode[source]
        if q.get("serviceKey", [""])[0] != DECODING_KEY:
            return 401, "text/xml", gateway_xml("30", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")
        if mode == "quota22":
            return 429, "text/xml", gateway_xml("22", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR")
        if mode == "key30":
            return 200, "text/xml", gateway_xml("30", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")
        if mode == "denied20":
            return 403, "text/xml", gateway_xml("20", "SERVICE_ACCESS_DENIED_ERROR")
        if mode == "gateway_json":
            return (
                200,
                "application/json",
                gateway_json("22", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", "서비스 요청제한횟수 초과에러"),
            )
        if mode == "html":
            return 200, "text/html; charset=utf-8", maintenance_page(raw)
        if mode == "http500":
            return 500, "text/plain", "Internal Server Error"
        return ok(q)

    def _botame(self, q: dict[str, list[str]]) -> tuple[int, str, str]:
        if not q.get("bsnsyear"):
            return 200, "application/json", json.dumps(envelope("", code="11", msg="NO_MANDATORY_REQUEST_PARAMETERS_ERROR"))
        mode = self.mode["botame"]
        if mode == "header30":
            return 200, "application/json", json.dumps(envelope("", code="30", msg="SERVICE_KEY_IS_NOT_REGISTERED_ERROR"))
        year = q["bsnsyear"][0]
        items = [it for it in self.fixtures["botame"] if _unwrap(it["BSNSYEAR"]) == year]
        day = q.get("pblanc_updt_dt", [""])[0]
        if day and mode != "ignores_day_filter":  # the rows updated on that one day, as the real API answers
            items = [it for it in items if _unwrap(it["PBLANC_UPDT_DT"]) == day]
        if mode == "empty":
            items = []
        if not items:
            return 200, "application/json", json.dumps(envelope("", 0))
        if mode == "one_item":
            return 200, "application/json", json.dumps(envelope({"item": items[0]}, 1), ensure_ascii=False)
        rows = int(q.get("numOfRows", ["10"])[0])
        page = int(q.get("pageNo", ["1"])[0])
        chunk = items[(page - 1) * rows : page * rows]
        return (
            200,
            "application/json",
            json.dumps(envelope({"item": chunk}, len(items), page=page, rows=rows), ensure_ascii=False),
        )

    def _kstartup(self, q: dict[str, list[str]]) -> tuple[int, str, str]:
        if self.mode["kstartup"] == "header30":
            return 401, "application/json", json.dumps({"code": -4, "msg": "등록되지 않은 인증키 입니다."}, ensure_ascii=False)
        items = [it for it in self.fixtures["kstartup"] if q.get("cond[rcrt_prgs_yn::EQ]", ["Y"])[0] == it["rcrt_prgs_yn"]]
        if self.mode["kstartup"] == "empty":
            items = []
        per = int(q.get("perPage", ["10"])[0])
        page = int(q.get("page", ["1"])[0])
        chunk: Any = items[(page - 1) * per : page * per]
        if self.mode["kstartup"] == "xml":
            return 200, "text/xml; charset=utf-8", kstartup_xml_cols(chunk, len(items), page, per)
        if self.mode["kstartup"] == "xml_items":
            return 200, "application/xml", kstartup_xml_items(chunk, len(items))
        if self.mode["kstartup"] == "one_item":
            chunk = chunk[1]
        return (
            200,
            "application/json",
            json.dumps(
                {
                    "currentCount": len(chunk),
                    "data": chunk,
                    "matchCount": len(items),
                    "page": page,
                    "perPage": per,
                    "totalCount": len(items) + 40,
                },
                ensure_ascii=False,
            ),
        )

    def _bizinfo(self, q: dict[str, list[str]], raw: str) -> tuple[int, str, str]:
        mode = self.mode["bizinfo"]
        if q.get("crtfcKey", [""])[0] != BIZINFO_KEY:
            return 200, "application/json", json.dumps({"reqErr": "인증키가 유효하지 않습니다."}, ensure_ascii=False)
        if mode == "html":
            return 200, "text/html; charset=utf-8", maintenance_page(raw)
        if q.get("dataType", [""])[0] == "rss":
            if mode == "malformed_both":
                return 200, "text/xml", "<rss><channel><item><title>깨진"
            return 200, "text/xml; charset=utf-8", bizinfo_rss(self.fixtures["bizinfo"])
        if mode in ("malformed", "malformed_both"):
            return 200, "application/json", '{"jsonArray":[{pblancNm: 2026 공고}]}'
        items = self.fixtures["bizinfo"]
        if mode == "one_item":
            return 200, "application/json", json.dumps({"jsonArray": {"item": items[0]}}, ensure_ascii=False)
        if mode == "empty":
            return 200, "application/json", json.dumps({"jsonArray": []})
        return 200, "application/json", json.dumps({"jsonArray": items}, ensure_ascii=False)


def _unwrap(value: str) -> str:
    return value[9:-3] if value.startswith("<![CDATA[") else value


@contextmanager
def grant_server() -> Iterator[GrantServer]:
    server = GrantServer().start()
    try:
        yield server
    finally:
        server.stop()
