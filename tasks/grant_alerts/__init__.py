"""중앙부처·공공기관 공모사업 검색·알림 (``grant-alerts``): every open call a city can apply for, daily, once."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.notify.config import CREDENTIALS as NOTIFY_CREDENTIALS
from core.spec import Credential, Param, ParamType, TaskSpec, lazy
from tasks.grant_alerts.keys import ALL, BIZINFO_KEY, DATAGOKR_KEY, FILE_NAME
from tasks.grant_alerts.options import SETTINGS


def write_samples(directory: Path) -> dict[str, Path]:
    """No table inputs: the sample is the profile file a department edits (copy it to the HaengBot home)."""
    from tasks.grant_alerts.profiles import default_path

    target = Path(directory) / FILE_NAME
    shutil.copyfile(default_path(), target)
    return {"profiles": target}


SPEC = TaskSpec(
    id="grant-alerts",
    title="공모사업 검색·알림",
    department="기획·예산",
    description=(
        "보탬e 국고보조금 공모사업, 기업마당 지원사업, K-Startup 사업공고와 정책브리핑 보도자료를 매일 조회하여, "
        "시·군·구가 신청할 수 있는 공모만 부서별 프로필(포함어·제외어·기관·신청 자격)로 골라 냅니다. 출처와 실행을 "
        "가로질러 중복을 없애고, 새 공모와 마감일이 바뀐 공모, 마감 7일·3일 전 공모를 엑셀과 부서별 요약 메일로 알립니다. "
        "한 출처가 실패해도 나머지는 계속하며, 같은 날 두 번 실행해도 메일은 한 번만 보냅니다."
    ),
    # Scope and fields: domain-rules.md 3절 (중앙부처·공공기관 공모사업 검색·알림).
    basis="보조금 관리에 관한 법률에 따른 국고보조 공모사업 공고",
    inputs=(),
    run=lazy("tasks.grant_alerts.task:run"),
    params=(
        Param(
            "profile",
            "프로필",
            ParamType.TEXT,
            ALL,
            f"grant_profiles.toml의 프로필 이름. '{ALL}'이면 모든 프로필을 한 번에 처리합니다.",
        ),
        Param("as_of", "기준일", ParamType.DATE, None, "비워 두면 오늘. D-day와 마감 임박 알림을 이 날짜로 셉니다."),
        Param("send_digest", "요약 메일 보내기", ParamType.BOOL, True, "프로필의 받는 사람에게 부서별 요약 메일을 보냅니다."),
        Param(
            "demo",
            "예시 자료로 실행",
            ParamType.BOOL,
            False,
            "인증키 없이, 인터넷에 접속하지 않고 내장된 예시 응답으로 실행해 봅니다. 결과의 모든 시트와 요약 메일에 "
            "'예시'가 표시되며, 메일은 보내지 않고 실제 실행의 기록도 바꾸지 않습니다.",
        ),
    ),
    credentials=(
        Credential(
            DATAGOKR_KEY,
            "공공데이터포털 인증키(보탬e·K-Startup)",
            "data.go.kr 마이페이지 > 개발계정 > 일반 인증키. Encoding·Decoding 어느 쪽을 넣어도 됩니다. "
            "데이터셋 15156853, 15125364를 각각 활용신청해야 합니다.",
        ),
        Credential(BIZINFO_KEY, "기업마당 API 인증키(crtfcKey)", "bizinfo.go.kr > 정책정보 개방 > API 신청"),
        *NOTIFY_CREDENTIALS["email"],  # only when the mail server asks for a login (설정 > 메일 계정)
    ),
    network=True,
    sends_messages=True,
    write_samples=write_samples,
    settings=SETTINGS,  # the source addresses: the 설정 dialog's 공모사업 tab
    pages=("edit-profiles",),  # the GUI draws a page to edit grant_profiles.toml
    outcomes=("신규", "변경"),
)
