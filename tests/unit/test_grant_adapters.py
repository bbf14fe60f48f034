"""Each 공모사업 adapter against a loopback server speaking its documented shape, including every error shape."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from core.datagokr import SourceError, envelope_items, gateway_error, service_key, xml_envelope
from core.http import make_session
from core.settings import Settings
from tasks.grant_alerts.sources import Call, fetch_bizinfo, fetch_botame, fetch_kstartup, fetch_rss
from tasks.grant_alerts.task import Fetched, merge
from tests.support.grant_servers import (
    BIZINFO_KEY,
    DECODING_KEY,
    ENCODING_KEY,
    GrantServer,
    botame_item,
    envelope,
    gateway_json,
    gateway_xml,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture()
def server() -> Iterator[GrantServer]:
    srv = GrantServer().start()
    yield srv
    srv.stop()


def _call(server: GrantServer, key: str) -> Call:
    settings = Settings()
    for section, values in server.settings().items():
        for name, value in values.items():
            settings.set(f"{section}.{name}", value)
    settings.set("network.proxy_mode", "none")
    return Call(make_session(settings, retries=0), settings, key, TODAY)


# ------------------------------------------------------------------------------------------- 보탬e
def test_botame_reads_both_business_years_cdata_and_dates(server: GrantServer) -> None:
    grants = fetch_botame(_call(server, DECODING_KEY))
    by_title = {g.title: g for g in grants}
    assert len(grants) == 6  # five 2026 items and one 2027 item (November: next year's calls too)
    years = sorted(q for p, q in server.requests if "bsnsyear=2026" in q or "bsnsyear=2027" in q)
    assert len(years) == 2
    smart = by_title["2027년 지역균형발전 스마트시티 챌린지 공모"]
    assert (smart.agency, smart.executor, smart.opens, smart.closes) == (
        "국토교통부",
        "국토교통진흥원",
        dt.date(2026, 11, 20),
        dt.date(2026, 12, 15),
    )
    assert smart.target == "기초지방자치단체(시·군·구)" and smart.scale == "국비 총 30억원"
    assert smart.url == "https://www.gosims.go.kr/pbanc/1001" and smart.source == "보탬e"
    wrapped = by_title["디지털플랫폼정부 선도사업 공모"]  # every value arrived as <![CDATA[…]]> inside JSON
    assert (
        wrapped.agency == "행정안전부" and wrapped.closes == dt.date(2026, 12, 28) and wrapped.target == "광역·기초 지방자치단체"
    )
    # One notice, three rows (one per 수행기관): one call listing them.
    assert wrapped.executor == "한국지역정보개발원, 한국지능정보사회진흥원, 정보통신산업진흥원"
    # No RCEPT_* dates (most real rows): no deadline, never PBLANC_END_DE's 12-31.
    youth = by_title["2026년 청년 일자리 사업 보조사업자 모집"]
    assert (youth.opens, youth.closes, youth.announced) == (None, None, dt.date(2026, 11, 10))
    assert youth.period_text == "접수기간 미정(공고기간 2026-11-10 ~ 2026-12-31)"


def test_botame_accepts_the_encoding_key_too_and_never_double_encodes(server: GrantServer) -> None:
    assert service_key(ENCODING_KEY) == DECODING_KEY
    grants = fetch_botame(_call(server, ENCODING_KEY))
    assert len(grants) == 6
    raw = server.requests[0][1]
    assert "%252B" not in raw and "%2B" in raw and "+" not in raw.split("serviceKey=")[1].split("&")[0]


def test_botame_pages_until_total_count(server: GrantServer) -> None:
    call = _call(server, DECODING_KEY)
    call.settings.set("grants.page_size", 2)
    grants = fetch_botame(call)
    assert len(grants) == 6
    pages_2026 = [q for p, q in server.requests if "bsnsyear=2026" in q]
    assert len(pages_2026) == 4  # 7 rows (one notice has three 수행기관 rows), 2 per page


def test_botame_reads_every_page_of_a_big_year(server: GrantServer) -> None:
    """Guards the 10,000-row ceiling (500 rows x 20 pages): real years hold ~200,000 rows."""
    server.fixtures["botame"] = [
        botame_item(f"2026년 지역사업 {i:05d} 공모", "행정안전부", "20261101", "", "지방자치단체", rcept=False, bid=f"D{i}")
        for i in range(12_500)
    ]
    call = _call(server, DECODING_KEY)
    grants = fetch_botame(call)
    assert len(grants) == 12_500 and grants[-1].title == "2026년 지역사업 12499 공모"
    assert all(g.closes is None for g in grants)
    assert len([q for p, q in server.requests if "bsnsyear=2026" in q]) == 13  # 1,000 rows a page
    assert call.reached == {"2026": "20261125", "2027": "20261125"} and call.notes == []  # next run: from today


def test_botame_reads_only_what_is_new_since_the_cursor(server: GrantServer) -> None:
    """Guards the cursor: one pblanc_updt_dt query per day since it (the API selects that one day)."""
    server.fixtures["botame"].append(
        botame_item("2026년 새 공모", "행정안전부", "20261123", "20261220", "지방자치단체", updated="20261123", bid="DDT2000")
    )
    call = _call(server, DECODING_KEY)
    call.since = {"2026": "20261120", "2027": "20261201"}
    grants = fetch_botame(call)
    assert [g.title for g in grants] == ["2026년 새 공모"]  # 2027's smart-city row (updated 11-20) is not asked for
    days_2026 = [q.split("pblanc_updt_dt=")[1][:8] for p, q in server.requests if "bsnsyear=2026" in q]
    assert days_2026 == ["20261120", "20261121", "20261122", "20261123", "20261124", "20261125"]
    days_2027 = [q.split("pblanc_updt_dt=")[1][:8] for p, q in server.requests if "bsnsyear=2027" in q]
    assert days_2027 == ["20261125"]  # a cursor after today (a clock put back) asks for today
    assert call.reached == {"2026": "20261125", "2027": "20261201"}


def test_botame_a_server_ignoring_the_day_filter_is_read_once_and_filtered_here(server: GrantServer) -> None:
    """If pblanc_updt_dt is ignored, one query already holds the whole year: no query per day after it."""
    server.mode["botame"] = "ignores_day_filter"
    server.fixtures["botame"].append(
        botame_item("2026년 새 공모", "행정안전부", "20261123", "20261220", "지방자치단체", updated="20261123", bid="DDT2000")
    )
    call = _call(server, DECODING_KEY)
    call.since = {"2026": "20261120", "2027": "20261125"}
    grants = fetch_botame(call)
    assert [g.title for g in grants] == ["2026년 새 공모"]
    assert len([q for p, q in server.requests if "bsnsyear=2026" in q]) == 1


def test_botame_a_long_pause_is_one_full_pass_filtered_by_the_cursor(server: GrantServer) -> None:
    call = _call(server, DECODING_KEY)
    call.since = {"2026": "20261015", "2027": "20261015"}  # 42 days ago: one pass beats 42 queries
    titles = {g.title for g in fetch_botame(call)}
    assert "2026년 도시재생 뉴딜 공모" not in titles  # updated 10-01, before the cursor: read by an earlier run
    assert "2026년 생활SOC 복합화 사업 추가 공모" in titles
    assert not any("pblanc_updt_dt" in q for p, q in server.requests)
    assert call.reached == {"2026": "20261125", "2027": "20261125"}


def test_botame_stops_at_its_page_limit_with_a_note_and_keeps_the_cursor(server: GrantServer) -> None:
    call = _call(server, DECODING_KEY)
    call.settings.set("grants.page_size", 2)
    call.settings.set("grants.botame_max_pages", 2)
    call.since = {}
    fetch_botame(call)
    assert call.reached == {"2027": "20261125"}  # 2027 was read whole; 2026 was not, so its cursor stays
    assert call.notes == ["2026년 자료가 2쪽(4행)을 넘어 일부만 읽었습니다. 설정의 '보탬e 최대 쪽수'를 늘리십시오."]


@pytest.mark.parametrize(
    ("mode", "code", "words"),
    [
        ("quota22", "22", "하루 호출 한도"),
        ("key30", "30", "등록되지 않은 인증키"),
        ("denied20", "20", "활용신청이 승인되었는지"),
        ("gateway_json", "22", "하루 호출 한도"),
        ("header30", "30", "등록되지 않은 인증키"),
        ("html", "html", "웹 페이지(HTML)"),
        ("http500", "http500", "HTTP 500"),
    ],
)
def test_botame_error_shapes_become_korean_reasons(server: GrantServer, mode: str, code: str, words: str) -> None:
    server.mode["botame"] = mode
    with pytest.raises(SourceError) as err:
        fetch_botame(_call(server, DECODING_KEY))
    assert err.value.code == code
    assert words in str(err.value) and str(err.value).startswith("보탬e")
    assert DECODING_KEY not in str(err.value) and ENCODING_KEY not in str(err.value)


def test_html_page_title_is_shown_but_never_the_echoed_query(server: GrantServer) -> None:
    server.mode["botame"] = "html"
    with pytest.raises(SourceError) as err:
        fetch_botame(_call(server, DECODING_KEY))
    assert "시스템 점검 안내" in str(err.value) and "serviceKey" not in str(err.value)


def test_a_wrong_key_is_error_30_from_the_gateway(server: GrantServer) -> None:
    with pytest.raises(SourceError) as err:
        fetch_botame(_call(server, "not-the-key-0000"))
    assert err.value.code == "30" and "Encoding/Decoding" in str(err.value)


def test_botame_one_item_object_and_empty_items(server: GrantServer) -> None:
    server.mode["botame"] = "one_item"
    grants = fetch_botame(_call(server, DECODING_KEY))
    assert [g.title for g in grants] == ["2026년 생활SOC 복합화 사업 추가 공모", "2027년 지역균형발전 스마트시티 챌린지 공모"]
    server.mode["botame"] = "empty"
    assert fetch_botame(_call(server, DECODING_KEY)) == []


def test_envelope_variants_without_a_server() -> None:
    item = botame_item("공모", "행정안전부", "20261101", "20261130", "지자체")
    assert envelope_items(envelope("", 0), "x") == ([], 0)
    assert envelope_items(envelope({"item": item}, 1), "x")[0] == [item]
    assert envelope_items(envelope([item], 1, code="0"), "x")[0] == [item]  # list directly in items, success "0"
    assert envelope_items(envelope("", 0, code="03", msg="NODATA_ERROR"), "x") == ([], 0)
    with pytest.raises(SourceError) as err:
        envelope_items(envelope("", code="22"), "보탬e")
    assert err.value.code == "22"
    xml = (
        "<response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body><items>"
        "<item><PBLANC_NM><![CDATA[지자체 공모]]></PBLANC_NM></item></items><totalCount>1</totalCount></body></response>"
    )
    assert xml_envelope(xml, "x") == ([{"PBLANC_NM": "지자체 공모"}], 1)
    assert gateway_error(gateway_xml("30", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")) == (
        "30",
        "SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
    )
    assert gateway_error(gateway_json("20", "SERVICE_ACCESS_DENIED_ERROR", "서비스 접근거부"))[0] == "20"
    no_code = json.dumps(
        {"OpenAPI_ServiceResponse": {"cmmMsgHeader": {"errMsg": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR"}}}
    )
    assert gateway_error(no_code)[0] == "22"


# ------------------------------------------------------------------------------------------- 기업마당
def test_bizinfo_fields_relative_url_attachments_and_period_forms(server: GrantServer) -> None:
    grants = {g.title: g for g in fetch_bizinfo(_call(server, BIZINFO_KEY))}
    rpa = grants["지자체 RPA 확산 시범사업 공모"]
    assert rpa.url == "https://www.bizinfo.go.kr/sii/siia/selectSIIA200Detail.do?pblancId=PBLN_000000000100002"
    assert (rpa.opens, rpa.closes) == (dt.date(2026, 11, 20), dt.date(2026, 12, 10))  # "2026-11-20 ~ 2026-12-10"
    assert rpa.attachments == "RPA_공고문.pdf, RPA_신청서.hwp, RPA_사업계획서양식.hwpx"
    assert rpa.agency == "과학기술정보통신부" and rpa.executor == "한국지역정보개발원" and rpa.target == "지자체"
    assert rpa.scale == "국비 5억원" and rpa.announced == dt.date(2026, 11, 20)
    # bsnsSumryCn arrives entity-escaped ("&lt;p&gt;국비 5억원…"): unescaped, then its tags stripped.
    assert rpa.summary == "국비 5억원, 개소당 1억원"
    sme = grants["[경기] 2026년 소상공인 디지털 전환 지원사업 공고"]
    assert sme.summary == "사업 개요"
    assert sme.closes == dt.date(2026, 12, 31)  # "20261101 ~ 20261231"
    query = server.requests[0][1]
    assert "dataType=json" in query and "crtfcKey=" in query


def test_bizinfo_falls_back_to_rss_when_its_json_is_malformed(server: GrantServer) -> None:
    server.mode["bizinfo"] = "malformed"
    grants = {g.title: g for g in fetch_bizinfo(_call(server, BIZINFO_KEY))}
    rpa = grants["지자체 RPA 확산 시범사업 공모"]
    assert rpa.url == "https://www.bizinfo.go.kr/sii/siia/selectSIIA200Detail.do?pblancId=PBLN_000000000100002"
    assert (rpa.agency, rpa.executor, rpa.target) == ("과학기술정보통신부", "한국지역정보개발원", "지자체")
    assert (rpa.opens, rpa.closes, rpa.announced) == (dt.date(2026, 11, 20), dt.date(2026, 12, 10), dt.date(2026, 11, 20))
    assert rpa.source_id == "PBLN_000000000100002"  # from <seq>
    assert rpa.summary == "국비 5억원, 개소당 1억원"
    assert [q.split("dataType=")[1][:4] for _, q in server.requests] == ["json", "rss&"]


@pytest.mark.parametrize(
    ("mode", "words"),
    [("html", "웹 페이지(HTML)"), ("malformed_both", "JSON 형식이 아닙니다(손상되었거나 다른 형식). RSS 형식으로도")],
)
def test_bizinfo_error_shapes(server: GrantServer, mode: str, words: str) -> None:
    server.mode["bizinfo"] = mode
    with pytest.raises(SourceError) as err:
        fetch_bizinfo(_call(server, BIZINFO_KEY))
    assert words in str(err.value) and BIZINFO_KEY not in str(err.value)


def test_bizinfo_req_err_one_item_and_empty(server: GrantServer) -> None:
    with pytest.raises(SourceError) as err:
        fetch_bizinfo(_call(server, "wrongKey123"))
    assert err.value.code == "reqErr" and "인증키가 유효하지 않습니다" in str(err.value)
    server.mode["bizinfo"] = "one_item"
    assert [g.source_id for g in fetch_bizinfo(_call(server, BIZINFO_KEY))] == ["PBLN_000000000099999"]
    server.mode["bizinfo"] = "empty"
    assert fetch_bizinfo(_call(server, BIZINFO_KEY)) == []


# ------------------------------------------------------------------------------------------- K-Startup
def test_kstartup_odcloud_shape_and_condition(server: GrantServer) -> None:
    grants = {g.source_id: g for g in fetch_kstartup(_call(server, ENCODING_KEY))}
    assert set(grants) == {"175001", "175002", "175003"}  # keyed on pbanc_sn, not the row number id
    local = grants["175002"]
    assert local.target == "공공기관 / 기초자치단체" and local.closes == dt.date(2026, 12, 19)
    assert local.scale == "지원 총 20억원"
    assert "cond%5Brcrt_prgs_yn%3A%3AEQ%5D=Y" in server.requests[0][1]  # brackets encoded by params=


def test_kstartup_agency_is_the_notice_body_and_links_without_a_scheme_are_kept(server: GrantServer) -> None:
    """Guards two real-data fixes: sprv_inst is a type (공공기관), and detl_pg_url often lacks https://."""
    grants = {g.source_id: g for g in fetch_kstartup(_call(server, ENCODING_KEY))}
    assert (grants["175002"].agency, grants["175002"].executor) == ("중소벤처기업부", "")
    assert grants["175003"].agency == "경기도"
    page = "https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn="
    assert grants["175002"].url == page + "175002"  # came as www.k-startup.go.kr/…
    assert grants["175001"].url == page + "175001"  # came with its scheme


def test_the_same_notice_on_kstartup_and_bizinfo_is_one_call(server: GrantServer) -> None:
    """Guards the de-duplication: with sprv_inst as the agency, this notice was listed twice."""
    fetched = [
        Fetched("bizinfo", fetch_bizinfo(_call(server, BIZINFO_KEY))),
        Fetched("kstartup", fetch_kstartup(_call(server, DECODING_KEY))),
    ]
    merged = [g for g, _ in merge(fetched) if g.title == "[경기] 2026년 소상공인 디지털 전환 지원사업 공고"]
    assert len(merged) == 1 and merged[0].source == "기업마당" and merged[0].also_in == ["K-Startup"]


@pytest.mark.parametrize("mode", ["xml", "xml_items"])
def test_kstartup_xml_answers_are_read_like_json(server: GrantServer, mode: str) -> None:
    """Guards the XML forms: odcloud <col name=…> and the guide's <items><item>."""
    as_json = {g.source_id: g for g in fetch_kstartup(_call(server, DECODING_KEY))}
    server.mode["kstartup"] = mode
    as_xml = {g.source_id: g for g in fetch_kstartup(_call(server, DECODING_KEY))}
    assert as_xml == as_json and len(as_xml) == 3


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("header30", "접근을 거부"),
        ("quota22", "하루 호출 한도"),
        ("key30", "등록되지 않은 인증키"),
        ("denied20", "활용신청이 승인되었는지"),
        ("gateway_json", "하루 호출 한도"),
        ("html", "웹 페이지(HTML)"),
        ("http500", "HTTP 500"),
    ],
)
def test_kstartup_error_shapes(server: GrantServer, mode: str, words: str) -> None:
    server.mode["kstartup"] = mode
    with pytest.raises(SourceError) as err:
        fetch_kstartup(_call(server, DECODING_KEY))
    assert words in str(err.value) and str(err.value).startswith("K-Startup")


def test_kstartup_one_item_object_and_empty(server: GrantServer) -> None:
    server.mode["kstartup"] = "one_item"
    assert [g.source_id for g in fetch_kstartup(_call(server, DECODING_KEY))] == ["175002"]
    server.mode["kstartup"] = "empty"
    assert fetch_kstartup(_call(server, DECODING_KEY)) == []


# ------------------------------------------------------------------------------------------- 정책브리핑 RSS
def test_rss_is_a_lead_with_title_link_summary_and_recent_only(server: GrantServer) -> None:
    grants = fetch_rss(_call(server, ""), server.base + "/rss/pressrelease.xml")
    assert [g.title for g in grants] == [
        "행안부, 2027년 주민참여 공모사업 지자체 대상 공모 착수",
        "조달청, 아파트 입찰 담합 적발",
    ]
    lead = grants[0]
    assert lead.lead and lead.closes is None and lead.announced == dt.date(2026, 11, 24)
    assert lead.url.startswith("https://www.korea.kr/") and "기초자치단체" in lead.summary


def test_rss_labelled_text_html_is_still_read_as_rss(server: GrantServer) -> None:
    server.mode["rss"] = "labelled_html"
    assert len(fetch_rss(_call(server, ""), server.base + "/rss/dept_mois.xml")) == 1


def test_rss_without_items(server: GrantServer) -> None:
    server.mode["rss"] = "empty"
    assert fetch_rss(_call(server, ""), server.base + "/rss/pressrelease.xml") == []


def test_rss_maintenance_page(server: GrantServer) -> None:
    server.mode["rss"] = "html"
    with pytest.raises(SourceError) as err:
        fetch_rss(_call(server, ""), server.base + "/rss/dept_mois.xml")
    assert err.value.code == "html"
