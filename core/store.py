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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.masking import mask_data, scrub
from core.paths import app_home
from core.procs import pid_alive

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


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


INTERRUPTED = "작업 도중 프로그램이 멈췄습니다(강제 종료, 오류 또는 전원 꺼짐). 결과 파일은 만들어지지 않았습니다."


@dataclass
class RunRecord:
    id: str
    task: str
    started_at: str
    finished_at: str | None
    status: str
    params: dict[str, Any]
    inputs: dict[str, Any]
    summary: dict[str, Any]
    output_path: str | None
    duration_s: float | None
    message: str | None


class Store:
    """One connection per thread; WAL lets the GUI read history while a worker writes."""

    def __init__(self, path: Path | None = None):
        self.path = path or app_home() / "haengbot.sqlite3"
        self._local = threading.local()
        self._migrate()
        self.repair_interrupted()

    def connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _migrate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
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
        run_id = uuid.uuid4().hex
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, task, started_at, status, params_json, inputs_json, pid) "
                "VALUES (?, ?, ?, 'running', ?, ?, ?)",
                (run_id, task, now_iso(), _dumps(params), _dumps(inputs), os.getpid()),
            )
        return run_id

    def finish_run(
        self,
        run_id: str,
        status: str,
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
        rows = self.connect().execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
        dead = [row["id"] for row in rows if not pid_alive(row["pid"])]
        for run_id in dead:
            self.finish_run(run_id, "failed", message=INTERRUPTED)
        return len(dead)

    def runs(self, task: str | None = None, limit: int = 100) -> list[RunRecord]:
        sql = "SELECT * FROM runs"
        args: tuple[Any, ...] = ()
        if task:
            sql += " WHERE task = ?"
            args = (task,)
        sql += " ORDER BY started_at DESC, rowid DESC LIMIT ?"
        rows = self.connect().execute(sql, (*args, limit)).fetchall()
        return [_record(row) for row in rows]

    def run(self, run_id: str) -> RunRecord | None:
        row = self.connect().execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _record(row) if row else None


def _dumps(value: Any) -> str:
    """Every string masked (the strings, not the JSON text: a 10-digit sum must stay a number)."""
    return json.dumps(mask_data(value), ensure_ascii=False, default=lambda v: scrub(str(v)))


def _record(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        id=row["id"],
        task=row["task"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        params=json.loads(row["params_json"]),
        inputs=json.loads(row["inputs_json"]),
        summary=json.loads(row["summary_json"]),
        output_path=row["output_path"],
        duration_s=row["duration_s"],
        message=row["message"],
    )


def _split_sql(sql: str) -> list[str]:
    statements, current = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--"):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current))
            current = []
    tail = "\n".join(current).strip()
    if tail:
        statements.append(tail)
    return [s for s in statements if s.strip()]
