"""입력 파일 and 확인 pages: a renamed column fixed once and remembered; bad rows listed; a bad file in Korean."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input, to_check_page
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tasks.overtime_pay.sample import write_samples


def _samples(tmp_path: Path) -> dict[str, Path]:
    return {k: Path(v) for k, v in write_samples(tmp_path / "samples").items()}


def _edit_records(path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(path)
    edit(book.active)
    book.save(path)
    return path


def _rename_header(sheet, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    hits = [c for row in sheet.iter_rows(max_row=10) for c in row if c.value == old]
    assert hits, old
    for cell in hits:
        cell.value = new


def test_mapping_fix_of_a_renamed_column_is_remembered(qtbot, tmp_path: Path) -> None:
    files = _samples(tmp_path)
    records = _edit_records(files["records"], lambda ws: _rename_header(ws, "성명", "직원 성함"))
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "payments", files["payments"])
    set_input(qtbot, wizard, "records", records)
    panel = wizard.inputs.panels["records"]
    assert panel.st.match.missing == ["성명"]
    assert not wizard.inputs.ready() and not wizard.next_button.isEnabled()
    assert "성명" in panel.status.text()
    # The header row is highlighted in the preview.
    header = panel.st.match.row
    assert panel.preview.item(header, panel.st.match.columns["공무원번호"]).font().bold()

    panel.choose_column("성명", "직원 성함")
    assert panel.st.match.missing == []
    assert wizard.inputs.ready() and wizard.next_button.isEnabled()
    assert panel.mapping.item(1, 2).text() == "직접 고름"

    # Next time the same layout opens, the fix is already there.
    window.show_launcher()
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", records)
    panel = wizard.inputs.panels["records"]
    assert panel.st.match.missing == []
    assert panel.st.overrides == {"성명": "직원 성함"}
    assert panel.combos["성명"].currentData() == "직원 성함"
    # and the run reads it with that mapping
    set_input(qtbot, wizard, "payments", files["payments"])
    to_check_page(qtbot, wizard)
    records_report = next(r for r in wizard.check.report.inputs if r.name == "records")
    assert records_report.columns["성명"] == "직원 성함"


def test_check_page_lists_bad_rows_and_allows_going_back(qtbot, tmp_path: Path) -> None:
    files = _samples(tmp_path)

    def spoil(ws) -> None:  # type: ignore[no-untyped-def]
        head = next(c for row in ws.iter_rows(max_row=10) for c in row if c.value == "근무일자")
        ws.cell(head.row + 5, head.column).value = "2026-13-45"
        ws.cell(head.row + 8, head.column).value = "어제"

    records = _edit_records(files["records"], spoil)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", records)
    set_input(qtbot, wizard, "payments", files["payments"])
    to_check_page(qtbot, wizard)
    check = wizard.check
    report = check.report
    assert report.error is None and report.bad_rows >= 2
    cells = [[check.issues.item(r, c).text() for c in range(check.issues.columnCount())] for r in range(check.issues.rowCount())]
    dates = [row for row in cells if row[4] == "근무일자"]
    assert {row[5] for row in dates} >= {"2026-13-45", "어제"}
    assert all(row[6] for row in dates)  # each with its reason
    assert all(row[3].isdigit() for row in cells)  # Excel row numbers
    assert "오류행" in check.verdict.text()
    assert wizard.next_button.isEnabled() and wizard.next_button.text().startswith("실행")
    assert "문제 있는 행" in check.summary.text()
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.params

    # With '멈추고 알림' the same file cannot run: the page says why, 실행 stays off.
    wizard.params.set_value("on_bad_rows", "stop")
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not check.runner.busy(), timeout=WAIT_MS)
    assert check.report.stops and not wizard.next_button.isEnabled()
    assert "근무일자" in check.verdict.text() and "Traceback" not in check.verdict.text()


def test_a_bad_file_is_a_korean_message_not_a_traceback(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "내역.xlsx"
    bad.write_bytes(b"this is not a workbook at all\n" * 20)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", bad)
    panel = wizard.inputs.panels["records"]
    assert panel.st.error
    text = panel.error.text()
    assert panel.error.isVisible() and "내역.xlsx" in text and "엑셀" in text
    assert "Traceback" not in text and "Error" not in text
    assert not wizard.inputs.ready()
    assert "오류" in wizard.inputs.tabs.tabText(0)


def test_a_file_dropped_on_the_panel_is_read(qtbot, tmp_path: Path) -> None:
    files = _samples(tmp_path)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    panel = wizard.inputs.panels["payments"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files["payments"]))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: not panel.runner.busy(), timeout=WAIT_MS)
    assert panel.st.path == files["payments"] and panel.st.match and not panel.st.match.missing
    assert panel.preview.rowCount() > 1
