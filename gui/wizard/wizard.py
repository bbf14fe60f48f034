"""The wizard frame: the step bar, the pages, and 이전 / 다음 with the rules for each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from core.paths import app_home
from core.spec import TaskSpec
from gui import dialogs
from gui.jobs import warm_up
from gui.wizard.base import WizardPage
from gui.wizard.check import CheckPage
from gui.wizard.hooks import page_for
from gui.wizard.inputs import InputsPage
from gui.wizard.intro import IntroPage
from gui.wizard.params import ParamsPage
from gui.wizard.result import ResultPage
from gui.wizard.run import RunPage
from gui.wizard.session import RunSession
from gui.wizard.state import WizardState

WARM_UP_MS = 200  # after the wizard's first page has painted


class TaskWizard(QWidget):
    closed = Signal()  # the clerk left the wizard (마침 or 목록으로)

    def __init__(self, task: TaskSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.task = task
        self.state = WizardState(task)
        self.session = RunSession(self)  # one child per run, shared by the check, send-preview and run pages
        self.intro = IntroPage(self.state, self)
        self.inputs = InputsPage(self.state, self)
        self.params = ParamsPage(self.state, self)
        self.check = CheckPage(self.state, self)
        self.hooks = [page_for(kind)(self.state, self) for kind in task.pages]
        self.run = RunPage(self.state, self)
        self.result = ResultPage(self.state, self)
        self.pages: list[WizardPage] = [self.intro, self.inputs, self.params, self.check, *self.hooks, self.run, self.result]

        self.stack = QStackedWidget()
        steps = QFrame()
        steps.setObjectName("stepBar")
        step_row = QHBoxLayout(steps)
        step_row.setContentsMargins(12, 6, 12, 6)
        self.step_labels: list[QLabel] = []
        for i, page in enumerate(self.pages):
            self.stack.addWidget(page)
            label = QLabel(f"{i + 1}. {page.step}")
            label.setObjectName("step")
            self.step_labels.append(label)
            step_row.addWidget(label)
            if i < len(self.pages) - 1:
                arrow = QLabel("›")
                arrow.setObjectName("stepArrow")
                step_row.addWidget(arrow)
            page.changed.connect(self._update_buttons)
        step_row.addStretch(1)

        self.home_button = QPushButton("작업 목록으로")
        self.home_button.clicked.connect(self.leave_to_launcher)
        self.back_button = QPushButton("< 이전(&B)")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.go_next)
        nav = QHBoxLayout()
        nav.addWidget(self.home_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._shortcut_next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self.index = 0
        self._show(0)
        # Once the first page has painted, the child processes' helper starts (off the GUI thread), before the first file.
        QTimer.singleShot(WARM_UP_MS, self, warm_up)

    # ------------------------------------------------------------------ navigation
    @property
    def page(self) -> WizardPage:
        return self.pages[self.index]

    def _show(self, index: int, entering: bool = False) -> None:
        self.index = index
        for i, page in enumerate(self.pages):
            # Hidden pages full of word-wrapped text must not take part in every layout pass of the shown one.
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        if entering:
            # Filled while still hidden: the page is then shown, styled and laid out once, where showing and hiding
            # its parts on a visible page laid the window out again for each (55-146 ms page turns).
            self.page.enter()
        self.stack.setCurrentIndex(index)
        for i, label in enumerate(self.step_labels):
            step_state = "current" if i == index else ("done" if i < index else "todo")
            if label.property("stepState") == step_state:
                continue  # re-polishing a label re-resolves its style and font: only the two that change
            label.setProperty("stepState", step_state)
            label.style().unpolish(label)
            label.style().polish(label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.page
        last = page is self.result
        self.next_button.setText(f"{page.next_label}(&N) >" if not last else "마침")
        # Disabled on the run page (the run goes on to the result by itself), never hidden: showing a widget in a
        # visible window lays every layout above it out again at once, 18 ms of the turn that opens the result page.
        self.next_button.setEnabled((page.ready() and page is not self.run) or last)
        self.back_button.setEnabled(self.index > 0 and page.can_go_back())
        self.back_button.setVisible(not last)

    def _shortcut_next(self) -> None:
        if self.next_button.isVisible() and self.next_button.isEnabled():
            self.go_next()

    def go_next(self) -> None:
        page = self.page
        if page is self.result:
            self.closed.emit()
            return
        if not (page.ready() and page.leave()):
            self._update_buttons()
            return
        self._show(self.index + 1, entering=True)

    def go_back(self) -> None:
        page = self.page
        if self.index == 0 or not page.can_go_back():
            return
        leave_back = getattr(page, "leave_back", None)
        if leave_back:
            leave_back()
        target = self.index - 1
        if page is self.run:
            target = self.pages.index(self.check)
        self._show(target)

    def go_to(self, page: WizardPage) -> None:
        self._show(self.pages.index(page))

    def load_samples(self) -> None:
        """예시 파일로 해보기: fresh sample inputs under the app home, then the 입력 파일 page."""
        if self.task.write_samples is None:
            return
        folder = app_home() / "예시" / self.task.id
        folder.mkdir(parents=True, exist_ok=True)
        written = self.task.write_samples(folder)
        self.go_to(self.inputs)
        for name, path in written.items():
            if name in self.inputs.panels:
                self.inputs.panels[name].set_path(Path(path))

    # ------------------------------------------------------------------ leaving
    def busy(self) -> bool:
        return any(p.busy() for p in self.pages)

    def running(self) -> bool:
        return self.run.busy()

    def shutdown(self) -> None:
        for page in self.pages:
            page.shutdown()

    def leave_to_launcher(self) -> None:
        if self.running() and not dialogs.ask(self, "실행 중", "작업이 아직 실행 중입니다. 취소하고 목록으로 돌아갈까요?"):
            return
        self.shutdown()
        self.closed.emit()
