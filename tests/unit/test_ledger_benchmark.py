"""benchmarks/ledger.py runs end to end with a small number of messages: every case delivers each message
exactly once (the figure that matters here; the times are the benchmark's business, never a test's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import ledger
from core.store_config import HMAC_KEY, PASSWORD
from tests.support.pg_server import PgServer


def test_every_case_delivers_each_message_exactly_once(
    pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run() sets these for itself and its sender processes; monkeypatch puts the test session's back after.
    for name in ("HAENGBOT_HOME", PASSWORD.env_var, HMAC_KEY.env_var):
        monkeypatch.setenv(name, str(tmp_path))
    rows = ledger.run(200, 0.0, 50, 4, server=pg_server)
    assert [r.name for r in rows] == [
        "floor: no ledger",
        "floor: no ledger, 4 senders",
        "(a) SQLite",
        "(b) PostgreSQL",
        "(c) PostgreSQL, 4 PCs, whole list",
        "(c') PostgreSQL, 4 PCs, a part each",
    ]
    assert [(r.messages, r.received_once) for r in rows] == [(200, 200)] * 6
    assert all(r.seconds > 0 for r in rows)
    assert "exactly once: 200/200" in rows[-1].line()
