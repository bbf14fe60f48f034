"""The work the window hands to a worker: preview a file, and the run session.

No Qt here: these functions run in a worker thread or in a spawned child process, and everything
they return is plain, picklable data. Each takes a ``progress(done, total, message)`` callback that
is also the cancellation check point (it raises ``Cancelled``), like ``RunContext.progress``.

The run session (``run_session``) is one child process per wizard run: it prepares the inputs once
(``core.prepare``), yields the check report, and on the window's word yields the send preview and
then runs on the same tables. A question the task asks on the way (``ctx.ask``) travels the same
channel.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.context import RunContext
from core.errors import HaengBotError, InputError
from core.prepare import Prepared, prepare
from core.runstatus import RunStatus
from core.sources import HEAD_ROWS, RawSheet, load_sheets
from core.spec import TableInput, TaskSpec

ProgressFn = Callable[[int, int, str], None]
MAX_ISSUES_SHOWN = 500


@dataclass
class SheetPreview:
    """The head of one sheet: enough to show it, find its header and remap its columns."""

    file: Path
    sheet: str | None
    head: list[list[Any]]  # first HEAD_ROWS rows, values as read
    merged: list[Any]
    encoding: str | None
    total_rows: int
    auto: Any = None  # HeaderMatch without any mapping, found in the worker

    def raw(self) -> RawSheet:
        return RawSheet(self.file, self.sheet, self.head, list(self.merged), self.encoding)


@dataclass
class FilePreview:
    path: Path
    sheets: list[SheetPreview]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, dt.date, dt.time, dt.datetime)):
        return value
    return str(value)


def preview_file(
    path: str | Path,
    progress: ProgressFn,
    task_id: str | None = None,
    input_name: str | None = None,
    spec: TableInput | None = None,
) -> FilePreview:
    """Every sheet's first rows and its header as found (workbooks can be large: this runs off the GUI thread).

    The input's declaration comes by value (*spec*: plain data, it pickles) or is found by task id and name;
    by value, a task outside the built-in list (a test's toy task) previews in the child process too."""
    from core.reader import find_header

    if spec is None and task_id and input_name:
        from tasks import registry

        spec = registry().get(task_id).input(input_name)
    target = Path(path)
    if spec is not None and spec.multiple and target.is_dir():  # a folder of lists: the first one shows the layout
        from core.table_set import table_files

        target = table_files(spec, [target])[0]
    progress(0, 1, f"'{target.name}' 파일을 여는 중")
    sheets = load_sheets(target)
    progress(1, 1, "미리보기 준비 완료")
    out = []
    for s in sheets:
        preview = SheetPreview(
            s.file, s.sheet, [[_plain(v) for v in row] for row in s.rows[:HEAD_ROWS]], list(s.merged), s.encoding, len(s.rows)
        )
        if spec is not None:
            preview.auto = find_header(preview.raw(), spec)
        out.append(preview)
    return FilePreview(Path(path), out)


@dataclass
class IssueLine:
    input_title: str
    file: str
    sheet: str | None
    row: int
    column: str
    value: str
    reason: str


@dataclass
class InputReport:
    name: str
    title: str
    file: str
    sheet: str | None
    header_row: int
    rows_read: int
    bad_rows: int
    skipped: dict[str, int]
    columns: dict[str, str]


@dataclass
class CheckReport:
    """What the check page shows: rows read per input, and each row with a problem and why."""

    inputs: list[InputReport] = field(default_factory=list)
    issues: list[IssueLine] = field(default_factory=list)
    issue_count: int = 0
    error: str | None = None  # an input that cannot be used at all (Korean sentence)
    stops: bool = False  # the chosen policy turns the first bad row into a stop

    @property
    def bad_rows(self) -> int:
        return sum(r.bad_rows for r in self.inputs)


# Result tables travel to the window in blocks sized by what unpickling them costs on the GUI thread, not by
# rows: a text cell costs ~50× a number or a date (measured 2026-11-28: 5,000 rows of overtime-pay's 대사결과,
# 3 text columns, 22 ms; 5,000 rows of its 일별내역, 16 numeric/date columns, 2.5 ms). Fixed 5,000-row blocks of
# local-income-tax took 60-125 ms in one poll; fixed 1,000-row blocks made overtime-pay's 100,000 numeric rows
# a hundred messages and the window 1.3-1.5× the command line (5,000-row blocks measured 1.11×, so that stays
# the cap, and 10 ms blocks, 2,178 rows of 대사결과, still measured 1.27×). A block of up to ~25 ms, the poll's
# budget, gives overtime-pay its 5,000-row blocks back and local-income-tax's text-heavy result ~1,400 rows.
TRANSFER_BLOCK_US = 25_000
TEXT_CELL_US, OTHER_CELL_US = 1.5, 0.03
TRANSFER_MIN_ROWS, TRANSFER_MAX_ROWS = 500, 5_000


def transfer_rows(df: Any) -> int:
    """Rows per block for *df*: about ``TRANSFER_BLOCK_US`` of unpickling each."""
    text = sum(1 for dtype in df.dtypes if dtype.kind == "O")
    per_row = text * TEXT_CELL_US + (df.shape[1] - text) * OTHER_CELL_US
    if per_row <= 0:
        return TRANSFER_MAX_ROWS
    return int(min(TRANSFER_MAX_ROWS, max(TRANSFER_MIN_ROWS, TRANSFER_BLOCK_US / per_row)))


@dataclass
class RunReply:
    """A run's outcome as the window needs it (the read tables stay behind: they can be large)."""

    run_id: str | None
    status: RunStatus
    result: Any
    output: Path | None
    duration_s: float
    error: str | None
    blocks: dict[int, list[Any]] = field(default_factory=dict)  # result table index -> its rows, in blocks

    def split_for_transfer(self) -> tuple[RunReply, list[tuple[Any, Any]]]:
        """Result tables travel in blocks of rows, so the window never unpickles 100,000 rows in one go.

        The rule engine's sheets (``Result.rule_tables``: 찾은 건, 사람별 집계 …) do not travel at all: the workbook
        is written in the child, and the result page shows the task's own tables. They went along whole inside the
        reply, and at a million rows a side local-income-tax's (30,000 rows, 9.5 MB) made unpickling the reply
        one 81 ms turn of the window, its longest stall (benchmarks/gui_stall.py --trace, 2026-11-28). Each keeps its
        name and columns, with no rows."""
        parts: list[tuple[Any, Any]] = []
        if self.result is not None:
            for i, table in enumerate(self.result.tables):
                df = table.df
                step = transfer_rows(df)
                parts.extend((i, df.iloc[k : k + step]) for k in range(0, len(df), step))
                table.df = df.iloc[:0]
            for table in self.result.rule_tables:
                table.df = table.df.iloc[:0]
        return self, parts

    def join_after_transfer(self, parts: dict[Any, list[Any]]) -> None:
        self.blocks = {i: list(blocks) for i, blocks in parts.items()}


@dataclass(frozen=True)
class Step:
    """What the run session hands the window at a pause, and waits on: the check report or the send preview."""

    kind: str  # CHECK or PREVIEW
    value: Any = None
    error: str | None = None  # the preview could not be made (Korean sentence)


CHECK, PREVIEW, RUN = "check", "preview", "run"


def run_session(
    task_id: str,
    choices: Mapping[str, Any],
    params: Mapping[str, Any],
    progress: ProgressFn,
    cancel_event: threading.Event | Any,
    converse: Callable[[Any], Any],
    task: TaskSpec | None = None,
) -> Generator[Step, Any, RunReply]:
    """Prepare once, then: check report → (send preview →) run, each step on the window's command.

    Commands are ``(PREVIEW, params)`` (again as often as the clerk comes back to the page) and
    ``(RUN, (output_path, params, run_id))``, which ends the session with the run's reply; *run_id* is
    the history record the window created (``core.runner.begin_run``) before it sent the command, or
    None when the home cannot hold history (``execute`` then says so). The params travel
    with each command because a page between check and run may change one (a grant profile); the
    inputs are re-read only then (``core.runner.execute`` compares them). *task* is given only for
    a task outside the built-in list (it travels to the child by value); others are found by id.
    """
    from core.params import resolve_params
    from tasks import registry

    task = task or registry().get(task_id)
    prepared: Prepared | None = None
    report = CheckReport()
    read_as = file_identities(choices)  # taken before reading: a file saved during the read counts as changed
    try:
        resolved = resolve_params(task, params)
        prepared = prepare(task, choices, resolved, RunContext(progress=progress))
        report = check_report(prepared)
    except InputError as exc:
        report.error = str(exc)
    command = yield Step(CHECK, report)
    while True:
        kind, argument = command
        if prepared is not None and file_identities(choices) != read_as:
            # A file was saved again since the check read it: its tables are stale, read it again.
            read_as, prepared = file_identities(choices), None
            if kind == PREVIEW:
                prepared = prepare(task, choices, resolve_params(task, params), RunContext(progress=progress))
        if kind == PREVIEW:
            if prepared is not None and argument is not None and resolve_params(task, argument) != prepared.params:
                prepared = prepare(task, choices, resolve_params(task, argument), RunContext(progress=progress))
            command = yield _preview_step(task, prepared, progress)
        elif kind == RUN:
            output, run_params, run_id = argument
            return _run(task, choices, run_params, str(output), prepared, progress, cancel_event, converse, run_id)
        else:
            raise ValueError(f"unknown session command {kind!r}")


FileIdentity = tuple[str, int, int]  # path, size, modification time (ns)


def file_identities(choices: Mapping[str, Any]) -> list[FileIdentity]:
    """Every file the chosen inputs name (a folder: each file under it), as (path, size, mtime_ns).

    The run session reads the inputs at the check and runs on those tables; when the clerk saves an
    input again before [실행], this list differs and the run reads the files again. A file gone or
    unreadable counts as (path, -1, -1): the run's own read then says what is wrong."""
    paths: list[Path] = []
    for choice in choices.values():
        given = getattr(choice, "paths", None) or (choice,)
        paths.extend(Path(p) for p in given)
    found: list[FileIdentity] = []
    for path in paths:
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for member in members:
            try:
                st = member.stat()
                found.append((str(member), st.st_size, st.st_mtime_ns))
            except OSError:
                found.append((str(member), -1, -1))
    return found


def check_report(prepared: Prepared) -> CheckReport:
    """What the check page shows, from the prepared tables: rows read per input, bad rows and why."""
    report = CheckReport()
    for name, table in prepared.tables.items():
        report.inputs.append(
            InputReport(
                name,
                table.spec.title,
                table.file.name,
                table.sheet,
                table.header_row,
                len(table.df),
                table.bad_count,
                dict(table.skipped_rows),
                dict(table.columns),
            )
        )
        report.issue_count += len(table.issues)
        for it in table.issues[: max(0, MAX_ISSUES_SHOWN - len(report.issues))]:
            report.issues.append(
                IssueLine(table.spec.title, Path(it.file).name, it.sheet, it.row, it.column, it.value, it.reason)
            )
    if prepared.stop is not None:
        report.stops = True
        report.error = str(prepared.stop)
    return report


def _preview_step(task: TaskSpec, prepared: Prepared | None, progress: ProgressFn) -> Step:
    """For the confirm-send page: what would go out, from the task's declared preview. Sends nothing."""
    fn = task.preview
    if fn is None:
        return Step(PREVIEW, error=f"'{task.title}' 작업은 보내기 전 미리보기를 제공하지 않습니다.")
    if prepared is None or prepared.stop is not None:
        return Step(PREVIEW, error="입력 파일에 문제가 있어 보낼 내용을 만들 수 없습니다. [이전]에서 확인하십시오.")
    progress(0, 1, "보낼 내용 만드는 중")
    ctx = RunContext(progress=progress, dry_run=True)
    ctx.settings.declare(task.settings)  # as core.runner.execute does: the preview reads what the run reads
    try:
        return Step(PREVIEW, fn(prepared.tables, prepared.params, ctx))
    except HaengBotError as exc:
        return Step(PREVIEW, error=str(exc))


def _run(
    task: TaskSpec,
    choices: Mapping[str, Any],
    params: Mapping[str, Any],
    output: str,
    prepared: Prepared | None,
    progress: ProgressFn,
    cancel_event: threading.Event | Any,
    converse: Callable[[Any], Any],
    run_id: str | None = None,
) -> RunReply:
    """The run, in the child process, on the prepared tables. *run_id* is the history record the window
    created before it sent the RUN command (None when the home cannot hold history: ``execute`` then says so)."""
    from core.runner import execute

    ctx = RunContext(progress=progress, cancel_event=cancel_event, run_id=run_id, asker=converse)
    ctx.in_window = True  # AI text may go out only after the clerk approves it in the window (core/ai/approval.py)
    outcome = execute(task, choices, params, Path(output), ctx, prepared=prepared)
    error = str(outcome.error) if isinstance(outcome.error, HaengBotError) else None
    return RunReply(outcome.run_id, outcome.status, outcome.result, outcome.output, outcome.duration_s, error)
