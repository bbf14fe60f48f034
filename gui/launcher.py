"""작업 목록: the registered tasks as cards grouped by department, a search box, and recent runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
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

from gui.first_paint import after_first_paint
from gui.needs import chips_row
from gui.task_cards import CardInfo, card_info

if TYPE_CHECKING:
    from core.spec import TaskSpec


class TaskCard(QFrame):
    def __init__(self, task: CardInfo, on_open, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.task = task
        self.setObjectName("taskCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        title = QLabel(task.title, self)
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        desc = QLabel(task.description, self)
        desc.setWordWrap(True)
        desc.setObjectName("muted")
        desc.setMaximumHeight(desc.fontMetrics().lineSpacing() * 4 + 4)
        layout.addWidget(title)
        layout.addWidget(desc)
        chips = chips_row(task.needs, self)
        layout.addLayout(chips)
        self.button = QPushButton("시작", self)
        self.button.setObjectName("primary")
        self.button.setToolTip(f"'{task.title}' 마법사를 엽니다")
        self.button.clicked.connect(lambda: on_open(task.id))
        chips.addWidget(self.button)

    def matches(self, text: str) -> bool:
        needle = text.strip().lower()
        hay = " ".join(
            [self.task.title, self.task.department, self.task.description, self.task.id, *self.task.input_titles]
        ).lower()
        return all(word in hay for word in needle.split())


class Launcher(QWidget):
    """Built from the top down: every widget is made inside its final parent. Under the app's style sheet each
    re-parenting re-polishes the whole moved subtree, and building the cards first and then moving them into the
    scroll area, the launcher and the window's stack polished them four times (about 30 ms of start-up)."""

    openTask = Signal(str)
    openHistory = Signal()
    storeReached = Signal(str)  # after each read of the recent runs: '' or why the shared store was out of reach

    def __init__(self, tasks: Iterable[TaskSpec | CardInfo], parent: QWidget | None = None):
        """*tasks*: declared tasks, or their cards (gui.task_cards: the window's start-up passes those)."""
        super().__init__(parent)
        self.tasks = [card_info(task) for task in tasks]
        self._reader: Any = None  # gui.store_load.StoreReader, made on the first read
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        left = QVBoxLayout()
        layout.addLayout(left, 1)
        title = QLabel("무엇을 할까요?", self)
        title.setObjectName("pageTitle")
        left.addWidget(title)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("작업 찾기 (예: 초과근무, 수당, 인사)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        left.addWidget(self.search)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left.addWidget(scroll, 1)
        inner = QWidget()
        scroll.setWidget(inner)  # still empty: the cards are made inside it
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 8, 0)

        self.cards: list[TaskCard] = []
        self.groups: list[tuple[QLabel, list[TaskCard]]] = []
        departments: dict[str, list[CardInfo]] = {}
        for task in self.tasks:
            departments.setdefault(task.department, []).append(task)
        for dept in sorted(departments):
            header = QLabel(dept, inner)
            header.setObjectName("sectionTitle")
            col.addWidget(header)
            grid = QGridLayout()
            grid.setSpacing(10)
            col.addLayout(grid)
            members = []
            for i, task in enumerate(departments[dept]):
                card = TaskCard(task, self.openTask.emit, inner)
                self.cards.append(card)
                members.append(card)
                grid.addWidget(card, i // 2, i % 2)
            self.groups.append((header, members))
        self.empty = QLabel("찾는 작업이 없습니다.", inner)
        self.empty.setObjectName("muted")
        self.empty.hide()
        col.addWidget(self.empty)
        col.addStretch(1)

        side_box = QWidget(self)
        side_box.setFixedWidth(300)
        layout.addWidget(side_box)
        side = QVBoxLayout(side_box)
        side.addWidget(QLabel("<b>최근 실행</b>", side_box))
        self.recent = QListWidget(side_box)
        self.recent.setObjectName("recent")
        self.recent.itemActivated.connect(lambda _item: self.openHistory.emit())
        side.addWidget(self.recent, 1)
        more = QPushButton("실행 기록 모두 보기", side_box)
        more.clicked.connect(self.openHistory.emit)
        side.addWidget(more)
        # The side list reads the run history (SQLite) just after the launcher first paints: the task cards,
        # which is what the clerk came for, are on screen without waiting for the database. (A timer of 30 ms
        # fired before the paint on a busy machine and opened, on a first start created, the database first.)
        self.recent.addItem(QListWidgetItem("불러오는 중…"))
        after_first_paint(self, self.refresh_recent)  # goes with the launcher: never fires after it is gone

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
        from PySide6.QtCore import Qt  # after the first paint: naming Qt builds its ~90 enum types (~20 ms)

        from gui.run_text import STATUS_LABELS, run_time

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
        from PySide6.QtCore import Qt

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
