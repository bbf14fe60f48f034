"""core.prepare (read once, the bad-row decision kept, not raised) and the RunContext's questions and closers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core.context import NobodyToAsk, Question, RunContext
from core.errors import Cancelled, InputError
from core.params import resolve_params
from core.prepare import PARSE_LOG_ENV, prepare
from core.runner import execute
from tasks import registry
from tests.support.asking_task import QUESTION, SPEC


@pytest.mark.parametrize(("policy", "stops"), [("skip", False), ("stop", True)])
def test_prepare_keeps_the_bad_row_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: str, stops: bool) -> None:
    log = tmp_path / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    task = registry().get("overtime-pay")
    inputs = task.write_samples(tmp_path)  # the sample carries bad rows on purpose (a 2026-03-32)
    prepared = prepare(task, inputs, resolve_params(task, {"on_bad_rows": policy}))
    assert prepared.bad_rows == sum(t.bad_count for t in prepared.tables.values()) > 0
    assert len(prepared.issues) >= prepared.bad_rows
    assert (prepared.stop is not None) is stops
    if stops:
        assert isinstance(prepared.stop, InputError) and "202행" in str(prepared.stop) and "2026-03-32" in str(prepared.stop)
    assert len(log.read_text().splitlines()) == len(inputs)  # one parse per input


def test_execute_reuses_a_prepared_run_and_reads_again_when_params_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    task = registry().get("overtime-pay")
    inputs = task.write_samples(tmp_path)
    prepared = prepare(task, inputs, resolve_params(task, {}))
    outcome = execute(task, inputs, {}, tmp_path / "a.xlsx", RunContext(), record=False, prepared=prepared)
    assert outcome.status == "done" and len(log.read_text().splitlines()) == len(inputs)
    outcome = execute(task, inputs, {"on_bad_rows": "stop"}, tmp_path / "b.xlsx", RunContext(), record=False, prepared=prepared)
    assert outcome.status == "bad_input" and len(log.read_text().splitlines()) == 2 * len(inputs)


def test_a_question_without_anyone_to_answer_stops() -> None:
    with pytest.raises(NobodyToAsk) as caught:
        RunContext().ask(QUESTION)
    assert caught.value.exit_code == 3
    assert "--yes로 기본값('계속')을 쓰거나 창에서 실행하십시오." in str(caught.value)


def test_an_answer_outside_the_choices_is_refused_and_a_cancel_wins() -> None:
    assert RunContext(asker=lambda q: "stop").ask(QUESTION) == "stop"
    with pytest.raises(Exception, match="알 수 없는 답"):
        RunContext(asker=lambda q: "maybe").ask(QUESTION)
    cancel = threading.Event()

    def cancel_while_asking(question: Question) -> str:
        cancel.set()
        return "continue"

    with pytest.raises(Cancelled):
        RunContext(asker=cancel_while_asking, cancel_event=cancel).ask(QUESTION)
    with pytest.raises(ValueError):
        Question("q", "?", choices=(("a", "가"),), default="b")


@pytest.mark.parametrize("ending", ["done", "failed", "cancelled"])
def test_closers_run_last_first_on_every_ending(tmp_path: Path, ending: str) -> None:
    closed: list[str] = []
    cancel = threading.Event()

    def asker(question: Question) -> str:
        if ending == "cancelled":
            cancel.set()
        return "continue"

    def broken() -> None:
        closed.append("broken")
        raise OSError("already gone")

    ctx = RunContext(asker=None if ending == "failed" else asker, cancel_event=cancel)
    ctx.on_close(lambda: closed.append("first"), "first")
    ctx.on_close(broken, "broken")
    outcome = execute(SPEC, {}, {}, tmp_path / "r.xlsx", ctx, record=False)
    assert outcome.status == ending
    assert closed == ["broken", "first"]  # one that fails does not keep the others open
