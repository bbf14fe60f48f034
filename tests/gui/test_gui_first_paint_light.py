"""Nothing heavy before the first paint (issue 19): the window as started by ``run_app`` paints before pandas,
numpy, xlsxwriter, calamine, psycopg, playwright or the profile machinery are imported; the schedule
banner's database read comes after the paint (``gui.first_paint.after_first_paint``). Nor does anything the
first frame does not show load before it: the store (SQLite), settings, the log, platformdirs,
multiprocessing, the task declarations (the cards come from gui/task_manifest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "xlsxwriter", "python_calamine", "psycopg", "playwright", "openpyxl", "requests")
# Deferred past the first paint (issue 19, benchmarks/startup.py): each was imported before it until 2026-11-27.
DEFERRED = (
    "multiprocessing",
    "sqlite3",
    "platformdirs",
    "tomllib",
    "core.store",
    "core.store_cli",
    "core.settings",
    "core.logs",
    "core.masking",
    "core.spec",
    "core.params",
    "core.registry",
    "tasks",
    "gui.store_load",
    "gui.jobs",
)

PROBE = """
import json, sys
import main  # main.py's own imports count too (multiprocessing only in a child)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

HEAVY = {heavy!r}
DEFERRED = {deferred!r}
seen = {{}}


class Probe(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            seen["paint"] = sorted({{m.split(".")[0] for m in sys.modules}} & set(HEAVY)) + sorted(
                m for m in ("core.profile_run", "core.runner", "gui.org_dialog") if m in sys.modules
            )
            seen["deferred"] = sorted(m for m in DEFERRED if m in sys.modules)
        return False


app = QApplication([sys.argv[0]])
probe = Probe()
app.installEventFilter(probe)
import gui.app

def done():
    from gui.main_window import MainWindow
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    seen["banner_refreshed"] = "core.profile_run" in sys.modules
    seen["banner_hidden"] = window.schedule_banner.isHidden()  # no scheduled run in a fresh home
    seen["store_label"] = window.store_label.text()
    seen["recent"] = [window.launcher.recent.item(i).text() for i in range(window.launcher.recent.count())]
    print(json.dumps(seen))
    app.quit()

QTimer.singleShot(3000, done)
gui.app.run_app([])
"""


def test_first_paint_comes_before_anything_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HAENGBOT_HOME": str(tmp_path)}
    env.pop("HAENGBOT_FIRST_PAINT_FILE", None)
    code = PROBE.format(heavy=HEAVY, deferred=DEFERRED)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["paint"] == []  # nothing heavy, no run or profile machinery, no 기관 question before the paint
    assert seen["deferred"] == []  # nor anything the first frame does not show
    assert seen["banner_refreshed"] is True  # and the banner did read the database after it
    assert seen["banner_hidden"] is True
    assert seen["store_label"] == "이 PC의 저장소"  # the status bar and the recent runs filled in after the paint
    assert seen["recent"] == ["아직 실행한 작업이 없습니다."]


def test_work_after_the_first_paint_goes_with_a_window_closed_before_it_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A window painted, then deleted before the delayed work fires: the work never runs and nothing is called on
    the deleted helper. (A clean-clone CI run once caught 'Internal C++ object (_AfterPaint) already deleted' from
    the bare QTimer.singleShot this replaced; this test did not reproduce that race, it pins the behaviour.)"""
    from PySide6.QtWidgets import QWidget

    from gui.first_paint import after_first_paint

    calls: list[str] = []
    window = QWidget()
    after_first_paint(window, lambda: calls.append("ran"), delay_ms=200)
    window.show()
    qtbot.waitExposed(window)
    [helper] = [c for c in window.children() if type(c).__name__ == "_AfterPaint"]
    qtbot.waitUntil(lambda: not helper.armed, timeout=5_000)  # painted: the delayed call is on its way
    window.deleteLater()
    qtbot.wait(500)
    assert calls == []

    kept = QWidget()
    qtbot.addWidget(kept)
    after_first_paint(kept, lambda: calls.append("ran"), delay_ms=0)
    kept.show()
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=5_000)


def test_the_cards_at_start_up_are_the_declared_tasks(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The launcher started without the declarations (gui/task_manifest.py) shows every registered task with the
    same title, department, description, needs and search words; a stale manifest fails here (write it again
    with `.venv/bin/python -m gui.task_cards`). A task opened from it gets its full declaration."""
    from gui.main_window import MainWindow
    from gui.needs import needs
    from gui.task_cards import card_info, manifest_cards
    from tasks import registry

    declared = list(registry())
    assert manifest_cards() == [card_info(task) for task in declared]
    window = MainWindow()
    qtbot.addWidget(window)
    assert window._tasks is None  # nothing declared loaded yet
    shown = {card.task.id: card for card in window.launcher.cards}
    assert len(shown) == len(declared) == 10
    for task in declared:
        card = shown[task.id]
        labels = [w.text() for w in card.findChildren(type(window.store_label))]
        assert labels[:2] == [task.title, task.description]
        assert labels[2:] == needs(task)
    window.launcher.search.setText(declared[0].inputs[0].title)  # an input's title finds its task
    assert declared[0].id in window.launcher.visible_tasks()
    wizard = window.open_task("overtime-pay")
    assert wizard is not None and wizard.task is registry().get("overtime-pay")
    assert window._tasks is not None


def test_a_window_dropped_before_its_first_paint_is_collected_quietly(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A shown window dropped before it paints is a cycle (window → helper → its bound method → window). The
    collector clears the helper's attributes, then the window's destructor hides it through the helper's filter:
    that raised "'_AfterPaint' object has no attribute 'armed'" into whichever test was running (clean-clone CI,
    2026-11-28). The deferred call never runs, and nothing is raised."""
    import gc

    from PySide6.QtWidgets import QWidget

    from gui.first_paint import after_first_paint

    calls: list[str] = []

    class Window(QWidget):
        def later(self) -> None:
            calls.append("ran")

    for _ in range(3):
        window = Window()
        after_first_paint(window, window.later)
        window.show()
        del window
        gc.collect()
    qtbot.wait(100)  # pytest-qt fails the test on any exception raised in the event loop
    assert calls == []
