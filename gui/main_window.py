"""The main window: 작업 목록, a task's wizard, 실행 기록; settings and credentials as dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QStackedWidget, QToolBar, QToolButton, QWidget

from core import __version__
from gui import dialogs
from gui.first_paint import after_first_paint
from gui.launcher import Launcher
from gui.schedule_banner import with_schedule_banner
from gui.task_cards import CardInfo, card_info, manifest_cards
from gui.theme import app_icon

if TYPE_CHECKING:
    from core.spec import TaskSpec
    from gui.history import HistoryView
    from gui.schedule_view import ScheduleView
    from gui.wizard.wizard import TaskWizard


def window_title(task: str | None = None) -> str:
    """'행봇 0.1.0' on the task list, '행봇 — 초과근무 ↔ 시간외근무수당 대사' inside a task."""
    return f"행봇 — {task}" if task else f"행봇 {__version__}"


class MainWindow(QMainWindow):
    @property
    def history(self) -> HistoryView:
        if self._history is None:
            from gui.history import HistoryView

            self._history = HistoryView(self.tasks.values())
            self.stack.addWidget(self._history)
        return self._history

    @property
    def tasks(self) -> dict[str, TaskSpec]:
        """The declared tasks by id, loaded on first use when the window was started from the manifest."""
        if self._tasks is None:
            from tasks import registry

            self._tasks = {t.id: t for t in registry()}
        return self._tasks

    def __init__(self, tasks: Iterable[TaskSpec] | None = None, parent: QWidget | None = None):
        """*tasks*: the declared tasks; None (the app's start-up) builds the launcher from gui/task_manifest.py
        and loads the declarations when one is first needed, after the first paint (gui.task_cards)."""
        super().__init__(parent)
        self._tasks: dict[str, TaskSpec] | None = None
        if tasks is not None:
            self._tasks = {t.id: t for t in tasks}
        self.cards: list[CardInfo] = manifest_cards() if self._tasks is None else [card_info(t) for t in self._tasks.values()]
        self.setWindowTitle(window_title())
        self.setWindowIcon(app_icon())
        self.resize(1180, 780)
        self.setMinimumSize(960, 640)
        self.stack = QStackedWidget()
        self.setCentralWidget(with_schedule_banner(self, self.stack))  # runs that ran by themselves (issue 17)
        self.launcher = Launcher(self.cards, self.stack)  # made inside the stack: not re-polished by a move
        self.launcher.openTask.connect(self.open_task)
        self.launcher.openHistory.connect(self.show_history)
        self.launcher.storeReached.connect(self.show_store)
        self._history: HistoryView | None = None  # built when first shown: the first paint waits for nothing else
        self._schedules: ScheduleView | None = None
        self._store_reader: Any = None  # gui.store_load.StoreReader for the dialogs that open the store
        self.stack.addWidget(self.launcher)
        self.wizard: TaskWizard | None = None

        bar = QToolBar("메뉴")
        bar.setMovable(False)
        bar.setObjectName("mainBar")
        self.addToolBar(bar)
        for text, key, slot in (
            ("작업 목록", "Ctrl+1", self.show_launcher),
            ("실행 기록", "Ctrl+2", self.show_history),
            ("예약", "Ctrl+3", self.show_schedules),
            ("설정", "Ctrl+,", self.open_settings),
            ("인증 정보", "", self.open_credentials),
        ):
            action = QAction(text, self)
            if key:
                # setShortcuts, not setShortcut: resolving setShortcut's overloads makes PySide6 build the Python
                # types of all ~90 enums of the Qt namespace, about 20 ms before the first paint (issue 19).
                action.setShortcuts([QKeySequence(key)])
            action.triggered.connect(slot)
            bar.addAction(action)
        # 기록 > 외부 처리 기록(확인 필요): a menu on the bar, so the window keeps its height for the tables.
        self.records_menu = QMenu("기록", self)
        self.records_menu.addAction("외부 처리 기록(확인 필요)", self.open_ledger)
        records = QToolButton()
        records.setText("기록")
        records.setMenu(self.records_menu)
        records.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(records)
        # AI 도우미 (issue 20): its dialogs import core.ai only when opened.
        self.ai_menu = QMenu("AI 도우미", self)
        self.ai_menu.addAction("문구 쉬운 말로 다듬기", self.open_plain_words)
        self.ai_menu.addAction("AI 사용 기록", self.open_ai_log)
        ai_button = QToolButton()
        ai_button.setText("AI 도우미")
        ai_button.setMenu(self.ai_menu)
        ai_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(ai_button)
        self.statusBar().showMessage("행봇 — 파일은 이 컴퓨터 안에서만 처리합니다.")
        # Which store this PC uses (issue 18): named from the settings alone, nothing connected, no driver
        # imported. Reading settings.toml (core.settings, core.store_config) waits for the first paint.
        self.store_label = QLabel()
        self.store_label.setObjectName("storeLabel")
        self.statusBar().addPermanentWidget(self.store_label)
        after_first_paint(self, self.show_store)

    def show_store(self, unreachable: str = "") -> str:
        """The status bar's '이 PC의 저장소' or '공유 저장소: user@host:port/db' (core.store_cli.describe_store),
        with '(연결 안 됨)' and the reason as tooltip once a read found the shared store out of reach."""
        from core.errors import HaengBotError
        from core.store_cli import describe_store

        try:
            text = describe_store()
        except HaengBotError:  # a store.url the settings file got by hand, unparsable: the settings dialog says why
            text = "공유 저장소: 주소가 잘못되었습니다(설정에서 확인하십시오)"
        if unreachable and text.startswith("공유"):
            text += " (연결 안 됨)"
        self.store_label.setText(text)
        self.store_label.setStyleSheet("color: #b42318;" if unreachable else "")
        self.store_label.setToolTip(
            unreachable
            or (
                "실행 기록·발송 대장을 부서의 공유 데이터베이스에 둡니다."
                if text.startswith("공유")
                else "실행 기록·발송 대장을 이 PC에 둡니다."
            )
        )
        return text

    # ------------------------------------------------------------------ views
    def _leave_wizard(self) -> bool:
        if self.wizard is None:
            return True
        if self.wizard.running() and not dialogs.ask(self, "실행 중", "작업이 아직 실행 중입니다. 취소하고 나갈까요?"):
            return False
        wizard, self.wizard = self.wizard, None
        wizard.shutdown()
        self.stack.removeWidget(wizard)
        wizard.deleteLater()
        return True

    def open_task(self, task_id: str) -> TaskWizard | None:
        if not self._leave_wizard():
            return None
        from gui.wizard.hooks import MissingHook
        from gui.wizard.wizard import TaskWizard  # on first use: the window frame paints sooner

        try:
            wizard = TaskWizard(self.tasks[task_id])
        except MissingHook as exc:
            dialogs.warn(self, "열 수 없는 작업", str(exc))
            return None
        wizard.closed.connect(self.show_launcher)
        self.wizard = wizard
        self.stack.addWidget(wizard)
        self.stack.setCurrentWidget(wizard)
        self.setWindowTitle(window_title(wizard.task.title))
        return wizard

    def show_launcher(self) -> None:
        if not self._leave_wizard():
            return
        self.launcher.refresh_recent()
        self.stack.setCurrentWidget(self.launcher)
        self.setWindowTitle(window_title())
        self.launcher.search.setFocus()

    def show_history(self) -> None:
        if self.wizard is not None and self.stack.currentWidget() is self.wizard and not self._leave_wizard():
            return
        existed = self._history is not None
        view = self.history  # a new view reads the history as it is built: no second read (twice the wait on a shared store)
        if existed:
            view.refresh()
        self.stack.setCurrentWidget(view)

    def show_schedules(self) -> ScheduleView:
        if self.wizard is not None and self.stack.currentWidget() is self.wizard and not self._leave_wizard():
            return self.schedules
        if self._schedules is None:
            from gui.schedule_view import ScheduleView

            self._schedules = ScheduleView(self.tasks.values())
            self.stack.addWidget(self._schedules)
        self.schedules.refresh()
        self.stack.setCurrentWidget(self.schedules)
        return self.schedules

    @property
    def schedules(self) -> ScheduleView:
        assert self._schedules is not None
        return self._schedules

    def open_settings(self) -> None:
        from gui.settings_dialog import SettingsDialog

        SettingsDialog(self, tasks=self.tasks.values()).exec()
        self.show_store()  # store.url may have changed

    def open_plain_words(self) -> None:
        from gui.ai_dialogs import PlainWordsDialog

        PlainWordsDialog(self).exec()

    def open_ai_log(self) -> None:
        from gui.ai_dialogs import AiLogDialog

        self._open_with_store("AI 사용 기록", lambda: AiLogDialog(self))

    def open_ledger(self) -> None:
        from gui.ledger_view import LedgerDialog

        self._open_with_store("외부 처리 기록", lambda: LedgerDialog(self.tasks.values(), self))

    def _open_with_store(self, title: str, make: Callable[[], QDialog]) -> None:
        """A dialog that reads the store as it opens. With a shared store the server is first reached off the
        GUI thread (gui.store_load), so a dead or slow one never freezes the window; either way a store out of
        reach is said in Korean and the window goes on."""
        from core.errors import HaengBotError
        from core.korean import particle
        from gui.store_load import StoreReader

        def refused(why: str) -> None:
            dialogs.warn(self, f"{title}{particle(title, '을/를')} 열 수 없습니다", why)

        def open_dialog(_reached: object = None) -> None:
            try:
                dialog = make()
            except HaengBotError as exc:
                refused(str(exc))
                return
            dialog.exec()

        if self._store_reader is None:
            self._store_reader = StoreReader(self)
        self._store_reader.read(lambda store: None, open_dialog, refused, offline_ok=False)

    def open_credentials(self) -> None:
        from gui.credentials_dialog import CredentialsDialog

        CredentialsDialog(self.tasks.values(), self).exec()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.wizard is not None and self.wizard.running():
            if not dialogs.ask(self, "실행 중", "작업이 아직 실행 중입니다. 취소하고 행봇을 닫을까요?"):
                event.ignore()
                return
        if self.wizard is not None:
            self.wizard.shutdown()
        event.accept()
