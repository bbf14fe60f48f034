"""초과근무 내역 ↔ 시간외근무수당 지급액 대사 (``overtime-pay``)."""

from __future__ import annotations

from core.params import BAD_ROWS
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.overtime_pay.outcomes import OUTCOMES

CODE_SYNONYMS = ("사번", "직원번호", "개인번호")

RECORDS = TableInput(
    name="records",
    title="초과근무 내역",
    row_meaning="1인 1일(같은 날 여러 행이면 더합니다)",
    help="인사랑(e-사람) 초과근무·지문인식 현황을 엑셀로 내려받은 파일. 여러 달 파일(또는 그 파일들이 든 폴더)을 함께 넣을 수 있습니다.",
    multiple=True,  # a year's audit: twelve monthly exports given together (issue 19)
    columns=(
        Column("공무원번호", ColumnType.CODE, CODE_SYNONYMS, help="앞자리 0을 지키려고 글자로 읽습니다."),
        Column("성명", ColumnType.TEXT, ("이름",)),
        Column("소속", ColumnType.TEXT, ("부서", "부서명", "소속부서"), required=False),
        Column("직급", ColumnType.TEXT, ("계급", "직급명"), help="7급, 행정7급, 지방행정주사보, 주무관(7급) 모두 읽습니다."),
        Column("근무일자", ColumnType.DATE, ("일자", "근무일", "초과근무일자")),
        Column("시작시각", ColumnType.TIME, ("시작시간", "초과근무시작")),
        Column(
            "종료시각", ColumnType.TIME, ("종료시간", "초과근무종료"), help="시작시각과 같거나 이르면 자정을 넘긴 근무로 봅니다."
        ),
        Column(
            "근무구분",
            ColumnType.CHOICE,
            ("휴일구분",),
            required=False,
            choices={
                "평일": "평일",
                "정상근무일": "평일",
                "근무일": "평일",
                "휴일": "휴일",
                "공휴일": "휴일",
                "토요일": "휴일",
                "일요일": "휴일",
                "토": "휴일",
                "일": "휴일",
                "주말": "휴일",
            },
            help="적혀 있으면 달력보다 우선합니다.",
        ),
        Column(
            "예외구분",
            ColumnType.CHOICE,
            (),
            required=False,
            choices={"현업": "현업", "현업공무원": "현업", "재난": "재난", "재해": "재난", "재난재해": "재난"},
            help="현업·재난이면 그 달의 월 한도를 적용하지 않습니다.",
        ),
    ),
)

PAYMENTS = TableInput(
    name="payments",
    title="시간외근무수당 지급 내역",
    row_meaning="1인 1개월",
    help="급여 시스템에서 내려받은 시간외근무수당 지급 내역(엑셀 또는 CSV).",
    columns=(
        Column("공무원번호", ColumnType.CODE, CODE_SYNONYMS),
        Column("성명", ColumnType.TEXT, ("이름",), required=False),
        Column("지급월", ColumnType.MONTH, ("지급년월", "근무월", "대상월"), help="2026-03, 202603, 2026년 3월 모두 읽습니다."),
        Column("실적시간", ColumnType.HOURS, ("지급시간", "인정시간")),
        Column("정액시간", ColumnType.HOURS, (), required=False, help="비어 있으면 기본 정액시간을 씁니다."),
        Column("지급액", ColumnType.MONEY, ("지급금액", "시간외근무수당", "금액")),
    ),
)

RATES = TableInput(
    name="rates",
    title="시간외근무수당 단가표",
    required=False,
    row_meaning="연도·직급별 1시간 단가",
    help="넣으면 내장 단가표보다 우선합니다.",
    columns=(
        Column("연도", ColumnType.INTEGER, ("년도", "기준연도")),
        Column("직급", ColumnType.TEXT, ("계급", "직급명")),
        Column("단가", ColumnType.MONEY, ("시간당단가", "시간외단가", "시간외근무수당단가")),
    ),
)

BASIS = "지방공무원 수당 등에 관한 규정 제15조 (시간외근무수당)"

SPEC = TaskSpec(
    id="overtime-pay",
    title="초과근무 ↔ 시간외근무수당 대사",
    department="인사·총무",
    description=(
        "인사랑의 초과근무 내역으로 사람별·월별 인정시간을 규정대로 다시 계산하고, 실제 지급한 시간외근무수당과 "
        "맞춰 봅니다. 평일 1시간 공제, 1시간 미만 불인정, 1일 4시간·월 57시간 한도, 정액분, 연도·직급별 단가와 "
        "10원 미만 버림을 적용하여 과다·과소 지급, 단가 오류, 지급 누락, 근거 없는 지급을 찾아 엑셀로 정리합니다."
    ),
    basis=BASIS,
    inputs=(RECORDS, PAYMENTS, RATES),
    params=(
        Param(
            "monthly_cap_hours",
            "월 한도(시간)",
            ParamType.INTEGER,
            57,
            "예외구분이 없는 사람의 월 인정 한도입니다.",
            minimum=0,
            maximum=744,
            basis="제15조④",
        ),
        Param(
            "daily_cap_minutes",
            "1일 한도(분)",
            ParamType.INTEGER,
            240,
            "공제 후 하루에 인정하는 최대 분입니다.",
            minimum=0,
            maximum=1440,
            basis="제15조④",
        ),
        Param(
            "weekday_deduction_minutes",
            "평일 공제(분)",
            ParamType.INTEGER,
            60,
            "토요일·공휴일이 아닌 날 하루 시간외근무에서 빼는 분입니다.",
            minimum=0,
            maximum=240,
            basis="제15조⑤",
        ),
        Param(
            "min_day_minutes",
            "하루 최소 인정(분)",
            ParamType.INTEGER,
            60,
            "하루 합계가 이보다 짧으면 그날은 인정하지 않습니다.",
            minimum=0,
            maximum=240,
            basis="제15조⑤",
        ),
        Param(
            "flat_hours",
            "정액분(시간)",
            ParamType.NUMBER,
            10,
            "지급 내역에 정액시간이 없을 때 더하는 월 정액분입니다.",
            minimum=0,
            maximum=100,
            basis="제15조⑥, 공무원보수 등의 업무지침",  # [S]: 업무지침, not statute text
        ),
        Param(
            "exception_lifts_daily_cap",
            "예외 근무는 1일 한도도 풀기",
            ParamType.BOOL,
            True,
            "현업·재난 근무는 제15조④ 단서에 따라 1일 4시간 한도도 적용하지 않습니다. 끄면 1일 한도는 그대로 둡니다.",
            basis="제15조④ 단서",
        ),
        Param(
            "extra_holidays", "추가 휴일", ParamType.DATES, (), "달력에 없는 임시공휴일 등. 쉼표로 구분합니다 (예: 2026-03-03)."
        ),
        Param("working_days", "휴일에서 뺄 날", ParamType.DATES, (), "달력에는 휴일이지만 이 기관에서는 근무일로 볼 날."),
        Param(
            "amount_tolerance",
            "금액 허용 오차(원)",
            ParamType.INTEGER,
            0,
            "지급액과 산정액의 차이가 이 금액 이하이면 같은 것으로 봅니다.",
            minimum=0,
            maximum=10000,
        ),
        BAD_ROWS,
    ),
    run=lazy("tasks.overtime_pay.task:run"),
    validate=lazy("tasks.overtime_pay.task:validate"),
    outcomes=OUTCOMES,
    write_samples=lazy("tasks.overtime_pay.sample:write_samples"),
)
