"""Schedule definitions (issue 17): slots worked out by hand, the Task Scheduler XML checked against the
documented schema elements, and the systemd unit and timer checked with ``systemd-analyze verify``.

The Task Scheduler XSD is not available offline. The test checks what we set against Microsoft's
"Task Scheduler Schema Elements" pages instead: the namespace, each element's documented parent,
and the values (``StartWhenAvailable``, ``MultipleInstancesPolicy IgnoreNew``, ``InteractiveToken``,
``LeastPrivilege``). Registering a real task runs only on Windows CI (.github/workflows/windows.yml).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from core.errors import InputError
from core.schedules import TASK_NS, Command, Kind, ScheduleDef, cron_lines, os_name, systemd_units, task_xml

N = f"{{{TASK_NS}}}"
# Parent → the children it may hold, from the schema element pages (taskType, registrationInfoType,
# triggerGroup / calendarTriggerType, principalType, settingsType, execType).
DOCUMENTED_CHILDREN = {
    "Task": {"RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"},
    "RegistrationInfo": {"URI", "SecurityDescriptor", "Source", "Date", "Author", "Version", "Description", "Documentation"},
    "Triggers": {
        "BootTrigger",
        "RegistrationTrigger",
        "IdleTrigger",
        "TimeTrigger",
        "EventTrigger",
        "LogonTrigger",
        "SessionStateChangeTrigger",
        "CalendarTrigger",
    },
    "CalendarTrigger": {
        "StartBoundary",
        "EndBoundary",
        "Enabled",
        "ExecutionTimeLimit",
        "Repetition",
        "RandomDelay",
        "ScheduleByDay",
        "ScheduleByWeek",
        "ScheduleByMonth",
        "ScheduleByMonthDayOfWeek",
    },
    "ScheduleByDay": {"DaysInterval"},
    "ScheduleByWeek": {"WeeksInterval", "DaysOfWeek"},
    "DaysOfWeek": {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    "ScheduleByMonth": {"DaysOfMonth", "Months"},
    "DaysOfMonth": {"Day"},
    "Months": {
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
    },
    "Principals": {"Principal"},
    "Principal": {"UserId", "GroupId", "LogonType", "RunLevel", "DisplayName", "ProcessTokenSidType", "RequiredPrivileges"},
    "Settings": {
        "AllowStartOnDemand",
        "RestartOnFailure",
        "MultipleInstancesPolicy",
        "DisallowStartIfOnBatteries",
        "StopIfGoingOnBatteries",
        "AllowHardTerminate",
        "StartWhenAvailable",
        "NetworkProfileName",
        "RunOnlyIfNetworkAvailable",
        "WakeToRun",
        "Enabled",
        "Hidden",
        "DeleteExpiredTaskAfter",
        "IdleSettings",
        "NetworkSettings",
        "ExecutionTimeLimit",
        "Priority",
        "RunOnlyIfIdle",
        "UseUnifiedSchedulingEngine",
        "DisallowStartOnRemoteAppSession",
    },
    "Actions": {"Exec", "ComHandler", "SendEmail", "ShowMessage"},
    "Exec": {"Command", "Arguments", "WorkingDirectory"},
}
HOME = Path("C:/Users/김 주무관/AppData/Local/HaengBot")
COMMAND = Command(
    Path("C:/Users/김 주무관/AppData/Local/Programs/HaengBot/haengbot-cli.exe"),
    ("run", "--profile", "공모알림", "--scheduled", "--home", str(HOME)),
    HOME,
    Path("C:/Users/김 주무관/AppData/Local/Programs/HaengBot"),
)


def test_parse_and_text() -> None:
    assert ScheduleDef.parse("daily", "7:05") == ScheduleDef(Kind.DAILY, 7, 5)
    assert ScheduleDef.parse("weekly", "18:30", "금요일").text() == "매주 금요일 18:30"
    assert ScheduleDef.parse("weekly", "18:30", "fri") == ScheduleDef(Kind.WEEKLY, 18, 30, 4)
    assert ScheduleDef.parse("monthly", "09:00", "25일").text() == "매월 25일 09:00"
    assert ScheduleDef.parse("weekdays", "08:00").text() == "평일(월~금) 08:00"
    with pytest.raises(InputError, match=r"시각 '24:00'의 형식이 맞지 않습니다"):
        ScheduleDef.parse("daily", "24:00")
    with pytest.raises(InputError, match=r"요일 '토욜'을 알 수 없습니다"):
        ScheduleDef.parse("weekly", "09:00", "토욜")
    with pytest.raises(InputError, match=r"날짜 '32'는 1부터 31 사이"):
        ScheduleDef.parse("monthly", "09:00", "32")


def test_slots_worked_out_by_hand() -> None:
    friday_evening = dt.datetime(2026, 11, 27, 18, 0)  # 2026-11-27 is a Friday
    weekdays = ScheduleDef(Kind.WEEKDAYS, 9, 0)
    assert weekdays.last_slot(friday_evening) == dt.datetime(2026, 11, 27, 9, 0)
    assert weekdays.next_slot(friday_evening) == dt.datetime(2026, 11, 30, 9, 0)  # Monday
    sunday = dt.datetime(2026, 11, 29, 8, 0)
    assert weekdays.last_slot(sunday) == dt.datetime(2026, 11, 27, 9, 0)
    monthly_31 = ScheduleDef(Kind.MONTHLY, 9, 0, 31)
    assert monthly_31.last_slot(dt.datetime(2026, 11, 30, 23, 0)) == dt.datetime(2026, 10, 31, 9, 0)  # November has no 31st
    assert monthly_31.next_slot(dt.datetime(2026, 11, 30, 23, 0)) == dt.datetime(2026, 12, 31, 9, 0)
    assert ScheduleDef(Kind.DAILY, 9, 0).last_slot(dt.datetime(2026, 11, 27, 9, 0)) == dt.datetime(2026, 11, 27, 9, 0)


def test_os_names_are_ascii_and_distinct() -> None:
    assert os_name("grant-alerts_daily") == "haengbot-grant-alerts_daily"
    assert os_name("공모알림") != os_name("공모알림2") and os_name("공모알림").isascii()
    assert os_name("A공모").startswith("haengbot-A-")


def _children(element: ET.Element) -> list[str]:
    return [child.tag.removeprefix(N) for child in element]


@pytest.mark.parametrize(
    ("defn", "schedule"),
    [
        (ScheduleDef(Kind.DAILY, 7, 30), "ScheduleByDay"),
        (ScheduleDef(Kind.WEEKDAYS, 7, 30), "ScheduleByWeek"),
        (ScheduleDef(Kind.WEEKLY, 7, 30, 2), "ScheduleByWeek"),
        (ScheduleDef(Kind.MONTHLY, 7, 30, 25), "ScheduleByMonth"),
    ],
)
def test_task_scheduler_xml_uses_documented_elements_and_our_values(defn: ScheduleDef, schedule: str) -> None:
    xml = task_xml(defn, "공모알림", COMMAND, r"CITY\kim", start=dt.date(2026, 11, 27))
    root = ET.fromstring(xml.encode("utf-16"))  # as schtasks reads the file we write
    assert root.tag == f"{N}Task" and root.get("version") == "1.2"
    for parent in root.iter():
        name = parent.tag.removeprefix(N)
        if name in DOCUMENTED_CHILDREN:
            assert set(_children(parent)) <= DOCUMENTED_CHILDREN[name], name
    for element in root.iter():  # every element is in the task namespace
        assert element.tag.startswith(N)

    def text(path: str) -> str:
        found = root.find(path.replace("/", f"/{N}").replace("./", f"./{N}", 1) if "/" in path else f"{N}{path}")
        assert found is not None, path
        return found.text or ""

    settings = {c.tag.removeprefix(N): c.text for c in root.find(f"{N}Settings")}  # type: ignore[union-attr]
    assert settings["StartWhenAvailable"] == "true" and settings["MultipleInstancesPolicy"] == "IgnoreNew"
    assert settings["DisallowStartIfOnBatteries"] == "false" and settings["AllowStartOnDemand"] == "true"
    principal = root.find(f"{N}Principals/{N}Principal")
    assert principal is not None and principal.get("id") == "Author"
    assert {c.tag.removeprefix(N): c.text for c in principal} == {
        "UserId": r"CITY\kim",
        "LogonType": "InteractiveToken",  # the clerk's own logon: no stored password, no admin
        "RunLevel": "LeastPrivilege",
    }
    actions = root.find(f"{N}Actions")
    assert actions is not None and actions.get("Context") == "Author"
    exec_ = {c.tag.removeprefix(N): c.text for c in actions.find(f"{N}Exec")}  # type: ignore[union-attr]
    assert exec_["Command"] == str(COMMAND.program)
    assert exec_["Arguments"] == f'run --profile 공모알림 --scheduled --home "{HOME}"'  # quoted: the path has a space
    trigger = root.find(f"{N}Triggers/{N}CalendarTrigger")
    assert trigger is not None and _children(trigger) == ["StartBoundary", "Enabled", schedule]
    assert trigger.findtext(f"{N}StartBoundary") == "2026-11-27T07:30:00"
    if defn.kind == Kind.WEEKDAYS:
        days = trigger.find(f"{N}ScheduleByWeek/{N}DaysOfWeek")
        assert days is not None and _children(days) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    if defn.kind == Kind.WEEKLY:
        assert _children(trigger.find(f"{N}ScheduleByWeek/{N}DaysOfWeek")) == ["Wednesday"]  # type: ignore[arg-type]
    if defn.kind == Kind.MONTHLY:
        assert trigger.findtext(f"{N}ScheduleByMonth/{N}DaysOfMonth/{N}Day") == "25"
        assert len(_children(trigger.find(f"{N}ScheduleByMonth/{N}Months"))) == 12  # type: ignore[arg-type]
    assert root.findtext(f"{N}RegistrationInfo/{N}URI") == "\\" + os_name("공모알림")


def test_cron_lines_are_tagged_and_quoted() -> None:
    home = Path("/home/kim/행봇 home")
    cmd = Command(
        Path("/opt/haengbot/haengbot-cli"),
        ("run", "--profile", "공모알림", "--scheduled", "--home", str(home)),
        home,
        Path("/opt/haengbot"),
    )
    tag = f"# haengbot:{os_name('공모알림')}"
    line, reboot = cron_lines(ScheduleDef(Kind.WEEKLY, 7, 30, 6), "공모알림", cmd)
    assert line == (
        "30 7 * * 0 cd /opt/haengbot && HAENGBOT_HOME='/home/kim/행봇 home' /opt/haengbot/haengbot-cli run --profile '공모알림' "
        f"--scheduled --home '/home/kim/행봇 home' {tag}"
    )
    assert reboot.startswith("@reboot sleep 120; cd /opt/haengbot && ") and reboot.endswith(f" --catch-up {tag}")
    assert cron_lines(ScheduleDef(Kind.WEEKDAYS, 8, 5), "공모알림", cmd)[0].startswith("5 8 * * 1-5 ")
    assert cron_lines(ScheduleDef(Kind.MONTHLY, 8, 5, 25), "공모알림", cmd)[0].startswith("5 8 25 * * ")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed on this machine")
def test_systemd_unit_and_timer_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    import sys

    home = tmp_path / "행봇 home%"
    cmd = Command(
        Path(sys.executable), ("main.py", "run", "--profile", "공모알림", "--scheduled", "--home", str(home)), home, tmp_path
    )
    service, timer = systemd_units(ScheduleDef(Kind.WEEKDAYS, 7, 30), "공모알림", cmd)
    assert "Persistent=true\n" in timer and "OnCalendar=Mon..Fri *-*-* 07:30:00\n" in timer
    assert f'Environment="HAENGBOT_HOME={tmp_path}/행봇 home%%"\n' in service
    name = os_name("공모알림")
    (tmp_path / f"{name}.service").write_text(service, encoding="utf-8")
    (tmp_path / f"{name}.timer").write_text(timer, encoding="utf-8")
    # System mode: --user needs a running user manager, and the checks of the unit files are the same.
    proc = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"{name}.timer", f"{name}.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    broken = service.replace(f"WorkingDirectory={tmp_path}", f'WorkingDirectory="{tmp_path}"')  # the mistake it caught once
    (tmp_path / f"{name}.service").write_text(broken, encoding="utf-8")
    proc = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"{name}.service"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode != 0 and "WorkingDirectory= path is not absolute" in proc.stderr
