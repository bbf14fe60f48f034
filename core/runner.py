"""One run, the same for the CLI and the GUI: read → check → run → write atomically → record."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from core import __version__
from core.artifacts import ArtifactSink, check_targets
from core.context import RunContext
from core.documents import DocumentChoice, DocumentSet, describe_paths, gather, split_inputs
from core.errors import Cancelled, HaengBotError, InputError, RunFailed
from core.korean import particle
from core.logs import get_logger
from core.notify.labels import ACCEPTED, IN_DOUBT_KO
from core.params import resolve_params, show_value
from core.paths import os_reason
from core.prepare import GivenInput, Prepared, as_choice, prepare
from core.prepare import InputChoice as InputChoice
from core.prepare import apply_validation as apply_validation  # re-exported: tests read through them
from core.prepare import enforce_policy as enforce_policy
from core.prepare import load_inputs as load_inputs
from core.reader import Issue, Table
from core.result import INT, Result, ResultTable
from core.runlock import RunLock
from core.runlock_pg import PgRunLock
from core.runstatus import RunStatus
from core.spec import TaskSpec
from core.writer import TMP_SUFFIX, InfoRow, write_workbook

if TYPE_CHECKING:
    from core.store import Store

log = get_logger("runner")

ERROR_SHEET = "오류행"


@dataclass
class RunOutcome:
    run_id: str | None
    status: RunStatus
    result: Result | None = None
    output: Path | None = None
    duration_s: float = 0.0
    error: HaengBotError | None = None
    tables: dict[str, Table] = field(default_factory=dict)


def _same_file(a: Path, b: Path) -> bool:
    """Same file, also through a symlink or a hard link (st_dev + st_ino), or the same path if *a* is new."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())
        except OSError:
            return False


def check_output(output: Path, inputs: Mapping[str, GivenInput]) -> None:
    """Before anything is read, sent or written: can the result be written where the clerk asked?

    Issue 10: with ``--output`` pointing at a folder, 13 SMS went out and then the run failed with
    no workbook; ``--output 예시/records.xlsx`` replaced the clerk's own input. Both are bad
    arguments (exit 2) and are refused here, before any side effect.
    """
    for name, source in given_paths(inputs):
        if _same_file(output, source):
            raise InputError(
                f"결과 파일 '{output}'{particle(output.name, '이/가')} 입력 파일 '{source.name}'({name})과 같은 파일입니다. "
                "원본을 덮어쓰지 않도록 결과 파일 이름을 다르게 지정하십시오."
            )
    if output.is_dir():
        raise InputError(
            f"결과 파일 자리에 폴더 '{output}'{particle(output.name, '이/가')} 지정되었습니다. 폴더 안의 파일 이름까지 지정하십시오"
            f"(예: {output / '결과.xlsx'})."
        )
    folder = output.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(
            f"결과 폴더 '{folder}'{particle(folder.name, '을/를')} 만들 수 없습니다: '{existing}'{particle(existing.name, '은/는')} 폴더가 아니라 파일입니다."
        )
    if existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise InputError(
                f"결과 폴더 '{folder}'{particle(folder.name, '을/를')} 만들 수 없습니다: '{existing}'에 쓸 권한이 없습니다."
            )
        return
    try:  # a real probe: os.access is blind to read-only mounts, ACLs and a root user
        fd, probe = tempfile.mkstemp(prefix=f".{output.stem}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"결과 폴더 '{folder}'에 파일을 쓸 수 없습니다({exc.strerror or type(exc).__name__}). 다른 폴더를 지정하십시오."
        ) from None
    if sys.platform == "win32" and output.exists():  # open in Excel, or read-only: the rename would fail at the end
        try:
            with open(output, "r+b"):
                pass
        except OSError:
            raise InputError(
                f"결과 파일 '{output.name}'에 쓸 수 없습니다. 엑셀에서 열려 있다면 닫고, 읽기 전용이면 해제한 뒤 다시 실행하십시오."
            ) from None


def given_paths(inputs: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """(input name, path) for every path given, a document input's several files included."""
    out: list[tuple[str, Path]] = []
    for name, given in inputs.items():
        if isinstance(given, DocumentChoice):
            out.extend((name, path) for path in given.paths)
        else:
            out.append((name, as_choice(given).path))
    return out


def delivered_count(result: Result) -> tuple[int, str]:
    """How many messages this run handed over (accepted, or possibly accepted), and what to call them."""
    count, texts = 0, True
    for m in result.messages:
        if isinstance(m.get("sent"), int) and not isinstance(m.get("sent"), bool):
            count += m["sent"]
            texts = False
        elif m.get("status") in (ACCEPTED, IN_DOUBT_KO):
            count += 1
            texts = texts and m.get("kind") in ("SMS", "LMS", "MMS")
    return count, "문자" if texts else "메시지"


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
        for part in table.parts if len(table.parts) > 1 else ():  # a multiple input: each file it was read from
            rows.append(InfoRow(f"    파일 {part.file.name}", f"{len(part.df):,}행, SHA-256 {part.sha256}", exact=True))
        rows.append(InfoRow("    시트 / 머리글 행", f"{table.sheet or '(CSV)'} / {table.header_row}행"))
        if table.encoding:
            rows.append(InfoRow("    인코딩", table.encoding))
        rows.append(InfoRow("    읽은 행 / 오류행", f"{len(table.df):,} / {table.bad_count:,}"))
        skipped = ", ".join(f"{k} {v}" for k, v in table.skipped_rows.items())
        if skipped:
            rows.append(InfoRow("    건너뛴 행", skipped))
        rows.append(InfoRow("    열 연결", ", ".join(f"{k}←{v}" for k, v in table.columns.items())))
        rows.append(InfoRow("    SHA-256", table.sha256, exact=True))
    return rows


def execute(
    task: TaskSpec,
    inputs: Mapping[str, GivenInput],
    params: Mapping[str, Any],
    output: Path | str,
    ctx: RunContext,
    *,
    record: bool = True,
    prepared: Prepared | None = None,
) -> RunOutcome:
    """Run *task* end to end. Never raises for a clerk's error: the outcome carries it.

    *prepared* is the window's check step, already done on these inputs and params in this process
    (``core.prepare``): the run reuses its tables instead of parsing the files again. Whatever the
    ending, the closers the task registered (``ctx.on_close``) run before this returns.
    """
    started_wall = dt.datetime.now()
    started = time.monotonic()
    output = Path(output)
    run_id: str | None = None
    tables: dict[str, Table] = {}
    resolved: dict[str, Any] = {}
    lock: RunLock | PgRunLock | None = None
    notices: list[str] = []
    artifacts = ArtifactSink(output, task.artifacts) if task.artifacts else None
    finished = False
    try:
        resolved = resolve_params(task, params)
        table_inputs, document_inputs = split_inputs(task, inputs)
        inputs = {**table_inputs, **document_inputs}
        ctx.settings.declare(task.settings)  # the task's own settings, declared on its spec
        if record:
            notices = _adopt_or_start_history(ctx, task, resolved, inputs)
            run_id = ctx.run_id
            if run_id is None:
                record = False
        log.info("run %s start: %s", run_id, task.id)
        check_output(output, inputs)
        if artifacts is not None:
            members = [(n, p) for n, c in document_inputs.items() for p in gather(task.document(n), c)]
            check_targets(task.artifacts, output, given_paths(table_inputs) + members)
            ctx.artifacts = artifacts
        if task.sends_messages and not ctx.dry_run:
            _refuse_unsafe_store(ctx)
            _refuse_after_recovery(ctx)
            lock = _take_run_lock(ctx, task, run_id)
        if prepared is None or prepared.task.id != task.id or prepared.params != resolved:
            prepared = prepare(task, inputs, resolved, ctx)
        tables = prepared.tables
        if prepared.stop is not None:
            raise prepared.stop
        documents = prepared.documents
        ctx.progress(0, 1, "계산하는 중")
        result = task.run({**tables, **documents}, resolved, ctx)
        delivered, what = delivered_count(result)
        missing = artifacts.missing() if artifacts is not None else []
        if missing and not delivered:
            raise RunFailed(
                f"작업이 결과 문서 '{missing[0].title}'{particle(missing[0].title, '을/를')} 만들지 않았습니다. 담당자에게 알려 주십시오."
            )

        def report(message: str, done: int = 0) -> None:
            """Progress; once messages are out, the workbook is their record and a late cancel no longer drops it."""
            try:
                ctx.progress(done, 1, message)
            except Cancelled:
                if not delivered:
                    raise

        if not delivered:
            ctx.check_cancelled()
        result.warnings.extend(notices)
        report("결과 파일 쓰는 중")
        errors = error_table(tables) if task.inputs else None  # a task that reads no file has no 오류행
        duration = time.monotonic() - started

        def commit() -> None:
            """The last cancel check, then the artifacts in place just before the workbook itself."""
            if not delivered:
                ctx.check_cancelled()
            if artifacts is not None:
                artifacts.commit()

        try:
            write_workbook(
                output,
                result,
                error_table=errors,
                info=run_info(task, resolved, tables, started_wall, duration, run_id)
                + document_info(documents)
                + artifact_info(artifacts)
                + task_info(result),
                progress=report,
                before_commit=commit,
            )
        except Exception as exc:
            if not delivered:
                raise
            log.exception("run %s: result not written after sending", run_id)
            why = str(exc) if isinstance(exc, HaengBotError) else f"{type(exc).__name__}"
            error = RunFailed(
                f"{what} {delivered:,}건은 발송했지만 결과 파일을 쓰지 못했습니다: {why}. 보낸 내역은 발송 장부에 남아 "
                "있어 다시 실행해도 같은 문자를 다시 보내지 않습니다."
            )
            duration = time.monotonic() - started
            if record and run_id:
                _record_end(ctx, run_id, RunStatus.FAILED, summary=result.summary_dict(), duration_s=duration, message=str(error))
            return RunOutcome(run_id, RunStatus.FAILED, result, None, duration, error, tables)
        duration = time.monotonic() - started
        if artifacts is not None:
            result.artifacts = artifacts.committed
        finished = True
        if record and run_id:
            summary = result.summary_dict()
            if errors is not None:
                summary["오류행"] = len(errors.df)
            _record_end(ctx, run_id, RunStatus.DONE, summary=summary, output_path=str(output), duration_s=duration)
        log.info("run %s done in %.1fs -> %s", run_id, duration, output.name)
        report("완료", 1)
        return RunOutcome(run_id, RunStatus.DONE, result, output, duration, tables=tables)
    except Cancelled as exc:
        return _finish(ctx, run_id, RunStatus.CANCELLED, exc, started, tables, record)
    except InputError as exc:
        return _finish(ctx, run_id, RunStatus.BAD_INPUT, exc, started, tables, record)
    except HaengBotError as exc:
        return _finish(ctx, run_id, RunStatus.FAILED, exc, started, tables, record)
    except Exception as exc:  # a bug: logged with its traceback, shown to the clerk as one sentence
        unwritable = _store_unwritable(ctx, exc)
        if unwritable is not None:  # a task writing through its own connection to a read-only home
            return _finish(ctx, run_id, RunStatus.FAILED, unwritable, started, tables, record)
        log.exception("run %s crashed", run_id)
        crash = HaengBotError(
            f"예상하지 못한 오류로 작업을 마치지 못했습니다({type(exc).__name__}). 로그 파일을 담당자에게 보내 주십시오."
        )
        return _finish(ctx, run_id, RunStatus.FAILED, crash, started, tables, record)
    finally:
        ctx.close()
        if artifacts is not None and not finished:
            artifacts.discard()  # a failed or cancelled run leaves no document behind
        if lock is not None:
            lock.release()


def task_info(result: Result) -> list[InfoRow]:
    """The task's own 실행정보 rows (``Result.info``) under one heading."""
    if not result.info:
        return []
    return [InfoRow("■ 작업 정보", ""), *(InfoRow(f"  {label}", value) for label, value in result.info)]


def document_info(documents: Mapping[str, DocumentSet]) -> list[InfoRow]:
    """실행정보 rows for the document inputs: each set, then each file with its SHA-256."""
    if not documents:
        return []
    rows = [InfoRow("■ 입력 문서", "")]
    for docs in documents.values():
        rows.append(InfoRow(f"  {docs.spec.title} ({docs.spec.name})", _set_place(docs)))
        rows.extend(InfoRow(f"    {doc.name}", doc.sha256, exact=True) for doc in docs)
    return rows


def _set_place(docs: DocumentSet) -> str:
    return f"{docs.source} (폴더, {len(docs)}개)" if docs.source is not None else f"{len(docs)}개"


def artifact_info(artifacts: ArtifactSink | None) -> list[InfoRow]:
    """실행정보 rows for the artifacts about to be renamed into place, each with its SHA-256."""
    if artifacts is None or not artifacts.pending():
        return []
    rows = [InfoRow("■ 결과 문서", "")]
    for item in artifacts.pending():
        rows.append(InfoRow(f"  {item.title} ({item.name})", item.path.name))
        rows.append(InfoRow("    SHA-256", item.sha256, exact=True))
    return rows


def begin_run(store: Store, task: TaskSpec, resolved: Mapping[str, Any], inputs: Mapping[str, GivenInput]) -> str:
    """The run's history record, 'running', with its params as a clerk reads them and its input files.

    The window calls this in its own process before it starts the run's child process, and hands the
    id over: the process that finishes the record (it outlives a child that is killed) also creates it.
    The CLI, one process, calls it through ``execute``. Raises ``StoreUnavailable`` for a home that
    cannot hold history.
    """
    shown = {k: show_value(v) for k, v in resolved.items()}
    table_inputs, document_inputs = split_inputs(task, inputs)
    files = {k: str(as_choice(v).path) for k, v in table_inputs.items()}
    files.update({k: describe_paths(v) for k, v in document_inputs.items()})  # every path of a document input
    return store.start_run(task.id, shown, files)


def _adopt_or_start_history(
    ctx: RunContext, task: TaskSpec, resolved: Mapping[str, Any], inputs: Mapping[str, GivenInput]
) -> list[str]:
    """The window opened the run's record before it started this process (``begin_run``): carry on with
    it. Otherwise (the CLI, or a context whose run id only names the run for the ledger) open one now."""
    from core.store import StoreUnavailable

    if ctx.run_id is not None:
        try:
            record = ctx.store.run(ctx.run_id)
        except StoreUnavailable:
            record = None
        if record is not None and record.task == task.id and record.status == RunStatus.RUNNING:
            return ctx.store.take_notices()
    return _start_history(ctx, task, resolved, inputs)


def _start_history(ctx: RunContext, task: TaskSpec, resolved: Mapping[str, Any], inputs: Mapping[str, GivenInput]) -> list[str]:
    """Record the start in run history. A home that cannot hold it (read-only, broken) costs the
    history, not the run: the warning says so and tasks that need the ledger stop when they reach it."""
    from core.store import StoreUnavailable

    try:
        ctx.run_id = begin_run(ctx.store, task, resolved, inputs)
    except StoreUnavailable as exc:
        log.warning("run history skipped: %s", exc)
        ctx.run_id = None
        return [f"실행 기록을 남기지 못했습니다(결과 파일은 만듭니다). {exc}"]
    return ctx.store.take_notices()


def _refuse_unsafe_store(ctx: RunContext) -> None:
    """Department mode (issue 18), before anything is read or claimed: a shared store that is out of reach
    (the offline journal), or a PC without the department's ``store-hmac-key``, cannot promise exactly once.
    The store says why in Korean (``target_key``); the SQLite store has no such check."""
    check = getattr(ctx.store, "target_key", None)
    if callable(check):
        check()


def _refuse_after_recovery(ctx: RunContext) -> None:
    """A database moved aside took the notification ledger with it: sending now could text people
    twice. Stop before anything goes out until someone accepts (``store accept-recovery``)."""
    from core.store import StoreUnavailable

    try:
        moved = ctx.store.pending_recoveries()
    except StoreUnavailable:
        return  # a read-only home: the ledger itself stops the run when it is reached
    if moved:
        raise RunFailed(
            f"실행 기록 데이터베이스가 손상되어 {', '.join(moved)}{particle(moved[-1], '으로/로')} 옮겨졌습니다. 새 데이터베이스에는 지난 발송 "
            "기록이 없어, 지금 보내면 이미 받은 분께 다시 갈 수 있으므로 보내지 않았습니다.\n"
            "  → 옮긴 파일을 담당자가 확인한 뒤 'python main.py store accept-recovery'를 실행하면 다시 보낼 수 "
            "있습니다. 시험 실행(--dry-run)은 지금도 됩니다."
        )


def _take_run_lock(ctx: RunContext, task: TaskSpec, run_id: str | None) -> RunLock | PgRunLock:
    """The per-task run lock lives in the home: a home we cannot write stops a sending run in Korean (exit 3).
    On a department's shared store it is an advisory lock on the server (issue 18: core/runlock_pg.py)."""
    from core.store import StoreUnavailable
    from core.store_config import SETTING_LOCK_WAIT
    from core.store_pg import PgStore

    if isinstance(ctx.store, PgStore):
        shared = PgRunLock(ctx.store.target, task.id, task.title)
        return shared.acquire(run_id, wait_s=float(ctx.settings.get(SETTING_LOCK_WAIT)))

    lock = RunLock(Path(ctx.store.path).parent, task.id, task.title)
    try:
        lock.acquire(run_id)
    except OSError as exc:
        reason = getattr(getattr(ctx, "_store", None), "read_only_reason", None)
        if reason:
            raise StoreUnavailable(reason) from None
        raise RunFailed(
            f"실행 잠금 파일을 만들 수 없어 보내지 않았습니다({os_reason(exc)}). 폴더: {Path(ctx.store.path).parent}"
        ) from None
    return lock


def _record_end(ctx: RunContext, run_id: str, status: RunStatus, **fields: Any) -> None:
    """The run's end in history. A store lost by then (a shared server restarted mid-run) costs the record,
    never a traceback: the outcome already carries what the clerk must read."""
    from core.store import StoreUnavailable

    try:
        ctx.store.finish_run(run_id, status, **fields)
    except StoreUnavailable as exc:
        log.warning("run %s: end not recorded: %s", run_id, exc)


def _store_unwritable(ctx: RunContext, exc: Exception) -> HaengBotError | None:
    from core.store import StoreUnavailable

    store = getattr(ctx, "_store", None)  # never opened here just to ask
    reason = getattr(store, "read_only_reason", None)
    if isinstance(exc, sqlite3.OperationalError) and reason:
        return StoreUnavailable(reason)
    return None


def _finish(
    ctx: RunContext,
    run_id: str | None,
    status: RunStatus,
    error: HaengBotError,
    started: float,
    tables: dict[str, Table],
    record: bool,
) -> RunOutcome:
    duration = time.monotonic() - started
    log.info("run %s %s: %s", run_id, status, error)
    if record and run_id:
        _record_end(ctx, run_id, status, duration_s=duration, message=str(error))
    return RunOutcome(run_id, status, None, None, duration, error, tables)
