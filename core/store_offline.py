"""Department mode with the server out of reach (issue 18): a local journal, and its upload later.

When ``store.url`` is set and the server does not answer, sending would break the department's promise
(exactly once across PCs: this PC cannot see what the others sent), so tasks that send or post refuse in
Korean. Excel-only tasks still run: their history goes into ``offline-journal.sqlite3`` in the home, a
SQLite store with the same schema (core/store.py's migrations). Every run in that file is one not yet
uploaded. The next time this PC connects, ``upload_journal`` copies the finished runs to the shared store
(``INSERT … ON CONFLICT (id) DO NOTHING``: a run already there is not added again) and only then deletes
them from the file, so a crash between the two steps neither loses nor duplicates a run.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from core.logs import get_logger
from core.paths import app_home
from core.runstatus import RunStatus
from core.store import Store, StoreUnavailable
from core.store_config import StoreTarget

if TYPE_CHECKING:
    from core.store_pg import PgStore

log = get_logger("store")

JOURNAL_NAME = "offline-journal.sqlite3"


def refuse_message(target: StoreTarget) -> str:
    """Why a task that sends or posts does not run while the shared store is out of reach."""
    return (
        f"공유 저장소({target.display()})에 연결할 수 없어, 같은 분께 두 번 보내지 않는다는 보장을 할 수 없으므로 "
        "보내지 않습니다(부서의 다른 PC가 이미 보냈는지 확인할 수 없습니다).\n"
        "  → 서버나 네트워크가 돌아온 뒤 다시 실행하십시오. 엑셀만 만드는 업무는 지금도 실행할 수 있습니다."
    )


def kept_message(target: StoreTarget) -> str:
    """What the clerk reads after a run whose history stayed on this PC."""
    return (
        f"공유 저장소({target.display()})에 연결할 수 없어 이번 실행 기록은 이 PC에 보관했습니다. "
        "다음에 공유 저장소에 연결되면 자동으로 올립니다."
    )


class OfflineStore(Store):
    """The journal that stands in for the shared store while it is out of reach.

    History is written here; anything that needs the department's ledger (``target_key``, through
    core.effects) refuses with :func:`refuse_message`, before any effect is claimed."""

    def __init__(self, target: StoreTarget, reason: str):
        super().__init__(app_home() / JOURNAL_NAME)
        self.target = target
        self.offline_reason = reason

    def describe(self) -> str:
        return f"이 PC의 임시 기록(공유 저장소 {self.target.display()}에 연결되지 않음)"

    def target_key(self) -> bytes:
        from core.store_pg import StoreUnreachable

        raise StoreUnreachable(refuse_message(self.target))

    def take_notices(self) -> list[str]:
        return [*super().take_notices(), kept_message(self.target)]


def upload_journal(shared: PgStore) -> int:
    """Copy the finished runs of this PC's journal to *shared*, then delete them from the journal.

    Returns how many were copied now (a run already on the server counts as uploaded, not as copied).
    Never raises: a journal that cannot be read or a server lost halfway leaves the rest for next time."""
    path = app_home() / JOURNAL_NAME
    if not path.exists():
        return 0
    try:
        journal = Store(path)
        rows = journal.connect().execute("SELECT * FROM runs WHERE status != ?", (RunStatus.RUNNING,)).fetchall()
        if not rows:
            journal.close()
            return 0
        theirs = {
            r[0]
            for r in shared.connect().execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' AND table_schema = current_schema()"
            )
        }
        columns = [c for c in rows[0].keys() if c in theirs]
        sql = (
            f"INSERT INTO runs ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            "ON CONFLICT (id) DO NOTHING RETURNING id"
        )
        copied = 0
        with shared.transaction() as conn:
            for row in rows:
                copied += conn.execute(sql, tuple(row[c] for c in columns)).fetchone() is not None
        ids = [row["id"] for row in rows]
        with journal.transaction() as conn:
            conn.execute(f"DELETE FROM runs WHERE id IN ({', '.join('?' for _ in ids)})", ids)
        journal.close()
    except (StoreUnavailable, sqlite3.Error) as exc:
        log.warning("offline journal not uploaded: %s", exc)
        return 0
    if copied:
        shared.add_notice(f"이 PC에 보관했던 실행 기록 {copied}건을 공유 저장소에 올렸습니다.")
    log.info("offline journal: %d run(s) uploaded to %s (%d already there)", copied, shared.target.display(), len(rows) - copied)
    return copied
