"""The department-mode run lock (issue 18): an advisory lock that names the PC and clerk holding it,
waits the set time, and is gone the moment the holding process dies."""

from __future__ import annotations

import getpass
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import credentials
from core.runlock_pg import PgRunLock, RunLockedElsewhere, parse_holder, task_key
from core.store_config import PASSWORD, StoreTarget, parse_store_url
from tests.support.pg_server import PgServer

CHILD = Path(__file__).resolve().parents[1] / "support" / "pg_lock_child.py"


@pytest.fixture
def target(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> StoreTarget:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    parsed = parse_store_url(pg_server.url(pg_database))
    assert parsed is not None
    return parsed


@pytest.fixture
def holder(pg_server: PgServer, target: StoreTarget) -> Iterator[subprocess.Popen[str]]:
    """Another process holding welfare-sms's lock as run 'abcdef0123'."""
    env = {**os.environ, PASSWORD.env_var: pg_server.password}
    url = f"postgresql://{target.user}@{target.host}:{target.port}/{target.dbname}"
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), url, "welfare-sms", "abcdef0123"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(30)


def test_second_run_waits_then_stops_naming_pc_and_clerk(target: StoreTarget, holder: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    with pytest.raises(RunLockedElsewhere) as caught:
        PgRunLock(target, "welfare-sms", "복지 문자 안내").acquire("mine", wait_s=1.5)
    waited = time.monotonic() - started
    assert 1.4 <= waited < 10
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        f"'복지 문자 안내' 작업을 이미 실행 중입니다(PC {platform.node()}, 담당자 {getpass.getuser()}, 실행 번호 abcdef01). "
        "1.5초를 기다렸지만 끝나지 않아, 같은 문자가 두 번 가지 않도록 이번 실행은 시작하지 않았습니다. "
        "그 실행이 끝난 뒤 다시 실행하십시오."
    )
    # Another task is not in the way.
    with PgRunLock(target, "grant-alerts").acquire("other", wait_s=1):
        pass


def test_the_lock_goes_when_the_holder_is_killed(target: StoreTarget, holder: subprocess.Popen[str]) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(30)
    with PgRunLock(target, "welfare-sms").acquire("after-kill", wait_s=10) as lock:
        assert lock._conn is not None


def test_a_waiting_run_goes_ahead_when_the_holder_finishes(target: StoreTarget, holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("done\n")
    holder.stdin.flush()
    with PgRunLock(target, "welfare-sms").acquire("next", wait_s=20):
        pass
    assert holder.wait(30) == 0


def test_release_lets_the_next_one_in_at_once(target: StoreTarget) -> None:
    first = PgRunLock(target, "welfare-sms").acquire("one")
    with pytest.raises(RunLockedElsewhere):
        PgRunLock(target, "welfare-sms").acquire("two", wait_s=0.2)
    first.release()
    PgRunLock(target, "welfare-sms").acquire("three", wait_s=0.2).release()


def test_keys_and_holder_text() -> None:
    assert task_key("welfare-sms") == task_key("welfare-sms") != task_key("grant-alerts")
    assert 0 <= task_key("welfare-sms") < 2**31
    assert parse_holder("HB-lock|PC-07|kim|abcdef01") is not None
    assert parse_holder("psql") is None
