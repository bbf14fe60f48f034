"""법령 개정 → 조례 비교·알림 (``ordinance-review``): every ordinance article a law amendment touches, with the fix.

Two phases, so it works across 망분리: collect (internet PC, law.go.kr DRF → a collection bundle) and
analyse (any PC, offline: a bundle or a folder of texts → citations → structural diff → verdicts).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from core.notify.config import CREDENTIALS as NOTIFY_CREDENTIALS
from core.options import OptionType, setting
from core.spec import Artifact, DocumentInput, DocumentKind, Param, ParamType, TaskSpec, lazy
from tasks.ordinance_review.options import BUNDLE_ARTIFACT, CREDENTIALS
from tasks.ordinance_review.options import SETTINGS as COLLECT_SETTINGS

SAMPLE_FOLDER = "ordinance_review_sample"


def write_samples(directory: Path) -> dict[str, Path]:
    """The C1 case (고향사랑 기부금법 and 시행령, old and new, and the 광주시 조례) as a ``texts`` folder."""
    from core.paths import resources_dir

    target = Path(directory) / "texts"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((resources_dir() / SAMPLE_FOLDER).glob("*.md")):
        shutil.copyfile(source, target / source.name)
    return {"texts": target}


SETTINGS = (
    *COLLECT_SETTINGS,
    setting(
        "ordinance.recipients",
        "담당부서별 받는 주소",
        "",
        "조례의 담당부서마다 알림 메일을 받을 주소. 예: 자치협력과=a@city.go.kr, b@city.go.kr; 정보통신과=c@city.go.kr",
    ),
)

SPEC = TaskSpec(
    id="ordinance-review",
    title="법령 개정 조례 비교",
    department="법무",
    description=(
        "법령이 개정되면 시 조례가 인용한 조·항·호의 번호가 밀리거나, 조항이 삭제되거나, 금액·기간·기관명이 바뀝니다. "
        "법령의 개정 전·후 본문과 조례 본문을 읽어 조례의 인용을 모두 찾고(「법령명」, 같은 법, '법'·'영' 약칭, 범위·나열), "
        "개정 전후 조문을 내용으로 맞춰 이동·삭제·신설·문구 변경을 가려, 인용마다 정비 필요·검토·참고·해당 없음을 판정하고 "
        "고쳐 쓸 인용과 개정문을 제시합니다. 인터넷 PC에서는 법제처 OPEN API로 자료를 모아 묶음 파일(zip)을 만들고, "
        "업무망 PC에서는 그 묶음이나 본문 폴더만으로 분석합니다."
    ),
    # domain-rules.md 4절 (법률 제·개정에 따른 시 조례 비교·알림); 지방자치법 제28조, 법제업무 운영규정 제20조②.
    basis="지방자치법 제28조(조례는 법령의 범위에서), 법제업무 운영규정 제20조②(신·구조문대비표)",
    inputs=(),
    documents=(
        DocumentInput(
            "texts",
            "법령·조례 본문 폴더",
            DocumentKind.FOLDER,
            (".md", ".xml", ".json"),
            required=False,
            help="법령의 개정 전·후 본문과 조례 본문이 든 폴더(법제처 DRF XML·JSON 또는 legalize-kr Markdown). "
            "파일 이름은 상관없고 머리말의 법령ID·법령MST·공포일자, 자치법규ID로 알아봅니다.",
        ),
        DocumentInput(
            "bundle",
            "수집 묶음(zip)",
            DocumentKind.FILE,
            (".zip",),
            required=False,
            help="인터넷 PC에서 이 작업으로 모은 수집 묶음 파일. 본문 폴더도 묶음도 주지 않으면 법제처 OPEN API에서 모읍니다.",
        ),
    ),
    artifacts=(
        BUNDLE_ARTIFACT,
        Artifact(
            "신구조문대비표",
            "신·구조문대비표(조례별 HWPX, zip)",
            ".zip",
            "신구조문대비표",
            required=False,
        ),
    ),
    params=(
        Param(
            "period_from",
            "개정 조회 시작일",
            ParamType.DATE,
            None,
            "비워 두면 어제. 온라인 수집 때 이 날부터 공포된 개정을 찾습니다.",
        ),
        Param("period_to", "개정 조회 종료일", ParamType.DATE, None, "비워 두면 어제."),
        Param("collect_only", "수집만 하기", ParamType.BOOL, False, "묶음 파일만 만들고 분석은 하지 않습니다(인터넷 PC용)."),
        Param(
            "base_date",
            "기준일",
            ParamType.DATE,
            None,
            "비워 두면 모든 판을 비교합니다. 정하면 이 날 뒤에 공포된 법령 판은 비교에서 뺍니다.",
        ),
        Param(
            "similarity",
            "낡은 인용 유사도 기준",
            OptionType.NUMBER,
            0.25,
            "조례의 인용 문구('…에 따른 업무를 수행하는 사람')가 같은 조의 다른 항·호와 이만큼 이상 닮고(글자 두 자씩 "
            "겹치는 정도, 0~1), 그 항·호에 인용 문구의 40% 이상이, 인용한 항·호에는 10% 이하만 있으면 '낡은 인용'으로 "
            "표시하고 그 항·호를 권합니다. 기본 0.25.",
            minimum=0.0,
            maximum=1.0,
        ),
        Param(
            "notify",
            "알림",
            ParamType.CHOICE,
            "none",
            "'전자우편'이면 담당부서별로 요약 메일을 보냅니다(같은 개정·조례는 한 번만).",
            choices=(("none", "보내지 않음"), ("email", "전자우편")),
        ),
    ),
    credentials=(*CREDENTIALS, *NOTIFY_CREDENTIALS["email"]),
    run=lazy("tasks.ordinance_review.task:run"),
    network=True,
    sends_messages=True,
    write_samples=write_samples,
    settings=SETTINGS,
    outcomes=("정비 필요", "검토", "참고"),
)
