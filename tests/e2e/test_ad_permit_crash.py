"""SIGKILL mid-send (a real child process, as test_notify_crash does), then a re-run: no notice twice,
the ones in flight reported as 확인 필요 on 알림대상 and in the warnings."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.support.notify_stubs import GatewayStub

CHILD = Path(__file__).with_name("deadline_crash_child.py")
COUNT = 300  # three batches of 100
HEAD = ["허가번호", "구분", "광고물종류", "자사여부", "표시위치", "광고주", "연락처", "표시기간시작", "표시기간만료"]


def registry(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i in range(COUNT):  # 2027-01-10 from 2026-11-27: d = 44, 만료 사전안내
        ws.append(
            [
                f"P-{i:04d}",
                "허가",
                "옥상간판",
                "타사",
                "광주시",
                f"광고주{i}",
                f"010-6{i:03d}-{i:04d}",
                "2024-01-10",
                "2027-01-10",
            ]
        )
    wb.save(path)
    return path


def child(tmp_path: Path, url: str, run_id: str) -> list[str]:
    return [
        sys.executable,
        str(CHILD),
        str(tmp_path),
        url,
        str(tmp_path / "permits.xlsx"),
        "2026-11-27",
        run_id,
        str(tmp_path / f"{run_id}.xlsx"),
    ]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_send_then_rerun_sends_no_notice_twice(tmp_path: Path) -> None:
    registry(tmp_path / "permits.xlsx")
    env = {**os.environ, "HAENGBOT_HOME": str(tmp_path)}
    with GatewayStub() as stub:
        stub.script.extend(["ok", "hold"])  # batch 1 answered; batch 2 accepted, its answer never arrives
        proc = subprocess.Popen(
            child(tmp_path, stub.url, "run-1"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            assert stub.held.wait(60), "the child never reached the held batch"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
            stub.release.set()
        assert proc.returncode == -signal.SIGKILL
        assert len(stub.received) == 200
        assert not (tmp_path / "run-1.xlsx").exists()  # no half-written workbook

        rerun = subprocess.run(child(tmp_path, stub.url, "run-2"), env=env, capture_output=True, text=True, timeout=180)
        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout.strip().splitlines()[-1])
        assert report["sends"] == {"이미 발송": 100, "확인 필요": 100, "발송": 100}
        assert any(w.startswith("확인 필요 100건") for w in report["warnings"])

        third = subprocess.run(child(tmp_path, stub.url, "run-3"), env=env, capture_output=True, text=True, timeout=180)
        assert json.loads(third.stdout.strip().splitlines()[-1])["sends"] == {"이미 발송": 200, "확인 필요": 100}

        # the clerk checked the provider's console: the held batch did arrive
        settle = [*child(tmp_path, stub.url, "run-4"), "mark_sent"]
        fourth = subprocess.run(settle, env=env, capture_output=True, text=True, timeout=180)
        assert json.loads(fourth.stdout.strip().splitlines()[-1])["sends"] == {"이미 발송": 300}

    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    rows = list(load_workbook(tmp_path / "run-2.xlsx", read_only=True)["알림대상"].iter_rows(values_only=True))
    doubt = [r for r in rows[1:] if r[-1] == "확인 필요"]
    assert len(doubt) == 100 and {r[2] for r in doubt} == {"만료 사전안내"}
