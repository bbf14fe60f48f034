"""One option type for params and settings, settings declared on the task spec, one secret name.

Guards issue 11: a task's settings were registered when its adapters were imported (only in the run's
child process), so ``settings set grants.bizinfo_url …`` said there was no such setting; the secret's
environment-variable name was spelled in three places and one of them forgot the dots.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from core.context import RunContext
from core.credentials import MemoryStore, lookup
from core.errors import RunFailed
from core.options import Option, OptionType, setting
from core.result import Result, SummaryItem
from core.runner import execute
from core.settings import Settings, declared, sections
from core.spec import Credential, Param, ParamType, secret_env_var
from tasks import registry
from tests.helpers import run_cli

RELAY = "http://127.0.0.1:8765/bizinfo"


def test_params_and_settings_are_one_type() -> None:
    assert Param is Option and ParamType is OptionType
    grant = registry().get("grant-alerts")
    assert all(isinstance(o, Option) for o in (*grant.params, *grant.settings))
    page_size = next(o for o in grant.settings if o.key == "grants.page_size")
    assert (page_size.type, page_size.default, page_size.minimum) == (OptionType.INTEGER, 1000, 0)


def test_settings_cli_knows_every_tasks_settings_in_a_fresh_home(haengbot_home: Path) -> None:
    code, out, err = run_cli("settings", "list", "--json")
    assert (code, err) == (0, "")
    rows = {row["key"]: row for row in json.loads(out)}
    assert rows["grants.botame_url"]["value"] == "https://apis.data.go.kr/1051000/MoefOpenAPI2025/T_OPD_ASBS_PBNS_UNITY"
    assert rows["grants.botame_url"]["source"] == "기본값"
    assert run_cli("settings", "set", "grants.bizinfo_url", RELAY) == (0, f"저장했습니다: grants.bizinfo_url = {RELAY}\n", "")
    assert run_cli("settings", "get", "grants.bizinfo_url") == (0, f"{RELAY}\n", "")
    assert run_cli("settings", "set", "grants.page_size", "50")[0] == 0
    assert Settings(options=declared(registry())).get("grants.page_size") == 50  # typed, not "50"


def test_environment_values_of_a_task_setting_are_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAENGBOT_SETTING_GRANTS_MAX_PAGES", "7")
    assert Settings(options=registry().get("grant-alerts").settings).get("grants.max_pages") == 7


def test_a_key_declared_twice_is_caught_when_the_list_is_made() -> None:
    base = registry().get("grant-alerts")
    twin = dataclasses.replace(base, id="grant-twin", title="쌍둥이")
    with pytest.raises(RuntimeError, match=r"'grants\.botame_url' is declared twice"):
        sections([base, twin])


def _greeting_run(tables: Any, params: Any, ctx: RunContext) -> Result:
    return Result(summary=[SummaryItem("인사", ctx.settings.get("toy.greeting"), fmt="")])


def test_a_run_reads_its_tasks_declared_settings(haengbot_home: Path, tmp_path: Path) -> None:
    """The runner hands the task's declarations to the run's settings: nothing registered on import."""
    base = registry().get("grant-alerts")
    toy = dataclasses.replace(
        base,
        id="toy-greeting",
        params=(),
        credentials=(),
        sends_messages=False,
        network=False,
        settings=(setting("toy.greeting", "인사말", "안녕하세요"),),
        run=_greeting_run,
        pages=(),
    )
    settings = Settings()
    assert settings.get("toy.greeting") is None  # not declared to this object yet
    ctx = RunContext(settings=settings, credentials=MemoryStore())
    outcome = execute(toy, {}, {}, tmp_path / "결과.xlsx", ctx)
    assert outcome.status == "done", outcome.error
    assert outcome.result is not None and outcome.result.summary_dict()["인사"] == "안녕하세요"


def test_one_function_names_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    assert secret_env_var("nhn-sms.app-key") == "HAENGBOT_SECRET_NHN_SMS_APP_KEY"
    assert Credential("nhn-sms.app-key", "앱키").env_var == "HAENGBOT_SECRET_NHN_SMS_APP_KEY"
    monkeypatch.setenv("HAENGBOT_SECRET_NHN_SMS_APP_KEY", "from-env")
    assert lookup(MemoryStore(), "nhn-sms.app-key") == "from-env"
    monkeypatch.delenv("HAENGBOT_SECRET_NHN_SMS_APP_KEY")
    with pytest.raises(RunFailed) as caught:
        RunContext(credentials=MemoryStore()).secret("nhn-sms.app-key", "앱키")
    assert "환경 변수 HAENGBOT_SECRET_NHN_SMS_APP_KEY로 넘겨 주십시오" in str(caught.value)


def test_describe_lists_a_tasks_settings() -> None:
    code, out, err = run_cli("describe", "grant-alerts")
    assert (code, err) == (0, "")
    assert "이 작업의 설정 파일 항목 (settings set 이름 값, 설정 창의 작업 탭):\n" in out
    assert (
        "  - grants.bizinfo_url: 기업마당 지원사업정보 API 주소, 기본값 https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do\n" in out
    )
    code, out, err = run_cli("describe", "grant-alerts", "--json")
    keys = [row["key"] for row in json.loads(out)["settings"]]
    assert keys[:2] == ["grants.botame_url", "grants.bizinfo_url"] and len(keys) == 11
