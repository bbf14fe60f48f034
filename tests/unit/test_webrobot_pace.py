"""The robot's pace (one record at a time, a clerk's speed by default) and what it does without a browser."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from core.context import RunContext
from core.errors import Cancelled
from core.webrobot import DEFAULT_PACE_S, WebRobot, load_recipe
from tests.support.robot_helpers import HYGIENE_COLUMNS


def robot(pace: float, cancel: threading.Event | None = None) -> WebRobot:
    return WebRobot(RunContext(cancel_event=cancel), load_recipe("hygiene-training", columns=HYGIENE_COLUMNS), pace=pace)


def test_the_pace_spaces_records_and_still_honours_cancel(haengbot_home: Path) -> None:
    assert DEFAULT_PACE_S == 2.0
    paced = robot(0.3)
    paced._wait_pace()  # no record yet: no wait
    paced._last_submit = time.monotonic()
    started = time.monotonic()
    paced._wait_pace()
    assert time.monotonic() - started >= 0.29
    fast = robot(0)
    fast._last_submit = time.monotonic()
    started = time.monotonic()
    fast._wait_pace()
    assert time.monotonic() - started < 0.05

    cancel = threading.Event()
    slow = robot(30, cancel)
    slow._last_submit = time.monotonic()
    threading.Timer(0.2, cancel.set).start()
    with pytest.raises(Cancelled):
        slow._wait_pace()


def test_the_evidence_folder_is_the_runs_own(haengbot_home: Path) -> None:
    ctx = RunContext(run_id="abc123")
    assert (
        WebRobot(ctx, load_recipe("hygiene-training", columns=HYGIENE_COLUMNS)).evidence_dir
        == haengbot_home / "runs" / "abc123" / "web"
    )
