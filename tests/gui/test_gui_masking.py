"""Personal numbers on screen: the result tables and the check page's list of bad rows (issue 10)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from gui_steps import click_next, open_window, open_wizard, set_input, to_check_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidget

from core.result import MONEY, ResultTable
from gui.table_model import DataFrameModel, ResultTableView
from tasks.overtime_pay.sample import write_samples


def test_result_table_shows_text_masked_and_money_as_money(qtbot) -> None:
    """Guards the display role: an RRN or a mobile in a text column was shown (and searchable) in full."""
    df = pd.DataFrame(
        {
            "성명": ["850315-1234561", "김정상", "101013234564"],
            "연락처": ["010-2481-3301", "0111234567", None],
            "지급액": [1024813301, 101013234564, 0],
        }
    )
    view = ResultTableView(ResultTable("결과", df, {"지급액": MONEY}))
    qtbot.addWidget(view)
    model = view.model
    shown = [[model.data(model.index(r, c)) for c in range(3)] for r in range(3)]
    assert shown == [
        ["850315-1******", "010-****-3301", "1,024,813,301"],
        ["김정상", "011-****-4567", "101,013,234,564"],
        ["010101-3******", "", "0"],
    ]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "850315-1******"
    view.search.setText("1234561")  # the hidden digits cannot be found either
    assert view.shown_rows() == 0
    view.search.setText("850315-1")
    assert view.shown_rows() == 1
    plain = DataFrameModel(pd.DataFrame({"번호": [9001011234567]}))  # a number with no money format is shown as text
    assert plain.data(plain.index(0, 0)) == "900101-1******"


def test_check_page_lists_a_misplaced_rrn_masked(qtbot, tmp_path: Path) -> None:
    """Guards the 확인 page: an RRN typed into 근무일자 was listed under 값 in full."""
    files = {k: Path(v) for k, v in write_samples(tmp_path / "samples").items()}
    book = openpyxl.load_workbook(files["records"])
    ws = book.active
    head = next(c for row in ws.iter_rows(max_row=10) for c in row if c.value == "근무일자")
    ws.cell(head.row + 5, head.column).value = "850315-1234561"
    ws.cell(head.row + 6, head.column).value = "0111234567"
    book.save(files["records"])
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", files["records"])
    set_input(qtbot, wizard, "payments", files["payments"])
    to_check_page(qtbot, wizard)
    check = wizard.check
    cells = [[check.issues.item(r, c).text() for c in range(check.issues.columnCount())] for r in range(check.issues.rowCount())]
    values = {row[5] for row in cells if row[4] == "근무일자"}
    assert {"850315-1******", "011-****-4567"} <= values
    assert not any("1234561" in text or "1234567" in text for row in cells for text in row)


def test_inputs_page_preview_and_mapping_show_a_headerless_row_masked(qtbot, tmp_path: Path) -> None:
    """Guards the 입력 파일 page: a file without its header row showed its first data row's RRN and mobile in full,
    in the preview grid and in the 열 연결 drop-downs (which offer that row as "column names")."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["850315-1234561", "최영번", "01024813301", 12000])
    ws.append(["900101-2345678", "김정상", "01055556666", 13000])
    path = tmp_path / "머리글없음.xlsx"
    book.save(path)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", path)
    texts: list[str] = []
    for grid in wizard.findChildren(QTableWidget):
        for r in range(grid.rowCount()):
            for c in range(grid.columnCount()):
                item = grid.item(r, c)
                if item is not None:
                    texts.append(item.text())
    for combo in wizard.findChildren(QComboBox):
        texts.extend(combo.itemText(i) for i in range(combo.count()))
    shown = "\n".join(texts)
    assert "850315-1******" in shown, shown[:500]
    assert "1234561" not in shown and "2345678" not in shown
    assert "2481-3301" not in shown and "24813301" not in shown
