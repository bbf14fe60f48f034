"""Registering a schedule with the OS scheduler of this PC, for the current user, without admin.

One backend per mechanism (core/schedules.py renders what each reads): Windows Task Scheduler
(``schtasks``), a systemd user timer, or the user's crontab where no systemd user manager runs.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Protocol

from core.errors import RunFailed
from core.schedules import Command, CronTab, ScheduleDef, os_name, systemd_units, systemd_user_running, task_xml


class Backend(Protocol):
    label: str

    def install(self, defn: ScheduleDef, profile: str, command: Command) -> None: ...

    def remove(self, profile: str) -> bool: ...

    def registered(self, profile: str) -> bool: ...


def _run(args: list[str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except OSError as exc:
        raise RunFailed(f"{what}: '{args[0]}' 프로그램을 실행하지 못했습니다({exc.strerror or exc}).") from None
    return proc


class TaskScheduler:
    """``schtasks /Create /XML`` as the current user: a per-user task needs no admin rights."""

    label = "Windows 작업 스케줄러"

    def install(self, defn: ScheduleDef, profile: str, command: Command) -> None:
        user = f"{os.environ.get('USERDOMAIN', '')}\\{os.environ.get('USERNAME', '')}".lstrip("\\")
        xml = task_xml(defn, profile, command, user, start=dt.date.today())
        fd, name = tempfile.mkstemp(suffix=".xml")
        os.close(fd)
        try:
            Path(name).write_text(xml, encoding="utf-16")  # schtasks reads the UTF-16 the declaration names
            proc = _run(["schtasks", "/Create", "/XML", name, "/TN", os_name(profile), "/F"], "예약 등록")
        finally:
            Path(name).unlink(missing_ok=True)
        if proc.returncode != 0:
            raise RunFailed(f"작업 스케줄러에 등록하지 못했습니다: {(proc.stderr or proc.stdout).strip()}")

    def remove(self, profile: str) -> bool:
        return _run(["schtasks", "/Delete", "/TN", os_name(profile), "/F"], "예약 삭제").returncode == 0

    def registered(self, profile: str) -> bool:
        return _run(["schtasks", "/Query", "/TN", os_name(profile)], "예약 확인").returncode == 0


class SystemdUser:
    """Unit files in ~/.config/systemd/user, then ``systemctl --user enable --now NAME.timer``."""

    label = "systemd 사용자 타이머"

    def __init__(self, unit_dir: Path | None = None):
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        self.unit_dir = unit_dir or Path(base) / "systemd" / "user"

    def install(self, defn: ScheduleDef, profile: str, command: Command) -> None:
        service, timer = systemd_units(defn, profile, command)
        name = os_name(profile)
        self.unit_dir.mkdir(parents=True, exist_ok=True)
        (self.unit_dir / f"{name}.service").write_text(service, encoding="utf-8")
        (self.unit_dir / f"{name}.timer").write_text(timer, encoding="utf-8")
        _run(["systemctl", "--user", "daemon-reload"], "예약 등록")
        proc = _run(["systemctl", "--user", "enable", "--now", f"{name}.timer"], "예약 등록")
        if proc.returncode != 0:
            raise RunFailed(f"systemd 타이머를 켜지 못했습니다: {proc.stderr.strip()}")

    def remove(self, profile: str) -> bool:
        name = os_name(profile)
        _run(["systemctl", "--user", "disable", "--now", f"{name}.timer"], "예약 삭제")
        found = False
        for suffix in (".timer", ".service"):
            path = self.unit_dir / f"{name}{suffix}"
            if path.exists():
                path.unlink()
                found = True
        _run(["systemctl", "--user", "daemon-reload"], "예약 삭제")
        return found

    def registered(self, profile: str) -> bool:
        return (self.unit_dir / f"{os_name(profile)}.timer").exists()


class Cron:
    label = "crontab"

    def __init__(self, user: str | None = None):
        self.tab = CronTab(user)

    def install(self, defn: ScheduleDef, profile: str, command: Command) -> None:
        self.tab.install(defn, profile, command)

    def remove(self, profile: str) -> bool:
        return self.tab.remove(profile)

    def registered(self, profile: str) -> bool:
        return bool(self.tab.ours(profile))


def backend() -> Backend:
    """Task Scheduler on Windows; a systemd user timer where systemd runs; the crontab otherwise.
    ``HAENGBOT_SCHEDULER=cron|systemd`` chooses on Linux (IT's choice, and the tests')."""
    if sys.platform == "win32":
        return TaskScheduler()
    chosen = os.environ.get("HAENGBOT_SCHEDULER", "")
    if chosen == "systemd" or (chosen != "cron" and systemd_user_running()):
        return SystemdUser()
    return Cron()
