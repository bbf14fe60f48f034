"""The confirm-send hook page of a notice task: what would go out, and nothing runs until the clerk agrees."""

from __future__ import annotations

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from PySide6.QtCore import Qt

from gui.wizard.confirm_send import ConfirmSendPage


def test_welfare_sms_asks_before_sending(qtbot) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "welfare-sms")
    page = next(p for p in wizard.pages if isinstance(p, ConfirmSendPage))
    steps = [p.step for p in wizard.pages]
    assert steps.index("발송 확인") == steps.index("확인") + 1 == steps.index("실행") - 1
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    assert wizard.check.report is not None and wizard.check.report.error is None, wizard.check.verdict.text()
    click_next(qtbot, wizard)
    assert wizard.page is page
    qtbot.waitUntil(lambda: not page.runner.busy(), timeout=WAIT_MS)
    assert page.preview is not None, page.error.text()
    assert page.preview.count > 0 and "건을 보냅니다" in page.headline.text()
    assert not wizard.next_button.isEnabled()  # nothing goes out before the box is ticked
    page.agree.setChecked(True)
    assert wizard.next_button.isEnabled() and wizard.next_button.text().startswith("보내기")
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.check
