"""확인: read and check every input as the run will, and show what was read and which rows are bad.

The reading is the run session's first step (``gui.wizard.session``): the tables it reads here are
the ones the send preview and the run use, in the same child process.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from core.credentials import default_store, lookup
from core.masking import mask_text
from core.notify.config import ALL_CREDENTIALS
from core.spec import Credential, TaskSpec
from gui.jobs_work import CHECK, CheckReport, Step
from gui.wizard.base import WizardPage

ISSUE_COLUMNS = ["입력", "파일", "시트", "행", "열", "값", "사유"]
ISSUE_CHUNK = 100  # issue rows filled per turn of the event loop
# Message-channel secrets depend on the channel chosen in 설정 (a mail server may need no login):
# they are not counted as missing here; the send step says so when one is really needed.
_CHANNEL_SECRETS = {c.id for c in ALL_CREDENTIALS}


def missing_keys(task: TaskSpec) -> list[Credential]:
    """The task's own keys (not message-channel secrets) found neither in the keyring nor in the environment."""
    missing = []
    for cred in task.credentials:
        if cred.id in _CHANNEL_SECRETS:
            continue
        try:
            found = lookup(default_store(), cred.id)
        except Exception:  # a keyring that cannot be read counts as no key; the dialog explains why
            found = None
        if not found:
            missing.append(cred)
    return missing


class CheckPage(WizardPage):
    step = "확인"

    @property
    def next_label(self) -> str:  # type: ignore[override]
        """[실행] when the run comes next; [다음] when a task's own page (e.g. 발송 확인) comes first."""
        return "다음" if getattr(self.wizard, "hooks", None) else "실행"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading("실행 전 확인", "실행하기 전에 파일을 끝까지 읽어 값을 검사했습니다. 결과 파일은 아직 만들지 않았습니다.")
        self.runner = wizard.session
        self.runner.yielded.connect(self._on_step)
        self.runner.failed.connect(self._on_failed)
        self.runner.progress.connect(self._on_progress)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.issues = QTableWidget(0, len(ISSUE_COLUMNS))
        self.issues.setHorizontalHeaderLabels(ISSUE_COLUMNS)
        self.issues.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues.verticalHeader().hide()
        self.issues.horizontalHeader().setSectionResizeMode(len(ISSUE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.issues_title = QLabel("<b>문제가 있는 행</b>")
        self.keys_note = QLabel()
        self.keys_note.setWordWrap(True)
        self.keys_note.setObjectName("warning")
        self.keys_button = QPushButton("인증 정보 열기")
        self.keys_button.clicked.connect(self.open_credentials)
        keys_row = QHBoxLayout()
        keys_row.addWidget(self.keys_note, 1)
        keys_row.addWidget(self.keys_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(keys_row)
        self.body.addWidget(self.bar)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.issues_title)
        self.body.addWidget(self.issues, 100)
        self.body.addStretch(1)  # keeps the lines together at the top while the table is hidden
        self.report: CheckReport | None = None
        self._issue_rows: list[list[str]] = []
        self._filled = 0
        self._filler = QTimer(self)  # a child: it dies with the page
        self._filler.setSingleShot(True)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill_more)

    def show_keys(self) -> None:
        """Before anything runs: which keys are missing (those sources would be skipped), or that the sample mode needs none."""
        task = self.state.task
        missing = missing_keys(task)
        if self.state.params.get("demo"):
            self.keys_note.setText(
                "예시 자료로 실행합니다. 인증키가 없어도 되고, 인터넷에 접속하지 않으며 메일을 보내지 않습니다."
            )
            self.keys_note.setObjectName("ok")
            self.keys_note.show()
            self.keys_button.hide()
        elif missing:
            names = ", ".join(c.label for c in missing)
            self.keys_note.setText(
                f"인증키가 없습니다: {names}. 이 키를 쓰는 출처는 건너뜁니다. [인증 정보 열기]를 눌러 입력하십시오."
                + (" 키 없이 먼저 해 보려면 [이전]에서 '예시 자료로 실행'을 켜십시오." if _has_demo(task) else "")
            )
            self.keys_note.setObjectName("warning")
            self.keys_note.show()
            self.keys_button.show()
        else:
            self.keys_note.hide()
            self.keys_button.hide()
        self.keys_note.style().unpolish(self.keys_note)
        self.keys_note.style().polish(self.keys_note)

    def open_credentials(self) -> None:
        from gui.credentials_dialog import CredentialsDialog

        CredentialsDialog([self.state.task], self).exec()
        self.show_keys()

    def enter(self) -> None:
        self.show_keys()
        self.report = None
        self.state.check = None
        self.bar.show()
        self.summary.setText("파일을 읽고 값을 검사하는 중입니다…")
        self.verdict.setText("")
        self.verdict.setObjectName("")
        self._filler.stop()
        self._issue_rows, self._filled = [], 0
        self.issues.setRowCount(0)
        self.issues.hide()
        self.issues_title.hide()
        self.runner.begin(self.state)  # inputs or params may have changed since the last visit: a fresh session
        self.changed.emit()

    def _on_progress(self, token: int, done: int, total: int, message: str) -> None:
        if self.runner.for_phase(token, CHECK) and message:
            self.summary.setText(message)

    def _on_failed(self, token: int, message: str) -> None:
        if not self.runner.for_phase(token, CHECK):
            return
        self.bar.hide()
        self._say_bad(message)
        self.changed.emit()

    def _say_bad(self, message: str) -> None:
        self.verdict.setText(message + "\n\n[이전]을 눌러 파일이나 설정을 바꾼 뒤 다시 확인하십시오.")
        self.verdict.setObjectName("error")
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)

    def _on_step(self, token: int, step: object) -> None:
        if self.runner.for_phase(token, CHECK) and isinstance(step, Step) and step.kind == CHECK:
            self._on_report(token, step.value)

    def _on_report(self, token: int, report: CheckReport) -> None:
        self.bar.hide()
        self.report = report
        self.state.check = report
        lines = []
        for r in report.inputs:
            where = f"시트 '{r.sheet}', " if r.sheet else ""
            skipped = ", ".join(f"{k} {v:,}" for k, v in r.skipped.items())
            lines.append(
                f"<b>{r.title}</b> — {r.file} ({where}머리글 {r.header_row}행): 읽은 행 <b>{r.rows_read:,}</b>, "
                f"문제 있는 행 <b style='color:{'#b42318' if r.bad_rows else '#1a7f37'}'>{r.bad_rows:,}</b>"
                + (f" <span style='color:#6b7280'>(건너뛴 행: {skipped})</span>" if skipped else "")
            )
        for doc in self.state.documents.values():  # read on the 입력 파일 page, exactly as the run reads them
            if doc.survey is not None and doc.survey.ok:
                names = ", ".join(path.name for path, _reason in doc.survey.files[:5])
                more = f" 외 {len(doc.survey.files) - 5:,}개" if len(doc.survey.files) > 5 else ""
                lines.append(f"<b>{doc.spec.title}</b> — 문서 <b>{len(doc.survey.files):,}</b>개: {names}{more}")
        self.summary.setText("<br>".join(lines) if lines else "이 작업은 읽을 입력 파일이 없습니다. 설정을 확인했습니다.")
        go = self.next_label
        if report.error:
            self._say_bad(report.error)
        elif report.bad_rows:
            self.verdict.setObjectName("warning")
            self.verdict.setText(
                f"문제 있는 행 {report.bad_rows:,}개는 계산에서 빼고 결과 파일의 '오류행' 시트에 모읍니다. "
                f"원본을 고치려면 [이전]으로 돌아가십시오. 이대로 계속하려면 [{go}]을 누르십시오."
            )
            self.verdict.style().unpolish(self.verdict)
            self.verdict.style().polish(self.verdict)
        else:
            self.verdict.setObjectName("ok")
            done = "모든 행을 읽었습니다. " if lines else ""
            then = "계산하고 결과 파일을 만듭니다." if go == "실행" else "실행 전 마지막 단계로 넘어갑니다."
            self.verdict.setText(f"{done}[{go}]을 누르면 {then}")
            self.verdict.style().unpolish(self.verdict)
            self.verdict.style().polish(self.verdict)
        self._fill_issues(report)
        self.changed.emit()

    def _fill_issues(self, report: CheckReport) -> None:
        if not report.issues:
            return
        self.issues.show()
        more = (
            f" (처음 {len(report.issues):,}개만 보입니다. 모두 {report.issue_count:,}개)"
            if report.issue_count > len(report.issues)
            else ""
        )
        self.issues_title.setText(f"<b>문제가 있는 행</b>{more}")
        self.issues_title.show()
        self.issues.setRowCount(len(report.issues))
        self._issue_rows = [
            [it.input_title, it.file, it.sheet or "", str(it.row), it.column, it.value, it.reason] for it in report.issues
        ]
        self._filled = 0
        self._fill_more()
        # Widths from the first rows only: measuring all 500 rows of items holds the window (a classic stall).
        self.issues.horizontalHeader().setResizeContentsPrecision(ISSUE_CHUNK)
        self.issues.resizeColumnsToContents()

    def _fill_more(self) -> None:
        """ISSUE_CHUNK rows of items per turn of the event loop: 500 rows × 7 items at once stall the window."""
        rows = self._issue_rows
        end = min(len(rows), self._filled + ISSUE_CHUNK)
        for r in range(self._filled, end):
            for c, text in enumerate(rows[r]):
                item = QTableWidgetItem(mask_text(text))
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.issues.setItem(r, c, item)
        self._filled = end
        if end < len(rows):
            self._filler.start()

    def ready(self) -> bool:
        return self.report is not None and not self.report.error

    def busy(self) -> bool:
        return self.runner.phase == CHECK and self.runner.busy()

    def shutdown(self) -> None:
        if self.runner.phase == CHECK:  # a run under way is the run page's to stop
            self.runner.shutdown(2.0)

    def can_go_back(self) -> bool:
        return True

    def leave_back(self) -> None:
        """Back to change an input or a param: this session's tables are stale, stop it."""
        self.runner.cancel(firm=True)


def _has_demo(task: TaskSpec) -> bool:
    return any(p.name == "demo" for p in task.params)
