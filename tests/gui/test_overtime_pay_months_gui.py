"""overtime-pay in the wizard with a folder of monthly 초과근무 files (a year's audit, issue 19): the run reads
every file in it and gives the CLI's figures for the two months (tests/e2e/test_overtime_pay_months.py)."""

from __future__ import annotations

from pathlib import Path

from gui_steps import WAIT_MS, click_next, open_window, open_wizard, set_input, to_check_page

from tests.e2e.test_overtime_pay_months import APRIL, MARCH, PAY, PAY_H, H
from tests.helpers import sheet_rows, write_csv, write_xlsx


def test_a_folder_of_monthly_files_runs_from_the_wizard(qtbot, tmp_path: Path, no_modal_dialogs: list) -> None:  # type: ignore[no-untyped-def]
    months = tmp_path / "초과근무"
    months.mkdir()
    write_xlsx(months / "3월.xlsx", H, MARCH, sheet="초과근무")
    write_xlsx(months / "4월.xlsx", H, APRIL, sheet="초과근무")
    pay = write_csv(tmp_path / "지급.csv", PAY_H, PAY)
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, "overtime-pay")
    while wizard.page is not wizard.inputs:
        click_next(qtbot, wizard)
    set_input(qtbot, wizard, "records", months)
    set_input(qtbot, wizard, "payments", pay)
    to_check_page(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    reply = wizard.state.reply
    assert reply.status == "done", reply
    rows = sheet_rows(reply.output, "대사결과")
    assert {(r["공무원번호"], r["근무월"]): (r["한도적용시간"], r["판정"]) for r in rows} == {
        ("1001", "2026-03"): (4, "정상"),
        ("1002", "2026-03"): (1, "정상"),
        ("1001", "2026-04"): (1, "정상"),
        ("1002", "2026-04"): (3, "정상"),
    }
    assert len(sheet_rows(reply.output, "일별내역")) == 5
