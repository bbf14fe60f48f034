"""A real crontab entry registered and removed (issue 17), where systemd is not running.

The crontab is the real one of the user running the tests (root in CI). It is saved before and
written back after, whatever happens, and the test checks that every line not tagged as ours is
left exactly as it was. cron comes from the package registry (scripts/system-deps.sh).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.schedules import CronTab, os_name
from tests.helpers import run_cli
from tests.support.crontab_guard import guarded_crontab

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="crontab is the Linux fallback; Windows uses Task Scheduler")


@pytest.fixture()
def crontab(monkeypatch: pytest.MonkeyPatch) -> Iterator[CronTab]:
    monkeypatch.setenv("HAENGBOT_SCHEDULER", "cron")
    with guarded_crontab() as tab:
        yield tab


def test_schedule_add_and_remove_touch_only_our_lines(crontab: CronTab, tmp_path: Path, haengbot_home: Path) -> None:
    before = crontab.read()
    drop = tmp_path / "drop"
    assert run_cli("sample", "overtime-pay", "--dir", str(drop))[0] == 0
    assert run_cli("profile", "save", "아침대사", "--task", "overtime-pay", "--input", f"records=newest:{drop}/records*.xlsx",
                   "--input", f"payments={drop}/payments.csv")[0] == 0  # fmt: skip
    code, out, err = run_cli("schedule", "add", "아침대사", "--weekdays", "07:30")
    assert (code, err) == (0, "")
    assert out == "예약했습니다: '아침대사' 평일(월~금) 07:30 (crontab).\n"
    after = crontab.read()
    tag = f"# haengbot:{os_name('아침대사')}"
    assert after[: len(before)] == before  # every line that was there, unchanged and in place
    ours = after[len(before) :]
    assert len(ours) == 2 and all(line.endswith(tag) for line in ours)
    assert ours[0].startswith("30 7 * * 1-5 cd ") and f"HAENGBOT_HOME={haengbot_home}" in ours[0]
    assert " run --profile '아침대사' --scheduled --home " in ours[0]
    assert ours[1].startswith("@reboot sleep 120; ") and " --catch-up " in ours[1]

    code, out, _ = run_cli("schedule", "add", "아침대사", "--daily", "06:00")  # changed, not doubled
    assert code == 0 and [line[:10] for line in crontab.read()[len(before) :]] == ["0 6 * * * ", "@reboot sl"]
    code, out, _ = run_cli("schedule", "list")
    assert out.startswith("아침대사") and "매일 06:00" in out and "마지막: 없음" in out

    assert run_cli("schedule", "pause", "아침대사")[:2] == (0, "예약을 일시 중지했습니다: '아침대사'.\n")
    assert crontab.read() == before
    assert run_cli("schedule", "resume", "아침대사")[0] == 0 and len(crontab.read()) == len(before) + 2
    assert run_cli("schedule", "remove", "아침대사")[:2] == (0, "예약을 지웠습니다: '아침대사' (프로필은 남아 있습니다).\n")
    assert crontab.read() == before
    assert crontab.remove("아침대사") is False  # nothing of ours left: the crontab is not rewritten
