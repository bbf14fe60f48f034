"""기록 > 외부 처리 기록(확인 필요): the clerk sees the web-form effect a killed run left in doubt,
settles it, and exports the list (masked)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gui_steps import open_window
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QToolButton

from core.store import Store
from gui import dialogs, ledger_view
from gui.ledger_view import LedgerDialog
from tests.support.web_form_stub import kill_child_mid_submission


def cells(dialog: LedgerDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in (0, 1, 2, 3, 4, 6, 9)] for r in range(table.rowCount())]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_menu_opens_the_ledger_and_the_clerk_resolves_the_killed_web_form(
    qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch, no_modal_dialogs: list
) -> None:
    assert kill_child_mid_submission(haengbot_home) == ["K001", "K002"]
    window = open_window(qtbot)
    opened: list[LedgerDialog] = []
    monkeypatch.setattr(LedgerDialog, "exec", lambda self: opened.append(self) or 0)
    button = next(b for b in window.findChildren(QToolButton) if b.text() == "기록")
    next(a for a in button.menu().actions() if a.text() == "외부 처리 기록(확인 필요)").trigger()
    (dialog,) = opened
    assert dialog.state_box.currentText() == "확인필요"
    assert cells(dialog) == [
        [
            "2",
            "확인필요",
            "웹 입력",
            "web-form-demo",
            "K002",
            "010-****-0002",
            "처리 도중 실행이 중단되어 결과가 기록되지 않았습니다",
        ]
    ]
    assert dialog.count_label.text() == "1건 · 확인필요 1건"
    assert not dialog.resolve_button.isEnabled()  # nothing selected yet

    asked: list[str] = []
    monkeypatch.setattr(ledger_view, "choose_resolution", lambda parent, text: asked.append(text) or None)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append(f"{title}: {text}"))
    dialog.table.selectionModel().select(
        dialog.table.model().index(0, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    assert dialog.resolve_button.isEnabled()
    dialog.resolve_button.click()  # 취소: nothing changes
    assert asked[0].startswith("확인필요 1건을 어떻게 정리할까요?\n\n· 2번 웹 입력 · web-form-demo · 사례 K002 · 교육이수 입력")
    assert told == [] and len(cells(dialog)) == 1

    monkeypatch.setattr(ledger_view, "choose_resolution", lambda parent, text: "sent")
    dialog.table.selectRow(0)
    dialog.resolve_button.click()
    assert told == [
        "정리 결과: 2번 웹 입력 · web-form-demo · 사례 K002 · 교육이수 입력 · 010-****-0002: 보낸 것으로 처리했습니다."
    ]
    assert cells(dialog) == [] and dialog.count_label.text() == "0건 · 확인필요 0건"
    status = Store().connect().execute("SELECT status, resolved_at IS NOT NULL FROM effects WHERE id = 2").fetchone()
    assert tuple(status) == ("sent", 1)

    dialog.state_box.setCurrentText("모든 상태")
    assert [row[:2] for row in cells(dialog)] == [["1", "완료"], ["2", "완료"]]
    out = haengbot_home / "내보내기.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, suggested: str(out))
    dialog.export_button.click()
    assert told[-1] == f"내보냈습니다: {out}\n대상(전화번호·주소)은 가린 형태로 적었습니다."
    sheet = load_workbook(out, read_only=True)["외부처리기록"]
    targets = [r[5] for r in sheet.iter_rows(values_only=True) if r[0] in (1, 2)]
    assert targets == ["010-****-0001", "010-****-0002"]
