"""The worker side of a background job (a thread, or a spawned child process). No Qt here.

A child process starts by importing this module: keeping Qt out of it keeps the child's start-up
short and its memory small. Everything goes back to the window as plain messages on a queue.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import time
from collections.abc import Callable
from typing import Any

from core.errors import Cancelled, HaengBotError
from core.logs import get_logger

EMIT_EVERY_S = 0.1  # progress reaches the screen at most ~10 times a second


def _work(fn: Callable[..., Any], kwargs: dict[str, Any], out: Any, cancel_event: Any) -> None:
    """The worker side (thread or child process): call *fn*, put its messages on *out*."""
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
    try:
        value = fn(**kwargs, **extra)
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


def _child_main(fn: Callable[..., Any], kwargs: dict[str, Any], out: Any, cancel_event: Any) -> None:
    """Entry point of the spawned child process."""
    if hasattr(os, "nice"):  # a background job yields the CPU to the window it reports to
        with contextlib.suppress(OSError):
            os.nice(5)
    try:
        _work(fn, kwargs, out, cancel_event)
    finally:
        out.close()
        out.join_thread()
