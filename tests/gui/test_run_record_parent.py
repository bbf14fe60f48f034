"""The run-history record is created by the window before it starts the run's child process.

Guards issue 11: the child created the record and the window finished it, so a child killed before it
reached the store left no record to finish, and the window learnt the id only through a side channel.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from PySide6.QtCore import Qt

from core.runstatus import RunStatus
from core.store import Store
from gui.jobs_work import RUN


def test_the_window_records_the_run_before_the_child_starts(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)

    seen_at_start: list[tuple[Any, ...]] = []
    send = wizard.run.runner.send

    def watched_send(command: Any) -> None:
        kind, argument = command
        if kind == RUN:  # the run session's child is told to run: the record must already be there
            _output, _params, run_id = argument
            row = Store().connect().execute("SELECT status, pid, task FROM runs WHERE id = ?", (run_id,)).fetchone()
            seen_at_start.append((run_id, tuple(row) if row else None))
        send(command)

    monkeypatch.setattr(wizard.run.runner, "send", watched_send)
    click_next(qtbot, wizard)  # 실행
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)

    ((run_id, row),) = seen_at_start
    assert row == (RunStatus.RUNNING.value, os.getpid(), "overtime-pay")  # this process's, before the child
    reply = wizard.state.reply
    assert reply.status is RunStatus.DONE and reply.run_id == run_id
    records = Store().runs("overtime-pay")
    assert [(r.id, r.status) for r in records] == [(run_id, RunStatus.DONE)]  # one record, finished
    assert records[0].params["on_bad_rows"] == "skip"  # the resolved params, as the CLI records them
