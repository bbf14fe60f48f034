"""The AI audit log in the store (migration 0009): masked prompt and answer, who, when, which task
and run, which model, token counts. It is also the daily budget's meter (tokens used today)."""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from core.masking import mask_text
from core.store import Store, now_iso

OK, FAILED = "정상", "실패"


@dataclass(frozen=True)
class AuditEntry:
    asked_at: str
    who: str
    task: str
    run_id: str
    purpose: str
    model: str
    prompt: str
    answer: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    status: str
    reason: str


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account without one)
        return "알 수 없음"


class AuditLog:
    def __init__(self, store: Store):
        self.store = store

    def record(self, entry: AuditEntry) -> None:
        """Stored masked: the prompt was masked before it left; the answer passes core masking again."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO ai_audit (asked_at, day, who, task, run_id, purpose, model, prompt_masked, answer_masked,"
                " prompt_tokens, completion_tokens, total_tokens, status, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    entry.asked_at,
                    entry.asked_at[:10],
                    entry.who,
                    entry.task,
                    entry.run_id,
                    entry.purpose,
                    entry.model,
                    mask_text(entry.prompt),
                    mask_text(entry.answer),
                    entry.prompt_tokens,
                    entry.completion_tokens,
                    entry.total_tokens,
                    entry.status,
                    mask_text(entry.reason),
                ),
            )

    def used_on(self, day: dt.date) -> int:
        row = (
            self.store.connect()
            .execute("SELECT COALESCE(SUM(total_tokens), 0) FROM ai_audit WHERE day = ?", (day.isoformat(),))
            .fetchone()
        )
        return int(row[0])

    def entries(self, run_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
        """Newest first; one run's when *run_id* is given (the history view shows them under the run)."""
        sql = (
            "SELECT asked_at, who, task, COALESCE(run_id, ''), purpose, model, prompt_masked, answer_masked,"
            " prompt_tokens, completion_tokens, total_tokens, status, reason FROM ai_audit"
        )
        args: tuple[object, ...] = ()
        if run_id is not None:
            sql += " WHERE run_id = ?"
            args = (run_id,)
        rows = self.store.connect().execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
        return [AuditEntry(*tuple(row)) for row in rows]


def stamp() -> str:
    return now_iso()
