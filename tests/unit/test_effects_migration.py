"""An upgraded home keeps its notification history: migration 0007 moves notify_ledger onto effects."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from pathlib import Path

from core.effects_view import entries
from core.notify.ledger import Ledger, LedgerKey
from core.notify.message import Outgoing, prepare
from core.notify.notifier import ALREADY, IN_DOUBT_KO, PENDING, plan
from core.store import Store, _split_sql, migrations

SALT = "ab" * 32


def version_4_home(path: Path) -> None:
    """A database as wave 1 left it: migrations 1-4 and three ledger rows (sent, sending, failed)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    for number, name, sql in migrations():
        if number <= 4:
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-03-01')", (number, name))
    conn.execute("INSERT INTO notify_salt (id, salt) VALUES (1, ?)", (SALT,))
    rows = [
        (7, "C1", "01070000001", "010-****-0001", "solapi", "SMS", "sent", "M-1"),
        (8, "C2", "01070000002", "010-****-0002", "upload", "SMS", "sending", None),
        (9, "C3", "hong@example.kr", "h***@example.kr", "email", "전자우편", "failed", None),
    ]
    for ledger_id, case, recipient, masked, channel, kind, status, provider in rows:
        digest = hmac.new(bytes.fromhex(SALT), recipient.encode(), hashlib.sha256).hexdigest()
        conn.execute(
            "INSERT INTO notify_ledger (id, task, case_key, step, recipient_hash, recipient_masked, channel, kind, bytes, "
            "text_sha256, status, provider_id, run_id, created_at, updated_at) "
            "VALUES (?, 'welfare-sms', ?, '접수', ?, ?, ?, ?, 40, 'x', ?, ?, 'old-run', '2026-03-01T09:00:00+09:00', "
            "'2026-03-01T09:00:01+09:00')",
            (ledger_id, case, digest, masked, channel, kind, status, provider),
        )
    conn.close()


def test_rows_and_salt_survive_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "haengbot.sqlite3"
    version_4_home(path)
    store = Store(path)
    assert store.schema_version() == max(number for number, _, _ in migrations())
    got = [(e.id, e.kind, e.case_key, e.target, e.state, e.reference) for e in entries(store)]
    assert got == [
        (8, "업로드 파일 행", "C2", "010-****-0002", "확인필요", ""),
        (9, "전자우편", "C3", "h***@example.kr", "실패", ""),
        (7, "문자", "C1", "010-****-0001", "완료", "M-1"),
    ]
    # the same salt: today's notifier finds yesterday's rows, so nothing is sent twice
    prepared = prepare(
        [Outgoing("welfare-sms", f"C{i}", "접수", f"010-7000-000{i}", f"안내 {i}") for i in (1, 2)], channel="solapi"
    )
    assert [o.status for o in plan(Ledger(store), prepared)] == [ALREADY, IN_DOUBT_KO]
    assert Ledger(store).lookup([LedgerKey("welfare-sms", "C3", "접수", "hong@example.kr")])
    assert [o.status for o in plan(Ledger(store), prepare([Outgoing("welfare-sms", "C9", "접수", "010-7000-0009", "새")]))] == [
        PENDING
    ]
    # the old name still reads, for reports that counted sent messages
    view = store.connect().execute("SELECT id, recipient_masked, kind, status FROM notify_ledger ORDER BY id").fetchall()
    assert [tuple(r) for r in view] == [
        (7, "010-****-0001", "SMS", "sent"),
        (8, "010-****-0002", "SMS", "sending"),
        (9, "h***@example.kr", "전자우편", "failed"),
    ]
