"""예약: each scheduled profile with its next run and last result; run now, pause or delete (issue 17).

"지금 실행" starts ``run --profile NAME`` as its own process, the way the scheduler would (no
window, nobody to ask), so closing the window does not stop it; its result reaches history and
the banner like any run.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import HaengBotError
from core.korean import particle
from core.paths import app_home
from core.profile_cli import pause_schedule, remove_schedule, resume_schedule
from core.profile_run import FAILURES, ScheduledRun, last_run
from core.profiles import Profile, Profiles
from core.schedule_os import backend
from core.schedules import profile_command
from core.spec import TaskSpec
from gui import dialogs
from gui.run_text import STATUS_LABELS, run_time

COLUMNS = ["프로필", "작업", "예약", "다음 실행", "마지막 결과", "발송"]


def start_now(profile: Profile) -> subprocess.Popen[bytes]:
    """``run --profile NAME`` in its own process and session, output to the log only."""
    command = profile_command(profile.name, app_home())
    args = [a for a in command.args if a != "--scheduled"]  # by hand: it is not a slot's run
    flags = {"creationflags": subprocess.CREATE_NO_WINDOW} if sys.platform == "win32" else {"start_new_session": True}
    return subprocess.Popen(
        [str(command.program), *args],
        cwd=command.workdir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **flags,  # type: ignore[arg-type]
    )


class ScheduleView(QWidget):
    def __init__(self, tasks: Iterable[TaskSpec] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.titles = {t.id: t.title for t in tasks}
        self.profiles: list[Profile] = []
        self.started: list[subprocess.Popen[bytes]] = []
        self._reader: Any = None  # gui.store_load.StoreReader, made on the first refresh
        title = QLabel("예약")
        title.setObjectName("pageTitle")
        self.hint = QLabel(
            "작업의 결과 화면에서 [매일 이 시각에 자동 실행]으로 예약을 만듭니다. 예약 실행은 이 PC의 예약 기능"
            f"({backend().label})이 관리자 권한 없이 돌립니다. PC가 꺼져 있어 놓친 실행은 켜진 뒤 한 번 실행합니다."
        )
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.run_button = QPushButton("지금 실행")
        self.run_button.setObjectName("primary")
        self.run_button.clicked.connect(lambda: self.run_now(self.table.currentRow()))
        self.pause_button = QPushButton("일시 중지")
        self.pause_button.clicked.connect(lambda: self.toggle_pause(self.table.currentRow()))
        self.delete_button = QPushButton("예약 삭제")
        self.delete_button.clicked.connect(lambda: self.delete(self.table.currentRow()))
        refresh = QPushButton("새로 고침")
        refresh.clicked.connect(self.refresh)
        row = QHBoxLayout()
        for button in (self.run_button, self.pause_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self, now: dt.datetime | None = None) -> None:
        """The profiles (this PC's files) at once; each one's last run from the store: at once from this PC's
        file, or off the GUI thread from a shared store (gui.store_load), filled in when it answers."""
        from gui.store_load import StoreReader

        now = now or dt.datetime.now()
        self.profiles = [p for p in Profiles().all() if p.schedule is not None]
        if self._reader is None:
            self._reader = StoreReader(self)
        names = [p.name for p in self.profiles]
        self._fill(now, {}, pending=True)
        self._reader.read(
            lambda store: {name: last_run(store, name) for name in names},
            lambda lasts: self._fill(now, lasts),
            lambda why: self._fill(now, {}, why=why),
            offline_ok=False,  # the journal alone would say '아직 없음' for runs the department has
        )

    def _fill(self, now: dt.datetime, lasts: dict[str, ScheduledRun | None], *, pending: bool = False, why: str = "") -> None:
        self.table.setRowCount(len(self.profiles))
        for r, p in enumerate(self.profiles):
            assert p.schedule is not None
            nxt = p.schedule.next_slot(now)
            last = lasts.get(p.name)
            last_text = (
                f"{STATUS_LABELS.get(last.status, str(last.status))} · {run_time(last.started_at)}"
                if last
                else "불러오는 중…"
                if pending
                else "알 수 없음(저장소에 연결하지 못함)"
                if why
                else "아직 없음"
            )
            values = [
                p.name,
                self.titles.get(p.task, p.task),
                p.schedule.text(),
                "일시 중지" if p.paused else (f"{nxt:%m월 %d일 %H:%M}" if nxt else ""),
                last_text,
                "보냄" if p.send else "보내지 않음(시험 실행)",
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 4 and last is not None:
                    item.setForeground(QBrush(QColor("#b42318" if last.status in FAILURES else "#1a7f37")))
                    item.setToolTip(last.message or last.output_path or "")
                if c == 4 and why:
                    item.setToolTip(why)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if self.profiles:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        r = self.table.currentRow()
        chosen = 0 <= r < len(self.profiles)
        for button in (self.run_button, self.pause_button, self.delete_button):
            button.setEnabled(chosen)
        self.pause_button.setText("다시 켜기" if chosen and self.profiles[r].paused else "일시 중지")

    def _profile(self, row: int) -> Profile | None:
        return self.profiles[row] if 0 <= row < len(self.profiles) else None

    def run_now(self, row: int) -> bool:
        profile = self._profile(row)
        if profile is None:
            return False
        self.started.append(start_now(profile))
        dialogs.inform(
            self,
            "실행을 시작했습니다",
            f"'{profile.name}'{particle(profile.name, '을/를')} 지금 실행합니다. 끝나면 실행 기록과 다음 시작 때의 알림에 나옵니다.",
        )
        return True

    def toggle_pause(self, row: int) -> bool:
        profile = self._profile(row)
        if profile is None:
            return False
        try:
            (resume_schedule if profile.paused else pause_schedule)(profile)
        except HaengBotError as exc:
            dialogs.warn(self, "바꾸지 못했습니다", str(exc))
            return False
        self.refresh()
        return True

    def delete(self, row: int) -> bool:
        profile = self._profile(row)
        if profile is None or not dialogs.ask(
            self, "예약 삭제", f"'{profile.name}'의 예약을 지울까요? 프로필(저장한 설정)은 남습니다."
        ):
            return False
        try:
            remove_schedule(profile)
        except HaengBotError as exc:
            dialogs.warn(self, "지우지 못했습니다", str(exc))
            return False
        self.refresh()
        return True
