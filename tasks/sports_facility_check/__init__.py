"""민간체육시설 점검 알림 (``sports-facility-check``), on the deadline engine (core.deadlines)."""

from __future__ import annotations

from core.deadlines.rules import common_params
from core.notify.config import ALL_CREDENTIALS
from core.options import OptionType, setting
from core.params import BAD_ROWS
from core.rules import RuleSet
from core.spec import Column, ColumnType, Credential, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.sports_facility_check.rules import NOTICES, RULES

TASK_ID = "sports-facility-check"
TEMPLATE_FOLDER = "sports_facility_check"
DATAGOKR_KEY = "datagokr-service-key"  # the same 공공데이터포털 key other tasks use: one keyring entry
STATES = {"영업": "영업", "정상": "영업", "영업중": "영업", "정상영업": "영업", "휴업": "휴업", "폐업": "폐업"}
RESULTS = {"적합": "적합", "부적합": "부적합", "조건부적합": "조건부적합", "조건부 적합": "조건부적합"}

FACILITIES = TableInput(
    name="facilities",
    title="체육시설업 신고 대장",
    row_meaning="시설 1곳",
    help="체육시설업 신고 대장(점검 결과·결함·보험 만기 포함). 휴업·폐업 시설은 알리지 않고 제외합니다.",
    columns=(
        Column("관리번호", ColumnType.CODE, ("신고번호", "인허가번호", "관리 번호")),
        Column("시설명", ColumnType.TEXT, ("상호", "업소명", "사업장명")),
        Column("업종", ColumnType.TEXT, ("업종명", "체육시설업종", "시설종류")),
        Column("소재지", ColumnType.TEXT, ("주소", "도로명주소", "소재지주소")),
        Column("대표자", ColumnType.TEXT, ("대표자명", "운영자", "체육시설업자")),
        Column("연락처", ColumnType.TEXT, ("휴대전화", "대표자 연락처", "전화번호"), required=False, help="휴대전화 번호"),
        Column("이메일", ColumnType.TEXT, ("전자우편", "메일"), required=False),
        Column(
            "영업상태",
            ColumnType.CHOICE,
            ("영업상태명", "상태"),
            required=False,
            choices=STATES,
            help="영업/휴업/폐업. 비우면 영업으로 봅니다.",
        ),
        Column("최근점검일", ColumnType.DATE, ("최근 점검일", "안전점검일", "점검일자"), required=False),
        Column("점검결과", ColumnType.CHOICE, ("점검 결과", "안전점검결과"), required=False, choices=RESULTS),
        Column("미조치결함", ColumnType.TEXT, ("미조치 결함", "결함내용", "지적사항"), required=False),
        Column("조치기한", ColumnType.DATE, ("조치 기한", "시정기한"), required=False),
        Column("보험만기일", ColumnType.DATE, ("보험 만기일", "보험만료일", "보험종료일"), required=False),
    ),
)

SETTINGS = (
    setting(
        "sports.localdata_url",
        "지방행정 인허가 데이터 API 주소",
        "https://apis.data.go.kr/1741000",
        "행정안전부 1741000 인허가 조회서비스(업종별 /{업종}/info).",
        OptionType.URL,
    ),
)

SPEC = TaskSpec(
    id=TASK_ID,
    title="민간체육시설 점검 알림",
    department="체육",
    description=(
        "체육시설업 신고 대장에서 이번 반기 정기점검을 받지 않은 시설, 결함 조치기한이 다가오거나 지난 시설, "
        "보험 만기가 다가오거나 지난 시설을 찾아 운영자에게 한 번씩 안내하고 담당자 목록을 만듭니다. "
        "휴업·폐업 시설은 제외하며, 원하면 행정안전부 지방행정 인허가 데이터로 영업상태를 새로 확인합니다. "
        "같은 안내는 다시 실행해도 한 번만 갑니다."
    ),
    basis="체육시설법 제4조의3·제4조의5·제24조·제26조·제30조, 시행령 제2조의3·제2조의5·제2조의6",
    inputs=(FACILITIES,),
    params=(
        *common_params(TEMPLATE_FOLDER),
        Param(
            "inspection_lead_days",
            "정기점검 운영자 안내(반기 마감 며칠 전부터)",
            ParamType.INTEGER,
            30,
            "이번 반기 점검이 없는 시설은 늘 담당자 목록에 오르고, 반기 마감 이 날수 전부터 운영자에게도 안내합니다.",
            minimum=0,
            maximum=184,
        ),
        Param(
            "action_lead_days", "조치기한 임박(며칠 전부터)", ParamType.INTEGER, 14, "조치기한 며칠 전부터 안내할지.", minimum=0
        ),
        Param(
            "insurance_lead_days",
            "보험 만기 임박(며칠 전부터)",
            ParamType.INTEGER,
            30,
            "보험 만기 며칠 전부터 안내할지.",
            minimum=0,
        ),
        Param(
            "refresh_status",
            "영업상태 새로 확인(인터넷)",
            ParamType.BOOL,
            False,
            "행정안전부 지방행정 인허가 데이터에서 관리번호로 영업상태를 확인해 폐업·휴업 시설을 제외합니다. "
            "공공데이터포털 인증키가 필요합니다.",
        ),
        Param("org_code", "개방자치단체코드", ParamType.TEXT, "", "영업상태 확인에 쓰는 7자리 코드(예: 경기 광주시 5540000)."),
        Param("office", "담당 부서", ParamType.TEXT, "", "안내문의 문의처(예: 체육진흥과)."),
        Param("office_phone", "문의 전화", ParamType.TEXT, "", "안내문의 문의 전화(예: 031-760-2114)."),
        *RuleSet(tuple(r.rule for r in RULES)).params(),
        BAD_ROWS,
    ),
    run=lazy("tasks.sports_facility_check.task:run"),
    credentials=(
        Credential(
            DATAGOKR_KEY,
            "공공데이터포털 인증키(지방행정 인허가)",
            "data.go.kr 마이페이지 > 개발계정 > 일반 인증키. 업종별 인허가 조회서비스(예: 체력단련장업 15155077)를 활용신청해야 합니다.",
        ),
        *ALL_CREDENTIALS,
    ),
    network=True,
    sends_messages=True,
    outcomes=NOTICES,
    validate=lazy("tasks.sports_facility_check.task:validate"),
    write_samples=lazy("tasks.sports_facility_check.sample:write_samples"),
    preview=lazy("tasks.sports_facility_check.task:preview"),
    pages=("confirm-send",),
    settings=SETTINGS,
)
