"""Start the window: one QApplication, the Korean font and style, a crash hook that speaks Korean."""

from __future__ import annotations

import gc
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from core import APP_NAME
from gui import dialogs, theme
from gui.first_paint import after_first_paint, mark, watch
from gui.translations import install_korean


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A bug in a slot: log the traceback, show the clerk one sentence (PySide6 re-raises here)."""
    from core.logs import get_logger, log_path  # not before the first paint: platformdirs, the masking rules

    get_logger("gui").error("unhandled: %s", "".join(traceback.format_exception(kind, exc, tb)))
    try:
        dialogs.warn(
            None,
            "오류",
            f"예상하지 못한 오류가 생겼습니다({kind.__name__}). 작업 중인 파일은 바뀌지 않았습니다.\n"
            f"로그 파일을 담당자에게 보내 주십시오:\n{log_path()}",
        )
    except Exception:
        pass


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName(APP_NAME)
    # No applicationDisplayName: Qt appends it to every window title that does not end with it,
    # which made the window "행봇 0.1.0 — 행봇". The main window names itself (gui/main_window.py).
    app.setOrganizationName(APP_NAME)
    theme.apply(app)  # type: ignore[arg-type]
    install_korean(app)  # Qt's own buttons and dialogs in Korean
    return app  # type: ignore[return-value]


def settle_memory() -> None:
    """Move everything built at start-up out of the garbage collector's sight (gc.freeze).

    A full collection walks every tracked object: with Qt, pandas and the window loaded that is a
    pause of 100-250 ms on the GUI thread, measured in benchmarks/gui_stall.py. Objects made at
    start-up live as long as the process, so the collector never needs to look at them again.
    """
    gc.collect()
    gc.freeze()


def _ask_org(window: QWidget) -> None:
    from core.errors import InputError
    from gui.org_dialog import ask_org_if_unset

    try:
        ask_org_if_unset(window)
    except InputError as exc:  # an unreadable settings.toml: say so, the window still works
        dialogs.warn(window, "설정 파일", str(exc))


def _arm_log() -> None:
    from core.logs import get_logger

    get_logger("gui")  # armed: the log file opens with the first record


def run_app(argv: list[str] | None = None) -> int:
    mark("window code imported")  # gui.app and what it imports
    app = create_app(argv)
    mark("font, style, translator")
    from gui.main_window import MainWindow

    mark("main window code imported")

    sys.excepthook = _excepthook
    # The cards come from gui/task_manifest.py: the ten declarations load when first needed (gui.task_cards).
    window = MainWindow()
    after_first_paint(window, _arm_log)
    # Only when no 기관 is set, and after the first paint (a timer of 0 may run before the window's expose).
    after_first_paint(window, lambda: _ask_org(window), 150)
    # After the first paint, not before it: the full collection costs 10-20 ms of start-up.
    after_first_paint(window, settle_memory, 1500)
    watch(window)  # benchmarks/startup.py's probe, when armed
    window.show()
    mark("shown")
    return app.exec()
