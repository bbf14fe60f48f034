"""One run, the same for the CLI and the GUI: read → check → run → write atomically → record."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core import __version__
from core.context import RunContext
from core.errors import Cancelled, HaengBotError, InputError, Location
from core.logs import get_logger
from core.params import resolve_params, show_value
from core.reader import Issue, Table, read_table
from core.result import INT, Result, ResultTable
from core.spec import TaskSpec
from core.writer import InfoRow, write_workbook

log = get_logger("runner")

ERROR_SHEET = "오류행"


@dataclass
class InputChoice:
    """What the clerk chose for one input: the file, and optionally a sheet and a column mapping."""

    path: Path
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)


@dataclass
class RunOutcome:
    run_id: str | None
    status: str  # done, cancelled, failed, bad_input
    result: Result | None = None
    output: Path | None = None
    duration_s: float = 0.0
    error: HaengBotError | None = None
    tables: dict[str, Table] = field(default_factory=dict)


def as_choice(value: InputChoice | Path | str) -> InputChoice:
    return value if isinstance(value, InputChoice) else InputChoice(Path(value))


def load_inputs(task: TaskSpec, given: Mapping[str, InputChoice | Path | str], ctx: RunContext | None = None) -> dict[str, Table]:
    """Read every declared input that was given; complain about missing and unknown ones."""
    known = {spec.name for spec in task.inputs}
    for name in given:
        if name not in known:
            raise InputError(f"'{task.id}' 작업에는 '{name}' 입력이 없습니다. 있는 입력: {', '.join(sorted(known))}")
    for spec in task.inputs:
        if spec.required and spec.name not in given:
            raise InputError(
                f"필수 입력 '{spec.name}'({spec.title}) 파일이 지정되지 않았습니다.",
                hint=f"--input {spec.name}=파일경로 로 지정하십시오.",
            )
    tables: dict[str, Table] = {}
    names = [s.name for s in task.inputs if s.name in given]
    for i, name in enumerate(names):
        spec = task.input(name)
        choice = as_choice(given[name])
        if ctx:
            ctx.progress(i, len(names), f"'{spec.title}' 파일 읽는 중: {choice.path.name}")
        report = None
        if ctx is not None:

            def report(done: int, total: int, _title: str = spec.title) -> None:
                ctx.progress(
                    done, total, f"'{_title}' 행 읽는 중 ({done:,}/{total:,})" if total else f"'{_title}' 엑셀 파일 푸는 중"
                )

        table = read_table(choice.path, spec, sheet=choice.sheet, mapping=choice.mapping, progress=report)
        if table.df.empty:
            raise InputError("머리글 아래에 데이터 행이 없습니다.", Location(str(choice.path), table.sheet, table.header_row))
        tables[name] = table
    return tables


def apply_validation(task: TaskSpec, tables: Mapping[str, Table], params: Mapping[str, Any]) -> None:
    """Task-level checks (beyond column types): their issues mark rows bad, as a type error would."""
    if task.validate is None:
        return
    found: dict[str, list[Issue]] = task.validate(tables, params) or {}
    for name, issues in found.items():
        table = tables[name]
        rows = {it.row for it in issues}
        table.df.loc[table.df["_row"].isin(rows), "_ok"] = False
        table.issues.extend(issues)
        table.issues.sort(key=lambda it: (it.row, it.column_index or 0))


def enforce_policy(tables: Mapping[str, Table], policy: str) -> None:
    """'stop' turns the first bad cell into an error; an input with no readable row always stops."""
    for table in tables.values():
        if not table.issues:
            continue
        if policy == "stop" or not table.df["_ok"].any():
            first = table.issues[0]
            more = f" (이 파일에 이런 칸이 모두 {len(table.issues)}개 있습니다)" if len(table.issues) > 1 else ""
            raise InputError(f"{first.reason}{more}", first.location(), f"값: '{first.value}'" if first.value else None)


def error_table(tables: Mapping[str, Table], extra: list[Issue] | None = None) -> ResultTable:
    rows = []
    for name, table in tables.items():
        for it in table.issues:
            rows.append((name, table.spec.title, Path(it.file).name, it.sheet or "", it.row, it.column, it.value, it.reason))
    for it in extra or []:
        rows.append(("", "", Path(it.file).name, it.sheet or "", it.row, it.column, it.value, it.reason))
    df = pd.DataFrame(rows, columns=["입력", "입력 설명", "파일", "시트", "행", "열", "값", "사유"])
    return ResultTable(ERROR_SHEET, df, {"행": INT}, note="읽을 수 없어 계산에서 뺀 행입니다. 원본을 고친 뒤 다시 실행하십시오.")


def run_info(
    task: TaskSpec,
    params: Mapping[str, Any],
    tables: Mapping[str, Table],
    started: dt.datetime,
    duration: float,
    run_id: str | None,
) -> list[InfoRow]:
    rows = [
        InfoRow("작업", f"{task.title} ({task.id})"),
        InfoRow("근거", task.basis),
        InfoRow("프로그램", f"행봇 {__version__}"),
        InfoRow("실행 번호", run_id or ""),
        InfoRow("실행 시각", started.strftime("%Y-%m-%d %H:%M:%S")),
        InfoRow("소요 시간(초)", f"{duration:.1f}"),
        InfoRow("■ 설정", ""),
    ]
    for param in task.params:
        rows.append(InfoRow(f"  {param.label} ({param.name})", show_value(params.get(param.name), param)))
    rows.append(InfoRow("■ 입력 파일", ""))
    for name, table in tables.items():
        rows.append(InfoRow(f"  {table.spec.title} ({name})", table.file.name))
        rows.append(InfoRow("    시트 / 머리글 행", f"{table.sheet or '(CSV)'} / {table.header_row}행"))
        if table.encoding:
            rows.append(InfoRow("    인코딩", table.encoding))
        rows.append(InfoRow("    읽은 행 / 오류행", f"{len(table.df):,} / {table.bad_count:,}"))
        skipped = ", ".join(f"{k} {v}" for k, v in table.skipped_rows.items())
        if skipped:
            rows.append(InfoRow("    건너뛴 행", skipped))
        rows.append(InfoRow("    열 연결", ", ".join(f"{k}←{v}" for k, v in table.columns.items())))
        rows.append(InfoRow("    SHA-256", table.sha256))
    return rows


def execute(
    task: TaskSpec,
    inputs: Mapping[str, InputChoice | Path | str],
    params: Mapping[str, Any],
    output: Path | str,
    ctx: RunContext,
    *,
    record: bool = True,
) -> RunOutcome:
    """Run *task* end to end. Never raises for a clerk's error: the outcome carries it."""
    started_wall = dt.datetime.now()
    started = time.monotonic()
    output = Path(output)
    run_id: str | None = None
    tables: dict[str, Table] = {}
    resolved: dict[str, Any] = {}
    try:
        resolved = resolve_params(task, params)
        if record:
            shown = {k: show_value(v) for k, v in resolved.items()}
            files = {k: str(as_choice(v).path) for k, v in inputs.items()}
            run_id = ctx.store.start_run(task.id, shown, files)
            ctx.run_id = run_id
        log.info("run %s start: %s", run_id, task.id)
        tables = load_inputs(task, inputs, ctx)
        apply_validation(task, tables, resolved)
        enforce_policy(tables, resolved.get("on_bad_rows", "skip"))
        ctx.progress(0, 1, "계산하는 중")
        result = task.run(tables, resolved, ctx)
        ctx.check_cancelled()
        ctx.progress(0, 1, "결과 파일 쓰는 중")
        errors = error_table(tables) if task.inputs else None  # a task that reads no file has no 오류행
        duration = time.monotonic() - started
        write_workbook(
            output,
            result,
            error_table=errors,
            info=run_info(task, resolved, tables, started_wall, duration, run_id),
            progress=lambda msg: ctx.progress(0, 1, msg),
            before_commit=ctx.check_cancelled,
        )
        duration = time.monotonic() - started
        if record and run_id:
            summary = result.summary_dict()
            if errors is not None:
                summary["오류행"] = len(errors.df)
            ctx.store.finish_run(run_id, "done", summary=summary, output_path=str(output), duration_s=duration)
        log.info("run %s done in %.1fs -> %s", run_id, duration, output.name)
        ctx.progress(1, 1, "완료")
        return RunOutcome(run_id, "done", result, output, duration, tables=tables)
    except Cancelled as exc:
        return _finish(ctx, run_id, "cancelled", exc, started, tables, record)
    except InputError as exc:
        return _finish(ctx, run_id, "bad_input", exc, started, tables, record)
    except HaengBotError as exc:
        return _finish(ctx, run_id, "failed", exc, started, tables, record)
    except Exception as exc:  # a bug: logged with its traceback, shown to the clerk as one sentence
        log.exception("run %s crashed", run_id)
        error = HaengBotError(
            f"예상하지 못한 오류로 작업을 마치지 못했습니다({type(exc).__name__}). 로그 파일을 담당자에게 보내 주십시오."
        )
        return _finish(ctx, run_id, "failed", error, started, tables, record)


def _finish(
    ctx: RunContext, run_id: str | None, status: str, error: HaengBotError, started: float, tables: dict[str, Table], record: bool
) -> RunOutcome:
    duration = time.monotonic() - started
    log.info("run %s %s: %s", run_id, status, error)
    if record and run_id:
        ctx.store.finish_run(run_id, status, duration_s=duration, message=str(error))
    return RunOutcome(run_id, status, None, None, duration, error, tables)
