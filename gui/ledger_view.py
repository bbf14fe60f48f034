"""기록 > 외부 처리 기록(확인 필요): the effects ledger for the clerk, with the CLI's words.

Lists what every task sent, posted or submitted (확인필요 first), lets the clerk settle what is in
doubt (보낸 것으로 처리 / 다시 보내기 허용 / 취소) and export the list to Excel, masked. All of it
through core.effects_view, the same functions as ``python main.py ledger``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.effects_view import IN_DOUBT, STATES, Entry, Resolution, entries, export, resolve
from core.errors import HaengBotError
from core.spec import TaskSpec
from core.store import Store
from core.store_cli import shared_store
from gui import dialogs

COLUMNS = ["번호", "상태", "종류", "작업", "사례", "단계", "대상", "마지막 변경", "내용", "사유"]
ALL = "모든 상태"
STATE_COLORS = {IN_DOUBT: "#9a6700", "실패": "#b42318", "실행중": "#1f5fbf"}


def choose_resolution(parent: QWidget | None, text: str) -> Resolution | None:
    """보낸 것으로 처리 / 다시 보내기 허용 / 취소. A function of its own so that tests can answer it."""
    box = QMessageBox(QMessageBox.Icon.Question, "확인 필요 건 정리", text, QMessageBox.StandardButton.NoButton, parent)
    sent = box.addButton("보낸 것으로 처리", QMessageBox.ButtonRole.AcceptRole)
    retry = box.addButton("다시 보내기 허용", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("취소", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "sent" if clicked is sent else "retry" if clicked is retry else None


class LedgerDialog(QDialog):
    def __init__(self, tasks: Iterable[TaskSpec] = (), parent: QWidget | None = None, store: Store | None = None):
        super().__init__(parent)
        self.setWindowTitle("외부 처리 기록")
        self.resize(1100, 560)
        self.titles = {t.id: t.title for t in tasks}
        self.store = store or shared_store()  # store.url: the department's shared ledger, never the offline journal
        self.shown: list[Entry] = []

        hint = QLabel(
            "문자·전자우편·업로드 파일·웹 입력·게시판 게시를 보내기 전에 기록하고, 끝나면 확인합니다. "
            "'확인필요'는 보내는 도중 멈춰 결과를 모르는 건입니다. 상대 시스템에서 확인한 뒤 정리하십시오. "
            "정리하기 전에는 다시 보내지 않습니다."
        )
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        self.task_box = QComboBox()
        self.task_box.addItem("모든 작업", None)
        for task_id, title in sorted(self.titles.items(), key=lambda item: item[1]):
            self.task_box.addItem(title, task_id)
        self.state_box = QComboBox()
        for state in (*STATES, ALL):
            self.state_box.addItem(state, None if state == ALL else state)
        self.task_box.currentIndexChanged.connect(self.refresh)
        self.state_box.currentIndexChanged.connect(self.refresh)
        filters = QHBoxLayout()
        for label, box in (("작업", self.task_box), ("상태", self.state_box)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.count_label = QLabel()

        self.resolve_button = QPushButton("선택한 건 정리…")
        self.resolve_button.setObjectName("primary")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.export_button = QPushButton("엑셀로 내보내기")
        self.export_button.clicked.connect(self.export_shown)
        close = QPushButton("닫기")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for button in (self.resolve_button, self.export_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    # ------------------------------------------------------------------ listing
    def filters(self) -> tuple[str | None, str | None]:
        return self.task_box.currentData(), self.state_box.currentData()

    def refresh(self) -> None:
        task, state = self.filters()
        self.shown = entries(self.store, task=task, state=state)
        self.table.setRowCount(len(self.shown))
        for row, e in enumerate(self.shown):
            values = [
                str(e.id),
                e.state,
                e.kind,
                self.titles.get(e.task, e.task),
                e.case_key,
                e.step,
                e.target,
                e.updated_at[:16].replace("T", " "),
                e.summary,
                e.reason,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 1 and e.state in STATE_COLORS:
                    item.setForeground(QBrush(QColor(STATE_COLORS[e.state])))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        doubt = sum(1 for e in self.shown if e.state == IN_DOUBT)
        self.count_label.setText(f"{len(self.shown):,}건 · 확인필요 {doubt:,}건")
        self._enable()

    def selected(self) -> list[Entry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.shown[r] for r in rows if r < len(self.shown)]

    def _enable(self) -> None:
        self.resolve_button.setEnabled(any(e.state == IN_DOUBT for e in self.selected()))
        self.export_button.setEnabled(bool(self.shown))

    # ------------------------------------------------------------------ actions
    def resolve_selected(self) -> None:
        doubt = [e for e in self.selected() if e.state == IN_DOUBT]
        if not doubt:
            return
        listed = "\n".join(f"· {e.id}번 {e.describe(self.titles)}" for e in doubt[:10])
        more = f"\n· 그 밖에 {len(doubt) - 10:,}건" if len(doubt) > 10 else ""
        how = choose_resolution(
            self,
            f"확인필요 {len(doubt):,}건을 어떻게 정리할까요?\n\n{listed}{more}\n\n"
            "보낸 것으로 처리: 상대 시스템에 처리된 것을 확인했습니다. 다시 하지 않습니다.\n"
            "다시 보내기 허용: 처리되지 않은 것을 확인했습니다. 다음 실행에서 다시 합니다.",
        )
        if how is None:
            return
        try:
            lines = resolve(self.store, [e.id for e in doubt], how, self.titles)
        except HaengBotError as exc:  # a read-only home: nothing was changed
            dialogs.warn(self, "정리하지 못했습니다", str(exc))
            return
        self.refresh()
        dialogs.inform(self, "정리 결과", "\n".join(line.message for line in lines))

    def export_shown(self) -> None:
        target = dialogs.save_file(self, "외부 처리 기록 내보내기", "외부처리기록.xlsx")
        if not target:
            return
        task, state = self.filters()
        try:
            path = export(self.store, Path(target), task=task, state=state, titles=self.titles)
        except HaengBotError as exc:
            dialogs.warn(self, "내보내지 못했습니다", str(exc))
            return
        dialogs.inform(self, "내보냈습니다", f"{path}\n대상(전화번호·주소)은 가린 형태로 적었습니다.")
