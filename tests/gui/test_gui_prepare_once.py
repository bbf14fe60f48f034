"""Prepare once (issue 11): a whole wizard run parses each input file exactly once.

The check page, the send preview and the run used to read the inputs again each (three parses of
welfare-sms's case list per run). Now they share one child process holding the prepared tables.
The count crosses the process boundary: ``core.prepare`` appends a line per parse to the file named
by ``HAENGBOT_PARSE_LOG``, which the run session's child inherits.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from PySide6.QtCore import Qt
from test_gui_cli_parity import drive_to_result

from core.prepare import PARSE_LOG_ENV
from gui.wizard.confirm_send import ConfirmSendPage


def parses(log: Path) -> list[tuple[str, str, int]]:
    if not log.exists():
        return []
    return [(name, file, int(pid)) for name, file, pid in (line.split("\t") for line in log.read_text().splitlines())]


def test_full_welfare_sms_run_parses_each_input_once(qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    log = haengbot_home / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "welfare-sms")
    steps = [page.step for page in wizard.pages]
    assert steps[steps.index("확인") :] == ["확인", "발송 확인", "실행", "결과"]
    drive_to_result(qtbot, wizard)  # inputs → check → confirm-send preview → run → result
    reply = wizard.state.reply
    assert reply is not None and reply.status == "done" and reply.output is not None and reply.output.exists()
    given = {name: st.path.name for name, st in wizard.state.inputs.items() if st.path is not None}
    assert given  # the sample's case list
    seen = parses(log)
    assert sorted((name, file) for name, file, _pid in seen) == sorted(given.items())
    assert len({pid for *_rest, pid in seen}) == 1 and seen[0][2] != os.getpid()  # in the one run child


def test_back_to_the_check_page_reuses_and_back_to_params_reads_again(
    qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """이전 from the send preview keeps the session; 이전 to 설정 (a param may change) starts a new one."""
    log = haengbot_home / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "welfare-sms")
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    confirm = next(p for p in wizard.pages if isinstance(p, ConfirmSendPage))
    for _visit in range(2):
        click_next(qtbot, wizard)
        assert wizard.page is confirm
        qtbot.waitUntil(lambda: not confirm.busy(), timeout=WAIT_MS)
        assert confirm.preview is not None and confirm.preview.count > 0, confirm.error.text()
        qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
        assert wizard.page is wizard.check
    first = parses(log)
    assert len(first) == 1
    first_child = wizard.session._worker
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.params
    qtbot.waitUntil(lambda: not first_child.is_alive(), timeout=WAIT_MS)  # the stale session is gone
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.check.busy(), timeout=WAIT_MS)
    assert wizard.check.ready()
    again = parses(log)
    assert len(again) == 2 and again[1][2] != first[0][2]  # read again, by a new child
