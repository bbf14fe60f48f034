"""Running a saved profile, by hand (``run --profile``) or for the OS scheduler (``--scheduled``).

A scheduled run never waits for a person: it has no asker, so a question ends it (exit 3) with a
Korean reason. A sending task sends only when its profile says so and the clerk confirmed sending
when the schedule was made; otherwise it runs as a dry run. The runner takes the run lock for a
sending run (a second run stops with exit 3, core/runlock.py). A scheduled start whose slot already
has a run (a caught-up run after a missed day, the @reboot catch-up line, a second trigger) is
skipped, so a missed run is caught up once, not once per missed day.

Every run is in history with its profile and who started it, and inputs_json holds the file each
``newest:`` input resolved to; a run that stops before it starts (no file in the folder) is
recorded too, so the next morning's banner shows it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from core.context import RunContext
from core.documents import DocumentChoice
from core.errors import HaengBotError, InputError
from core.params import show_value
from core.paths import default_output_dir
from core.profiles import Profile
from core.registry import Registry
from core.runstatus import RunStatus
from core.store import Store, now_iso
from core.store_cli import current_store

if (
    TYPE_CHECKING
):  # core.runner brings pandas and xlsxwriter: the window's schedule banner imports this module before its first paint
    from core.runner import RunOutcome

SCHEDULED = "scheduled"
BY_PROFILE = "profile"
STATUS_EXIT = {RunStatus.DONE: 0, RunStatus.BAD_INPUT: 2, RunStatus.FAILED: 3, RunStatus.CANCELLED: 130}
# Outcomes the banner puts first.
FAILURES = (RunStatus.FAILED, RunStatus.BAD_INPUT, RunStatus.CANCELLED)


def slot_already_run(store: Store, profile: Profile, now: dt.datetime) -> dt.datetime | None:
    """The slot (the latest due time ≤ now) when a scheduled run of *profile* started at or after it."""
    if profile.schedule is None:
        return None
    slot = profile.schedule.last_slot(now)
    if slot is None:
        return None
    rows = (
        store.connect()
        .execute("SELECT started_at FROM runs WHERE profile = ? AND started_by = ?", (profile.name, SCHEDULED))
        .fetchall()
    )
    for row in rows:
        started = dt.datetime.fromisoformat(row[0]).replace(tzinfo=None)
        if started >= slot:
            return slot
    return None


def _mark(store: Store, run_id: str, profile: Profile, started_by: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "UPDATE runs SET profile = ?, started_by = ?, sources_json = ? WHERE id = ?",
            (profile.name, started_by, json.dumps({k: v.text() for k, v in profile.inputs.items()}, ensure_ascii=False), run_id),
        )


@dataclass
class ProfileRun:
    code: int
    outcome: RunOutcome | None
    skipped: bool = False


def run_profile(
    profile: Profile,
    registry: Registry,
    err: TextIO,
    *,
    scheduled: bool,
    catch_up: bool = False,
    now: dt.datetime | None = None,
    store: Store | None = None,
    progress: Any = None,
) -> ProfileRun:
    """Run *profile* once; the exit code as the CLI returns it."""
    from core.runner import InputChoice, begin_run, execute

    now = now or dt.datetime.now()
    store = store or current_store()  # store.url: a shared store records the run for the department
    task = registry.get(profile.task)
    started_by = SCHEDULED if scheduled else BY_PROFILE
    if scheduled or catch_up:
        if profile.paused:
            err.write(f"프로필 '{profile.name}'의 예약은 일시 중지되어 있어 실행하지 않았습니다.\n")
            return ProfileRun(0, None, skipped=True)
        slot = slot_already_run(store, profile, now)
        if slot is not None:
            err.write(f"{slot:%Y-%m-%d %H:%M} 예약분은 이미 실행했습니다. 다시 실행하지 않습니다.\n")
            return ProfileRun(0, None, skipped=True)
        if catch_up and profile.schedule is not None and profile.schedule.last_slot(now) is None:
            return ProfileRun(0, None, skipped=True)
    shown = {k: show_value(v) for k, v in profile.params.items()}
    documents = {d.name for d in task.documents}
    try:
        inputs: dict[str, InputChoice | DocumentChoice] = {}
        for name, source in profile.inputs.items():
            path = source.resolve(name, profile.name)
            inputs[name] = (
                DocumentChoice((path,))
                if name in documents
                else InputChoice(path, profile.sheets.get(name), dict(profile.mappings.get(name, {})))
            )
    except InputError as exc:
        run_id = store.start_run(task.id, shown, {k: v.text() for k, v in profile.inputs.items()})
        _mark(store, run_id, profile, started_by)
        store.finish_run(run_id, RunStatus.BAD_INPUT, duration_s=0.0, message=str(exc))
        err.write(f"입력 오류: {exc}\n결과 파일은 만들지 않았습니다.\n")
        return ProfileRun(2, None)
    dry_run = task.sends_messages and not (profile.send and (profile.send_confirmed_at or not scheduled))
    if task.sends_messages and dry_run:
        err.write("이 프로필은 발송하지 않도록 저장되어 있어 시험 실행(보내지 않음)으로 실행합니다.\n")
    run_id = begin_run(store, task, shown, inputs)
    _mark(store, run_id, profile, started_by)
    output = profile.output_path(now, default_output_dir())
    output.parent.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(progress=progress, cancel_event=threading.Event(), dry_run=dry_run, asker=None, run_id=run_id, store=store)
    outcome = execute(task, inputs, dict(profile.params), output, ctx)
    code = STATUS_EXIT[outcome.status]
    if outcome.status == RunStatus.DONE:
        err.write(f"완료: {outcome.output} ({outcome.duration_s:.1f}초)\n")
        for name, choice in inputs.items():
            if profile.inputs[name].folder is not None:
                err.write(f"  입력 {name}: {choice.path.name} (가장 최근 파일)\n")
    else:
        label = {RunStatus.CANCELLED: "취소됨", RunStatus.BAD_INPUT: "입력 오류", RunStatus.FAILED: "실패"}[outcome.status]
        err.write(f"{label}: {outcome.error}\n")
    return ProfileRun(code, outcome)


# ---------------------------------------------------------------------------- what the clerk sees next
@dataclass(frozen=True)
class ScheduledRun:
    run_id: str
    task: str
    profile: str
    started_at: str
    status: RunStatus
    output_path: str | None
    message: str | None


def unseen_scheduled_runs(store: Store) -> list[ScheduledRun]:
    """Scheduled runs of this PC finished since the clerk last looked, failures first, newest first within
    each. This PC's only: on a shared store the other PCs' scheduled runs are their clerks' to see (runs
    from before migration 0010 have no host and count as this PC's)."""
    from core.runlock_pg import this_pc

    rows = (
        store.connect()
        .execute(
            "SELECT id, task, profile, started_at, status, output_path, message FROM runs "
            "WHERE started_by = ? AND seen_at IS NULL AND status != ? AND host IN (?, '') "
            "ORDER BY started_at DESC, rowid DESC",
            (SCHEDULED, RunStatus.RUNNING, this_pc()[0]),
        )
        .fetchall()
    )
    runs = [ScheduledRun(r[0], r[1], r[2] or "", r[3], RunStatus(r[4]), r[5], r[6]) for r in rows]
    return [r for r in runs if r.status in FAILURES] + [r for r in runs if r.status not in FAILURES]


def mark_seen(store: Store, run_ids: list[str]) -> None:
    if not run_ids:
        return
    with store.transaction() as conn:
        conn.executemany("UPDATE runs SET seen_at = ? WHERE id = ?", [(now_iso(), i) for i in run_ids])


def scheduled_ids(store: Store) -> set[str]:
    """Ids of runs the OS scheduler started (the history marks them)."""
    try:
        rows = store.connect().execute("SELECT id FROM runs WHERE started_by = ?", (SCHEDULED,)).fetchall()
    except (HaengBotError, sqlite3.OperationalError):  # a read-only home with an older schema
        return set()
    return {r[0] for r in rows}


def last_run(store: Store, profile: str) -> ScheduledRun | None:
    row = (
        store.connect()
        .execute(
            "SELECT id, task, profile, started_at, status, output_path, message FROM runs WHERE profile = ? "
            "ORDER BY started_at DESC, rowid DESC LIMIT 1",
            (profile,),
        )
        .fetchone()
    )
    return ScheduledRun(row[0], row[1], row[2] or "", row[3], RunStatus(row[4]), row[5], row[6]) if row else None
