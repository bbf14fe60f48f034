"""기관 선택: 시·도 then 시·군·구 from the built-in list (``core.org``), asked once at the first start.

No city is built into the program, so the first start asks for it; the settings dialog reuses the
same two combos on its [기관] tab. The question comes after the window's first paint and only
when no 기관 is set (in settings.toml or by ``HAENGBOT_SETTING_ORG_*``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core import org
from core.errors import InputError
from core.settings import Settings
from gui import dialogs

PICK_SIDO = "시·도 선택"
PICK_SIGUNGU = "시·군·구 선택"
NO_SIGUNGU = "(시·군·구 없음)"


class OrgPicker(QWidget):
    """Two linked combos; ``chosen()`` is the 기관, or None until both are chosen."""

    changed = Signal()

    def __init__(self, current: org.Org | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.sido = QComboBox()
        self.sido.addItem(PICK_SIDO, "")
        for name in org.sido_names():
            self.sido.addItem(name, name)
        self.sigungu = QComboBox()
        self.sigungu.setMinimumWidth(160)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sido)
        row.addWidget(self.sigungu, 1)
        self.sido.currentIndexChanged.connect(self._fill_sigungu)
        self.sigungu.currentIndexChanged.connect(lambda _: self.changed.emit())
        self._fill_sigungu()
        if current is not None:
            self.set_org(current)

    def _fill_sigungu(self) -> None:
        sido = self.sido.currentData() or ""
        names = org.sigungu_names(sido) if sido else []
        self.sigungu.blockSignals(True)
        self.sigungu.clear()
        if sido and not names:  # 세종특별자치시: the 시·도 is the 기관
            self.sigungu.addItem(NO_SIGUNGU, "")
        else:
            self.sigungu.addItem(PICK_SIGUNGU, "")
            for name in names:
                self.sigungu.addItem(name, name)
        self.sigungu.setEnabled(bool(names))
        self.sigungu.blockSignals(False)
        self.changed.emit()

    def set_org(self, value: org.Org) -> None:
        self.sido.setCurrentIndex(max(0, self.sido.findData(value.sido)))
        self.sigungu.setCurrentIndex(max(0, self.sigungu.findData(value.sigungu)))

    def chosen(self) -> org.Org | None:
        sido = self.sido.currentData() or ""
        sigungu = self.sigungu.currentData() or ""
        if not sido or (org.sigungu_names(sido) and not sigungu):
            return None
        return org.Org(sido, sigungu)


def current_org(settings: Settings) -> org.Org | None:
    """The 기관 set now; a name the list does not know counts as unset (the clerk picks again)."""
    try:
        return org.from_settings(settings)
    except InputError:
        return None


class OrgDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("기관 선택")
        intro = QLabel(
            "일하는 기관을 골라 주십시오. 지방소득세 대사의 납세지 확인과 안내 문자의 [기관명]에 씁니다.\n"
            "나중에 [설정] > [기관] 탭에서 바꿀 수 있습니다."
        )
        intro.setWordWrap(True)
        self.picker = OrgPicker(current_org(settings))
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("저장", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("나중에", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.picker.changed.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(self.buttons)
        self._enable()

    def _enable(self) -> None:
        self.save_button.setEnabled(self.picker.chosen() is not None)

    def save(self) -> None:
        chosen = self.picker.chosen()
        if chosen is None:
            return
        self.settings.set("org.sido", chosen.sido)
        self.settings.set("org.sigungu", chosen.sigungu)
        if dialogs.save_settings(self, self.settings):
            self.accept()


def ask_org_if_unset(parent: QWidget | None, settings: Settings | None = None) -> OrgDialog | None:
    """At start-up, after the first paint: open the question (window-modal, not blocking) when needed."""
    settings = settings or Settings()
    if current_org(settings) is not None:
        return None
    dialog = OrgDialog(settings, parent)
    dialog.open()
    return dialog
