"""ordinance-review through the generic wizard: the texts folder in, the run, the workbook with the verdicts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next

from gui.wizard.wizard import TaskWizard
from tasks import registry
from tests.helpers import sheet_rows

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "ordinance_review_sample"


@pytest.fixture
def wizard(qtbot):  # type: ignore[no-untyped-def]
    wizard = TaskWizard(registry().get("ordinance-review"))
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.shutdown()


def test_texts_folder_run_gives_the_verdicts(qtbot, tmp_path: Path, wizard) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "본문"
    shutil.copytree(SAMPLE, folder)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.inputs
    tabs = [wizard.inputs.tabs.tabText(i) for i in range(wizard.inputs.tabs.count())]
    assert tabs == ["법령·조례 본문 폴더 (선택)", "수집 묶음(zip) (선택)"]
    wizard.inputs.documents["texts"].set_paths([folder])
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    assert wizard.page is wizard.params
    click_next(qtbot, wizard)
    assert wizard.page is wizard.check
    qtbot.waitUntil(lambda: wizard.check.report is not None, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS * 4)
    reply = wizard.state.reply
    assert reply is not None and reply.status == "done", reply
    rows = sheet_rows(reply.output, "인용색인")
    (row,) = [r for r in rows if r["조례 조문"] == "제10조①" and r["인용"] == "법 제11조제4항"]
    assert (row["판정"], row["권고 인용"]) == ("정비 필요", "법 제11조제5항")
