"""The window side of issue 17: the result page's "이 설정으로 저장" and "매일 이 시각에 자동 실행", the 예약
view (next run, last result, run now, pause, delete) and the tray notice of a finished scheduled run.

The schedule goes into the real crontab (saved and restored, only our tagged lines touched)."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, open_window, open_wizard
from PySide6.QtCore import Qt

from core.profile_run import run_profile
from core.profiles import Profiles
from core.schedules import CronTab, Kind, ScheduleDef, os_name
from gui import dialogs, profile_actions
from gui.schedule_banner import TrayNotifier
from tasks import registry
from tests.helpers import run_cli
from tests.support.crontab_guard import guarded_crontab

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the crontab backend; Windows CI registers a real task")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture()
def crontab(monkeypatch: pytest.MonkeyPatch) -> Iterator[CronTab]:
    monkeypatch.setenv("HAENGBOT_SCHEDULER", "cron")
    with guarded_crontab() as tab:
        yield tab


def run_sample_to_result(qtbot, task_id: str = "overtime-pay"):  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window, task_id)
    qtbot.mouseClick(wizard.intro.sample_button, LEFT)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    while wizard.page is not wizard.run:
        page = wizard.page
        qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT_MS)  # noqa: B023
        wizard.go_next()
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
    return window, wizard


def test_save_from_the_result_page_makes_a_profile_that_runs(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, wizard = run_sample_to_result(qtbot)
    told: list[str] = []
    monkeypatch.setattr(profile_actions, "ask_name", lambda parent, default: "창에서저장")
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append(text))
    qtbot.mouseClick(wizard.result.profile_button, LEFT)
    profile = Profiles().load("창에서저장")
    state = wizard.state
    assert profile.task == "overtime-pay"
    assert {k: v.path for k, v in profile.inputs.items()} == {
        n: st.path.resolve() for n, st in state.inputs.items() if st.path is not None
    }
    assert profile.output_dir == state.reply.output.parent.resolve() and profile.schedule is None and not profile.send
    assert told == [
        "프로필 '창에서저장'을 저장했습니다. 명령줄에서 'run --profile 창에서저장'으로, 또는 [예약]에서 실행할 수 있습니다."
    ]
    code, _, err = run_cli("run", "--profile", "창에서저장")  # the saved params read back as the CLI gives them
    assert code == 0, err


def test_daily_schedule_from_the_result_page_then_the_schedule_view(
    qtbot, monkeypatch: pytest.MonkeyPatch, crontab: CronTab
) -> None:  # type: ignore[no-untyped-def]
    before = crontab.read()
    window, wizard = run_sample_to_result(qtbot)
    told: list[str] = []
    monkeypatch.setattr(profile_actions, "ask_name", lambda parent, default: "매일대사")
    monkeypatch.setattr(profile_actions, "ask_time", lambda parent: "06:45")
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append(f"{title}: {text}"))
    qtbot.mouseClick(wizard.result.schedule_button, LEFT)
    assert told[-1] == "자동 실행 예약: 예약했습니다: '매일대사' 매일 06:45 (crontab)."
    ours = crontab.read()[len(before) :]
    assert [line[:10] for line in ours] == ["45 6 * * *", "@reboot sl"] and ours[0].endswith(os_name("매일대사"))

    window.wizard.go_next()  # 마침
    view = window.show_schedules()
    assert window.stack.currentWidget() is view
    row = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    nxt = ScheduleDef(Kind.DAILY, 6, 45).next_slot(dt.datetime.now())
    assert row == [
        "매일대사",
        "초과근무 ↔ 시간외근무수당 대사",
        "매일 06:45",
        f"{nxt:%m월 %d일 %H:%M}",
        "아직 없음",
        "보내지 않음(시험 실행)",
    ]

    qtbot.mouseClick(view.pause_button, LEFT)
    assert crontab.read() == before and view.table.item(0, 3).text() == "일시 중지" and view.pause_button.text() == "다시 켜기"
    qtbot.mouseClick(view.pause_button, LEFT)
    assert len(crontab.read()) == len(before) + 2 and view.pause_button.text() == "일시 중지"

    qtbot.mouseClick(view.run_button, LEFT)  # 지금 실행: its own process, nobody to ask
    assert view.started and view.started[-1].wait(timeout=120) == 0
    view.refresh()
    assert view.table.item(0, 4).text().startswith("완료 · ")

    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: True)
    qtbot.mouseClick(view.delete_button, LEFT)
    assert crontab.read() == before and view.table.rowCount() == 0
    assert Profiles().load("매일대사").schedule is None  # the profile stays


def test_tray_notice_for_a_scheduled_run_that_finishes_while_the_window_is_open(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drop = tmp_path / "drop"
    assert run_cli("sample", "overtime-pay", "--dir", str(drop))[0] == 0
    assert run_cli("profile", "save", "트레이", "--task", "overtime-pay", "--input", f"records={drop}/records.xlsx",
                   "--input", f"payments={drop}/payments.csv", "--output-dir", str(tmp_path))[0] == 0  # fmt: skip
    notifier = TrayNotifier(registry())
    assert notifier.poll() == []
    result = run_profile(Profiles().load("트레이"), registry(), io.StringIO(), scheduled=True)
    assert result.code == 0
    (shown,) = notifier.poll()
    assert shown.startswith("완료 · 초과근무 ↔ 시간외근무수당 대사 (프로필 트레이) · ")
    assert notifier.poll() == []  # each run once
    notifier.timer.stop()
