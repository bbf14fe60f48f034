"""The newcomer's path: `make test` then `make run` on a fresh machine must install what the window needs.

Guards issue 10 ("the test target marks the app as installed without running system-deps.sh app"): the
Makefile is run for real in a copy whose system-deps script and python only record what they were asked.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def fake_checkout(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-build.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    log = tmp_path / "calls.log"
    _executable(tmp_path / "scripts" / "system-deps.sh", f'#!/bin/sh\necho "system-deps $1" >> "{log}"\n')
    # A venv python that records its arguments: pip installs, ruff, pytest and main.py all land in the log.
    _executable(tmp_path / ".venv" / "bin" / "python", f'#!/bin/sh\necho "python $*" >> "{log}"\n')
    _executable(tmp_path / ".venv" / "bin" / "lint-imports", f'#!/bin/sh\necho "lint-imports" >> "{log}"\n')
    return tmp_path


def _make(checkout: Path, target: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    subprocess.run(["make", "-s", target], cwd=checkout, env=env, check=True, capture_output=True, timeout=60)


def test_make_run_after_make_test_installs_the_window_libraries(fake_checkout: Path) -> None:
    _make(fake_checkout, "test")
    calls_after_test = (fake_checkout / "calls.log").read_text(encoding="utf-8").splitlines()
    assert "system-deps test" in calls_after_test
    assert any(line.startswith("python -m pytest") for line in calls_after_test)
    assert any("ruff format --check" in line for line in calls_after_test), "make test must check formatting"
    assert "python -m mypy" in calls_after_test, "make test must type-check"
    assert "lint-imports" in calls_after_test, "make test must check the layer contracts"

    _make(fake_checkout, "run")
    calls = (fake_checkout / "calls.log").read_text(encoding="utf-8").splitlines()
    after_run = calls[len(calls_after_test) :]
    assert "system-deps app" in after_run, f"make run skipped the xcb libraries after make test: {after_run}"
    assert after_run[-1] == "python main.py"


def test_make_test_after_make_run_still_installs_test_tools(fake_checkout: Path) -> None:
    _make(fake_checkout, "run")
    _make(fake_checkout, "test")
    calls = (fake_checkout / "calls.log").read_text(encoding="utf-8").splitlines()
    assert calls.index("system-deps app") < calls.index("system-deps test")
    assert "python -m pip install --disable-pip-version-check -q -r requirements-dev.txt" in calls
