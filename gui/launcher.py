"""작업 목록: the registered tasks as cards grouped by department, a search box, and recent runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.spec import TaskSpec
from gui.needs import needs_chips
from gui.run_text import STATUS_LABELS, run_time


class TaskCard(QFrame):
    def __init__(self, task: TaskSpec, on_open):  # type: ignore[no-untyped-def]
        super().__init__()
        self.task = task
        self.setObjectName("taskCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        title = QLabel(task.title)
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        desc = QLabel(task.description)
        desc.setWordWrap(True)
        desc.setObjectName("muted")
        desc.setMaximumHeight(desc.fontMetrics().lineSpacing() * 4 + 4)
        chips = needs_chips(task)
        self.button = QPushButton("시작")
        self.button.setObjectName("primary")
        self.button.setToolTip(f"'{task.title}' 마법사를 엽니다")
        self.button.clicked.connect(lambda: on_open(task.id))
        chips.addWidget(self.button)
        layout.addWidget(title)
        layout.addWidget(desc)
        layout.addLayout(chips)

    def matches(self, text: str) -> bool:
        needle = text.strip().lower()
        hay = " ".join(
            [self.task.title, self.task.department, self.task.description, self.task.id, *(i.title for i in self.task.inputs)]
        ).lower()
        return all(word in hay for word in needle.split())


class Launcher(QWidget):
    openTask = Signal(str)
    openHistory = Signal()
    storeReached = Signal(str)  # after each read of the recent runs: '' or why the shared store was out of reach

    def __init__(self, tasks: Iterable[TaskSpec], parent: QWidget | None = None):
        super().__init__(parent)
        self.tasks = list(tasks)
        self._reader: Any = None  # gui.store_load.StoreReader, made on the first read
        self.search = QLineEdit()
        self.search.setPlaceholderText("작업 찾기 (예: 초과근무, 수당, 인사)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.cards: list[TaskCard] = []
        self.groups: list[tuple[QLabel, list[TaskCard]]] = []
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 8, 0)
        departments: dict[str, list[TaskSpec]] = {}
        for task in self.tasks:
            departments.setdefault(task.department, []).append(task)
        for dept in sorted(departments):
            header = QLabel(dept)
            header.setObjectName("sectionTitle")
            col.addWidget(header)
            grid = QGridLayout()
            grid.setSpacing(10)
            members = []
            for i, task in enumerate(departments[dept]):
                card = TaskCard(task, self.openTask.emit)
                self.cards.append(card)
                members.append(card)
                grid.addWidget(card, i // 2, i % 2)
            col.addLayout(grid)
            self.groups.append((header, members))
        self.empty = QLabel("찾는 작업이 없습니다.")
        self.empty.setObjectName("muted")
        self.empty.hide()
        col.addWidget(self.empty)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)

        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.itemActivated.connect(lambda _item: self.openHistory.emit())
        more = QPushButton("실행 기록 모두 보기")
        more.clicked.connect(self.openHistory.emit)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>최근 실행</b>"))
        side.addWidget(self.recent, 1)
        side.addWidget(more)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(300)

        title = QLabel("무엇을 할까요?")
        title.setObjectName("pageTitle")
        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(self.search)
        left.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addLayout(left, 1)
        layout.addWidget(side_box)
        # The side list reads the run history (SQLite) just after the window first paints: the task cards,
        # which is what the clerk came for, are on screen without waiting for the database.
        self.recent.addItem(QListWidgetItem("불러오는 중…"))
        QTimer.singleShot(30, self, self.refresh_recent)  # tied to self: never fires after the launcher is gone

    def _filter(self, text: str) -> None:
        any_shown = False
        for header, members in self.groups:
            shown = 0
            for card in members:
                visible = card.matches(text)
                card.setVisible(visible)
                shown += visible
            header.setVisible(bool(shown))
            any_shown = any_shown or bool(shown)
        self.empty.setVisible(not any_shown)

    def visible_tasks(self) -> list[str]:
        return [c.task.id for c in self.cards if not c.isHidden()]

    def refresh_recent(self) -> None:
        """The last runs: read at once from this PC's file, or off the GUI thread from a shared store
        (gui.store_load; imported here, not before the first paint)."""
        from gui.store_load import StoreReader

        if self._reader is None:
            self._reader = StoreReader(self)
        self._reader.read(_recent, self._show_recent, self._recent_failed)

    def _show_recent(self, found: tuple[list, str]) -> None:  # type: ignore[type-arg]
        runs, offline = found
        self.storeReached.emit(offline)
        titles = {t.id: t.title for t in self.tasks}
        self.recent.clear()
        for run in runs:
            text = f"{run_time(run.started_at)}  {STATUS_LABELS.get(run.status, run.status)}\n{titles.get(run.task, run.task)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, run.id)
            self.recent.addItem(item)
        if not runs:
            item = QListWidgetItem("아직 실행한 작업이 없습니다.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _recent_failed(self, text: str) -> None:
        """A shared store that cannot be reached: one line here, the whole reason as its tooltip."""
        self.storeReached.emit(text)
        self.recent.clear()
        item = QListWidgetItem("실행 기록을 불러오지 못했습니다.")
        item.setToolTip(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.recent.addItem(item)


def _recent(store: Any) -> tuple[list[Any], str]:
    """The last runs, and '' or why they come from this PC's offline journal (the status bar says so)."""
    from core.store_cli import offline_reason

    return store.runs(limit=8), offline_reason(store) or ""
