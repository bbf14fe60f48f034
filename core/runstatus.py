"""How a run ended (or that it is still going): one enum for the history table, the runner, the CLI's
exit code and the window, where six modules used to spell the same bare strings.

A ``StrEnum``: its values are what the ``runs`` table has always stored, so old databases read back
unchanged. Light on purpose (no SQLite): the launcher imports it before its first paint.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


def now_iso() -> str:
    """The local time to the second with its offset, as the store stamps runs (core.store re-exports it;
    it lives here so the window's tray notifier can stamp its start without importing SQLite)."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    BAD_INPUT = "bad_input"  # the clerk's input stopped the run (exit 2), not a fault

    @property
    def label(self) -> str:
        """The word the window shows (history, recent runs)."""
        return _LABELS[self]


_LABELS = {
    RunStatus.RUNNING: "실행 중",
    RunStatus.DONE: "완료",
    RunStatus.FAILED: "실패",
    RunStatus.CANCELLED: "취소",
    RunStatus.BAD_INPUT: "입력 오류",
}
