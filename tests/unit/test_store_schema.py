"""One schema, two backends (issue 18): the numbered migrations give the same tables in PostgreSQL and SQLite."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from core import credentials
from core.errors import InputError
from core.store import Store, StoreUnavailable, migrations
from core.store_config import PASSWORD, parse_store_url
from core.store_pg import INIT_HINT, connect, latest_version, migrate, schema_version
from core.store_schema import to_postgres
from tests.support.pg_server import PgServer

PG_TYPES = {"text": "TEXT", "integer": "INTEGER", "double precision": "REAL"}
Shape = dict[str, Any]


def sqlite_shape(path: Path) -> Shape:
    conn = sqlite3.connect(path)
    tables, views, indexes, uniques, fkeys = {}, {}, {}, set(), set()
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
        if kind not in ("table", "view"):
            continue
        info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        if kind == "view":
            views[name] = [c[1] for c in info]
            continue
        tables[name] = [(c[1], c[2].upper(), bool(c[3] or c[5]), c[5] > 0) for c in info]
        pk = tuple(c[1] for c in sorted(info, key=lambda c: c[5]) if c[5])
        if pk:
            uniques.add((name, pk))
        for _, iname, unique, origin, _ in conn.execute(f"PRAGMA index_list({name})"):
            cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({iname})"))
            if unique:
                uniques.add((name, cols))
            if origin == "c":
                indexes[iname] = (name, cols)
        for row in conn.execute(f"PRAGMA foreign_key_list({name})"):
            fkeys.add((name, row[3], row[2], row[4], row[6]))
    conn.close()
    return {"tables": tables, "views": views, "indexes": indexes, "uniques": uniques, "fkeys": fkeys}


def pg_shape(conn: Any) -> Shape:
    tables: dict[str, list[Any]] = {}
    views: dict[str, list[str]] = {}
    pks = {
        (t, c)
        for t, c in conn.execute(
            "SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name) "
            "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'"
        )
    }
    kinds = dict(conn.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public'"))
    for table, column, dtype, nullable in conn.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ):
        if kinds[table] == "VIEW":
            views.setdefault(table, []).append(column)
        else:
            tables.setdefault(table, []).append((column, PG_TYPES.get(dtype, dtype), nullable == "NO", (table, column) in pks))
    indexes, uniques = {}, set()
    for iname, table, unique, primary, cols in conn.execute(
        "SELECT i.relname, t.relname, x.indisunique, x.indisprimary, "
        "array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) "
        "      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)::text[] "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = 'public'"
    ):
        if unique:
            uniques.add((table, tuple(cols)))
        named_by_constraint = conn.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", (iname,)).fetchone()
        if not named_by_constraint and not primary:
            indexes[iname] = (table, tuple(cols))
    fkeys = set()
    for table, col, ref, refcol, on_delete in conn.execute(
        "SELECT t.relname, a.attname, r.relname, ra.attname, c.confdeltype FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] WHERE c.contype = 'f'"
    ):
        fkeys.add((table, col, ref, refcol, {"c": "CASCADE", "a": "NO ACTION"}[on_delete]))
    return {"tables": tables, "views": views, "indexes": indexes, "uniques": uniques, "fkeys": fkeys}


@pytest.fixture
def target(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> Any:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    return parse_store_url(pg_server.url(pg_database))


def test_migrations_give_the_same_tables_in_postgres_and_sqlite(target: Any, tmp_path: Path) -> None:
    Store(tmp_path / "haengbot.sqlite3").close()
    lite = sqlite_shape(tmp_path / "haengbot.sqlite3")
    with connect(target) as conn:
        assert migrate(conn, target) == [name for _, name, _ in migrations()]
        pg = pg_shape(conn)
        assert schema_version(conn) == latest_version() >= 8
    # Worked out from core/migrations/ by hand: the tables the app keeps, and the old ledger's view.
    assert set(lite["tables"]) == {
        "runs", "grant_seen", "grant_profile_sent", "store_recoveries", "grant_cursor", "effects",
        "effects_salt", "schema_migrations", "ai_audit",
    }  # fmt: skip
    assert lite["views"] == {"notify_ledger": lite["views"]["notify_ledger"]}
    assert ("effects", ("task", "case_key", "step", "target_hash")) in lite["uniques"]
    assert lite["fkeys"] == {("grant_profile_sent", "grant_id", "grant_seen", "id", "CASCADE")}
    # Migration 0010: who ran it, from which PC (the department view), with the history's index by clerk.
    assert lite["tables"]["runs"][-2:] == [("clerk", "TEXT", True, False), ("host", "TEXT", True, False)]
    assert lite["indexes"]["runs_clerk_started"] == ("runs", ("clerk", "started_at"))
    for key in ("tables", "views", "indexes", "uniques", "fkeys"):
        assert pg[key] == lite[key], key


def test_rowid_keys_fill_themselves_in_postgres(target: Any) -> None:
    with connect(target) as conn:
        migrate(conn, target)
        for n in (1, 2):
            conn.execute(
                "INSERT INTO effects (task, case_key, step, target_hash, target_masked, kind, status, created_at, "
                "updated_at) VALUES ('t', %s, 's', 'h', 'm', 'sms', 'sending', 'now', 'now')",
                (f"c{n}",),
            )
        assert conn.execute("SELECT id FROM effects ORDER BY id").fetchall() == [(1,), (2,)]
        assert conn.execute("SELECT count(*) FROM notify_ledger").fetchone() == (2,)


def test_translation_rules() -> None:
    assert to_postgres("id INTEGER PRIMARY KEY,\n x REAL") == (
        "id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n x DOUBLE PRECISION"
    )
    assert to_postgres("PRIMARY KEY (profile, grant_id)") == "PRIMARY KEY (profile, grant_id)"


def test_pcs_connecting_at_once_apply_each_migration_once(target: Any) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            with connect(target) as conn:
                results.append(migrate(conn, target))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 0, 0, len(migrations())]
    with connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone() == (len(migrations()),)


def test_a_clerk_role_without_create_is_told_to_run_store_init(
    pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore
) -> None:
    import psycopg

    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        admin.execute("CREATE ROLE clerk_t LOGIN PASSWORD 'clerk-pw-1'")
    try:
        memory_credentials.set(PASSWORD.id, "clerk-pw-1")
        target = parse_store_url(pg_server.url(pg_database, user="clerk_t"))
        assert target is not None
        with connect(target) as conn, pytest.raises(StoreUnavailable) as caught:
            migrate(conn, target)
        assert str(caught.value) == (
            f"공유 저장소(clerk_t@127.0.0.1:{pg_server.port}/{pg_database})의 표를 만들거나 고칠 권한이 없습니다. {INIT_HINT}"
        )
    finally:
        with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
            admin.execute("DROP ROLE clerk_t")


def test_wrong_or_missing_password_is_said_in_korean_without_the_password(
    pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore
) -> None:
    target = parse_store_url(pg_server.url(pg_database))
    assert target is not None
    memory_credentials.set(PASSWORD.id, "wrong-secret-123")
    with pytest.raises(StoreUnavailable) as caught:
        connect(target)
    assert str(caught.value) == (
        f"공유 저장소(haengbot_admin@127.0.0.1:{pg_server.port}/{pg_database})에 연결할 수 없습니다: "
        "비밀번호가 맞지 않거나 없습니다. 인증 정보 '공유 저장소 비밀번호'을 확인하십시오."
    )
    memory_credentials.delete(PASSWORD.id)
    with pytest.raises(StoreUnavailable, match="비밀번호가 맞지 않거나 없습니다"):
        connect(target)


def test_a_stopped_server_is_unreachable_in_korean(memory_credentials: credentials.MemoryStore) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    target = parse_store_url(f"postgresql://clerk@127.0.0.1:{port}/haengbot")
    assert target is not None
    with pytest.raises(StoreUnavailable) as caught:
        connect(target, timeout_s=3)
    assert str(caught.value) == (
        f"공유 저장소(clerk@127.0.0.1:{port}/haengbot)에 연결할 수 없습니다: "
        "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다)."
    )


def test_store_url_parsing_and_tls() -> None:
    assert parse_store_url("") is None
    assert parse_store_url("  ") is None
    remote = parse_store_url("postgresql://clerk@db.city.go.kr/haengbot")
    assert remote is not None and remote.display() == "clerk@db.city.go.kr:5432/haengbot"
    kwargs = remote.connect_kwargs("pw")
    assert (kwargs["sslmode"], kwargs["sslrootcert"], kwargs["password"]) == ("verify-full", "system", "pw")
    loop = parse_store_url("postgresql://clerk@127.0.0.1:5999/haengbot")
    assert loop is not None and "sslmode" not in loop.connect_kwargs(None)
    assert "password" not in loop.connect_kwargs(None)
    with pytest.raises(InputError, match=r"주소에 비밀번호를 넣지 마십시오.*HAENGBOT_SECRET_STORE_PASSWORD"):
        parse_store_url("postgresql://clerk:secret@db/haengbot")
    with pytest.raises(InputError, match="'postgresql://'로 시작해야 합니다"):
        parse_store_url("mysql://clerk@db/haengbot")
    with pytest.raises(InputError, match="사용자, 서버, 데이터베이스 이름"):
        parse_store_url("postgresql://db.city.go.kr/haengbot")
    with pytest.raises(InputError, match="알 수 없는 옵션 sslmod"):
        parse_store_url("postgresql://clerk@db/haengbot?sslmod=require")
    weak = parse_store_url("postgresql://clerk@db/haengbot?sslmode=require")
    assert weak is not None
    with pytest.raises(InputError, match="sslmode=require는 서버 인증서를 확인하지 않습니다"):
        weak.connect_kwargs("pw")


def test_store_url_is_a_declared_setting() -> None:
    from core import settings

    store = next(s for s in settings.core_sections() if s.id == "store")
    assert store.title == "공유 저장소"
    assert [o.key for o in store.options] == ["store.url", "store.lock_wait_seconds"]
    assert settings.env_var("store.url") == "HAENGBOT_SETTING_STORE_URL"


def test_nothing_database_related_is_imported_before_the_first_paint() -> None:
    """The window's modules, the settings (which declare store.url) and the store's URL parsing load no
    driver: psycopg is imported by core/store_pg.py on first connection only."""
    import subprocess
    import sys

    code = (
        "import sys; import gui.app, gui.main_window, core.settings, core.store_config, core.store; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'psycopg', 'psycopg_binary', 'psycopg_c', 'sqlalchemy'}))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_an_unknown_server_name_is_said_in_korean(memory_credentials: credentials.MemoryStore) -> None:
    target = parse_store_url("postgresql://clerk@no-such-host.invalid:5432/haengbot")
    assert target is not None
    with pytest.raises(StoreUnavailable) as caught:
        connect(target, timeout_s=3)
    assert str(caught.value) == (
        "공유 저장소(clerk@no-such-host.invalid:5432/haengbot)에 연결할 수 없습니다: "
        "서버 이름을 찾을 수 없습니다(공유 저장소 주소를 확인하십시오)."
    )
