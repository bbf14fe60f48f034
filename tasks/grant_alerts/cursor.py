"""Where each paged source stopped reading, per scope (보탬e: per 사업연도), in the store.

보탬e lists about 200,000 rows a year; reading them all every morning would spend the daily quota,
and reading only the first pages missed most of them. The cursor is the newest ``PBLANC_UPDT_DT``
read; the next run asks for rows updated since that day (inclusive: a row updated later that same
day is read again, and the seen store calls it 기존). It moves only after the run has remembered
what it read, so a crash in between reads the same rows again instead of losing them.
"""

from __future__ import annotations

from core.store import Store, now_iso


class CursorStore:
    def __init__(self, store: Store):
        self.store = store

    def load(self, source: str) -> dict[str, str]:
        """scope -> position for one source (empty on the first run)."""
        rows = self.store.connect().execute("SELECT scope, position FROM grant_cursor WHERE source = ?", (source,))
        return {scope: position for scope, position in rows}

    def save(self, source: str, positions: dict[str, str], run_id: str | None = None) -> None:
        if not positions:
            return
        with self.store.transaction() as conn:
            for scope, position in positions.items():
                conn.execute(
                    "INSERT INTO grant_cursor (source, scope, position, saved_at, run_id) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (source, scope) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at, "
                    "run_id = excluded.run_id",
                    (source, scope, position, now_iso(), run_id),
                )
