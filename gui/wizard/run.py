"""실행: the run in a child process, with step text, counts, elapsed time and a cancel button.

The run is the run session's last step (``gui.wizard.session``): it works on the tables the check
page read. A question the task asks (``ctx.ask``) opens a dialog that does not block the window:
the page says 답을 기다리는 중, and 취소 still works.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.artifacts import remove_artifact_temporaries
from core.context import Question
from core.documents import DocumentChoice, describe_paths
from core.runstatus import RunStatus
from core.store import INTERRUPTED
from core.store_cli import current_store
from gui.jobs_work import RUN, RunReply
from gui.wizard.base import WizardPage
from gui.wizard.progress import SCALE, OverallProgress

CANCELLED_TEXT = "취소했습니다. 결과 파일은 만들지 않았습니다."
WAITING_TEXT = "답을 기다리는 중"
PREPARE_RESULT_MS = 300  # after the run page has painted


class QuestionDialog(QDialog):
    """A running task's question. Not modal: the run page's 취소 stays in reach while it waits.

    Esc and the close box do nothing: the run waits for a real answer (or a cancel).
    """

    def __init__(self, question: Question, answer, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.question = question
        self.setWindowTitle("확인이 필요합니다")
        self.setModal(False)
        layout = QVBoxLayout(self)
        text = QLabel(question.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, label in question.choices:
            button = QPushButton(label)
            if key == question.default:
                button.setDefault(True)
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, k=key: self._choose(k, answer))
            self.buttons[key] = button
            row.addWidget(button)
        layout.addLayout(row)

    def _choose(self, key: str, answer) -> None:  # type: ignore[no-untyped-def]
        answer(key)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Esc / close box: the question stays; answering or 취소 on the page ends it."""


def input_files(choices: Mapping[str, Any]) -> dict[str, str]:
    """Each input's file as history keeps it; a document input's paths on one line."""
    return {k: describe_paths(v) if isinstance(v, DocumentChoice) else str(v.path) for k, v in choices.items()}


def record_cancelled(run_id: str | None, task_id: str, params: dict, inputs: dict) -> str:
    """A run stopped by force never wrote its own ending: write it, so history says 취소."""
    store = current_store()
    if run_id is None:
        run_id = store.start_run(task_id, {k: str(v) for k, v in params.items()}, inputs)
    record = store.run(run_id)
    # Opening the store may already have marked the killed child's run as interrupted; we know better.
    if record is not None and (
        record.status == RunStatus.RUNNING or (record.status, record.message) == (RunStatus.FAILED, INTERRUPTED)
    ):
        store.finish_run(run_id, RunStatus.CANCELLED, message="작업이 취소되었습니다.")
    return run_id


class RunPage(WizardPage):
    step = "실행"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading("실행", "계산하고 결과 파일을 쓰는 동안 다른 창을 써도 됩니다.")
        self.runner = wizard.session
        self.runner.yielded.connect(self._on_yielded)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepText")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.counts = QLabel()
        self.counts.setObjectName("muted")
        fixed_label(self.counts, "10,000,000 / 10,000,000", Qt.AlignmentFlag.AlignLeft)
        self.elapsed = QLabel()
        self.elapsed.setObjectName("muted")
        # Fixed sizes: a label whose text changes every second (or ten times a second) with a free size
        # makes Qt lay the whole window out again each time, a stall measured at each second of a run.
        fixed_label(self.elapsed, "걸린 시간 000분 00초")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.cancel_button = QPushButton("취소")
        self.cancel_button.setObjectName("danger")
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton("다시 실행")
        self.retry_button.clicked.connect(self.enter)
        row = QHBoxLayout()
        row.addWidget(self.counts)
        row.addStretch(1)
        row.addWidget(self.elapsed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        self.body.addSpacing(20)
        self.body.addWidget(self.step_label)
        self.body.addWidget(self.bar)
        self.body.addLayout(row)
        self.body.addWidget(self.message)
        self.body.addLayout(buttons)
        self.body.addStretch(1)
        self.clock = QTimer(self)
        self.clock.setInterval(500)
        self.clock.timeout.connect(self._tick)
        self.started = 0.0
        self.run_id: str | None = None
        self.status: RunStatus | None = None
        self.cancelling = False  # asked to stop; progress that still arrives is not shown
        self.overall = OverallProgress()
        self.question_dialog: QuestionDialog | None = None

    def enter(self) -> None:
        self.state.reply = None
        self.run_id = self._begin_record()
        self.status = RunStatus.RUNNING
        self.cancelling = False
        self.state.output = self.state.new_output_path()
        self.step_label.setText("준비하는 중…")
        self.overall = OverallProgress()
        self.bar.setRange(0, 0)
        self.counts.setText("")
        self.message.setText("")
        self.message.setObjectName("")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("취소")
        self.cancel_button.show()
        self.retry_button.hide()
        self.started = time.monotonic()
        self._tick()
        self.clock.start()
        # The session's child: big workbooks hold the GIL for long stretches, and a firm cancel can end it.
        # The run id travels with the command: this process opened the record (``_begin_record``) and finishes it.
        self.runner.request(RUN, (str(self.state.output), dict(self.state.params), self.run_id), self.state)
        # While the run goes on, the result page gets ready (style and fonts resolved), so entering it only fills data.
        QTimer.singleShot(PREPARE_RESULT_MS, self.wizard.result, self.wizard.result.prepare)
        self.changed.emit()

    def _begin_record(self) -> str | None:
        """History says 실행 중 before the child exists, written by this process, which also finishes it."""
        from core.errors import InputError
        from core.params import resolve_params
        from core.runner import begin_run
        from core.store import StoreUnavailable

        task = self.state.task
        try:
            return begin_run(current_store(), task, resolve_params(task, self.state.params), self.state.choices())
        except StoreUnavailable:
            return None  # a read-only home: the run goes on without history and says so (core.runner)
        except InputError:
            return None  # the child stops on the same params with the Korean message (bad_input)

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self.started)
        self.elapsed.setText(f"걸린 시간 {seconds // 60}분 {seconds % 60:02d}초" if seconds >= 60 else f"걸린 시간 {seconds}초")

    def _on_yielded(self, token: int, payload: object) -> None:
        """The task asks the clerk: a dialog that leaves the window (and 취소) usable; the answer goes back to the child."""
        if not (self.runner.for_phase(token, RUN) and isinstance(payload, Question)):
            return
        self.step_label.setText(f"{WAITING_TEXT}: {payload.text}")
        self._close_question()

        def answer(key: str) -> None:
            if self.runner.for_phase(token, RUN) and self.runner.waiting():
                self.runner.send(key)
                self.step_label.setText("처리하는 중…")

        self.question_dialog = QuestionDialog(payload, answer, self)
        self.question_dialog.show()

    def _close_question(self) -> None:
        if self.question_dialog is not None:
            self.question_dialog.done(QDialog.DialogCode.Rejected)
            self.question_dialog.deleteLater()
            self.question_dialog = None

    def _on_progress(self, token: int, done: int, total: int, message: str) -> None:
        if token != self.runner.token or self.status != RunStatus.RUNNING or self.cancelling:
            return
        self.step_label.setText(message or "처리하는 중…")
        # One scale for the whole run, only forward: each step used to restart the bar from 0.
        self.bar.setRange(0, SCALE)
        self.bar.setValue(self.overall.update(done, total, message))
        self.counts.setText(f"{done:,} / {total:,}" if total > 1 else "")

    def cancel(self) -> None:
        if not self.busy():
            return
        self._close_question()
        self.cancelling = True
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("취소하는 중…")
        self.step_label.setText("멈추는 중입니다. 잠시만 기다려 주십시오…")
        self.runner.cancel()

    def _stop_clock(self) -> None:
        self._close_question()
        self.clock.stop()
        self._tick()
        self.cancel_button.hide()

    def _on_finished(self, token: int, reply: RunReply) -> None:
        if not self.runner.for_phase(token, RUN):
            return
        self._stop_clock()
        self.run_id = reply.run_id
        if reply.status == RunStatus.DONE:
            self.status = RunStatus.DONE
            self.state.reply = reply
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.step_label.setText("완료")
            self.changed.emit()
            self.wizard.go_next()
            return
        if reply.status == RunStatus.CANCELLED:
            self._on_cancelled(token)
            return
        self._show_failure(reply.error or "작업을 마치지 못했습니다.")

    def _on_failed(self, token: int, message: str) -> None:
        if not self.runner.for_phase(token, RUN):
            return
        self._stop_clock()
        if self.run_id:
            store = current_store()
            record = store.run(self.run_id)
            if record is not None and record.status == RunStatus.RUNNING:
                store.finish_run(self.run_id, RunStatus.FAILED, message=message)
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        self.status = RunStatus.FAILED
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.step_label.setText("실행하지 못했습니다")
        self.message.setText(message)
        self.message.setObjectName("error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.retry_button.show()
        self.changed.emit()

    def _on_cancelled(self, token: int) -> None:
        if not self.runner.for_phase(token, RUN):
            return
        self._stop_clock()
        self.status = RunStatus.CANCELLED
        self.run_id = record_cancelled(self.run_id, self.state.task.id, self.state.params, input_files(self.state.choices()))
        self._remove_half_written()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.step_label.setText("취소됨")
        self.message.setText(CANCELLED_TEXT)
        self.message.setObjectName("warning")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.retry_button.show()
        self.changed.emit()

    def _remove_half_written(self) -> None:
        """A child ended by force may leave the writer's temporary workbook (core.writer writes, then renames)."""
        output = self.state.output
        if output is None or not output.parent.exists():
            return
        for leftover in output.parent.glob(f".{output.stem}.*.tmp.xlsx"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        remove_artifact_temporaries(output, self.state.task.artifacts)  # and the documents it was writing beside it

    def ready(self) -> bool:
        return self.status == RunStatus.DONE

    def can_go_back(self) -> bool:
        return not self.busy()

    def busy(self) -> bool:
        """Running, or waiting for the clerk's answer."""
        return self.runner.phase == RUN and self.runner.alive()

    def shutdown(self) -> None:
        if self.busy():
            self.cancelling = True
            self._close_question()
            self.runner.shutdown(5.0)


def fixed_label(label: QLabel, widest: str, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignRight) -> None:
    """Size *label* for its widest text once (min = max): a new text then repaints the label alone."""
    label.ensurePolished()  # the style sheet's font is the one measured
    metrics = label.fontMetrics()
    label.setFixedSize(metrics.horizontalAdvance(widest) + 8, metrics.height() + 4)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
