"""Reading the store from a window without freezing it (issue 18, department mode).

The home's SQLite file answers in milliseconds, so with an empty ``store.url`` a view reads it where
it always has, on the GUI thread, and gets its answer at once. A shared PostgreSQL can take seconds: a
slow server, or a dead one until the connect timeout. Then the store is opened and read on a worker
thread (gui.jobs.JobRunner) and the answer comes back to the GUI thread; the window keeps painting.
Either way a failure reaches the view as one Korean sentence (StoreUnavailable's text, which names the
server and never the password), never a traceback; the window survives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from core.errors import HaengBotError
from core.settings import Settings
from core.store_config import SETTING_URL, parse_store_url
from gui.jobs import JobRunner

if TYPE_CHECKING:
    from core.store import Store

Reader = Callable[["Store"], Any]


def shared_store_set(settings: Settings | None = None) -> bool:
    """Whether this PC points at a shared store (an unparsable URL counts: reading it will say why)."""
    try:
        return parse_store_url(str((settings or Settings()).get(SETTING_URL) or "")) is not None
    except HaengBotError:
        return True


def read_store(read: Reader, offline_ok: bool = True, progress: Any = None) -> Any:
    """Open the store this PC uses, hand it to *read*, close this thread's connection afterwards. With the
    shared server out of reach open_store gives this PC's offline journal: read too when *offline_ok*
    (the reader says so, see core.store_cli.offline_reason), else the Korean reason as a failure."""
    from core.store_cli import current_store, shared_store

    store = current_store() if offline_ok else shared_store()
    try:
        return read(store)
    finally:
        store.close()


class StoreReader(QObject):
    """``reader.read(fn, done, failed)``: *done(value)* or *failed(Korean text)* on the GUI thread.

    A new read supersedes one still waiting for a slow server (its answer is dropped)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self._done: Callable[[Any], None] | None = None
        self._fail: Callable[[str], None] | None = None
        self.threaded = False  # the last read went to a worker (the tests look)

    def busy(self) -> bool:
        return self.runner.alive()

    def read(self, fn: Reader, done: Callable[[Any], None], failed: Callable[[str], None], *, offline_ok: bool = True) -> None:
        self.threaded = shared_store_set()
        if not self.threaded:
            try:
                value = read_store(fn, offline_ok)
            except HaengBotError as exc:
                failed(str(exc))
                return
            done(value)
            return
        self._done, self._fail = done, failed
        self.runner.start(read_store, {"read": fn, "offline_ok": offline_ok})

    def shutdown(self) -> None:
        self.runner.shutdown(timeout_s=1.0)

    def _finished(self, token: int, value: Any) -> None:
        if token == self.runner.token and self._done is not None:
            self._done(value)

    def _failed(self, token: int, message: str) -> None:
        if token == self.runner.token and self._fail is not None:
            self._fail(message)
