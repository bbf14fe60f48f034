"""care-voucher-audit in the generated wizard: the sample month loads, the audit runs from the window, and the
confirm-send page lets a plain audit (notify=none) through but holds people's reminders until the clerk agrees."""

from __future__ import annotations

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, to_check_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from gui.wizard.confirm_send import ConfirmSendPage


def _to_confirm(qtbot, wizard, notify: str = "") -> ConfirmSendPage:  # type: ignore[no-untyped-def]
    page = next(p for p in wizard.pages if isinstance(p, ConfirmSendPage))
    qtbot.mouseClick(wizard.intro.sample_button, Qt.MouseButton.LeftButton)
    to_check_page(qtbot, wizard)
    assert wizard.check.report is not None and wizard.check.report.error is None, wizard.check.verdict.text()
    if notify:  # 설정 saves its fields on leaving; the choice goes in after, as a clerk's would have
        wizard.state.params["notify"] = notify
    click_next(qtbot, wizard)
    assert wizard.page is page
    qtbot.waitUntil(lambda: not page.runner.busy(), timeout=WAIT_MS)
    assert page.preview is not None, page.error.text()
    return page


def test_audit_runs_from_the_wizard_without_sending(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "care-voucher-audit")
    assert {"payments", "events", "limits", "relations", "contacts"} <= set(wizard.inputs.panels)
    page = _to_confirm(qtbot, wizard)
    assert page.preview.count == 0 and "보내지 않음" in page.headline.text()
    assert wizard.next_button.isEnabled()  # nothing to confirm: the audit goes on
    assert wizard.next_button.text() == "다음(&N) >" and not page.agree.isVisibleTo(page)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply is not None and reply.status == "done"
    qtbot.waitUntil(lambda: len(wizard.result.views) == 4, timeout=WAIT_MS)  # the findings and roll-ups on the page
    assert [wizard.result.tabs.tabText(i).split(" (")[0] for i in range(4)] == ["의심결제", "수급자별", "활동지원사별", "기관별"]
    book = load_workbook(reply.output, read_only=True)
    assert book.sheetnames[:6] == ["요약", "의심결제", "수급자별", "활동지원사별", "기관별", "오류행"]
    rules = {r[0] for r in book["의심결제"].iter_rows(min_row=2, values_only=True) if r and r[0]}
    book.close()
    assert rules == {f"R{i:02d}" for i in range(1, 13)}  # the sample plants every rule


def test_people_reminders_wait_for_the_tick(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HAENGBOT_SETTING_NOTIFY_CHANNEL", "upload")
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "care-voucher-audit")
    page = _to_confirm(qtbot, wizard, "people")
    assert page.preview.count > 0 and "건을 보냅니다" in page.headline.text()
    assert not wizard.next_button.isEnabled() and wizard.next_button.text() == "보내기(&N) >"
    page.agree.setChecked(True)
    assert wizard.next_button.isEnabled()
