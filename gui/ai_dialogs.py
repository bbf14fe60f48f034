"""AI 도우미 in the window (issue 20): '문구 쉬운 말로 다듬기' and 'AI 사용 기록'.

The window has no template editor yet, so the suggestion has its own dialog: the template's entry
on the left, the AI's suggestion on the right under the label ``AI 작성 · 검토 필요`` (editable),
and nothing is written until the clerk presses '제안 적용'. ``core.ai`` is imported only when one
of these dialogs opens.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.paths import app_home, resources_dir
from core.settings import Settings

AI_LABEL = "AI 작성 · 검토 필요"
# The notice tasks' message templates ([["문구"]] with "내용"), as each task looks them up: the clerk's copy under
# the home's templates folder first, else the bundled file (tasks/welfare_sms/templates.py, core/deadlines/templates.py).
# car-inheritance-notice's templates are HWPX documents, not messages: no suggestion for them.
TEMPLATES = (
    ("복지 안내 문자 (welfare-sms)", "welfare_sms.toml", "welfare-sms"),
    ("옥외광고물 만료 알림 (ad-permit-expiry)", "ad_permit_expiry/notices.toml", "ad-permit-expiry"),
    ("체육시설 점검 알림 (sports-facility-check)", "sports_facility_check/notices.toml", "sports-facility-check"),
)


def template_paths(relative: str = TEMPLATES[0][1]) -> tuple[Path, Path]:
    """(the file to read, the clerk's copy to write): the copy once it exists, else the bundled file."""
    target = app_home() / "templates" / relative
    return (target if target.exists() else resources_dir() / "templates" / relative), target


class PlainWordsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None):
        super().__init__(parent)
        self.setWindowTitle("문구 쉬운 말로 다듬기(AI)")
        self.resize(900, 520)
        self.settings = settings or Settings()
        self.template = QComboBox()
        for title, _, _ in TEMPLATES:
            self.template.addItem(title)
        self.file_label = QLabel("")
        self.choice = QComboBox()
        self._load_template(0)
        self.original = QPlainTextEdit()
        self.original.setReadOnly(True)
        self.suggestion = QPlainTextEdit()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.ask_button = QPushButton("쉬운 말로 다듬기")
        self.apply_button = QPushButton("제안 적용")
        self.apply_button.setEnabled(False)
        close = QPushButton("닫기")
        grid = QGridLayout()
        grid.addWidget(QLabel("지금 문구"), 0, 0)
        grid.addWidget(QLabel(f"AI 제안 ({AI_LABEL})"), 0, 1)
        grid.addWidget(self.original, 1, 0)
        grid.addWidget(self.suggestion, 1, 1)
        buttons = QHBoxLayout()
        for b in (self.ask_button, self.apply_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.template)
        layout.addWidget(self.file_label)
        layout.addWidget(self.choice)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.choice.currentIndexChanged.connect(self._show)
        self.template.currentIndexChanged.connect(self._load_template)
        self.ask_button.clicked.connect(self.ask)
        self.apply_button.clicked.connect(self.accept_suggestion)
        close.clicked.connect(self.reject)
        self._outcome: list[Any] = []
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        if not self.settings.get("ai.enabled"):
            self.ask_button.setEnabled(False)
            self.status.setText("AI 도우미가 꺼져 있습니다. [설정] > AI 도우미에서 켜십시오.")
        self._show(0)

    def _load_template(self, k: int) -> None:
        from core.ai.plain import entries

        self.task_id = TEMPLATES[k][2]
        self.source, self.target = template_paths(TEMPLATES[k][1])
        self.entries = entries(self.source)
        self.file_label.setText(f"문구 파일: {self.source}")
        self.choice.blockSignals(True)
        self.choice.clear()
        for e in self.entries:
            self.choice.addItem(f"{e.index + 1}. {e.step}")
        self.choice.blockSignals(False)
        if hasattr(self, "suggestion"):
            self._show(0)

    def _show(self, i: int) -> None:
        if 0 <= i < len(self.entries):
            self.original.setPlainText(self.entries[i].text)
        self.suggestion.clear()
        self.apply_button.setEnabled(False)

    def ask(self) -> None:
        from core.ai.assist import Assistant
        from core.context import RunContext

        entry = self.entries[self.choice.currentIndex()]
        assistant = Assistant.for_run(RunContext(settings=self.settings), self.task_id)
        self.ask_button.setEnabled(False)
        self.status.setText("AI에게 묻는 중…")
        self._outcome.clear()

        def work() -> None:
            from core.ai.plain import suggest

            try:
                self._outcome.append(suggest(assistant, entry.text))
            except Exception as exc:  # no traceback in the clerk's face
                self._outcome.append(exc)

        threading.Thread(target=work, name="ai-plain", daemon=True).start()
        self._timer.start()

    def _poll(self) -> None:
        if not self._outcome:
            return
        self._timer.stop()
        self.ask_button.setEnabled(True)
        outcome = self._outcome[0]
        if isinstance(outcome, Exception):
            self.status.setText(f"제안을 받지 못했습니다({type(outcome).__name__}).")
            return
        if not outcome.text:
            self.status.setText(f"제안을 받지 못했습니다: {outcome.reason}")
            return
        self.suggestion.setPlainText(outcome.text)
        self.apply_button.setEnabled(True)
        self.status.setText(
            f"[{AI_LABEL}] 제안을 읽고 고친 뒤, 쓸 때만 [제안 적용]을 누르십시오. 누르기 전에는 아무것도 바뀌지 않습니다."
        )

    def accept_suggestion(self) -> None:
        """The clerk's explicit yes: the (possibly edited) suggestion goes into the clerk's copy."""
        from core.ai.plain import FIELD, apply

        i = self.choice.currentIndex()
        text = self.suggestion.toPlainText().strip()
        if sorted(set(FIELD.findall(text))) != sorted(set(FIELD.findall(self.entries[i].text))):
            self.status.setText("고친 문구의 {자리}가 지금 문구와 달라 적용하지 않았습니다.")
            return
        try:
            apply(self.source, self.target, i, text)
        except (OSError, ValueError) as exc:
            self.status.setText(f"적용하지 못했습니다: {exc}")
            return
        from core.ai.plain import entries

        self.source = self.target
        self.entries = entries(self.target)
        self.original.setPlainText(self.entries[i].text)
        self.apply_button.setEnabled(False)
        self.status.setText(f"적용했습니다: {self.target}")


class AiLogDialog(QDialog):
    """AI 사용 기록: the audit log, masked as stored, newest first."""

    COLUMNS = ("시각", "사용자", "작업", "용도", "모델", "토큰", "결과", "보낸 내용(가림)", "받은 답(가림)")

    def __init__(self, parent: QWidget | None = None, run_id: str | None = None):
        super().__init__(parent)
        from core.ai.audit import AuditLog
        from core.store_cli import shared_store

        self.setWindowTitle("AI 사용 기록" + (" (이 실행)" if run_id else ""))
        self.resize(1000, 480)
        rows = AuditLog(shared_store()).entries(run_id=run_id, limit=500)
        self.table = QTableWidget(len(rows), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        for r, e in enumerate(rows):
            values = (e.asked_at, e.who, e.task, e.purpose, e.model, str(e.total_tokens),
                      e.status + (f": {e.reason}" if e.reason else ""), e.prompt, e.answer)  # fmt: skip
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        layout = QVBoxLayout(self)
        note = QLabel(
            "AI에 보낸 글과 받은 답입니다. 개인정보는 보내기 전에 [이름1] 같은 자리로 바꾸었고, 여기에도 가린 채로 남깁니다."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
