"""hygiene-training in the generic wizard: the sample's 한국외식업중앙회 list and 인허가 대장 picked, 교육 연도 set,
the run through to the result page. The figures are the CLI's (tests/e2e/test_hygiene_cli.py) for this one list:
11 수료 → 7 입력 대상 (0001, 0002, 0003, 0004, 0005, 25-0931, 0010), 1 중복 수료 (0006), 3 입력 제외 (0007, 0008 검토;
0009 미매칭)."""

from __future__ import annotations

from pathlib import Path

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input

from tasks.hygiene_training.sample import write_samples
from tests.helpers import sheet_rows


def test_hygiene_training_runs_from_the_wizard(qtbot, tmp_path: Path, no_modal_dialogs: list) -> None:  # type: ignore[no-untyped-def]
    written = write_samples(tmp_path / "s")
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "hygiene-training")
    while wizard.page is not wizard.inputs:
        click_next(qtbot, wizard)
    set_input(qtbot, wizard, "completions", written["completions"] / "한국외식업중앙회_2026_수료자.xlsx")
    set_input(qtbot, wizard, "licenses", written["licenses"])
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.params
    wizard.params.set_value("year", 2026)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.check
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply.status == "done", reply
    summary = reply.result.summary_dict()
    assert (summary["읽은 수료 건"], summary["입력 대상"], summary["중복 수료"], summary["입력 제외"]) == (11, 7, 1, 3)
    rows = sheet_rows(reply.output, "매칭결과")
    assert [r["수료번호"] for r in rows if r["매칭"] == "검토"] == ["외식-26-0007", "외식-26-0008"]
    assert sheet_rows(reply.output, "입력결과") == []


def test_sample_button_runs_with_the_folder_of_lists(qtbot, no_modal_dialogs: list) -> None:  # type: ignore[no-untyped-def]
    """[예시 파일로 해보기] gives the completions input a folder: the panel previews its first list and the run
    reads all three (26 수료, as on the CLI)."""
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "hygiene-training")
    wizard.load_samples()
    qtbot.waitUntil(lambda: not wizard.inputs.busy(), timeout=WAIT_MS)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    assert wizard.state.inputs["completions"].path is not None and wizard.state.inputs["completions"].path.is_dir()
    click_next(qtbot, wizard)
    wizard.params.set_value("year", 2026)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply.status == "done", reply
    summary = reply.result.summary_dict()
    assert (summary["읽은 수료 건"], summary["입력 대상"], summary["2026년 미이수"]) == (26, 19, 7)
