"""The window's check and run read each input once (issue 19), and a file saved again between them is read again.

The run session's child keeps the tables it read for the 확인 page and runs on them; it compares each
input file's identity (path, size, modification time) before the run. Parses are counted across the
process boundary by ``HAENGBOT_PARSE_LOG`` (``core.prepare``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from PySide6.QtCore import Qt

from core.context import RunContext
from core.prepare import PARSE_LOG_ENV
from core.runner import execute
from gui.jobs_work import file_identities
from tasks import registry


def parses(log: Path) -> list[tuple[str, str]]:
    if not log.exists():
        return []
    return [(name, file) for name, file, _pid in (line.split("\t") for line in log.read_text().splitlines())]


def run_to_result(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    click_next(qtbot, wizard)  # 실행
    qtbot.waitUntil(lambda: wizard.page is wizard.result or wizard.run.status == "failed", timeout=WAIT_MS)
    assert wizard.page is wizard.result, wizard.run.message.text()


def summary(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {item.label: item.value for item in result.summary}


def test_check_then_run_parses_each_overtime_input_once(qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    log = haengbot_home / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "overtime-pay")
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    assert wizard.check.ready()
    assert sorted(parses(log)) == [("payments", "payments.csv"), ("records", "records.xlsx")]  # the check read both
    run_to_result(qtbot, wizard)
    assert wizard.state.reply is not None and wizard.state.reply.status == "done"
    assert sorted(parses(log)) == [("payments", "payments.csv"), ("records", "records.xlsx")]  # the run read none again


def test_a_file_saved_again_after_the_check_is_read_again(qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    log = haengbot_home / "parses.log"
    monkeypatch.setenv(PARSE_LOG_ENV, str(log))
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "overtime-pay")
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    records = wizard.state.inputs["records"].path
    payments = wizard.state.inputs["payments"].path
    assert records is not None and payments is not None
    before = execute(
        registry().get("overtime-pay"),
        {"records": records, "payments": payments},
        {},
        haengbot_home / "before.xlsx",
        RunContext(),
        record=False,
    )
    # The clerk fixes the payments list in Excel after the check: the last person's payment line goes.
    lines = payments.read_bytes().splitlines(keepends=True)
    payments.write_bytes(b"".join(lines[:-1]))
    stat = payments.stat()
    os.utime(payments, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # a coarse-mtime file system still differs
    log.unlink()
    run_to_result(qtbot, wizard)
    reply = wizard.state.reply
    assert reply is not None and reply.status == "done"
    # Read again by the run: all inputs, since the task's checks may join them (prepare is one step).
    assert sorted(parses(log)) == [("payments", "payments.csv"), ("records", "records.xlsx")]
    after = execute(
        registry().get("overtime-pay"),
        {"records": records, "payments": payments},
        {},
        haengbot_home / "after.xlsx",
        RunContext(),
        record=False,
    )
    assert summary(after.result) != summary(before.result)  # the edit matters to the result
    assert summary(reply.result) == summary(after.result)  # and the window's run used the edited file


def test_file_identities_see_size_and_time_and_folder_members(tmp_path: Path) -> None:
    from core.prepare import InputChoice

    one = tmp_path / "a.csv"
    one.write_bytes(b"x,y\n1,2\n")
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "m1.csv").write_bytes(b"x\n1\n")
    choices = {"a": InputChoice(one), "b": InputChoice(folder)}
    first = file_identities(choices)
    assert [Path(p).name for p, _s, _t in first] == ["a.csv", "m1.csv"]
    assert file_identities(choices) == first
    (folder / "m2.csv").write_bytes(b"x\n2\n")  # a file added to a folder input
    second = file_identities(choices)
    assert second != first and len(second) == 3
    stat = one.stat()
    os.utime(one, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, saved again
    assert file_identities(choices) != second
    one.unlink()
    assert file_identities(choices)[0] == (str(one), -1, -1)
