"""공모사업 프로필 (hook "edit-profiles"): each department's keywords, agencies, who may apply and mail
recipients, edited where the clerk runs the search. Saved to ``grant_profiles.toml`` in the HaengBot
home only when the clerk presses 다음 and every profile is valid (Picard's save-on-finish).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import HaengBotError
from core.korean import particle
from gui.wizard.base import WizardPage
from tasks.grant_alerts import profiles as store
from tasks.grant_alerts.profiles import Profile

SOURCES = (("botame", "보탬e 국고보조금"), ("bizinfo", "기업마당"), ("kstartup", "K-Startup"), ("rss", "정책브리핑 보도자료"))
WORD_FIELDS = (
    ("include", "포함 낱말", "공고명·개요·지원대상에 하나라도 있으면 남깁니다. 비우면 모두 남깁니다."),
    ("exclude", "제외 낱말", "공고명에 하나라도 있으면 뺍니다 (입찰, 채용 …)."),
    ("agencies", "기관", "소관·수행기관에 하나라도 있으면 남깁니다. 비우면 모든 기관."),
    ("applicants", "신청 자격", "지원대상에 하나라도 있어야 남깁니다 (지방자치단체, 시·군·구 …)."),
    ("recipients", "받는 사람(메일)", "요약 메일을 받을 주소. 한 줄에 하나."),
)


def split_words(text: str) -> list[str]:
    """One per line or comma separated; blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\n,]", text):
        word = part.strip()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def problems(items: list[Profile]) -> list[str]:
    """What stops saving: the file's own checks (control characters, addresses) plus repeated names."""
    found = []
    names = [p.name for p in items]
    if not items:
        found.append("프로필이 하나는 있어야 합니다.")
    for p in items:
        found.extend(store.profile_problems(p))
        if p.name and names.count(p.name) > 1:
            found.append(f"프로필 이름 '{store.shown(p.name)}'{particle(str(store.shown(p.name)), '이/가')} 두 번 있습니다.")
    return list(dict.fromkeys(found))


class ProfilesPage(WizardPage):
    step = "프로필"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading(
            "공모사업 프로필",
            "부서마다 어떤 공모를 받아 볼지 정합니다. 낱말은 한 줄에 하나씩(또는 쉼표로) 적습니다. "
            "고친 내용은 [다음]을 누를 때 저장됩니다.",
        )
        self.items: list[Profile] = []
        self.current = -1
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.list.currentRowChanged.connect(self._select)
        add, remove = QPushButton("프로필 추가"), QPushButton("삭제")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        self.remove_button = remove
        left.addWidget(self.list)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        left.addLayout(buttons)
        row.addLayout(left)
        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.name = QLineEdit()
        self.department = QLineEdit()
        form.addRow("이름", self.name)
        form.addRow("부서", self.department)
        self.words: dict[str, QPlainTextEdit] = {}
        for key, label, help_text in WORD_FIELDS:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(help_text)
            edit.setToolTip(help_text)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(72)
            self.words[key] = edit
            form.addRow(label, edit)
        self.unknown = QComboBox()
        self.unknown.addItem("확인 필요로 남김", "keep")
        self.unknown.addItem("뺌", "drop")
        form.addRow("지원대상이 없는 공고", self.unknown)
        sources_row = QHBoxLayout()
        self.sources: dict[str, QCheckBox] = {}
        for key, label in SOURCES:
            box = QCheckBox(label)
            self.sources[key] = box
            sources_row.addWidget(box)
        sources_row.addStretch(1)
        form.addRow("볼 출처", sources_row)
        row.addWidget(form_box, 1)
        self.body.addLayout(row, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.body.addWidget(self.error)

    # ------------------------------------------------------------------ load / select / store
    def enter(self) -> None:
        self.error.hide()
        try:
            self.items = store.load()
        except HaengBotError as exc:
            self.items = []
            self._show_error(str(exc))
        self.current = -1
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.items:
            self.list.addItem(p.name)
        self.list.blockSignals(False)
        wanted = str(self.state.params.get("profile") or "")
        names = [p.name for p in self.items]
        self.list.setCurrentRow(names.index(wanted) if wanted in names else (0 if names else -1))
        self.remove_button.setEnabled(bool(self.items))

    def _select(self, index: int) -> None:
        self._store_form()
        self.current = index
        if 0 <= index < len(self.items):
            self._load_form(self.items[index])

    def _load_form(self, p: Profile) -> None:
        self.name.setText(p.name)
        self.department.setText(p.department)
        for key, edit in self.words.items():
            edit.setPlainText("\n".join(getattr(p, key)))
        self.unknown.setCurrentIndex(max(0, self.unknown.findData(p.unknown_applicant)))
        for key, box in self.sources.items():
            box.setChecked(not p.sources or key in p.sources)

    def _store_form(self) -> None:
        if not 0 <= self.current < len(self.items):
            return
        p = self.items[self.current]
        p.name = self.name.text().strip()
        p.department = self.department.text().strip()
        for key, edit in self.words.items():
            setattr(p, key, split_words(edit.toPlainText()))
        p.unknown_applicant = self.unknown.currentData()
        chosen = [key for key, box in self.sources.items() if box.isChecked()]
        p.sources = [] if len(chosen) == len(self.sources) else chosen
        item = self.list.item(self.current)
        if item is not None:
            item.setText(p.name or "(이름 없음)")

    def _add(self) -> None:
        self._store_form()
        base = self.items[0] if self.items else Profile(name="")
        taken = {p.name for p in self.items}
        name = next(f"새 프로필 {i}" for i in range(1, 1000) if f"새 프로필 {i}" not in taken)
        self.items.append(
            Profile(name=name, include=list(base.include), exclude=list(base.exclude), applicants=list(base.applicants))
        )
        self.list.addItem(name)
        self.list.setCurrentRow(len(self.items) - 1)
        self.remove_button.setEnabled(True)
        self.name.setFocus()
        self.name.selectAll()

    def _remove(self) -> None:
        index = self.list.currentRow()
        if not 0 <= index < len(self.items):
            return
        self.current = -1  # the form belongs to the profile being removed: do not store it back
        del self.items[index]
        self.list.takeItem(index)
        self.remove_button.setEnabled(bool(self.items))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def leave(self) -> bool:
        self._store_form()
        found = problems(self.items)
        if found:
            self._show_error("\n".join(found))
            return False
        wanted = str(self.state.params.get("profile") or store.ALL)
        names = [p.name for p in self.items]
        if wanted != store.ALL and wanted not in names and 0 <= self.current < len(self.items):
            self.state.params["profile"] = names[self.current]  # the chosen profile was renamed here
        try:
            store.save(self.items)
        except (HaengBotError, OSError) as exc:
            self._show_error(f"프로필을 저장하지 못했습니다: {exc}")
            return False
        self.error.hide()
        return True
