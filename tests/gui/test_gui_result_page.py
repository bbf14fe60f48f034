"""The result page: room for the table at the default window size, Korean words when a file cannot be opened,
a search example from the task's own words, and Qt's own buttons in Korean."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_steps import WAIT_MS, open_window, open_wizard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.result import FINDING, MONEY, OK, SummaryItem
from gui import dialogs
from gui.app import create_app
from gui.wizard.result import group_summary, short_label
from gui.wizard.wizard import TaskWizard


def run_sample(qtbot, task_id: str) -> tuple:  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    window.resize(1180, 780)  # the default window size
    wizard: TaskWizard = open_wizard(qtbot, window, task_id)
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    while wizard.page is not wizard.run:
        page = wizard.page
        qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT_MS)  # noqa: B023
        wizard.go_next()
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    qtbot.waitUntil(wizard.result.loaded)
    return window, wizard


def test_local_income_tax_result_leaves_the_table_twelve_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: 26 summary cards in four rows left the table three rows at 1180×780."""
    window, wizard = run_sample(qtbot, "local-income-tax")
    qtbot.waitUntil(lambda: window.size().height() == 780)
    qtbot.wait(50)
    view = wizard.result.views[0].view
    rows = view.viewport().height() / view.verticalHeader().defaultSectionSize()
    assert rows >= 12, rows
    cards = [w for w in wizard.result.findChildren(object) if getattr(w, "objectName", lambda: "")().startswith("card")]
    assert 8 <= len([c for c in cards if c.objectName() in ("cardFinding", "cardWarning", "cardOk")]) <= 20


def test_summary_groups_fold_amounts_under_their_outcome() -> None:
    items = [
        SummaryItem("국세 신고 건수", 54),
        SummaryItem("과소신고 건수", 2, FINDING),
        SummaryItem("  과소신고 금액 합계(원)", 20_012, fmt=MONEY),
        SummaryItem("  과소신고 예상가산세 합계(원)", 2_000, fmt=MONEY),
        SummaryItem("정상 건수", 45, OK),
    ]
    groups = group_summary(items)
    assert [g.head.label for g in groups] == ["국세 신고 건수", "과소신고 건수", "정상 건수"]
    assert [short_label(groups[1].head, d) for d in groups[1].details] == ["금액 합계", "예상가산세 합계"]


@pytest.mark.parametrize(
    ("task_id", "expected", "foreign"),
    [("local-income-tax", "무신고", "과다지급"), ("overtime-pay", "과다지급", "무신고")],
)
def test_search_example_uses_the_tasks_own_words(qtbot, task_id: str, expected: str, foreign: str) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: every result page said '예: 과다지급, 이름, 부서', an overtime-pay word."""
    _, wizard = run_sample(qtbot, task_id)
    hint = wizard.result.views[0].search.placeholderText()
    assert expected in hint and foreign not in hint and "성명" in hint


def test_open_result_without_a_program_says_so(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: '결과 파일 열기' did nothing when no program opens .xlsx (openUrl returned False)."""
    _, wizard = run_sample(qtbot, "overtime-pay")
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "open_path", lambda path: False)
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append((title, text)))
    qtbot.mouseClick(wizard.result.open_button, Qt.MouseButton.LeftButton)
    output: Path = wizard.state.reply.output
    assert warned and warned[0][0] == "결과 파일을 열지 못했습니다"
    assert "여는 프로그램이 없거나" in warned[0][1] and str(output) in warned[0][1]
    qtbot.mouseClick(wizard.result.folder_button, Qt.MouseButton.LeftButton)
    assert warned[1] == ("폴더를 열지 못했습니다", f"파일 탐색기로 이 폴더를 직접 여십시오:\n{output.parent}")


def test_qt_standard_buttons_are_korean(qapp) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: Qt's own dialogs said Yes/Cancel; the app loads Qt's Korean catalogue (qtbase_ko) at start."""
    assert create_app() is qapp
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "취소"
    assert box.button(QMessageBox.StandardButton.Save).text() == "저장"
