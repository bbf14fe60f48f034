"""사회보장급여 처리절차 안내 문자 (``welfare-sms``)."""

from __future__ import annotations

from core.notify.config import ALL_CREDENTIALS
from core.params import BAD_ROWS
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.welfare_sms.outcomes import OUTCOMES, TASK_ID

CASES = TableInput(
    name="cases",
    title="사회보장급여 신청 목록",
    row_meaning="신청 1건(현재 처리단계)",
    help="행복e음에서 내려받은 신청·처리 현황 엑셀. 주민등록번호·소득·재산 열이 있어도 읽지 않습니다.",
    columns=(
        Column("신청번호", ColumnType.CODE, ("접수번호", "신청관리번호", "관리번호")),
        Column("신청인 성명", ColumnType.TEXT, ("신청인", "신청인명", "성명", "대상자명", "수급자명")),
        Column(
            "연락처",
            ColumnType.TEXT,
            ("휴대전화", "휴대폰", "휴대폰번호", "핸드폰", "신청인 연락처", "휴대전화번호"),
            help="휴대전화 번호. 형식이 틀리면 '번호 오류'로 제외합니다.",
        ),
        Column(
            "급여종류",
            ColumnType.TEXT,
            ("급여명", "신청급여", "급여구분", "서비스명"),
            help="생계급여·기초연금·한부모 아동양육비 등. 결정기한 규정을 여기서 고릅니다.",
        ),
        Column("신청일", ColumnType.DATE, ("신청일자", "접수일", "접수일자")),
        Column(
            "처리단계",
            ColumnType.TEXT,
            ("진행상태", "처리상태", "진행단계"),
            help="접수/보완요청/기한연장/결정/급여개시. 다른 값(초기상담 등)은 '단계 미해당'으로 제외합니다.",
        ),
        Column("단계변경일", ColumnType.DATE, ("상태변경일", "처리일", "처리일자", "변경일자")),
        Column("담당부서", ColumnType.TEXT, ("처리부서", "담당부서명")),
        Column("담당전화", ColumnType.TEXT, ("부서전화", "문의전화", "담당자 전화", "담당자연락처")),
        Column("결정결과", ColumnType.TEXT, ("결정구분", "보장결정결과", "결정내용"), required=False, help="적합/부적합"),
        Column(
            "연장사유",
            ColumnType.TEXT,
            ("기한연장사유",),
            required=False,
            help="비우면 급여별 법정 사유(예: 부양의무자 소득·재산 조사 지연)를 씁니다.",
        ),
        Column("보완서류", ColumnType.TEXT, ("보완요청서류", "제출서류"), required=False),
        Column("보완기한", ColumnType.DATE, ("제출기한", "보완제출기한"), required=False),
        Column(
            "문자발송일",
            ColumnType.DATE,
            ("SMS발송일", "안내문자발송일", "문자안내일"),
            required=False,
            help="행봇 밖에서 이미 문자를 보낸 날. 단계변경일 이후이면 '이미 발송'으로 제외합니다.",
        ),
    ),
)

SPEC = TaskSpec(
    id=TASK_ID,
    title="사회보장급여 처리절차 안내 문자",
    department="복지",
    description=(
        "행복e음 신청 목록에서 처리단계(접수·보완요청·기한연장·결정·급여개시)가 바뀐 신청 건마다 안내 문자를 만들어 "
        "보냅니다. 급여종류별 법정 결정기한(30일, 사유가 있으면 60일)과 디데이, 결정 시 90일 이의신청 안내, 담당부서와 "
        "전화번호를 넣고, 이미 보낸 단계는 다시 보내지 않습니다. 번호 오류·글자 초과·보낼 수 없는 글자는 빼고 이유를 "
        "적습니다. 주민등록번호·소득·재산·장애 정도는 읽지도 보내지도 않습니다."
    ),
    basis="사회보장급여법 제5~9·17조, 시행령 제6조; 국민기초생활보장법 제26조; 기초연금법 시행규칙 제8조; "
    "한부모가족지원법 시행령 제12조",
    inputs=(CASES,),
    params=(
        Param("base_date", "기준일", ParamType.DATE, None, "디데이를 셀 날입니다. 비우면 오늘입니다."),
        Param(
            "roll_holidays",
            "기한이 휴일이면 다음 근무일",
            ParamType.BOOL,
            True,
            "결정기한 마지막 날이 토요일·공휴일이면 다음 근무일로 봅니다.",
            basis="민법 제161조, 행정기본법 제6조",  # [U]: how offices read it differs
        ),
        Param(
            "supplement_days",
            "보완기한 기본 일수",
            ParamType.INTEGER,
            7,
            "보완기한 열이 비어 있을 때 단계변경일부터 더하는 날 수입니다.",
            minimum=1,
            maximum=60,
        ),
        Param(
            "channel",
            "발송 방법",
            ParamType.CHOICE,
            "settings",
            "설정에 정한 방법을 쓰거나 이번만 바꿉니다.",
            choices=(("settings", "설정 따름"), ("upload", "업로드 파일"), ("solapi", "솔라피"), ("nhn", "NHN Cloud")),
        ),
        Param(
            "unconfirmed",
            "확인 필요 건 처리",
            ParamType.CHOICE,
            "keep",
            "지난 실행에서 업체 응답을 받지 못한 문자(확인 필요)를 어떻게 할지 정합니다. 업체 발송 내역을 먼저 확인하십시오.",
            choices=(
                ("keep", "그대로 두기(보내지 않음)"),
                ("resend", "가지 않았음: 다시 보내기"),
                ("mark_sent", "갔음: 보낸 것으로 정리"),
            ),
        ),
        Param("template_file", "문구 파일", ParamType.TEXT, "", "비우면 기본 문구 파일(resources/templates/welfare_sms.toml)."),
        BAD_ROWS,
    ),
    run=lazy("tasks.welfare_sms.task:run"),
    credentials=ALL_CREDENTIALS[:4],
    network=True,
    sends_messages=True,
    outcomes=OUTCOMES,
    write_samples=lazy("tasks.welfare_sms.sample:write_samples"),
    preview=lazy("tasks.welfare_sms.task:preview"),
    pages=("confirm-send",),
)
