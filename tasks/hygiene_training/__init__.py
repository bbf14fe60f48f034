"""식품·공중위생 교육실적 입력 (``hygiene-training``)."""

from __future__ import annotations

from core.notify.config import ALL_CREDENTIALS
from core.params import BAD_ROWS
from core.spec import Column, ColumnType, DocumentInput, DocumentKind, Param, ParamType, TableInput, TaskSpec, lazy
from tasks.hygiene_training.outcomes import OUTCOMES, TASK_ID

KIND_CHOICES = {
    "신규": "신규",
    "신규교육": "신규",
    "신규영업자": "신규",
    "사전교육": "신규",
    "정기": "정기",
    "정기교육": "정기",
    "기존": "정기",  # 교육기관들이 흔히 '기존(영업자)'로 적습니다
    "기존영업자": "정기",
    "보수": "정기",
    "보수교육": "정기",
    "매년": "정기",
}
STATE_CHOICES = {
    "영업": "영업",
    "영업중": "영업",
    "정상": "영업",
    "정상영업": "영업",
    "휴업": "휴업",
    "휴업중": "휴업",
    "폐업": "폐업",
    "직권폐업": "폐업",
    "폐업처리": "폐업",
    "취소": "폐업",
    "말소": "폐업",
}

COMPLETIONS = TableInput(
    name="completions",
    title="수료자 명단",
    row_meaning="수료 1건(업소 1곳의 교육 1회)",
    help="교육기관(한국외식업중앙회, 대한미용사회 등)이 보낸 명단. 기관마다 모양이 달라도 됩니다: 폴더째 주거나 "
    "파일을 여러 개 주면 모두 읽어 합칩니다.",
    multiple=True,
    columns=(
        Column("업종", ColumnType.TEXT, ("업태", "업종명", "영업종류", "영업의 종류", "영업구분")),
        Column("업소명", ColumnType.TEXT, ("상호", "상호명", "업체명", "영업소명", "영업소 명칭", "업소 명")),
        Column("대표자", ColumnType.TEXT, ("대표자명", "대표자 성명", "영업자", "영업자명", "성명", "수료자", "교육생")),
        Column("소재지", ColumnType.TEXT, ("주소", "영업장 소재지", "영업소 소재지", "소재지(도로명)", "도로명주소", "업소주소")),
        Column(
            "영업신고번호",
            ColumnType.CODE,
            ("인허가번호", "영업신고(허가)번호", "허가번호", "신고번호", "영업허가번호", "관리번호"),
            required=False,
            help="있으면 이 번호로 먼저 찾습니다(숫자만 비교).",
        ),
        Column("교육일", ColumnType.DATE, ("교육일자", "수료일", "수료일자", "교육날짜", "교육 일자", "이수일")),
        Column(
            "교육구분",
            ColumnType.CHOICE,
            ("구분", "교육종류", "교육과정", "교육 구분", "신규/기존"),
            choices=KIND_CHOICES,
            help="신규 또는 정기(기존·보수도 정기로 봅니다).",
        ),
        Column("교육시간", ColumnType.HOURS, ("이수시간", "교육 시간", "수강시간", "시간")),
        Column(
            "수료번호", ColumnType.CODE, ("수료증번호", "수료증 번호", "이수번호", "증서번호", "수료증발급번호"), required=False
        ),
        Column("교육기관", ColumnType.TEXT, ("교육단체", "실시기관", "교육실시기관", "교육기관명"), required=False),
    ),
)

LICENSES = TableInput(
    name="licenses",
    title="인허가 대장",
    row_meaning="인허가 1건(업소 1곳)",
    help="인허가·위생 시스템에서 내려받은 영업신고(허가) 목록. 폐업 업소가 있어도 됩니다.",
    columns=(
        Column("영업신고번호", ColumnType.CODE, ("인허가번호", "영업신고(허가)번호", "허가번호", "신고번호", "관리번호")),
        Column("업소명", ColumnType.TEXT, ("상호", "상호명", "업체명", "사업장명", "영업소명")),
        Column("대표자", ColumnType.TEXT, ("대표자명", "대표자 성명", "영업자", "영업자명")),
        Column("소재지", ColumnType.TEXT, ("주소", "도로명주소", "소재지(도로명)", "사업장 소재지", "영업소 소재지")),
        Column("업종", ColumnType.TEXT, ("업태", "업종명", "영업종류", "영업의 종류")),
        Column("영업상태", ColumnType.CHOICE, ("상태", "영업상태명", "상세영업상태"), choices=STATE_CHOICES),
        Column("인허가일", ColumnType.DATE, ("인허가일자", "허가일", "신고일", "허가(신고)일", "인허가 일자")),
        Column("휴업시작", ColumnType.DATE, ("휴업시작일", "휴업 시작일", "휴업시작일자"), required=False),
        Column("휴업종료", ColumnType.DATE, ("휴업종료일", "휴업 종료일", "휴업종료일자", "재개업일"), required=False),
        Column(
            "면허",
            ColumnType.TEXT,
            ("면허종류", "보유면허", "면허구분"),
            required=False,
            help="조리사·영양사·위생사 면허가 있으면 식품접객업 신규교육이 면제됩니다(식품위생법 제41조④).",
        ),
        Column(
            "연락처",
            ColumnType.TEXT,
            ("휴대전화", "휴대폰", "전화번호", "소재지전화", "영업자 연락처"),
            required=False,
            help="미이수 독려 문자를 보낼 때만 씁니다.",
        ),
    ),
)

# Measured on the sample (``main.py sample hygiene-training``): see the README's "매칭 기준" paragraph.
MATCH_AUTO = 90.0
MATCH_REVIEW = 70.0
MATCH_GAP = 8.0

SPEC = TaskSpec(
    id=TASK_ID,
    title="식품·공중위생 교육실적 입력",
    department="위생",
    description=(
        "교육기관이 보낸 수료자 명단을 인허가 대장과 맞춰 봅니다. 영업신고번호로 먼저, 없으면 업소명·대표자·소재지 "
        "유사도로 찾고, 애매하면 검토로 돌립니다. 업종별 교육시간(식품 신규 4~8시간, 정기 3시간, 공중위생 3시간)이 "
        "모자라면 시간 부족, 같은 해 두 번째 수료는 중복 수료로 가려냅니다. 연말에는 교육을 받지 않은 영업자(미이수) "
        "명단을 만들고, 원하면 위생 시스템에 수료 실적을 한 건씩 입력하고 다시 조회해 확인합니다."
    ),
    basis="식품위생법 제41조, 시행규칙 제51~53조; 공중위생관리법 제17조, 시행규칙 제23조",
    inputs=(COMPLETIONS, LICENSES),
    documents=(
        DocumentInput(
            "recipe",
            "입력 레시피",
            DocumentKind.FILE,
            (".toml",),
            required=False,
            help="위생 시스템 화면을 적은 레시피 파일. 비우면 기본 레시피(resources/recipes/hygiene-training.toml)를 씁니다.",
        ),
    ),
    params=(
        Param(
            "year",
            "교육 연도",
            ParamType.INTEGER,
            0,  # not None: the window's number box has no "empty", and both sides must mean the same by default
            "미이수를 가릴 연도입니다. 0이면 올해입니다.",
            minimum=0,
            maximum=2100,
        ),
        Param(
            "match_auto",
            "자동 매칭 기준 점수",
            ParamType.NUMBER,
            MATCH_AUTO,
            "영업신고번호가 없을 때, 업소명·대표자·소재지 유사도(0~100)가 이 점수 이상이면 자동으로 맞춥니다.",
            minimum=0,
            maximum=100,
        ),
        Param(
            "match_review",
            "검토 기준 점수",
            ParamType.NUMBER,
            MATCH_REVIEW,
            "이 점수 이상 자동 기준 미만이면 '검토'로, 미만이면 '미매칭'으로 둡니다.",
            minimum=0,
            maximum=100,
        ),
        Param(
            "match_gap",
            "후보 점수 차",
            ParamType.NUMBER,
            MATCH_GAP,
            "가장 비슷한 두 업소의 점수 차가 이보다 작으면 자동으로 고르지 않고 '검토'로 돌립니다(체인점 등).",
            minimum=0,
            maximum=100,
        ),
        Param(
            "enter",
            "위생 시스템에 입력",
            ParamType.BOOL,
            False,
            "켜면 입력 대상 수료 실적을 웹 시스템에 한 건씩 입력하고 다시 조회해 확인합니다. 끄면 결과 파일만 만듭니다.",
        ),
        Param(
            "pace",
            "입력 간격(초)",
            ParamType.NUMBER,
            2.0,
            "한 건을 입력하고 다음 건까지 두는 최소 간격입니다. 시 서버에 부담을 주지 않게 합니다.",
            minimum=0,
            maximum=30,
        ),
        Param(
            "remind",
            "미이수 독려 문자",
            ParamType.BOOL,
            False,
            "켜면 미이수 업소 중 연락처가 있는 곳에 설정한 방법(업로드 파일·문자 업체)으로 독려 문자를 보냅니다. "
            "같은 해 같은 업소에는 한 번만 보냅니다.",
        ),
        Param("remind_contact", "문의 전화", ParamType.TEXT, "", "독려 문자 끝에 넣을 담당 부서 전화번호입니다."),
        Param(
            "site_url",
            "위생 시스템 주소",
            ParamType.URL,
            "",
            "비우면 레시피에 적힌 주소를 씁니다. 시험용 서버나 중계 주소로 바꿀 때만 적습니다.",
        ),
        BAD_ROWS,
    ),
    run=lazy("tasks.hygiene_training.task:run"),
    credentials=ALL_CREDENTIALS[:4],  # the SMS channels, for the optional reminder
    network=True,
    sends_messages=True,
    outcomes=OUTCOMES,
    write_samples=lazy("tasks.hygiene_training.sample:write_samples"),
)
