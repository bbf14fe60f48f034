"""``main.py --self-test``: the program, from source or frozen, proves it is whole before a clerk relies on it.

Each check prints one Korean line — 통과, 주의 (works, with a limit the clerk should know) or 실패 — and
the exit code is 0 only if nothing failed. The same lines go to ``<home>/selftest.txt``, because a
windowed Windows build has no console to print to.

``core`` knows no task and no Qt: the application (``selftest_app.py``, called by ``main.py``) passes in
the task list, the task to run on its samples and the GUI's Qt check. Nothing here is imported by name:
the libraries are import statements, so a frozen build's analysis sees them as well.
A Linux machine without a Secret Service is a warning, not a failure: every task that needs no
credential still works there, and unattended runs take secrets from ``HAENGBOT_SECRET_<ID>``.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core import APP_NAME, APP_TITLE, __version__
from core.runstatus import RunStatus

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

    from core.spec import TaskSpec

QtCheck = Callable[[], tuple[str, str]]  # () -> (PASS/WARN/FAIL, Korean detail)

PASS, WARN, FAIL = "통과", "주의", "실패"
REPORT_NAME = "selftest.txt"


@dataclass
class Check:
    name: str
    status: str
    detail: str


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _libraries() -> tuple[Any, ...]:
    """Third-party modules the engine imports lazily somewhere; a frozen build that misses one fails late."""
    import sqlite3
    import ssl

    import holidays
    import keyring
    import numpy
    import openpyxl
    import pandas
    import platformdirs
    import python_calamine
    import requests
    import tomli_w
    import truststore
    import xlrd
    import xlsxwriter

    loaded = (numpy, pandas, openpyxl, python_calamine, xlsxwriter, xlrd, keyring, requests, truststore, holidays)
    return (*loaded, platformdirs, tomli_w, sqlite3, ssl)


def _engine() -> tuple[Any, ...]:
    import core.cli
    import core.credentials
    import core.http
    import core.logs
    import core.reader
    import core.runner
    import core.settings
    import core.store
    import core.writer

    return (core.cli, core.runner, core.reader, core.writer, core.store, core.settings, core.http, core.credentials, core.logs)


def check_imports(load_tasks: Callable[[], Sized] | None) -> Check:
    """Every library, the engine and every task's declaration load. *load_tasks* returns the task list."""
    failed = []
    count = 0
    for what, load in (("라이브러리", _libraries), ("엔진", _engine), ("작업 목록", load_tasks)):
        if load is None:
            continue
        try:
            count += len(load())
        except Exception as exc:
            missing = exc.name if isinstance(exc, ImportError) and exc.name else what
            failed.append(f"{missing} ({_error(exc)})")
    if failed:
        return Check("구성 요소 불러오기", FAIL, "불러오지 못한 모듈: " + ", ".join(failed))
    import pandas

    return Check("구성 요소 불러오기", PASS, f"모듈·작업 {count}개 (pandas {pandas.__version__})")


def check_qt(qt_check: QtCheck | None) -> Check:
    if qt_check is None:
        return Check("Qt 화면 플러그인", WARN, "화면 점검을 건너뛰었습니다.")
    try:
        status, detail = qt_check()
    except Exception as exc:
        return Check("Qt 화면 플러그인", FAIL, f"화면 구성 요소(Qt)를 불러오지 못했습니다: {_error(exc)}")
    return Check("Qt 화면 플러그인", status, detail)


def _child_echo(answers: Queue[str], token: str) -> None:
    answers.put(token)


def check_child_process() -> Check:
    """The GUI runs big jobs in a spawned child; a frozen build without freeze_support would relaunch itself."""
    name = "백그라운드 실행(자식 프로세스)"
    try:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        answers = context.Queue()
        token = uuid.uuid4().hex
        child = context.Process(target=_child_echo, args=(answers, token), name="haengbot-selftest", daemon=True)
        started = time.monotonic()
        child.start()
        got = answers.get(timeout=60)
        child.join(10)
        seconds = time.monotonic() - started
    except Exception as exc:
        return Check(name, FAIL, f"작업용 자식 프로세스를 띄우지 못했습니다: {_error(exc)}")
    if got != token or child.exitcode != 0:
        return Check(name, FAIL, f"작업용 자식 프로세스가 제대로 끝나지 않았습니다(종료 코드 {child.exitcode}).")
    return Check(name, PASS, f"시작·응답·종료 {seconds:.1f}초")


def check_keyring() -> Check:
    name = "비밀번호 저장소(키링)"
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:
        return Check(name, FAIL, f"키링을 불러오지 못했습니다: {_error(exc)}")
    kind = f"{type(backend).__module__}.{type(backend).__name__}"
    if "keyrings.alt" in kind or "Plaintext" in kind:
        return Check(name, FAIL, f"비밀번호를 평문 파일에 쓰는 키링({kind})이 들어 있습니다. 배포본에서 빼야 합니다.")
    if sys.platform == "win32":
        if type(backend).__name__ != "WinVaultKeyring":
            return Check(name, FAIL, f"Windows 자격 증명 관리자를 찾지 못했습니다(찾은 것: {kind}).")
        # Round trip under a separate service name, so the clerk's own HaengBot entries are never touched.
        service, user, value = f"{APP_NAME}-selftest", uuid.uuid4().hex, uuid.uuid4().hex
        try:
            keyring.set_password(service, user, value)
            read = keyring.get_password(service, user)
            keyring.delete_password(service, user)
        except Exception as exc:
            return Check(name, FAIL, f"Windows 자격 증명 관리자에 저장·읽기를 하지 못했습니다: {type(exc).__name__}")
        if read != value:
            return Check(name, FAIL, "Windows 자격 증명 관리자에 저장한 값을 되읽지 못했습니다.")
        return Check(name, PASS, f"Windows 자격 증명 관리자 ({kind}), 저장·읽기·삭제 확인")
    if isinstance(backend, fail.Keyring) or kind.endswith("null.Keyring"):
        return Check(
            name,
            WARN,
            "이 컴퓨터에는 비밀번호 저장소(Secret Service 등)가 없습니다. 인증 정보가 필요 없는 작업은 "
            "그대로 되고, 무인 실행은 환경 변수 HAENGBOT_SECRET_<이름>으로 값을 넘길 수 있습니다.",
        )
    return Check(name, PASS, kind)


def check_home() -> Check:
    name = "데이터 폴더 쓰기"
    try:
        from core.paths import app_home

        home = app_home()
        probe = home / f".selftest-{uuid.uuid4().hex}.tmp"
        probe.write_text("행봇 쓰기 점검", encoding="utf-8")
        ok = probe.read_text(encoding="utf-8") == "행봇 쓰기 점검"
        probe.unlink()
    except Exception as exc:
        return Check(name, FAIL, f"행봇 데이터 폴더에 쓸 수 없습니다: {_error(exc)}")
    if not ok:
        return Check(name, FAIL, f"행봇 데이터 폴더에 쓴 내용을 되읽지 못했습니다: {home}")
    return Check(name, PASS, str(home))


def check_xlsx(tmp: Path) -> Check:
    name = "엑셀 파일 쓰고 읽기"
    try:
        import datetime as dt

        import openpyxl
        import pandas as pd

        path = tmp / "점검.xlsx"
        written = pd.DataFrame(
            {"성명": ["홍길동", "김똠순"], "지급액": [1234560, 98760], "일자": [dt.date(2026, 3, 2), dt.date(2026, 3, 31)]}
        )
        written.to_excel(path, sheet_name="점검", index=False, engine="xlsxwriter")
        read = pd.read_excel(path, sheet_name="점검", engine="calamine")
        book = openpyxl.load_workbook(path, read_only=True)
        sheets = book.sheetnames
        book.close()
    except Exception as exc:
        return Check(name, FAIL, f"엑셀 파일을 쓰거나 읽지 못했습니다: {_error(exc)}")
    same = (
        list(read["성명"]) == ["홍길동", "김똠순"]
        and [int(v) for v in read["지급액"]] == [1234560, 98760]
        and [pd.Timestamp(v).date() for v in read["일자"]] == list(written["일자"])
        and sheets == ["점검"]
    )
    if not same:
        return Check(name, FAIL, "엑셀 파일에 쓴 값과 다시 읽은 값이 다릅니다.")
    return Check(name, PASS, "xlsxwriter로 쓰고 calamine·openpyxl로 읽기 확인")


def check_task_run(sample_task: Callable[[], TaskSpec] | None, tmp: Path) -> Check:
    """The task the application chose runs end to end on its own sample inputs, into a private database."""
    name = "표본 입력으로 작업 실행"
    if sample_task is None:
        return Check(name, WARN, "실행해 볼 작업이 주어지지 않아 건너뛰었습니다.")
    store = None
    try:
        from core.context import RunContext
        from core.credentials import MemoryStore
        from core.runner import execute
        from core.store import Store, migrations

        spec = sample_task()
        name = f"표본 입력으로 '{spec.id}' 실행"
        if spec.write_samples is None:
            return Check(name, FAIL, "이 작업에는 표본 입력이 없습니다.")
        files = spec.write_samples(tmp / "표본")
        # A private database: the migrations are exercised, and the clerk's history stays clean.
        store = Store(tmp / "selftest.sqlite3")
        expected_schema = max((n for n, _, _ in migrations()), default=0)
        schema = store.schema_version()
        started = time.monotonic()
        outcome = execute(spec, files, {}, tmp / "결과.xlsx", RunContext(credentials=MemoryStore(), store=store))
        seconds = time.monotonic() - started
    except Exception as exc:
        return Check(name, FAIL, f"작업을 실행하지 못했습니다: {_error(exc)}")
    finally:
        if store is not None:
            store.close()
    if expected_schema == 0 or schema != expected_schema:
        return Check(name, FAIL, f"데이터베이스 변경 파일(migrations)을 찾지 못했습니다(스키마 {schema}/{expected_schema}).")
    if outcome.status != RunStatus.DONE or outcome.output is None or not outcome.output.exists():
        from core.logs import log_path

        return Check(name, FAIL, f"작업이 끝나지 않았습니다({outcome.status}): {outcome.error} (기록: {log_path()})")
    return Check(name, PASS, f"결과 파일 작성 {seconds:.1f}초, 데이터베이스 스키마 {schema}")


def run_checks(
    load_tasks: Callable[[], Sized] | None,
    sample_task: Callable[[], TaskSpec] | None,
    qt_check: QtCheck | None,
    emit: Callable[[Check], None],
) -> list[Check]:
    checks: list[Check] = []

    def add(check: Check) -> None:
        checks.append(check)
        emit(check)

    add(check_imports(load_tasks))
    add(check_qt(qt_check))
    add(check_child_process())
    add(check_keyring())
    add(check_home())
    with tempfile.TemporaryDirectory(prefix="haengbot-selftest-", ignore_cleanup_errors=True) as tmp:
        add(check_xlsx(Path(tmp)))
        add(check_task_run(sample_task, Path(tmp)))
    return checks


def main(
    *,
    load_tasks: Callable[[], Sized] | None = None,
    sample_task: Callable[[], TaskSpec] | None = None,
    qt_check: QtCheck | None = None,
    out: TextIO | None = None,
) -> int:
    """Run every check, print and save the report; 1 if any failed. The application passes in what it is."""
    out = out if out is not None else sys.stdout  # None in a windowed Windows build: the report file still gets it
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        if out is not None:
            out.write(text + "\n")
            out.flush()

    frozen = "배포본" if getattr(sys, "frozen", False) else "소스"
    say(
        f"{APP_TITLE} {__version__} 자체 점검 ({frozen}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()})"
    )
    checks = run_checks(load_tasks, sample_task, qt_check, lambda c: say(f"[{c.status}] {c.name}: {c.detail}"))
    failed = [c for c in checks if c.status == FAIL]
    warned = [c for c in checks if c.status == WARN]
    if failed:
        say(f"자체 점검 실패: {len(checks)}개 중 {len(failed)}개 실패 — " + ", ".join(c.name for c in failed))
    else:
        say(f"자체 점검 통과: {len(checks)}개 항목 중 통과 {len(checks) - len(warned)}개, 주의 {len(warned)}개, 실패 0개")
    try:
        from core.paths import app_home

        report = app_home() / REPORT_NAME
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        say(f"점검 기록: {report}")
    except Exception:  # the home check above already reported why
        pass
    return 1 if failed else 0
