"""The CLI's answer to ``ctx.ask``: the terminal, the declared default with ``--yes``, or nobody.

A scheduled or piped run has no one at the keyboard: it gets no asker, so ``ctx.ask`` stops the run
(exit 3) with the question and how to answer it, instead of waiting forever. Reading the terminal
never blocks a cancel: a reader thread hands the line over, and Ctrl+C (the cancel flag) ends the wait.
"""

from __future__ import annotations

import queue
import threading
from typing import TextIO

from core.context import AskFn, NobodyToAsk, Question
from core.errors import Cancelled
from core.korean import particle

POLL_S = 0.1


def terminal_asker(*, yes: bool, stdin: TextIO, err: TextIO, cancel_event: threading.Event) -> AskFn | None:
    """``--yes`` answers the default; a terminal asks the clerk; anything else (no TTY) has no asker."""
    if yes:
        return lambda question: _take_default(question, err)
    try:
        interactive = stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if not interactive:
        return None
    return lambda question: _ask_on_terminal(question, stdin, err, cancel_event)


def _take_default(question: Question, err: TextIO) -> str:
    label = question.label(question.default)
    err.write(f"질문: {question.text}\n  → --yes: 기본값 '{label}'{particle(label, '으로/로')} 답했습니다.\n")
    err.flush()
    return question.default


def _ask_on_terminal(question: Question, stdin: TextIO, err: TextIO, cancel_event: threading.Event) -> str:
    keys = [key for key, _label in question.choices]
    options = "  ".join(
        f"{i}) {label}{' (기본)' if key == question.default else ''}" for i, (key, label) in enumerate(question.choices, 1)
    )
    while True:
        err.write(f"질문: {question.text}\n  {options}\n  번호를 입력하고 Enter (Enter만 누르면 기본값): ")
        err.flush()
        line = _read_line(stdin, cancel_event)
        if line is None:  # end of input: nobody is there after all
            raise NobodyToAsk(question)
        answer = _match(line.strip(), question, keys)
        if answer is not None:
            return answer
        given = line.strip()
        err.write(
            f"  '{given}'{particle(given, '은/는')} 고를 수 있는 답이 아닙니다. 1부터 {len(keys)} 사이의 번호를 입력하십시오.\n"
        )


def _match(text: str, question: Question, keys: list[str]) -> str | None:
    if not text:
        return question.default
    if text.isdigit() and 1 <= int(text) <= len(keys):
        return keys[int(text) - 1]
    for key, label in question.choices:
        if text in (key, label):
            return key
    return None


def _read_line(stdin: TextIO, cancel_event: threading.Event) -> str | None:
    """One line from *stdin*, or ``None`` at its end; ``Cancelled`` as soon as the cancel flag is set."""
    box: queue.Queue[str] = queue.Queue(maxsize=1)
    threading.Thread(target=lambda: box.put(stdin.readline()), name="haengbot-ask", daemon=True).start()
    while True:
        if cancel_event.is_set():
            raise Cancelled()
        try:
            line = box.get(timeout=POLL_S)
        except queue.Empty:
            continue
        return line if line else None
