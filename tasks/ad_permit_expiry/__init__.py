"""옥외광고물 표시기간 만료 알림 (``ad-permit-expiry``), on the deadline engine (core.deadlines)."""

from __future__ import annotations

from core.deadlines.rules import common_params
from core.notify.config import ALL_CREDENTIALS
from core.params import BAD_ROWS
from core.rules import RuleSet
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.ad_permit_expiry.rules import EXEMPT_KINDS_DEFAULT, NOTICES, RULES

TASK_ID = "ad-permit-expiry"
TEMPLATE_FOLDER = "ad_permit_expiry"
YES_NO = {
    "Y": "Y",
    "예": "Y",
    "O": "Y",
    "대상": "Y",
    "해당": "Y",
    "N": "N",
    "아니오": "N",
    "X": "N",
    "비대상": "N",
    "해당없음": "N",
}

PERMITS = TableInput(
    name="permits",
    title="옥외광고물 허가·신고 대장",
    row_meaning="광고물 1건",
    help="옥외광고물 관리시스템에서 내려받은 허가·신고 대장. 표시기간만료가 비었거나 철거된 광고물은 제외합니다.",
    columns=(
        Column("허가번호", ColumnType.CODE, ("허가(신고)번호", "신고번호", "허가신고번호", "관리번호")),
        Column("구분", ColumnType.CHOICE, ("허가신고구분", "허가구분"), choices={"허가": "허가", "신고": "신고"}),
        Column("광고물종류", ColumnType.TEXT, ("광고물 종류", "종류", "광고물구분")),
        Column(
            "자사여부", ColumnType.CHOICE, ("자사광고여부", "광고구분", "자사/타사"), choices={"자사": "자사", "타사": "타사"}
        ),
        Column("표시위치", ColumnType.TEXT, ("표시장소", "설치장소", "소재지", "위치")),
        Column("광고주", ColumnType.TEXT, ("광고주명", "상호", "업소명", "신청인")),
        Column("연락처", ColumnType.TEXT, ("휴대전화", "광고주 연락처", "전화번호"), required=False, help="휴대전화 번호"),
        Column("표시기간시작", ColumnType.DATE, ("표시기간 시작", "표시시작일", "허가일")),
        Column(
            "표시기간만료",
            ColumnType.DATE,
            ("표시기간 만료", "표시기간종료", "만료일", "표시만료일"),
            required=False,
            help="비어 있으면 표시기간이 없는 광고물로 보고 제외합니다.",
        ),
        Column("안전점검대상", ColumnType.CHOICE, ("안전점검 대상", "안전점검대상여부"), required=False, choices=YES_NO),
        Column("최근안전점검일", ColumnType.DATE, ("최근 안전점검일", "안전점검일"), required=False),
        Column(
            "상태", ColumnType.CHOICE, ("표시상태", "광고물상태"), required=False, choices={"표시중": "표시중", "철거": "철거"}
        ),
    ),
)

SPEC = TaskSpec(
    id=TASK_ID,
    title="옥외광고물 표시기간 만료 알림",
    department="도시·건축",
    description=(
        "옥외광고물 허가·신고 대장에서 표시기간 만료가 다가오는 광고물의 광고주에게 만료 60일 전 사전안내와 "
        "만료일 전후 30일의 연장신청 기간 안내를 한 번씩 보냅니다(안전점검 대상은 안전점검 안내 포함). 연장 기간이 "
        "지난 광고물은 조치명령 대상으로 담당자 목록에 올립니다. 표시기간이 없는 자사 간판과 철거된 광고물은 "
        "제외합니다. 같은 안내는 다시 실행해도 한 번만 갑니다."
    ),
    basis="옥외광고물법 제3·10·10조의3·16·20조, 시행령 제10·36·37조",
    inputs=(PERMITS,),
    params=(
        *common_params(TEMPLATE_FOLDER),
        Param(
            "advance_days",
            "사전안내 시작(만료 며칠 전)",
            ParamType.INTEGER,
            60,
            "만료 며칠 전부터 사전안내를 보낼지 정합니다. 31일 전까지 보내고, 30일 전부터는 연장신청 기간 안내입니다.",
            minimum=31,
            maximum=365,
        ),
        Param(
            "exempt_kinds",
            "표시기간이 없는 자사 간판 종류",
            ParamType.TEXT,
            EXEMPT_KINDS_DEFAULT,
            "자사 광고이고 안전점검 대상이 아닌 이 종류는 표시기간이 없어(2018-01-02부터) 알리지 않습니다. "
            "쉼표로 구분하고, 비우면 모두 알립니다.",
            basis="옥외광고물법 시행령 별표 1(2018-01-02 개정)",
        ),
        Param("office", "담당 부서", ParamType.TEXT, "", "안내문의 문의처(예: 건축과 광고물팀)."),
        Param("office_phone", "문의 전화", ParamType.TEXT, "", "안내문의 문의 전화(예: 031-760-4321)."),
        *RuleSet(tuple(r.rule for r in RULES)).params(),
        BAD_ROWS,
    ),
    run=lazy("tasks.ad_permit_expiry.task:run"),
    credentials=ALL_CREDENTIALS,
    network=True,
    sends_messages=True,
    outcomes=NOTICES,
    validate=lazy("tasks.ad_permit_expiry.task:validate"),
    write_samples=lazy("tasks.ad_permit_expiry.sample:write_samples"),
    preview=lazy("tasks.ad_permit_expiry.task:preview"),
    pages=("confirm-send",),
)
