"""What the SPEC declares for the collect phase, in a module light enough for the task list to import.

The launcher's first paint and ``main.py list`` read every SPEC without importing requests or pandas
(tests/unit/test_architecture.py); collect.py imports requests, so its declarations live here.
"""

from __future__ import annotations

from core.options import OptionType, setting
from core.spec import Artifact, Credential

CREDENTIAL = "law-oc"
DEFAULT_BASE_URL = "https://www.law.go.kr/DRF"

CREDENTIALS = (
    Credential(
        CREDENTIAL,
        "법제처 Open API 인증값(OC)",
        "open.law.go.kr 회원가입 이메일의 @ 앞부분(예: g4c@korea.kr → g4c). [OPEN API 신청]에서 법령·자치법규를 "
        "활용 신청하고, 이 PC가 인터넷에 나가는 IP 주소를 등록해야 합니다.",
    ),
)
BUNDLE_ARTIFACT = Artifact("bundle", "수집 묶음(zip)", ".zip", "수집 묶음", required=False)

SETTINGS = (
    setting(
        "ordinance.drf_base_url",
        "법제처 Open API(DRF) 주소",
        DEFAULT_BASE_URL,
        "lawSearch.do와 lawService.do가 있는 주소입니다. 중계 서버를 쓰는 망에서는 그 주소로 바꿉니다.",
        OptionType.URL,
    ),
    setting(
        "ordinance.drf_org",
        "자치법규 기관코드(광역)",
        "",
        "행정표준기관코드 7자리. 비우면 기관 설정에서 찾습니다(경기도 6410000).",
        OptionType.TEXT,
    ),
    setting(
        "ordinance.drf_sborg",
        "자치법규 기관코드(기초)",
        "",
        "행정표준기관코드 7자리. 비우면 기관 설정에서 찾습니다(경기도 광주시 5540000).",
        OptionType.TEXT,
    ),
    setting(
        "ordinance.drf_format",
        "받는 형식",
        "JSON",
        "법제처가 보내는 형식(JSON 또는 XML).",
        OptionType.CHOICE,
        (("JSON", "JSON"), ("XML", "XML")),
    ),
    setting(
        "ordinance.drf_page_size",
        "한 번에 받는 건수",
        100,
        "목록 한 쪽의 행 수(법제처 최대 100).",
        OptionType.INTEGER,
        minimum=1,
        maximum=100,
    ),
    setting(
        "ordinance.drf_retries",
        "다시 시도 횟수",
        4,
        "404·429·503·504나 빈 응답일 때 다시 묻는 횟수.",
        OptionType.INTEGER,
        maximum=10,
    ),
    setting(
        "ordinance.drf_backoff_seconds",
        "다시 시도 간격(초)",
        1.0,
        "처음 쉬는 시간. 다시 시도할 때마다 두 배(최대 30초).",
        OptionType.NUMBER,
        minimum=0,
    ),
    setting(
        "ordinance.upcoming_days",
        "시행 예정 확인 기간(일)",
        90,
        "기간 끝 다음 며칠 안에 시행되는 개정도 받습니다(eflaw 시행일 기준).",
        OptionType.INTEGER,
    ),
)
