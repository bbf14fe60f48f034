"""How a run reads in the window (status words, start time): shared by the launcher's recent list and the
history view, and light enough for the launcher to import before the first paint (no SQLite)."""

from __future__ import annotations

import datetime as dt

from core.runstatus import RunStatus

STATUS_LABELS = {status: status.label for status in RunStatus}


def run_time(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%m월 %d일 %H:%M")
    except ValueError:
        return iso
