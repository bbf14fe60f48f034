"""Issue 18: on the shared store a run is alive while its advisory run lock is held, whichever PC holds it.

A message another PC is sending right now is reported as "다른 PC에서 보내는 중" (never taken over, never
resolvable); once that PC dies (SIGKILL: the server drops its lock) the row is 확인 필요 and resolvable from
here, even when the dead run's recorded pid happens to be a live process on this PC.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from core import credentials
from core.notify.labels import IN_DOUBT_KO
from core.notify.ledger import Ledger, LedgerKey
from core.notify.message import Outgoing, prepare
from core.notify.notifier import plan
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_pg import PgStore
from tests.support.pg_server import PgServer

CHILD = Path(__file__).resolve().parents[1] / "support" / "pg_live_child.py"
KEY = "dept-key"


def test_another_pcs_live_run_then_its_death(
    pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore
) -> None:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, KEY)
    url = pg_server.url(pg_database)
    target = parse_store_url(url)
    assert target is not None
    store = PgStore(target)
    env = {**os.environ, PASSWORD.env_var: pg_server.password, HMAC_KEY.env_var: KEY}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), url, "민원실-PC2", "kimclerk"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("claimed "), line
        run_id = line.split()[1]
        ledger = Ledger(store)
        live = ledger.live_runs()
        assert list(live) == [run_id]
        assert (live[run_id].host, live[run_id].clerk, live[run_id].elsewhere) == ("민원실-PC2", "kimclerk", True)
        started = live[run_id].started_at[:19].replace("T", " ")
        message = prepare([Outgoing("welfare-sms", "C1", "접수", "010-2481-3301", "[광주시] 접수 안내입니다.")])
        (busy,) = plan(ledger, message, allow_in_doubt=True)
        assert (busy.status, busy.reason) == (
            IN_DOUBT_KO,
            f"다른 PC에서 보내는 중입니다(PC 민원실-PC2, 담당자 kimclerk, 실행 번호 {run_id[:8]}, {started} 시작). "
            "그 PC의 실행이 끝난 뒤 결과를 확인하십시오",
        )
        key = LedgerKey("welfare-sms", "C1", "접수", "01024813301")
        row = ledger.lookup([key])[key]
        assert ledger.effects.resolve_ids([row.id], delivered=False) == []  # not ours while that PC is sending

        child.send_signal(signal.SIGKILL)  # the PC dies mid-send
        child.wait(30)
        # Its pid, recorded in runs, may well be a live process here: a local pid proves nothing on a shared store.
        with psycopg.connect(pg_server.admin_url(pg_database)) as conn:
            conn.execute("UPDATE runs SET pid = %s WHERE id = %s", (os.getpid(), run_id))
        deadline = time.monotonic() + 30
        while ledger.live_runs() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert ledger.live_runs() == {}
        (doubt,) = plan(ledger, message)
        assert (doubt.status, doubt.reason) == (
            IN_DOUBT_KO,
            "이전 실행이 보내는 도중 중단되어 결과가 기록되지 않았습니다. 업체 발송 내역을 확인하십시오",
        )
        assert ledger.effects.resolve_ids([row.id], delivered=True) == [row.id]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


def test_the_lock_name_keeps_korean_names_and_the_run_id() -> None:
    """application_name is printable ASCII, at most 63 bytes: Korean PC and login names survive (encoded), and
    a name too long is cut at its end, never through the run id that live_runs matches on."""
    from core.runlock_pg import PgHolder, _app_name, parse_holder

    name = _app_name("민원실-PC2", "홍길동", "0123456789abcdef")
    assert name.isascii() and len(name) <= 63
    assert parse_holder(name) == PgHolder("민원실-PC2", "홍길동", "01234567")
    long = _app_name("종합민원실-두번째-컴퓨터", "아주긴담당자이름입니다", "0123456789abcdef")
    assert long.isascii() and len(long) == 63
    holder = parse_holder(long)
    assert holder is not None and holder.run == "01234567" and holder.host.startswith("종합민원실")
