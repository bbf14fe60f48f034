"""``store status`` and the CLI's readers on the shared store (issue 18): which store, the schema version,
for PostgreSQL the server and the role; ``ledger list`` reads the department's ledger, not this PC's file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core import credentials
from core.effects import EffectKey, EffectKind, EffectsLedger, Record
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from tests.support.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]
LATEST = max(int(p.name[:4]) for p in (ROOT / "core" / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def cli(home: Path, *args: str, url: str = "", password: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAENGBOT_SETTING_", "HAENGBOT_SECRET_"))}
    env.update(HAENGBOT_HOME=str(home), HAENGBOT_SETTING_STORE_URL=url)
    if password:
        env[PASSWORD.env_var] = password
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_status_of_this_pcs_store(tmp_path: Path) -> None:
    done = cli(tmp_path, "store", "status")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "저장소: 이 PC의 저장소\n"
        f"데이터베이스: {tmp_path / 'haengbot.sqlite3'}\n"
        f"스키마: {LATEST}/{LATEST}\n"
        "손상되어 옮긴 뒤 확인을 기다리는 파일은 없습니다.\n"
    )


def test_status_of_the_shared_store_as_owner_and_as_clerk(pg_server: PgServer, pg_database: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        admin.execute("CREATE ROLE clerk_st LOGIN PASSWORD 'clerk-pw-3'")
        admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    try:
        owner_url = pg_server.url(pg_database)
        done = cli(tmp_path, "store", "status", url=owner_url, password=pg_server.password)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"저장소: 공유 저장소: haengbot_admin@127.0.0.1:{pg_server.port}/{pg_database}\n"
            f"서버: PostgreSQL {version} (127.0.0.1:{pg_server.port}, 데이터베이스 {pg_database})\n"
            "접속 계정: haengbot_admin (표를 만들고 고칠 수 있음)\n"
            f"스키마: {LATEST}/{LATEST}\n"
        )
        assert cli(tmp_path, "store", "init", "--grant", "clerk_st", url=owner_url, password=pg_server.password).returncode == 0
        clerk_url = pg_server.url(pg_database, user="clerk_st")
        done = cli(tmp_path, "store", "status", url=clerk_url, password="clerk-pw-3")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == f"저장소: 공유 저장소: clerk_st@127.0.0.1:{pg_server.port}/{pg_database}"
        assert done.stdout.splitlines()[2:] == ["접속 계정: clerk_st (표 읽기·쓰기만)", f"스키마: {LATEST}/{LATEST}"]
        assert not (tmp_path / "haengbot.sqlite3").exists()  # nothing was opened on this PC
        # A server that cannot be reached: the Korean reason, exit 3.
        down = cli(tmp_path, "store", "status", url="postgresql://clerk@127.0.0.1:1/haengbot", password="x")
        assert down.returncode == 3
        assert down.stderr.endswith(
            "오류: 공유 저장소(clerk@127.0.0.1:1/haengbot)에 연결할 수 없습니다: "
            "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다).\n"
        )
    finally:
        with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
            admin.execute("DROP OWNED BY clerk_st")
            admin.execute("DROP ROLE clerk_st")


def test_ledger_list_reads_the_shared_ledger(
    pg_server: PgServer, pg_database: str, tmp_path: Path, memory_credentials: credentials.MemoryStore
) -> None:
    from core.store_pg import PgStore

    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, "dept-hmac-key-for-tests-0123456789")
    target = parse_store_url(pg_server.url(pg_database))
    assert target is not None
    EffectsLedger(PgStore(target)).claim(
        [Record(EffectKey("welfare-sms", "C7", "접수", "010-2222-3333"), EffectKind.SMS)], run_id="other-pc"
    )
    shared = cli(tmp_path, "ledger", "list", "--json", url=pg_server.url(pg_database), password=pg_server.password)
    assert shared.returncode == 0, shared.stderr
    assert '"case_key": "C7"' in shared.stdout and '"target": "010-****-3333"' in shared.stdout
    local = cli(tmp_path, "ledger", "list")
    assert (local.returncode, local.stdout) == (0, "조건에 맞는 외부 처리 기록이 없습니다.\n")


OVERTIME_KIM = "C:\\결과\\3월 초과근무.xlsx"
OVERTIME_LEE = "D:\\행봇\\초과근무 대사.xlsx"


def test_history_of_the_department_by_clerk_and_task(
    pg_server: PgServer, pg_database: str, tmp_path: Path, memory_credentials: credentials.MemoryStore
) -> None:
    import pytest

    from core import runlock_pg
    from core.runstatus import RunStatus
    from core.store_pg import PgStore

    memory_credentials.set(PASSWORD.id, pg_server.password)
    target = parse_store_url(pg_server.url(pg_database))
    assert target is not None
    store = PgStore(target)
    with pytest.MonkeyPatch.context() as mp:
        for host, clerk, task, output in (
            ("WELFARE-01", "kim", "overtime-pay", OVERTIME_KIM),
            ("WELFARE-02", "lee", "overtime-pay", OVERTIME_LEE),
            ("WELFARE-02", "lee", "welfare-sms", None),
        ):
            mp.setattr(runlock_pg, "this_pc", lambda h=host, c=clerk: (h, c))
            run_id = store.start_run(task, {}, {})
            store.finish_run(run_id, RunStatus.DONE if output else RunStatus.FAILED, output_path=output)
    when = {r.output_path: r.started_at[:16].replace("T", " ") for r in store.runs()}
    url = pg_server.url(pg_database)
    done = cli(tmp_path, "history", "--task", "overtime-pay", "--clerk", "lee", url=url, password=pg_server.password)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "시작 시각\t작업\t담당자\tPC\t상태\t결과 파일\n"
        f"{when[OVERTIME_LEE]}\t초과근무 ↔ 시간외근무수당 대사\tlee\tWELFARE-02\t완료\t{OVERTIME_LEE}\n"
    )
    lee = cli(tmp_path, "history", "--clerk", "lee", "--json", url=url, password=pg_server.password)
    assert [(r["task"], r["status"], r["host"], r["output"]) for r in json.loads(lee.stdout)] == [
        ("welfare-sms", "failed", "WELFARE-02", None),
        ("overtime-pay", "done", "WELFARE-02", OVERTIME_LEE),
    ]
    every = cli(tmp_path, "history", "--task", "overtime-pay", "--json", url=url, password=pg_server.password)
    assert sorted(r["clerk"] for r in json.loads(every.stdout)) == ["kim", "lee"]
    bad = cli(tmp_path, "history", "--task", "no-such-task", url=url, password=pg_server.password)
    assert (bad.returncode, bad.stderr) == (
        2,
        "오류: 'no-such-task' 작업이 없습니다. 작업 id는 'python main.py list'로 봅니다.\n",
    )


def test_history_with_the_server_out_of_reach_shows_this_pcs_journal(tmp_path: Path) -> None:
    """An Excel task run while the server is down is kept in this PC's journal (part A); ``history`` shows it,
    with who and where, under a line saying why only this PC's runs are shown."""
    import getpass
    import platform

    home, down = tmp_path / "home", "postgresql://clerk@127.0.0.1:1/haengbot"
    assert cli(home, "sample", "overtime-pay", "--dir", str(tmp_path / "예시")).returncode == 0
    inputs = [
        "--input",
        f"records={tmp_path / '예시' / 'records.xlsx'}",
        "--input",
        f"payments={tmp_path / '예시' / 'payments.csv'}",
    ]
    ran = cli(home, "run", "overtime-pay", *inputs, "--output", str(tmp_path / "결과.xlsx"), url=down, password="x")
    assert ran.returncode == 0, ran.stderr
    shown = cli(home, "history", url=down, password="x")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[:2] == [
        "※ 공유 저장소(clerk@127.0.0.1:1/haengbot)에 연결할 수 없습니다: 서버에 연결할 수 없습니다(서버가 꺼져 있거나 "
        "네트워크가 끊겼습니다). 이 PC에 보관 중인(아직 올리지 않은) 실행 기록만 보입니다.",
        "시작 시각\t작업\t담당자\tPC\t상태\t결과 파일",
    ]
    assert len(lines) == 3
    assert lines[2].split("\t")[1:] == [
        "초과근무 ↔ 시간외근무수당 대사",
        getpass.getuser(),
        platform.node(),
        "완료",
        str(tmp_path / "결과.xlsx"),
    ]
