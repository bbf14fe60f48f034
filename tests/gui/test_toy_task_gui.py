"""Issue 11's toy task ("교육 이수 입력 연습") through the real wizard: a table and a folder picked, the
run in its own child process (the spec travels there by value: gui/wizard/session.py), the login question
answered in the dialog, each record submitted once to a loopback web form as a ledgered effect, the
two-rule findings and the artifact pair on the result. The CLI side is tests/e2e/test_toy_task_cli.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next, set_input
from openpyxl import load_workbook
from PySide6.QtCore import Qt

import tasks
from core.store import Store
from gui.wizard.run import WAITING_TEXT
from gui.wizard.wizard import TaskWizard
from tests.support.toy_task import LOGIN, SPEC
from tests.support.web_form_stub import WebFormStub

TABLE = "사례번호,이름,교육시간\nE001,홍길동,6\nE002,김영희,3\nE003,이철수,10\nE004,박민수,2\n"


@pytest.fixture
def wizard(qtbot, monkeypatch: pytest.MonkeyPatch) -> TaskWizard:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(tasks.registry()._tasks, SPEC.id, SPEC)  # this process (check page, thread jobs)
    wizard = TaskWizard(SPEC)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.shutdown()


def test_toy_run_in_the_wizard_answers_the_question_in_a_dialog(qtbot, tmp_path: Path, wizard) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "교육자료"
    folder.mkdir()
    (folder / "01-안내.md").write_text("---\n제목: 위생교육 안내\n---\n# 위생교육\n", encoding="utf-8")
    (folder / "02-입력.md").write_text("---\n제목: 입력 방법\n---\n# 입력\n", encoding="utf-8")
    table = tmp_path / "이수자.csv"
    table.write_text(TABLE, encoding="utf-8")

    click_next(qtbot, wizard)
    assert wizard.page is wizard.inputs
    set_input(qtbot, wizard, "trainees", table)
    wizard.inputs.documents["notes"].set_paths([folder])
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.params
    with WebFormStub() as site:
        click_next(qtbot, wizard)  # 설정 saves its fields on leaving; the test's form address goes in after
        wizard.state.params["form_url"] = site.url
        qtbot.waitUntil(lambda: wizard.check.report is not None, timeout=WAIT_MS)
        click_next(qtbot, wizard)
        run = wizard.run
        assert wizard.page is run
        qtbot.waitUntil(lambda: run.question_dialog is not None and run.question_dialog.isVisible(), timeout=WAIT_MS)
        dialog = run.question_dialog
        assert run.step_label.text() == f"{WAITING_TEXT}: {LOGIN.text}"
        assert [b.text() for b in dialog.buttons.values()] == ["계속", "중단"]
        assert site.received == []  # nothing goes out before the clerk has logged in
        qtbot.mouseClick(dialog.buttons["continue"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
        assert site.received == ["E001", "E002", "E003", "E004"]

    reply = wizard.state.reply
    assert reply is not None and reply.status == "done"
    assert reply.result.summary_dict()["읽은 자료"] == 2
    output = reply.output
    hwpx, pdf = output.with_name(f"{output.stem}_이수확인.hwpx"), output.with_name(f"{output.stem}_이수확인인쇄.pdf")
    assert [(a.name, a.path) for a in reply.result.artifacts] == [("이수확인", hwpx), ("이수확인인쇄", pdf)]
    for artifact in reply.result.artifacts:
        assert artifact.sha256 == hashlib.sha256(artifact.path.read_bytes()).hexdigest()
    assert list(wizard.result.artifact_buttons) == ["이수확인", "이수확인인쇄"]

    book = load_workbook(output, read_only=True)
    found = [r[:1] + r[7:9] for r in book["찾은 건"].iter_rows(min_row=2, values_only=True) if r and r[0]]
    ruled = [(r[0], r[5], r[6]) for r in book["규칙표"].iter_rows(min_row=2, values_only=True) if r and r[0]]
    book.close()
    found = [f for f in found if str(f[0]).startswith("R")]
    ruled = [r for r in ruled if str(r[0]).startswith("R")]
    assert found == [("R01", 3, "E002"), ("R01", 5, "E004"), ("R02", 4, "E003")]
    assert ruled == [("R01", "예", 2), ("R02", "예", 1)]

    # the run child wrote the ledger: every record claimed, submitted and confirmed once
    done = Store().connect().execute("SELECT case_key, status FROM effects WHERE task = ? ORDER BY case_key", (SPEC.id,))
    assert [tuple(r) for r in done.fetchall()] == [("E001", "sent"), ("E002", "sent"), ("E003", "sent"), ("E004", "sent")]
