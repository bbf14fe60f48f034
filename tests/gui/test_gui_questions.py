"""A clerk in the loop, in the window (issue 11): a running task asks, a dialog answers, cancel still works,
and a hard stop of the run's child also closes the "browser" it opened."""

from __future__ import annotations

import time
from pathlib import Path

from gui_steps import WAIT_MS, click_next
from PySide6.QtCore import Qt

from core.procs import pid_alive
from core.store import Store
from gui.wizard.run import WAITING_TEXT
from gui.wizard.wizard import TaskWizard
from tests.support.asking_task import QUESTION, SPEC, pid_file


def to_run(qtbot, mode: str = "ask") -> TaskWizard:  # type: ignore[no-untyped-def]
    wizard = TaskWizard(SPEC)
    qtbot.addWidget(wizard)
    wizard.show()
    click_next(qtbot, wizard)  # 소개 → 입력 파일 (none)
    click_next(qtbot, wizard)  # → 설정
    click_next(qtbot, wizard)  # → 확인
    qtbot.waitUntil(lambda: not wizard.check.busy(), timeout=WAIT_MS)
    assert wizard.check.ready(), wizard.check.verdict.text()
    wizard.state.params["mode"] = mode  # as a hook page between check and run may change a param
    click_next(qtbot, wizard)  # → 실행
    assert wizard.page is wizard.run
    return wizard


def browser_pid() -> int:
    return int(pid_file().read_text())


def gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not pid_alive(pid)


def test_question_answered_in_a_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = to_run(qtbot)
    run = wizard.run
    qtbot.waitUntil(lambda: run.question_dialog is not None and run.question_dialog.isVisible(), timeout=WAIT_MS)
    dialog = run.question_dialog
    assert not dialog.isModal()  # the window (and 취소) stays usable
    assert run.step_label.text() == f"{WAITING_TEXT}: {QUESTION.text}"
    assert [b.text() for b in dialog.buttons.values()] == ["계속", "중단"]
    assert run.busy() and run.cancel_button.isEnabled()
    pid = browser_pid()
    assert pid_alive(pid)
    qtbot.mouseClick(dialog.buttons["stop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply is not None and reply.status == "done"
    assert reply.result.summary_dict() == {"답": "중단"}  # the clerk's answer reached the child
    assert run.question_dialog is None
    assert gone(pid)  # closed on the normal end


def test_cancel_while_the_question_waits(qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = to_run(qtbot)
    run = wizard.run
    qtbot.waitUntil(lambda: run.question_dialog is not None, timeout=WAIT_MS)
    pid = browser_pid()
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    assert run.question_dialog is None
    qtbot.waitUntil(lambda: run.status == "cancelled", timeout=WAIT_MS)
    assert not run.busy() and wizard.state.reply is None
    assert Store().run(run.run_id).status == "cancelled"
    assert gone(pid)  # closed on cancel


def test_hard_stop_closes_what_the_child_opened(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A task stuck without a check point: the firm cancel kills the child, and its "browser" goes too."""
    wizard = to_run(qtbot, mode="hang")
    run = wizard.run
    qtbot.waitUntil(lambda: pid_file().exists() and run.step_label.text().startswith("응답 없는"), timeout=WAIT_MS)
    pid = browser_pid()
    child = wizard.session._worker
    run.runner.firm_cancel_s = 0.5
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.status == "cancelled", timeout=WAIT_MS)
    assert not child.is_alive() and child.exitcode != 0
    assert gone(pid)
    assert Path(run.state.output).exists() is False


def test_leaving_while_the_question_waits_asks_then_stops_and_closes(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gui import dialogs

    wizard = to_run(qtbot)
    run = wizard.run
    qtbot.waitUntil(lambda: run.question_dialog is not None, timeout=WAIT_MS)
    pid = browser_pid()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: asked.append(text) or True)
    assert wizard.running()  # waiting for the clerk still counts as running
    wizard.leave_to_launcher()
    assert asked == ["작업이 아직 실행 중입니다. 취소하고 목록으로 돌아갈까요?"]
    assert not run.busy() and run.question_dialog is None
    assert Store().run(run.run_id).status == "cancelled"
    assert gone(pid)
