"""국세청 종합소득세 신고내역 ↔ 개인지방소득세 과세내역 대사 (``local-income-tax``)."""

from __future__ import annotations

from dataclasses import replace

from core.params import BAD_ROWS
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.local_income_tax.outcomes import LOCAL_TAX, OUTCOMES

YEAR = Column(
    "귀속연도", ColumnType.INTEGER, ("귀속년도", "과세연도", "과세년도", "연도", "귀속"), help="네 자리 연도 (예: 2025)."
)
RRN = Column(
    "주민등록번호",
    ColumnType.RRN,
    ("주민번호", "실명번호", "주민등록번호(실명번호)", "납세자번호"),
    help="하이픈 있든 없든, 숫자로 저장되어 앞자리 0이 빠졌든 읽습니다. 결과에는 가려서(900101-1******) 씁니다.",
)
NAME = Column("성명", ColumnType.TEXT, ("이름", "납세자명", "납세자성명"))
ADDRESS = Column(
    "주소",
    ColumnType.TEXT,
    ("주소지", "납세지", "납세지주소", "도로명주소"),
    required=False,
    help="국세청 자료의 주소로 납세지(시·군·구)를 확인합니다.",
)

NTS = TableInput(
    name="nts",
    title="국세청 종합소득세 신고내역",
    row_meaning="1인 1귀속연도 (최종 신고 한 행)",
    help="국세청에서 받은 종합소득세 신고·결정 자료(엑셀 또는 CSV).",
    columns=(
        YEAR,
        RRN,
        NAME,
        ADDRESS,
        Column(
            "신고구분",
            ColumnType.CHOICE,
            ("신고유형", "신고종류"),
            choices={
                "정기": "정기",
                "정기신고": "정기",
                "확정": "정기",
                "확정신고": "정기",
                "기한후": "기한후",
                "기한후신고": "기한후",
                "수정": "수정",
                "수정신고": "수정",
                "경정": "경정",
                "경정청구": "경정",
                "경정결정": "경정",
            },
            help="정기, 기한후, 수정, 경정.",
        ),
        Column("신고일", ColumnType.DATE, ("신고일자", "접수일", "접수일자", "결정일")),
        Column("과세표준", ColumnType.MONEY, ("종합소득과세표준", "과세표준금액"), required=False),
        Column("산출세액", ColumnType.MONEY, ("종합소득산출세액",), required=False),
        Column(
            "결정세액",
            ColumnType.MONEY,
            ("종합소득세결정세액", "결정세액합계", "소득세결정세액"),
            help="종합소득세 결정세액(기납부세액을 빼기 전). 지방소득세 산정액은 이것의 10%, 10원 미만 버림입니다.",
        ),
    ),
)

LOCAL = TableInput(
    name="local",
    title="개인지방소득세 과세내역",
    row_meaning="1인 1귀속연도",
    help="지방세정보시스템(위택스 신고 포함)에서 내려받은 개인지방소득세(종합소득분) 신고·부과·수납 내역.",
    columns=(
        YEAR,
        RRN,
        NAME,
        ADDRESS,
        Column(
            "신고일",
            ColumnType.DATE,
            ("신고일자", "접수일", "접수일자"),
            required=False,
            help="국세 수정신고·경정보다 이른 지방 신고를 찾는 데 씁니다.",
        ),
        Column(
            LOCAL_TAX,
            ColumnType.MONEY,
            ("신고세액", "지방소득세", "개인지방소득세", "지방소득세신고세액"),
            help="신고한 지방소득세 결정세액(특별징수·기납부세액을 빼기 전). 빼고 난 '납부할 세액'을 넣으면 "
            "근로·사업소득 특별징수가 있는 사람이 모두 과소신고로 나옵니다.",
        ),
        Column("고지세액", ColumnType.MONEY, ("부과세액", "고지금액", "부과금액"), required=False),
        Column(
            "납부세액",
            ColumnType.MONEY,
            ("수납세액", "납부금액", "수납금액", "납부액"),
            required=False,
            help="있으면 미납·일부납부를 확인합니다.",
        ),
        Column("납부일", ColumnType.DATE, ("납부일자", "수납일", "수납일자"), required=False),
    ),
)

BASIS = "지방세법 제92·95·96·97·99조, 지방세기본법 제53~55·59조"

SPEC = TaskSpec(
    id="local-income-tax",
    title="국세청 신고내역 ↔ 개인지방소득세 대사",
    department="세무",
    description=(
        "국세청의 종합소득세 신고·결정 자료와 시의 개인지방소득세 신고·부과·수납 내역을 주민등록번호와 귀속연도로 "
        "맞춰 봅니다. 국세 결정세액의 10%(10원 미만 버림)를 기준으로 무신고, 과소·과다신고, 미납·일부납부, 국세 수정 "
        "미반영, 납세지 확인, 지방만 존재를 찾고 예상 가산세를 참고로 계산합니다. 주민등록번호는 결과와 기록에 "
        "가려서만 남깁니다."
    ),
    basis=BASIS,
    inputs=(NTS, LOCAL),
    params=(
        Param(
            "tolerance",
            "허용 오차(원)",
            ParamType.INTEGER,
            10,
            "지방 신고세액과 산정액(결정세액×10%)의 차이가 이 금액 이하이면 정상으로 봅니다 (끝수 처리 차이 흡수).",
            minimum=0,
            maximum=1_000_000,
            basis="지방세기본법 제59조 끝수 처리",
        ),
        Param(
            "city",
            "우리 시·군",
            ParamType.TEXT,
            None,
            "국세 주소의 시·군·구가 이 시·군과 다르면 '납세지 확인'으로 표시합니다. 비워 두면 [설정] > [기관]의 "
            "시·군·구를 씁니다. 광주광역시와 경기도 광주시는 시·도까지 보고 구별합니다(예: 경기도 광주시).",
            basis="지방세법 제89조①1",
        ),
        Param(
            "late_reference_date",
            "납부지연가산세 기준일",
            ParamType.DATE,
            None,
            "넣으면 무신고·과소신고·미납 세액에 신고기한 다음 날부터 이 날까지 하루 0.022%(75% 한도)를 예상가산세에 "
            "더합니다. 비우면 계산하지 않습니다.",
            basis="지방세기본법 제55조①",
        ),
        Param(
            "include_normal",
            "정상 건도 시트로",
            ParamType.BOOL,
            False,
            "정상으로 판정한 건을 '정상' 시트에 모두 씁니다. 행이 많으면 파일이 커지고 느려집니다.",
        ),
        replace(
            BAD_ROWS,
            default="stop",
            help="세액 대사는 원 단위까지 맞아야 하므로 기본값은 읽을 수 없는 칸이 있으면 멈추는 것입니다. "
            "'오류행으로 빼고 계속'을 고르면 그 행은 대사에서 빠지고 '오류행' 시트에 모입니다.",
        ),
    ),
    run=lazy("tasks.local_income_tax.task:run"),
    validate=lazy("tasks.local_income_tax.task:validate"),
    outcomes=OUTCOMES,
    write_samples=lazy("tasks.local_income_tax.sample:write_samples"),
)
