"""One run at a time per sending task and application home (issue 10: two runs must not interleave).

The lock is an operating-system lock on ``<home>/locks/<task>.lock`` (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows), held for the whole run. The system drops it when the process
ends, however it ends, so a lock left by a killed or crashed run is taken over at once: nobody
ever waits on a dead process. The file also holds the holder's run id, start time and pid (as
JSON) so that the second run can say which run is in its way.

Policy: the second run does not queue behind the first. It waits at most ``wait_s`` seconds (0 by
default: a clerk who starts the same sending task twice should hear about it now, and a
scheduled run that overlaps a manual one should end with exit 3, not hang) and then stops with
a Korean message naming the running one. Only sending tasks take the lock, and not in a dry run.
(Department mode on PostgreSQL would use an advisory lock instead; SQLite homes use this file.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from core.errors import RunFailed
from core.procs import pid_alive

LOCK_DIR = "locks"
_WIN_LOCK_OFFSET = 1 << 30  # Windows locks a byte range: lock one far past the JSON, so it stays readable


@dataclass(frozen=True)
class Holder:
    run_id: str
    pid: int
    started_at: str

    def describe(self) -> str:
        run = self.run_id[:8] if self.run_id else "기록 없음"
        return f"실행 번호 {run}, {self.started_at} 시작, 프로세스 {self.pid}"


class RunLocked(RunFailed):
    """Another run of the same task holds the lock (exit code 3: an outside reason, nothing was done)."""

    def __init__(self, title: str, holder: Holder | None):
        who = f"({holder.describe()})" if holder else ""
        super().__init__(
            f"'{title}' 작업이 이미 실행 중입니다{who}. 같은 문자가 두 번 가지 않도록 이번 실행은 시작하지 않았습니다. "
            "그 실행이 끝난 뒤 다시 실행하십시오."
        )
        self.holder = holder


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(path: Path) -> Holder | None:
    """Who holds (or last held) the lock, as written in the file; None if unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        return Holder(str(data.get("run_id") or ""), int(data.get("pid") or 0), str(data.get("started_at") or ""))
    except (OSError, ValueError, TypeError):
        return None


class RunLock:
    def __init__(self, home: Path, task_id: str, title: str = ""):
        self.path = Path(home) / LOCK_DIR / f"{task_id}.lock"
        self.title = title or task_id
        self._fd: int | None = None

    def acquire(self, run_id: str | None, *, wait_s: float = 0.0, poll_s: float = 0.2) -> None:
        """Take the lock or raise :class:`RunLocked` after at most *wait_s* seconds."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + max(0.0, wait_s)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    holder = read_holder(self.path)
                    # The OS lock is the truth; the pid is shown only when it is still there.
                    raise RunLocked(self.title, holder if holder and pid_alive(holder.pid) else None)
                time.sleep(poll_s)
        except BaseException:
            os.close(fd)
            raise
        info = {
            "run_id": run_id or "",
            "pid": os.getpid(),
            "started_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
