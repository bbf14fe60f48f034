"""When a saved profile runs by itself, and how that is told to the operating system (issue 17).

A ``ScheduleDef`` (매일 / 평일 / 매주 / 매월 at HH:MM) is turned into what the OS scheduler reads:

- Windows: a Task Scheduler XML definition (``schtasks /Create /XML``) for the current user without
  admin rights (``InteractiveToken``, ``LeastPrivilege``), with ``StartWhenAvailable`` (a run missed
  while the PC was off is caught up, once) and ``MultipleInstancesPolicy IgnoreNew`` (no second run
  while one is still going). Task Scheduler actions cannot set environment variables, so the home in
  force (``HAENGBOT_HOME``) travels as ``--home``.
- Linux: a systemd user timer with ``Persistent=true`` (catch-up, once) and its oneshot service;
  where no systemd user manager runs, a line in the user's crontab, tagged ``# haengbot:NAME`` so
  that only our own lines are ever touched, plus an ``@reboot`` line that catches up a missed run
  (``--catch-up``: it runs only if the last slot has no run yet).

Which slot a run belongs to (``last_slot``) is what makes a caught-up run happen once, whichever
mechanism started it: core/profile_run.py skips a scheduled start whose slot already has a run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.sax.saxutils import escape

from core.errors import InputError, RunFailed
from core.korean import particle

DAY_NAMES = ("월", "화", "수", "목", "금", "토", "일")  # Monday first, like datetime.weekday()
_DAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_SYSTEMD = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TAG = "# haengbot:"


class Kind(StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class ScheduleDef:
    """``day`` is the weekday (0 = 월) for WEEKLY and the day of month (1–31) for MONTHLY.

    A monthly day a month does not have (31 in November) is skipped that month, the same in Task
    Scheduler, systemd and cron, so the three never disagree about when a run is due.
    """

    kind: Kind
    hour: int
    minute: int
    day: int = 0

    @staticmethod
    def parse(kind: str, when: str, day: str | None = None) -> ScheduleDef:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", when.strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise InputError(f"시각 '{when}'의 형식이 맞지 않습니다. 24시간제 HH:MM으로 적어 주십시오(예: 08:30).")
        hour, minute = int(match.group(1)), int(match.group(2))
        k = Kind(kind)
        number = 0
        if k == Kind.WEEKLY:
            text = (day or "").strip().rstrip("요일")
            names = {n: i for i, n in enumerate(DAY_NAMES)} | {n[:3].lower(): i for i, n in enumerate(_DAY_EN)}
            if text.lower() not in names:
                raise InputError(
                    f"요일 '{day}'{particle(str(day), '을/를')} 알 수 없습니다. 월·화·수·목·금·토·일 가운데 하나로 적어 주십시오."
                )
            number = names[text.lower()]
        elif k == Kind.MONTHLY:
            if not (day or "").strip().rstrip("일").isdigit() or not 1 <= int((day or "").strip().rstrip("일")) <= 31:
                raise InputError(f"날짜 '{day}'{particle(str(day), '은/는')} 1부터 31 사이의 숫자로 적어 주십시오.")
            number = int((day or "").strip().rstrip("일"))
        return ScheduleDef(k, hour, minute, number)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "hour": self.hour, "minute": self.minute, "day": self.day}

    @staticmethod
    def from_dict(data: dict[str, object]) -> ScheduleDef:
        return ScheduleDef(
            Kind(str(data["kind"])), int(str(data["hour"])), int(str(data["minute"])), int(str(data.get("day", 0)))
        )

    def text(self) -> str:
        """'매일 09:00', '평일 09:00', '매주 월요일 09:00', '매월 1일 09:00'."""
        at = f"{self.hour:02d}:{self.minute:02d}"
        if self.kind == Kind.DAILY:
            return f"매일 {at}"
        if self.kind == Kind.WEEKDAYS:
            return f"평일(월~금) {at}"
        if self.kind == Kind.WEEKLY:
            return f"매주 {DAY_NAMES[self.day]}요일 {at}"
        return f"매월 {self.day}일 {at}"

    def _due_on(self, day: dt.date) -> bool:
        if self.kind == Kind.DAILY:
            return True
        if self.kind == Kind.WEEKDAYS:
            return day.weekday() < 5
        if self.kind == Kind.WEEKLY:
            return day.weekday() == self.day
        return day.day == self.day

    def last_slot(self, now: dt.datetime) -> dt.datetime | None:
        """The latest due time at or before *now* (within two months), or None."""
        for back in range(0, 63):
            day = now.date() - dt.timedelta(days=back)
            slot = dt.datetime.combine(day, dt.time(self.hour, self.minute))
            if self._due_on(day) and slot <= now:
                return slot
        return None

    def next_slot(self, now: dt.datetime) -> dt.datetime | None:
        """The first due time after *now* (within two months), or None."""
        for ahead in range(0, 63):
            day = now.date() + dt.timedelta(days=ahead)
            slot = dt.datetime.combine(day, dt.time(self.hour, self.minute))
            if self._due_on(day) and slot > now:
                return slot
        return None


# ---------------------------------------------------------------------------- what the OS runs
@dataclass(frozen=True)
class Command:
    """The program, its arguments (``run --profile NAME --scheduled``) and the home in force."""

    program: Path
    args: tuple[str, ...]
    home: Path
    workdir: Path


def profile_command(profile: str, home: Path) -> Command:
    """The frozen build runs its console twin (``haengbot-cli``); a source tree runs ``python main.py``."""
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable).with_name("haengbot-cli.exe" if sys.platform == "win32" else "haengbot-cli")
        return Command(exe, ("run", "--profile", profile, "--scheduled", "--home", str(home)), home, exe.parent)
    root = Path(__file__).resolve().parent.parent
    args = (str(root / "main.py"), "run", "--profile", profile, "--scheduled", "--home", str(home))
    return Command(Path(sys.executable), args, home, root)


def os_name(profile: str) -> str:
    """An ASCII id for the OS (unit file, task name, crontab tag): the name itself when it is plain,
    else its ASCII part plus a short digest (systemd unit names allow no Hangul)."""
    plain = re.sub(r"[^A-Za-z0-9_-]", "", profile)
    if plain == profile:
        return f"haengbot-{profile}"
    digest = hashlib.sha256(profile.encode("utf-8")).hexdigest()[:10]
    return f"haengbot-{plain + '-' if plain else ''}{digest}"


# ---------------------------------------------------------------------------- Windows
def _x(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _win_args(args: tuple[str, ...]) -> str:
    return subprocess.list2cmdline(list(args))


def task_xml(defn: ScheduleDef, profile: str, command: Command, user_id: str, *, start: dt.date) -> str:
    """The Task Scheduler 1.2 definition. Element names and nesting follow Microsoft's "Task Scheduler
    Schema Elements" pages; tests/unit/test_schedule_windows.py checks them."""
    boundary = f"{start.isoformat()}T{defn.hour:02d}:{defn.minute:02d}:00"
    if defn.kind == Kind.DAILY:
        schedule = "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>"
    elif defn.kind in (Kind.WEEKDAYS, Kind.WEEKLY):
        days = range(5) if defn.kind == Kind.WEEKDAYS else (defn.day,)
        names = "".join(f"<{_DAY_EN[d]} />" for d in days)
        schedule = f"<ScheduleByWeek><DaysOfWeek>{names}</DaysOfWeek><WeeksInterval>1</WeeksInterval></ScheduleByWeek>"
    else:
        months = "".join(
            f"<{m} />"
            for m in (
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            )
        )
        schedule = f"<ScheduleByMonth><DaysOfMonth><Day>{defn.day}</Day></DaysOfMonth><Months>{months}</Months></ScheduleByMonth>"
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NS}">
  <RegistrationInfo>
    <Author>{_x(user_id)}</Author>
    <Description>{_x(f"행봇 예약 실행: {profile} ({defn.text()})")}</Description>
    <URI>\\{_x(os_name(profile))}</URI>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>{boundary}</StartBoundary>
      <Enabled>true</Enabled>
      {schedule}
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{_x(user_id)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{_x(str(command.program))}</Command>
      <Arguments>{_x(_win_args(command.args))}</Arguments>
      <WorkingDirectory>{_x(str(command.workdir))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


# ---------------------------------------------------------------------------- systemd
def _sd_quote(text: str) -> str:
    """A systemd command-line word: double-quoted, backslashes and quotes escaped, '%' doubled."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def on_calendar(defn: ScheduleDef) -> str:
    at = f"{defn.hour:02d}:{defn.minute:02d}:00"
    if defn.kind == Kind.DAILY:
        return f"*-*-* {at}"
    if defn.kind == Kind.WEEKDAYS:
        return f"Mon..Fri *-*-* {at}"
    if defn.kind == Kind.WEEKLY:
        return f"{_DAY_SYSTEMD[defn.day]} *-*-* {at}"
    return f"*-*-{defn.day:02d} {at}"


def systemd_units(defn: ScheduleDef, profile: str, command: Command) -> tuple[str, str]:
    """(service, timer) text. The timer is ``Persistent=true``: a run missed while the PC was off
    starts once at the next boot or login."""
    name = os_name(profile)
    exec_start = " ".join(_sd_quote(w) for w in (str(command.program), *command.args))
    service = (
        "[Unit]\n"
        f"Description=HaengBot scheduled run: {profile.replace('%', '%%')}\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"Environment={_sd_quote('HAENGBOT_HOME=' + str(command.home))}\n"
        f"WorkingDirectory={str(command.workdir).replace('%', '%%')}\n"
        f"ExecStart={exec_start}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=HaengBot schedule: {profile.replace('%', '%%')}\n\n"
        "[Timer]\n"
        f"OnCalendar={on_calendar(defn)}\n"
        "Persistent=true\n"
        f"Unit={name}.service\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


# ---------------------------------------------------------------------------- cron
def cron_lines(defn: ScheduleDef, profile: str, command: Command) -> list[str]:
    """The schedule line and the @reboot catch-up line, both tagged with the profile's OS id."""
    words = " ".join(shlex.quote(w) for w in (str(command.program), *command.args))
    env = f"HAENGBOT_HOME={shlex.quote(str(command.home))}"
    line = f"cd {shlex.quote(str(command.workdir))} && {env} {words}".replace("%", "\\%")
    if defn.kind == Kind.DAILY:
        when = f"{defn.minute} {defn.hour} * * *"
    elif defn.kind == Kind.WEEKDAYS:
        when = f"{defn.minute} {defn.hour} * * 1-5"
    elif defn.kind == Kind.WEEKLY:
        when = f"{defn.minute} {defn.hour} * * {(defn.day + 1) % 7}"  # cron: 0 = Sunday
    else:
        when = f"{defn.minute} {defn.hour} {defn.day} * *"
    tag = f"{TAG}{os_name(profile)}"
    return [f"{when} {line} {tag}", f"@reboot sleep 120; {line} --catch-up {tag}"]


class CronTab:
    """The user's crontab through the ``crontab`` program; only lines tagged with a profile's id are
    added or removed, every other line is written back as it was."""

    def __init__(self, user: str | None = None, program: str = "crontab"):
        self.user = user
        self.program = program

    def _base(self) -> list[str]:
        return [self.program, *(["-u", self.user] if self.user else [])]

    def read(self) -> list[str]:
        try:
            proc = subprocess.run([*self._base(), "-l"], capture_output=True, text=True, timeout=30)
        except OSError as exc:
            raise RunFailed(f"crontab 프로그램을 실행하지 못했습니다({exc.strerror or exc}). cron 패키지가 필요합니다.") from None
        if proc.returncode != 0:
            if "no crontab" in proc.stderr.lower():
                return []
            raise RunFailed(f"예약 목록(crontab)을 읽지 못했습니다: {proc.stderr.strip()}")
        return proc.stdout.splitlines()

    def write(self, lines: list[str]) -> None:
        text = "".join(f"{line}\n" for line in lines)
        proc = subprocess.run([*self._base(), "-"], input=text, capture_output=True, text=True, timeout=30)
        if proc.returncode != 0:
            raise RunFailed(f"예약 목록(crontab)에 쓰지 못했습니다: {proc.stderr.strip()}")

    def ours(self, profile: str) -> list[str]:
        tag = f"{TAG}{os_name(profile)}"
        return [line for line in self.read() if line.endswith(tag)]

    def install(self, defn: ScheduleDef, profile: str, command: Command) -> None:
        tag = f"{TAG}{os_name(profile)}"
        kept = [line for line in self.read() if not line.endswith(tag)]
        self.write(kept + cron_lines(defn, profile, command))

    def remove(self, profile: str) -> bool:
        tag = f"{TAG}{os_name(profile)}"
        lines = self.read()
        kept = [line for line in lines if not line.endswith(tag)]
        if kept != lines:
            self.write(kept)
        return kept != lines


def systemd_user_running() -> bool:
    """A systemd user manager to talk to (absent in containers and on many servers: cron then)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid() if hasattr(os, 'getuid') else 0}"
    return Path("/run/systemd/system").is_dir() and Path(runtime, "systemd", "private").exists()
