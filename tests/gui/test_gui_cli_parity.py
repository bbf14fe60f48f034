"""The window and the command line give the same workbook for the same inputs and default settings.

Guards issue 10: the wizard used to send today's date where the CLI sends nothing (local-income-tax's
납부지연가산세 기준일: 97,980원 against 76,130원) and ``1E+1`` where the CLI sends 10 (overtime-pay's
정액분). Every task's sample goes through both paths: the real CLI in a child process, and the wizard
driven through its widgets, each with a home of its own (the ledger and the seen-items store of one
run must not change what the other sees). The workbooks are compared cell by cell; only 실행정보's
run id, start time and duration may differ.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import tomli_w
from gui_steps import WAIT_MS, click_next, open_window, open_wizard
from PySide6.QtCore import Qt

from gui.wizard.confirm_send import ConfirmSendPage
from gui.wizard.wizard import TaskWizard
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, GrantServer

ROOT = Path(__file__).resolve().parents[2]
# 실행정보 rows that differ between any two runs.
PER_RUN = {"실행 번호", "실행 시각", "소요 시간(초)"}
# Columns that time one source's answer (grant-alerts' 소스상태).
TIMING_COLUMNS = {"소요(초)"}
# Files a run writes beside its workbook are named by the run's second (사회보장급여_문자업로드_20261127_141048.xlsx).
STAMP = re.compile(r"_\d{8}_\d{6}")


def drive_to_result(qtbot, wizard: TaskWizard) -> None:  # type: ignore[no-untyped-def]
    """Next, next, ... with default settings, as a clerk who changes nothing would."""
    if wizard.state.task.inputs:
        qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    while wizard.page is not wizard.result:
        page = wizard.page
        if page is wizard.run:
            qtbot.waitUntil(lambda: wizard.page is wizard.result or page.status == "failed", timeout=WAIT_MS)  # noqa: B023
            assert wizard.page is wizard.result, page.message.text()
            break
        qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT_MS)  # noqa: B023
        if isinstance(page, ConfirmSendPage):
            assert page.preview is not None, page.error.text()
            page.agree.setChecked(True)
        click_next(qtbot, wizard)


def cli_run(task_id: str, inputs: dict[str, Path], output: Path, home: Path, env_extra: dict[str, str]) -> None:
    env = dict(os.environ)
    env.update(env_extra)
    env["HAENGBOT_HOME"] = str(home)
    env["HAENGBOT_OUTPUT_DIR"] = str(home / "결과")
    # The window's home has 경기도 광주시 (tests/conftest.py); the CLI's fresh home gets the same 기관.
    env["HAENGBOT_SETTING_ORG_SIDO"], env["HAENGBOT_SETTING_ORG_SIGUNGU"] = "경기도", "광주시"
    argv = [sys.executable, "main.py", "run", task_id, "--output", str(output)]
    for name, path in inputs.items():
        argv += ["--input", f"{name}={path}"]
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr


def _same_everywhere(value: Any, home: Path) -> Any:
    """A path under the run's own home, or a name stamped with the run's second, told apart from real content."""
    if isinstance(value, str):
        return STAMP.sub("_<시각>", value.replace(str(home), "<home>"))
    return value


def cells(path: Path, home: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {}
    for ws in book.worksheets:
        rows = [tuple(_same_everywhere(v, home) for v in r) for r in ws.iter_rows(values_only=True)]
        if ws.title == "실행정보":
            rows = [r for r in rows if not (r and isinstance(r[0], str) and r[0].strip() in PER_RUN)]
        timing = [i for i, name in enumerate(rows[0] if rows else ()) if name in TIMING_COLUMNS]
        rows = [tuple(None if i in timing else v for i, v in enumerate(r)) for r in rows]
        sheets[ws.title] = rows
    book.close()
    return sheets


def assert_same_workbook(gui: Path, gui_home: Path, cli: Path, cli_home: Path) -> None:
    got, want = cells(gui, gui_home), cells(cli, cli_home)
    assert list(got) == list(want), "sheets differ"
    for sheet in want:
        for i, (g, w) in enumerate(zip(got[sheet], want[sheet], strict=False), start=1):
            assert g == w, f"'{sheet}' row {i}: GUI {g} != CLI {w}"
        assert len(got[sheet]) == len(want[sheet]), f"'{sheet}': {len(got[sheet])} rows in GUI, {len(want[sheet])} in CLI"


@pytest.mark.parametrize("task_id", ["overtime-pay", "local-income-tax", "welfare-sms", "grant-alerts"])
def test_gui_and_cli_write_the_same_workbook(
    qtbot,  # type: ignore[no-untyped-def]
    task_id: str,
    tmp_path: Path,
    haengbot_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list,
) -> None:
    cli_home = tmp_path / "cli-home"
    cli_home.mkdir()
    env: dict[str, str] = {}
    server = None
    if task_id == "grant-alerts":
        server = GrantServer().start()
        settings = server.settings()
        settings["network"] = {"proxy_mode": "none"}
        for home in (haengbot_home, cli_home):
            (home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
        env = {"HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY": ENCODING_KEY, "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY": BIZINFO_KEY}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    try:
        window = open_window(qtbot)
        wizard = open_wizard(qtbot, window, task_id)
        drive_to_result(qtbot, wizard)
        reply = wizard.state.reply
        assert reply is not None and reply.status == "done" and reply.output is not None
        inputs = {name: st.path for name, st in wizard.state.inputs.items() if st.path is not None}
        cli_out = tmp_path / "cli.xlsx"
        cli_run(task_id, inputs, cli_out, cli_home, env)
    finally:
        if server is not None:
            server.stop()
    assert_same_workbook(reply.output, haengbot_home, cli_out, cli_home)
