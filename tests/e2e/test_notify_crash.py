"""Crash test (issue 5): a sender killed with SIGKILL mid-batch; the re-run never double-sends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.support.notify_stubs import GatewayStub

CHILD = Path(__file__).with_name("notify_crash_child.py")
COUNT = 2000


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_sender_rerun_sends_each_message_exactly_once(tmp_path: Path) -> None:
    env = {**os.environ, "HAENGBOT_HOME": str(tmp_path)}
    with GatewayStub() as stub:
        stub.script.extend(["ok"] * 9 + ["hold"])  # the 10th batch of 100 is accepted, its answer never arrives
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(tmp_path), stub.url, str(COUNT), "run-1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert stub.held.wait(60), "the child never reached the held batch"
            os.kill(child.pid, signal.SIGKILL)
            child.wait(30)
        finally:
            if child.poll() is None:
                child.kill()
            stub.release.set()
        assert child.returncode == -signal.SIGKILL
        assert len(stub.received) == 1000  # 9 answered batches + the held one, accepted by the server

        rerun = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path), stub.url, str(COUNT), "run-2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert rerun.returncode == 0, rerun.stderr
        summary = json.loads(rerun.stdout.strip().splitlines()[-1])
        assert summary["counts"] == {"이미 발송": 900, "확인 필요": 100, "접수": 1000}

        third = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path), stub.url, str(COUNT), "run-3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert json.loads(third.stdout.strip().splitlines()[-1])["counts"] == {"이미 발송": 1900, "확인 필요": 100}

    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    expected = {
        f"0107{i // 10000:03d}{i % 10000:04d}": f"[광주시] {i}번 신청 접수 안내입니다. 문의 031-760-1234" for i in range(COUNT)
    }
    assert {r["to"]: r["text"] for r in stub.received} == expected


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("kill_after", [0.3, 0.7, 1.1])
def test_kill_at_any_moment_never_double_sends(tmp_path: Path, kill_after: float) -> None:
    """No held batch: the kill lands wherever it lands (claim, request, answer, mark)."""
    import time

    env = {**os.environ, "HAENGBOT_HOME": str(tmp_path)}
    with GatewayStub(latency=0.06) as stub:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(tmp_path), stub.url, str(COUNT), "run-1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while stub.requests == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(kill_after)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        first = len(stub.received)
        rerun = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path), stub.url, str(COUNT), "run-2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert rerun.returncode == 0, rerun.stderr
        counts = json.loads(rerun.stdout.strip().splitlines()[-1])["counts"]
    per_number = Counter(r["to"] for r in stub.received)
    assert set(per_number.values()) == {1}, "a message reached the server twice"
    doubt = counts.get("확인 필요", 0)
    assert doubt <= 100  # at most the one batch that was in flight
    assert counts.get("이미 발송", 0) + doubt + counts.get("접수", 0) == COUNT
    assert first < COUNT, "the child finished before the kill: the test proved nothing"
    # every message not in doubt arrived exactly once; one in doubt arrived once or (killed before the request) not at all
    assert COUNT - doubt <= len(per_number) <= COUNT
