"""scripts/pg-department-setup.sh (issue 18): the 정보화 team's least-privilege setup, then store init by the
owner; the clerk role works with the app's tables and cannot create, alter or drop anything."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from core.store_config import PASSWORD
from tests.support.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]


def test_setup_script_then_store_init_then_clerk(pg_server: PgServer, tmp_path: Path) -> None:
    import psycopg

    tag = secrets.token_hex(3)
    db, owner, clerk = f"hb_{tag}", f"hb_owner_{tag}", f"hb_clerk_{tag}"
    env = {
        **os.environ,
        "PGHOST": pg_server.host,
        "PGPORT": str(pg_server.port),
        "PGUSER": "haengbot_admin",
        "PGPASSWORD": pg_server.password,
        "OWNER_PASSWORD": "owner-pw-3",
        "CLERK_PASSWORD": "clerk-pw-3",
    }
    try:
        setup = subprocess.run(
            ["bash", "scripts/pg-department-setup.sh", db, owner, clerk],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert setup.returncode == 0, setup.stderr
        assert setup.stdout == (
            f"만들었습니다: 데이터베이스 {db}, 소유자 {owner}, 담당자 {clerk}. "
            "이제 소유자 계정으로 'python main.py store init'을 실행하십시오.\n"
        )
        base = {**os.environ, "HAENGBOT_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
        init = subprocess.run(
            [sys.executable, "main.py", "store", "init"],
            cwd=ROOT,
            env={**base, "HAENGBOT_SETTING_STORE_URL": pg_server.url(db, user=owner), PASSWORD.env_var: "owner-pw-3"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert init.returncode == 0, init.stderr
        code = (
            "from core.store_config import open_store; from core.settings import Settings; "
            "s = open_store(Settings()); s.start_run('overtime-pay', {}, {}); print(len(s.runs(limit=5)))"
        )
        as_clerk = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, "HAENGBOT_SETTING_STORE_URL": pg_server.url(db, user=clerk), PASSWORD.env_var: "clerk-pw-3"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert as_clerk.returncode == 0, as_clerk.stderr
        assert as_clerk.stdout == "1\n"
        dsn = f"postgresql://{clerk}:clerk-pw-3@{pg_server.host}:{pg_server.port}/{db}"
        for statement in ("DROP TABLE runs", "CREATE TABLE mine (x int)", "ALTER TABLE runs ADD COLUMN x int"):
            with psycopg.connect(dsn) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(statement)
    finally:
        with psycopg.connect(pg_server.admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            for role in (clerk, owner):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')
