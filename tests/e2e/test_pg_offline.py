"""Issue 18: the shared store out of reach. Excel tasks run and keep their history on this PC (the offline
journal); tasks that send refuse, because exactly once cannot be promised; the next connection uploads the
journal, each run once, also when an upload was cut off between the server's commit and the local delete."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_offline import JOURNAL_NAME, upload_journal
from core.store_pg import PgStore
from tests.support.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once the socket is closed


def cli(home: Path, url: str, pg_server: PgServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HAENGBOT_HOME": str(home),
        "HAENGBOT_SETTING_STORE_URL": url,
        PASSWORD.env_var: pg_server.password,
        HMAC_KEY.env_var: "dept-key",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=180, env=env
    )


def journal_runs(home: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(home / JOURNAL_NAME) as conn:
        rows = conn.execute("SELECT task, status FROM runs ORDER BY started_at, rowid").fetchall()
    conn.close()
    return [(str(a), str(b)) for a, b in rows]


def shared_runs(pg_server: PgServer, database: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(pg_server.admin_url(database)) as conn:
        made = conn.execute("SELECT to_regclass('runs') IS NOT NULL").fetchone()
        if not made or not made[0]:
            return []  # no PC has reached the server yet
        return [tuple(r) for r in conn.execute("SELECT id, task, status FROM runs ORDER BY started_at, id")]


@pytest.mark.slow
def test_offline_excel_tasks_run_sending_refused_then_uploaded(
    pg_server: PgServer, pg_database: str, haengbot_home: Path, tmp_path: Path
) -> None:
    down = f"postgresql://haengbot_admin@127.0.0.1:{closed_port()}/{pg_database}"
    up = pg_server.url(pg_database)
    shown = f"haengbot_admin@127.0.0.1:{down.rsplit(':', 1)[1]}"
    samples: dict[str, dict[str, str]] = {}
    for task in ("local-income-tax", "overtime-pay", "welfare-sms"):
        made = cli(haengbot_home, "", pg_server, "sample", task, "--dir", str(tmp_path / task))
        assert made.returncode == 0, made.stderr
        samples[task] = dict(line.split("\t") for line in made.stdout.splitlines())

    def run(task: str, url: str) -> subprocess.CompletedProcess[str]:
        inputs = [f"--input={k}={v}" for k, v in samples[task].items()]
        return cli(haengbot_home, url, pg_server, "run", task, *inputs, "--output", str(tmp_path / f"{task}-{url[-4:]}.xlsx"))

    kept = (
        f"  주의: 공유 저장소({shown})에 연결할 수 없어 이번 실행 기록은 이 PC에 보관했습니다. "
        "다음에 공유 저장소에 연결되면 자동으로 올립니다.\n"
    )
    lit = run("local-income-tax", down)
    assert lit.returncode == 0, lit.stderr
    assert kept in lit.stderr
    overtime = run("overtime-pay", down)
    assert overtime.returncode == 0, overtime.stderr
    assert kept in overtime.stderr
    welfare = run("welfare-sms", down)
    assert welfare.returncode == 3, welfare.stderr
    refused = (
        f"공유 저장소({shown})에 연결할 수 없어, 같은 분께 두 번 보내지 않는다는 보장을 할 수 없으므로 "
        "보내지 않습니다(부서의 다른 PC가 이미 보냈는지 확인할 수 없습니다).\n"
        "  → 서버나 네트워크가 돌아온 뒤 다시 실행하십시오. 엑셀만 만드는 업무는 지금도 실행할 수 있습니다."
    )
    assert refused in welfare.stderr and "Traceback" not in welfare.stderr
    assert not list(tmp_path.glob("welfare-sms-*.xlsx")) and not list(haengbot_home.glob("**/*문자업로드*"))
    assert journal_runs(haengbot_home) == [("local-income-tax", "done"), ("overtime-pay", "done"), ("welfare-sms", "failed")]
    assert not (haengbot_home / "haengbot.sqlite3").exists()  # the journal is its own file, never the home's store
    assert shared_runs(pg_server, pg_database) == []

    # The server is back: the next run's open uploads the three, then records itself.
    again = run("overtime-pay", up)
    assert again.returncode == 0, again.stderr
    assert "  주의: 이 PC에 보관했던 실행 기록 3건을 공유 저장소에 올렸습니다.\n" in again.stderr
    assert journal_runs(haengbot_home) == []
    runs = shared_runs(pg_server, pg_database)
    assert [(t, s) for _, t, s in runs] == [
        ("local-income-tax", "done"),
        ("overtime-pay", "done"),
        ("welfare-sms", "failed"),
        ("overtime-pay", "done"),
    ]
    assert len({i for i, _, _ in runs}) == 4
    # Another open finds nothing to upload and adds nothing.
    third = run("local-income-tax", up)
    assert third.returncode == 0 and "올렸습니다" not in third.stderr
    assert len(shared_runs(pg_server, pg_database)) == 5


def test_an_upload_cut_off_before_the_local_delete_adds_nothing_twice(
    pg_server: PgServer, pg_database: str, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server committed the runs, then this PC died before deleting them from its journal: the next upload
    finds them already there (ON CONFLICT DO NOTHING) and only then empties the journal."""
    from core.runstatus import RunStatus
    from core.store import Store

    monkeypatch.setenv(PASSWORD.env_var, pg_server.password)
    journal = Store(haengbot_home / JOURNAL_NAME)
    ids = [journal.start_run("overtime-pay", {"month": f"2026-0{m}"}, {}) for m in (1, 2)]
    for run_id in ids:
        journal.finish_run(run_id, RunStatus.DONE, summary={"rows": 3})
    running = journal.start_run("local-income-tax", {}, {})  # still running here: stays until it ends
    journal.close()
    before = haengbot_home / "journal-before-upload"
    shutil.copy(haengbot_home / JOURNAL_NAME, before)
    target = parse_store_url(pg_server.url(pg_database))
    assert target is not None
    shared = PgStore(target)
    assert upload_journal(shared) == 2
    shutil.copy(before, haengbot_home / JOURNAL_NAME)  # as if the process died right after the server's commit
    for tail in ("-wal", "-shm"):
        (haengbot_home / f"{JOURNAL_NAME}{tail}").unlink(missing_ok=True)
    assert upload_journal(shared) == 0
    assert sorted((i, t, s) for i, t, s in shared_runs(pg_server, pg_database)) == sorted(
        (i, "overtime-pay", "done") for i in ids
    )
    record = shared.run(ids[0])
    assert record is not None and record.params == {"month": "2026-01"} and record.summary == {"rows": 3}
    assert [r for r in journal_runs(haengbot_home)] == [("local-income-tax", "running")]
    assert Store(haengbot_home / JOURNAL_NAME).run(running) is not None
