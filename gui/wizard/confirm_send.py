"""발송 확인 (hook "confirm-send"): before a notice task runs, show what will go out and ask once more.

The task declares its preview on its spec (``TaskSpec.preview``, built with ``core.notify.preview``);
this page draws it: how many messages of which kind, the estimated cost, three sample messages (names
and numbers masked), what is left out.
Nothing is sent until the clerk ticks the box and presses 실행. The preview is the run session's
second step: it uses the tables the check page read (``gui.wizard.session``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QProgressBar, QVBoxLayout

from gui.jobs_work import PREVIEW, Step
from gui.wizard.base import WizardPage

CHANNEL_LABELS = {
    "upload": "업로드 파일(시 자체 문자 시스템)",
    "solapi": "솔라피",
    "nhn": "NHN Cloud",
    "email": "메일",
    "smtp": "메일",
}


class ConfirmSendPage(WizardPage):
    step = "발송 확인"

    @property
    def next_label(self) -> str:  # type: ignore[override]
        """'보내기', or '다음' when the clerk chose to send nothing (SendPreview.sending_off)."""
        preview = getattr(self, "preview", None)
        return "다음" if preview is not None and preview.sending_off else "보내기"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading(
            "보내기 전 확인",
            "아직 아무것도 보내지 않았습니다. 아래 내용이 맞는지 보고, 맞으면 확인란에 표시한 뒤 [보내기]를 누르십시오.",
        )
        self.runner = wizard.session
        self.runner.yielded.connect(self._on_step)
        self.runner.failed.connect(self._on_failed)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.headline = QLabel()
        self.headline.setObjectName("stepText")
        self.headline.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.samples = QVBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.agree = QCheckBox("내용을 확인했습니다. 이대로 보냅니다.")
        self.agree.toggled.connect(lambda _on: self.changed.emit())
        self.body.addWidget(self.bar)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.details)
        self.body.addLayout(self.samples)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.body.addWidget(self.agree)
        self.preview = None

    def enter(self) -> None:
        self.preview = None
        self.agree.setChecked(False)
        self.agree.setEnabled(False)
        self.agree.setVisible(True)
        self.error.hide()
        self.bar.show()
        self.headline.setText("보낼 내용을 만드는 중입니다…")
        self.details.setText("")
        self._clear_samples()
        self.runner.request(PREVIEW, dict(self.state.params), self.state)
        self.changed.emit()

    def _clear_samples(self) -> None:
        while self.samples.count():
            item = self.samples.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _on_step(self, token: int, step: object) -> None:
        if not (self.runner.for_phase(token, PREVIEW) and isinstance(step, Step) and step.kind == PREVIEW):
            return
        if step.error is not None:
            self._on_failed(token, step.error)
        else:
            self._on_preview(token, step.value)

    def _on_failed(self, token: int, message: str) -> None:
        if not self.runner.for_phase(token, PREVIEW):
            return
        self.bar.hide()
        self.headline.setText("보낼 내용을 만들지 못했습니다")
        self.error.setText(message)
        self.error.show()
        self.changed.emit()

    def _on_preview(self, token: int, preview) -> None:  # type: ignore[no-untyped-def]
        self.bar.hide()
        self.preview = preview
        self.headline.setText(preview.sending_off or (preview.headline() if preview.count else "보낼 문자가 없습니다."))
        facts = []
        if preview.channel:
            facts.append(f"발송 방법: {CHANNEL_LABELS.get(preview.channel, preview.channel)}")
        if preview.sender:
            facts.append(f"발신번호: {preview.sender}")
        if preview.already_sent:
            facts.append(f"이미 보낸 {preview.already_sent:,}건은 다시 보내지 않습니다.")
        if preview.excluded:
            facts.append(f"보낼 수 없는 {preview.excluded:,}건은 결과의 제외 목록에 이유와 함께 남깁니다.")
        facts.extend(f"<span style='color:#7a4b00'>{w}</span>" for w in preview.warnings)
        self.details.setText("<br>".join(facts))
        for sample in preview.samples:
            box = QLabel()
            box.setObjectName("card")
            box.setWordWrap(True)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            subject = f"[{sample.subject}] " if sample.subject else ""
            box.setText(
                f"{sample.name} · {sample.recipient} · {sample.kind} {sample.bytes}바이트 · {sample.step}\n\n{subject}{sample.text}"
            )
            self.samples.addWidget(box)
        frame = QFrame()
        frame.setFixedHeight(1)
        self.samples.addWidget(frame)
        self.agree.setEnabled(preview.count > 0)
        self.agree.setVisible(not preview.sending_off)  # nothing to agree to
        self.changed.emit()

    def ready(self) -> bool:
        if self.preview is not None and self.preview.sending_off:  # the clerk chose to send nothing: nothing to confirm
            return True
        return self.preview is not None and self.preview.count > 0 and self.agree.isChecked()

    def busy(self) -> bool:
        return self.runner.phase == PREVIEW and self.runner.busy()

    def shutdown(self) -> None:
        if self.runner.phase == PREVIEW:  # a run under way is the run page's to stop
            self.runner.shutdown(2.0)

    def leave_back(self) -> None:
        """Back to the check page: a session waiting with its preview stays for the next visit; one still making it stops."""
        if self.busy():
            self.runner.cancel(firm=True)
