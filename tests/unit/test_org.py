"""The built-in 기관 list and settings from the environment (issue 10: no city is built in).

Guards: local-income-tax's ``city`` defaulted to 경기도 광주시 and ``notify.org_name`` to 광주시, so a
clerk in 수원 had every person flagged 납세지 확인 and citizens got texts headed "[광주시]"; and no
setting could come from the environment of a managed PC or an unattended run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core import org
from core.errors import InputError
from core.settings import SOURCE_DEFAULT, SOURCE_ENV, SOURCE_FILE, Settings, env_var


def test_list_holds_every_sido_and_sigungu_as_of_2026() -> None:
    table = org.regions().sigungu
    assert len(table) == 17
    # 226 autonomous 시·군·구 before 2026-07-01, 227 after 인천's reorganisation, plus 제주's two 행정시.
    assert sum(len(names) for names in table.values()) == 229
    assert "강원특별자치도" in table and "전북특별자치도" in table and "강원도" not in table
    assert "군위군" in table["대구광역시"] and "군위군" not in table["경상북도"]
    assert {"제물포구", "영종구", "검단구"} <= set(table["인천광역시"]) and "중구" not in table["인천광역시"]
    assert table["세종특별자치시"] == () and table["제주특별자치도"] == ("제주시", "서귀포시")
    assert len(table["서울특별시"]) == 25 and len(table["경기도"]) == 31
    assert all(len(set(names)) == len(names) for names in table.values())


@pytest.mark.parametrize(
    ("text", "sido", "expected"),
    [
        ("광주시", None, org.Org("경기도", "광주시")),
        ("경기 광주시", None, org.Org("경기도", "광주시")),
        ("광주광역시 북구", None, org.Org("광주광역시", "북구")),
        ("중구", "서울", org.Org("서울특별시", "중구")),
        ("강원도 고성군", None, org.Org("강원특별자치도", "고성군")),
        ("세종", None, org.Org("세종특별자치시", "")),
        ("부산진구", "경기도", org.Org("부산광역시", "부산진구")),  # a name found in one 시·도 only moves there
    ],
)
def test_find_reads_what_clerks_write(text: str, sido: str | None, expected: org.Org) -> None:
    assert org.find(text, sido) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("수원", "'수원'은 시·군·구 목록에 없습니다.\n  → 비슷한 이름: 경기도 수원시"),
        ("남양주", "'남양주'는 시·군·구 목록에 없습니다.\n  → 비슷한 이름: 경기도 남양주시, 경기도 양주시"),
        (
            "고성군",
            "'고성군'은 여러 시·도에 있습니다: 강원특별자치도 고성군, 경상남도 고성군.\n"
            "  → '강원특별자치도 고성군'처럼 시·도와 함께 적으십시오.",
        ),
        ("인천광역시 중구", "인천광역시 중구는 2026-07-01부터 인천광역시 제물포구, 인천광역시 영종구로 바뀌었습니다."),
        ("경기도 강남구", "'강남구'는 경기도의 시·군·구 목록에 없습니다.\n  → 비슷한 이름: 서울특별시 강남구"),
    ],
)
def test_unknown_names_get_korean_errors_with_near_matches(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        org.find(text)
    assert str(caught.value).startswith(message)


def test_environment_wins_over_the_file_typed(haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    settings.set("network.timeout_seconds", 10)
    settings.save()
    assert (Settings().get("network.timeout_seconds"), Settings().source("network.timeout_seconds")) == (10, SOURCE_FILE)
    assert Settings().source("network.proxy_url") == SOURCE_DEFAULT
    monkeypatch.setenv("HAENGBOT_SETTING_NETWORK_TIMEOUT_SECONDS", "45")
    monkeypatch.setenv("HAENGBOT_SETTING_NETWORK_VERIFY_TLS", "false")
    monkeypatch.setenv("HAENGBOT_SETTING_ORG_SIGUNGU", "수원시")
    fresh = Settings()
    assert fresh.get("network.timeout_seconds") == 45
    assert fresh.get("network.verify_tls") is False
    assert fresh.source("network.timeout_seconds") == SOURCE_ENV and fresh.fixed_by_env("org.sigungu")
    assert env_var("org.sigungu") == "HAENGBOT_SETTING_ORG_SIGUNGU"
    # The file says 경기도 광주시; the environment names 수원시 alone and that is enough to know its 시·도.
    assert org.from_settings(fresh) == org.Org("경기도", "수원시")
    monkeypatch.setenv("HAENGBOT_SETTING_NETWORK_TIMEOUT_SECONDS", "마흔")
    with pytest.raises(InputError, match="환경 변수 HAENGBOT_SETTING_NETWORK_TIMEOUT_SECONDS의 값 '마흔'은 정수여야"):
        Settings().get("network.timeout_seconds")


def test_unset_org_stops_with_how_to_set_it(haengbot_home: Path) -> None:
    (haengbot_home / "settings.toml").unlink()
    with pytest.raises(InputError) as caught:
        org.require_org(Settings(), "납세지를 확인할 수 없습니다")
    assert caught.value.exit_code == 2
    assert str(caught.value) == ("기관(시·도, 시·군·구)이 정해져 있지 않아 납세지를 확인할 수 없습니다.\n  → " + org.HOWTO)
    assert "python main.py settings set org.sigungu 광주시" in org.HOWTO and "[설정] > [기관]" in org.HOWTO
