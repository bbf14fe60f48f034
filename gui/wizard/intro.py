"""소개: what the task does, on what basis, which files it reads, and a way to try it on samples."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from core.spec import TYPE_LABELS
from gui.needs import needs_chips
from gui.wizard.base import WizardPage

DEMO_PARAM = "demo"  # a task's sample mode: runs on bundled answers, offline, marked 예시


class IntroPage(WizardPage):
    step = "소개"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        task = state.task
        self.heading(task.title, f"{task.department} · 근거: {task.basis}")
        desc = QLabel(task.description)
        desc.setWordWrap(True)
        self.body.addWidget(desc)
        chips = needs_chips(task)
        self.body.addLayout(chips)

        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 8, 0)
        for spec in task.inputs:
            box = QLabel()
            box.setObjectName("card")
            box.setWordWrap(True)
            box.setTextFormat(Qt.TextFormat.RichText)
            mark = "필수" if spec.required else "선택"
            cols = ", ".join(
                f"{c.name}" + ("" if c.required else "(선택)") + f" <span style='color:#6b7280'>[{TYPE_LABELS[c.type]}]</span>"
                for c in spec.columns
            )
            row = f"<br><span style='color:#6b7280'>한 행: {spec.row_meaning}</span>" if spec.row_meaning else ""
            box.setText(
                f"<b>{spec.title}</b> <span style='color:#2f6fde'>({mark})</span><br>{spec.help}{row}"
                f"<br><span style='font-size:small'>열: {cols}</span>"
            )
            col.addWidget(box)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.body.addWidget(QLabel("<b>준비할 파일</b>"))
        self.body.addWidget(scroll, 1)

        row = QHBoxLayout()
        self.sample_button = QPushButton("예시 파일로 해보기")
        self.has_demo = any(p.name == DEMO_PARAM for p in task.params)
        if self.has_demo:  # a task without input files (grant-alerts) is tried on its bundled sample answers
            self.sample_button.setToolTip(
                "인증키 없이, 인터넷에 접속하지 않고 내장된 예시 자료로 실행해 봅니다. 메일은 보내지 않고, "
                "결과에는 '예시'가 표시됩니다."
            )
        else:
            self.sample_button.setToolTip("가상의 예시 자료를 만들어 입력 파일로 넣습니다. 실제 자료는 바뀌지 않습니다.")
        self.sample_button.setEnabled(self.has_demo or task.write_samples is not None)
        self.sample_button.clicked.connect(self.try_sample)
        hint = QLabel("처음이라면 예시 파일로 한 번 따라 해 보십시오.")
        hint.setObjectName("muted")
        row.addWidget(self.sample_button)
        row.addWidget(hint)
        row.addStretch(1)
        self.body.addLayout(row)

    def try_sample(self) -> None:
        """예시 파일로 해보기: sample input files, or for a task with a sample mode, that mode switched on.

        The sample mode is the same ``demo`` parameter the CLI takes (``--param demo=true``); the 설정
        page shows it ticked, so the clerk sees what will run and can untick it.
        """
        if not self.has_demo:
            self.wizard.load_samples()
            return
        self.state.params[DEMO_PARAM] = True
        self.wizard.params.set_value(DEMO_PARAM, True)
        self.wizard.go_to(self.wizard.params)
