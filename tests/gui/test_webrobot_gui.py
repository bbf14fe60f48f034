"""The web robot in the window's child process (Playwright's sync API is bound to its thread: the run's
child runs the task on its main thread): the login question is a dialog, the clerk logs in, clicks
[로그인 완료], and the record is typed and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next, set_input, to_check_page
from PySide6.QtCore import Qt

from gui.wizard.wizard import TaskWizard
from tests.support.replica_hygiene import Replica
from tests.support.robot_helpers import chromium, xvfb
from tests.support.robot_task import SPEC

RECORDS = "영업신고번호,업소명,대표자,업종,교육구분,교육일,교육시간,수료번호,교육기관\n2026-3000001,행복식당,김민준,일반음식점,정기,2026-03-15,3,,\n"


@pytest.mark.slow
def test_the_robot_asks_for_the_login_in_a_dialog_and_enters_the_record(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    with xvfb() as display, Replica() as site:
        monkeypatch.setenv("DISPLAY", display)  # the child's browser window goes to the virtual screen
        monkeypatch.setenv("HAENGBOT_BROWSER", chromium())
        wizard = TaskWizard(SPEC)
        qtbot.addWidget(wizard)
        wizard.show()
        click_next(qtbot, wizard)  # 소개 → 입력 파일
        set_input(qtbot, wizard, "records", records)
        to_check_page(qtbot, wizard)
        assert wizard.check.ready(), wizard.check.verdict.text()
        wizard.state.params["site_url"] = site.url
        click_next(qtbot, wizard)  # → 실행
        run = wizard.run
        qtbot.waitUntil(lambda: run.question_dialog is not None and run.question_dialog.isVisible(), timeout=WAIT_MS)
        dialog = run.question_dialog
        assert [b.text() for b in dialog.buttons.values()] == ["로그인 완료", "중단"]
        assert site.logins == 0
        site.open_door = True  # the clerk logs in (in the browser window: here, the replica lets the next page in)
        qtbot.mouseClick(dialog.buttons["done"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
        reply = wizard.state.reply
        assert reply is not None and reply.status == "done", reply
        assert reply.result.summary_dict() == {"입력 완료": 1}
        assert site.saved == {"2026-3000001/2026-03-15": 1}
