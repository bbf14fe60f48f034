"""Two-way jobs (superqt's generator workers): a yield reaches the window, its answer comes back,
a job waiting for an answer is alive but not busy, and a cancel ends the wait."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from gui.jobs import JobRunner


def counter(progress, start: int) -> Generator[int, int, int]:  # type: ignore[no-untyped-def]
    """Yields a number, adds the window's answer, and yields again until the answer is 0."""
    total = start
    while True:
        answer = yield total
        if answer == 0:
            return total
        total += answer


def waits_forever(progress) -> Generator[str, str, None]:  # type: ignore[no-untyped-def]
    while True:
        yield "still here"


@pytest.mark.parametrize("process", [False, True], ids=["thread", "child"])
def test_a_generator_job_talks_with_the_window(qtbot, process: bool) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    seen: list[int] = []
    finished: list[int] = []
    answers = iter([5, 10, 0])

    def on_yield(token: int, value: int) -> None:
        seen.append(value)
        assert runner.waiting() and not runner.busy() and runner.alive()
        runner.send(next(answers))

    runner.yielded.connect(on_yield)
    runner.finished.connect(lambda token, value: finished.append(value))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        runner.start(counter, {"start": 1}, process=process)
    assert seen == [1, 6, 16] and finished == [16]
    assert not runner.alive()


@pytest.mark.parametrize("process", [False, True], ids=["thread", "child"])
def test_cancel_ends_the_wait_for_an_answer(qtbot, process: bool) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    with qtbot.waitSignal(runner.yielded, timeout=60_000):
        token = runner.start(waits_forever, {}, process=process)
    assert runner.waiting()
    with qtbot.waitSignal(runner.cancelled, timeout=10_000) as blocker:
        runner.cancel()  # cooperative: no terminate needed
    assert blocker.args == [token] and not runner.alive()
