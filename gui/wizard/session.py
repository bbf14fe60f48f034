"""The run session of one wizard run: one child process from the check page to the end of the run.

The child (``gui.jobs_work.run_session``) prepares the inputs once and pauses at each step; the
check page, the send preview and the run page each tell it to go on. ``phase`` says which page the
session is working for, so each page takes only its own signals. A page that needs the session
after it has ended (a retry, or 이전 then 다음 after a run) starts a fresh one that goes straight
on to that page's step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from core.spec import TaskSpec
from gui.jobs import JobRunner
from gui.jobs_work import CHECK, Step, run_session

if TYPE_CHECKING:
    from gui.wizard.state import WizardState


class RunSession(JobRunner):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.phase = ""
        self._then: tuple[str, Any] | None = None
        self.yielded.connect(self._on_yielded)  # first slot: a pending command goes before any page sees the step

    def begin(self, state: WizardState) -> int:
        """A fresh session on the current inputs and params (the old one, if any, is stopped)."""
        self.phase = CHECK
        self._then = None
        kwargs: dict[str, Any] = {"task_id": state.task.id, "choices": state.choices(), "params": dict(state.params)}
        if not _built_in(state.task):
            kwargs["task"] = state.task  # found by id in the child otherwise: specs of built-in tasks hold lazy imports
        # A child process: a file that kills the reader kills only the child (issue 10); a firm cancel can end it.
        return self.start(run_session, kwargs, process=True)

    def request(self, kind: str, argument: Any, state: WizardState) -> None:
        """Go on to step *kind*: at once when the session waits, else in a fresh session once it has read the inputs."""
        if self.waiting():
            self.phase = kind
            self.send((kind, argument))
            return
        self.begin(state)
        self.phase = kind
        self._then = (kind, argument)

    def for_phase(self, token: int, phase: str) -> bool:
        return token == self.token and self.phase == phase

    def _on_yielded(self, token: int, payload: Any) -> None:
        if token == self.token and isinstance(payload, Step) and payload.kind == CHECK and self._then is not None:
            command, self._then = self._then, None
            self.send(command)


def _built_in(task: TaskSpec) -> bool:
    """One of the task list's own specs (by identity: a test may add a task to the registry)."""
    import importlib

    from tasks import TASK_MODULES

    return any(importlib.import_module(name).SPEC is task for name in TASK_MODULES)
