"""Issue 18: the shared store lost mid-run (server restarted, network cut: here ``pg_terminate_backend``).

The clerk reads a Korean StoreUnavailable naming the server (no password), never a traceback; a sending run
stops sending; the message in flight stays 확인 필요 on the ledger, visible and resolvable from another PC."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest

import tasks
from core import credentials
from core.context import RunContext
from core.effects import EffectKey, EffectKind, EffectsLedger, Mark, Record
from core.effects_view import DONE, IN_DOUBT, entries
from core.runner import execute
from core.settings import Settings
from core.store import StoreUnavailable
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_pg import PgStore, StoreUnreachable
from tasks.welfare_sms.sample import write_samples
from tests.support.notify_stubs import GatewayStub
from tests.support.pg_server import PgServer


def lost(where: str) -> str:
    return (
        f"공유 저장소({where})와의 연결이 끊겨 작업을 멈췄습니다(서버가 다시 시작되었거나 네트워크가 끊겼습니다). "
        "보내던 문자나 입력이 있었다면 '확인 필요'로 남아, 어느 PC에서나 발송 장부에서 확인할 수 있습니다."
    )


def terminate(server: PgServer, database: str, application_name: str = "HaengBot") -> int:
    """End every session of *application_name* on *database*, as a server restart would."""
    with psycopg.connect(server.admin_url(database)) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            (database, application_name),
        ).fetchall()
    return len(rows)


@pytest.fixture
def url(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> str:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, "dept-key")
    return pg_server.url(pg_database)


def _store(url: str) -> PgStore:
    target = parse_store_url(url)
    assert target is not None
    return PgStore(target)


def test_a_lost_connection_is_a_korean_error_and_the_next_use_reconnects(url: str, pg_server: PgServer, pg_database: str) -> None:
    store = _store(url)
    ledger = EffectsLedger(store)
    key = EffectKey("welfare-sms", "C1", "접수", "01024813301")
    (effect_id,) = ledger.claim([Record(key, EffectKind.SMS)], run_id="r1")
    assert effect_id is not None
    assert terminate(pg_server, pg_database) >= 1
    with pytest.raises(StoreUnreachable) as caught:
        ledger.mark([Mark(effect_id, "sent")])
    assert str(caught.value) == lost(f"haengbot_admin@127.0.0.1:{pg_server.port}/{pg_database}")
    assert pg_server.password not in str(caught.value)
    # The claim stays: 'sending', i.e. 확인 필요 from any PC once the run is gone.
    other = _store(url)
    assert [(e.state, e.case_key) for e in entries(other)] == [(IN_DOUBT, "C1")]
    assert store.runs() == []  # the same store connects again on its next use


def test_a_sending_run_stops_when_the_store_goes_mid_send(
    url: str, pg_server: PgServer, pg_database: str, tmp_path: Path, haengbot_home: Path
) -> None:
    cases = write_samples(tmp_path / "in")
    with GatewayStub() as stub:
        settings = Settings(haengbot_home / "settings.toml")
        for k, v in {
            "store.url": url,
            "notify.channel": "solapi",
            "notify.solapi_base_url": stub.url,
            "notify.sender_number": "031-760-1234",
            "notify.batch_size": 5,
            "notify.requests_per_second": 1000,
            "notify.backoff_seconds": 0,
            "network.proxy_mode": "none",
        }.items():
            settings.set(k, v)
        stub.script.extend(["ok", "hold"])  # batch 1 answered; batch 2 accepted, its answer held back

        def cut() -> None:
            assert stub.held.wait(60)
            terminate(pg_server, pg_database)  # the store's session; the run lock's session is 'HB-lock|…'
            stub.release.set()

        cutter = threading.Thread(target=cut)
        cutter.start()
        ctx = RunContext(
            settings=settings,
            credentials=credentials.MemoryStore(
                {"solapi-api-key": "NCSTESTKEY0001", "solapi-api-secret": "SECRETSECRETSECRET0001"}
            ),
            asker=lambda question: question.default,
        )
        outcome = execute(tasks.registry().get("welfare-sms"), cases, {}, tmp_path / "out.xlsx", ctx)
        cutter.join(60)
        received = list(stub.received)
    assert outcome.status == "failed"
    assert isinstance(outcome.error, StoreUnavailable)
    assert str(outcome.error) == lost(f"haengbot_admin@127.0.0.1:{pg_server.port}/{pg_database}")
    assert len(received) == 10  # batches 1 and 2 went out; batch 3 never did
    # Another PC: batch 1 sent, batch 2 in doubt (the gateway took it, the answer never reached the ledger).
    states: dict[str, Any] = {}
    for e in entries(_store(url), task="welfare-sms"):
        states[e.state] = states.get(e.state, 0) + 1
    assert states == {DONE: 5, IN_DOUBT: 5}
    doubtful = [e.id for e in entries(_store(url), task="welfare-sms") if e.state == IN_DOUBT]
    assert sorted(EffectsLedger(_store(url)).resolve_ids(doubtful, delivered=True)) == sorted(doubtful)
