"""GUI tests: the real widgets, offscreen; no test may leave a worker running; no dialog may block."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from core.settings import Settings
from gui import dialogs, jobs, theme


@pytest.fixture(scope="session", autouse=True)
def styled_app(qapp):  # type: ignore[no-untyped-def]
    theme.apply(qapp)
    return qapp


@pytest.fixture(autouse=True)
def no_leaked_workers():  # type: ignore[no-untyped-def]
    """Fail (not abort) a test that leaves a job thread or child process running."""
    yield
    deadline = time.monotonic() + 5  # a job that has finished may still be tearing its process down
    while jobs.live_workers() and time.monotonic() < deadline:
        time.sleep(0.05)
    leaked = jobs.live_workers()
    if not leaked:
        return
    names = [getattr(w, "name", str(w)) for w in leaked]
    for worker in leaked:
        if isinstance(worker, multiprocessing.process.BaseProcess):
            worker.terminate()
            worker.join(5)
        elif isinstance(worker, threading.Thread):
            worker.join(10)
    pytest.fail(f"test left background workers running: {names}")


@pytest.fixture(autouse=True)
def output_dir(haengbot_home: Path) -> Path:
    """Results go under the test's home, never into the real 문서 folder."""
    out = haengbot_home / "결과"
    settings = Settings()
    settings.set("general.output_dir", str(out))
    settings.save()
    return out


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Any unexpected dialog fails loudly instead of blocking the run; tests replace the ones they expect."""
    shown: list[tuple[str, str]] = []

    def unexpected(name: str):  # type: ignore[no-untyped-def]
        def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError(f"unexpected dialog {name}: {args[1:3]}")

        return fail

    for name in ("ask", "inform", "warn", "open_file", "save_file", "choose_dir"):
        monkeypatch.setattr(dialogs, name, unexpected(name))
    monkeypatch.setattr(dialogs, "open_path", lambda path: shown.append(("open", str(path))) or True)
    return shown
