"""The worker side of a background job (a thread, or a spawned child process). No Qt here.

A child process starts by importing this module: keeping Qt out of it keeps the child's start-up
short and its memory small. Everything goes back to the window as plain messages on a queue.

A job can also talk back (superqt's generator workers): a job that is a generator yields a value
to the window and gets the window's answer as the value of its ``yield``; a job that takes
``converse`` can do the same from deep inside (a task's ``ctx.ask``). While it waits it still
honours a cancel. A child process leads its own process group, so a hard stop takes whatever it
started (a browser) with it, and a SIGTERM first unwinds the job so its closers run.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import queue as queue_mod
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from core.errors import Cancelled, HaengBotError
from core.logs import get_logger

EMIT_EVERY_S = 0.1  # progress reaches the screen at most ~10 times a second


ANSWER_POLL_S = 0.1  # how often a job waiting for the window's answer looks at the cancel flag


class HardStop(BaseException):
    """The window stopped this child by force (SIGTERM): unwind through every ``finally``, so the
    job's closers run. A BaseException, so that a task's ``except Exception`` cannot swallow it."""


def _converser(out: Any, inbox: Any, cancel_event: Any) -> Callable[[Any], Any]:
    def converse(payload: Any) -> Any:
        """Hand *payload* to the window and wait for its answer; a cancel ends the wait."""
        out.put(("yield", payload))
        while True:
            if cancel_event.is_set():
                raise Cancelled()
            try:
                return inbox.get(timeout=ANSWER_POLL_S)
            except queue_mod.Empty:
                continue

    return converse


def _drive(gen: Any, converse: Callable[[Any], Any]) -> Any:
    """Run a generator job: each yield goes to the window, its answer comes back as the yield's value."""
    answer = None
    while True:
        try:
            payload = gen.send(answer)
        except StopIteration as stop:
            return stop.value
        try:
            answer = converse(payload)
        except BaseException:
            gen.close()  # the generator's own finally (closers) runs before the cancel goes on
            raise


def _work(fn: Callable[..., Any], kwargs: dict[str, Any], out: Any, cancel_event: Any, inbox: Any = None) -> None:
    """The worker side (thread or child process): call *fn*, put its messages on *out*, answers come on *inbox*."""
    last = [0.0, ""]

    def progress(done: int, total: int, message: str = "") -> None:
        if cancel_event.is_set():
            raise Cancelled()
        now = time.monotonic()
        if message != last[1] or now - last[0] >= EMIT_EVERY_S / 2 or done >= total:
            last[0], last[1] = now, message
            out.put(("progress", (int(done), int(total), str(message))))

    params = inspect.signature(fn).parameters
    extra: dict[str, Any] = {"progress": progress}
    if "cancel_event" in params:
        extra["cancel_event"] = cancel_event
    converse = _converser(out, inbox, cancel_event) if inbox is not None else None
    if "converse" in params:
        extra["converse"] = converse
    try:
        value = fn(**kwargs, **extra)
        if inspect.isgenerator(value):
            if converse is None:
                raise TypeError("a generator job needs an inbox for the window's answers")
            value = _drive(value, converse)
        if hasattr(value, "split_for_transfer"):
            value, parts = value.split_for_transfer()
            for key, payload in parts:
                out.put(("part", (key, payload)))
        out.put(("done", value))
    except Cancelled:
        out.put(("cancelled", None))
    except HaengBotError as exc:
        out.put(("error", str(exc)))
    except Exception as exc:  # a bug: logged with traceback, shown to the clerk as one sentence
        get_logger("gui.jobs").exception("job %s crashed", getattr(fn, "__name__", fn))
        out.put(
            (
                "error",
                f"예상하지 못한 오류로 작업을 마치지 못했습니다({type(exc).__name__}). 로그 파일을 담당자에게 보내 주십시오.",
            )
        )


def _hard_stop(signum: int, frame: Any) -> None:
    raise HardStop()


def _child_main(fn: Callable[..., Any], kwargs: dict[str, Any], out: Any, cancel_event: Any, inbox: Any = None) -> None:
    """Entry point of the spawned child process."""
    if hasattr(os, "nice"):  # a background job yields the CPU to the window it reports to
        with contextlib.suppress(OSError):
            os.nice(5)
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # its own group: the window's hard stop reaches what it starts (core.procs.stop_group)
        signal.signal(signal.SIGTERM, _hard_stop)
    try:
        _work(fn, kwargs, out, cancel_event, inbox)
    except HardStop:
        os._exit(143)  # closers have run on the way up; nobody reads the queue any more
    finally:
        out.close()
        out.join_thread()
