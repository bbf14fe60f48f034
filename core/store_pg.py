"""The department's shared PostgreSQL store (issue 18): connecting, and the schema on first connection.

psycopg is imported here, on first connection only: never at start-up, never before the first paint.
Every failure reaches the clerk as a Korean ``StoreUnavailable`` naming the server (never the
password); the driver's English text goes to the log, masked.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from core import credentials
from core.logs import get_logger
from core.masking import scrub
from core.store import _NOTICES, _NOTICES_LOCK, Store, StoreUnavailable, migrations, now_iso
from core.store_config import HMAC_KEY, PASSWORD, StoreTarget
from core.store_schema import SCHEMA_TABLE, split_sql, to_postgres

if TYPE_CHECKING:
    import psycopg

    from core.runlock_pg import PgHolder

log = get_logger("store")

# pg_advisory_xact_lock key for "migrating the schema" ('HBMG'): PCs that connect at the same moment
# to a new database take turns, so each migration is applied exactly once.
MIGRATION_LOCK = 0x48424D47

INIT_HINT = "정보화 담당자가 소유자 계정으로 'python main.py store init'을 한 번 실행해야 합니다."

# The key check kept in the one row of ``effects_salt`` (SQLite keeps its salt there; on PostgreSQL no salt is
# ever written): HMAC(store-hmac-key, KEY_CHECK). The first PC with a key writes it; a PC whose key gives
# another value has a different key and would hash the same phone differently, i.e. text people twice.
KEY_CHECK = b"haengbot-key-check"
KEY_CHECK_PREFIX = "hmac-check:"


class StoreUnreachable(StoreUnavailable):
    """The server did not answer at all (down, network cut, wrong name): the case for the offline journal.
    A wrong password or a missing database is not this: those are for the 정보화 team to fix."""


class HmacKeyProblem(StoreUnavailable):
    """No ``store-hmac-key`` on this PC, or a different one from the department's: nothing may be sent."""


def missing_key_message() -> str:
    return (
        f"이 PC에 '{HMAC_KEY.label}'({HMAC_KEY.id})가 없어 보내지 않았습니다. 공유 저장소에는 전화번호를 이 키로 "
        "바꾼 값만 두므로, 키가 없으면 이미 보낸 분인지 확인할 수 없습니다.\n"
        f"  → 정보화 담당자에게 부서 공통 키를 받아 [인증 정보]의 '{HMAC_KEY.label}'에 저장하십시오"
        f"(무인 실행은 환경 변수 {HMAC_KEY.env_var})."
    )


def wrong_key_message() -> str:
    return (
        f"이 PC의 '{HMAC_KEY.label}'({HMAC_KEY.id})가 공유 저장소를 함께 쓰는 다른 PC들의 키와 다릅니다. 이대로 "
        "보내면 이미 받은 분께 다시 갈 수 있으므로 보내지 않았습니다.\n"
        f"  → 정보화 담당자에게 부서 공통 키를 다시 받아 [인증 정보]의 '{HMAC_KEY.label}'에 저장하십시오."
    )


def key_check_value(key: bytes) -> str:
    return KEY_CHECK_PREFIX + hmac.new(key, KEY_CHECK, hashlib.sha256).hexdigest()


_UNREACHABLE = "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다)"
_NO_SUCH_HOST = "서버 이름을 찾을 수 없습니다(공유 저장소 주소를 확인하십시오)"


def _reason(exc: BaseException) -> str:
    """The failure class in Korean."""
    import psycopg

    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return f"비밀번호가 맞지 않거나 없습니다. 인증 정보 '{PASSWORD.label}'을 확인하십시오"
    if "certificate" in text or "ssl" in text:
        return "서버 인증서를 확인할 수 없습니다(기관 인증서가 운영체제에 설치되어 있는지 확인하십시오)"
    if "translate host name" in text or "name or service not known" in text or "nodename nor servname" in text:
        return _NO_SUCH_HOST
    if "does not exist" in text and "database" in text:
        return "데이터베이스가 없습니다"
    if "timeout" in text or "connection refused" in text or "could not connect" in text or "no route" in text:
        return _UNREACHABLE
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return "권한이 없습니다"
    return "연결 중 오류가 났습니다"


def connect(target: StoreTarget, *, timeout_s: int = 10, application_name: str = "") -> psycopg.Connection[Any]:
    """An autocommit connection with the password from the ``store-password`` credential. TCP keepalives
    let the server notice a PC that died within about a minute (its advisory run lock goes with it)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    password = credentials.lookup(credentials.default_store(), PASSWORD.id)
    kwargs = target.connect_kwargs(password, timeout_s)
    kwargs.update(keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3)
    if application_name:
        kwargs["application_name"] = application_name
    conninfo = make_conninfo("", **kwargs)
    try:
        return psycopg.connect(conninfo, autocommit=True)
    except psycopg.Error as exc:
        log.warning("store %s: connect failed: %s", target.display(), scrub(str(exc)))
        why = _reason(exc)
        kind = StoreUnreachable if why in (_UNREACHABLE, _NO_SUCH_HOST) else StoreUnavailable
        raise kind(f"공유 저장소({target.display()})에 연결할 수 없습니다: {why}.") from None


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


# ------------------------------------------------------------ the Store on PostgreSQL
def to_pg_query(sql: str, has_params: bool) -> str:
    """The store's SQL (sqlite3 style: ``?`` placeholders) for psycopg (``%s``). Quoted text is left alone;
    with parameters a literal ``%`` is doubled, as psycopg expects."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" and has_params else ch)
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?" and has_params:
            out.append("%s")
        elif ch == "%" and has_params:
            out.append("%%")
        else:
            out.append(ch)
    text = _ROWID.sub("ctid", "".join(out))
    return "BEGIN" if text.strip().upper() == "BEGIN IMMEDIATE" else text


# The history's tie-breaker "ORDER BY started_at DESC, rowid DESC" (two runs in the same second): PostgreSQL
# has no rowid; ctid (the row's place in the table) is the nearest thing. Not insertion order once a row was
# updated: a sequence column would be exact (docs/dev-notes/pg-status.md lists it as still to do).
_ROWID = re.compile(r"\browid\b")


class PgRow(tuple[Any, ...]):
    """A row read by index or by column name, like ``sqlite3.Row`` (the store's callers use both)."""

    _index: dict[str, int]

    def __new__(cls, values: Any, index: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._index[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    index = {name: i for i, name in enumerate(names)}
    return lambda values: PgRow(values, index)


class PgConnection:
    """The slice of the ``sqlite3.Connection`` API the store and its callers use, over psycopg.

    ``PRAGMA`` statements (SQLite tuning) are no-ops: PostgreSQL commits durably by default. A connection
    lost mid-run (server restarted, network cut, backend terminated) becomes a Korean ``StoreUnreachable``
    naming the server; the next use connects again."""

    def __init__(self, raw: psycopg.Connection[Any], target: StoreTarget | None = None):
        self.raw = raw
        self.target = target

    def execute(self, sql: str, params: Any = ()) -> Any:
        with self._lost():
            if sql.lstrip().upper().startswith("PRAGMA"):
                return self.raw.execute(b"SELECT 1 WHERE false")
            query = to_pg_query(sql, bool(params)).encode("utf-8")
            cur = self.raw.cursor(row_factory=_row_factory)
            return cur.execute(query, tuple(params) if params else None)

    def executemany(self, sql: str, rows: Any) -> Any:
        with self._lost():
            cur = self.raw.cursor(row_factory=_row_factory)
            cur.executemany(to_pg_query(sql, True).encode("utf-8"), list(rows))
            return cur

    @contextmanager
    def _lost(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            if not (self.raw.broken or self.raw.closed or isinstance(exc, psycopg.InterfaceError)):
                raise  # a statement's own error (a constraint, a deadlock): the connection is fine
            where = self.target.display() if self.target else "?"
            log.warning("store %s: connection lost: %s", where, scrub(str(exc)))
            self.raw.close()
            raise StoreUnreachable(lost_message(where)) from None

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    def close(self) -> None:
        self.raw.close()


def lost_message(where: str) -> str:
    return (
        f"공유 저장소({where})와의 연결이 끊겨 작업을 멈췄습니다(서버가 다시 시작되었거나 네트워크가 끊겼습니다). "
        "보내던 문자나 입력이 있었다면 '확인 필요'로 남아, 어느 PC에서나 발송 장부에서 확인할 수 있습니다."
    )


class PgStore(Store):
    """The store on a department's PostgreSQL: same tables, same SQL, shared by every PC.

    The schema is created or migrated on first connection when the role may; otherwise the owner
    runs ``store init`` (the clerk role is least-privilege). Targets of effects (phone numbers, e-mail
    addresses) are hashed with the credential ``store-hmac-key``, never with a salt kept in the database."""

    def __init__(self, target: StoreTarget):
        from core.paths import app_home

        self.path = app_home() / "haengbot.sqlite3"  # notices are keyed by it; the local file is untouched
        self.target = target
        self._local = threading.local()
        self.read_only_reason: str | None = None
        self._target_key: bytes | None = None
        conn = self.connect()
        if schema_version(conn.raw) < latest_version():
            migrate(conn.raw, target)

    def connect(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.raw.closed:
            conn = PgConnection(connect(self.target), self.target)
            self._local.conn = conn
        return conn

    def describe(self) -> str:
        """What the status bar shows."""
        return f"공유 저장소 {self.target.display()}"

    def run_lock_holders(self) -> dict[str, PgHolder]:
        """The run locks held on the server now (any PC), by run id prefix: which runs are alive."""
        from core.runlock_pg import held_runs

        return held_runs(self.connect().raw)

    def add_notice(self, text: str) -> None:
        """A message for the clerk with the next run's warnings (``take_notices``)."""
        with _NOTICES_LOCK:
            _NOTICES.setdefault(self.path.resolve(), []).append(text)

    def target_key(self) -> bytes:
        """The HMAC key for effect targets: the credential ``store-hmac-key``. Raises ``HmacKeyProblem`` (Korean,
        exit 3) when this PC has none, or one that differs from the key the department's first PC checked in."""
        if self._target_key is None:
            # Pasted from a mail or an env file, a key often carries a trailing newline: it is not part of the key.
            value = (credentials.lookup(credentials.default_store(), HMAC_KEY.id) or "").strip()
            if not value:
                raise HmacKeyProblem(missing_key_message())
            key = value.encode("utf-8")
            self._check_key(key)
            self._target_key = key
        return self._target_key

    def _check_key(self, key: bytes) -> None:
        mine = key_check_value(key)
        with self.transaction() as conn:
            conn.execute("INSERT INTO effects_salt (id, salt) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", (mine,))
            row = conn.execute("SELECT salt FROM effects_salt WHERE id = 1").fetchone()
        kept = str(row[0]) if row else ""
        if not kept.startswith(KEY_CHECK_PREFIX):
            # A salt copied from an old SQLite home: nothing to compare with (the copy's hashes are of that salt).
            log.warning("store %s: effects_salt holds no key check; key mismatch cannot be detected", self.target.display())
            return
        if not hmac.compare_digest(kept, mine):
            log.warning("store %s: store-hmac-key differs from the department's", self.target.display())
            raise HmacKeyProblem(wrong_key_message())
