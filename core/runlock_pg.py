"""The run lock of department mode (issue 18): a PostgreSQL advisory lock, one per task.

Why an advisory lock and not the file lock of core/runlock.py: the PCs of a department share no
folder, and a lock must be released when a PC dies. A session-level advisory lock belongs to one
connection; the server drops it when that connection ends, however it ends (TCP keepalives make a
powered-off PC's connection end within about a minute). Who holds it is read from the server itself:
the holding connection's ``application_name`` carries the PC and the clerk, so the message can never
name a stale holder.

Policy as for the file lock: the second run waits at most ``store.lock_wait_seconds`` and then stops
(exit 3) naming the PC and the clerk holding the lock.
"""

from __future__ import annotations

import base64
import getpass
import platform
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from core.errors import RunFailed
from core.store_config import StoreTarget

if TYPE_CHECKING:
    import psycopg

LOCK_CLASS = 0x48425255  # 'HBRU': the first key of every HaengBot run lock
_APP_PREFIX = "HB-lock|"
_MAX_APP_NAME = 63  # PostgreSQL truncates application_name to NAMEDATALEN - 1 bytes


def task_key(task_id: str) -> int:
    """The second key: a stable, non-negative 31-bit number for the task id."""
    return zlib.crc32(task_id.encode("utf-8")) & 0x7FFFFFFF


def this_pc() -> tuple[str, str]:
    """(PC name, clerk's login name) as the other PCs will see them."""
    try:
        clerk = getpass.getuser()
    except (OSError, KeyError):
        clerk = "?"
    return platform.node() or "?", clerk


def _app_name(host: str, clerk: str, run_id: str) -> str:
    """PostgreSQL keeps ``application_name`` as printable ASCII only (a Korean login name came back as
    '???') and at most 63 bytes: the run id goes first, so it is never cut, then PC and clerk, each as is
    when plain ASCII, else ``~`` + base64 of its UTF-8 (3 Korean syllables: 13 characters)."""
    return f"{_APP_PREFIX}{run_id[:8]}|{_encode(host)}|{_encode(clerk)}"[:_MAX_APP_NAME]


def _encode(name: str) -> str:
    if name.isascii() and name.isprintable() and "|" not in name and not name.startswith("~"):
        return name
    return "~" + base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")


def _decode(text: str) -> str:
    """A name cut at 63 bytes may end inside a base64 group or a character: that tail is dropped."""
    if not text.startswith("~"):
        return text
    body = text[1:]
    body = body[: len(body) - (len(body) % 4 == 1)]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:  # not ours after all
        return text
    return raw.decode("utf-8", errors="ignore")


@dataclass(frozen=True)
class PgHolder:
    host: str
    clerk: str
    run: str

    def describe(self) -> str:
        run = f", 실행 번호 {self.run}" if self.run else ""
        return f"PC {self.host}, 담당자 {self.clerk}{run}"


class RunLockedElsewhere(RunFailed):
    """Another PC (or this one) runs the same task on the shared store (exit code 3)."""

    def __init__(self, title: str, holder: PgHolder | None, waited_s: float):
        who = f"({holder.describe()})" if holder else ""
        super().__init__(
            f"'{title}' 작업을 이미 실행 중입니다{who}. {waited_s:g}초를 기다렸지만 끝나지 않아, 같은 문자가 두 번 "
            "가지 않도록 이번 실행은 시작하지 않았습니다. 그 실행이 끝난 뒤 다시 실행하십시오."
        )
        self.holder = holder


def parse_holder(app_name: str) -> PgHolder | None:
    if not app_name.startswith(_APP_PREFIX):
        return None
    parts = app_name[len(_APP_PREFIX) :].split("|")
    parts += [""] * (3 - len(parts))
    run, host, clerk = parts[:3]
    return PgHolder(_decode(host), _decode(clerk), run)


def held_runs(conn: psycopg.Connection[Any]) -> dict[str, PgHolder]:
    """Every HaengBot run lock held on this database right now, by the run id's first 8 characters: the
    liveness of a run on any PC (core.effects.EffectsLedger.live_runs)."""
    rows = conn.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objsubid = 2 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (LOCK_CLASS,),
    ).fetchall()
    holders = [parse_holder(r[0] or "") for r in rows]
    return {h.run: h for h in holders if h is not None and h.run}


class PgRunLock:
    """``with PgRunLock(target, task_id, title).acquire(run_id, wait_s=…):`` … the run …"""

    def __init__(self, target: StoreTarget, task_id: str, title: str = ""):
        self.target = target
        self.task_id = task_id
        self.title = title or task_id
        self._conn: psycopg.Connection[Any] | None = None

    def holder(self, conn: psycopg.Connection[Any]) -> PgHolder | None:
        row = conn.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (LOCK_CLASS, task_key(self.task_id)),
        ).fetchone()
        return parse_holder(row[0] or "") if row else None

    def acquire(self, run_id: str | None, *, wait_s: float = 0.0) -> PgRunLock:
        """Take the lock or raise :class:`RunLockedElsewhere` after at most *wait_s* seconds."""
        import psycopg

        from core.store_pg import connect

        host, clerk = this_pc()
        conn = connect(self.target, application_name=_app_name(host, clerk, run_id or ""))
        try:
            conn.execute(f"SET lock_timeout = {max(1, int(wait_s * 1000))}")
            try:
                conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_CLASS, task_key(self.task_id)))
            except psycopg.errors.LockNotAvailable:
                raise RunLockedElsewhere(self.title, self.holder(conn), wait_s) from None
            conn.execute("SET lock_timeout = 0")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self

    def release(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        conn.close()  # ends the session: the server drops its advisory locks

    def __enter__(self) -> PgRunLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
