"""``profile`` and ``schedule`` sub-commands, and ``run --profile NAME`` (issue 17).

profile save NAME --task TASK --input NAME=PATH|NAME=newest:FOLDER/PATTERN ... [--param K=V ...]
             [--sheet NAME=SHEET ...] [--output-dir DIR] [--send]
profile list · profile show NAME · profile delete NAME
schedule add NAME --daily HH:MM | --weekdays HH:MM | --weekly DAY HH:MM | --monthly D HH:MM [--confirm-send]
schedule list · schedule remove NAME · schedule pause NAME · schedule resume NAME
run --profile NAME [--scheduled] [--catch-up] [--home DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from core.errors import InputError
from core.korean import particle
from core.params import resolve_params
from core.paths import app_home, default_output_dir
from core.profile_run import last_run, run_profile
from core.profiles import InputSource, Profile, Profiles, check_name
from core.registry import Registry
from core.runstatus import RunStatus
from core.schedule_os import backend
from core.schedules import Kind, ScheduleDef, profile_command
from core.spec import TaskSpec
from core.store_cli import current_store

STATUS_KO = {
    RunStatus.DONE: "완료",
    RunStatus.FAILED: "실패",
    RunStatus.BAD_INPUT: "입력 오류",
    RunStatus.CANCELLED: "취소됨",
    RunStatus.RUNNING: "실행 중",
}


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("profile", help="저장한 실행 설정(프로필): 저장·목록·보기·삭제")
    ps = p.add_subparsers(dest="profile_command", title="프로필 명령", metavar="명령", parser_class=parser_class)
    ps.required = True
    q = ps.add_parser("save", help="작업의 입력·설정·결과 폴더를 이름 붙여 저장")
    q.add_argument("name", metavar="이름", help="프로필 이름 (한글·영문·숫자·-·_)")
    q.add_argument("--task", required=True, metavar="작업", help="작업 id (예: overtime-pay)")
    q.add_argument("--input", action="append", default=[], metavar="NAME=PATH", help="입력 파일, 또는 NAME=newest:폴더/패턴")
    q.add_argument("--sheet", action="append", default=[], metavar="NAME=SHEET", help="입력의 시트 이름")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="설정 값 (여러 번)")
    q.add_argument("--output-dir", type=Path, metavar="폴더", help="결과 파일을 쓸 폴더 (생략하면 문서\\행봇 결과)")
    q.add_argument("--send", action="store_true", help="문자·메일을 보내는 작업이 실제로 보내도록 (생략하면 시험 실행)")
    ps.add_parser("list", help="저장된 프로필 목록")
    for name, text in (("show", "프로필 하나의 내용"), ("delete", "프로필 삭제 (예약도 함께 지웁니다)")):
        q = ps.add_parser(name, help=text)
        q.add_argument("name", metavar="이름")

    p = sub.add_parser("schedule", help="프로필을 정한 시각에 자동 실행 (이 PC의 예약 기능, 관리자 권한 불필요)")
    ss = p.add_subparsers(dest="schedule_command", title="예약 명령", metavar="명령", parser_class=parser_class)
    ss.required = True
    q = ss.add_parser("add", help="예약 추가 (같은 프로필의 예약은 바꿉니다)")
    q.add_argument("name", metavar="프로필")
    when = q.add_mutually_exclusive_group(required=True)
    when.add_argument("--daily", metavar="HH:MM", help="매일")
    when.add_argument("--weekdays", metavar="HH:MM", help="평일(월~금)")
    when.add_argument("--weekly", nargs=2, metavar=("요일", "HH:MM"), help="매주 (요일: 월·화·수·목·금·토·일)")
    when.add_argument("--monthly", nargs=2, metavar=("일", "HH:MM"), help="매월 (1~31일; 그 날이 없는 달은 건너뜀)")
    q.add_argument("--confirm-send", action="store_true", help="발송 프로필: 예약 실행이 묻지 않고 보내는 것을 확인합니다")
    ss.add_parser("list", help="예약 목록 (다음 실행, 마지막 결과)")
    for name, text in (("remove", "예약 삭제"), ("pause", "예약 일시 중지"), ("resume", "예약 다시 켜기")):
        q = ss.add_parser(name, help=text)
        q.add_argument("name", metavar="프로필")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"{what} '{item}'의 형식이 맞지 않습니다. NAME=VALUE 형식으로 적어 주십시오.")
        out[name.strip()] = value
    return out


def _absolute(source: InputSource) -> InputSource:
    """The scheduler starts in another folder: every path is made absolute when the profile is saved."""
    if source.folder is not None:
        return InputSource(folder=source.folder.expanduser().resolve(), pattern=source.pattern)
    assert source.path is not None
    return InputSource(path=source.path.expanduser().resolve())


def build_profile(args: argparse.Namespace, registry: Registry) -> Profile:
    check_name(args.name)
    task = registry.get(args.task)
    known = {i.name for i in task.inputs} | {d.name for d in task.documents}
    inputs = {k: _absolute(InputSource.parse(v)) for k, v in _pairs(args.input, "--input").items()}
    for name in inputs:
        if name not in known:
            raise InputError(
                f"'{task.id}' 작업에는 입력 '{name}'{particle(name, '이/가')} 없습니다. 있는 입력: {', '.join(sorted(known)) or '없음'}"
            )
    missing = [i.name for i in task.inputs if i.required and i.name not in inputs]
    if missing:
        raise InputError(f"꼭 필요한 입력이 빠졌습니다: {', '.join(missing)} (--input 이름=경로)")
    params = _pairs(args.param, "--param")
    resolve_params(task, params)  # a wrong value stops now, not at 7 in the morning
    # The folder in force now (HAENGBOT_OUTPUT_DIR included): the scheduler's environment has no say later.
    out_dir = (args.output_dir or default_output_dir()).expanduser().resolve()
    return Profile(args.name, task.id, inputs, params, _pairs(args.sheet, "--sheet"), out_dir, send=bool(args.send))


def profile_main(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    profiles = Profiles()
    if args.profile_command == "save":
        profile = build_profile(args, registry)
        try:  # a schedule already made for this name stays
            old = profiles.load(profile.name)
            profile.schedule, profile.paused = old.schedule, old.paused
            profile.send_confirmed_at = old.send_confirmed_at if profile.send else None
        except InputError:
            pass
        path = profiles.save(profile)
        out.write(f"프로필 '{profile.name}'{particle(profile.name, '을/를')} 저장했습니다: {path}\n")
        return 0
    if args.profile_command == "list":
        for p in profiles.all():
            sched = p.schedule.text() if p.schedule else "예약 없음"
            out.write(f"{p.name:<20} {p.task:<20} {sched}{' (일시 중지)' if p.paused else ''}\n")
        return 0
    if args.profile_command == "show":
        p = profiles.load(args.name)
        out.write(f"프로필: {p.name}\n작업: {p.task}\n")
        for k, source in p.inputs.items():
            out.write(f"입력 {k}: {source.text()}\n")
        for k, value in p.params.items():
            out.write(f"설정 {k}: {value}\n")
        out.write(f"결과 폴더: {p.output_dir or '(기본: 문서/행봇 결과)'}\n")
        out.write(f"발송: {'예' if p.send else '아니요 (시험 실행)'}\n")
        out.write(f"예약: {p.schedule.text() if p.schedule else '없음'}{' (일시 중지)' if p.paused else ''}\n")
        return 0
    p = profiles.load(args.name)
    if p.schedule is not None:
        backend().remove(p.name)
    profiles.delete(args.name)
    out.write(f"프로필 '{args.name}'{particle(args.name, '을/를')} 삭제했습니다.\n")
    return 0


def schedule_definition(args: argparse.Namespace) -> ScheduleDef:
    if args.daily:
        return ScheduleDef.parse(Kind.DAILY, args.daily)
    if args.weekdays:
        return ScheduleDef.parse(Kind.WEEKDAYS, args.weekdays)
    if args.weekly:
        return ScheduleDef.parse(Kind.WEEKLY, args.weekly[1], args.weekly[0])
    return ScheduleDef.parse(Kind.MONTHLY, args.monthly[1], args.monthly[0])


def add_schedule(profile: Profile, defn: ScheduleDef, task: TaskSpec, *, confirm_send: bool) -> str:
    """Register *defn* for *profile* with this PC's scheduler and save it; the sentence to show."""
    note = ""
    if task.sends_messages and profile.send:
        if not confirm_send:
            raise InputError(
                f"프로필 '{profile.name}'{particle(profile.name, '은/는')} 문자·메일을 실제로 보냅니다. 예약 실행은 묻지 않고 보내므로, 예약할 때 한 번 "
                "확인이 필요합니다. 보내도 된다면 --confirm-send를 붙여 다시 실행하십시오."
            )
        profile.send_confirmed_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    elif task.sends_messages:
        note = " 이 프로필은 발송하지 않으므로 예약 실행은 시험 실행(보내지 않음)입니다."
    where = backend()
    where.install(defn, profile.name, profile_command(profile.name, app_home()))
    profile.schedule, profile.paused = defn, False
    Profiles().save(profile)
    return f"예약했습니다: '{profile.name}' {defn.text()} ({where.label}).{note}\n"


def schedule_main(args: argparse.Namespace, registry: Registry, out: TextIO) -> int:
    profiles = Profiles()
    if args.schedule_command == "list":
        store = current_store()
        now = dt.datetime.now()
        shown = [p for p in profiles.all() if p.schedule is not None]
        if not shown:
            out.write("예약된 프로필이 없습니다.\n")
        for p in shown:
            assert p.schedule is not None
            nxt = p.schedule.next_slot(now)
            last = last_run(store, p.name)
            last_text = (
                f"{STATUS_KO.get(last.status, last.status)} ({last.started_at[:16].replace('T', ' ')})" if last else "없음"
            )
            state = "일시 중지" if p.paused else (f"다음 {nxt:%Y-%m-%d %H:%M}" if nxt else "")
            out.write(f"{p.name:<20} {p.task:<20} {p.schedule.text():<18} {state:<22} 마지막: {last_text}\n")
        return 0
    p = profiles.load(args.name)
    if args.schedule_command == "add":
        out.write(add_schedule(p, schedule_definition(args), registry.get(p.task), confirm_send=args.confirm_send))
        return 0
    if p.schedule is None:
        raise InputError(f"프로필 '{p.name}'에는 예약이 없습니다.")
    if args.schedule_command == "remove":
        remove_schedule(p)
        out.write(f"예약을 지웠습니다: '{p.name}' (프로필은 남아 있습니다).\n")
    elif args.schedule_command == "pause":
        pause_schedule(p)
        out.write(f"예약을 일시 중지했습니다: '{p.name}'.\n")
    else:
        resume_schedule(p)
        out.write(f"예약을 다시 켰습니다: '{p.name}' {p.schedule.text()}.\n")
    return 0


def remove_schedule(profile: Profile) -> None:
    """Off the OS scheduler and out of the profile; the profile itself stays."""
    backend().remove(profile.name)
    profile.schedule, profile.paused = None, False
    Profiles().save(profile)


def pause_schedule(profile: Profile) -> None:
    """Off the OS scheduler, kept in the profile to be turned on again."""
    backend().remove(profile.name)
    profile.paused = True
    Profiles().save(profile)


def resume_schedule(profile: Profile) -> None:
    assert profile.schedule is not None
    backend().install(profile.schedule, profile.name, profile_command(profile.name, app_home()))
    profile.paused = False
    Profiles().save(profile)


def run_main(argv: list[str], registry: Registry, out: TextIO, err: TextIO, parser_class: type[argparse.ArgumentParser]) -> int:
    """``run --profile NAME``: no task, no --output (the profile has them); nobody is asked anything."""
    parser = parser_class(prog="python main.py run", description="저장한 프로필로 실행")
    parser.add_argument("--profile", required=True, metavar="이름", help="프로필 이름")
    parser.add_argument("--scheduled", action="store_true", help="예약 실행(이 PC의 예약 기능이 붙입니다)")
    parser.add_argument("--catch-up", action="store_true", help="놓친 예약분이 있을 때만 실행")
    parser.add_argument("--home", type=Path, metavar="폴더", help="행봇 폴더 (예약을 만들 때의 HAENGBOT_HOME)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    profile = Profiles().load(args.profile)
    result = run_profile(profile, registry, err, scheduled=args.scheduled or args.catch_up, catch_up=args.catch_up)
    return result.code
