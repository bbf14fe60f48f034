"""The department's history in the window (issue 18): with store.url set, the real widgets read the real
test PostgreSQL: everyone's runs with 담당자 and PC, filters by clerk and task, the status bar names the
shared store, a result file of another PC is explained in Korean, and a slow or dead server neither
freezes nor breaks the window."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from gui_steps import open_window
from PySide6.QtCore import Qt

from core import credentials, runlock_pg
from core.runstatus import RunStatus
from core.settings import Settings
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from gui import dialogs
from gui.history import ALL_CLERKS, ALL_TASKS, DEPT_COLUMNS, LOADING, OFFLINE
from tasks import registry

ROOT = Path(__file__).resolve().parents[2]
TITLES = {t.id: t.title for t in registry()}
KIM_FILE = "C:\\행봇 결과\\kim-overtime-pay.xlsx"  # a path on the other PC's disk


def _point_at(url: str) -> None:
    settings = Settings()
    settings.set("store.url", url)
    settings.save()


@pytest.fixture
def shared(pg_server: Any, pg_database: str, memory_credentials: credentials.MemoryStore, tmp_path: Path) -> dict[str, Any]:
    """A shared store holding runs of two other clerks on two other PCs, and one of this PC's."""
    from core.store_pg import PgStore

    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, "dept-hmac-key-for-tests-0123456789")
    url = pg_server.url(pg_database)
    target = parse_store_url(url)
    assert target is not None
    store = PgStore(target)
    mine = tmp_path / "내 결과.xlsx"
    mine.write_bytes(b"PK")
    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        for n, (host, clerk, task) in enumerate(
            (
                ("WELFARE-01", "kim", "overtime-pay"),
                ("WELFARE-01", "kim", "welfare-sms"),
                ("WELFARE-02", "lee", "overtime-pay"),
            )
        ):
            mp.setattr(runlock_pg, "this_pc", lambda h=host, c=clerk: (h, c))
            run_id = store.start_run(task, {}, {})
            store.finish_run(
                run_id,
                RunStatus.DONE,
                summary={"대상": 10 + n},
                output_path=f"C:\\행봇 결과\\{clerk}-{task}.xlsx",
                duration_s=1.5,
            )
            runs[(clerk, task)] = run_id
            time.sleep(1.05)  # started_at is to the second: a clear order, newest first
    run_id = store.start_run("local-income-tax", {}, {})
    store.finish_run(run_id, RunStatus.DONE, output_path=str(mine))
    store.close()
    _point_at(url)
    return {"url": url, "target": target, "mine": mine, "runs": runs}


def _rows(view: Any) -> list[dict[str, str]]:
    table = view.table
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return [{h: table.item(r, c).text() for c, h in enumerate(heads)} for r in range(table.rowCount())]


def test_department_history_in_the_window(qtbot, shared: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    me_host, me = runlock_pg.this_pc()
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: window.store_label.text() != "", timeout=5_000)  # named just after the first paint
    assert window.store_label.text() == f"공유 저장소: {shared['target'].display()}"
    recent = window.launcher.recent
    qtbot.waitUntil(lambda: recent.count() == 4, timeout=15_000)  # read on a worker thread from the shared store
    assert recent.item(0).text().endswith(TITLES["local-income-tax"])
    assert window.store_label.text() == f"공유 저장소: {shared['target'].display()}"  # reached: no '(연결 안 됨)'
    assert window.launcher._reader.threaded

    window.show_history()
    view = window.history
    qtbot.waitUntil(lambda: view.table.rowCount() == 4, timeout=15_000)
    assert view.reader.threaded and view.title.text() == "부서 실행 기록" and not view.filters.isHidden()
    assert [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())] == DEPT_COLUMNS
    rows = _rows(view)
    assert [(r["작업"], r["담당자"], r["PC"], r["결과 파일"]) for r in rows] == [
        (TITLES["local-income-tax"], me, me_host, str(shared["mine"])),
        (TITLES["overtime-pay"], "lee", "WELFARE-02", "C:\\행봇 결과\\lee-overtime-pay.xlsx"),
        (TITLES["welfare-sms"], "kim", "WELFARE-01", "C:\\행봇 결과\\kim-welfare-sms.xlsx"),
        (TITLES["overtime-pay"], "kim", "WELFARE-01", "C:\\행봇 결과\\kim-overtime-pay.xlsx"),
    ]
    assert (rows[1]["상태"], rows[1]["결과"], rows[1]["걸린 시간"]) == ("완료", "대상 12", "1.5초")
    clerks = [view.clerk_box.itemText(i) for i in range(view.clerk_box.count())]
    assert clerks == [ALL_CLERKS, *sorted(["kim", "lee", me])]
    tasks = [view.task_box.itemText(i) for i in range(view.task_box.count())]
    assert tasks == [ALL_TASKS, *sorted([TITLES["overtime-pay"], TITLES["welfare-sms"], TITLES["local-income-tax"]])]

    view.clerk_box.setCurrentIndex(view.clerk_box.findData("kim"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=15_000)
    assert {(r["담당자"], r["작업"]) for r in _rows(view)} == {("kim", TITLES["overtime-pay"]), ("kim", TITLES["welfare-sms"])}
    view.task_box.setCurrentIndex(view.task_box.findData("overtime-pay"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=15_000)
    assert view.runs[0].id == shared["runs"][("kim", "overtime-pay")]
    assert view.clerk_box.currentData() == "kim"  # the choices were refilled, the choice kept

    # Another PC's result file is on that PC: said in Korean, not a failure.
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append((title, text)))
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert told == [
        (
            "다른 PC의 결과 파일",
            "이 결과 파일은 다른 PC(WELFARE-01, 담당자 kim)에서 만들어 그 PC에 있으므로 이 PC에서는 열 수 없습니다:\n"
            f"{Path(KIM_FILE)}\n그 PC에서 열거나 담당자에게 파일을 받으십시오.",
        )
    ]
    # This PC's own run opens as always.
    view.clerk_box.setCurrentIndex(0)
    view.task_box.setCurrentIndex(view.task_box.findData("local-income-tax"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 1 and view.runs[0].task == "local-income-tax", timeout=15_000)
    assert view.open_run(0)


def test_a_dead_server_is_said_in_the_view_and_the_window_survives(qtbot, shared: dict[str, Any]) -> None:
    """open_store gives this PC's offline journal (core.store_offline) when the server does not answer: the view
    shows what the journal holds (nothing yet) and says why, in Korean; the window goes on."""
    window = open_window(qtbot)
    window.show_history()
    view = window.history
    qtbot.waitUntil(lambda: view.table.rowCount() == 4, timeout=15_000)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _point_at(f"postgresql://clerk@127.0.0.1:{port}/haengbot")
    view.refresh()
    qtbot.waitUntil(lambda: view.message.text() != LOADING, timeout=15_000)
    assert view.message.text() == (
        f"공유 저장소(clerk@127.0.0.1:{port}/haengbot)에 연결할 수 없습니다: "
        f"서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다). {OFFLINE}"
    )
    assert view.table.rowCount() == 0 and view.runs == [] and window.isVisible()
    window.show_launcher()
    qtbot.waitUntil(lambda: recent_says(window, "아직 실행한 작업이 없습니다."), timeout=15_000)
    # The status bar says the shared store is out of reach, the reason as its tooltip.
    assert window.store_label.text() == f"공유 저장소: clerk@127.0.0.1:{port}/haengbot (연결 안 됨)"
    assert window.store_label.toolTip() == (
        f"공유 저장소(clerk@127.0.0.1:{port}/haengbot)에 연결할 수 없습니다: "
        "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다)."
    )


def recent_says(window: Any, text: str) -> bool:
    return window.launcher.recent.count() == 1 and window.launcher.recent.item(0).text() == text


def test_a_slow_server_does_not_freeze_the_window(qtbot, shared: dict[str, Any]) -> None:
    """A server that accepts and never answers: refresh returns at once, the window keeps handling
    events, and after the connect timeout the view says so."""
    window = open_window(qtbot)
    window.show_history()
    view = window.history
    qtbot.waitUntil(lambda: view.table.rowCount() == 4, timeout=15_000)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    try:
        _point_at(f"postgresql://clerk@127.0.0.1:{silent.getsockname()[1]}/haengbot?connect_timeout=3")
        view.refresh()
        # Nothing waited for the server on the GUI thread: refresh came back while the read is still out (had it
        # waited, the 3 s connect timeout would have passed and the view would show the failure, not LOADING).
        assert view.message.text() == LOADING and view.reader.busy()
        qtbot.wait(300)  # the event loop turns while the worker waits for the silent server
        assert view.message.text() == LOADING and view.reader.busy()
        qtbot.waitUntil(lambda: view.message.text() != LOADING, timeout=20_000)
        assert view.message.text().endswith(
            f"에 연결할 수 없습니다: 서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다). {OFFLINE}"
        )
    finally:
        stop.set()
        holder.join(2)
        for conn in accepted:
            conn.close()
        silent.close()


def test_status_bar_names_the_store_without_loading_a_driver_before_the_first_paint(tmp_path: Path) -> None:
    """The label is filled just after the first paint (reading settings.toml costs start-up, issue 19); no
    database driver is loaded by then."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "seen = []\n"
        "class Paint(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if not seen and event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():\n"
        "            seen.append(sorted({m.split('.')[0] for m in sys.modules} & {'psycopg', 'psycopg_binary', 'psycopg_c'}))\n"
        "        return False\n"
        "probe = Paint(); app.installEventFilter(probe)\n"
        "from gui.main_window import MainWindow\n"
        "from tasks import registry\n"
        "w = MainWindow(registry()); w.show()\n"
        "while not w.store_label.text(): app.processEvents()\n"
        "print(w.store_label.text())\n"
        "print(seen[0])\n"
        "import os; sys.stdout.flush(); os._exit(0)\n"  # not waiting for the recent-runs read that starts after the paint
    )
    env_base = {k: v for k, v in __import__("os").environ.items() if not k.startswith("HAENGBOT_SETTING_")}
    env_base.update(QT_QPA_PLATFORM="offscreen", HAENGBOT_HOME=str(tmp_path))
    shown = {}
    for url in ("", "postgresql://clerk@127.0.0.1:9/haengbot"):  # loopback: the read after the paint touches no network
        env = {**env_base, "HAENGBOT_SETTING_STORE_URL": url}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        shown[url] = out.stdout.splitlines()
    assert shown[""] == ["이 PC의 저장소", "[]"]
    assert shown["postgresql://clerk@127.0.0.1:9/haengbot"] == ["공유 저장소: clerk@127.0.0.1:9/haengbot", "[]"]


def test_schedule_view_and_ledger_read_the_shared_store_off_the_gui_thread(
    qtbot, shared: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.effects import EffectKey, EffectKind, EffectsLedger, Record
    from core.profiles import Profile, Profiles
    from core.schedules import Kind, ScheduleDef
    from core.store_pg import PgStore
    from gui.ledger_view import LedgerDialog

    Profiles().save(Profile("초과근무대사", "overtime-pay", {}, schedule=ScheduleDef(Kind.DAILY, 7, 30)))
    store = PgStore(shared["target"])
    run_id = shared["runs"][("lee", "overtime-pay")]
    with store.transaction() as conn:
        conn.execute("UPDATE runs SET profile = ?, started_by = 'profile' WHERE id = ?", ("초과근무대사", run_id))
    EffectsLedger(store).claim([Record(EffectKey("welfare-sms", "C3", "접수", "010-4444-5555"), EffectKind.SMS)], run_id="x")
    store.close()

    window = open_window(qtbot)
    view = window.show_schedules()
    assert view._reader.threaded
    last = lambda: view.table.item(0, 4).text()  # noqa: E731
    qtbot.waitUntil(lambda: last() != "불러오는 중…", timeout=15_000)
    assert last().startswith("완료 · ")

    opened: list[LedgerDialog] = []
    monkeypatch.setattr(LedgerDialog, "exec", lambda self: opened.append(self) or 0)
    window.open_ledger()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=15_000)
    assert isinstance(opened[0].store, PgStore)
    assert [(e.case_key, e.target) for e in opened[0].shown] == [("C3", "010-****-5555")]

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: told.append((title, text)))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _point_at(f"postgresql://clerk@127.0.0.1:{port}/haengbot")
    window.open_ledger()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=15_000)
    assert told[0] == (
        "외부 처리 기록을 열 수 없습니다",
        f"공유 저장소(clerk@127.0.0.1:{port}/haengbot)에 연결할 수 없습니다: "
        "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다).",
    )
    assert len(opened) == 1 and window.isVisible()
    view.refresh()
    qtbot.waitUntil(lambda: last() != "불러오는 중…", timeout=15_000)
    assert last() == "알 수 없음(저장소에 연결하지 못함)"
