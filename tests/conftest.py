"""Every test: offscreen Qt, a fresh HAENGBOT_HOME, an in-memory credential store, no internet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from core import credentials  # noqa: E402


@pytest.fixture(autouse=True)
def haengbot_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HAENGBOT_HOME", str(home))
    # Never the real Documents folder, also for runs in child processes (env is inherited).
    monkeypatch.setenv("HAENGBOT_OUTPUT_DIR", str(home / "결과"))
    for key in [k for k in os.environ if k.startswith(("HAENGBOT_SECRET_", "HAENGBOT_SETTING_"))]:
        monkeypatch.delenv(key)
    # A configured 기관, as after the first start: tasks that need it run, and the window does not ask.
    # Tests of an unset 기관 delete this file (see tests/unit/test_org.py).
    (home / "settings.toml").write_text('[org]\nsido = "경기도"\nsigungu = "광주시"\n', encoding="utf-8")
    return home


@pytest.fixture(autouse=True)
def memory_credentials() -> credentials.MemoryStore:
    store = credentials.MemoryStore()
    credentials.set_default_store(store)
    yield store
    credentials.set_default_store(None)


# Department mode (issue 18): one throwaway PostgreSQL for the whole session, started on first use.
# Without PostgreSQL the tests that need it skip with the reason, except in CI (.ci/run sets
# HAENGBOT_CI=1), where a missing server is a failure: CI must never pass by skipping them.
@pytest.fixture(scope="session")
def pg_server() -> object:
    from tests.support import pg_server as pg

    try:
        server = pg.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        if os.environ.get(pg.CI_VARIABLE) == "1":
            pytest.fail(f"CI 에서는 PostgreSQL 테스트를 건너뛸 수 없습니다: {exc}")
        pytest.skip(f"PostgreSQL 을 시작할 수 없어 부서 모드 테스트를 건너뜁니다: {exc}")
    yield server
    pg.stop(server)


@pytest.fixture
def pg_database(pg_server: object) -> object:
    """A fresh empty database on the session's server, dropped after the test: its name."""
    from tests.support import pg_server as pg

    assert isinstance(pg_server, pg.PgServer)
    name = pg.create_database(pg_server)
    yield name
    pg.drop_database(pg_server, name)
