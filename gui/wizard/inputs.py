"""입력 파일: choose or drop a file per input, pick the sheet, see the first rows, fix the column mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import column_letter
from core.korean import josa
from core.masking import mask_text
from core.reader import HeaderMatch, find_header
from core.spec import TYPE_LABELS
from gui import dialogs
from gui.jobs import JobRunner
from gui.jobs_work import FilePreview, SheetPreview, preview_file
from gui.mappings import NONE, layout_key, remember, remembered
from gui.wizard.base import WizardPage
from gui.wizard.documents import DocumentPanel
from gui.wizard.state import InputState

PREVIEW_ROWS = 14
COMBOS_PER_TURN = 3  # mapping combo boxes made per turn of the event loop
HEADER_FILL = QColor("#DCE6F1")
MAPPED_FILL = QColor("#B9D0F0")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class InputPanel(QFrame):
    """One declared input."""

    def __init__(self, page: InputsPage, st: InputState):
        super().__init__()
        self.page = page
        self.st = st
        self.setAcceptDrops(True)
        self.runner = JobRunner(self)
        self.runner.finished.connect(self._on_preview)
        self.runner.failed.connect(self._on_failed)

        self.drop = QFrame()
        self.drop.setObjectName("dropZone")
        drop_row = QHBoxLayout(self.drop)
        self.choose = QPushButton("파일 선택…")
        self.choose.clicked.connect(self._choose)
        self.path_label = QLabel("엑셀이나 CSV 파일을 여기에 끌어다 놓거나 [파일 선택…]을 누르십시오.")
        self.path_label.setWordWrap(True)
        drop_row.addWidget(self.choose)
        drop_row.addWidget(self.path_label, 1)

        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumWidth(180)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet)
        self.status = QLabel()
        self.status.setWordWrap(True)
        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel("시트")
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addWidget(self.status, 1)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()

        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.verticalHeader().setDefaultSectionSize(24)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["항목", "파일의 열", "상태"])
        self.mapping.verticalHeader().hide()
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().setDefaultSectionSize(30)
        self.combos: dict[str, QComboBox] = {}
        self._choices: list[tuple[str, str]] = []
        self._combo_queue: list[tuple[int, Any]] = []  # (row, declared column) whose combo box is still to make
        self._combo_timer = QTimer(self)  # a child: it dies with the panel
        self._combo_timer.setSingleShot(True)
        self._combo_timer.setInterval(0)
        self._combo_timer.timeout.connect(self._add_combos)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>미리보기</b> <span style='color:#6b7280'>(파란 행이 찾은 머리글)</span>"))
        lv.addWidget(self.preview, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("<b>열 연결</b> <span style='color:#6b7280'>(다르면 골라 주십시오)</span>"))
        rv.addWidget(self.mapping, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        if st.spec.help:
            help_label = QLabel(st.spec.help + ("" if st.spec.required else " (넣지 않아도 됩니다)"))
            help_label.setObjectName("muted")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
        layout.addWidget(self.drop)
        layout.addLayout(sheet_row)
        layout.addWidget(self.error)
        layout.addWidget(self.split, 1)
        self._show_sheet_row(False)

    # ------------------------------------------------------------------ choosing a file
    def _choose(self) -> None:
        start = str(self.st.path.parent) if self.st.path else ""
        path = dialogs.open_file(self, f"{self.st.spec.title} 파일 선택", start)
        if path:
            self.set_path(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.set_path(Path(files[0]))

    def set_path(self, path: Path) -> None:
        st = self.st
        st.path, st.preview, st.error, st.match, st.sheet, st.overrides, st.layout = path, None, None, None, None, {}, None
        self.path_label.setText(f"{path.name}   <span style='color:#6b7280'>{path.parent}</span>")
        self.status.setText("파일을 읽는 중…")
        self.error.hide()
        self.preview.clear()
        self.preview.setRowCount(0)
        self.mapping.setRowCount(0)  # deletes the combo boxes too
        self.combos.clear()
        self._combo_queue = []
        # Always a child process, whatever the size: a file that aborts the reader's native code
        # (calamine) must take only the child with it, never the window.
        self.runner.start(
            preview_file,
            {"path": str(path), "spec": self.st.spec},  # by value: the child needs no registry
            process=True,
            died=f"파일을 읽다가 읽기 프로세스가 멈췄습니다: {path.name}\n파일이 손상되었을 수 있습니다. 엑셀에서 열어 다시 저장해 보십시오.",
        )
        self.page.changed.emit()

    def _on_preview(self, token: int, preview: FilePreview) -> None:
        if token != self.runner.token:
            return
        self.st.preview = preview
        best = max(preview.sheets, key=self._score) if len(preview.sheets) > 1 else preview.sheets[0]
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for s in preview.sheets:
            self.sheet_combo.addItem(s.sheet or "(CSV)", s.sheet)
        self.sheet_combo.setCurrentIndex(preview.sheets.index(best))
        self.sheet_combo.blockSignals(False)
        self._show_sheet_row(True)
        self._use_sheet(best)

    def _on_failed(self, token: int, message: str) -> None:
        if token != self.runner.token:
            return
        self.st.error = message
        self.error.setText(message)
        self.error.show()
        self.status.setText("")
        self._show_sheet_row(False)
        self.page.changed.emit()

    def _show_sheet_row(self, visible: bool) -> None:
        many = visible and self.st.preview is not None and len(self.st.preview.sheets) > 1
        self.sheet_label.setVisible(many)
        self.sheet_combo.setVisible(many)

    def _auto(self, sheet: SheetPreview) -> HeaderMatch:
        """The header found without any mapping (the worker already did this for each sheet)."""
        if sheet.auto is None:
            sheet.auto = find_header(sheet.raw(), self.st.spec)
        return sheet.auto

    def _score(self, sheet: SheetPreview) -> tuple[bool, int]:
        auto = self._auto(sheet)
        chosen = remembered(layout_key(self.page.state.task.id, self.st.spec.name, sheet.sheet, auto))
        match = find_header(sheet.raw(), self.st.spec, chosen) if chosen else auto
        return (not match.missing, match.score)

    def _on_sheet(self, index: int) -> None:
        if self.st.preview is None or index < 0:
            return
        self._use_sheet(self.st.preview.sheets[index])

    def current_sheet(self) -> SheetPreview | None:
        if self.st.preview is None:
            return None
        index = max(0, self.sheet_combo.currentIndex())
        return self.st.preview.sheets[index]

    def _use_sheet(self, sheet: SheetPreview) -> None:
        auto = self._auto(sheet)
        self.st.sheet = sheet.sheet
        self.st.layout = layout_key(self.page.state.task.id, self.st.spec.name, sheet.sheet, auto)
        self.st.overrides = remembered(self.st.layout)
        self._refresh()

    # ------------------------------------------------------------------ the mapping
    def _refresh(self, rebuild: bool = True) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        st = self.st
        st.match = find_header(sheet.raw(), st.spec, st.overrides) if st.overrides else self._auto(sheet)
        self._fill_preview(sheet, st.match)
        if rebuild or len(self.combos) + len(self._combo_queue) != len(st.spec.columns):
            self._fill_mapping(st.match)
        self._sync_mapping(st.match)
        data_rows = max(0, sheet.total_rows - st.match.row - 1)
        where = (
            f"{st.match.row + 1}행에서 머리글을 찾았습니다. 그 아래 약 {data_rows:,}행."
            if st.match.score
            else "머리글을 찾지 못했습니다."
        )
        if st.match.missing:
            names = ", ".join(f"'{m}'" for m in st.match.missing)
            self.status.setText(
                f"<span style='color:#b42318'>필수 열 {josa(names, '을/를')} 찾지 못했습니다. 오른쪽 '열 연결'에서 골라 주십시오.</span>"
            )
        else:
            self.status.setText(f"<span style='color:#1a7f37'>준비됨</span> · {where}")
        self.page.changed.emit()

    def _fill_preview(self, sheet: SheetPreview, match: HeaderMatch) -> None:
        head = sheet.head
        width = min(max((len(r) for r in head), default=0), 40)
        rows = head[: max(match.row + PREVIEW_ROWS, PREVIEW_ROWS)]
        self.preview.clear()
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.preview.setVerticalHeaderLabels([str(r + 1) for r in range(len(rows))])
        mapped = set(match.columns.values())
        bold = QFont(self.preview.font())
        bold.setBold(True)
        header_rows = {match.row}
        here = head[match.row] if match.row < len(head) else []
        if match.row > 0 and any(c >= len(here) or here[c] in (None, "") for c in mapped):
            header_rows.add(match.row - 1)  # a two-row header: the group names sit on the row above
        for r, row in enumerate(rows):
            for c in range(width):
                item = QTableWidgetItem(mask_text(_cell(row[c])) if c < len(row) else "")
                if r in header_rows and match.score:
                    item.setBackground(QBrush(MAPPED_FILL if c in mapped else HEADER_FILL))
                    item.setFont(bold)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        for c in range(width):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 140))
        if match.score:
            self.preview.scrollToItem(self.preview.item(min(header_rows), 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _fill_mapping(self, match: HeaderMatch) -> None:
        """The mapping rows at once; their combo boxes a few per turn of the event loop (``_add_combos``): a combo box
        is a costly widget to make and polish, and a dozen of them at once held the window 90-200 ms."""
        spec = self.st.spec
        labels = [(c, lb) for c, lb in sorted(match.labels.items()) if lb]
        for r in range(self.mapping.rowCount()):
            self.mapping.removeCellWidget(r, 1)  # the old file's combo boxes go at once: their choices are stale
        self.combos.clear()
        self.mapping.setRowCount(len(spec.columns))
        for r, col in enumerate(spec.columns):
            name = QTableWidgetItem(col.name + ("" if col.required else " (선택)"))
            name.setToolTip(
                f"{TYPE_LABELS[col.type]}. {col.help}".strip()
                + (f"\n다른 이름: {', '.join(col.synonyms)}" if col.synonyms else "")
            )
            self.mapping.setItem(r, 0, name)
            self.mapping.setItem(r, 2, QTableWidgetItem())
        # One list of choices for every combo box of this file (a header-less file offers a data row).
        self._choices = [("(없음)", NONE)] + [(f"{column_letter(c)}열: {mask_text(str(label))}", label) for c, label in labels]
        self._combo_queue = list(enumerate(spec.columns))
        self.mapping.resizeColumnToContents(0)
        self._combo_timer.start()

    def _add_combos(self, count: int = COMBOS_PER_TURN) -> None:
        """The next *count* combo boxes of the mapping, each set to the column found."""
        match = self.st.match
        while self._combo_queue and count > 0:
            count -= 1
            r, col = self._combo_queue.pop(0)
            combo = QComboBox()
            for text, label in self._choices:
                combo.addItem(text, label)
            if match is not None:
                self._set_combo(combo, match, col.name)
            combo.currentIndexChanged.connect(lambda _i, n=col.name, cb=combo: self._on_mapping(n, cb))
            self.mapping.setCellWidget(r, 1, combo)
            self.combos[col.name] = combo
        if self._combo_queue:
            self._combo_timer.start()
        else:
            self.page.changed.emit()  # the page may be ready now

    def building(self) -> bool:
        """Combo boxes of the mapping are still being made."""
        return bool(self._combo_queue)

    @staticmethod
    def _set_combo(combo: QComboBox, match: HeaderMatch, column: str) -> None:
        found = match.columns.get(column)
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(match.labels.get(found, "")), 0) if found is not None else 0)
        combo.blockSignals(False)

    def _sync_mapping(self, match: HeaderMatch) -> None:
        for r, col in enumerate(self.st.spec.columns):
            found = match.columns.get(col.name)
            if col.name in self.combos:  # one still to come is set when it is made
                self._set_combo(self.combos[col.name], match, col.name)
            if col.name in self.st.overrides and found is not None:
                state, color = "직접 고름", "#2f6fde"
            elif found is not None:
                state, color = "자동", "#1a7f37"
            elif col.required:
                state, color = "골라 주십시오", "#b42318"
            else:
                state, color = "없음(선택)", "#6b7280"
            item = self.mapping.item(r, 2)
            item.setText(state)
            item.setForeground(QBrush(QColor(color)))
        self.mapping.resizeColumnToContents(2)

    def _on_mapping(self, column: str, combo: QComboBox) -> None:
        label = combo.currentData()
        self.st.overrides[column] = label
        if self.st.layout:
            remember(self.st.layout, self.st.overrides)
        self._refresh(rebuild=False)

    def choose_column(self, column: str, label: str) -> None:
        """Pick the file column *label* for the declared *column* (what the combo box does)."""
        self._add_combos(len(self._combo_queue))  # the rest of them now
        combo = self.combos[column]
        idx = combo.findData(label)
        if idx < 0:
            raise KeyError(label)
        combo.setCurrentIndex(idx)


class InputsPage(WizardPage):
    step = "입력 파일"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading(
            "입력 파일",
            "파일마다 시트와 머리글을 자동으로 찾습니다. 열 이름이 다르면 오른쪽에서 골라 주십시오. "
            "고른 연결은 같은 모양의 파일에 다음에도 그대로 씁니다.",
        )
        self.tabs = QTabWidget()
        self.panels: dict[str, InputPanel] = {}
        for name, st in state.inputs.items():
            panel = InputPanel(self, st)
            self.panels[name] = panel
            self.tabs.addTab(panel, st.spec.title)
        self.documents: dict[str, DocumentPanel] = {}  # document inputs (statutes, templates) after the tables
        for name, doc in state.documents.items():
            self.documents[name] = DocumentPanel(self, doc)
            self.tabs.addTab(self.documents[name], doc.spec.title)
        self.body.addWidget(self.tabs, 1)
        self.changed.connect(self._update_tabs)
        self._update_tabs()

    def _update_tabs(self) -> None:
        for i, (_name, st) in enumerate(self.state.inputs.items()):
            if st.path is None:
                mark = "" if st.spec.required else " (선택)"
            elif st.error:
                mark = " · 오류"
            elif st.match is None:
                mark = " · 읽는 중"
            elif st.match.missing:
                mark = " · 열 연결 필요"
            else:
                mark = " · 준비됨"
            self.tabs.setTabText(i, st.spec.title + mark)
        for i, doc in enumerate(self.documents.values(), start=len(self.panels)):
            self.tabs.setTabText(i, doc.st.spec.title + doc.tab_mark())

    def ready(self) -> bool:
        return (
            not self.busy()
            and all(st.ready for st in self.state.inputs.values())
            and all(st.ready for st in self.state.documents.values())
        )

    def busy(self) -> bool:
        return any(p.runner.busy() or p.building() for p in self.panels.values()) or any(
            d.runner.busy() for d in self.documents.values()
        )

    def leave(self) -> bool:
        missing = [st.spec.title for st in self.state.inputs.values() if st.spec.required and st.path is None]
        missing += [st.spec.title for st in self.state.documents.values() if st.spec.required and not st.paths]
        return not missing

    def shutdown(self) -> None:
        for panel in self.panels.values():
            panel.runner.shutdown(2.0)
        for doc in self.documents.values():
            doc.runner.shutdown(2.0)
