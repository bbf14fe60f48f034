"""SIGKILL in the middle of a web entry, then re-runs: every record is on the site exactly once, and
the ones left in doubt are settled by reading the site back before anything is retyped (issue 16).

Twelve generic records. Run 1 is killed while the replica holds the answer to record 4's save, which
it has stored: record 4 is saved but never confirmed. Run 2 is killed while the replica holds record
8's save, which it then throws away: record 8 is in doubt and not saved. Run 3 finishes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.store import Store
from tests.support.replica_hygiene import Replica, make_records
from tests.support.robot_helpers import chromium, xvfb

ROOT = Path(__file__).resolve().parents[2]
CHILD = ROOT / "tests" / "support" / "robot_child.py"
N = 12


@pytest.fixture
def env(haengbot_home: Path) -> Iterator[dict[str, str]]:
    with xvfb() as display:
        yield {**os.environ, "DISPLAY": display, "HAENGBOT_BROWSER": chromium(), "HAENGBOT_HOME": str(haengbot_home)}


def start(home: Path, url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(home), url, str(N)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes the driver with it
    )


def kill_when_held(site: Replica, child: subprocess.Popen[str]) -> list[str]:
    assert site.held.wait(180), child.stderr.read() if child.poll() is not None and child.stderr else "never held"
    os.killpg(child.pid, signal.SIGKILL)
    out, _err = child.communicate(timeout=60)
    site.held.clear()
    return out.splitlines()


def effects(home: Path) -> dict[str, str]:
    rows = Store(home / "haengbot.sqlite3").connect().execute("SELECT case_key, status FROM effects")
    return {r[0]: r[1] for r in rows}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.timeout(600)
def test_sigkill_then_rerun_enters_every_record_exactly_once(env: dict[str, str], haengbot_home: Path) -> None:
    keys = [key for key, _ in make_records(N)]
    with Replica(hang_key=keys[3], drop_key=keys[7]) as site:
        first = kill_when_held(site, start(haengbot_home, site.url, env))
        assert [line.split("\t")[0] for line in first] == keys[:3]
        assert site.saved == {k: 1 for k in keys[:4]}  # record 4 stored; its answer never came
        assert effects(haengbot_home) == {**{k: "sent" for k in keys[:3]}, keys[3]: "sending"}

        second = kill_when_held(site, start(haengbot_home, site.url, env))
        assert second == [
            f"{keys[0]}\t이미 입력\t",
            f"{keys[1]}\t이미 입력\t",
            f"{keys[2]}\t이미 입력\t",
            f"{keys[3]}\t이미 입력\t일치",  # in doubt: found by the read-back, not typed again
            f"{keys[4]}\t입력 완료\t일치",
            f"{keys[5]}\t입력 완료\t일치",
            f"{keys[6]}\t입력 완료\t일치",
        ]
        assert site.posts[keys[7]] == 1 and keys[7] not in site.saved
        assert effects(haengbot_home)[keys[7]] == "sending"

        site.drop_key = ""
        third = start(haengbot_home, site.url, env)
        out, err = third.communicate(timeout=300)
        assert third.returncode == 0, err
        assert (
            out.splitlines()
            == [
                *(f"{k}\t이미 입력\t" for k in keys[:7]),
                f"{keys[7]}\t입력 완료\t일치",  # in doubt, not found by the read-back: typed now, once
                *(f"{k}\t입력 완료\t일치" for k in keys[8:]),
                "done",
            ]
        )
        assert site.saved == {k: 1 for k in keys}  # every record on the site exactly once
        assert site.posts == {**{k: 1 for k in keys}, keys[7]: 2}  # the thrown-away save, then the real one
    assert effects(haengbot_home) == {k: "sent" for k in keys}
    reasons = (
        Store(haengbot_home / "haengbot.sqlite3")
        .connect()
        .execute("SELECT case_key, reason FROM effects WHERE reason IS NOT NULL")
    )
    assert dict(reasons.fetchall()) == {keys[3]: "다시 읽어 보니 저장되어 있었음(웹 입력 로봇)"}
