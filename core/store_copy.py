"""``python main.py store migrate-to URL``: this PC's SQLite home copied once into a department's PostgreSQL.

Why a copy and not a fresh start: the notification ledger is what stops a citizen getting the same 문자
twice. A department that moves to the shared store must carry over what this PC already sent, or the
first run on PostgreSQL would send it all again.

How:

- every table of the schema, read from the schema itself (SQLite's ``sqlite_master`` and PostgreSQL's
  catalog), with the columns both have, so a column a later migration adds is copied without a change
  here; parents before children (foreign keys); ids kept, identity sequences set past the copied maximum;
- in one transaction, verified (rows per table equal) before it commits: a failure anywhere leaves the
  server as it was (never half-written);
- only into a server whose tables are still empty: a second copy, or a copy into a department that already
  works on the server, is refused;
- the SQLite file stays as it is (read-only connection); the clerk then sets ``store.url`` (``--set`` does it).

The effects' target hashes. On SQLite they are HMACs keyed with this PC's own salt; the shared store keys
them differently (the ``store-hmac-key`` credential; core/effects.py), and the raw numbers are gone, so old
hashes cannot be re-keyed here. Left as they were, a case sent on this PC would not match its claim on the
shared store (the claim key is task, case, step, target hash) and would be sent again. So a copied row's hash
is marked ``sqlite:…`` and a trigger on the server re-keys it the first time any PC claims the same task,
case and step for a target with the same masked display form (``010-****-5678``): the claim then finds the
copied row under its new hash and does what the ledger always does (sent: not again; failed: again; in
doubt: 확인 필요 on the next look). No key or salt reaches the server; the trigger needs only what every
effect row already holds. Two recipients of one case and step with the same masked form (two numbers sharing
prefix and last four digits, two addresses sharing first letter and domain) are paired in id order, which only
matters when their states differ; a copied in-doubt row reads 이미 발송 in the first run after the copy (the
claim is refused) and 확인 필요 from then on. The trigger is created only when effects were copied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core import credentials
from core.errors import InputError, RunFailed
from core.logs import get_logger
from core.masking import scrub
from core.paths import app_home
from core.runstatus import RunStatus
from core.store import Store, StoreUnavailable
from core.store_config import PASSWORD, SETTING_URL, StoreTarget, parse_store_url

if TYPE_CHECKING:
    import psycopg

log = get_logger("store")

EXIT_OK = 0
LEGACY_PREFIX = "sqlite:"
# Tables that stay on this PC: the schema's own bookkeeping (the server has its own), this PC's salt (the
# shared store must not hold a key: issue 18), and the record of a corrupt file moved aside on this PC
# (a file only this PC has; a pending one refuses the copy instead, since its ledger is incomplete).
LOCAL_ONLY = {"schema_migrations": "스키마 기록", "effects_salt": "이 PC의 암호 소금", "store_recoveries": "손상 파일 기록"}
# Tables whose rows mean the department already works on the server.
IN_USE = ("runs", "effects")

# The trigger never locks a row it then leaves alone. (A first version took the copied row with SELECT … FOR
# UPDATE: when another PC re-keyed that row at the same moment, PostgreSQL kept the lock on the row's new
# version although it no longer matched, that PC's confirmation of the row waited for this claim, this claim
# waited for that confirmation's other rows: deadlock, 1 run in 4 of the two-PC test.) So: look without locking;
# when a copied row is there, queue behind any other PC re-keying the same task/case/step/target with a
# transaction-scoped advisory lock (two 32-bit hashes: 64 bits, so unrelated keys practically never queue), look
# again (a new statement sees what that PC committed), and re-key only a row that is still a copy. Claims take
# keys in order, so these waits are in the same order as the unique index's own.
REKEY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION haengbot_rekey_copied_effect() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE copied_id effects.id%TYPE;
BEGIN
    PERFORM 1 FROM effects
     WHERE task = NEW.task AND case_key = NEW.case_key AND step = NEW.step
       AND target_masked = NEW.target_masked AND target_hash LIKE '{LEGACY_PREFIX}%';
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(NEW.task || '|' || NEW.case_key), hashtext(NEW.step || '|' || NEW.target_masked));
    SELECT id INTO copied_id FROM effects
     WHERE task = NEW.task AND case_key = NEW.case_key AND step = NEW.step
       AND target_masked = NEW.target_masked AND target_hash LIKE '{LEGACY_PREFIX}%'
     ORDER BY id LIMIT 1;
    IF copied_id IS NULL THEN
        RETURN NEW;
    END IF;
    UPDATE effects SET target_hash = NEW.target_hash WHERE id = copied_id;
    RETURN NULL;
END $$
"""
REKEY_TRIGGER = (
    "CREATE OR REPLACE TRIGGER effects_rekey_copied BEFORE INSERT ON effects "
    "FOR EACH ROW EXECUTE FUNCTION haengbot_rekey_copied_effect()"
)


@dataclass
class CopyReport:
    target: StoreTarget
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied (verified equal on the server)
    applied: list[str] = field(default_factory=list)  # migrations applied to the server first


def _source_path() -> Path:
    return app_home() / "haengbot.sqlite3"


def open_source(path: Path) -> sqlite3.Connection:
    """The home's SQLite file at the current schema, read-only. Opening it through Store first brings an
    older home up to date and marks runs of dead processes as failed, as any start of the app does."""
    if not path.exists():
        raise InputError(f"이 PC에는 옮길 기록이 없습니다(데이터베이스 파일 없음: {path}).")
    store = Store(path)
    try:
        if store.read_only_reason:
            raise RunFailed(store.read_only_reason)
        pending = store.pending_recoveries()
        if pending:
            raise RunFailed(
                f"손상되어 옮겨 둔 데이터베이스({', '.join(pending)})를 아직 확인하지 않았습니다. 발송 대장이 온전하지 않을 수 "
                "있으므로 옮기지 않습니다. 확인한 뒤 'python main.py store accept-recovery'를 실행하고 다시 하십시오."
            )
        running = store.connect().execute("SELECT COUNT(*) FROM runs WHERE status = ?", (RunStatus.RUNNING,)).fetchone()[0]
        if running:
            raise RunFailed(f"이 PC에서 실행 중인 작업이 {running}건 있습니다. 작업이 끝난 뒤 다시 하십시오.")
    finally:
        store.close()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.execute("BEGIN")  # one snapshot for every table
    return conn


def source_tables(src: sqlite3.Connection) -> list[str]:
    """The schema's tables, parents before children (a foreign key's table first)."""
    names = [
        r[0]
        for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    ]
    parents = {n: {r[2] for r in src.execute(f'PRAGMA foreign_key_list("{n}")')} - {n} for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle: no migration makes one, but never loop forever
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


def source_columns(src: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]


def target_columns(conn: psycopg.Connection[Any], table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s "
        "ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [r[0] for r in rows]


def _count(conn: psycopg.Connection[Any], table: str) -> int:
    from psycopg import sql

    row = conn.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))).fetchone()
    return int(row[0]) if row else 0


def _copy_rows(conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with conn.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _mark_copied_hashes(columns: Sequence[str], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """effects.target_hash -> 'sqlite:<hash>': a hash keyed with this PC's salt, re-keyed on first claim."""
    at = columns.index("target_hash")
    return [(*r[:at], f"{LEGACY_PREFIX}{r[at]}", *r[at + 1 :]) for r in rows]


def _set_sequences(conn: psycopg.Connection[Any]) -> None:
    """Identity columns continue past the copied ids (ids were copied as they were)."""
    from psycopg import sql

    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall():
        top = conn.execute(sql.SQL("SELECT MAX({}) FROM {}").format(sql.Identifier(column), sql.Identifier(table))).fetchone()
        if top and top[0] is not None:
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)", (table, column, int(top[0])))


def copy_home(
    src: sqlite3.Connection,
    conn: psycopg.Connection[Any],
    report: CopyReport,
    *,
    before_table: Callable[[str], None] | None = None,
) -> None:
    """Everything in one transaction on *conn*; raises (and so rolls back) on any failure or mismatch.
    ``before_table`` is called with each table's name before it is copied (progress; tests fail there)."""
    with conn.transaction():
        conn.execute("LOCK TABLE runs, effects IN SHARE ROW EXCLUSIVE MODE")  # no PC starts in the middle
        plan: list[tuple[str, list[str]]] = []
        for table in source_tables(src):
            if table in LOCAL_ONLY:
                continue
            theirs = set(target_columns(conn, table))
            if not theirs:
                raise RunFailed(f"공유 저장소에 없는 표가 있습니다: {table}. 두 쪽의 프로그램 판이 같은지 확인하십시오.")
            plan.append((table, [c for c in source_columns(src, table) if c in theirs]))
        used = [t for t in IN_USE if _count(conn, t)] + [t for t, _ in plan if t not in IN_USE and _count(conn, t)]
        if used:
            raise RunFailed(
                f"공유 저장소({report.target.display()})에 이미 기록이 있습니다(표: {', '.join(used)}). "
                "한 번만, 비어 있는 공유 저장소로 옮길 수 있습니다."
            )
        for table, columns in plan:
            if before_table is not None:
                before_table(table)
            names = ", ".join(f'"{c}"' for c in columns)
            rows = [tuple(r) for r in src.execute(f'SELECT {names} FROM "{table}"')]
            if table == "effects":
                rows = _mark_copied_hashes(columns, rows)
            _copy_rows(conn, table, columns, rows)
            report.rows[table] = len(rows)
        _set_sequences(conn)
        if report.rows.get("effects"):
            conn.execute(REKEY_FUNCTION)
            conn.execute(REKEY_TRIGGER)
        wrong = [t for t, n in report.rows.items() if _count(conn, t) != n]
        if wrong:
            raise RunFailed(f"옮긴 뒤 건수가 맞지 않아 되돌렸습니다(표: {', '.join(wrong)}). 공유 저장소는 그대로입니다.")


def migrate_to(url: str, *, set_url: bool, out: TextIO, before_table: Callable[[str], None] | None = None) -> int:
    """The CLI command. Exit 2 for what the clerk must fix first (URL, credential), 3 for the server's side."""
    import psycopg

    from core.settings import Settings
    from core.store_pg import connect, migrate

    target = parse_store_url(url)
    if target is None:
        raise InputError("옮길 공유 저장소 주소를 적어 주십시오. 예: postgresql://소유자@서버:5432/haengbot")
    if not credentials.lookup(credentials.default_store(), PASSWORD.id):
        raise InputError(
            f"인증 정보가 없습니다: '{PASSWORD.label}'. 정보화 담당자에게 받은 비밀번호를 먼저 저장하십시오"
            f"(무인 실행은 환경 변수 {PASSWORD.env_var})."
        )
    path = _source_path()
    src = open_source(path)
    report = CopyReport(target)
    try:
        with connect(target) as conn:
            report.applied = migrate(conn, target)
            try:
                copy_home(src, conn, report, before_table=before_table)
            except psycopg.errors.InsufficientPrivilege:
                raise StoreUnavailable(
                    f"공유 저장소({target.display()})에 기록을 옮길 권한이 없습니다(담당자 계정은 번호를 이어 붙이거나 "
                    "발송 대장을 연결할 수 없습니다). 정보화 담당자가 소유자 계정의 주소와 비밀번호로 실행하십시오."
                ) from None
            except psycopg.Error as exc:
                log.warning("store migrate-to %s failed: %s", target.display(), scrub(str(exc)))
                raise StoreUnavailable(
                    f"공유 저장소({target.display()})로 옮기는 중 오류가 나서 모두 되돌렸습니다. 공유 저장소는 그대로입니다."
                ) from None
    finally:
        src.close()
    total = sum(report.rows.values())
    out.write(f"이 PC의 기록을 공유 저장소({target.display()})로 옮겼습니다: 모두 {total:,}건, 표마다 건수를 확인했습니다.\n")
    for table, n in report.rows.items():
        out.write(f"  {table}: {n:,}건\n")
    out.write(f"이 PC의 데이터베이스 파일은 그대로 두었습니다: {path}\n")
    clean = url.strip()
    if set_url:
        settings = Settings()
        settings.set(SETTING_URL, clean)
        settings.save()
        out.write(f"설정을 바꾸었습니다: {SETTING_URL} = {clean}. 이제 이 PC는 공유 저장소를 씁니다.\n")
    else:
        out.write(f"이제 이 PC가 공유 저장소를 쓰게 하려면: python main.py settings set {SETTING_URL} {clean}\n")
    return EXIT_OK
