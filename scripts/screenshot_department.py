"""Render the department's history (issue 18) into docs/department-history.png.

Starts a throw-away PostgreSQL (tests/support/pg_server.py, needs `bash scripts/system-deps.sh test`),
records runs of three clerks on three PCs in it (one of them this PC's real overtime-pay run on the
samples), points a throw-away home's store.url at it, and grabs the real window under Xvfb (xcb) with
the 실행 기록 page open: the 담당자/PC columns, the filters and the status bar's 공유 저장소.

    .venv/bin/python scripts/screenshot_department.py   # re-runs itself under xvfb-run when there is no display
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "department-history.png"
SIZE = (1180, 720)


def _under_xvfb() -> int | None:
    if os.environ.get("DISPLAY") or os.environ.get("HAENGBOT_SCREENSHOTS_CHILD"):
        return None
    xvfb = shutil.which("xvfb-run")
    if not xvfb:
        sys.stderr.write("xvfb-run이 없습니다. 'bash scripts/system-deps.sh screenshots'로 설치하십시오.\n")
        return 2
    env = {**os.environ, "HAENGBOT_SCREENSHOTS_CHILD": "1", "QT_QPA_PLATFORM": "xcb"}
    return subprocess.call([xvfb, "-a", "-s", "-screen 0 1400x1000x24 -dpi 96", sys.executable, __file__, *sys.argv[1:]], env=env)


# (PC, clerk, task, summary, result file, status): what a 복지 team's week looks like.
OTHERS = (
    (
        "WELFARE-02",
        "lee.jiwon",
        "welfare-sms",
        {"대상": 214, "발송": 212, "보류": 2},
        "D:\\행봇 결과\\11월 급여 안내 문자.xlsx",
        "done",
    ),
    (
        "WELFARE-03",
        "park.minsu",
        "grant-alerts",
        {"새 공고": 7, "메일": 3},
        "C:\\Users\\park\\Documents\\행봇 결과\\공모 알림.xlsx",
        "done",
    ),
    ("WELFARE-02", "lee.jiwon", "local-income-tax", {}, None, "bad_input"),
    (
        "WELFARE-03",
        "park.minsu",
        "overtime-pay",
        {"대상 인원": 41, "과다지급": 1},
        "C:\\Users\\park\\Documents\\행봇 결과\\10월 초과근무.xlsx",
        "done",
    ),
)


def main() -> int:
    code = _under_xvfb()
    if code is not None:
        return code
    sys.path.insert(0, str(ROOT))
    home = Path(tempfile.mkdtemp(prefix="haengbot-dept-"))
    os.environ["HAENGBOT_HOME"] = str(home)
    os.environ["HAENGBOT_OUTPUT_DIR"] = str(home / "행봇 결과")
    (home / "settings.toml").write_text('[org]\nsido = "경기도"\nsigungu = "광주시"\n', encoding="utf-8")

    from core import runlock_pg
    from core.context import RunContext
    from core.credentials import MemoryStore, set_default_store
    from core.runner import execute
    from core.runstatus import RunStatus
    from core.settings import Settings
    from core.store_config import PASSWORD, parse_store_url
    from core.store_pg import PgStore
    from tasks import registry
    from tests.support import pg_server

    server = pg_server.start()
    try:
        database = pg_server.create_database(server)
        credentials = MemoryStore()
        credentials.set(PASSWORD.id, server.password)
        set_default_store(credentials)
        url = server.url(database)
        target = parse_store_url(url)
        assert target is not None
        store = PgStore(target)
        real_pc = runlock_pg.this_pc
        for host, clerk, task, summary, output, status in OTHERS:
            runlock_pg.this_pc = lambda h=host, c=clerk: (h, c)  # type: ignore[misc]
            run_id = store.start_run(task, {}, {})
            message = "입력 파일 '원천징수.xlsx'의 '납세지' 열이 없습니다." if status == "bad_input" else None
            store.finish_run(run_id, RunStatus(status), summary=summary, output_path=output, duration_s=3.2, message=message)
            time.sleep(1.1)
        runlock_pg.this_pc = real_pc  # type: ignore[misc]
        settings = Settings()
        settings.set("store.url", url)
        settings.save()
        files = registry().get("overtime-pay").write_samples(home / "예시")  # type: ignore[misc]
        execute(
            registry().get("overtime-pay"), files, {}, home / "행봇 결과" / "11월 초과근무 대사.xlsx", RunContext(store=store)
        )
        store.close()
        return _shoot()
    finally:
        pg_server.stop(server)


def _shoot() -> int:
    from PySide6.QtWidgets import QApplication

    from gui.app import create_app
    from gui.main_window import MainWindow
    from tasks import registry

    app = create_app([])

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    window = MainWindow(registry())
    window.resize(*SIZE)
    window.show()
    settle(1.0)
    window.show_history()
    view = window.history
    end = time.monotonic() + 30
    while view.table.rowCount() < 5 and time.monotonic() < end:
        settle(0.1)
    settle(0.5)
    window.grab().save(str(OUT))
    print(OUT.relative_to(ROOT))
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
