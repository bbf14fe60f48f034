"""Start-up measurement hook: note when the first top-level window has painted, then quit.

Armed by ``HAENGBOT_FIRST_PAINT_FILE=<path>`` (main.py) and used the same way by the bare-window baseline
of benchmarks/startup.py, so both programs are timed by identical code. Imports nothing but Qt.
``after_first_paint`` is how the app defers its own start-up work until the first paint.

The probe watches the window each program names with ``watch(window)`` just before showing it. (It was an
event filter on the whole application until 2026-11-27: every event of every object then went through Python,
and PySide6 built the Python types, with their enums, of every Qt class the window uses internally (scroll
bars, sliders, … 311 enum types before 행봇's first paint, against a handful for a bare window). That cost
exists only under the probe, never in a clerk's start, and grew with the window, so it measured the probe.)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "HAENGBOT_FIRST_PAINT_FILE"
# When armed: (step, wall-clock time) as start-up reaches it, written beside the stamp as <stamp>.phases, so
# benchmarks/startup.py can say where the time goes in the frozen program (where -X importtime cannot look).
_marks: list[tuple[str, float]] = []


class _FirstPaint(QObject):
    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            mark("paint begins")
            # After this paint pass (the window's children and the flush to the screen), not in the middle.
            QTimer.singleShot(0, self.finish)
        return False

    def finish(self) -> None:
        now = time.time()
        mark("paint pass done")
        self.path.with_name(self.path.name + ".phases").write_text(
            "".join(f"{at:.6f} {step}\n" for step, at in _marks), encoding="utf-8"
        )
        self.path.write_text(f"{now:.6f}\n", encoding="ascii")
        QApplication.quit()


_probe: _FirstPaint | None = None


def arm(path: str | Path, argv: list[str] | None = None) -> QApplication:
    """Create (or reuse) the QApplication and get ready to time it; the app's own start-up then reuses this
    instance and calls ``watch`` on its window."""
    global _probe
    _marks.append(("PySide6 imported", time.time()))
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    _probe = _FirstPaint(Path(path))
    mark("QApplication made")
    return app  # type: ignore[return-value]


def mark(step: str) -> None:
    """Note that start-up reached *step* (only when armed: a clerk's start records nothing)."""
    if _probe is not None:
        _marks.append((step, time.time()))


def watch(window: QWidget) -> None:
    """Time *window*'s first paint, when armed (the program calls this just before ``window.show()``)."""
    if _probe is not None:
        mark("window built")
        window.installEventFilter(_probe)


class _AfterPaint(QObject):
    """A child of the window holding everything that waits for its first paint: it, and any timer it started,
    go with the window. One per window, so each event before the paint passes one Python filter, not one per
    deferred call (the window has six).

    The class-level ``armed`` is not a default for a live helper (``__init__`` sets it) but for one the garbage
    collector has cleared: a window dropped before its first paint is a reference cycle
    (window → helper → bound methods → window); the collector empties the helper's ``__dict__`` first, then the
    window's C++ destructor hides it and the filter still sees those events. Cleared, the helper does nothing.
    (A clean-clone CI run failed on "'_AfterPaint' object has no attribute 'armed'" so, in whichever test was
    running when the collection came; tests/gui/test_gui_first_paint_light.py reproduces it.)"""

    armed = False

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.calls: list[tuple[Callable[[], object], int]] = []
        self.armed = True
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint:
            self.armed = False
            obj.removeEventFilter(self)  # safe inside eventFilter (Qt's documentation)
            # After this paint pass. Each timer is this object's child, so a window closed before it fires takes
            # the timer with it (a bare QTimer.singleShot(ms, self.fire) still called fire on the deleted object).
            for fn, delay_ms in self.calls:
                timer = QTimer(self)
                timer.setSingleShot(True)
                timer.timeout.connect(fn)
                timer.start(delay_ms)
        return False


def after_first_paint(window: QWidget, fn: Callable[[], object], delay_ms: int = 0) -> None:
    """Call *fn* once *window* has painted for the first time (plus *delay_ms*); for a window already painted,
    after its next paint.

    Work that can wait (the schedule banner's database read, the 기관 question, a full garbage
    collection) goes here rather than on a fixed timer: on a loaded machine the first paint can come
    later than any fixed delay, and whatever runs before it is start-up time (benchmarks/startup.py).
    """
    helper = getattr(window, "_after_first_paint", None)  # kept on the wrapper: no walk over the window's children
    if not isinstance(helper, _AfterPaint) or not helper.armed:
        helper = _AfterPaint(window)
        window._after_first_paint = helper  # type: ignore[attr-defined]
    helper.calls.append((fn, delay_ms))
