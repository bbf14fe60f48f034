"""인증 정보: each secret the tasks declare, stored in the OS keyring; only "저장됨 / 없음" is ever shown.

With a shared store (store.url, issue 18) the two store credentials are listed too: the database
password and the phone-number key, which every task that records runs or sends needs on this PC."""

from __future__ import annotations

import os
from collections.abc import Iterable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.credentials import CredentialStore, default_store
from core.errors import HaengBotError
from core.spec import Credential, TaskSpec, secret_env_var
from gui import dialogs

STORE_USERS = "공유 저장소(모든 작업의 실행 기록과 발송 대장)"


def declared_credentials(tasks: Iterable[TaskSpec], *, shared_store: bool = False) -> list[tuple[Credential, list[str]]]:
    """The tasks' credentials, each with the tasks that use it; the store's first when *shared_store*."""
    found: dict[str, tuple[Credential, list[str]]] = {}
    if shared_store:
        from core.store_config import STORE_CREDENTIALS

        for cred in STORE_CREDENTIALS:
            found[cred.id] = (cred, [STORE_USERS])
    for task in tasks:
        for cred in task.credentials:
            found.setdefault(cred.id, (cred, []))[1].append(task.title)
    return list(found.values())


class CredentialsDialog(QDialog):
    def __init__(self, tasks: Iterable[TaskSpec], parent: QWidget | None = None, store: CredentialStore | None = None):
        super().__init__(parent)
        self.setWindowTitle("인증 정보")
        self.resize(820, 560)
        self.store = store or default_store()
        from gui.store_load import shared_store_set

        self.creds = declared_credentials(tasks, shared_store=shared_store_set())
        self.status: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            "인증 키와 비밀번호는 이 컴퓨터의 비밀번호 저장소(키링)에만 저장합니다. "
            "저장한 값은 다시 보여 주지 않고, 저장되어 있는지만 표시합니다."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        ok, why = self.store.available()
        self.available = ok
        self.banner = QLabel(why)
        self.banner.setObjectName("error")
        self.banner.setWordWrap(True)
        self.banner.setVisible(not ok)
        layout.addWidget(self.banner)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(12)
        if not self.creds:
            none = QLabel("지금 설치된 작업 중에는 인증 정보가 필요한 작업이 없습니다.")
            none.setObjectName("muted")
            layout.addWidget(none)
        for r, (cred, users) in enumerate(self.creds):
            label = QLabel(
                f"<b>{cred.label}</b><br><span style='color:#6b7280; font-size:small'>쓰는 작업: {', '.join(users)}"
                + (f"<br>발급: {cred.where}" if cred.where else "")
                + "</span>"
            )
            label.setWordWrap(True)
            label.setMinimumWidth(340)
            status = QLabel()
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText("새 값 붙여 넣기")
            edit.setEnabled(ok)
            save = QPushButton("저장")
            save.setEnabled(ok)
            save.clicked.connect(lambda _=False, c=cred.id: self.save(c))
            delete = QPushButton("지우기")
            delete.setEnabled(ok)
            delete.clicked.connect(lambda _=False, c=cred.id: self.delete(c))
            grid.addWidget(label, r, 0)
            grid.addWidget(status, r, 1)
            grid.addWidget(edit, r, 2)
            grid.addWidget(save, r, 3)
            grid.addWidget(delete, r, 4)
            self.status[cred.id] = status
            self.edits[cred.id] = edit
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        grid.setRowStretch(len(self.creds), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_box)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("닫기", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def is_set(self, cred_id: str) -> bool:
        if os.environ.get(secret_env_var(cred_id)):
            return True
        try:
            return bool(self.store.get(cred_id))
        except HaengBotError:
            return False

    def refresh(self) -> None:
        for cred_id, label in self.status.items():
            if os.environ.get(secret_env_var(cred_id)):
                label.setText("환경 변수로 지정됨")
                label.setObjectName("ok")
            elif self.is_set(cred_id):
                label.setText("저장됨")
                label.setObjectName("ok")
            else:
                label.setText("저장 안 됨")
                label.setObjectName("muted")
            label.style().unpolish(label)
            label.style().polish(label)

    def save(self, cred_id: str) -> None:
        edit = self.edits[cred_id]
        value = edit.text().strip()
        if not value:
            dialogs.warn(self, "인증 정보", "저장할 값을 붙여 넣어 주십시오.")
            return
        try:
            self.store.set(cred_id, value)
        except HaengBotError as exc:
            dialogs.warn(self, "저장하지 못했습니다", str(exc))
            return
        finally:
            edit.clear()
        self.refresh()

    def delete(self, cred_id: str) -> None:
        try:
            self.store.delete(cred_id)
        except HaengBotError as exc:
            dialogs.warn(self, "지우지 못했습니다", str(exc))
        self.refresh()
