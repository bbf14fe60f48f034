"""입력 파일 page against hostile files: the read runs in a child, so the window outlives any file (issue 10)."""

from __future__ import annotations

from pathlib import Path

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input

from gui.jobs import JobRunner
from tests.support import hostile_files as H


def test_giant_dimension_file_is_a_korean_error_and_the_window_lives(qtbot, tmp_path: Path) -> None:
    """Guards item 8 (with item 1): this 1.5 KB file aborted calamine inside the window process and the window died."""
    giant = H.giant_dimension(tmp_path / "초과근무.xlsx")
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", giant)
    panel = wizard.inputs.panels["records"]
    assert panel.error.isVisible()
    assert panel.error.text() == (
        "파일 '초과근무.xlsx', 시트 'Sheet1': 시트의 사용 범위가 A1:XFD1048576까지로 지나치게 넓어(셀 17,179,869,184개) 읽지 않았습니다.\n"
        "  → 엑셀에서 표 아래·오른쪽의 빈 행과 열을 모두 선택해 삭제하고 저장한 뒤 다시 선택하십시오."
    )
    assert not wizard.inputs.ready()
    assert window.isVisible()


def test_a_small_file_is_previewed_in_a_child_process(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Guards item 8: files under 2 MB were previewed in a thread of the window process."""
    calls: list[bool] = []
    original = JobRunner.start

    def spy(self, fn, kwargs=None, *, process=False, died=None):  # type: ignore[no-untyped-def]
        calls.append(process)
        return original(self, fn, kwargs, process=process, died=died)

    monkeypatch.setattr(JobRunner, "start", spy)
    small = H.payments_with_footnote(tmp_path / "지급.xlsx")
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    click_next(qtbot, wizard)
    set_input(qtbot, wizard, "payments", small)
    assert calls == [True]
    assert wizard.inputs.panels["payments"].st.preview is not None


def test_a_reader_child_that_dies_is_a_korean_error_naming_the_file(qtbot) -> None:
    """Guards item 8: a child killed by SIGABRT ends the job with the text the page gave, not silence or a crash."""
    runner = JobRunner()
    failures: list[str] = []
    runner.failed.connect(lambda token, message: failures.append(message))
    runner.start(H.abort_while_reading, {}, process=True, died="파일을 읽다가 읽기 프로세스가 멈췄습니다: 내역.xlsx")
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert failures == ["파일을 읽다가 읽기 프로세스가 멈췄습니다: 내역.xlsx"]
    assert not runner.busy()
