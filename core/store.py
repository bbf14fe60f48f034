"""The SQLite store under the application home (WAL mode), with numbered migrations.

Migrations are the files ``core/migrations/NNNN_name.sql``, applied in order, each once.
Nothing personal is stored unmasked: callers pass masked values only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import RunFailed
from core.korean import particle
from core.logs import get_logger
from core.masking import mask_data, scrub
from core.paths import app_home, os_reason
from core.procs import pid_alive
from core.runstatus import RunStatus
from core.runstatus import now_iso as now_iso  # kept here too: the store's time stamps, where most callers look
from core.store_schema import SCHEMA_TABLE
from core.store_schema import split_sql as _split_sql

log = get_logger("store")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path.name, path.read_text(encoding="utf-8")))
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise RuntimeError(f"duplicate migration numbers: {numbers}")
    return found


INTERRUPTED = "작업 도중 프로그램이 멈췄습니다(강제 종료, 오류 또는 전원 꺼짐). 결과 파일은 만들어지지 않았습니다."


@dataclass
class RunRecord:
    id: str
    task: str
    started_at: str
    finished_at: str | None
    status: RunStatus
    params: dict[str, Any]
    inputs: dict[str, Any]
    summary: dict[str, Any]
    output_path: str | None
    duration_s: float | None
    message: str | None
    clerk: str = ""  # who started it (migration 0010); '' for runs recorded before
    host: str = ""  # the PC it ran on


class StoreUnavailable(RunFailed):
    """The home cannot hold the database (read-only folder, no permission, a corrupt file that
    could not be moved aside). Tasks that keep no ledger still run; those that do stop (exit 3)."""


# SQLite's primary result codes (sqlite3.h) that mean "this folder or file is not writable".
_UNWRITABLE = {"SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_FULL"}
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
# Store paths whose corrupt file was moved aside in this process, with the message for the clerk.
_NOTICES: dict[Path, list[str]] = {}
_NOTICES_LOCK = threading.Lock()


def _code(exc: sqlite3.Error) -> str:
    """The primary result code's name (SQLITE_READONLY_DBMOVED -> SQLITE_READONLY)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    parts = name.split("_")
    return "_".join(parts[:2]) if len(parts) > 2 else name


def _why(error: BaseException) -> str:
    """The cause in Korean; the English original goes to the log only."""
    if isinstance(error, OSError):
        return os_reason(error)
    code = _code(error) if isinstance(error, sqlite3.Error) else ""
    return {"SQLITE_READONLY": "읽기 전용", "SQLITE_PERM": "권한 없음", "SQLITE_FULL": "디스크 공간 부족"}.get(
        code, "파일을 만들거나 쓸 수 없음"
    )


def unwritable_message(path: Path, error: BaseException) -> str:
    log.warning("store not writable at %s: %s", path, error)
    return (
        f"행봇 폴더에 쓸 수 없어 실행 기록 데이터베이스를 열 수 없습니다({_why(error)}). 폴더: {path.parent}\n"
        "  → 폴더의 쓰기 권한을 확인하거나, 환경 변수 HAENGBOT_HOME으로 쓸 수 있는 폴더를 지정하십시오."
    )


def move_aside(path: Path) -> Path:
    """Rename a corrupt database and its -wal/-shm to ``NAME.corrupt-YYYYmmdd-HHMMSS[-N]``; never delete."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while any(Path(f"{target}{tail}").exists() for tail in ("", "-wal", "-shm")):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    for tail in ("-wal", "-shm", ""):  # the main file last: a half-done move still leaves it in place
        src = Path(f"{path}{tail}")
        if src.exists():
            os.replace(src, Path(f"{target}{tail}"))
    return target


class Store:
    """One connection per thread; WAL lets the GUI read history while a worker writes.

    When the home is not writable the store opens read-only (history still shows, writes raise
    ``StoreUnavailable``), so ``list``, ``describe``, the window and Excel-only tasks keep working.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or app_home() / "haengbot.sqlite3"
        self._local = threading.local()
        self.read_only_reason: str | None = None
        try:
            self._open_writable()
        except _Corrupt as exc:
            self._recover(exc.error)
        except StoreUnavailable as exc:
            self.close()
            self.read_only_reason = str(exc)
            log.warning("store read-only: %s", exc)

    def _open_writable(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(unwritable_message(self.path, exc)) from None
        try:
            self._migrate()
            self.repair_interrupted()
        except sqlite3.Error as exc:
            self.close()
            if _code(exc) in _CORRUPT:
                raise _Corrupt(exc) from None
            if _code(exc) in _UNWRITABLE:
                raise StoreUnavailable(unwritable_message(self.path, exc)) from None
            raise

    def _recover(self, error: sqlite3.Error) -> None:
        """A corrupt file is moved aside (kept for whoever wants to rescue it) and a fresh one made."""
        try:
            moved = move_aside(self.path)
        except OSError as exc:
            self.read_only_reason = (
                f"실행 기록 데이터베이스({self.path.name})가 손상되었는데, 옮겨 둘 수도 없습니다({_why(exc)}). "
                f"폴더: {self.path.parent}"
            )
            log.error("store corrupt (%s) and not movable: %s", error, exc)
            return
        notice = (
            f"실행 기록 데이터베이스({self.path.name})가 손상되어 {moved.name}{particle(moved.name, '으로/로')} 옮겨 두고 새로 만들었습니다. "
            "지난 실행 기록과 발송 대장은 옮긴 파일에 그대로 있습니다(지우지 않았습니다)."
        )
        log.warning("store corrupt (%s): moved aside to %s", error, moved)
        with _NOTICES_LOCK:
            _NOTICES.setdefault(self.path.resolve(), []).append(notice)
        try:
            self._open_writable()
            with self.transaction() as conn:
                conn.execute("INSERT INTO store_recoveries (moved_to, moved_at) VALUES (?, ?)", (moved.name, now_iso()))
        except (_Corrupt, StoreUnavailable) as exc:
            self.close()
            self.read_only_reason = str(exc)

    def pending_recoveries(self) -> list[str]:
        """Names of moved-aside databases nobody has accepted yet (their ledger is not in this one)."""
        rows = self.connect().execute(
            "SELECT moved_to FROM store_recoveries WHERE accepted_at IS NULL ORDER BY moved_at, moved_to"
        )
        return [row[0] for row in rows]

    def accept_recoveries(self) -> list[str]:
        """Someone has looked at the moved files: sending may go on with this database."""
        pending = self.pending_recoveries()
        with self.transaction() as conn:
            conn.execute("UPDATE store_recoveries SET accepted_at = ? WHERE accepted_at IS NULL", (now_iso(),))
        return pending

    def take_notices(self) -> list[str]:
        """Messages for the clerk about this database (moved aside), each given once per process."""
        with _NOTICES_LOCK:
            return _NOTICES.pop(self.path.resolve(), [])

    def connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect_read_only() if self.read_only_reason else self._connect_writable()
            self._local.conn = conn
        return conn

    def _connect_writable(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=30000")
        _set_wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """History as it is on disk; an empty schema in memory when there is no readable file."""
        uri = self.path.resolve().as_uri()
        for query in ("mode=ro", "mode=ro&immutable=1"):
            if not self.path.exists():
                break
            try:
                conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=5, isolation_level=None)
                conn.execute("SELECT COUNT(*) FROM runs").fetchone()
            except sqlite3.Error:
                continue
            conn.row_factory = sqlite3.Row
            return conn
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.row_factory = sqlite3.Row
        for _, _, sql in migrations():
            for statement in _split_sql(sql):
                conn.execute(statement)
        conn.execute(SCHEMA_TABLE)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``. A database that turns out not to be writable (SQLite opens
        one read-only without a word when its folder is) raises ``StoreUnavailable`` in Korean."""
        if self.read_only_reason:
            raise StoreUnavailable(self.read_only_reason)
        conn = self.connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if _code(exc) not in _UNWRITABLE:
                raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self.read_only_reason = unwritable_message(self.path, exc)
            raise StoreUnavailable(self.read_only_reason) from None

    def _migrate(self) -> None:
        with self.transaction() as conn:
            conn.execute(SCHEMA_TABLE)
            done = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
            for number, name, sql in migrations():
                if number in done:
                    continue
                for statement in _split_sql(sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (number, name, now_iso()))

    def schema_version(self) -> int:
        row = self.connect().execute("SELECT MAX(number) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # ------------------------------------------------------------ run history
    def start_run(self, task: str, params: dict[str, Any], inputs: dict[str, Any]) -> str:
        """A new 'running' row, with the clerk and PC the run lock shows other PCs (a shared store's
        history says who ran what, where)."""
        from core.runlock_pg import this_pc  # no driver: the module imports psycopg on connect only

        host, clerk = this_pc()
        run_id = uuid.uuid4().hex
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, task, started_at, status, params_json, inputs_json, pid, clerk, host) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, task, now_iso(), RunStatus.RUNNING, _dumps(params), _dumps(inputs), os.getpid(), clerk, host),
            )
        return run_id

    def finish_run(
        self,
        run_id: str,
        status: RunStatus,
        *,
        summary: dict[str, Any] | None = None,
        output_path: str | None = None,
        duration_s: float | None = None,
        message: str | None = None,
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at=?, status=?, summary_json=?, output_path=?, duration_s=?, message=? WHERE id=?",
                (now_iso(), status, _dumps(summary or {}), output_path, duration_s, scrub(message) if message else None, run_id),
            )

    def repair_interrupted(self) -> int:
        """Runs left 'running' by a process that no longer exists (killed, crashed, power cut) become
        'failed' with a Korean note, so history never shows a run that will not end."""
        if self.read_only_reason:
            return 0
        rows = self.connect().execute("SELECT id, pid FROM runs WHERE status = ?", (RunStatus.RUNNING,)).fetchall()
        dead = [row["id"] for row in rows if not pid_alive(row["pid"])]
        for run_id in dead:
            self.finish_run(run_id, RunStatus.FAILED, message=INTERRUPTED)
        return len(dead)

    def runs(self, task: str | None = None, limit: int = 100, *, clerk: str | None = None) -> list[RunRecord]:
        """Newest first; only *task*'s and/or only *clerk*'s runs when given (the department view's filters)."""
        where, args = [], []
        if task:
            where.append("task = ?")
            args.append(task)
        if clerk is not None:
            where.append("clerk = ?")
            args.append(clerk)
        sql = "SELECT * FROM runs" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY started_at DESC, rowid DESC LIMIT ?"
        rows = self.connect().execute(sql, (*args, limit)).fetchall()
        return [_record(row) for row in rows]

    def run_facets(self) -> tuple[list[str], list[str]]:
        """(clerks, tasks) that appear in the history, sorted: the department view's filter choices."""
        conn = self.connect()
        clerks = [row[0] for row in conn.execute("SELECT DISTINCT clerk FROM runs ORDER BY clerk")]
        tasks = [row[0] for row in conn.execute("SELECT DISTINCT task FROM runs ORDER BY task")]
        return clerks, tasks

    def run(self, run_id: str) -> RunRecord | None:
        row = self.connect().execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _record(row) if row else None


class _Corrupt(Exception):
    def __init__(self, error: sqlite3.Error):
        super().__init__(str(error))
        self.error = error


def _set_wal(conn: sqlite3.Connection, attempts: int = 50) -> None:
    """``journal_mode=WAL`` needs a moment alone with a fresh file, and SQLite does not always wait
    for it with the busy handler: two first runs starting together saw "database is locked". Retry."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if _code(exc) not in ("SQLITE_BUSY", "SQLITE_LOCKED") or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def _dumps(value: Any) -> str:
    """Every string masked (the strings, not the JSON text: a 10-digit sum must stay a number)."""
    return json.dumps(mask_data(value), ensure_ascii=False, default=lambda v: scrub(str(v)))


def _record(row: sqlite3.Row) -> RunRecord:
    names = row.keys()  # a read-only home's file may predate migration 0010 (no clerk/host yet)
    return RunRecord(
        id=row["id"],
        task=row["task"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=RunStatus(row["status"]),
        params=json.loads(row["params_json"]),
        inputs=json.loads(row["inputs_json"]),
        summary=json.loads(row["summary_json"]),
        output_path=row["output_path"],
        duration_s=row["duration_s"],
        message=row["message"],
        clerk=(row["clerk"] or "") if "clerk" in names else "",
        host=(row["host"] or "") if "host" in names else "",
    )
