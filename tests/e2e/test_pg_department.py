"""Department mode end to end (issue 18): several PCs (processes with their own homes) send through the
loopback Solapi stub with one shared PostgreSQL ledger, and every recipient gets exactly one message."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from core.store_config import HMAC_KEY, PASSWORD
from tests.e2e import test_grant_alerts_e2e as grant_e2e
from tests.e2e.test_no_personal_data_leaks import leaks
from tests.support.notify_stubs import GatewayStub
from tests.support.pg_scan import database_text, dump_text
from tests.support.pg_server import PgServer

CHILD = Path(__file__).resolve().parents[1] / "support" / "pg_send_child.py"
COUNT = 2000
KEY = "dept-key-1f2e3d"  # store-hmac-key: the same on every PC, handed out by the 정보화 team
world = grant_e2e.world  # the loopback grant sources and SMTP server, as in the grant-alerts e2e tests


def expected(numbers: range) -> dict[str, str]:
    return {f"0107{i // 10000:03d}{i % 10000:04d}": f"[광주시] {i}번 신청 접수 안내입니다. 문의 031-760-1234" for i in numbers}


def start_pcs(
    tmp_path: Path, server: PgServer, database: str, stub: GatewayStub, ranges: list[tuple[int, int]], tag: str = "pc"
) -> list[subprocess.Popen[str]]:
    """One process per range, each with its own home, started together once all have opened the store."""
    procs = []
    for i, (first, last) in enumerate(ranges):
        home = tmp_path / f"{tag}{i}"
        home.mkdir()
        env = {**os.environ, "HAENGBOT_HOME": str(home), PASSWORD.env_var: server.password, HMAC_KEY.env_var: KEY}
        args = [str(home), stub.url, server.url(database), f"{tag}-{i}", str(first), str(last)]
        procs.append(
            subprocess.Popen(
                [sys.executable, str(CHILD), *args, "reverse" if i % 2 else "forward"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n", p.stderr.read() if p.stderr else ""
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    return procs


def finish(procs: list[subprocess.Popen[str]]) -> list[dict[str, int]]:
    counts = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        counts.append(json.loads(out.strip().splitlines()[-1])["counts"])
    return counts


def test_two_pcs_same_2000_cases_each_recipient_once(tmp_path: Path, pg_server: PgServer, pg_database: str) -> None:
    with GatewayStub() as stub:
        a, b = finish(start_pcs(tmp_path, pg_server, pg_database, stub, [(0, COUNT), (0, COUNT)]))
    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    assert {r["to"]: r["text"] for r in stub.received} == expected(range(COUNT))
    assert a.get("접수", 0) + b.get("접수", 0) == COUNT
    assert a.get("접수", 0) > 0 and b.get("접수", 0) > 0  # both PCs really sent (started together, from both ends)
    assert sum(a.values()) == sum(b.values()) == COUNT and set(a) | set(b) <= {"접수", "이미 발송", "확인 필요"}


def test_four_pcs_on_overlapping_lists(tmp_path: Path, pg_server: PgServer, pg_database: str) -> None:
    ranges = [(0, 1200), (400, 1600), (800, 2000), (0, 2000)]
    with GatewayStub() as stub:
        counts = finish(start_pcs(tmp_path, pg_server, pg_database, stub, ranges))
    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    assert {r["to"]: r["text"] for r in stub.received} == expected(range(COUNT))
    assert sum(c.get("접수", 0) for c in counts) == COUNT
    # Each PC accounts for every case of its own list: sent by it, already sent by another PC, or (a row another
    # PC was sending at that moment) 확인 필요. Nothing else, and nothing twice.
    for (first, last), c in zip(ranges, counts, strict=True):
        assert set(c) <= {"접수", "이미 발송", "확인 필요"} and sum(c.values()) == last - first, c


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_pc_killed_mid_send_then_another_reruns(tmp_path: Path, pg_server: PgServer, pg_database: str) -> None:
    with GatewayStub() as stub:
        stub.script.extend(["ok"] * 9 + ["hold"])  # the 10th batch of 50 is accepted, its answer never arrives
        (victim,) = start_pcs(tmp_path, pg_server, pg_database, stub, [(0, COUNT)], tag="killed")
        try:
            assert stub.held.wait(60), "the sender never reached the held batch"
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(30)
        finally:
            if victim.poll() is None:
                victim.kill()
            stub.release.set()
        assert victim.returncode == -signal.SIGKILL
        assert len(stub.received) == 500  # 9 answered batches + the held one, accepted by the gateway

        (other,) = finish(start_pcs(tmp_path, pg_server, pg_database, stub, [(0, COUNT)], tag="other"))
        # The held batch is in doubt on the shared ledger: the other PC does not send it again.
        assert other == {"이미 발송": 450, "확인 필요": 50, "접수": 1500}
    per_number = Counter(r["to"] for r in stub.received)
    assert len(per_number) == COUNT and set(per_number.values()) == {1}
    assert {r["to"]: r["text"] for r in stub.received} == expected(range(COUNT))


def test_grant_alerts_on_two_pcs_sends_one_digest(
    world: tuple[Any, Any], haengbot_home: Path, tmp_path: Path, pg_server: PgServer, pg_database: str, monkeypatch: Any
) -> None:
    """Two PCs (two homes with the same settings and profiles) run the scheduled grant-alerts command at the
    same moment against one store.url: the department's digest goes out once."""
    import datetime as dt
    import shutil
    import threading

    from tests.e2e.test_grant_alerts_e2e import PLANNING, cdata, run

    server, inbox = world
    today = dt.date.today()
    later = (today + dt.timedelta(days=30)).strftime("%Y%m%d")
    for item in server.fixtures["botame"]:
        wrapped = item["PBLANC_NM"].startswith("<![CDATA[")
        item.update(
            {
                "BSNSYEAR": cdata(str(today.year)) if wrapped else str(today.year),
                "RCEPT_END_DE": cdata(later) if wrapped else later,
            }
        )
    for item in server.fixtures["bizinfo"]:
        item["reqstBeginEndDe"] = f"{today:%Y%m%d} ~ {later}"
    for item in server.fixtures["kstartup"]:
        item["pbanc_rcpt_end_dt"] = later
    other_home = tmp_path / "pc2"
    other_home.mkdir()
    for name in ("settings.toml", "grant_profiles.toml"):
        shutil.copy(haengbot_home / name, other_home / name)
    monkeypatch.setenv("HAENGBOT_SETTING_STORE_URL", pg_server.url(pg_database))
    monkeypatch.setenv(PASSWORD.env_var, pg_server.password)
    monkeypatch.setenv(HMAC_KEY.env_var, KEY)
    results: dict[str, tuple[int, dict[str, Any], str]] = {}

    def pc(name: str, home: Path) -> None:
        results[name] = run(home, tmp_path / f"{name}.xlsx", "profile=기본")

    threads = [threading.Thread(target=pc, args=(n, h)) for n, h in (("pc1", haengbot_home), ("pc2", other_home))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    for code, _, log in results.values():
        assert code == 0, log
    sent = sorted(r[1]["summary"]["요약 메일 보낸 수"] for r in results.values())
    assert sent == [0, 2]
    quiet = next(r[1]["summary"] for r in results.values() if r[1]["summary"]["요약 메일 보낸 수"] == 0)
    # The second PC waited for the first one's run lock, then found every call already seen by the department.
    assert str(quiet["요약 메일: 기본"]).startswith(("오늘 이미 보냄", "알릴 공고 없음"))
    assert sorted(str(m["To"]) for m in inbox.messages) == sorted(PLANNING)  # one digest, once
    # The local homes kept no ledger of their own: both used the shared store.
    assert not (haengbot_home / "haengbot.sqlite3").exists() and not (other_home / "haengbot.sqlite3").exists()
    # Nothing personal in the shared database after the mail went out (tests/e2e/test_pg_no_personal_data.py).
    assert leaks(database_text(pg_server, pg_database) + dump_text(pg_server, pg_database)) == []
