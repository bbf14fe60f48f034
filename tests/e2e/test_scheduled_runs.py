"""Scheduled runs end to end (issue 17): profiles of overtime-pay and grant-alerts run the way the OS
scheduler runs them, then the next window start shows them in its banner.

"The way the scheduler would": the exact command of the crontab line ``schedule add`` writes (the same
program and arguments go into the systemd unit and the Task Scheduler action), through ``/bin/sh``
with cron's environment (HOME, LOGNAME, PATH=/usr/bin:/bin, SHELL; no DISPLAY, no HAENGBOT_* but
what the line sets), stdin closed and in a new session (no terminal). grant-alerts' keys come as
``HAENGBOT_SECRET_*``, the documented way for unattended runs where no keyring is reachable.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from aiosmtpd.controller import Controller

from core.paths import app_home
from core.profiles import Profiles
from core.schedules import Kind, ScheduleDef, cron_lines, profile_command
from core.store import Store
from tests.helpers import key_values, run_cli
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, EXPECTED_NEW, GrantServer

ROOT = Path(__file__).resolve().parents[2]
PLANNING = ["planning@city.go.kr"]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="cron's shell; Windows CI registers a real task instead")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def world(haengbot_home: Path) -> Iterator[Inbox]:
    server = GrantServer().start()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    settings = server.settings()
    settings["network"] = {"proxy_mode": "none", "timeout_seconds": 10}
    settings["email"] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "security": "none",
        "from_address": "haengbot@city.go.kr",
    }
    settings["org"] = {"sido": "경기도", "sigungu": "광주시"}
    (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
    text = (ROOT / "resources" / "grant_profiles.toml").read_text(encoding="utf-8")
    (haengbot_home / "grant_profiles.toml").write_text(
        text.replace("recipients = []", f"recipients = {json.dumps(PLANNING)}", 1), encoding="utf-8"
    )
    try:
        yield inbox
    finally:
        smtp.stop()
        server.stop()


def as_cron_runs_it(profile: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The command part of the crontab line for *profile*, run by /bin/sh in cron's environment."""
    defn = Profiles().load(profile).schedule
    assert defn is not None
    line = cron_lines(defn, profile, profile_command(profile, home))[0]
    command = line.split(" ", 5)[5]  # after minute, hour, day, month, weekday
    env = {
        "HOME": str(home / "user"),
        "LOGNAME": "clerk",
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY": ENCODING_KEY,
        "HAENGBOT_SECRET_BIZINFO_CRTFC_KEY": BIZINFO_KEY,
    }
    return subprocess.run(
        ["/bin/sh", "-c", command],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        start_new_session=True,
    )


def save_schedule(name: str, defn: ScheduleDef) -> None:
    """What ``schedule add`` stores beside the OS registration (the crontab itself is tests/unit/test_schedule_cron.py)."""
    profile = Profiles().load(name)
    profile.schedule = defn
    if profile.send:
        profile.send_confirmed_at = "2026-11-25T07:00:00+09:00"  # `schedule add --confirm-send`
    Profiles().save(profile)


def test_scheduled_overtime_pay_and_grant_alerts_then_the_banner(world: Inbox, haengbot_home: Path, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    inbox = world
    drop, empty, out = tmp_path / "인사랑 내려받기", tmp_path / "빈 폴더", tmp_path / "결과"
    empty.mkdir()
    assert run_cli("sample", "overtime-pay", "--dir", str(drop))[0] == 0
    steps = [
        ("profile", "save", "초과근무대사", "--task", "overtime-pay", "--input", f"records=newest:{drop}/records*.xlsx",
         "--input", f"payments={drop}/payments.csv", "--output-dir", str(out)),
        ("profile", "save", "공모알림", "--task", "grant-alerts", "--param", "as_of=2026-11-25", "--send", "--output-dir", str(out)),
        ("profile", "save", "빈폴더대사", "--task", "overtime-pay", "--input", f"records=newest:{empty}/*.xlsx",
         "--input", f"payments={drop}/payments.csv", "--output-dir", str(out)),
    ]  # fmt: skip
    for argv in steps:
        code, _, err = run_cli(*argv)
        assert code == 0, err
    save_schedule("초과근무대사", ScheduleDef(Kind.WEEKDAYS, 7, 0))
    save_schedule("공모알림", ScheduleDef(Kind.DAILY, 7, 30))
    save_schedule("빈폴더대사", ScheduleDef(Kind.MONTHLY, 7, 0, 1))

    ot = as_cron_runs_it("초과근무대사", haengbot_home)
    assert ot.returncode == 0, ot.stderr
    assert "  입력 records: records.xlsx (가장 최근 파일)\n" in ot.stderr and "질문" not in ot.stderr
    grant = as_cron_runs_it("공모알림", haengbot_home)
    assert grant.returncode == 0, grant.stderr
    failed = as_cron_runs_it("빈폴더대사", haengbot_home)
    assert failed.returncode == 2 and "맞는 파일이 없습니다" in failed.stderr

    runs = {r.task + ":" + r.status: r for r in Store().runs()}
    ot_run, grant_run = runs["overtime-pay:done"], runs["grant-alerts:done"]
    assert runs["overtime-pay:bad_input"].output_path is None
    ot_summary = key_values(Path(ot_run.output_path or ""), "실행정보")
    assert ot_summary["실행 번호"] == ot_run.id and ot_run.inputs["records"] == str(drop / "records.xlsx")
    assert grant_run.summary["신규"] == len(EXPECTED_NEW) == 6
    assert len(inbox.messages) == 1 and inbox.messages[0]["To"] == PLANNING[0]  # sent: the profile says so, confirmed once
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(r.output_path or "").name for r in (ot_run, grant_run))

    again = as_cron_runs_it("공모알림", haengbot_home)  # the @reboot catch-up or a second trigger: once per slot
    assert again.returncode == 0 and "예약분은 이미 실행했습니다" in again.stderr and len(inbox.messages) == 1

    # The next window start: the banner lists the three, the failure first, each one click from its result.
    from gui import dialogs
    from gui.main_window import MainWindow
    from tasks import registry

    opened: list[Path] = []
    told: list[str] = []
    monkeypatch.setattr(dialogs, "open_path", lambda p: opened.append(Path(p)) or True)
    monkeypatch.setattr(dialogs, "inform", lambda _parent, title, text: told.append(f"{title}\n{text}"))
    window = MainWindow(registry())
    qtbot.addWidget(window)
    window.show()
    banner = window.schedule_banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert app_home() == haengbot_home
    lines = [label.text() for label in banner.labels]
    assert len(lines) == 3
    assert lines[0].startswith("입력 오류 · 초과근무 ↔ 시간외근무수당 대사 (프로필 빈폴더대사) · ")
    assert lines[0].split(" — ")[1].startswith("폴더 '") and "맞는 파일이 없습니다" in banner.labels[0].toolTip()
    assert {line.split(" · ")[1] for line in lines[1:]} == {
        "공모사업 검색·알림 (프로필 공모알림)",
        "초과근무 ↔ 시간외근무수당 대사 (프로필 초과근무대사)",
    }
    assert "실패 1건" in banner.heading.text() and "예약 실행 3건" in banner.heading.text()
    for i, run in enumerate(banner.runs[1:], start=1):
        qtbot.mouseClick(banner.buttons[i], qtbot_button())
        assert opened[-1] == Path(run.output_path or "")
    qtbot.mouseClick(banner.buttons[0], qtbot_button())
    assert banner.buttons[0].text() == "사유 보기" and "맞는 파일이 없습니다" in told[-1]

    window.show_history()  # history marks the scheduled runs
    texts = [window.history.table.item(r, 1).text() for r in range(window.history.table.rowCount())]
    assert sum(t.startswith("[예약] ") for t in texts) == 3

    qtbot.mouseClick(banner.ok_button, qtbot_button())  # seen: the next start shows nothing
    assert not banner.isVisible() and banner.refresh() == 0


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
