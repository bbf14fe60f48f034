"""The session's throwaway PostgreSQL is real, on loopback, needs the password, and is empty per test."""

from __future__ import annotations

import pytest

from tests.support import pg_server as pg


def test_server_is_real_postgres_on_loopback_with_password(pg_server: pg.PgServer, pg_database: str) -> None:
    import psycopg

    with psycopg.connect(pg_server.admin_url(pg_database)) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        addr = conn.execute("SELECT inet_server_addr()::text").fetchone()
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert version is not None and int(version[0]) >= 130000
    assert addr == ("127.0.0.1/32",)
    assert tables == (0,)
    # Host connections need the password: the store-password credential is not decoration.
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(pg_server.url(pg_database), connect_timeout=5).close()


def test_each_test_gets_its_own_database(pg_server: pg.PgServer, pg_database: str) -> None:
    import psycopg

    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as conn:
        conn.execute("CREATE TABLE mine (x int)")
    other = pg.create_database(pg_server)
    try:
        with psycopg.connect(pg_server.admin_url(other)) as conn:
            assert conn.execute("SELECT to_regclass('public.mine')").fetchone() == (None,)
    finally:
        pg.drop_database(pg_server, other)


def _run_pg_test(tmp_path: object, **env: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    full = {**os.environ, **env}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-rs",
            "-q",
            "tests/unit/test_pg_server.py::test_each_test_gets_its_own_database",
        ],
        cwd=root,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return f"rc={done.returncode}\n{done.stdout}"


def test_without_postgres_the_tests_skip_visibly_but_ci_fails(tmp_path: object) -> None:
    skipped = _run_pg_test(tmp_path, HAENGBOT_PG_BINDIR="/nonexistent", HAENGBOT_CI="0")
    assert skipped.startswith("rc=0\n"), skipped
    assert "PostgreSQL 을 시작할 수 없어 부서 모드 테스트를 건너뜁니다" in skipped
    assert "1 skipped" in skipped
    failed = _run_pg_test(tmp_path, HAENGBOT_PG_BINDIR="/nonexistent", HAENGBOT_CI="1")
    assert failed.startswith("rc=1\n"), failed
    assert "CI 에서는 PostgreSQL 테스트를 건너뛸 수 없습니다" in failed
