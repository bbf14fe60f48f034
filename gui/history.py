"""실행 기록: past runs with task, time, outcome counts and status; the workbook one click away.

With a shared store (department mode, issue 18) it is the department's history: everyone's runs with
the clerk and the PC, filterable by clerk and by task, read off the GUI thread (gui.store_load) so a
slow server never freezes the window; a server that cannot be reached is said in Korean in the view.
With the home's SQLite store it is this clerk's history, as it always was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.profile_run import scheduled_ids
from core.runstatus import RunStatus
from core.spec import TaskSpec
from core.store import RunRecord, Store
from core.store_cli import describe_store, offline_reason
from gui import dialogs
from gui.run_text import STATUS_LABELS, run_time
from gui.store_load import StoreReader, shared_store_set

STATUS_COLORS = {
    RunStatus.DONE: "#1a7f37",
    RunStatus.CANCELLED: "#9a6700",
    RunStatus.FAILED: "#b42318",
    RunStatus.BAD_INPUT: "#b42318",
}
COLUMNS = ["시작 시각", "작업", "상태", "결과", "걸린 시간", "결과 파일"]
# The department's history: who ran it and on which PC, and the whole path (where to look for the file).
DEPT_COLUMNS = ["시작 시각", "작업", "담당자", "PC", "상태", "결과", "걸린 시간", "결과 파일"]
ALL_CLERKS = "모든 담당자"
ALL_TASKS = "모든 업무"
UNKNOWN = "(기록 없음)"  # runs recorded before migration 0010 carry no clerk or PC
LOADING = "공유 저장소에서 실행 기록을 불러오는 중입니다…"
OFFLINE = "이 PC에 보관 중인(아직 올리지 않은) 실행 기록만 보입니다. 다시 연결되면 자동으로 올립니다."
LIMIT = 500


def summary_text(run: RunRecord) -> str:
    if run.status != RunStatus.DONE:
        return (run.message or "").split("\n")[0]
    parts = [f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in run.summary.items() if v not in (0, None)]
    return " · ".join(parts[:6])


@dataclass
class HistoryData:
    """One read of the history: the runs shown, which of them the OS scheduler started, and the filter choices."""

    runs: list[RunRecord]
    scheduled: set[str] = field(default_factory=set)
    clerks: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    offline: str | None = None  # the shared server is out of reach: these are this PC's journal's runs, and why


def read_history(store: Store, clerk: str | None = None, task: str | None = None, limit: int = LIMIT) -> HistoryData:
    clerks, tasks = store.run_facets()
    runs = store.runs(task=task, limit=limit, clerk=clerk)
    return HistoryData(runs, scheduled_ids(store), clerks, tasks, offline_reason(store))  # issue 17: '[예약] 작업'


def elsewhere(run: RunRecord) -> bool:
    """The run was recorded on another PC (its result file is on that PC's disk, as a rule)."""
    from core.runlock_pg import this_pc

    return bool(run.host) and run.host != this_pc()[0]


class HistoryView(QWidget):
    def __init__(self, tasks: Iterable[TaskSpec] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.titles = {t.id: t.title for t in tasks}
        self.runs: list[RunRecord] = []
        self.shared = False
        self.reader = StoreReader(self)
        self.title = QLabel("실행 기록")
        self.title.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        # Department mode: filter by clerk and by task (hidden with this PC's own store: one clerk).
        self.clerk_box = QComboBox()
        self.task_box = QComboBox()
        for box in (self.clerk_box, self.task_box):
            box.setMinimumContentsLength(12)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filters = QWidget()
        filter_row = QHBoxLayout(self.filters)
        filter_row.setContentsMargins(0, 0, 0, 0)
        for label, box in (("담당자", self.clerk_box), ("업무", self.task_box)):
            filter_row.addWidget(QLabel(label))
            filter_row.addWidget(box)
        filter_row.addStretch(1)
        self.message = QLabel()  # loading, or why the shared store could not be read
        self.message.setObjectName("storeMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_run(row))
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.open_button = QPushButton("결과 파일 열기")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(lambda: self.open_run(self.table.currentRow()))
        self.folder_button = QPushButton("폴더 열기")
        self.folder_button.clicked.connect(lambda: self.open_run(self.table.currentRow(), folder=True))
        refresh = QPushButton("새로 고침")
        refresh.clicked.connect(self.refresh)
        # AI 도우미 (issue 20): what this run sent to the model and got back, masked as stored.
        self.ai_button = QPushButton("AI 사용 기록")
        self.ai_button.clicked.connect(lambda: self.open_ai_log(self.table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.ai_button)
        row.addStretch(1)
        row.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refresh()

    def columns(self) -> list[str]:
        return DEPT_COLUMNS if self.shared else COLUMNS

    def refresh(self) -> None:
        """Read the history again (the filters' choices apply); a shared store is read off the GUI thread."""
        self.shared = shared_store_set()
        self.filters.setVisible(self.shared)
        if self.shared:
            self.title.setText("부서 실행 기록")
            self.hint.setText(
                f"{describe_store()} — 부서원 모두의 실행입니다. 두 번 누르면 결과 파일을 엽니다"
                "(다른 PC에서 만든 파일은 그 PC에 있습니다)."
            )
        else:
            self.title.setText("실행 기록")
            self.hint.setText("두 번 누르거나 [결과 파일 열기]를 누르면 엑셀에서 엽니다.")
        clerk = self.clerk_box.currentData() if self.shared and self.clerk_box.currentIndex() > 0 else None
        task = self.task_box.currentData() if self.shared and self.task_box.currentIndex() > 0 else None
        self._say(LOADING if self.shared else "")
        self.reader.read(lambda store: read_history(store, clerk, task), self._show, self._failed)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b42318;" if error else "")
        self.message.setVisible(bool(text))

    def _failed(self, text: str) -> None:
        """The store could not be read (a shared server down, a wrong password): said here, the window goes on."""
        self.runs = []
        self.table.setRowCount(0)
        self._say(f"실행 기록을 불러오지 못했습니다. {text}", error=True)

    def _fill_filters(self, data: HistoryData) -> None:
        for box, first, values, shown in (
            (self.clerk_box, ALL_CLERKS, data.clerks, lambda v: v or UNKNOWN),
            (self.task_box, ALL_TASKS, sorted(data.tasks, key=lambda t: self.titles.get(t, t)), self.titles.get),
        ):
            chosen = box.currentData() if box.currentIndex() > 0 else None
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for value in values:
                box.addItem(shown(value) or value, value)
            index = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

    def _show(self, data: HistoryData) -> None:
        self._say(f"{data.offline} {OFFLINE}" if data.offline else "", error=bool(data.offline))
        if self.shared:
            self._fill_filters(data)
        self.runs = data.runs
        columns = self.columns()
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setRowCount(len(self.runs))
        for r, run in enumerate(self.runs):
            by_name = {
                "시작 시각": run_time(run.started_at),
                "작업": ("[예약] " if run.id in data.scheduled else "") + self.titles.get(run.task, run.task),
                "담당자": run.clerk or UNKNOWN,
                "PC": run.host or UNKNOWN,
                "상태": STATUS_LABELS.get(run.status, run.status),
                "결과": summary_text(run),
                "걸린 시간": f"{run.duration_s:.1f}초" if run.duration_s is not None else "",
                # The department sees the whole path (which PC's which folder); this PC's own history, the name.
                "결과 파일": (run.output_path if self.shared else Path(run.output_path).name) if run.output_path else "",
            }
            for c, name in enumerate(columns):
                item = QTableWidgetItem(by_name[name])
                if name == "상태" and run.status in STATUS_COLORS:
                    item.setForeground(QBrush(QColor(STATUS_COLORS[run.status])))
                if name == "결과":
                    item.setToolTip(by_name[name])
                if name == "결과 파일":
                    item.setToolTip(run.output_path or "")
                if name == "걸린 시간":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(columns.index("결과"), QHeaderView.ResizeMode.Stretch)
        if self.runs:
            self.table.selectRow(0)

    def open_ai_log(self, row: int, *, show: bool = True) -> QWidget | None:
        if not 0 <= row < len(self.runs):
            return None
        from core.errors import HaengBotError
        from gui.ai_dialogs import AiLogDialog

        try:
            dialog = AiLogDialog(self, run_id=self.runs[row].id)
        except HaengBotError as exc:  # a shared store out of reach since the list was read
            dialogs.warn(self, "AI 사용 기록을 열 수 없습니다", str(exc))
            return None
        if show:
            dialog.exec()
        return dialog

    def open_run(self, row: int, folder: bool = False) -> bool:
        if not 0 <= row < len(self.runs):
            return False
        run = self.runs[row]
        if not run.output_path:
            dialogs.inform(
                self, "결과 파일 없음", f"이 실행은 결과 파일을 만들지 않았습니다({STATUS_LABELS.get(run.status, run.status)})."
            )
            return False
        path = Path(run.output_path)
        if not path.exists():
            if elsewhere(run):
                dialogs.inform(
                    self,
                    "다른 PC의 결과 파일",
                    f"이 결과 파일은 다른 PC({run.host}, 담당자 {run.clerk or UNKNOWN})에서 만들어 그 PC에 있으므로 "
                    f"이 PC에서는 열 수 없습니다:\n{path}\n그 PC에서 열거나 담당자에게 파일을 받으십시오.",
                )
            else:
                dialogs.warn(self, "결과 파일 없음", f"결과 파일이 옮겨졌거나 지워졌습니다:\n{path}")
            return False
        return dialogs.open_path(path.parent if folder else path)
