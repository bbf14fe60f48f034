"""``python main.py store init`` and ``store status`` for department mode (issue 18), and
:func:`current_store`, the one way every window and command opens the store this PC uses.

``store init`` is run once by the 정보화 team as the database's owner role: it applies the numbered
migrations and, with ``--grant ROLE``, gives the clerks' role exactly what the app needs (read and write
the rows of its tables, use their identity sequences) and nothing else: no CREATE, no DROP, no ALTER.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from core.errors import InputError
from core.settings import Settings
from core.store_config import SETTING_URL, parse_store_url

if TYPE_CHECKING:
    from core.spec import TaskSpec
    from core.store import Store

EXIT_OK = 0


def current_store(settings: Settings | None = None) -> Store:
    """The store this PC uses now: the home's SQLite file, or the department's PostgreSQL when
    ``store.url`` is set (core.store_config.open_store). Settings are read afresh unless given: the
    settings dialog may just have pointed the PC at the shared store. A shared store that cannot be
    reached raises the Korean ``StoreUnavailable``; windows show it, the CLI exits 3 with it."""
    from core.store_config import open_store

    return open_store(settings if settings is not None else Settings())


def offline_reason(store: Store) -> str | None:
    """Why *store* is this PC's offline journal standing in for a shared store out of reach
    (core.store_offline.OfflineStore), or None for a real store."""
    reason = getattr(store, "offline_reason", None)
    return str(reason) if reason else None


def shared_store(settings: Settings | None = None) -> Store:
    """:func:`current_store`, but a shared store out of reach is the Korean ``StoreUnavailable`` rather than the
    offline journal: for the readers whose answer would be wrong from the journal alone (the department's
    ledger, the AI audit, ``store status``)."""
    from core.store import StoreUnavailable

    store = current_store(settings)
    reason = offline_reason(store)
    if reason:
        store.close()
        raise StoreUnavailable(reason)
    return store


def store_init(grant: str | None, out: TextIO) -> int:
    from psycopg import sql

    from core.store_pg import connect, latest_version, migrate, schema_version

    target = parse_store_url(str(Settings().get(SETTING_URL) or ""))
    if target is None:
        raise InputError(
            f"설정 {SETTING_URL}이 비어 있습니다. 공유 저장소 주소(소유자 계정)를 먼저 설정하십시오: "
            f"python main.py settings set {SETTING_URL} postgresql://소유자@서버:5432/haengbot"
        )
    with connect(target) as conn:
        applied = migrate(conn, target)
        if grant:
            role = sql.Identifier(grant)
            with conn.transaction():
                conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
                conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role))
                conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
        version = schema_version(conn)
    out.write(
        f"공유 저장소 {target.display()}: "
        + (f"{len(applied)}개 변경을 적용했습니다" if applied else "이미 최신입니다")
        + f" (스키마 {version}/{latest_version()}).\n"
    )
    if grant:
        out.write(f"'{grant}' 계정에 표 읽기·쓰기 권한을 주었습니다(표를 만들거나 지울 권한은 없습니다).\n")
    return EXIT_OK


def describe_store(settings: Settings | None = None) -> str:
    """One line: which store this PC uses (the status bar and ``store status`` say the same). No
    driver is imported and nothing is connected: the window shows it before its first paint."""
    target = parse_store_url(str((settings if settings is not None else Settings()).get(SETTING_URL) or ""))
    return f"공유 저장소: {target.display()}" if target else "이 PC의 저장소"


def store_status(out: TextIO) -> int:
    """``store status``: which store, its schema version, and for the shared store the server and the
    role this PC connects as (and whether that role may change tables: a clerk's should not)."""
    from core.store import migrations

    settings = Settings()
    out.write(f"저장소: {describe_store(settings)}\n")
    store = shared_store(settings)
    target = getattr(store, "target", None)
    if target is None:
        out.write(f"데이터베이스: {store.path}\n")
    else:
        row = (
            store.connect()
            .execute(
                "SELECT current_setting('server_version'), current_user, has_schema_privilege(current_user, 'public', 'CREATE')"
            )
            .fetchone()
        )
        out.write(f"서버: PostgreSQL {row[0]} ({target.host}:{target.port}, 데이터베이스 {target.dbname})\n")
        out.write(f"접속 계정: {row[1]} ({'표를 만들고 고칠 수 있음' if row[2] else '표 읽기·쓰기만'})\n")
    out.write(f"스키마: {store.schema_version()}/{max(n for n, _, _ in migrations())}\n")
    if store.read_only_reason:
        out.write(f"쓰기 불가: {store.read_only_reason}\n")
    if target is not None:  # a moved-aside file is this PC's SQLite matter, not the shared store's
        return EXIT_OK
    pending = store.pending_recoveries()
    out.write(
        f"손상되어 옮긴 파일(발송 멈춤): {', '.join(pending)}\n"
        if pending
        else "손상되어 옮긴 뒤 확인을 기다리는 파일은 없습니다.\n"
    )
    return EXIT_OK


def print_history(
    tasks: Iterable[TaskSpec],
    out: TextIO,
    *,
    task: str | None = None,
    clerk: str | None = None,
    limit: int = 50,
    as_json: bool = False,
) -> int:
    """``history [--task T] [--clerk C]``: the runs, newest first, with who ran each, on which PC, and where
    its result file is ("who ran the 초과근무 대사 for March, and where is the file?")."""
    titles = {t.id: t.title for t in tasks}
    if task and task not in titles:
        raise InputError(f"'{task}' 작업이 없습니다. 작업 id는 'python main.py list'로 봅니다.")
    if limit < 1:
        raise InputError("--limit은 1 이상이어야 합니다.")
    store = current_store()
    runs = store.runs(task=task, limit=limit, clerk=clerk)
    reason = offline_reason(store)
    if reason and not as_json:  # the server is out of reach: what this PC keeps until it can upload
        out.write(f"※ {reason} 이 PC에 보관 중인(아직 올리지 않은) 실행 기록만 보입니다.\n")
    if as_json:
        rows = [
            {"id": r.id, "task": r.task, "task_title": titles.get(r.task, r.task), "started_at": r.started_at,
             "status": str(r.status), "clerk": r.clerk, "host": r.host, "output": r.output_path, "message": r.message}
            for r in runs
        ]  # fmt: skip
        out.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not runs:
        out.write("조건에 맞는 실행 기록이 없습니다.\n")
        return EXIT_OK
    out.write("시작 시각\t작업\t담당자\tPC\t상태\t결과 파일\n")
    for r in runs:
        when = r.started_at[:16].replace("T", " ")
        out.write(
            f"{when}\t{titles.get(r.task, r.task)}\t{r.clerk or '-'}\t{r.host or '-'}\t{r.status.label}\t{r.output_path or ''}\n"
        )
    return EXIT_OK
