"""설정: a form generated from ``core.settings.SETTINGS``, saved to settings.toml.

A value fixed by an environment variable (``HAENGBOT_SETTING_<SECTION>_<KEY>``, pushed by the
정보화 team or set for unattended runs) is shown read-only with a note, and never written back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.paths import os_reason
from core.settings import SETTINGS, Settings, SettingSpec, env_var
from gui import dialogs
from gui.org_dialog import OrgPicker, current_org

# Tabs by the first part of each setting's key; a section another module adds shows under its own key.
SECTION_TITLES = {
    "general": "일반",
    "org": "기관",
    "network": "네트워크",
    "notify": "문자 발송",
    "email": "메일",
    "grants": "공모사업",
}
ENV_NOTE = "환경변수로 고정됨"


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None):
        super().__init__(parent)
        self.setWindowTitle("설정")
        self.resize(760, 600)
        self.settings = settings or Settings()
        self.fields: dict[str, QWidget] = {}
        self.env_notes: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        forms: dict[str, QFormLayout] = {}
        for spec in SETTINGS:
            section = spec.key.partition(".")[0]
            if section not in forms:
                page = QWidget()
                forms[section] = QFormLayout(page)
                forms[section].setVerticalSpacing(4)
                forms[section].setHorizontalSpacing(14)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                scroll.setWidget(page)
                self.tabs.addTab(scroll, SECTION_TITLES.get(section, section))
            form = forms[section]
            if spec.kind == "sigungu":
                continue  # drawn with org.sido as one 시·도 → 시·군·구 picker
            widget = self._org_widget() if spec.kind == "sido" else self._widget(spec, self.settings.get(spec.key))
            label = QLabel("기관" if spec.kind == "sido" else spec.label)
            label.setWordWrap(True)
            label.setMinimumWidth(150)
            form.addRow(label, widget)
            keys = ("org.sido", "org.sigungu") if spec.kind == "sido" else (spec.key,)
            fixed = [key for key in keys if self.settings.fixed_by_env(key)]
            if fixed:
                self._fix(widget)
                note = QLabel(f"{ENV_NOTE}: {', '.join(env_var(key) for key in fixed)} (이 창에서 바꿀 수 없습니다)")
                note.setObjectName("envNote")
                note.setWordWrap(True)
                self.env_notes[spec.key] = note
                form.addRow("", note)
            help_text = self._org_help() if spec.kind == "sido" else spec.help
            if help_text:
                hint = QLabel(help_text)
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                form.addRow("", hint)
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

    def _org_widget(self) -> OrgPicker:
        picker = OrgPicker(current_org(self.settings))
        self.fields["org.sido"] = self.fields["org.sigungu"] = picker
        return picker

    @staticmethod
    def _org_help() -> str:
        return "지방소득세 대사의 납세지 확인과 안내 문자의 [기관명]에 씁니다. 세종특별자치시는 시·군·구가 없습니다."

    @staticmethod
    def _fix(widget: QWidget) -> None:
        """Read-only, but still legible and selectable where Qt allows it."""
        for line in [widget] if isinstance(widget, QLineEdit) else widget.findChildren(QLineEdit):
            line.setReadOnly(True)
        if not isinstance(widget, QLineEdit):
            widget.setEnabled(False)

    def _widget(self, spec: SettingSpec, value: Any) -> QWidget:
        if spec.kind == "bool":
            box = QCheckBox("사용")
            box.setChecked(bool(value))
            self.fields[spec.key] = box
            return box
        if spec.kind == "choice":
            combo = QComboBox()
            for v, label in spec.choices:
                combo.addItem(label, v)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            self.fields[spec.key] = combo
            return combo
        if spec.kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 1_000_000)
            spin.setMaximumWidth(160)
            spin.setValue(int(value or 0))
            self.fields[spec.key] = spin
            return spin
        line = QLineEdit(str(value or ""))
        self.fields[spec.key] = line
        if spec.kind != "path":
            return line
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        browse = QPushButton("찾아보기…")
        browse.clicked.connect(lambda: self._browse(line, spec.label))
        row.addWidget(line, 1)
        row.addWidget(browse)
        return box

    def _browse(self, line: QLineEdit, title: str) -> None:
        path = dialogs.choose_dir(self, title, line.text())
        if path:
            line.setText(path)

    def value(self, key: str) -> Any:
        w = self.fields[key]
        if isinstance(w, OrgPicker):
            chosen = w.chosen()
            return "" if chosen is None else (chosen.sido if key == "org.sido" else chosen.sigungu)
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        return w.text().strip()  # type: ignore[union-attr]

    def save(self) -> None:
        for spec in SETTINGS:
            if not self.settings.fixed_by_env(spec.key):  # the environment's value never lands in the file
                self.settings.set(spec.key, self.value(spec.key))
        try:
            self.settings.save()
        except OSError as exc:
            dialogs.warn(self, "저장하지 못했습니다", f"설정 파일을 저장하지 못했습니다({os_reason(exc)}).\n{self.settings.path}")
            return
        self.accept()
