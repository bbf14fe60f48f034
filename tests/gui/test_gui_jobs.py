"""The background runner: throttled progress, stale results dropped, cancel, Korean failures."""

from __future__ import annotations

import threading
import time

from core.errors import InputError
from gui.jobs import JobRunner, live_workers


def chatty(progress, steps: int = 20_000) -> int:  # type: ignore[no-untyped-def]
    for i in range(steps):
        progress(i, steps, f"{i}번째")
        if i % 500 == 0:
            time.sleep(0.005)
    return steps


def slow(progress, seconds: float, value: str, cancel_event: threading.Event) -> str:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        progress(0, 1, "기다리는 중")
        time.sleep(0.01)
    return value


def broken(progress) -> None:  # type: ignore[no-untyped-def]
    raise InputError("파일 'a.xlsx': 필수 열 '성명'을 찾을 수 없습니다.")


def crashing(progress) -> None:  # type: ignore[no-untyped-def]
    raise ZeroDivisionError("boom")


def test_progress_reaches_the_screen_about_ten_times_a_second(qtbot) -> None:
    runner = JobRunner()
    seen: list[tuple[int, int, str]] = []
    runner.progress.connect(lambda token, done, total, msg: seen.append((done, total, msg)))
    started = time.monotonic()
    with qtbot.waitSignal(runner.finished, timeout=30_000) as blocker:
        runner.start(chatty, {})
    elapsed = time.monotonic() - started
    assert blocker.args[1] == 20_000
    assert 1 <= len(seen) <= elapsed * 10 + 3
    assert all(msg.endswith("번째") for _, _, msg in seen)


def test_a_superseded_job_never_reaches_the_screen(qtbot) -> None:
    runner = JobRunner()
    results: list[str] = []
    runner.finished.connect(lambda token, value: results.append(value))
    first = runner.start(slow, {"seconds": 0.5, "value": "old"})
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        second = runner.start(slow, {"seconds": 0.05, "value": "new"})
    assert second != first
    qtbot.waitUntil(lambda: not live_workers(), timeout=10_000)
    qtbot.wait(100)
    assert results == ["new"]


def test_cancel_drops_the_result_and_says_cancelled(qtbot) -> None:
    runner = JobRunner()
    results: list[str] = []
    runner.finished.connect(lambda token, value: results.append(value))
    token = runner.start(slow, {"seconds": 5, "value": "late"})
    qtbot.wait(50)
    with qtbot.waitSignal(runner.cancelled, timeout=10_000) as blocker:
        runner.cancel()
    assert blocker.args == [token] and results == [] and not runner.busy()


def test_failures_arrive_as_one_korean_sentence(qtbot) -> None:
    runner = JobRunner()
    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.start(broken, {})
    assert "성명" in blocker.args[1]
    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.start(crashing, {})
    assert blocker.args[1].startswith("예상하지 못한 오류") and "Traceback" not in blocker.args[1]


def test_the_worker_side_never_loads_qt() -> None:
    """A spawned child imports these: they must stay Qt-free (fast start, small memory)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; import gui.worker, gui.jobs_work, gui.mappings; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
