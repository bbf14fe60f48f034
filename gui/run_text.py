"""How a run reads in the window (status words, start time): shared by the launcher's recent list and the
history view, and light enough for the launcher to import before the first paint (no SQLite)."""

from __future__ import annotations

import datetime as dt

STATUS_LABELS = {"done": "완료", "cancelled": "취소", "failed": "실패", "bad_input": "입력 오류", "running": "실행 중"}


def run_time(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%m월 %d일 %H:%M")
    except ValueError:
        return iso
