"""What a running task may use: progress, cancellation, questions to the clerk, closers, logger,
credentials, store, HTTP, settings.

Orange's TaskState idea: the task is a plain function; everything it needs from the outside world
comes through this object, so the CLI, the GUI and the tests can each supply their own. A question
(``ctx.ask``) goes to whoever supplied the ``asker``: a dialog in the window, the terminal, the
declared default with ``--yes``; with nobody to answer, the run stops instead of waiting forever.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from core.credentials import CredentialStore, default_store, lookup
from core.errors import Cancelled, HaengBotError, RunFailed
from core.korean import particle
from core.logs import get_logger
from core.spec import secret_env_var

if TYPE_CHECKING:
    import requests

    from core.artifacts import ArtifactSink, ArtifactWriter
    from core.effects_task import RunEffects
    from core.settings import Settings
    from core.store import Store

ProgressFn = Callable[[int, int, str], None]
QuestionKind = Literal["login", "confirm", "captcha"]


@dataclass(frozen=True)
class Question:
    """A question a running task puts to the clerk, and waits on.

    ``choices`` are (key, Korean label) pairs; the answer is a key. ``default`` is what ``--yes``
    answers, so it must be the safe choice for an unattended run.
    """

    id: str
    text: str
    choices: tuple[tuple[str, str], ...] = (("continue", "계속"), ("stop", "중단"))
    default: str = "continue"
    kind: QuestionKind = "confirm"

    def __post_init__(self) -> None:
        keys = [key for key, _label in self.choices]
        if not keys or self.default not in keys:
            raise ValueError(f"question {self.id!r}: default {self.default!r} is not one of {keys}")

    def label(self, key: str) -> str:
        return dict(self.choices).get(key, key)


AskFn = Callable[[Question], str]


class NobodyToAsk(HaengBotError):
    """An unattended run reached a question: stop (exit 3) rather than wait for an answer that never comes."""

    def __init__(self, question: Question):
        super().__init__(
            f"실행 중에 확인할 질문이 있어 멈췄습니다: '{question.text}' (질문 {question.id}). 답할 사람이 없는 "
            f"실행입니다. --yes로 기본값('{question.label(question.default)}')을 쓰거나 창에서 실행하십시오."
        )
        self.question = question


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
        asker: AskFn | None = None,
    ):
        self._progress = progress
        self.cancel_event = cancel_event or threading.Event()
        self._credentials = credentials
        self._store = store
        self._settings = settings
        self.log = logger or get_logger("task")
        self.dry_run = dry_run
        self.run_id = run_id
        self._http: requests.Session | None = None
        self.started = time.monotonic()
        self._asker = asker
        self._closers: list[tuple[str, Callable[[], None]]] = []
        # The runner sets this for a task that declares artifacts (core/artifacts.py).
        self.artifacts: ArtifactSink | None = None
        # True only for a run started from the window (gui/jobs_work.py): AI text may then go out after the
        # clerk approves it there (core/ai/approval.py). The CLI, schedules and --yes never set it.
        self.in_window = False

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

    # ---------------------------------------------------------------- the clerk in the loop
    def ask(self, question: Question) -> str:
        """Ask the clerk and wait; returns one of the question's choice keys.

        A cancel while waiting raises ``Cancelled``; with no asker (an unattended run) the run stops
        with ``NobodyToAsk`` rather than waiting forever.
        """
        self.check_cancelled()
        if self._asker is None:
            raise NobodyToAsk(question)
        self.log.info("question %s asked (%s)", question.id, question.kind)
        answer = self._asker(question)
        self.check_cancelled()
        if answer not in dict(question.choices):
            raise RunFailed(f"질문 '{question.text}'에 알 수 없는 답 '{answer}'이 왔습니다.")
        self.log.info("question %s answered: %s", question.id, answer)
        return answer

    def on_close(self, fn: Callable[[], None], label: str = "") -> None:
        """Register something to close when the run ends, however it ends (a browser, a session).

        Closers run last-registered first on a normal end, on cancel, on failure, and in a child
        process that is stopped by force (``close``).
        """
        self._closers.append((label or getattr(fn, "__name__", "closer"), fn))

    def close(self) -> None:
        """Run every registered closer once; one that fails is logged and the rest still run."""
        while self._closers:
            label, fn = self._closers.pop()
            try:
                fn()
            except Exception:
                self.log.exception("closer %s failed", label)

    # ---------------------------------------------------------------- artifacts
    def artifact(self, name: str) -> ArtifactWriter:
        """The declared artifact *name*: ``ctx.artifact("notice_pdf").write_bytes(data)``.

        It reaches its final name beside the workbook only when the whole run succeeds.
        """
        if self.artifacts is None:
            raise RunFailed(
                f"이 실행에는 결과 문서 '{name}'{particle(name, '을/를')} 쓸 곳이 정해지지 않았습니다(작업 선언에 없는 문서입니다)."
            )
        return self.artifacts.writer(name)

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
            from core.store_config import open_store  # store.url: SQLite in the home, or the department's PostgreSQL

            self._store = open_store(self.settings)
        return self._store

    @property
    def effects(self) -> RunEffects:
        """This run's outside effects on the ledger: claim before, confirm after (core.effects_task)."""
        from core.effects_task import RunEffects

        effects: RunEffects | None = getattr(self, "_effects", None)
        if effects is None or effects.run_id != self.run_id:  # built once per run: one look-up of the run's task
            effects = self._effects = RunEffects.for_run(self.store, self.run_id, dry_run=self.dry_run)
        return effects

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
