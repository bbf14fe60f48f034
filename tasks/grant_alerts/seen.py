"""What was seen before (신규 / 변경 / 기존) and what each profile was already told, in the SQLite store.

Dedup is by normalised 공고명 + 소관기관 + 접수마감 (domain-rules.md §3). The row is keyed by 공고명 +
기관 so that a moved deadline is recognised as 변경 rather than as a new call.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from core.store import Store, now_iso
from tasks.grant_alerts.record import Grant

NEW, CHANGED, KNOWN = "신규", "변경", "기존"
STAGES = ("", "D-7", "D-3")


@dataclass
class Seen:
    status: str
    grant_id: int | None = None
    previous_deadline: str = ""


def deadline_of(g: Grant) -> str:
    return g.closes.isoformat() if g.closes else ""


def stage(deadline: str, today: dt.date) -> str:
    """Reminder stage reached on *today*: D-7 from seven days before, D-3 from three days before."""
    if not deadline:
        return ""
    days = (dt.date.fromisoformat(deadline) - today).days
    if 0 <= days <= 3:
        return "D-3"
    if 4 <= days <= 7:
        return "D-7"
    return ""


class SeenStore:
    def __init__(self, store: Store):
        self.store = store

    def classify(self, grants: list[Grant], *, write: bool, run_id: str | None = None) -> dict[str, Seen]:
        """신규/변경/기존 for each grant (by ident); with *write*, remember them (a dry run does not)."""
        out: dict[str, Seen] = {}
        now = now_iso()
        conn = self.store.connect()
        if write:
            conn.execute("BEGIN IMMEDIATE")
        try:
            for g in grants:
                row = conn.execute("SELECT id, deadline FROM grant_seen WHERE ident = ?", (g.ident,)).fetchone()
                new_deadline = deadline_of(g)
                record = json.dumps(g.to_json(), ensure_ascii=False)
                if row is None:
                    gid = None
                    if write:
                        gid = conn.execute(
                            "INSERT INTO grant_seen (ident, deadline, source, source_id, title, agency, record_json, first_seen, "
                            "last_seen, first_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            (g.ident, new_deadline, g.source, g.source_id, g.title, g.agency, record, now, now, run_id),
                        ).fetchone()[0]
                    out[g.ident] = Seen(NEW, gid)
                elif new_deadline and new_deadline != row["deadline"]:
                    if write:
                        conn.execute(
                            "UPDATE grant_seen SET deadline = ?, previous_deadline = ?, changed_at = ?, last_seen = ?, "
                            "record_json = ? WHERE id = ?",
                            (new_deadline, row["deadline"], now, now, record, row["id"]),
                        )
                    out[g.ident] = Seen(CHANGED, row["id"], row["deadline"])
                else:
                    if write:
                        conn.execute(
                            "UPDATE grant_seen SET last_seen = ?, record_json = ? WHERE id = ?", (now, record, row["id"])
                        )
                    out[g.ident] = Seen(KNOWN, row["id"])
        except BaseException:
            if write:
                conn.execute("ROLLBACK")
            raise
        if write:
            conn.execute("COMMIT")
        return out

    # ------------------------------------------------------------------ per profile
    def told(self, profile: str) -> dict[int, tuple[str, str]]:
        """grant_id -> (deadline announced, last reminder stage) for one profile."""
        rows = self.store.connect().execute(
            "SELECT grant_id, notified_deadline, reminded FROM grant_profile_sent WHERE profile = ?", (profile,)
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def reminders(self, profile: str, today: dt.date) -> list[tuple[int, Grant, str]]:
        """Saved calls this profile was told about whose deadline reached D-7 or D-3 since the last reminder."""
        rows = self.store.connect().execute(
            "SELECT s.id, s.deadline, s.record_json, p.reminded FROM grant_profile_sent p JOIN grant_seen s ON s.id = p.grant_id "
            "WHERE p.profile = ? AND s.deadline >= ? AND s.deadline <= ? ORDER BY s.deadline",
            (profile, today.isoformat(), (today + dt.timedelta(days=7)).isoformat()),
        )
        out = []
        for gid, deadline, record, reminded in rows:
            now_stage = stage(deadline, today)
            if now_stage and STAGES.index(now_stage) > STAGES.index(reminded or ""):
                out.append((gid, Grant.from_json(json.loads(record)), now_stage))
        return out

    def mark_told(self, profile: str, items: list[tuple[int, str]], today: dt.date) -> None:
        """After the digest was accepted: (grant_id, deadline) announced; the stage reached counts as reminded."""
        with self.store.transaction() as conn:
            for gid, deadline in items:
                conn.execute(
                    "INSERT INTO grant_profile_sent (profile, grant_id, notified_deadline, notified_on, reminded) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile, grant_id) DO UPDATE SET "
                    "notified_deadline = excluded.notified_deadline, notified_on = excluded.notified_on, reminded = excluded.reminded",
                    (profile, gid, deadline, today.isoformat(), stage(deadline, today)),
                )
