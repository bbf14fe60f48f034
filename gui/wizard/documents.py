"""입력 문서: choose or drop a file, several files or a folder, and see each file found with its status.

Each file is read off the GUI thread exactly as the run will read it (core.documents.survey), so a
broken statute file is named here, before 다음, with the same Korean reason the run would give.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.documents import DocumentChoice, Survey, formats_text, survey
from core.spec import DocumentKind
from gui import dialogs
from gui.jobs import JobRunner
from gui.wizard.state import DocumentState

if TYPE_CHECKING:
    from gui.wizard.inputs import InputsPage

OK_COLOR, BAD_COLOR, MUTED_COLOR = "#1a7f37", "#b42318", "#6b7280"
READY = "읽을 수 있음"


class DocumentPanel(QFrame):
    """One declared document input: its picker, the drop zone and the list of files found."""

    def __init__(self, page: InputsPage, st: DocumentState):
        super().__init__()
        self.page = page
        self.st = st
        self.setAcceptDrops(True)
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._on_survey)
        self.runner.failed.connect(self._on_failed)

        spec = st.spec
        folder = spec.kind is DocumentKind.FOLDER
        self.drop = QFrame()
        self.drop.setObjectName("dropZone")
        row = QHBoxLayout(self.drop)
        self.choose = QPushButton("폴더 선택…" if folder else "파일 선택…")
        self.choose.clicked.connect(self._choose)
        what = "문서가 든 폴더를" if folder else ("문서 파일들을" if spec.kind is DocumentKind.FILES else "문서 파일을")
        self.path_label = QLabel(
            f"{what} 여기에 끌어다 놓거나 [{self.choose.text()}]을 누르십시오. 받는 형식: {formats_text(spec)}"
        )
        self.path_label.setWordWrap(True)
        row.addWidget(self.choose)
        row.addWidget(self.path_label, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files = QTableWidget(0, 2)
        self.files.setHorizontalHeaderLabels(["파일", "상태"])
        self.files.verticalHeader().hide()
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.files.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        if spec.help:
            help_label = QLabel(spec.help + ("" if spec.required else " (넣지 않아도 됩니다)"))
            help_label.setObjectName("muted")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
        layout.addWidget(self.drop)
        layout.addWidget(self.status)
        layout.addWidget(self.files, 1)

    # ------------------------------------------------------------------ choosing
    def _choose(self) -> None:
        spec = self.st.spec
        start = str(self.st.paths[0].parent) if self.st.paths else ""
        if spec.kind is DocumentKind.FOLDER:
            chosen = dialogs.choose_dir(self, f"{spec.title} 폴더 선택", start)
            if chosen:
                self.set_paths([Path(chosen)])
            return
        many = spec.kind is DocumentKind.FILES
        paths = dialogs.open_documents(self, f"{spec.title} 파일 선택", start, spec.formats, many)
        if paths:
            self.set_paths([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        dropped = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not dropped:
            return
        event.acceptProposedAction()
        kind = self.st.spec.kind
        if kind is DocumentKind.FOLDER:
            # A folder dropped as such, or the folder of a file dropped from it.
            self.set_paths([dropped[0] if dropped[0].is_dir() else dropped[0].parent])
        elif kind is DocumentKind.FILES:
            self.set_paths(dropped)
        else:
            self.set_paths(dropped[:1])

    def set_paths(self, paths: list[Path]) -> None:
        """Take *paths* as the input and read each file found, off the GUI thread."""
        st = self.st
        st.paths, st.survey = list(paths), None
        shown = paths[0].name if len(paths) == 1 else f"{paths[0].name} 외 {len(paths) - 1}개"
        self.path_label.setText(f"{shown}   <span style='color:{MUTED_COLOR}'>{paths[0].parent}</span>")
        self.status.setText("문서를 읽는 중…")
        self.files.setRowCount(0)
        self.runner.start(survey, {"spec": st.spec, "choice": DocumentChoice(tuple(paths))})
        self.page.changed.emit()

    # ------------------------------------------------------------------ what was found
    def _on_survey(self, token: int, found: Survey) -> None:
        if token != self.runner.token:
            return
        self.st.survey = found
        self.files.setRowCount(len(found.files))
        for r, (path, reason) in enumerate(found.files):
            self.files.setItem(r, 0, QTableWidgetItem(path.name))
            item = QTableWidgetItem(reason or READY)
            item.setForeground(QBrush(QColor(BAD_COLOR if reason else OK_COLOR)))
            item.setToolTip(reason or str(path))
            self.files.setItem(r, 1, item)
        self.files.resizeColumnToContents(0)
        bad = [path.name for path, reason in found.files if reason]
        if found.error:
            self._say(found.error, BAD_COLOR)
        elif bad:
            self._say(
                f"문서 {len(found.files)}개 중 {len(bad)}개를 읽을 수 없습니다: {', '.join(bad)}. 고치거나 빼고 다시 고르십시오.",
                BAD_COLOR,
            )
        else:
            self._say(f"준비됨 · 문서 {len(found.files)}개", OK_COLOR)
        self.page.changed.emit()

    def _on_failed(self, token: int, message: str) -> None:
        if token != self.runner.token:
            return
        self.st.survey = Survey((), message)
        self._say(message, BAD_COLOR)
        self.page.changed.emit()

    def _say(self, text: str, color: str) -> None:
        self.status.setText(f"<span style='color:{color}'>{_escape(text)}</span>")

    def tab_mark(self) -> str:
        st = self.st
        if not st.paths:
            return "" if st.spec.required else " (선택)"
        if st.survey is None:
            return " · 읽는 중"
        return " · 준비됨" if st.survey.ok else " · 오류"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
