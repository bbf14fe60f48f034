"""The department's shared PostgreSQL store (issue 18): connecting, and the schema on first connection.

psycopg is imported here, on first connection only: never at start-up, never before the first paint.
Every failure reaches the clerk as a Korean ``StoreUnavailable`` naming the server (never the
password); the driver's English text goes to the log, masked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core import credentials
from core.logs import get_logger
from core.masking import scrub
from core.store import StoreUnavailable, migrations, now_iso
from core.store_config import PASSWORD, StoreTarget
from core.store_schema import SCHEMA_TABLE, split_sql, to_postgres

if TYPE_CHECKING:
    import psycopg

log = get_logger("store")

# pg_advisory_xact_lock key for "migrating the schema" ('HBMG'): PCs that connect at the same moment
# to a new database take turns, so each migration is applied exactly once.
MIGRATION_LOCK = 0x48424D47

INIT_HINT = "정보화 담당자가 소유자 계정으로 'python main.py store init'을 한 번 실행해야 합니다."


def _reason(exc: BaseException) -> str:
    """The failure class in Korean."""
    import psycopg

    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return f"비밀번호가 맞지 않거나 없습니다. 인증 정보 '{PASSWORD.label}'을 확인하십시오"
    if "certificate" in text or "ssl" in text:
        return "서버 인증서를 확인할 수 없습니다(기관 인증서가 운영체제에 설치되어 있는지 확인하십시오)"
    if "does not exist" in text and "database" in text:
        return "데이터베이스가 없습니다"
    if "timeout" in text or "connection refused" in text or "could not connect" in text or "no route" in text:
        return "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다)"
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return "권한이 없습니다"
    return "연결 중 오류가 났습니다"


def connect(target: StoreTarget, *, timeout_s: int = 10) -> psycopg.Connection[Any]:
    """An autocommit connection with the password from the ``store-password`` credential."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    password = credentials.lookup(credentials.default_store(), PASSWORD.id)
    conninfo = make_conninfo("", **target.connect_kwargs(password, timeout_s))
    try:
        return psycopg.connect(conninfo, autocommit=True)
    except psycopg.Error as exc:
        log.warning("store %s: connect failed: %s", target.display(), scrub(str(exc)))
        raise StoreUnavailable(f"공유 저장소({target.display()})에 연결할 수 없습니다: {_reason(exc)}.") from None


def schema_version(conn: psycopg.Connection[Any]) -> int:
    found = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute("SELECT MAX(number) FROM schema_migrations").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(conn: psycopg.Connection[Any], target: StoreTarget) -> list[str]:
    """Apply the numbered migrations not yet applied, in one transaction, under an advisory lock.
    Returns the names applied. A role that may not create tables gets a Korean StoreUnavailable
    naming ``store init`` (the clerk role is least-privilege by design)."""
    import psycopg

    applied: list[str] = []
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if schema_version(conn) == 0:
                conn.execute(SCHEMA_TABLE)
            done = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
            for number, name, sql in migrations():
                if number in done:
                    continue
                for statement in split_sql(sql):
                    conn.execute(to_postgres(statement).encode("utf-8"))
                conn.execute(
                    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (%s, %s, %s)",
                    (number, name, now_iso()),
                )
                applied.append(name)
    except psycopg.errors.InsufficientPrivilege:
        log.warning("store %s: no privilege to migrate", target.display())
        raise StoreUnavailable(f"공유 저장소({target.display()})의 표를 만들거나 고칠 권한이 없습니다. {INIT_HINT}") from None
    if applied:
        log.info("store %s: applied %s", target.display(), ", ".join(applied))
    return applied


def latest_version() -> int:
    return max((n for n, _, _ in migrations()), default=0)
