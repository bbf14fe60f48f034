"""The store on PostgreSQL (issue 18): history works, and effect claims are exactly once across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core import credentials
from core.effects import EffectKey, EffectKind, EffectsLedger, Record
from core.runstatus import RunStatus
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_pg import PgStore, to_pg_query
from tests.support.pg_server import PgServer

CHILD = Path(__file__).resolve().parents[1] / "support" / "pg_claim_child.py"
DEPARTMENT_KEY = "부서-공통-키-2026"  # store-hmac-key, the same on every PC of the department


@pytest.fixture
def url(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> str:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, DEPARTMENT_KEY)
    return pg_server.url(pg_database)


def _store(url: str) -> PgStore:
    target = parse_store_url(url)
    assert target is not None
    return PgStore(target)


def test_query_translation() -> None:
    assert to_pg_query("SELECT * FROM t WHERE a = ? AND b LIKE 'x%?'", True) == ("SELECT * FROM t WHERE a = %s AND b LIKE 'x%%?'")
    assert to_pg_query("SELECT '%'", False) == "SELECT '%'"
    assert to_pg_query("BEGIN IMMEDIATE", False) == "BEGIN"


def test_run_history_on_postgres(url: str) -> None:
    store = _store(url)
    run_id = store.start_run("overtime-pay", {"month": "2026-03"}, {"근무기록": "3월.xlsx"})
    store.finish_run(run_id, RunStatus.DONE, summary={"rows": 12}, output_path="/tmp/결과.xlsx")
    # A second "PC" (another connection, another store object) sees the same history.
    other = _store(url)
    record = other.run(run_id)
    assert record is not None
    assert (record.task, record.status, record.params, record.summary, record.output_path) == (
        "overtime-pay",
        RunStatus.DONE,
        {"month": "2026-03"},
        {"rows": 12},
        "/tmp/결과.xlsx",
    )
    assert [r.id for r in other.runs(limit=5)] == [run_id]


def test_claim_is_atomic_in_one_process(url: str) -> None:
    ledger = EffectsLedger(_store(url))
    key = EffectKey("welfare-sms", "C1", "notice", "010-1234-5678")
    first = ledger.claim([Record(key, EffectKind.SMS)], run_id="r1")
    again = ledger.claim([Record(key, EffectKind.SMS)], run_id="r2")
    assert first[0] is not None and again == [None]
    row = ledger.lookup([key])[key]
    assert (row.status, row.run_id, row.attempts) == ("sending", "r1", 1)
    with _store(url).transaction() as conn:
        masked = conn.execute("SELECT target_masked, target_hash FROM effects").fetchone()
    assert masked[0] == "010-****-5678" and len(masked[1]) == 64 and "5678" not in masked[1]


def _children(url: str, password: str, ranges: list[tuple[int, int]], batch: int = 25) -> list[set[int]]:
    """One child per range, started together (each waits for "go" once connected); odd ones walk backwards."""
    env = {**os.environ, PASSWORD.env_var: password, HMAC_KEY.env_var: DEPARTMENT_KEY}
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHILD), url, f"pc{i}", str(a), str(b), str(batch), "reverse" if i % 2 else "forward"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i, (a, b) in enumerate(ranges)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    outs = []
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0
        outs.append({int(line) for line in out.split()})
    return outs


def _effect_count(url: str) -> Any:
    with _store(url).transaction() as conn:
        return conn.execute("SELECT count(*), count(DISTINCT case_key) FROM effects").fetchone()


def test_two_processes_claim_2000_cases_each_exactly_once(url: str, pg_server: PgServer) -> None:
    a, b = _children(url, pg_server.password, [(0, 2000), (0, 2000)])
    assert a and b  # both really sent: started together, from both ends of the list
    assert a | b == set(range(2000))
    assert a & b == set()
    assert tuple(_effect_count(url)) == (2000, 2000)


def test_four_processes_on_overlapping_lists(url: str, pg_server: PgServer) -> None:
    ranges = [(0, 1200), (400, 1600), (800, 2000), (0, 2000)]
    claimed = _children(url, pg_server.password, ranges)
    everything = set().union(*claimed)
    assert everything == set(range(2000))
    assert sum(len(c) for c in claimed) == 2000  # no case claimed twice
    for (first, last), mine in zip(ranges, claimed, strict=True):
        assert mine <= set(range(first, last))  # nobody claims a case outside its own list
    assert tuple(_effect_count(url)) == (2000, 2000)
