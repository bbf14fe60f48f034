"""What a running task may use: progress, cancellation, logger, credentials, store, HTTP, settings.

Orange's TaskState idea: the task is a plain function; everything it needs from the outside world
comes through this object, so the CLI, the GUI and the tests can each supply their own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.credentials import CredentialStore, default_store, lookup
from core.errors import Cancelled, RunFailed
from core.logs import get_logger
from core.spec import secret_env_var

if TYPE_CHECKING:
    import requests

    from core.settings import Settings
    from core.store import Store

ProgressFn = Callable[[int, int, str], None]


class RunContext:
    def __init__(
        self,
        *,
        progress: ProgressFn | None = None,
        cancel_event: threading.Event | None = None,
        credentials: CredentialStore | None = None,
        store: Store | None = None,
        settings: Settings | None = None,
        logger: logging.Logger | None = None,
        dry_run: bool = False,
        run_id: str | None = None,
    ):
        self._progress = progress
        self.cancel_event = cancel_event or threading.Event()
        self._credentials = credentials
        self._store = store
        self._settings = settings
        self.log = logger or get_logger("task")
        self.dry_run = dry_run
        self.run_id = run_id
        self._http: Any = None
        self.started = time.monotonic()

    # ---------------------------------------------------------------- progress / cancel
    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report progress. Every call is also a cancellation check point."""
        self.check_cancelled()
        if self._progress is not None:
            self._progress(done, total, message)

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    # ---------------------------------------------------------------- services
    @property
    def credentials(self) -> CredentialStore:
        if self._credentials is None:
            self._credentials = default_store()
        return self._credentials

    def secret(self, cred_id: str, label: str = "") -> str:
        value = lookup(self.credentials, cred_id)
        if not value:
            name = label or cred_id
            raise RunFailed(
                f"'{name}' 값이 저장되어 있지 않습니다. 창 위쪽의 [인증 정보]에서 입력하거나, 무인 실행이라면 "
                f"환경 변수 {secret_env_var(cred_id)}로 넘겨 주십시오."
            )
        return value

    @property
    def store(self) -> Store:
        if self._store is None:
            from core.store import Store

            self._store = Store()
        return self._store

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from core.settings import Settings

            self._settings = Settings()
        return self._settings

    @property
    def http(self) -> requests.Session:
        if self._http is None:
            from core.http import make_session

            self._http = make_session(self.settings)
        return self._http
