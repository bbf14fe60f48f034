"""Both deadline tasks in the launcher: their wizard from the spec, the sample, the send confirmation page,
and a run to the result page with the contract sheets (the real widgets, driven by pytest-qt)."""

from __future__ import annotations

import pytest
from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from core.settings import Settings
from gui.wizard.confirm_send import ConfirmSendPage


@pytest.mark.parametrize(
    ("task_id", "title", "first_notice"),
    [
        ("sports-facility-check", "민간체육시설 점검 알림", "조치기한 경과"),
        ("ad-permit-expiry", "옥외광고물 표시기간 만료 알림", "기간 경과"),
    ],
)
def test_launcher_wizard_confirm_and_run(qtbot, task_id: str, title: str, first_notice: str) -> None:
    settings = Settings()
    settings.set("org.sido", "경기도")
    settings.set("org.sigungu", "광주시")
    settings.save()
    window = open_window(qtbot)
    card = next(c for c in window.launcher.cards if c.task.id == task_id)
    assert card.task.title == title
    wizard = open_wizard(qtbot, window, task_id)
    steps = [p.step for p in wizard.pages]
    assert steps.index("발송 확인") == steps.index("확인") + 1 == steps.index("실행") - 1
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    assert wizard.check.report is not None and wizard.check.report.error is None, wizard.check.verdict.text()
    click_next(qtbot, wizard)
    page = next(p for p in wizard.pages if isinstance(p, ConfirmSendPage))
    assert wizard.page is page
    qtbot.waitUntil(lambda: not page.runner.busy(), timeout=WAIT_MS)
    assert page.preview is not None, page.error.text()
    assert page.preview.count >= 3 and "건을 보냅니다" in page.headline.text()
    assert not wizard.next_button.isEnabled()  # nothing goes out before the box is ticked
    page.agree.setChecked(True)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply.status == "done", reply.error
    book = load_workbook(reply.output, read_only=True)
    assert book.sheetnames == ["요약", "알림대상", "제외", "발송결과", "오류행", "실행정보"]
    rows = list(book["알림대상"].iter_rows(values_only=True))
    assert rows[0] == ("관리번호", "이름", "알림", "기준일자", "D-day", "받는 사람", "안내문", "발송")
    assert rows[1][2] == first_notice  # overdue first
    assert sum(r[7] == "발송" for r in rows[1:]) == page.preview.count
