"""자동차 상속이전 안내 공고 (``car-inheritance-notice``).

The monthly list of cars whose owner died: each car's 신청기한 and 예상범칙금, its 구분, a guidance
letter (HWPX, one page a car) for the heirs not yet told, and a 공시송달 공고문 (HWPX for 한글, PDF for
the web board) for those the letter could not reach.
"""

from __future__ import annotations

from core.options import OptionType, setting
from core.params import BAD_ROWS
from core.spec import Artifact, Column, ColumnType, DocumentInput, DocumentKind, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.car_inheritance_notice.outcomes import CATEGORIES, MIN_NOTICE_DAYS

TASK_ID = "car-inheritance-notice"

DELIVERY_CHOICES = {
    "송달": "송달",
    "송달완료": "송달",
    "배달완료": "송달",
    "수령": "송달",
    "반송": "반송",
    "수취거절": "반송",
    "수취인불명": "수취인불명",
    "폐문부재": "폐문부재",
    "주소불명": "주소불명",
    "이사불명": "주소불명",
    "주소불분명": "주소불명",
}

VEHICLES = TableInput(
    name="vehicles",
    title="사망자 보유차량 목록",
    row_meaning="차량 1대(사망한 소유자 1명)",
    help=("매월 받는 사망자 보유차량 목록 엑셀. 소유자 주민등록번호·생년월일 열이 있어도 읽지 않습니다(이름만 가려서 씁니다)."),
    columns=(
        Column("차량번호", ColumnType.CODE, ("자동차등록번호", "등록번호", "차량 번호")),
        Column("차명", ColumnType.TEXT, ("차종명", "모델명"), required=False),
        Column("차종", ColumnType.TEXT, ("차종구분", "용도"), required=False),
        Column("소유자 성명", ColumnType.TEXT, ("소유자", "소유자명", "피상속인", "피상속인 성명", "사망자 성명")),
        Column("사망일", ColumnType.DATE, ("사망일자", "상속개시일", "사망년월일")),
        Column("상속인 성명", ColumnType.TEXT, ("상속인", "상속인명", "대표상속인"), required=False),
        Column(
            "상속인 주소",
            ColumnType.TEXT,
            ("상속인주소", "상속인 주소지", "송달주소"),
            required=False,
            help="비어 있으면 주소를 알 수 없는 것으로 보고 공시송달 대상으로 분류합니다.",
        ),
        Column("상속인 연락처", ColumnType.TEXT, ("상속인 전화", "연락처", "전화번호"), required=False),
        Column("안내일", ColumnType.DATE, ("안내문 발송일", "안내일자", "발송일"), required=False),
        Column(
            "송달결과",
            ColumnType.CHOICE,
            ("송달 결과", "우편 결과", "반송사유"),
            required=False,
            choices=DELIVERY_CHOICES,
            help="송달, 반송, 수취인불명, 폐문부재, 주소불명. 비어 있으면 송달된 것으로 봅니다.",
        ),
        Column("이전등록일", ColumnType.DATE, ("이전일", "이전등록일자", "상속이전일"), required=False),
        Column("말소등록일", ColumnType.DATE, ("말소일", "말소등록일자", "폐차일"), required=False),
    ),
)

SETTINGS = (
    setting("car_inheritance.department", "담당 부서", "차량등록과", "공고문·안내문의 문의처에 쓰는 부서 이름입니다."),
    setting("car_inheritance.phone", "담당 전화번호", "", "공고문·안내문의 문의처 전화번호입니다(예: 031-760-0000)."),
    setting(
        "car_inheritance.signer",
        "발신 명의",
        "",
        "공고문·안내문 끝의 명의입니다. 비우면 기관 설정에서 만듭니다(광주시 → 광주시장).",
        OptionType.TEXT,
    ),
)

SPEC = TaskSpec(
    id=TASK_ID,
    title="자동차 상속이전 안내 공고",
    department="차량등록",
    description=(
        "사망자 보유차량 목록에서 차량마다 상속 이전등록 신청기한(사망일이 속하는 달의 말일부터 6개월, 토요일·공휴일이면 "
        "다음 근무일)과 기준일의 예상 범칙금을 계산하고, 이전완료·공시송달 대상·기한 경과·안내 대상·안내 완료로 나눕니다. "
        "안내 대상 상속인에게 보낼 안내문(HWPX, 차량마다 1쪽)과, 안내문이 송달되지 않은 차량의 공시송달 공고문(HWPX·PDF)을 "
        "만듭니다. 이름은 홍*동처럼 가리고 주소는 읍·면·동까지만 씁니다."
    ),
    basis="자동차관리법 제12조·제80조·제84조; 자동차등록령 제26조; 행정절차법 제14조④·제15조③; 민법 제161조",
    inputs=(VEHICLES,),
    params=(
        Param("base_date", "기준일", ParamType.DATE, None, "경과일수와 예상 범칙금을 셀 날입니다. 비우면 오늘입니다."),
        Param("notice_date", "공고일", ParamType.DATE, None, "공시송달 공고를 게시하는 날입니다. 비우면 기준일입니다."),
        Param(
            "notice_days",
            "공고 기간(일)",
            ParamType.INTEGER,
            14,
            "공고일부터 게시하는 날 수입니다. 공고는 공고일부터 14일이 지나야 효력이 생기므로 14일보다 짧게 할 수 없습니다.",
            minimum=MIN_NOTICE_DAYS,
            maximum=365,
            basis="행정절차법 제15조③",
        ),
        Param(
            "notice_number",
            "공고 번호",
            ParamType.TEXT,
            "",
            "공고문에 쓰는 번호입니다(예: 제2026-1234호). 비우면 '제    호'로 둡니다.",
        ),
        Param(
            "roll_to_workday",
            "기한이 휴일이면 다음 근무일",
            ParamType.BOOL,
            True,
            "신청기한의 마지막 날이 토요일·공휴일이면 다음 근무일까지로 봅니다.",
            basis="민법 제161조",  # [S]: applied to 행정 기간; a documented default
        ),
        BAD_ROWS,
    ),
    run=lazy("tasks.car_inheritance_notice.task:run"),
    outcomes=CATEGORIES,
    write_samples=lazy("tasks.car_inheritance_notice.sample:write_samples"),
    documents=(
        DocumentInput(
            "template",
            "공고문 서식(HWPX)",
            DocumentKind.FILE,
            (".hwpx",),
            required=False,
            help="기관의 공고문 서식. {{공고번호}}, {{차량.차량번호}} 같은 자리표시를 넣어 두면 그 서식으로 만듭니다. 비우면 기본 서식.",
        ),
    ),
    artifacts=(
        Artifact("공시송달공고", "공시송달 공고문(HWPX)", ".hwpx", "공고문", required=False),
        Artifact("공시송달공고_게시용", "공시송달 공고문(PDF)", ".pdf", "공고문", required=False),
        Artifact("상속이전안내문", "상속이전 안내문(HWPX)", ".hwpx", "안내문", required=False),
    ),
    settings=SETTINGS,
)
