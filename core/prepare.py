"""Prepare once: read → type → validate → bad-row policy, one function for the CLI and the GUI.

Before wave 2 the window repeated this step for the check page, the send preview and the run, so a
run parsed every input three or four times (issue 11). Now ``prepare`` reads each input once; the
check report, the send preview and the run all work on the ``Prepared`` it returns, kept in the one
process that owns the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from core.documents import DocumentChoice, DocumentSet, read_documents, split_inputs
from core.errors import InputError, Location
from core.reader import Issue, Table, read_table
from core.spec import TableInput, TaskSpec
from core.table_set import FILE_COLUMN, read_several, table_files

if TYPE_CHECKING:
    from core.context import RunContext

PARSE_LOG_ENV = "HAENGBOT_PARSE_LOG"  # a file that gets one line per input parsed (tests count them across processes)


@dataclass
class InputChoice:
    """What the clerk chose for one input: the file, and optionally a sheet and a column mapping."""

    path: Path
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    # Further files of a ``TableInput.multiple`` input (``--input completions=a.xlsx --input completions=b.csv``).
    more: tuple[Path, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.path, *self.more)


# What a caller gives for one input: a table's file (with its sheet and mapping), or a document input's files.
GivenInput = InputChoice | DocumentChoice | Path | str


def as_choice(value: InputChoice | Path | str | tuple[Path, ...] | list[Path]) -> InputChoice:
    """A path, or several paths for a multiple input, as the choice ``load_inputs`` reads."""
    if isinstance(value, InputChoice):
        return value
    if isinstance(value, (tuple, list)):
        return InputChoice(Path(value[0]), more=tuple(Path(v) for v in value[1:]))
    return InputChoice(Path(value))


@dataclass
class Prepared:
    """The tables as the task will get them, their issues, and the bad-row decision.

    ``stop`` is the error the chosen policy raises (``on_bad_rows=stop``, or an input with no usable
    row); ``None`` means the run may go on, leaving the bad rows out and listing them on 오류행.
    """

    task: TaskSpec
    params: dict[str, Any]
    tables: dict[str, Table]
    stop: InputError | None = None
    # Document inputs (core/documents.py), read once like the tables: statute texts, templates, bundles.
    documents: dict[str, DocumentSet] = field(default_factory=dict)

    @property
    def issues(self) -> list[Issue]:
        return [it for table in self.tables.values() for it in table.issues]

    @property
    def bad_rows(self) -> int:
        return sum(table.bad_count for table in self.tables.values())


def prepare(
    task: TaskSpec, inputs: Mapping[str, GivenInput], params: Mapping[str, Any], ctx: RunContext | None = None
) -> Prepared:
    """Read every given input once, apply the task's checks and decide on the bad rows.

    *params* are resolved (``core.params.resolve_params``). An input that cannot be used at all
    raises ``InputError``; bad rows do not raise: the decision is ``Prepared.stop``.
    """
    table_inputs, document_inputs = split_inputs(task, inputs)
    tables = load_inputs(task, table_inputs, ctx)
    documents = read_documents(task, document_inputs, ctx)
    apply_validation(task, tables, params)
    stop = None
    try:
        enforce_policy(tables, params.get("on_bad_rows", "skip"))
    except InputError as exc:
        stop = exc
    return Prepared(task, dict(params), tables, stop, documents)


def load_inputs(task: TaskSpec, given: Mapping[str, InputChoice | Path | str], ctx: RunContext | None = None) -> dict[str, Table]:
    """Read every declared input that was given; complain about missing and unknown ones."""
    known = {spec.name for spec in task.inputs} | {spec.name for spec in task.documents}  # documents: core/documents.py
    for name in given:
        if name not in known:
            raise InputError(f"'{task.id}' 작업에는 '{name}' 입력이 없습니다. 있는 입력: {', '.join(sorted(known))}")
    for spec in task.inputs:
        if spec.required and spec.name not in given:
            raise InputError(
                f"필수 입력 '{spec.name}'({spec.title}) 파일이 지정되지 않았습니다.",
                hint=f"--input {spec.name}=파일경로 로 지정하십시오.",
            )
    names = [s.name for s in task.inputs if s.name in given]
    choices = {name: as_choice(given[name]) for name in names}
    together = [n for n in names if not task.input(n).multiple and not choices[n].more]
    pool = None
    read: dict[str, Future[Table]] = {}
    if len(together) > 1 and _worth_overlapping([choices[n].path for n in together]):
        pool, read = _read_together(task, {n: choices[n] for n in together}, ctx)
    try:
        return _collect(task, names, choices, read, ctx)
    finally:
        if pool is not None:
            # On an error or a cancel the other thread stops at its next progress call (or finishes a parse).
            pool.shutdown(wait=False, cancel_futures=True)


def _collect(
    task: TaskSpec,
    names: list[str],
    choices: Mapping[str, InputChoice],
    read: Mapping[str, Future[Table]],
    ctx: RunContext | None,
) -> dict[str, Table]:
    """The tables in declared order: those read side by side are waited for, the others read here.

    Waiting in declared order keeps the one-after-the-other answer: the first input's error wins.
    """
    tables: dict[str, Table] = {}
    for i, name in enumerate(names):
        spec = task.input(name)
        choice = choices[name]
        if name in read:
            table = read[name].result()
        else:
            if ctx:
                ctx.progress(i, len(names), f"'{spec.title}' 파일 읽는 중: {choice.path.name}")
            report = None
            if ctx is not None:

                def report(done: int, total: int, _title: str = spec.title) -> None:
                    ctx.progress(
                        done, total, f"'{_title}' 행 읽는 중 ({done:,}/{total:,})" if total else f"'{_title}' 엑셀 파일 푸는 중"
                    )

            if spec.multiple:
                tables[name] = read_several(spec, choice.paths, partial(_read_one, name, spec, choice, report))
                continue
            if choice.more:
                table_files(spec, choice.paths)  # a Korean "one file only" error, never the last one silently
            table = _read_one(name, spec, choice, report, choice.path)
        if table.df.empty:
            raise InputError("머리글 아래에 데이터 행이 없습니다.", Location(str(choice.path), table.sheet, table.header_row))
        tables[name] = table
    return tables


# Two workbooks together at least this big are read side by side (``_read_together``), up to a cap.
# At a million rows a side (112 MiB of xlsx) that first peaked at 2.3 GB (1.7 GB one after the other;
# issue 19's limit is 2 GB). Since the guard streams the sheet XML, the cells go straight into one
# matrix and freed pages go back to the OS after each big sheet (core.sources), the same run peaks at
# about 1.7 GB side by side (1.5 GB one after the other), so the cap sits above that size.
OVERLAP_BYTES = 8 << 20
OVERLAP_MAX_BYTES = 128 << 20
_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def _worth_overlapping(paths: list[Path]) -> bool:
    """Workbooks (calamine unpacks them without the GIL; a CSV is read under it, so it gains nothing),
    big enough that a second thread pays, small enough that two sets of cells fit, and a second core."""
    if (os.cpu_count() or 1) < 2 or any(p.suffix.lower() not in _WORKBOOKS for p in paths):
        return False
    try:
        size = sum(p.stat().st_size for p in paths)
    except OSError:
        return False  # the one-at-a-time path words the error
    return OVERLAP_BYTES <= size <= OVERLAP_MAX_BYTES


def _read_together(
    task: TaskSpec, choices: Mapping[str, InputChoice], ctx: RunContext | None
) -> tuple[ThreadPoolExecutor, dict[str, Future[Table]]]:
    """Read several single-file inputs side by side, one thread each.

    calamine unpacks a sheet with the GIL released (issue 19: about 4.5 s of sheet XML per million
    rows), so while one input is being unpacked the other is typed, and two unpacks share the two
    cores. The answer is the same as reading one after the other: each table is built by the same
    ``read_table``, and ``_collect`` waits in declared order, so an error is the first input's. Progress
    from both threads goes through one lock, summed, so the caller sees one steady count.
    """
    lock = threading.Lock()
    state: dict[str, tuple[int, int]] = {name: (0, 0) for name in choices}
    titles = [task.input(name).title for name in choices]
    if ctx:
        # "파일 읽는 중" with no count: the window's bar (gui/wizard/progress.py) files it under reading.
        ctx.progress(0, 0, "·".join(f"'{t}'" for t in titles) + f" 파일 읽는 중 ({len(choices)}개를 함께)")

    def reporter(name: str) -> Callable[[int, int], None] | None:
        if ctx is None:
            return None

        def report(done: int, total: int) -> None:
            with lock:
                state[name] = (done, total)
                d = sum(x for x, _ in state.values())
                t = sum(y for _, y in state.values())
                ctx.progress(d, t, f"입력 파일 {len(state)}개 행 읽는 중 ({d:,}/{t:,})" if t else "엑셀 파일 푸는 중")

        return report

    pool = ThreadPoolExecutor(max_workers=len(choices), thread_name_prefix="haengbot-read")
    futures = {
        name: pool.submit(_read_one, name, task.input(name), choice, reporter(name), choice.path)
        for name, choice in choices.items()
    }
    return pool, futures


def _read_one(name: str, spec: TableInput, choice: InputChoice, report: Callable[[int, int], None] | None, path: Path) -> Table:
    _note_parse(name, path)
    return read_table(path, spec, sheet=choice.sheet, mapping=choice.mapping, progress=report)


def _note_parse(name: str, path: Path) -> None:
    """With ``HAENGBOT_PARSE_LOG`` set, append "input<TAB>file" for each parse (one O_APPEND write: safe across processes)."""
    log_path = os.environ.get(PARSE_LOG_ENV)
    if not log_path:
        return
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{name}\t{path.name}\t{os.getpid()}\n".encode())
    finally:
        os.close(fd)


def apply_validation(task: TaskSpec, tables: Mapping[str, Table], params: Mapping[str, Any]) -> None:
    """Task-level checks (beyond column types): their issues mark rows bad, as a type error would."""
    if task.validate is None:
        return
    found: dict[str, list[Issue]] = task.validate(tables, params) or {}
    for name, issues in found.items():
        table = tables[name]
        if FILE_COLUMN in table.df:  # a multiple input: row numbers repeat across its files
            keys = {(it.file, it.row) for it in issues}
            hit = pd.Series([(f, int(r)) in keys for f, r in zip(table.df[FILE_COLUMN], table.df["_row"], strict=True)])
            table.df.loc[hit.to_numpy(), "_ok"] = False
        else:
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
