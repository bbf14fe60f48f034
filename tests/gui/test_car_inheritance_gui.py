"""car-inheritance-notice through the generic wizard: launcher card, the optional 공고문 서식 input, a run
in its child process, and the three documents on the result page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input
from PySide6.QtWidgets import QLabel

from core.hwpx import page_count, problems
from tasks.car_inheritance_notice.sample import ANCHOR, PLANTED, write_samples
from tests.helpers import sheet_rows


def test_wizard_runs_the_sample_and_lists_the_documents(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vehicles = write_samples(tmp_path / "in", anchor=ANCHOR)["vehicles"]
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "car-inheritance-notice")
    try:
        cards = [label.text() for label in wizard.intro.findChildren(QLabel) if label.objectName() == "card"]
        assert any("공고문 서식(HWPX)" in card and "(선택)" in card for card in cards)
        click_next(qtbot, wizard)
        set_input(qtbot, wizard, "vehicles", vehicles)
        qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
        click_next(qtbot, wizard)
        assert wizard.page is wizard.params
        click_next(qtbot, wizard)  # 설정 saves its fields on leaving; the fixed dates go in after
        wizard.state.params.update(base_date=dt.date(2026, 11, 27), notice_date=dt.date(2026, 12, 1))
        qtbot.waitUntil(lambda: wizard.check.report is not None, timeout=WAIT_MS)
        click_next(qtbot, wizard)
        qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
        reply = wizard.state.reply
        assert reply is not None and reply.status == "done"
        assert [artifact.name for artifact in reply.result.artifacts] == ["공시송달공고", "공시송달공고_게시용", "상속이전안내문"]
        assert list(wizard.result.artifact_buttons) == ["공시송달공고", "공시송달공고_게시용", "상속이전안내문"]
        letters = reply.result.artifacts[2].path.read_bytes()
        assert problems(letters) == [] and page_count(letters) == 2
        assert reply.result.summary_dict()["효력 발생일"] == "2026-12-15"  # the 공고일 given: 2026-12-01 + 14
        found = {row["차량번호"]: row["구분"] for row in sheet_rows(reply.output, "대상차량")}
        assert found == {plate: category for plate, (category, *_) in PLANTED.items()}
    finally:
        wizard.shutdown()
