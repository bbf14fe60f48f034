"""결과: summary cards, each result table (sortable, searchable), save a copy, open the folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from core.result import FINDING, MONEY, OK, WARNING, SummaryItem
from gui import dialogs
from gui.table_model import ResultTableView, show
from gui.wizard.base import WizardPage

CARD_KIND = {FINDING: "cardFinding", WARNING: "cardWarning", OK: "cardOk"}


def summary_card(item: SummaryItem) -> QFrame:
    card = QFrame()
    card.setObjectName(CARD_KIND.get(item.kind, "cardPlain"))
    layout = QVBoxLayout(card)
    layout.setContentsMargins(10, 4, 10, 5)
    layout.setSpacing(2)
    label = QLabel(item.label)
    label.setObjectName("cardLabel")
    label.setToolTip(item.label)
    value = QLabel(show(item.value, item.fmt) + ("원" if item.fmt == MONEY and "(원)" not in item.label else ""))
    value.setObjectName("cardValue")
    layout.addWidget(label)
    layout.addWidget(value)
    return card


class ResultPage(WizardPage):
    step = "결과"
    next_label = "마침"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.body.addWidget(self.title)
        self.saved = QLabel()
        self.saved.setObjectName("muted")
        self.saved.setWordWrap(True)
        self.body.addWidget(self.saved)
        self.cards = QGridLayout()
        self.cards.setSpacing(6)
        self.body.addLayout(self.cards)
        self.warnings = QLabel()
        self.warnings.setObjectName("warning")
        self.warnings.setWordWrap(True)
        self.body.addWidget(self.warnings)
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton("엑셀로 저장…")
        self.save_button.clicked.connect(self.save_copy)
        self.open_button = QPushButton("결과 파일 열기")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_output)
        self.folder_button = QPushButton("폴더 열기")
        self.folder_button.clicked.connect(self.open_folder)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.views: list[ResultTableView] = []
        self._pending: list = []
        self._loader = QTimer(self)  # a child: it dies with the page, never calls into a deleted one
        self._loader.setSingleShot(True)
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._add_next_table)

    def enter(self) -> None:
        reply = self.state.reply
        if reply is None or reply.result is None:
            return
        result = reply.result
        self.title.setText(result.headline or self.state.task.title)
        self.saved.setText(f"결과 파일: {reply.output}  ·  {reply.duration_s:.1f}초 걸림")
        while self.cards.count():
            item = self.cards.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        per_row = 7
        for i, item in enumerate(result.summary):
            self.cards.addWidget(summary_card(item), i // per_row, i % per_row)
        self.warnings.setText("\n".join(result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self.tabs.clear()
        self.views = []
        self._pending = list(enumerate(result.tables))
        self._loader.start()  # the cards paint first; each table follows in its own turn of the event loop

    def _add_next_table(self) -> None:
        """One table per turn of the event loop: a 100,000-row table must not hold up the first one."""
        reply = self.state.reply
        if not self._pending or reply is None:
            return
        i, table = self._pending.pop(0)
        view = ResultTableView(table, blocks=reply.blocks.get(i))
        self.views.append(view)
        self.tabs.addTab(view, f"{table.name} ({view.model.rowCount():,})")
        if self._pending:
            self._loader.start()

    def loaded(self) -> bool:
        return not self._pending

    def save_copy(self) -> Path | None:
        reply = self.state.reply
        if reply is None or reply.output is None:
            return None
        target = dialogs.save_file(self, "엑셀로 저장", str(Path.home() / reply.output.name))
        if not target:
            return None
        try:
            shutil.copyfile(reply.output, target)
        except OSError as exc:
            dialogs.warn(
                self,
                "저장하지 못했습니다",
                f"'{target}'에 저장하지 못했습니다({exc.strerror or exc}). 파일이 엑셀에서 열려 있으면 닫고 다시 시도하십시오.",
            )
            return None
        self.saved.setText(f"결과 파일: {reply.output}  ·  사본 저장: {target}")
        return Path(target)

    def open_output(self) -> None:
        if self.state.reply and self.state.reply.output:
            dialogs.open_path(self.state.reply.output)

    def open_folder(self) -> None:
        if self.state.reply and self.state.reply.output:
            dialogs.open_path(self.state.reply.output.parent)

    def can_go_back(self) -> bool:
        return False
