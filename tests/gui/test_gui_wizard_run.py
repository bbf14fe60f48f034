"""The overtime-pay wizard driven through its real widgets, from the launcher to the saved workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input, to_check_page
from PySide6.QtCore import Qt

from core.store import Store
from gui import dialogs


def test_full_run_from_launcher_to_saved_workbook(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_modal_dialogs: list
) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    assert wizard.page is wizard.intro
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.inputs
    to_check_page(qtbot, wizard)

    report = wizard.check.report
    assert report is not None and report.error is None
    records = next(r for r in report.inputs if r.name == "records")
    assert records.rows_read > 100 and records.header_row > 1
    click_next(qtbot, wizard)  # 실행
    assert wizard.page is wizard.run
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)

    reply = wizard.state.reply
    assert reply.status == "done" and reply.output.exists()
    summary = {item.label: item.value for item in reply.result.summary}
    assert summary["과다지급"] == 2 and summary["대상 인원·월"] == 18
    qtbot.waitUntil(wizard.result.loaded)
    view = wizard.result.views[0]
    assert view.model.rowCount() == 18
    view.search.setText("과다지급")
    shown = view.shown_rows()
    assert view.view.model() is view.proxy
    verdict = view.model.df.columns.get_loc("판정")
    verdicts = [view.proxy.index(r, verdict).data() for r in range(shown)]
    assert 2 <= shown < 18 and verdicts.count("과다지급") == 2
    view.view.sortByColumn(view.model.df.columns.get_loc("금액차이"), Qt.SortOrder.DescendingOrder)
    assert view.shown_rows() == shown
    diffs = [view.model.df["금액차이"].iloc[view.proxy.mapToSource(view.proxy.index(r, 0)).row()] for r in range(shown)]
    diffs = [d for d in diffs if d is not None and d == d]
    assert diffs == sorted(diffs, reverse=True)
    view.search.clear()
    assert view.shown_rows() == 18 and view.view.model() is view.model
    assert [v.model.rowCount() > 0 for v in wizard.result.views] == [True, True]

    target = tmp_path / "사본.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(target))
    qtbot.mouseClick(wizard.result.save_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "요약" and "대사결과" in book.sheetnames
    rows = list(book["대사결과"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and "판정" in r)
    cols = rows[header]
    data = [dict(zip(cols, r, strict=False)) for r in rows[header + 1 :] if r and r[0]]
    verdicts = {d["공무원번호"]: d["판정"] for d in data}
    assert verdicts["02010003"] == "과다지급" and verdicts["02010005"] == "과소지급"
    assert len(data) == 18
    book.close()

    qtbot.mouseClick(wizard.result.folder_button, Qt.MouseButton.LeftButton)
    assert no_modal_dialogs[-1] == ("open", str(reply.output.parent))
    last = Store().runs()[0]
    assert last.status == "done" and last.output_path == str(reply.output)


def _big_records(path: Path, rows: int) -> Path:
    """A plain CSV of many daily rows: slow enough to cancel in the middle."""
    lines = ["공무원번호,성명,직급,근무일자,시작시각,종료시각"]
    for i in range(rows):
        lines.append(f"0201{i % 900:04d},직원{i % 900},7급,2026-03-{3 + i % 20:02d},18:00,21:30")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("firm", [False, True], ids=["cooperative", "firm"])
def test_cancel_mid_run_is_recorded_as_cancelled(qtbot, tmp_path: Path, firm: bool) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    set_input(qtbot, wizard, "records", _big_records(tmp_path / "records.csv", 150_000))
    to_check_page(qtbot, wizard)
    if firm:
        wizard.run.runner.firm_cancel_s = 0.0
    click_next(qtbot, wizard)
    run = wizard.run
    qtbot.waitUntil(lambda: run.run_id is not None, timeout=WAIT_MS)
    assert run.runner.busy()
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.status == "cancelled", timeout=WAIT_MS)
    assert not run.runner.busy()
    assert wizard.page is run and wizard.state.reply is None
    assert "취소" in run.message.text()
    record = Store().run(run.run_id)
    assert record is not None and record.status == "cancelled" and record.output_path is None
    assert not wizard.state.output.exists()
    assert not list(wizard.state.output.parent.glob("*.tmp.xlsx"))  # no half-written workbook left behind
    # 다시 실행 is offered; going back to 확인 is allowed once the worker is gone.
    assert run.retry_button.isVisible() and wizard.back_button.isEnabled()


def test_closing_the_window_mid_run_asks_then_stops_the_worker(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    set_input(qtbot, wizard, "records", _big_records(tmp_path / "records.csv", 150_000))
    to_check_page(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.run.run_id is not None, timeout=WAIT_MS)
    answers = [False, True]
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: asked.append(text) or answers.pop(0))
    assert not window.close()  # 아니오: the window stays, the run goes on
    assert wizard.run.runner.busy()
    assert window.close()  # 예: cancelled and shut down
    assert len(asked) == 2 and not wizard.run.runner.busy()
    assert Store().run(wizard.run.run_id).status == "cancelled"
