"""설정: a form generated from ``core.settings.SETTINGS``, saved to settings.toml."""

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

from core.settings import SETTINGS, Settings, SettingSpec
from gui import dialogs

# Tabs by the first part of each setting's key; a section another module adds shows under its own key.
SECTION_TITLES = {"general": "일반", "network": "네트워크", "notify": "문자 발송", "email": "메일", "grants": "공모사업"}


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None):
        super().__init__(parent)
        self.setWindowTitle("설정")
        self.resize(760, 600)
        self.settings = settings or Settings()
        self.fields: dict[str, QWidget] = {}
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
            widget = self._widget(spec, self.settings.get(spec.key))
            label = QLabel(spec.label)
            label.setWordWrap(True)
            label.setMinimumWidth(150)
            form.addRow(label, widget)
            if spec.help:
                hint = QLabel(spec.help)
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
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        return w.text().strip()  # type: ignore[union-attr]

    def save(self) -> None:
        for spec in SETTINGS:
            self.settings.set(spec.key, self.value(spec.key))
        try:
            self.settings.save()
        except OSError as exc:
            dialogs.warn(self, "저장하지 못했습니다", f"설정 파일을 저장하지 못했습니다({exc.strerror or exc}).")
            return
        self.accept()
