"""A big result table reaches the view in steps (fetchMore): the first rows at once, the rest as the clerk
scrolls; sorting and searching still cover every row (issue 19: no stall when the table is first filled)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt

from core.result import MONEY, ResultTable
from gui.table_model import DataFrameModel, ResultTableView

ROWS = 12_345


def big_view(qtbot) -> ResultTableView:  # type: ignore[no-untyped-def]
    df = pd.DataFrame(
        {
            "번호": range(1, ROWS + 1),
            "성명": [f"직원{i:05d}" for i in range(1, ROWS + 1)],
            "지급액": [(i * 7919) % 100_003 for i in range(1, ROWS + 1)],
        }
    )
    table = ResultTable("일별내역", df.iloc[:0], {"지급액": MONEY})
    blocks = [df.iloc[k : k + 5000] for k in range(0, ROWS, 5000)]  # as the worker hands them over
    view = ResultTableView(table, blocks=blocks)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def cell(view: ResultTableView, row: int, column: int) -> str:
    model = view.view.model()
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def test_the_view_gets_the_first_rows_then_the_rest_by_scrolling(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = big_view(qtbot)
    assert view.model.rowCount() == DataFrameModel.FIRST == 2000  # all the view is told of on arrival
    assert view.model.total_rows() == ROWS
    assert view.count.text() == "12,345행"  # the clerk is told the whole size
    assert view.shown_rows() == ROWS
    for _ in range(10):  # scrolling to the end asks for more, block by block
        view.view.scrollToBottom()
        qtbot.wait(20)
        if view.model.rowCount() == ROWS:
            break
    assert view.model.rowCount() == ROWS
    assert not view.model.canFetchMore()
    last = ROWS - 1
    assert [cell(view, last, c) for c in range(3)] == ["12345", "직원12345", f"{(ROWS * 7919) % 100_003:,}"]
    assert cell(view, 4999, 1) == "직원05000" and cell(view, 5000, 1) == "직원05001"  # across a block edge


def test_sorting_covers_rows_not_yet_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = big_view(qtbot)
    assert view.model.rowCount() == 2000
    view.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # 지급액
    amounts = [(i * 7919) % 100_003 for i in range(1, ROWS + 1)]
    top = sorted(amounts, reverse=True)[:3]
    assert [cell(view, r, 2) for r in range(3)] == [f"{a:,}" for a in top]
    # the row with the largest amount sits far below the first 2,000 rows in the original order
    assert amounts.index(top[0]) >= 2000
    assert cell(view, 0, 1) == f"직원{amounts.index(top[0]) + 1:05d}"


def test_search_finds_rows_not_yet_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = big_view(qtbot)
    view.search.setText("직원1234")  # 직원12340…12345, all far past the first 2,000 rows (직원01234 does not match)
    assert view.shown_rows() == 6
    assert [cell(view, r, 1) for r in range(6)] == [f"직원{n}" for n in range(12340, 12346)]
    assert view.count.text() == "12,345행 중 6행"
    view.search.setText("")
    assert view.view.model() is view.model and view.shown_rows() == ROWS


def test_check_page_fills_500_issue_rows_over_several_turns(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui_steps import open_window, open_wizard

    from gui.jobs_work import MAX_ISSUES_SHOWN, CheckReport, IssueLine
    from gui.wizard.check import ISSUE_CHUNK

    window = open_window(qtbot)
    check = open_wizard(qtbot, window, "overtime-pay").check
    lines = [
        IssueLine("지급 내역", "payments.csv", None, r + 2, "지급액", f"{r}원?", "숫자가 아닙니다")
        for r in range(MAX_ISSUES_SHOWN)
    ]
    check._fill_issues(CheckReport(issues=lines, issue_count=1234))
    assert check.issues.rowCount() == MAX_ISSUES_SHOWN
    assert check.issues.item(ISSUE_CHUNK - 1, 3) is not None and check.issues.item(ISSUE_CHUNK, 3) is None  # the rest follow
    assert "모두 1,234개" in check.issues_title.text()
    qtbot.waitUntil(lambda: check.issues.item(MAX_ISSUES_SHOWN - 1, 6) is not None, timeout=5000)
    last = [check.issues.item(MAX_ISSUES_SHOWN - 1, c).text() for c in range(7)]
    assert last == ["지급 내역", "payments.csv", "", "501", "지급액", "499원?", "숫자가 아닙니다"]
