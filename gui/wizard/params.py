"""설정: one field per declared param, with its Korean help and legal basis (drawn by ``gui.forms``);
checked by ``core.params``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from core.errors import InputError
from core.params import parse_param
from gui.forms import OptionalDate, OptionField, build_form, plain_decimal
from gui.wizard.base import WizardPage

# The wizard's fields are the one form builder's (gui/forms.py), as in the 설정 dialog.
ParamField = OptionField
__all__ = ["OptionalDate", "ParamField", "ParamsPage", "plain_decimal"]


class ParamsPage(WizardPage):
    step = "설정"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading("설정", "기본값은 규정에 따른 값입니다. 기관 방침이 다를 때만 바꾸십시오.")
        inner = QWidget()
        form = QFormLayout(inner)
        self.fields: dict[str, OptionField] = build_form(form, state.task.params)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.body.addWidget(scroll, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.body.addWidget(self.error)

    def set_value(self, name: str, value: Any) -> None:
        """Set a field as the clerk would (tests and saved presets)."""
        self.fields[name].set(value)

    def values(self) -> dict[str, Any]:
        return {name: f.value() for name, f in self.fields.items()}

    def leave(self) -> bool:
        problems = []
        values = self.values()
        for name, f in self.fields.items():
            try:
                parse_param(f.option, values[name])
            except InputError as exc:
                problems.append(str(exc))
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return False
        self.error.hide()
        self.state.params = values
        return True
