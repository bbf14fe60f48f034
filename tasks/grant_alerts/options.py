"""공모사업 settings: every source's address is one, so a closed network points them at a relay and
tests at loopback. Declared on the task spec (``TaskSpec.settings``): the 설정 dialog of a fresh GUI
shows them under the task's title without importing the adapters (requests), and a run reads them.
"""

from __future__ import annotations

from core.options import OptionType, setting

SETTINGS = (
    setting(
        "grants.botame_url",
        "보탬e 국고보조금 공모사업 API 주소",
        "https://apis.data.go.kr/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY",
        "공공데이터포털 15156853",
        OptionType.URL,
    ),
    setting(
        "grants.bizinfo_url",
        "기업마당 지원사업정보 API 주소",
        "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do",
        "",
        OptionType.URL,
    ),
    setting(
        "grants.bizinfo_site",
        "기업마당 누리집 주소",
        "https://www.bizinfo.go.kr",
        "공고 링크가 '/sii/…'처럼 상대 주소로 올 때 앞에 붙입니다.",
        OptionType.URL,
    ),
    setting("grants.bizinfo_hashtags", "기업마당 해시태그", "", "쉼표로 구분(예: 경기,지자체). 비우면 전체.", OptionType.TEXT),
    setting(
        "grants.kstartup_url",
        "K-Startup 사업공고 API 주소",
        "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01",
        "공공데이터포털 15125364",
        OptionType.URL,
    ),
    setting(
        "grants.rss_feeds",
        "정책브리핑 RSS 주소",
        "https://www.korea.kr/rss/pressrelease.xml https://www.korea.kr/rss/dept_mois.xml",
        "공백이나 줄바꿈으로 구분합니다. 부처 개편으로 주소가 바뀌면 여기서 고칩니다(예: dept_molit.xml).",
        OptionType.TEXT,
    ),
    setting("grants.rss_max_age_days", "RSS 최근 며칠", 14, "이보다 오래된 보도자료는 건너뜁니다.", OptionType.INTEGER),
    setting("grants.bizinfo_count", "기업마당 받는 건수", 1000, "한 번에 받는 공고 수(0이면 전부).", OptionType.INTEGER),
    setting("grants.page_size", "한 번에 받는 건수", 1000, "공공데이터포털 API 한 쪽의 행 수(최대 1000).", OptionType.INTEGER),
    setting("grants.max_pages", "최대 쪽수", 20, "호출 한도를 지키려고 한 출처에서 받는 쪽 수를 제한합니다.", OptionType.INTEGER),
    setting(
        "grants.botame_max_pages",
        "보탬e 최대 쪽수",
        400,
        "보탬e는 한 해 약 20만 행입니다. 첫 실행은 전부, 그 뒤로는 지난 실행 이후 바뀐 행만 읽습니다. "
        "한 번에 읽는 쪽 수의 상한(하루 호출 한도 안에서).",
        OptionType.INTEGER,
    ),
)
