"""The command line (a stable contract, ARCHITECTURE section 4).

    list [--json] · describe TASK [--json] · sample TASK --dir DIR
    run TASK --input NAME=PATH ... [--param NAME=VALUE ...] --output OUT.xlsx [--dry-run] [--yes] [--json]
    settings list [--json] · settings get KEY · settings set KEY VALUE
    store status · store accept-recovery · store init · store migrate-to
    ledger list|resolve|export (core/ledger_cli.py)
    profile save|list|show|delete · schedule add|list|remove|pause|resume · run --profile NAME (core/profile_cli.py)

Exit codes: 0 done, 2 bad input or arguments (also: the 기관 is needed and not set), 3 outside
failure (also: the home cannot be written and the task needs its ledger), 130 cancelled.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, NoReturn, TextIO

from core import __version__, ledger_cli, profile_cli
from core.context import RunContext
from core.documents import DocumentChoice
from core.errors import HaengBotError, InputError
from core.logs import get_logger
from core.masking import mask_data, mask_text, masked_stream
from core.params import show_value
from core.paths import os_reason
from core.registry import Registry
from core.runner import InputChoice, execute
from core.runstatus import RunStatus
from core.spec import DOCUMENT_KIND_LABELS, TYPE_LABELS, TaskSpec
from core.terminal_ask import terminal_asker

EXIT_OK, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_CANCELLED = 0, 2, 3, 130
STATUS_EXIT = {
    RunStatus.DONE: EXIT_OK,
    RunStatus.BAD_INPUT: EXIT_BAD_INPUT,
    RunStatus.FAILED: EXIT_FAILED,
    RunStatus.CANCELLED: EXIT_CANCELLED,
}


# argparse speaks English; its messages are fixed strings, so each one is put into Korean here.
_ARGPARSE_KO: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), korean)
    for pattern, korean in (
        (r"^the following arguments are required: (.*)$", r"꼭 적어야 하는 인자가 빠졌습니다: \1"),
        (r"^unrecognized arguments: (.*)$", r"알 수 없는 인자입니다: \1"),
        (r"^invalid choice: (.*) \(choose from (.*)\)$", r"없는 명령입니다: \1 (고를 수 있는 것: \2)"),
        (r"^expected one argument$", "값을 하나 적어야 합니다"),
        (r"^expected at least one argument$", "값을 하나 이상 적어야 합니다"),
        (r"^expected at most one argument$", "값은 하나까지만 적을 수 있습니다"),
        (r"^invalid \S+ value: (.*)$", r"쓸 수 없는 값입니다: \1"),
        (r"^ambiguous option: (.*) could match (.*)$", r"여러 옵션에 맞는 줄임말입니다: \1 (맞는 옵션: \2)"),
        (r"^one of the arguments (.*) is required$", r"다음 중 하나를 적어야 합니다: \1"),
        (r"^not allowed with argument (.*)$", r"이 옵션과 함께 쓸 수 없습니다: \1"),
        (r"^ignored explicit argument (.*)$", r"이 옵션은 값을 받지 않습니다: \1"),
    )
)


def korean_argparse_message(message: str) -> str:
    match = re.match(r"^argument (.+?): (.*)$", message, re.S)
    if match:
        return f"인자 {match.group(1)}: {korean_argparse_message(match.group(2))}"
    for pattern, korean in _ARGPARSE_KO:
        if pattern.match(message):
            return pattern.sub(korean, message)
    return message


class KoreanHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "사용법: " if prefix is None else prefix)

    def _format_action(self, action: argparse.Action) -> str:
        """Sub-commands listed straight under their '명령' title, without a line repeating the metavar."""
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)


class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse with Korean usage, section titles, -h text and error messages."""

    stream: TextIO | None = None  # where errors go; main() points it at its stderr

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", KoreanHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "위치 인자"
        self._optionals.title = "옵션"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="이 도움말을 보고 끝냅니다")

    def error(self, message: str) -> NoReturn:
        stream = self.stream or sys.stderr
        self.print_usage(stream)
        stream.write(
            f"명령을 이해하지 못했습니다: {korean_argparse_message(message)}\n'{self.prog} --help'로 사용법을 볼 수 있습니다.\n"
        )
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanArgumentParser(
        prog="python main.py", description="행봇: 지방자치단체 업무 자동화. 하위 명령 없이 실행하면 화면이 열립니다."
    )
    parser.add_argument("--version", action="version", version=f"행봇 {__version__}", help="프로그램 버전을 보고 끝냅니다")
    sub = parser.add_subparsers(dest="command", title="명령", metavar="명령", parser_class=KoreanArgumentParser)
    p = sub.add_parser("list", help="작업 목록")
    p.add_argument("--json", action="store_true", help="JSON으로 출력")
    p = sub.add_parser("describe", help="작업이 받는 입력·열·설정·인증 정보")
    p.add_argument("task", metavar="작업", help="작업 id (예: overtime-pay; 'list'로 봅니다)")
    p.add_argument("--json", action="store_true", help="JSON으로 출력")
    p = sub.add_parser("sample", help="예시 입력 파일 만들기")
    p.add_argument("task", metavar="작업", help="작업 id (예: overtime-pay)")
    p.add_argument("--dir", required=True, type=Path, metavar="폴더", help="예시 파일을 쓸 폴더")
    p = sub.add_parser("run", help="작업 실행")
    p.add_argument("task", metavar="작업", help="작업 id (예: overtime-pay)")
    p.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="입력 파일 (여러 번; 문서 폴더도, 여러 문서는 같은 이름으로 여러 번)",
    )
    p.add_argument("--sheet", action="append", default=[], metavar="NAME=SHEET", help="입력의 시트 이름 (생략하면 자동)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="설정 값 (여러 번)")
    p.add_argument("--output", required=True, type=Path, metavar="결과.xlsx", help="결과 엑셀 파일(.xlsx)")
    p.add_argument("--dry-run", action="store_true", help="문자·게시 등 바깥으로 보내는 일만 빼고 실행")
    p.add_argument("--yes", action="store_true", help="실행 중 질문에 묻지 않고 기본값으로 답합니다 (무인 실행)")
    p.add_argument("--json", action="store_true", help="요약을 JSON 한 줄로 표준 출력에")
    p = sub.add_parser("settings", help="설정 보기·바꾸기 (기관, 결과 폴더, 프록시 등)")
    ss = p.add_subparsers(dest="settings_command", title="설정 명령", metavar="명령", parser_class=KoreanArgumentParser)
    ss.required = True
    q = ss.add_parser("list", help="모든 설정의 값과 출처(기본값/파일/환경변수)")
    q.add_argument("--json", action="store_true", help="JSON으로 출력")
    q = ss.add_parser("get", help="설정 하나의 값")
    q.add_argument("key", metavar="설정", help="예: org.sigungu")
    q = ss.add_parser("set", help="설정 하나를 settings.toml에 저장 (빈 값이면 기본값으로)")
    q.add_argument("key", metavar="설정", help="예: org.sigungu")
    q.add_argument("value", metavar="값", help="예: 광주시")
    p = sub.add_parser("store", help="실행 기록 데이터베이스 (손상되어 옮긴 파일, 발송 다시 허용)")
    ss = p.add_subparsers(dest="store_command", title="기록 명령", metavar="명령", parser_class=KoreanArgumentParser)
    ss.required = True
    ss.add_parser(
        "status", help="어느 저장소를 쓰는지(이 PC / 공유 저장소), 스키마 버전, 손상되어 옮겨 두고 아직 확인하지 않은 파일"
    )
    ss.add_parser("accept-recovery", help="옮긴 파일을 확인했으니 문자·메일 발송을 다시 허용")
    init = ss.add_parser("init", help="공유 저장소(store.url)에 표를 만들거나 최신으로 고침 (정보화 담당자, 소유자 계정)")
    init.add_argument("--grant", metavar="계정", help="표 읽기·쓰기 권한을 줄 담당자용 계정")
    move = ss.add_parser("migrate-to", help="이 PC의 기록을 비어 있는 공유 저장소로 한 번 옮김 (소유자 계정 주소)")
    move.add_argument("url", metavar="주소", help="예: postgresql://소유자@서버:5432/haengbot (비밀번호는 넣지 않음)")
    move.add_argument("--set", action="store_true", help="옮긴 뒤 이 PC의 설정 store.url을 그 주소로 바꿈")
    p = sub.add_parser("history", help="실행 기록 (공유 저장소면 부서원 모두의 실행: 담당자·PC·결과 파일)")
    p.add_argument("--task", metavar="작업", help="이 작업의 실행만 (예: overtime-pay)")
    p.add_argument("--clerk", metavar="담당자", help="이 담당자의 실행만 (로그인 이름)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="최근 N건 (기본 50)")
    p.add_argument("--json", action="store_true", help="JSON으로 출력")
    ledger_cli.add_parser(sub, KoreanArgumentParser)
    profile_cli.add_parsers(sub, KoreanArgumentParser)
    return parser


def _pairs(values: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"{what} '{item}'의 형식이 맞지 않습니다. NAME=VALUE 형식으로 적어 주십시오.")
        out[name.strip()] = value
    return out


def describe_dict(task: TaskSpec) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "department": task.department,
        "description": task.description,
        "basis": task.basis,
        "network": task.network,
        "sends_messages": task.sends_messages,
        "inputs": [
            {
                "name": i.name,
                "title": i.title,
                "required": i.required,
                "help": i.help,
                "row_meaning": i.row_meaning,
                "columns": [
                    {
                        "name": c.name,
                        "type": c.type.value,
                        "synonyms": list(c.synonyms),
                        "required": c.required,
                        "help": c.help,
                        **({"choices": sorted(set(c.choices.values()))} if c.choices else {}),
                    }
                    for c in i.columns
                ],
            }
            for i in task.inputs
        ],
        "params": [
            {
                "name": p.name,
                "label": p.label,
                "type": p.type.value,
                "default": _jsonable(p.default),
                "help": p.help,
                "basis": p.basis,
                **({"choices": [v for v, _ in p.choices]} if p.choices else {}),
            }
            for p in task.params
        ],
        "documents": [
            {
                "name": d.name,
                "title": d.title,
                "kind": d.kind.value,
                "formats": list(d.formats),
                "required": d.required,
                "help": d.help,
            }
            for d in task.documents
        ],
        "artifacts": [{"name": a.name, "title": a.title, "suffix": a.suffix, "kind": a.kind} for a in task.artifacts],
        "settings": [
            {"key": o.key, "label": o.label, "type": o.type.value, "default": _jsonable(o.default), "help": o.help}
            for o in task.settings
        ],
        "credentials": [{"id": c.id, "label": c.label, "where": c.where, "env": c.env_var} for c in task.credentials],
        "outcomes": list(task.outcomes),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def print_describe(task: TaskSpec, out: TextIO) -> None:
    w = out.write
    w(f"{task.title} ({task.id})\n담당: {task.department}\n근거: {task.basis}\n\n{task.description}\n\n")
    for spec in task.inputs:
        w(f"입력 {spec.name}: {spec.title}{'' if spec.required else ' (선택)'}\n")
        if spec.row_meaning:
            w(f"  한 행 = {spec.row_meaning}\n")
        for c in spec.columns:
            syn = f" [{', '.join(c.synonyms)}]" if c.synonyms else ""
            opt = "" if c.required else " (선택)"
            w(f"  - {c.name}{syn}: {TYPE_LABELS[c.type]}{opt}{' — ' + c.help if c.help else ''}\n")
    for doc in task.documents:
        w(
            f"입력 {doc.name}: {doc.title} ({DOCUMENT_KIND_LABELS[doc.kind]}, {', '.join(doc.formats)}){'' if doc.required else ' (선택)'}\n"
        )
        if doc.help:
            w(f"  {doc.help}\n")
    for art in task.artifacts:
        w(f"결과 문서 {art.name}: {art.title} (결과 파일 이름_{art.name}{art.suffix})\n")
    w("\n설정 (--param 이름=값):\n")
    for p in task.params:
        choices = f" ({' / '.join(f'{v}={lb}' for v, lb in p.choices)})" if p.choices else ""
        w(f"  - {p.name}: {p.label}, 기본값 {show_value(p.default)}{choices}\n")
        if p.help:
            w(f"      {p.help}\n")
    if task.settings:
        w("\n이 작업의 설정 파일 항목 (settings set 이름 값, 설정 창의 작업 탭):\n")
        for o in task.settings:
            w(f"  - {o.key}: {o.label}, 기본값 {show_value(o.default)}\n")
    if task.credentials:
        w("\n인증 정보 (키링 또는 환경 변수):\n")
        for cred in task.credentials:
            w(f"  - {cred.id}: {cred.label} ({cred.env_var})\n")


class Progress:
    """Progress lines on stderr, at most twice a second, plus every change of step."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.last = 0.0
        self.last_msg = ""

    def __call__(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if message == self.last_msg and now - self.last < 0.5:
            return
        self.last, self.last_msg = now, message
        pct = f"{100 * done // total:3d}%" if total else "  …"
        self.stream.write(f"[{pct}] {message}\n")
        self.stream.flush()


def main(argv: list[str], registry: Registry, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = masked_stream(stderr or sys.stderr)  # progress, summary, warnings, errors: all masked
    parser = build_parser()
    KoreanArgumentParser.stream = err
    by_profile = argv[:1] == ["run"] and any(a.split("=", 1)[0] == "--profile" for a in argv[1:])  # core/profile_cli.py
    try:
        args = None if by_profile else parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args is None:
            return profile_cli.run_main(argv[1:], registry, out, err, KoreanArgumentParser)
        if args.command in ("profile", "schedule"):
            return (profile_cli.profile_main if args.command == "profile" else profile_cli.schedule_main)(args, registry, out)
        if args.command == "list":
            tasks = [{"id": t.id, "title": t.title, "department": t.department} for t in registry]
            if args.json:
                out.write(json.dumps(tasks, ensure_ascii=False) + "\n")
            else:
                width = max((len(t["id"]) for t in tasks), default=0) + 2  # the longest id still leaves a gap
                for t in tasks:
                    out.write(f"{t['id']:<{width}}{t['title']}  ({t['department']})\n")
            return EXIT_OK
        if args.command == "describe":
            task = registry.get(args.task)
            if args.json:
                out.write(json.dumps(describe_dict(task), ensure_ascii=False, indent=1) + "\n")
            else:
                print_describe(task, out)
            return EXIT_OK
        if args.command == "sample":
            task = registry.get(args.task)
            if task.write_samples is None:
                raise InputError(f"'{task.id}' 작업에는 예시 파일이 없습니다.")
            args.dir.mkdir(parents=True, exist_ok=True)
            written = task.write_samples(args.dir)
            for name, path in written.items():
                out.write(f"{name}\t{path}\n")
            return EXIT_OK
        if args.command == "run":
            return _run(args, registry, out, err)
        if args.command == "settings":
            return _settings(args, registry, out, err)
        if args.command == "store":
            return _store(args, out)
        if args.command == "ledger":
            return ledger_cli.main(args, registry, out, err)
        if args.command == "history":
            from core.store_cli import print_history

            return print_history(registry, out, task=args.task, clerk=args.clerk, limit=args.limit, as_json=args.json)
        parser.print_help(out)
        return EXIT_OK
    except HaengBotError as exc:
        err.write(f"오류: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:  # the reader of our output went away (`… | head`): not a file problem, nothing to say
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # a folder that cannot be written (read-only home, full disk): one Korean sentence
        get_logger("cli").exception("file system error")
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        err.write(f"오류: 파일을 읽거나 쓰지 못했습니다({os_reason(exc)}){where}.\n")
        return EXIT_FAILED


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not hit the closed pipe again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (tests hand in a StringIO)
        pass


def _store(args: argparse.Namespace, out: TextIO) -> int:
    """After a corrupt database was moved aside, sending waits until someone accepts (core/runner.py).
    ``init`` prepares a department's shared PostgreSQL; ``status`` says which store (core/store_cli.py)."""
    from core.store_cli import current_store, store_init, store_status

    if args.store_command == "init":
        return store_init(args.grant, out)
    if args.store_command == "migrate-to":
        from core.store_copy import migrate_to

        return migrate_to(args.url, set_url=args.set, out=out)
    if args.store_command == "status":
        return store_status(out)
    store = current_store()
    accepted = store.accept_recoveries()
    out.write(
        f"확인 처리했습니다: {', '.join(accepted)}. 이제 문자·메일을 보낼 수 있습니다.\n"
        if accepted
        else "확인을 기다리는 파일이 없습니다.\n"
    )
    return EXIT_OK


def _settings(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    from core.settings import Settings, declared
    from core.settings_cli import settings_get, settings_list, settings_set

    settings = Settings(options=declared(registry))  # every task's settings, as the 설정 dialog shows them
    if args.settings_command == "list":
        settings_list(settings, out, as_json=args.json)
    elif args.settings_command == "get":
        settings_get(settings, args.key, out)
    else:
        settings_set(settings, args.key, args.value, out, err)
    return EXIT_OK


def _run(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    task = registry.get(args.task)
    if args.output.suffix.lower() != ".xlsx":
        raise InputError(f"결과 파일은 .xlsx여야 합니다: {args.output}")
    _pairs(args.input, "--input")  # the NAME=PATH shape, checked before anything is read
    sheets = _pairs(args.sheet, "--sheet")
    params = _pairs(args.param, "--param")
    inputs: dict[str, InputChoice | DocumentChoice] = {
        name: InputChoice(paths[0], sheets.get(name), more=tuple(paths[1:])) for name, paths in _repeated(args.input).items()
    }
    inputs.update(_document_choices(task, args.input))
    cancel = threading.Event()
    asker = terminal_asker(yes=args.yes, stdin=sys.stdin, err=err, cancel_event=cancel)
    ctx = RunContext(progress=Progress(err), cancel_event=cancel, dry_run=args.dry_run, asker=asker)
    previous = None
    if threading.current_thread() is threading.main_thread():

        def on_sigint(signum: int, frame: Any) -> None:
            if cancel.is_set():
                raise KeyboardInterrupt
            err.write("취소 요청을 받았습니다. 안전하게 멈추는 중입니다… (한 번 더 누르면 즉시 종료)\n")
            cancel.set()

        previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        outcome = execute(task, inputs, params, args.output, ctx)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    code = STATUS_EXIT[outcome.status]
    if outcome.status == RunStatus.DONE and outcome.result is not None:
        res = outcome.result
        err.write(f"완료: {outcome.output} ({outcome.duration_s:.1f}초)\n")
        for item in res.summary:
            err.write(f"  {item.label}: {item.value:,}\n" if isinstance(item.value, int) else f"  {item.label}: {item.value}\n")
        for artifact in res.artifacts:
            err.write(f"  결과 문서: {artifact.path}\n")
        for warning in res.warnings:
            err.write(f"  주의: {warning}\n")
        if args.json:
            bad = sum(t.bad_count for t in outcome.tables.values())
            out.write(
                json.dumps(
                    mask_data(
                        {
                            "task": task.id,
                            "status": RunStatus.DONE.value,
                            "run_id": outcome.run_id,
                            "output": str(outcome.output),
                            "summary": res.summary_dict(),
                            "error_rows": bad,
                            "warnings": res.warnings,
                            "duration_s": round(outcome.duration_s, 3),
                        }
                    )
                    | {"artifacts": _artifacts_json(res)},
                    ensure_ascii=False,
                )
                + "\n"
            )
    else:
        label = {RunStatus.CANCELLED: "취소됨", RunStatus.BAD_INPUT: "입력 오류", RunStatus.FAILED: "실패"}[outcome.status]
        err.write(f"{label}: {outcome.error}\n")
        if outcome.status == RunStatus.BAD_INPUT:
            err.write("결과 파일은 만들지 않았습니다.\n")
        if args.json:
            out.write(
                json.dumps(
                    mask_data({"task": task.id, "status": outcome.status, "run_id": outcome.run_id, "error": str(outcome.error)}),
                    ensure_ascii=False,
                )
                + "\n"
            )
    return code


def _repeated(given: list[str]) -> dict[str, list[Path]]:
    """Every ``--input NAME=PATH`` by name, in the order given: a repeated name keeps all its paths.

    Whether an input takes several files is the declaration's business (``TableInput.multiple``,
    ``DocumentKind``); core.prepare and core.documents refuse a repeat in Korean for one-file inputs.
    """
    paths: dict[str, list[Path]] = {}
    for item in given:
        name, _sep, value = item.partition("=")
        paths.setdefault(name.strip(), []).append(Path(value))
    return paths


def _document_choices(task: TaskSpec, given: list[str]) -> dict[str, DocumentChoice]:
    """A document input may be named several times (``--input laws=a.md --input laws=b.md``): all count."""
    names = {spec.name for spec in task.documents}
    paths: dict[str, list[Path]] = {}
    for item in given:
        name, _sep, value = item.partition("=")
        if name.strip() in names:
            paths.setdefault(name.strip(), []).append(Path(value))
    return {name: DocumentChoice(tuple(found)) for name, found in paths.items()}


def _artifacts_json(result: Any) -> list[dict[str, str]]:
    """Names and paths masked like the rest; the digest as is (its digit runs are no phone number)."""
    return [{"name": mask_text(a.name), "path": mask_text(str(a.path)), "sha256": a.sha256} for a in result.artifacts]
