"""What the clerk sees of the runs that ran by themselves (issue 17).

- The banner at the top of the window: the scheduled runs since the last look, failures first, each
  one click from its result (the workbook for a finished run, the reason for a failed one). [확인]
  marks them seen; until then they stay, so a failure is never missed by a window closed too soon.
- The tray notice: while the window is open, a scheduled run that finishes shows a tray message.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui import dialogs
from gui.first_paint import after_first_paint
from gui.theme import app_icon

if TYPE_CHECKING:
    from core.profile_run import ScheduledRun
    from core.spec import TaskSpec
    from core.store import Store
    from gui.task_cards import CardInfo

# core.profile_run (profiles, schedules, documents), core.store (SQLite), the run words and the tray icon
# are imported where they are used, after the first paint: this module is built with the main window, and start-up is measured
# (benchmarks/startup.py). The banner and the notifier need only the tasks' titles (a card's will do).

POLL_MS = 30_000


def run_line(run: ScheduledRun, titles: dict[str, str]) -> str:
    """'실패 · 공모사업 알림 (프로필 공모알림) · 11월 27일 07:30 — 사유 첫 줄'."""
    from core.profile_run import FAILURES
    from gui.run_text import STATUS_LABELS, run_time

    status = STATUS_LABELS.get(run.status, str(run.status))
    text = f"{status} · {titles.get(run.task, run.task)} (프로필 {run.profile}) · {run_time(run.started_at)}"
    if run.status in FAILURES and run.message:
        reason = run.message.splitlines()[0]
        text += f" — {reason[:70]}…" if len(reason) > 70 else f" — {reason}"  # the whole reason is one click away
    return text


class ScheduleBanner(QFrame):
    def __init__(self, tasks: Iterable[TaskSpec | CardInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scheduleBanner")
        self.titles = {t.id: t.title for t in tasks}
        self.runs: list[ScheduledRun] = []
        self.buttons: list[QPushButton] = []
        self.labels: list[QLabel] = []
        self.heading = QLabel()
        self.heading.setObjectName("bannerTitle")
        self.ok_button = QPushButton("확인")
        self.ok_button.setToolTip("확인한 것으로 표시하고 닫습니다. 실행 기록에는 남아 있습니다.")
        self.ok_button.clicked.connect(self.acknowledge)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.ok_button)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(8)
        self.rows.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(top)
        layout.addLayout(self.rows)
        # Its look is in resources/style.qss (QFrame#scheduleBanner): a sheet of its own made Qt style this
        # subtree apart from the application's sheet, before the first paint (issue 19).
        self.hide()
        self._reader: Any = None  # gui.store_load.StoreReader, made on the first read (after the first paint)

    def reader(self) -> Any:
        from gui.store_load import StoreReader

        if self._reader is None:
            self._reader = StoreReader(self)
        return self._reader

    def refresh(self) -> int:
        """Read the unseen scheduled runs and show them: the number shown (at once from this PC's file;
        a shared store answers later, off the GUI thread, and 0 is returned meanwhile)."""
        from core.profile_run import unseen_scheduled_runs  # not before the first paint: it brings the runner

        self.reader().read(unseen_scheduled_runs, self._show, lambda _text: self._show([]))
        return len(self.runs)

    def _show(self, runs: list[ScheduledRun]) -> None:
        from core.profile_run import FAILURES

        self.runs = runs
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons, self.labels = [], []
        failed = sum(1 for r in self.runs if r.status in FAILURES)
        self.heading.setText(
            f"<b>예약 실행 {len(self.runs)}건</b>이 지난번 확인 뒤에 있었습니다"
            + (f" — <span style='color:#b42318'>실패 {failed}건</span>" if failed else "")
            + "."
        )
        for r, run in enumerate(self.runs):
            label = QLabel(run_line(run, self.titles))
            label.setToolTip(run.message or run.output_path or "")
            if run.status in FAILURES:
                label.setStyleSheet("color: #b42318;")
            button = QPushButton("결과 열기" if run.output_path else "사유 보기")
            button.clicked.connect(lambda _checked=False, x=run: self.open_run(x))
            self.rows.addWidget(label, r, 0)
            self.rows.addWidget(button, r, 1)
            self.labels.append(label)
            self.buttons.append(button)
        self.rows.setColumnStretch(0, 1)
        self.setVisible(bool(self.runs))

    def open_run(self, run: ScheduledRun) -> bool:
        from gui.run_text import STATUS_LABELS, run_time

        if run.output_path:
            path = Path(run.output_path)
            if path.exists() and dialogs.open_path(path):
                return True
            dialogs.warn(self, "결과 파일을 열지 못했습니다", f"결과 파일이 옮겨졌거나 열 프로그램이 없습니다:\n{path}")
            return False
        title = self.titles.get(run.task, run.task)
        dialogs.inform(
            self,
            f"{title} 예약 실행: {STATUS_LABELS.get(run.status, str(run.status))}",
            f"프로필 {run.profile}, {run_time(run.started_at)}\n\n{run.message or ''}",
        )
        return True

    def acknowledge(self) -> None:
        seen = [r.run_id for r in self.runs]
        from core.profile_run import mark_seen

        self.reader().read(lambda store: mark_seen(store, seen), lambda _none: None, lambda _text: None)
        self.runs = []
        self.hide()


class TrayNotifier(QObject):
    """A tray message for each scheduled run that finishes while the window is open."""

    def __init__(self, tasks: Iterable[TaskSpec | CardInfo], parent: QObject | None = None):
        from PySide6.QtWidgets import QSystemTrayIcon

        from core.runstatus import now_iso

        super().__init__(parent)
        self.titles = {t.id: t.title for t in tasks}
        self.since = now_iso()
        self.messages: list[str] = []  # what was shown, newest last (the tests read it)
        self.seen_ids: set[str] = set()
        self.tray = QSystemTrayIcon(app_icon(), self)
        self.tray.setToolTip("행봇")
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self._reader: Any = None

    def poll(self) -> list[str]:
        """Look for scheduled runs of this PC finished since the last look. The notices shown (at once
        from this PC's file; from a shared store they come when the worker thread answers)."""
        from gui.store_load import StoreReader

        if self._reader is None:
            self._reader = StoreReader(self)
        before = len(self.messages)
        self._reader.read(lambda store: _finished_since(store, self.since), self._notify, lambda _text: None)
        return self.messages[before:]

    def _notify(self, rows: list[Any]) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        from core.profile_run import FAILURES, ScheduledRun
        from core.runstatus import RunStatus

        shown = []
        for row in rows:
            if row[0] in self.seen_ids:  # times are to the second: the last second is read again
                continue
            self.seen_ids.add(row[0])
            run = ScheduledRun(row[0], row[1], row[2] or "", row[3], RunStatus(row[4]), row[5], row[6])
            text = run_line(run, self.titles)
            icon = QSystemTrayIcon.MessageIcon.Warning if run.status in FAILURES else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage("행봇 예약 실행", text, icon, 10_000)
            shown.append(text)
            self.since = max(self.since, row[7])
        self.messages.extend(shown)


def _finished_since(store: Store, since: str) -> list[Any]:
    """Scheduled runs of this PC (or from before migration 0010) finished at or after *since*."""
    from core.profile_run import SCHEDULED
    from core.runlock_pg import this_pc

    return list(
        store.connect()
        .execute(
            "SELECT id, task, profile, started_at, status, output_path, message, finished_at FROM runs "
            "WHERE started_by = ? AND finished_at IS NOT NULL AND finished_at >= ? AND host IN (?, '') ORDER BY finished_at",
            (SCHEDULED, since, this_pc()[0]),
        )
        .fetchall()
    )


def with_schedule_banner(window: Any, body: QWidget) -> QWidget:
    """The window's central widget: the banner above *body*; the banner fills in just after the first
    paint (it opens the database), and the tray notifier starts then too. Sets ``window.schedule_banner`` and
    ``window.tray_notifier``."""
    tasks = list(window.cards)  # the titles, without loading the declarations (gui.task_cards)
    banner = ScheduleBanner(tasks)
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(body, 1)
    window.schedule_banner = banner
    window.tray_notifier = None

    def start_tray() -> None:  # the tray icon is no part of the window's first frame
        window.tray_notifier = TrayNotifier(tasks, window)

    # After the first paint (a timer of 0 runs before the window's expose): the refresh imports the profile
    # machinery and reads the database. Dropped if the window is gone first.
    after_first_paint(window, banner.refresh)
    after_first_paint(window, start_tray)
    return container
