"""Background jobs: a worker thread or a spawned child process, watched from the GUI thread.

Orange's pattern, without cross-thread signals: the worker only puts plain messages on a queue;
a timer on the GUI thread drains it, keeps the newest progress and emits at most ~10 updates a
second from this GUI-thread object. Every job carries a token; once a job is cancelled or replaced
its messages are dropped, so a stale result never reaches the screen.

Heavy work (whole-workbook reads, xlsxwriter) holds the GIL for hundreds of milliseconds at a time
(qt-anchors 4.5), so runs go to a child process: the window keeps breathing and a firm cancel can
terminate it. Every read of an input file (preview, check) goes to a child too: a file that makes
the reader's native code abort kills only the child, and the window says so with the *died* text
given to ``start``. Jobs that need this process's credential store use a thread.

A job may also yield to the window and wait for its answer (superqt's generator workers, see
``gui.worker``): ``yielded`` carries the value, ``send`` the answer. While a job waits it is alive
but not ``busy``. A hard stop ends the child's whole process group (a browser it opened goes too).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import queue as queue_mod
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from core.logs import get_logger
from gui.worker import EMIT_EVERY_S, _child_main, _work

log = get_logger("gui.jobs")

POLL_MS = 40
POLL_BUDGET_S = 0.025  # at most this long per poll on the GUI thread; big results arrive over several polls
DIED = "작업이 예기치 않게 끝났습니다. 로그 파일을 담당자에게 보내 주십시오."
FIRM_CANCEL_S = 3.0  # cooperative cancel first; a child process still running after this is terminated

_tokens = itertools.count(1)
_live: dict[int, Any] = {}  # token -> Thread | Process, for shutdown and the test leak check
_live_lock = threading.Lock()


_owners: dict[int, tuple[Any, Any]] = {}  # token -> (weak ref to its JobRunner, its cancel event)


def live_workers() -> list[Any]:
    """The workers still running. A worker whose JobRunner is gone (its window destroyed without a
    shutdown) is told to stop: a run session waiting for an answer would otherwise wait forever."""
    with _live_lock:
        for token in [t for t, w in _live.items() if not worker_is_alive(w)]:
            _live.pop(token)
            _owners.pop(token, None)
        for token, (owner, cancel_event) in list(_owners.items()):
            runner = owner()
            if runner is None or not shiboken6.isValid(runner) or runner.token != token:
                cancel_event.set()
        return list(_live.values())


def stop_process(worker: Any, grace_s: float = 2.0) -> None:
    """Stop a child by force: SIGTERM to its process group (its closers run, see ``gui.worker``),
    then SIGKILL to whatever of the group is left, such as a browser that ignored the closer."""
    pid = worker.pid
    group = sys.platform != "win32" and pid is not None and _leads_group(pid)
    if group:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGTERM)
    else:
        worker.terminate()
    worker.join(grace_s)
    if group:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    if worker.is_alive():
        worker.kill()
        worker.join(1.0)


def _leads_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except OSError:
        return False


def _forget(token: int) -> None:
    with _live_lock:
        _live.pop(token, None)
        _owners.pop(token, None)


class JobRunner(QObject):
    """Runs one job at a time. Starting a new job supersedes (cancels) the previous one."""

    progress = Signal(int, int, int, str)  # token, done, total, message
    finished = Signal(int, object)  # token, the job's return value
    failed = Signal(int, str)  # token, a Korean sentence
    cancelled = Signal(int)  # token
    yielded = Signal(int, object)  # token, what the job hands over; it waits for ``send``

    def __init__(self, parent: QObject | None = None, *, firm_cancel_s: float = FIRM_CANCEL_S):
        super().__init__(parent)
        self.firm_cancel_s = firm_cancel_s
        self.token = 0
        self._worker: Any = None
        self._starter: threading.Thread | None = None  # starting the child process, off the GUI thread
        self._held: tuple[str, Any] | None = None  # the job's last word, kept for the next poll
        self._queue: Any = None
        self._inbox: Any = None
        self._cancel: Any = None
        self._waiting = False
        self._cancel_at: float | None = None
        self._pending_progress: tuple[int, int, str] | None = None
        self._last_emit = 0.0
        self._parts: dict[Any, list[Any]] = {}
        self._died = DIED
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # ------------------------------------------------------------------ control
    def busy(self) -> bool:
        """Working: alive and not waiting for the window's answer."""
        return self._worker is not None and not self._waiting

    def alive(self) -> bool:
        return self._worker is not None

    def waiting(self) -> bool:
        """The job has yielded and waits for ``send``."""
        return self._worker is not None and self._waiting

    def send(self, answer: Any) -> None:
        """The answer to the job's last yield (or a command it will read at its next one)."""
        if self._worker is None:
            return
        self._waiting = False
        self._inbox.put(answer)

    def start(
        self, fn: Callable[..., Any], kwargs: dict[str, Any] | None = None, *, process: bool = False, died: str | None = None
    ) -> int:
        """Start *fn*; *died* is the Korean sentence shown if the worker ends without a word (a child killed by a signal)."""
        if self.alive():
            self.cancel(firm=True)
        token = next(_tokens)
        kwargs = dict(kwargs or {})
        if process:
            mp = multiprocessing.get_context("spawn")
            self._queue = mp.Queue()
            self._inbox = mp.Queue()
            self._cancel = mp.Event()
            worker: Any = mp.Process(
                target=_child_main,
                args=(fn, kwargs, self._queue, self._cancel, self._inbox),
                name=f"haengbot-job-{token}",
                daemon=True,
            )
        else:
            self._queue = queue_mod.Queue()
            self._inbox = queue_mod.Queue()
            self._cancel = threading.Event()
            worker = threading.Thread(
                target=_work, args=(fn, kwargs, self._queue, self._cancel, self._inbox), name=f"haengbot-job-{token}", daemon=True
            )
        self.token = token
        self._worker = worker
        self._died = died or DIED
        self._cancel_at = None
        self._held = None
        self._waiting = False
        self._pending_progress = None
        self._last_emit = 0.0
        self._parts = {}
        with _live_lock:
            _live[token] = worker
            _owners[token] = (weakref.ref(self), self._cancel)
        if process:
            # Started from a short-lived thread: spawning waits for the child's exec, which on a busy machine took
            # 187 ms of the GUI thread (the wait releases the GIL, so the window goes on meanwhile).
            self._starter = threading.Thread(target=_start_child, args=(worker,), name=f"haengbot-start-{token}", daemon=True)
            self._starter.start()
        else:
            self._starter = None
            worker.start()
        self._timer.setInterval(POLL_MS)
        self._timer.start()
        return token

    def _started(self, wait: bool = False) -> bool:
        """The child process has been started (with *wait*, wait for that first: it takes milliseconds)."""
        starter = self._starter
        if starter is None:
            return True
        if wait:
            starter.join()
        if starter.is_alive():
            return False
        self._starter = None
        return True

    def cancel(self, *, firm: bool = False) -> None:
        """Ask the job to stop at its next check point (a waiting job stops waiting); terminate a child process that does not."""
        if not self.alive():
            return
        self._cancel.set()
        if self._cancel_at is None:
            self._cancel_at = time.monotonic()
        if firm:
            self._terminate()

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Cancel and wait (window closing). True when no worker is left running."""
        if not self.alive():
            return True
        self._cancel.set()
        self._started(wait=True)
        worker, token = self._worker, self.token
        deadline = time.monotonic() + timeout_s
        while worker.is_alive() and time.monotonic() < deadline:
            self._drain_quietly()
            worker.join(0.05)
        if worker.is_alive() and isinstance(worker, multiprocessing.process.BaseProcess):
            stop_process(worker)
        self._end(token)
        self.cancelled.emit(token)
        return not worker_is_alive(worker)

    # ------------------------------------------------------------------ GUI-thread side
    def _terminate(self) -> None:
        self._started(wait=True)
        worker, token = self._worker, self.token
        if isinstance(worker, multiprocessing.process.BaseProcess) and worker.is_alive():
            log.info("job %s did not stop in time: terminating the child process", token)
            stop_process(worker)
            self._end(token)
            self.cancelled.emit(token)

    def _drain_quietly(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except (queue_mod.Empty, OSError, ValueError, EOFError):
            pass

    def _poll(self) -> None:
        worker, token = self._worker, self.token
        if worker is None:
            self._timer.stop()
            return
        if not self._started():
            return  # the next poll
        alive = worker.is_alive()
        final, self._held = self._held, None
        budget_end = time.monotonic() + POLL_BUDGET_S
        drained = False
        blocks = 0
        try:
            while final is None and time.monotonic() < budget_end:
                kind, payload = self._queue.get_nowait()
                if kind == "progress":
                    self._pending_progress = payload
                elif kind == "part":
                    blocks += 1
                    key, part = payload
                    self._parts.setdefault(key, []).append(part)
                elif kind == "yield":
                    if self._cancel_at is None:
                        self._flush_progress()
                        self._waiting = True
                        self.yielded.emit(token, payload)
                        if token != self.token:  # a slot started another job
                            return
                elif kind == "done" and time.monotonic() > budget_end - POLL_BUDGET_S / 2:
                    # The result's slots build what shows it (the result page): they get a turn of their own, not
                    # the end of one spent unpickling the result's last blocks (a 132 ms turn at a million rows).
                    self._held = (kind, payload)
                    break
                else:
                    final = (kind, payload)
        except queue_mod.Empty:
            drained = True
        except (OSError, EOFError, ValueError):  # the child died mid-message
            pass
        # While a result's blocks are coming, poll again as soon as the event loop has handled what else is queued, not
        # 40 ms later: the child's feeder thread writes through a pipe that holds 64 KB, so a poll finds one or two blocks
        # and then an empty pipe while the next one is on its way. At one poll per 40 ms overtime-pay's 80 blocks
        # (14 MB, 0.2 s of unpickling in all) took 1.4-1.7 s to arrive after the child had finished: the window was 1.22x
        # the command line (benchmarks/gui_stall.py, 2026-11-28). Each turn still stays within the budget.
        self._timer.setInterval(0 if final is None and (blocks or not drained) else POLL_MS)
        if self._held is not None and self._cancel_at is None:
            return  # the next poll
        if self._cancel_at is not None:
            if final is not None or not alive:
                self._end(token)
                self.cancelled.emit(token)
            elif time.monotonic() - self._cancel_at > self.firm_cancel_s:
                self._terminate()
            return
        if self._pending_progress is not None and (time.monotonic() - self._last_emit >= EMIT_EVERY_S or final is not None):
            self._flush_progress()
        if final is not None:
            self._end(token)
            kind, payload = final
            if kind == "done":
                if hasattr(payload, "join_after_transfer"):
                    payload.join_after_transfer(self._parts)
                self._parts = {}
                self.finished.emit(token, payload)
            elif kind == "cancelled":
                self.cancelled.emit(token)
            else:
                self.failed.emit(token, payload)
        elif not alive and drained:
            self._end(token)
            log.warning("job %s ended without a word (exit code %s)", token, getattr(worker, "exitcode", None))
            self.failed.emit(token, self._died)

    def _flush_progress(self) -> None:
        if self._pending_progress is not None:
            self._last_emit = time.monotonic()
            self.progress.emit(self.token, *self._pending_progress)
            self._pending_progress = None

    def _end(self, token: int) -> None:
        if token != self.token or self._worker is None:
            return
        worker = self._worker
        self._worker = None
        self._waiting = False
        self._timer.stop()
        # The worker has said its last word; it exits on its own (a child process can take half a second
        # to tear down). Not joined here: that would freeze the window. live_workers() reaps it.
        if not worker_is_alive(worker):
            _forget(token)


def warm_up() -> None:
    """Start multiprocessing's resource tracker now, from a thread: the first child's queues start it otherwise, a
    process spawned on the GUI thread at the moment the clerk chooses the first file."""
    if sys.platform == "win32":
        return  # no resource tracker there
    from multiprocessing import resource_tracker

    threading.Thread(target=resource_tracker.ensure_running, name="haengbot-resource-tracker", daemon=True).start()


def _start_child(worker: Any) -> None:
    """A child that cannot start (its job does not pickle) is logged; the window then says the job ended (``DIED``)."""
    try:
        worker.start()
    except Exception:
        log.exception("job %s could not start", worker.name)


def worker_is_alive(worker: Any) -> bool:
    try:
        return bool(worker.is_alive())
    except ValueError:  # a closed Process
        return False
