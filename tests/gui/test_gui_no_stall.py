"""The window's work split into short turns of the event loop (issue 19, benchmarks/gui_stall.py measures the time):
the result page built in steps still shows the right summary and rows, the mapping's combo boxes made a few at a
time still map the right columns, a child process started off the GUI thread still cancels, and multiprocessing's helper
starts ahead of the first child. Behaviour only: no test here asserts a time."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
from gui_steps import WAIT_MS, click_next, open_window, open_wizard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.result import FINDING, OK, WARNING
from gui.jobs import DIED, JobRunner, live_workers
from gui.jobs_work import TRANSFER_MAX_ROWS, TRANSFER_MIN_ROWS, transfer_rows
from gui.wizard.inputs import COMBOS_PER_TURN
from gui.wizard.result import group_summary, shown_value
from gui.wizard.wizard import TaskWizard
from tasks.overtime_pay.sample import write_samples

ROOT = Path(__file__).resolve().parents[2]


def _sample_files(tmp_path: Path) -> dict[str, Path]:
    return {k: Path(v) for k, v in write_samples(tmp_path / "samples").items()}


def _card_texts(wizard: TaskWizard) -> list[tuple[str, str]]:
    labels = wizard.result.summary.findChildren(QLabel)
    heads = [lb.text() for lb in labels if lb.objectName() == "cardLabel"]
    values = [lb.text() for lb in labels if lb.objectName() == "cardValue"]
    return list(zip(heads, values, strict=True))


def test_result_page_built_in_steps_shows_the_summary_and_every_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    while wizard.page is not wizard.run:
        page = wizard.page
        qtbot.waitUntil(lambda: not page.busy() and page.ready(), timeout=WAIT_MS)  # noqa: B023
        wizard.go_next()
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    qtbot.waitUntil(wizard.result.loaded, timeout=WAIT_MS)
    result = wizard.state.reply.result
    judged = [g for g in group_summary(list(result.summary)) if g.head.kind in (FINDING, WARNING, OK)]
    expected = [(g.head.label, shown_value(g.head)) for g in judged]
    assert expected and _card_texts(wizard) == expected
    # Every table in its own tab, named with its row count, and each row reachable in the view's model.
    blocks = wizard.state.reply.blocks
    rows = [sum(len(b) for b in blocks.get(i, [])) for i in range(len(result.tables))]
    assert [wizard.result.tabs.tabText(i) for i in range(wizard.result.tabs.count())] == [
        f"{t.name} ({n:,})" for t, n in zip(result.tables, rows, strict=True)
    ]
    assert [v.model.total_rows() for v in wizard.result.views] == rows
    assert wizard.result.views[0].isVisible()

    # Entering again (a second run) builds it again in steps: at first no table, then the same page, not a doubled one.
    wizard.result.enter()
    assert not wizard.result.loaded() and wizard.result.views == []
    qtbot.waitUntil(wizard.result.loaded, timeout=WAIT_MS)
    assert _card_texts(wizard) == expected
    assert wizard.result.tabs.count() == len(result.tables) and len(wizard.result.views) == len(result.tables)
    window.close()


def test_mapping_combo_boxes_come_a_few_per_turn_and_map_the_found_columns(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = _sample_files(tmp_path)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    panel = wizard.inputs.panels["records"]
    panel.set_path(files["records"])
    qtbot.waitUntil(lambda: panel.st.match is not None, timeout=WAIT_MS)
    declared = [c.name for c in panel.st.spec.columns]
    assert len(declared) > COMBOS_PER_TURN
    # The preview has arrived; the combo boxes are still coming, and the page waits for them.
    assert panel.building() and len(panel.combos) < len(declared)
    assert not wizard.inputs.ready()
    qtbot.waitUntil(lambda: not panel.building(), timeout=WAIT_MS)
    assert list(panel.combos) == declared
    match = panel.st.match
    for name, combo in panel.combos.items():
        found = match.columns.get(name)
        assert combo.currentData() == (match.labels[found] if found is not None else "")
        assert panel.mapping.cellWidget(declared.index(name), 1) is combo
    # Choosing while they are still being made makes the rest at once and takes the choice.
    panel.set_path(files["records"])
    qtbot.waitUntil(lambda: panel.st.match is not None and panel.building(), timeout=WAIT_MS)
    label = next(lb for _c, lb in sorted(match.labels.items()) if lb and lb != match.labels[match.columns["성명"]])
    panel.choose_column("성명", label)
    assert not panel.building() and list(panel.combos) == declared
    assert panel.combos["성명"].currentData() == label and panel.st.overrides == {"성명": label}
    window.close()


def _wait_long(progress, seconds: float) -> str:  # type: ignore[no-untyped-def]
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        progress(0, 1, "기다리는 중")
        time.sleep(0.01)
    return "done"


def test_a_child_started_off_the_gui_thread_still_cancels_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    with qtbot.waitSignal(runner.cancelled, timeout=10_000) as blocker:
        token = runner.start(_wait_long, {"seconds": 30}, process=True)
        runner.cancel(firm=True)  # before the child may even have started: it is started, then stopped
    assert blocker.args == [token] and not runner.alive()
    qtbot.waitUntil(lambda: not live_workers(), timeout=10_000)


def test_a_child_that_cannot_start_says_so_in_korean(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.start(_wait_long, {"seconds": lambda: 1}, process=True)  # a lambda does not pickle for a spawned child
    assert blocker.args[1] == DIED and not runner.alive()


def test_warm_up_starts_the_resource_tracker_without_a_child_job() -> None:
    """The first child's queues would start multiprocessing's resource tracker on the GUI thread; warm_up starts it
    from a thread beforehand (checked in a fresh interpreter, where nothing has started it yet)."""
    code = (
        "import time\n"
        "from multiprocessing import resource_tracker as rt\n"
        "from gui.jobs import warm_up\n"
        "assert rt._resource_tracker._pid is None\n"
        "warm_up()\n"
        "end = time.monotonic() + 20\n"
        "while rt._resource_tracker._pid is None and time.monotonic() < end:\n"
        "    time.sleep(0.01)\n"
        "print(rt._resource_tracker._pid is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr


def _big_reply(progress, rows: int):  # type: ignore[no-untyped-def]
    import pandas as pd

    from core.result import Result, ResultTable
    from core.runstatus import RunStatus
    from gui.jobs_work import RunReply

    df = pd.DataFrame({"번호": range(rows), "이름": [f"사람{i}" for i in range(rows)]})
    return RunReply(None, RunStatus.DONE, Result(tables=[ResultTable("표", df)]), None, 0.0, None)


def test_a_result_in_many_blocks_arrives_once_and_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The blocks fill several polls and the result itself may wait for a poll of its own: it still comes once, whole."""
    runner = JobRunner()
    got: list = []
    runner.finished.connect(lambda token, reply: got.append(reply))
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        runner.start(_big_reply, {"rows": 200_000}, process=True)
    qtbot.wait(200)
    assert len(got) == 1 and not runner.alive()
    blocks = got[0].blocks[0]
    step = transfer_rows(_big_reply(None, rows=10).result.tables[0].df)
    assert len(blocks) == math.ceil(200_000 / step) > 1 and sum(len(b) for b in blocks) == 200_000
    assert blocks[-1]["번호"].iloc[-1] == 199_999 and blocks[-1]["이름"].iloc[-1] == "사람199999"


def test_while_blocks_arrive_the_window_polls_again_at_once_and_slows_down_when_quiet(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The child's feeder writes through a small pipe, so a poll finds a block or two and then nothing yet: a poll that got
    blocks comes back on the next turn of the event loop (interval 0), a quiet one after POLL_MS as before."""
    from gui.jobs import POLL_MS

    runner = JobRunner()
    seen: list[tuple[int, int]] = []  # (blocks received so far, the timer's interval after that poll)
    poll = runner._poll

    def watched() -> None:
        poll()
        seen.append((sum(len(v) for v in runner._parts.values()), runner._timer.interval()))

    runner._poll = watched  # type: ignore[method-assign]
    runner._timer.timeout.disconnect()
    runner._timer.timeout.connect(runner._poll)
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        runner.start(_big_reply, {"rows": 200_000}, process=True)
    after_blocks = [interval for (got, interval), (before, _) in zip(seen[1:], seen, strict=False) if got > before]
    quiet = [interval for (got, interval), (before, _) in zip(seen[1:], seen, strict=False) if got == before == 0]
    assert after_blocks and set(after_blocks) == {0}
    assert quiet and set(quiet) == {POLL_MS}  # before the first block: the child starting and running


def test_the_rule_sheets_stay_in_the_child_and_the_reply_travels_light() -> None:
    """The rule engine's sheets are written in the child and not shown in the window: the reply carries their names and
    columns only (at a million rows a side they were 9.5 MB, one 81 ms turn of unpickling), the task's tables in blocks."""
    import pickle

    from core.result import ResultTable

    reply = _big_reply(None, rows=20_000)
    findings = pd.DataFrame({"규칙": ["R1"] * 30_000, "내용": [f"사람{i} 확인" for i in range(30_000)]})
    reply.result.rule_tables = [ResultTable("찾은 건", findings)]
    light, parts = reply.split_for_transfer()
    [rule] = light.result.rule_tables
    assert rule.name == "찾은 건" and list(rule.df.columns) == ["규칙", "내용"] and rule.df.empty
    assert len(pickle.dumps(light)) < 20_000  # names, columns, summary: no rows
    assert sum(len(part) for key, part in parts if key == 0) == 20_000


def test_blocks_are_sized_by_what_unpickling_them_costs() -> None:
    """Text cells cost the GUI thread ~50× a number: a numeric table travels in few big blocks, a wide text table in small ones."""
    numbers = pd.DataFrame({f"n{i}": range(10) for i in range(16)})
    texts = pd.DataFrame({f"t{i}": ["가"] * 10 for i in range(12)} | {"n": range(10)})
    mixed = pd.DataFrame({"번호": range(10), "이름": ["사람"] * 10})
    assert transfer_rows(numbers) == TRANSFER_MAX_ROWS  # 16 × 0.03 µs a row: capped
    assert transfer_rows(texts) == int(25_000 / 18.03)  # 12 text cells (1.5 µs) + one number a row
    assert transfer_rows(mixed) == TRANSFER_MAX_ROWS  # one text cell a row: 16,339 by cost, capped
    wide = pd.DataFrame({f"t{i}": ["가"] * 10 for i in range(4)})
    assert transfer_rows(wide) == int(25_000 / 6.0)  # four text cells a row
    assert TRANSFER_MIN_ROWS <= transfer_rows(pd.DataFrame({f"t{i}": ["x"] for i in range(100)}))
