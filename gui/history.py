"""실행 기록: past runs with task, time, outcome counts and status; the workbook one click away."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
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

from core.profile_run import scheduled_ids
from core.runstatus import RunStatus
from core.spec import TaskSpec
from core.store import RunRecord, Store
from gui import dialogs
from gui.run_text import STATUS_LABELS, run_time

STATUS_COLORS = {
    RunStatus.DONE: "#1a7f37",
    RunStatus.CANCELLED: "#9a6700",
    RunStatus.FAILED: "#b42318",
    RunStatus.BAD_INPUT: "#b42318",
}
COLUMNS = ["시작 시각", "작업", "상태", "결과", "걸린 시간", "결과 파일"]


def summary_text(run: RunRecord) -> str:
    if run.status != RunStatus.DONE:
        return (run.message or "").split("\n")[0]
    parts = [f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in run.summary.items() if v not in (0, None)]
    return " · ".join(parts[:6])


class HistoryView(QWidget):
    def __init__(self, tasks: Iterable[TaskSpec] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.titles = {t.id: t.title for t in tasks}
        self.runs: list[RunRecord] = []
        title = QLabel("실행 기록")
        title.setObjectName("pageTitle")
        hint = QLabel("두 번 누르거나 [결과 파일 열기]를 누르면 엑셀에서 엽니다.")
        hint.setObjectName("muted")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
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
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        store = Store()
        self.runs = store.runs(limit=500)
        scheduled = scheduled_ids(store)  # issue 17: runs the OS scheduler started read '[예약] 작업'
        self.table.setRowCount(len(self.runs))
        for r, run in enumerate(self.runs):
            duration = f"{run.duration_s:.1f}초" if run.duration_s is not None else ""
            output = Path(run.output_path).name if run.output_path else ""
            values = [
                run_time(run.started_at),
                ("[예약] " if run.id in scheduled else "") + self.titles.get(run.task, run.task),
                STATUS_LABELS.get(run.status, run.status),
                summary_text(run),
                duration,
                output,
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 2 and run.status in STATUS_COLORS:
                    item.setForeground(QBrush(QColor(STATUS_COLORS[run.status])))
                if c == 3:
                    item.setToolTip(text)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if self.runs:
            self.table.selectRow(0)

    def open_ai_log(self, row: int, *, show: bool = True) -> QWidget | None:
        if not 0 <= row < len(self.runs):
            return None
        from gui.ai_dialogs import AiLogDialog

        dialog = AiLogDialog(self, run_id=self.runs[row].id)
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
            dialogs.warn(self, "결과 파일 없음", f"결과 파일이 옮겨졌거나 지워졌습니다:\n{path}")
            return False
        return dialogs.open_path(path.parent if folder else path)
