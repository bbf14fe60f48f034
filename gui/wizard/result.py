"""결과: a compact grouped summary, each result table (sortable, searchable), save a copy, open the file.

The summary used to be one card per figure: local-income-tax's 26 figures took four rows of cramped
cards and left the table three rows at the default 1180×780 window. Now each 판정 is one card with its
own amounts folded under it, the plain figures (건수, 합계) share one wrapped line, and the cards keep
to at most two rows, so the table keeps the room.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.artifacts import WrittenArtifact
from core.masking import mask_text
from core.result import FINDING, MONEY, OK, TEXT, WARNING, Result, ResultTable, SummaryItem
from gui import dialogs, profile_actions
from gui.table_model import ResultTableView, show
from gui.wizard.base import WizardPage

CARD_KIND = {FINDING: "cardFinding", WARNING: "cardWarning", OK: "cardOk"}
CARDS_PER_ROW = 10  # beyond this a card's label no longer fits at 1180 px; more cards wrap into a second row
MAX_CARD_ROWS = 2
CARD_MAX_WIDTH = 260


@dataclass
class SummaryGroup:
    """A top-level figure and the indented figures that belong to it ("  과소신고 금액 합계(원)")."""

    head: SummaryItem
    details: list[SummaryItem] = field(default_factory=list)


def group_summary(items: list[SummaryItem]) -> list[SummaryGroup]:
    groups: list[SummaryGroup] = []
    for item in items:
        if item.label.startswith(" ") and groups:
            groups[-1].details.append(item)
        else:
            groups.append(SummaryGroup(item))
    return groups


def shown_value(item: SummaryItem) -> str:
    text = show(item.value, item.fmt if item.fmt != TEXT else "")
    return text + ("원" if item.fmt == MONEY and text else "")


def short_label(head: SummaryItem, detail: SummaryItem) -> str:
    """'  과소신고 금액 합계(원)' under '과소신고 건수' reads '금액 합계'; '  제외: 번호 없음' under '제외' reads '번호 없음'."""
    label = detail.label.strip().replace("(원)", "").strip()
    stem = head.label.removesuffix("건수").strip()
    if stem and label.startswith(stem):
        label = label[len(stem) :].lstrip(" :·")
    return label or detail.label.strip()


def summary_card(group: SummaryGroup) -> QFrame:
    head = group.head
    card = QFrame()
    card.setObjectName(CARD_KIND.get(head.kind, "cardPlain"))
    layout = QVBoxLayout(card)
    layout.setContentsMargins(8, 2, 8, 3)
    layout.setSpacing(0)
    label = QLabel(head.label)
    label.setObjectName("cardLabel")
    value = QLabel(shown_value(head))
    value.setObjectName("cardValue")
    top = QHBoxLayout()  # label and figure on one line: a card is as short as it can be
    top.setSpacing(4)
    top.addWidget(label, 1)
    top.addWidget(value)
    layout.addLayout(top)
    tip = [f"{head.label}: {shown_value(head)}"] + [f"{d.label.strip()}: {shown_value(d)}" for d in group.details]
    if head.note:
        tip.append(head.note)
    if group.details:
        parts = [f"{short_label(head, d)} {shown_value(d)}" for d in group.details]
        # Two amounts read best one per line; a long list (welfare-sms' 제외 reasons) flows and wraps instead.
        detail = QLabel("\n".join(parts) if len(parts) <= 2 else " · ".join(parts))
        detail.setWordWrap(len(parts) > 2)
        detail.setObjectName("cardDetail")
        layout.addWidget(detail)
    card.setToolTip("\n".join(tip))
    return card


def figures_text(groups: list[SummaryGroup]) -> str:
    """The plain figures (counts and sums that judge nothing) on one wrapped line."""
    parts = []
    for group in groups:
        for item in (group.head, *group.details):
            label = item.label.strip().replace("(원)", "") if item.fmt == MONEY else item.label.strip()
            parts.append(f"{label} <b>{shown_value(item)}</b>")
    return " · ".join(parts)


def search_hint(table: ResultTable, df: pd.DataFrame) -> str:
    """The search box's example, from this table's own 판정 words and columns (never another task's)."""
    words: list[str] = []
    if table.highlight_by and table.highlight_by in df.columns:
        flagged = [k for k, kind in table.highlight.items() if kind]
        present = [v for v in pd.unique(df[table.highlight_by].dropna()) if v in flagged]
        words = [str(v) for v in (present or flagged)[:2]]
    names = [c for c in ("성명", "이름", "공고명", "기관", "소관기관", "부서", "출처") if c in df.columns][:2]
    examples = ", ".join(words + names)
    return f"표 안에서 찾기 (예: {examples})" if examples else "표 안에서 찾기"


class ResultPage(WizardPage):
    step = "결과"
    next_label = "마침"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.body.setSpacing(4)
        # The file's name and buttons share rows that exist anyway (the title's, the tabs'): the table needs the height.
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.saved = QLabel()
        self.saved.setObjectName("muted")
        self.saved.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.saved.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(16)
        heading.addWidget(self.saved, 1)
        self.body.addLayout(heading)
        # The summary (cards, plain figures, warnings, documents) is built off screen on each entry and put in
        # place as one widget: each widget shown one by one in a visible page lays the whole page out again
        # (Qt activates the parent's layout on every show), which was 25 ms per card on entering this page.
        self.summary = QWidget()
        self.body.addWidget(self.summary)
        self._build_summary(None)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("resultTabs")
        self.body.addWidget(self.tabs, 1)
        self.save_button = QPushButton("엑셀로 저장…")
        self.save_button.clicked.connect(self.save_copy)
        self.open_button = QPushButton("결과 파일 열기")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_output)
        self.folder_button = QPushButton("폴더 열기")
        self.folder_button.clicked.connect(self.open_folder)
        # Issue 17: the same run again later, by name or every day by itself (gui/profile_actions.py).
        self.profile_button = QPushButton("이 설정으로 저장")
        self.profile_button.setToolTip("입력 파일·설정·결과 폴더를 이름 붙여 저장합니다. 명령줄의 run --profile로도 씁니다.")
        self.profile_button.clicked.connect(lambda: profile_actions.save_profile(self, self.state))
        self.schedule_button = QPushButton("매일 이 시각에 자동 실행")
        self.schedule_button.clicked.connect(lambda: profile_actions.schedule_daily(self, self.state))
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.profile_button)
        row.addWidget(self.schedule_button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.views: list[ResultTableView] = []
        self._pending: list[Callable[[], None]] = []  # the steps still to do of building the page (``enter``)
        self._built: list[tuple[ResultTable, ResultTableView]] = []
        self._loader = QTimer(self)  # a child: it dies with the page, never calls into a deleted one
        self._loader.setSingleShot(True)
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._next_step)

    def prepare(self) -> None:
        """Ahead of the result, while the run goes on (the run page calls this): polish the page's own widgets and a
        card of each kind off screen, so the style sheet's rules and the cards' fonts are resolved and cached before
        the clerk arrives, and entering only fills in data."""
        self.ensurePolished()
        sample = QWidget()
        layout = QHBoxLayout(sample)
        for kind in (*CARD_KIND, TEXT):
            head = SummaryItem("건수", 1, kind=kind)
            layout.addWidget(summary_card(SummaryGroup(head, [SummaryItem("  금액", 1000, fmt=MONEY)])))
        sample.ensurePolished()
        sample.layout().activate()  # measures the labels: the fonts' metrics are cached from here on
        sample.deleteLater()
        mask_text("")  # the masking patterns are compiled on first use

    def enter(self) -> None:
        reply = self.state.reply
        if reply is None or reply.result is None:
            return
        result = reply.result
        self.title.setText(result.headline or self.state.task.title)
        self.saved.setText(f"결과 파일: {reply.output}  ·  {reply.duration_s:.1f}초 걸림")
        self.saved.setToolTip(str(reply.output))
        self.tabs.clear()
        self.views = []
        # The page comes up in steps, one per turn of the event loop, so no turn holds the window for long: this turn
        # the page and its summary (made off screen: the wizard enters a page before showing it), then each table
        # built hidden, then put in its tab.
        self._show_summary(result)
        self._pending = []
        for i, table in enumerate(result.tables):
            self._pending.append(lambda i=i, table=table: self._build_table(i, table))
            self._pending.append(self._add_built_table)
        self._built = []
        self._loader.start()

    def _next_step(self) -> None:
        if self._pending:
            self._pending.pop(0)()
        if self._pending:
            self._loader.start()

    def _show_summary(self, result: Result) -> None:
        fresh = QWidget()
        self._build_summary(fresh, result)
        old, self.summary = self.summary, fresh
        self.body.replaceWidget(old, fresh)
        old.hide()
        old.setParent(None)  # out of the page at once (findChildren, layout); deleted below
        old.deleteLater()

    def _build_summary(self, box: QWidget | None, result: Result | None = None) -> None:
        """The cards, plain figures, warnings and documents of *result*, in *box* (not yet on screen, so nothing in it
        is laid out or shown one piece at a time)."""
        layout = QVBoxLayout(box if box is not None else self.summary)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.cards = QGridLayout()
        self.cards.setSpacing(6)
        layout.addLayout(self.cards)
        self.figures = QLabel()
        self.figures.setObjectName("summaryFigures")
        self.figures.setWordWrap(True)
        layout.addWidget(self.figures)
        self.warnings = QLabel()
        self.warnings.setObjectName("resultWarning")  # the page's warning box, with less padding
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings)
        # The documents written beside the workbook (공고문 HWPX, PDF …), one 열기 button each.
        self.artifacts = QFrame()
        self.artifacts.setObjectName("resultArtifacts")
        self.artifact_rows = QGridLayout(self.artifacts)
        self.artifact_rows.setContentsMargins(0, 0, 0, 0)
        self.artifact_rows.setHorizontalSpacing(8)
        self.artifact_rows.setVerticalSpacing(2)
        self.artifact_buttons: dict[str, QPushButton] = {}
        layout.addWidget(self.artifacts)
        groups = group_summary(list(result.summary)) if result is not None else []
        judged = [g for g in groups if g.head.kind in CARD_KIND]
        plain = [g for g in groups if g.head.kind not in CARD_KIND]
        rows = min(MAX_CARD_ROWS, max(1, math.ceil(len(judged) / CARDS_PER_ROW)))
        per_row = max(1, math.ceil(len(judged) / rows))
        for i, group in enumerate(judged):
            card = summary_card(group)
            card.setMaximumWidth(CARD_MAX_WIDTH)
            self.cards.addWidget(card, i // per_row, i % per_row)
            self.cards.setColumnStretch(i % per_row, 1)
        self.cards.setColumnStretch(per_row, 0 if len(judged) >= CARDS_PER_ROW else 1)  # a few cards stay card-sized
        self.figures.setText(figures_text(plain))
        self.figures.setVisible(bool(plain))
        warnings = list(result.warnings) if result is not None else []
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self._show_artifacts(list(result.artifacts) if result is not None else [])

    def _show_artifacts(self, artifacts: list[WrittenArtifact]) -> None:
        for r, artifact in enumerate(artifacts):
            label = QLabel(f"<b>{artifact.title}</b>  {artifact.path.name}")
            label.setToolTip(f"{artifact.path}\nSHA-256 {artifact.sha256}")
            button = QPushButton("열기")
            button.setToolTip(str(artifact.path))
            button.clicked.connect(lambda _checked=False, a=artifact: self.open_artifact(a))
            self.artifact_rows.addWidget(label, r, 0)
            self.artifact_rows.addWidget(button, r, 1)
            self.artifact_buttons[artifact.name] = button
        self.artifact_rows.setColumnStretch(0, 1)
        self.artifacts.setVisible(bool(artifacts))

    def open_artifact(self, artifact: WrittenArtifact) -> None:
        if not dialogs.open_path(artifact.path):
            dialogs.warn(
                self,
                "문서를 열지 못했습니다",
                f"이 컴퓨터에 '{artifact.path.suffix}' 파일을 여는 프로그램이 없거나 연결되어 있지 않습니다.\n"
                f"문서는 저장되어 있습니다:\n{artifact.path}",
            )

    def _build_table(self, i: int, table: ResultTable) -> None:
        """A table's view, made off screen: its model, column widths and search hint (one turn of the event loop)."""
        reply = self.state.reply
        if reply is None:
            return
        # Made inside the tab widget (hidden until its tab is added): made outside, it was styled twice, once more when
        # moved into the styled page (a StyleChange of every part of the view, 30-170 ms in one turn).
        view = ResultTableView(table, self.tabs, blocks=reply.blocks.get(i))
        view.hide()
        view.ensurePolished()
        # The example words come from the first rows: joining a million-row table here would stall the window.
        view.search.setPlaceholderText(search_hint(table, view.model.head(view.model.BLOCK)))
        self._built.append((table, view))

    def _add_built_table(self) -> None:
        """The view built in the last turn goes into its tab: shown, laid out and painted in this one."""
        if not self._built:
            return
        table, view = self._built.pop(0)
        self.views.append(view)
        self.tabs.addTab(view, f"{table.name} ({view.model.total_rows():,})")

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
            path = self.state.reply.output
            if not dialogs.open_path(path):
                dialogs.warn(
                    self,
                    "결과 파일을 열지 못했습니다",
                    f"이 컴퓨터에 엑셀 파일(.xlsx)을 여는 프로그램이 없거나 연결되어 있지 않습니다.\n"
                    f"결과 파일은 저장되어 있습니다:\n{path}\n"
                    "엑셀·한셀·LibreOffice 같은 프로그램으로 직접 여십시오.",
                )

    def open_folder(self) -> None:
        if self.state.reply and self.state.reply.output:
            folder = self.state.reply.output.parent
            if not dialogs.open_path(folder):
                dialogs.warn(self, "폴더를 열지 못했습니다", f"파일 탐색기로 이 폴더를 직접 여십시오:\n{folder}")

    def can_go_back(self) -> bool:
        return False
