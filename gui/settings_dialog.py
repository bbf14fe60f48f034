"""설정: a form generated from the declared settings (the core's, and every task's under its title), saved
to settings.toml.

Every task's settings are here from the first start: they are declared on the task spec, not registered
when the run's child process happens to import a module (a fresh window used to have no 공모사업 tab).
A value fixed by an environment variable (``HAENGBOT_SETTING_<SECTION>_<KEY>``, pushed by the 정보화
team or set for unattended runs) is shown read-only with a note, and never written back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.notify.config import validate_setting
from core.options import Option, OptionType
from core.settings import Settings, env_var, sections
from core.spec import TaskSpec
from gui import dialogs
from gui.forms import OptionField, build_form
from gui.org_dialog import OrgPicker, current_org

ENV_NOTE = "환경변수로 고정됨"
ORG_KEYS = ("org.sido", "org.sigungu")


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None, tasks: Iterable[TaskSpec] | None = None):
        super().__init__(parent)
        self.setWindowTitle("설정")
        self.resize(760, 600)
        if tasks is None:
            from tasks import registry

            tasks = registry()
        self.sections = sections(tasks)
        self.options = tuple(option for section in self.sections for option in section.options)
        self.settings = settings or Settings()
        self.settings.declare(self.options)
        self.option_fields: dict[str, OptionField] = {}
        # The control for each key, as a clerk (or a test) would use it.
        self.fields: dict[str, QWidget] = {}
        self.env_notes: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        custom = {OptionType.SIDO: self._org_row, OptionType.SIGUNGU: lambda option: None}
        for section in self.sections:
            page = QWidget()
            values = {option.key: self.settings.get(option.key) for option in section.options}
            found = build_form(QFormLayout(page), section.options, values=values, custom=custom, note=self._env_note)
            for key, field in found.items():
                self.option_fields[key] = field
                self.fields[key] = field.editor
                if self.settings.fixed_by_env(key):
                    field.fix()
            if section.id == "ai":
                self._add_connection_test(page)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, section.title)
        buttons = QDialogButtonBox()
        buttons.addButton("저장", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("취소", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("비밀번호와 인증 키는 여기에 적지 않습니다. [인증 정보]에서 키링에 저장하십시오.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    # ------------------------------------------------------------ AI 도우미: 연결 시험
    def _add_connection_test(self, page: QWidget) -> None:
        """A '연결 시험' button under the AI page's form: one tiny question with the values as typed
        (not yet saved), off the GUI thread; the answer or the Korean reason shows beside it."""
        layout = page.layout()
        assert isinstance(layout, QFormLayout)
        self.ai_test_button = QPushButton("연결 시험")
        self.ai_test_result = QLabel("")
        self.ai_test_result.setWordWrap(True)
        self.ai_test_button.clicked.connect(self._start_connection_test)
        layout.addRow(self.ai_test_button, self.ai_test_result)
        self._ai_outcome: list[tuple[bool, str]] = []
        self._ai_timer = QTimer(self)
        self._ai_timer.setInterval(100)
        self._ai_timer.timeout.connect(self._poll_connection_test)

    def _start_connection_test(self) -> None:
        import threading

        typed = {o.key: self.value(o.key) for o in self.options if o.key.startswith(("ai.", "network."))}
        overlay = _Typed(typed, self.settings)
        self.ai_test_button.setEnabled(False)
        self.ai_test_result.setText("AI 서버에 묻는 중…")
        self._ai_outcome.clear()

        def work() -> None:
            from core.ai.assist import connection_test

            try:
                self._ai_outcome.append(connection_test(overlay))
            except Exception as exc:  # never a traceback in the clerk's face
                self._ai_outcome.append((False, f"연결 시험 중 오류가 났습니다({type(exc).__name__})."))

        threading.Thread(target=work, name="ai-connection-test", daemon=True).start()
        self._ai_timer.start()

    def _poll_connection_test(self) -> None:
        if not self._ai_outcome:
            return
        self._ai_timer.stop()
        ok, text = self._ai_outcome[0]
        self.ai_test_result.setText(("✔ " if ok else "✖ ") + text)
        self.ai_test_button.setEnabled(True)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def _org_row(self, option: Option) -> tuple[str, QWidget, str]:
        """org.sido and org.sigungu are one 시·도 → 시·군·구 picker."""
        picker = OrgPicker(current_org(self.settings))
        for key in ORG_KEYS:
            self.fields[key] = picker
        if any(self.settings.fixed_by_env(key) for key in ORG_KEYS):
            picker.setEnabled(False)
        return "기관", picker, self._org_help()

    def _env_note(self, option: Option) -> QLabel | None:
        keys = ORG_KEYS if option.type == OptionType.SIDO else (option.key,)
        fixed = [key for key in keys if self.settings.fixed_by_env(key)]
        if not fixed:
            return None
        note = QLabel(f"{ENV_NOTE}: {', '.join(env_var(key) for key in fixed)} (이 창에서 바꿀 수 없습니다)")
        note.setObjectName("envNote")
        note.setWordWrap(True)
        self.env_notes[option.key] = note
        return note

    @staticmethod
    def _org_help() -> str:
        return "지방소득세 대사의 납세지 확인과 안내 문자의 [기관명]에 씁니다. 세종특별자치시는 시·군·구가 없습니다."

    def value(self, key: str) -> Any:
        """What the form holds for *key*; ``None`` (a cleared text) means "back to the default"."""
        widget = self.fields[key]
        if isinstance(widget, OrgPicker):
            chosen = widget.chosen()
            return "" if chosen is None else (chosen.sido if key == "org.sido" else chosen.sigungu)
        return self.option_fields[key].value()

    def store_url_problem(self) -> str | None:
        """The Korean reason a typed store.url would not work (a password in it, not postgresql://, a weak
        sslmode for a remote server), or None: a bad URL is never saved (issue 18)."""
        from core.errors import InputError
        from core.store_config import SETTING_URL, parse_store_url

        if SETTING_URL not in self.fields or self.settings.fixed_by_env(SETTING_URL):
            return None
        try:
            target = parse_store_url(str(self.value(SETTING_URL) or ""))
            if target is not None:
                target.connect_kwargs(None)  # refuses a weak sslmode for a server that is not this PC
        except InputError as exc:
            return str(exc)
        return None

    def save(self) -> None:
        problems = [
            problem
            for option in self.options
            if not self.settings.fixed_by_env(option.key)
            and (problem := validate_setting(option.key, self.value(option.key))) is not None
        ]
        store_problem = self.store_url_problem()
        if store_problem:
            problems.append(store_problem)
        if problems:  # a from-address with a line break never reaches settings.toml (issue 10)
            dialogs.warn(self, "저장하지 않았습니다", "\n".join(problems))
            return
        for option in self.options:
            if not self.settings.fixed_by_env(option.key):  # the environment's value never lands in the file
                self.settings.set(option.key, self.value(option.key))
        if dialogs.save_settings(self, self.settings):
            self.accept()


class _Typed:
    """The form's values over the saved settings: the 연결 시험 tries what the clerk typed."""

    def __init__(self, typed: dict[str, Any], base: Settings):
        self.typed, self.base = typed, base

    def get(self, key: str) -> Any:
        if key in self.typed and self.typed[key] not in (None, "") and not self.base.fixed_by_env(key):
            return self.typed[key]
        return self.base.get(key)
