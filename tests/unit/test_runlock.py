"""The per-task run lock, with real processes: the second run stops and names the first; a dead holder's lock is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.runlock import RunLock, RunLocked
from core.runner import execute
from tasks.welfare_sms import SPEC
from tests.support.notify_helpers import notify_ctx
from tests.unit.test_welfare_sms import BASE, ROWS, write_cases

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from core.runlock import RunLock
lock = RunLock(Path({home!r}), "welfare-sms", "사회보장급여 처리절차 안내 문자")
lock.acquire("childrun0123456789")
print("locked", flush=True)
time.sleep(float(sys.argv[1]))
lock.release()
print("released", flush=True)
time.sleep(60)
"""


def hold(home: Path, seconds: float = 120) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), home=str(home)), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_second_run_stops_naming_the_first_and_takes_over_once_it_is_killed(tmp_path: Path) -> None:
    """Guards interleaving: two runs of one sending task on one home. A killed holder never blocks forever."""
    child = hold(tmp_path)
    lock = RunLock(tmp_path, "welfare-sms", "사회보장급여 처리절차 안내 문자")
    try:
        with pytest.raises(RunLocked) as info:
            lock.acquire("parentrun")
        text = str(info.value)
        assert text.startswith("'사회보장급여 처리절차 안내 문자' 작업이 이미 실행 중입니다(실행 번호 childrun, ")
        assert f" 시작, 프로세스 {child.pid}). 같은 문자가 두 번 가지 않도록 이번 실행은 시작하지 않았습니다." in text
        assert info.value.exit_code == 3
        RunLock(tmp_path, "overtime-pay").acquire("other-task")  # another task is not held up
    finally:
        child.kill()  # SIGKILL: no clean-up code runs, the OS drops the lock
        child.wait()
    started = time.monotonic()
    lock.acquire("parentrun")
    assert time.monotonic() - started < 1.0
    assert f'"pid": {os.getpid()}' in lock.path.read_text(encoding="utf-8")
    lock.release()


def test_a_short_wait_gets_the_lock_when_the_first_run_ends(tmp_path: Path) -> None:
    child = hold(tmp_path, seconds=0.5)
    try:
        lock = RunLock(tmp_path, "welfare-sms")
        lock.acquire("waiter", wait_s=10, poll_s=0.05)
        lock.release()
    finally:
        child.kill()
        child.wait()


def test_a_sending_run_does_not_start_while_another_holds_the_task(tmp_path: Path) -> None:
    """Through the runner: nothing read, nothing sent, exit 3 with the holder named; a dry run still works."""
    home = tmp_path / "home"
    ctx = notify_ctx(home, **{"notify.upload_dir": str(tmp_path / "up"), "notify.sender_number": ""})
    child = hold(home)
    try:
        outcome = execute(
            SPEC,
            {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
            {"base_date": BASE, "channel": "upload"},
            tmp_path / "r.xlsx",
            ctx,
        )
        assert outcome.status == "failed" and isinstance(outcome.error, RunLocked)
        assert f"프로세스 {child.pid}" in str(outcome.error)
        assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "up").exists()
        assert ctx.store.connect().execute("SELECT COUNT(*) FROM notify_ledger").fetchone()[0] == 0
        ctx.dry_run = True
        dry = execute(
            SPEC,
            {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
            {"base_date": BASE, "channel": "upload"},
            tmp_path / "dry.xlsx",
            ctx,
        )
        assert dry.status == "done", dry.error
    finally:
        child.kill()
        child.wait()
