"""`settings list|get|set`, and the tasks taking the 기관 from it (issue 10: no city is built in).

Guards: a clerk in 수원 had 54 of 54 people flagged 납세지 확인 (the city defaulted to 경기도 광주시)
and citizens got texts headed "[광주시]"; there was no way to set the 기관 (or any setting) without
the window, nor from the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from core.org import HOWTO
from tests.helpers import key_values, run_cli, run_json, sheet_rows

ROOT = Path(__file__).resolve().parents[2]


def settings_file(home: Path) -> dict:
    return tomllib.loads((home / "settings.toml").read_text(encoding="utf-8"))


def test_settings_set_get_list_with_sources(haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_cli("settings", "set", "org.sigungu", "수원시")
    assert (code, err) == (0, "")
    assert out == "저장했습니다: org.sido = 경기도\n저장했습니다: org.sigungu = 수원시\n"
    assert settings_file(haengbot_home)["org"] == {"sido": "경기도", "sigungu": "수원시"}
    assert run_cli("settings", "get", "org.sigungu") == (0, "수원시\n", "")

    assert run_cli("settings", "set", "network.timeout_seconds", "45")[0] == 0
    assert settings_file(haengbot_home)["network"]["timeout_seconds"] == 45  # typed, not "45"

    monkeypatch.setenv("HAENGBOT_SETTING_ORG_SIGUNGU", "중구")
    monkeypatch.setenv("HAENGBOT_SETTING_ORG_SIDO", "서울특별시")
    code, out, _ = run_cli("settings", "list", "--json")
    rows = {r["key"]: r for r in json.loads(out)}
    assert rows["org.sigungu"] == {
        "key": "org.sigungu",
        "label": "시·군·구",
        "value": "중구",
        "source": "환경변수",
        "env": "HAENGBOT_SETTING_ORG_SIGUNGU",
    }
    assert (rows["network.timeout_seconds"]["value"], rows["network.timeout_seconds"]["source"]) == (45, "파일")
    assert (rows["network.proxy_mode"]["value"], rows["network.proxy_mode"]["source"]) == ("system", "기본값")
    code, out, _ = run_cli("settings", "list")
    line = next(x for x in out.splitlines() if x.startswith("org.sigungu"))
    assert line.split() == ["org.sigungu", "환경변수", "중구", "시·군·구"]

    code, out, err = run_cli("settings", "set", "org.sigungu", "강남구")  # saved, but the environment decides
    assert code == 0
    assert "주의: 환경 변수 HAENGBOT_SETTING_ORG_SIGUNGU가 정해져 있어 실제로는 그 값(중구)이 쓰입니다." in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("org.sigungu", "수원"), "오류: '수원'은 경기도의 시·군·구 목록에 없습니다.\n  → 비슷한 이름: 경기도 수원시\n"),
        (("org.sido", "경기남도"), "오류: '경기남도'는 시·도 목록에 없습니다.\n  → 비슷한 이름: 경기도, 경상남도\n"),
        (
            ("network.timeout_seconds", "삼십"),
            "오류: 설정 network.timeout_seconds의 값 '삼십'은 정수여야 합니다(응답 대기 시간(초)).\n",
        ),
        (("network.timeout", "30"), "오류: 'network.timeout'라는 설정은 없습니다.\n  → 비슷한 설정: network.timeout_seconds\n"),
    ],
)
def test_settings_set_refuses_bad_values_in_korean(haengbot_home: Path, argv: tuple[str, str], message: str) -> None:
    before = (haengbot_home / "settings.toml").read_bytes()
    assert run_cli("settings", "set", *argv) == (2, "", message)
    assert (haengbot_home / "settings.toml").read_bytes() == before


def _sample(folder: Path, city_word: str | None = None) -> tuple[Path, Path]:
    assert run_cli("sample", "local-income-tax", "--dir", str(folder))[0] == 0
    nts = folder / "nts.csv"
    if city_word:  # the same people, living in another city
        raw = nts.read_bytes()
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "cp949"
        nts.write_bytes(raw.decode(encoding).replace("광주시", city_word).encode(encoding))
    return nts, folder / "local.xlsx"


def _domicile_flags(nts: Path, local: Path, out: Path, *params: str) -> int:
    code, result, err = run_json(
        "run", "local-income-tax", "--input", f"nts={nts}", "--input", f"local={local}", "--output", str(out), *params
    )
    assert code == 0, err
    return result["summary"]["납세지 확인 건수"]


def test_local_income_tax_checks_domicile_against_the_configured_org(tmp_path: Path) -> None:
    gwangju = _domicile_flags(*_sample(tmp_path / "광주"), tmp_path / "광주.xlsx")
    assert 0 < gwangju < 10  # the sample's planted few, not everyone
    assert run_cli("settings", "set", "org.sigungu", "수원시")[0] == 0
    suwon = _domicile_flags(*_sample(tmp_path / "수원", "수원시"), tmp_path / "수원.xlsx")
    assert suwon == gwangju  # before: every 수원 taxpayer was flagged
    assert key_values(tmp_path / "수원.xlsx", "요약")["납세지 기준 시·군"] == "경기도 수원시"
    # A run's own param still wins for that run: against 광주시, every 수원 address is outside.
    nts, local = _sample(tmp_path / "수원2", "수원시")
    flagged = _domicile_flags(nts, local, tmp_path / "o.xlsx", "--param", "city=경기도 광주시")
    assert flagged > 40


def test_local_income_tax_without_org_stops_with_exit_2_and_how_to(haengbot_home: Path, tmp_path: Path) -> None:
    (haengbot_home / "settings.toml").unlink()
    nts, local = _sample(tmp_path)
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli("run", "local-income-tax", "--input", f"nts={nts}", "--input", f"local={local}", "--output", str(out))
    assert code == 2
    assert err.endswith(
        "입력 오류: 기관(시·도, 시·군·구)이 정해져 있지 않아 국세 주소가 우리 시·군인지(납세지) 확인할 수 없습니다.\n"
        f"  → {HOWTO}\n결과 파일은 만들지 않았습니다.\n"
    )
    assert not out.exists()
    # An explicit empty city skips the check and needs no 기관.
    code, _, err = run_cli(
        "run", "local-income-tax", "--input", f"nts={nts}", "--input", f"local={local}", "--output", str(out), "--param", "city="
    )
    assert code == 0, err
    assert "시·군 설정(city)이 비어 있어 납세지 확인은 하지 않았습니다." in err


def test_welfare_sms_header_is_the_configured_sigungu(tmp_path: Path) -> None:
    assert run_cli("sample", "welfare-sms", "--dir", str(tmp_path))[0] == 0
    assert run_cli("settings", "set", "org.sigungu", "수원시")[0] == 0
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli("run", "welfare-sms", "--input", f"cases={tmp_path / 'cases.xlsx'}", "--output", str(out), "--dry-run")
    assert code == 0, err
    texts = [str(r["메시지"]) for r in sheet_rows(out, "발송대상")]
    assert texts and all(t.startswith("[수원시] ") for t in texts), texts[:3]


def test_settings_list_through_main_py_shows_settings_tasks_declare_lazily(haengbot_home: Path) -> None:
    """grant-alerts declares its settings in a module imported on first run: `settings list` still shows them."""
    env = {**os.environ, "HAENGBOT_HOME": str(haengbot_home), "HAENGBOT_SETTING_GRANTS_PAGE_SIZE": "200"}
    proc = subprocess.run(
        [sys.executable, "main.py", "settings", "list", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = {r["key"]: r for r in json.loads(proc.stdout)}
    assert (rows["grants.page_size"]["value"], rows["grants.page_size"]["source"]) == (200, "환경변수")
    assert rows["org.sigungu"]["value"] == "광주시" and rows["notify.org_name"]["value"] == ""
