"""A wizard page: a title, what to do on arrival, whether the clerk may go on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from gui.wizard.state import WizardState
    from gui.wizard.wizard import TaskWizard


class WizardPage(QWidget):
    """Pages emit ``changed`` when ``ready()`` may have changed; the wizard re-reads it."""

    changed = Signal()
    step = ""  # the short name in the step bar (소개, 입력 파일, ...)
    next_label = "다음"

    def __init__(self, state: WizardState, wizard: TaskWizard):
        super().__init__()
        self.state = state
        self.wizard = wizard
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)

    def heading(self, text: str, sub: str = "") -> None:
        title = QLabel(text)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        self.body.addWidget(title)
        if sub:
            label = QLabel(sub)
            label.setObjectName("muted")
            label.setWordWrap(True)
            self.body.addWidget(label)

    def enter(self) -> None:
        """Called each time the page is shown going forward."""

    def ready(self) -> bool:
        return True

    def leave(self) -> bool:
        """Called on 다음; False keeps the clerk here (the page says why)."""
        return True

    def can_go_back(self) -> bool:
        return True

    def busy(self) -> bool:
        """A job of this page is running (closing the window must ask)."""
        return False

    def shutdown(self) -> None:
        """Stop this page's jobs (the wizard or the window is closing)."""
