"""장애인 활동지원 부정수급 주의 알림 (``care-voucher-audit``)."""

from __future__ import annotations

from dataclasses import replace

from core.notify.config import ALL_CREDENTIALS
from core.params import BAD_ROWS
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.care_voucher_audit.declared import CONTACTS, EVENTS, LIMITS, PAYMENTS, RELATIONS, RULES, TASK_ID

RECIPIENT_NO = Column(
    "수급자번호", ColumnType.CODE, ("수급자관리번호", "수급자 관리번호", "이용자번호", "대상자번호", "수급자ID")
)
HELPER_NO = Column(
    "활동지원사번호",
    ColumnType.CODE,
    ("활동지원사 자격번호", "자격번호", "활동지원인력번호", "제공인력번호", "인력번호", "활동지원사ID"),
)
# 급여종류 (활동보조/방문목욕/방문간호); 결제구분 (단말/앱/수기/소급): spellings seen in exports -> one value.
KINDS = {"활동보조": "활동보조", "활동지원": "활동보조", "신체활동": "활동보조", "방문목욕": "방문목욕", "목욕": "방문목욕"}
KINDS |= {"방문간호": "방문간호", "간호": "방문간호"}
PAY_KINDS = {"단말": "단말", "단말기": "단말", "단말결제": "단말", "카드": "단말", "앱": "앱", "앱결제": "앱", "모바일": "앱"}
PAY_KINDS |= {"수기": "수기", "수기결제": "수기", "소급": "소급", "소급결제": "소급", "사후": "소급", "사후결제": "소급"}
EVENT_KINDS = {"입원": "입원", "출국": "출국", "국외체류": "출국", "입소": "입소", "시설입소": "입소", "사망": "사망"}
EVENT_KINDS |= {"수감": "수감", "교정시설수용": "수감", "수용": "수감"}

PAYMENTS_INPUT = TableInput(
    name=PAYMENTS,
    title="바우처 결제내역",
    row_meaning="결제 1건",
    help="사회서비스 전자바우처 시스템에서 내려받은 활동지원 결제내역(엑셀 또는 CSV).",
    columns=(
        RECIPIENT_NO,
        Column("수급자명", ColumnType.TEXT, ("수급자 성명", "수급자성명", "이용자명", "대상자명")),
        HELPER_NO,
        Column("활동지원사명", ColumnType.TEXT, ("활동지원사 성명", "활동지원사성명", "제공인력명", "인력명")),
        Column("제공기관", ColumnType.TEXT, ("제공기관명", "기관명", "제공기관 명")),
        Column(
            "급여종류",
            ColumnType.CHOICE,
            ("서비스종류", "급여구분", "서비스구분"),
            required=False,
            choices=KINDS,
            help="활동보조·방문목욕·방문간호. 비어 있으면 활동보조로 봅니다.",
        ),
        Column("서비스일자", ColumnType.DATE, ("제공일자", "서비스제공일", "이용일자", "제공일")),
        Column("시작시각", ColumnType.TIME, ("시작시간", "제공시작시각", "서비스시작시각", "시작")),
        Column(
            "종료시각",
            ColumnType.TIME,
            ("종료시간", "제공종료시각", "서비스종료시각", "종료"),
            help="시작시각보다 이르면 자정을 넘긴 결제로 봅니다(22:00~02:00).",
        ),
        Column("결제금액", ColumnType.MONEY, ("결제액", "청구금액", "총결제금액", "급여비용")),
        Column(
            "결제구분",
            ColumnType.CHOICE,
            ("결제방식", "결제유형", "결제방법"),
            required=False,
            choices=PAY_KINDS,
            help="단말·앱·수기·소급. 없으면 수기·소급 결제 과다(R11)는 확인하지 않습니다.",
        ),
        Column("승인번호", ColumnType.CODE, ("결제승인번호", "승인 번호"), required=False),
    ),
)
EVENTS_INPUT = TableInput(
    name=EVENTS,
    title="수급자 사건(입원·출국·입소·사망·수감)",
    row_meaning="사건 1건",
    required=False,
    help="건강보험 입원, 출입국, 시설 입소, 사망, 교정시설 수용 연계 자료. 없으면 R01~R04는 확인하지 않습니다.",
    columns=(
        RECIPIENT_NO,
        Column(
            "구분", ColumnType.CHOICE, ("사건구분", "사건종류", "중단사유"), choices=EVENT_KINDS, help="입원·입소·출국·사망·수감."
        ),
        Column("시작일", ColumnType.DATE, ("시작일자", "발생일", "입원일", "출국일", "사망일")),
        Column(
            "종료일",
            ColumnType.DATE,
            ("종료일자", "퇴원일", "입국일", "퇴소일"),
            required=False,
            help="비어 있으면 아직 끝나지 않은 것으로 봅니다.",
        ),
    ),
)
LIMITS_INPUT = TableInput(
    name=LIMITS,
    title="월 한도액",
    row_meaning="수급자 1명의 1개월",
    required=False,
    help="수급자별·월별 급여 한도액(이월분 포함). 없으면 월 한도 초과(R08)는 확인하지 않습니다.",
    columns=(
        RECIPIENT_NO,
        Column("연월", ColumnType.MONTH, ("기준연월", "대상월", "월")),
        Column("월한도액", ColumnType.MONEY, ("월 한도액", "한도액", "월급여한도액", "급여한도")),
    ),
)
RELATIONS_INPUT = TableInput(
    name=RELATIONS,
    title="가족관계(수급자–활동지원사)",
    row_meaning="수급자–활동지원사 1쌍",
    required=False,
    help="활동지원사가 수급자의 가족(시행규칙 제33조)인 쌍. 없으면 가족 제공(R07)은 확인하지 않습니다.",
    columns=(
        RECIPIENT_NO,
        HELPER_NO,
        Column("관계", ColumnType.TEXT, ("가족관계", "관계구분")),
        Column(
            "예외승인", ColumnType.TEXT, ("예외 승인", "승인여부", "예외승인여부"), required=False, help="Y이면 예외 승인된 쌍."
        ),
    ),
)
CONTACTS_INPUT = TableInput(
    name=CONTACTS,
    title="연락처(안내 발송용)",
    row_meaning="사람 또는 기관 1곳",
    required=False,
    help="안내를 보낼 때만 씁니다. 구분(수급자/활동지원사/제공기관), 번호(수급자번호·활동지원사번호·기관명), 이름, "
    "휴대전화, 이메일.",
    columns=(
        Column(
            "구분",
            ColumnType.CHOICE,
            ("대상구분",),
            choices={"수급자": "수급자", "활동지원사": "활동지원사", "제공기관": "제공기관", "기관": "제공기관"},
        ),
        Column("번호", ColumnType.CODE, ("대상번호", "수급자번호/활동지원사번호", "기관명")),
        Column("이름", ColumnType.TEXT, ("성명", "대상자명")),
        Column("휴대전화", ColumnType.TEXT, ("휴대폰", "연락처", "휴대전화번호"), required=False),
        Column("이메일", ColumnType.TEXT, ("전자우편", "메일", "E-mail", "email"), required=False),
    ),
)

SPEC = TaskSpec(
    id=TASK_ID,
    title="장애인 활동지원 부정수급 주의 알림",
    department="복지",
    description=(
        "활동지원 바우처 결제내역 전부를 입원·출국·입소·사망 기간, 가족관계, 월 한도액과 맞춰 보고, 같은 시간에 두 곳에서 "
        "결제한 활동지원사, 장시간·하루 과다 결제, 수기·소급 결제 과다, 중복 결제를 찾습니다. 찾은 건마다 원본 행을 "
        "적고 수급자·활동지원사·기관을 위험도 순으로 정리합니다. 원하면 기관에 확인 요청 메일을, 관련된 사람에게 "
        "예방 안내 문자(찾은 내용은 적지 않음)를 보냅니다."
    ),
    basis="장애인활동법 제18·19·30·35조, 시행규칙 제15·16·33·34조",
    inputs=(PAYMENTS_INPUT, EVENTS_INPUT, LIMITS_INPUT, RELATIONS_INPUT, CONTACTS_INPUT),
    params=(
        Param(
            "base_date",
            "기준일",
            ParamType.DATE,
            None,
            "이 날까지의 결제만 봅니다(그 뒤 서비스일자는 빼고 건수를 알립니다). 비우면 오늘입니다. 종료일이 빈 사건은 "
            "기준일과 상관없이 계속 중으로 봅니다.",
        ),
        Param(
            "notify",
            "안내 발송",
            ParamType.CHOICE,
            "none",
            "none: 보내지 않음. agency: 제공기관마다 찾은 건의 확인을 요청하는 메일. people: 주의 건에 관련된 활동지원사·"
            "수급자에게 예방 안내 문자(찾은 내용은 적지 않음). 같은 사람·같은 달·같은 안내는 한 번만 보냅니다.",
            choices=(("none", "보내지 않음"), ("agency", "기관에 확인 요청 메일"), ("people", "관련자에게 예방 안내 문자")),
        ),
        Param(
            "channel",
            "발송 방법",
            ParamType.CHOICE,
            "settings",
            "설정에 정한 방법을 쓰거나 이번만 바꿉니다.",
            choices=(("settings", "설정 따름"), ("upload", "업로드 파일"), ("solapi", "솔라피"), ("nhn", "NHN Cloud")),
        ),
        replace(
            BAD_ROWS,
            default="stop",
            help="환수까지 이어질 수 있는 점검이라 기본값은 읽을 수 없는 칸이 있으면 멈추는 것입니다. '오류행으로 빼고 "
            "계속'을 고르면 그 행은 점검에서 빠지고 '오류행' 시트에 모입니다.",
        ),
        # Each rule's switch (rule_R01 … rule_R12) and its own parameters (rule_R05_overlap_minutes …).
        *RULES.params(),
    ),
    run=lazy("tasks.care_voucher_audit.task:run"),
    validate=lazy("tasks.care_voucher_audit.task:validate"),
    credentials=ALL_CREDENTIALS,
    network=True,
    sends_messages=True,
    outcomes=tuple(rule.name for rule in RULES),
    write_samples=lazy("tasks.care_voucher_audit.sample:write_samples"),
    preview=lazy("tasks.care_voucher_audit.guidance:preview"),
    pages=("confirm-send",),
)
