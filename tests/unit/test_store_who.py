"""Who ran what, from which PC (issue 18, migration 0010): start_run records the clerk and the PC on
both backends, and the history filters by clerk and by task the same way on both."""

from __future__ import annotations

import getpass
import platform
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import credentials, runlock_pg
from core.runstatus import RunStatus
from core.store import Store
from core.store_config import PASSWORD, parse_store_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, memory_credentials: credentials.MemoryStore) -> Iterator[Store]:
    if request.param == "sqlite":
        yield Store(tmp_path / "haengbot.sqlite3")
        return
    from core.store_pg import PgStore

    server = request.getfixturevalue("pg_server")
    database = request.getfixturevalue("pg_database")
    memory_credentials.set(PASSWORD.id, server.password)
    target = parse_store_url(server.url(database))
    assert target is not None
    pg = PgStore(target)
    yield pg
    pg.close()


def _as(monkeypatch: pytest.MonkeyPatch, host: str, clerk: str) -> None:
    """This process pretends to be another PC with another clerk (the run lock's own helper)."""
    monkeypatch.setattr(runlock_pg, "this_pc", lambda: (host, clerk))


def test_start_run_records_this_clerk_and_pc(store: Store) -> None:
    run_id = store.start_run("overtime-pay", {}, {})
    record = store.run(run_id)
    assert record is not None
    assert (record.clerk, record.host) == (getpass.getuser(), platform.node())
    assert (record.clerk, record.host) == runlock_pg.this_pc()[::-1]  # the names the run lock shows other PCs


def test_history_filters_by_clerk_and_task(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[tuple[str, str], str] = {}
    for clerk, host, task in (
        ("kim", "WELFARE-01", "overtime-pay"),
        ("kim", "WELFARE-01", "welfare-sms"),
        ("lee", "WELFARE-02", "overtime-pay"),
        ("lee", "WELFARE-02", "overtime-pay"),
        ("park", "TAX-07", "local-income-tax"),
    ):
        _as(monkeypatch, host, clerk)
        run_id = store.start_run(task, {}, {})
        store.finish_run(run_id, RunStatus.DONE, output_path=f"C:/행봇 결과/{clerk}-{task}.xlsx")
        made[(clerk, task)] = run_id

    def who(records: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
        return sorted((r.clerk, r.host, r.task) for r in records)

    assert len(store.runs()) == 5
    assert who(store.runs(clerk="lee")) == [("lee", "WELFARE-02", "overtime-pay")] * 2
    assert who(store.runs(task="overtime-pay")) == [
        ("kim", "WELFARE-01", "overtime-pay"),
        ("lee", "WELFARE-02", "overtime-pay"),
        ("lee", "WELFARE-02", "overtime-pay"),
    ]
    assert who(store.runs(clerk="kim", task="overtime-pay")) == [("kim", "WELFARE-01", "overtime-pay")]
    assert store.runs(clerk="park", task="welfare-sms") == []
    assert store.runs(clerk="nobody") == []
    kim = store.runs(clerk="kim", task="welfare-sms")[0]
    assert (kim.id, kim.output_path) == (made[("kim", "welfare-sms")], "C:/행봇 결과/kim-welfare-sms.xlsx")
    assert store.run_facets() == (["kim", "lee", "park"], ["local-income-tax", "overtime-pay", "welfare-sms"])


def test_runs_recorded_before_migration_0010_read_as_unknown(tmp_path: Path) -> None:
    """An old row (no clerk written) reads as '' and is found by the '' filter, not by a name."""
    store = Store(tmp_path / "haengbot.sqlite3")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO runs (id, task, started_at, status) VALUES ('old', 'overtime-pay', '2026-01-02T09:00:00+09:00', 'done')"
        )
    (old,) = store.runs()
    assert (old.clerk, old.host) == ("", "")
    assert [r.id for r in store.runs(clerk="")] == ["old"]
    assert store.runs(clerk=getpass.getuser()) == []
