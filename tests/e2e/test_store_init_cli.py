"""``python main.py store init`` (issue 18): the owner prepares the shared store once; the clerks' role may then
read and write the app's tables, but before that it is told, in Korean, to have store init run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.store_config import PASSWORD
from tests.support.pg_server import PgServer

# Every numbered migration file; the count is what `store init` applies to an empty database.
MIGRATIONS = len(list((Path(__file__).resolve().parents[2] / "core" / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql")))

ROOT = Path(__file__).resolve().parents[2]


def cli(home: Path, url: str, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HAENGBOT_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "HAENGBOT_SETTING_STORE_URL": url,
        PASSWORD.env_var: password,
    }
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_store_init_then_the_clerk_role_works(pg_server: PgServer, pg_database: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        admin.execute("CREATE ROLE clerk_init LOGIN PASSWORD 'clerk-pw-2'")
    clerk_url = pg_server.url(pg_database, user="clerk_init")
    try:
        code = (
            "from core.store_config import open_store; from core.settings import Settings; "
            "s = open_store(Settings()); r = s.start_run('overtime-pay', {}, {}); print(len(s.runs(limit=5)))"
        )
        before = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={
                **os.environ,
                "HAENGBOT_HOME": str(tmp_path),
                "HAENGBOT_SETTING_STORE_URL": clerk_url,
                PASSWORD.env_var: "clerk-pw-2",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert before.returncode != 0
        assert "'python main.py store init'을 한 번 실행해야 합니다" in before.stderr

        done = cli(tmp_path, pg_server.url(pg_database), pg_server.password, "store", "init", "--grant", "clerk_init")
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"공유 저장소 haengbot_admin@127.0.0.1:{pg_server.port}/{pg_database}: {MIGRATIONS}개 변경을 적용했습니다 (스키마 {MIGRATIONS}/{MIGRATIONS}).\n"
            "'clerk_init' 계정에 표 읽기·쓰기 권한을 주었습니다(표를 만들거나 지울 권한은 없습니다).\n"
        )
        again = cli(tmp_path, pg_server.url(pg_database), pg_server.password, "store", "init")
        assert again.stdout.endswith(f"이미 최신입니다 (스키마 {MIGRATIONS}/{MIGRATIONS}).\n")

        after = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={
                **os.environ,
                "HAENGBOT_HOME": str(tmp_path),
                "HAENGBOT_SETTING_STORE_URL": clerk_url,
                PASSWORD.env_var: "clerk-pw-2",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert after.returncode == 0, after.stderr
        assert after.stdout == "1\n"
        # Least privilege: the clerks' role cannot change the schema.
        with psycopg.connect(
            pg_server.admin_url(pg_database).replace("haengbot_admin:" + pg_server.password, "clerk_init:clerk-pw-2")
        ) as c:
            try:
                c.execute("DROP TABLE runs")
                raise AssertionError("the clerk role dropped a table")
            except psycopg.errors.InsufficientPrivilege:
                pass
    finally:
        with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
            admin.execute("DROP OWNED BY clerk_init")
            admin.execute("DROP ROLE clerk_init")
