"""The run page's bar only moves forward across a run's steps (reading, computing, writing)."""

from __future__ import annotations

from gui_steps import open_window, open_wizard

from gui.wizard.progress import SCALE, OverallProgress

# What a two-file run reports, in order (core.runner, core.reader, a task, core.writer).
RUN = [
    (0, 2, "'국세청 종합소득세 신고내역' 파일 읽는 중: nts.csv"),
    (0, 0, "'국세청 종합소득세 신고내역' 엑셀 파일 푸는 중"),
    (25_000, 50_000, "'국세청 종합소득세 신고내역' 행 읽는 중 (25,000/50,000)"),
    (50_000, 50_000, "'국세청 종합소득세 신고내역' 행 읽는 중 (50,000/50,000)"),
    (1, 2, "'개인지방소득세 과세내역' 파일 읽는 중: local.xlsx"),
    (10_000, 40_000, "'개인지방소득세 과세내역' 행 읽는 중 (10,000/40,000)"),
    (40_000, 40_000, "'개인지방소득세 과세내역' 행 읽는 중 (40,000/40,000)"),
    (0, 1, "계산하는 중"),
    (0, 4, "국세·지방 자료 연결 중"),
    (1, 4, "판정 중"),
    (3, 4, "결과 표 만드는 중"),
    (4, 4, "계산 끝"),
    (0, 1, "결과 파일 쓰는 중"),
    (0, 1, "'대사결과' 시트 쓰는 중"),
    (1, 1, "완료"),
]


def test_overall_progress_never_goes_back() -> None:
    """Guards issue 10: the bar went from 50% back to 0% at each new step."""
    progress = OverallProgress()
    values = [progress.update(*event) for event in RUN]
    assert values == sorted(values) and values[-1] == SCALE
    # rows, the next file's rows, the task's steps and the end each move it on
    assert values[2] < values[3] < values[5] < values[6] < values[9] < values[10] < values[11] < values[14]


def test_run_page_bar_is_monotonic(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The page itself: the bar's fraction, read after every report, never falls."""
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "local-income-tax")
    page = wizard.run
    page.status = "running"
    shown = []
    for done, total, message in RUN[:-1]:
        page._on_progress(page.runner.token, done, total, message)
        if page.bar.maximum() > 0:
            shown.append(page.bar.value() / page.bar.maximum())
        assert page.step_label.text() == message
    assert len(shown) == len(RUN) - 1 and shown == sorted(shown) and shown[-1] < 1
    page.status = ""
