"""설정: one field per declared param, with its Korean help and legal basis; checked by ``core.params``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from core.errors import InputError
from core.params import parse_param, show_value
from core.spec import Param, ParamType
from gui.wizard.base import WizardPage


def _qdate(value: Any) -> QDate:
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    today = dt.date.today()
    return QDate(today.year, today.month, today.day)


class OptionalDate(QWidget):
    """A date that may be left empty: a param whose declared default is None means "not given".

    A bare QDateEdit always holds a date, so the GUI used to send today where the CLI sends nothing
    (local-income-tax's 가산세 기준일: 97,980원 against 76,130원). Unticked, the value is None, as on the
    CLI, and the field says "(비워 둠)" rather than showing a date that will not be used.
    """

    EMPTY = QDate(1900, 1, 1)  # the edit's minimum: shown as its special text

    def __init__(self, default: Any, display_format: str):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.given = QCheckBox("지정")
        self.given.setToolTip("끄면 비워 둡니다(설명에 적힌 대로 처리합니다).")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(display_format)
        self.edit.setMinimumDate(self.EMPTY)
        self.edit.setSpecialValueText("(비워 둠)")
        row.addWidget(self.given)
        row.addWidget(self.edit, 1)
        self.given.toggled.connect(self._given_changed)
        self.set(default)

    def _given_changed(self, given: bool) -> None:
        self.edit.setEnabled(given)
        if not given:
            self.edit.setDate(self.EMPTY)
        elif self.edit.date() == self.EMPTY:
            self.edit.setDate(_qdate(None))  # today, as a starting point

    def set(self, value: Any) -> None:
        self.given.setChecked(value is not None)
        self._given_changed(value is not None)
        if value is not None:
            self.edit.setDate(_qdate(value))

    def date(self) -> dt.date | None:
        d = self.edit.date()
        if not self.given.isChecked() or d == self.EMPTY:
            return None
        return dt.date(d.year(), d.month(), d.day())


def plain_decimal(value: float) -> str:
    """``10.0`` -> ``"10"``, never ``"1E+1"`` (``Decimal.normalize`` drops the zeros into an exponent)."""
    text = format(Decimal(str(round(value, 2))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class ParamField:
    """A widget for one param and the value it holds, in the form ``parse_param`` accepts."""

    def __init__(self, param: Param):
        self.param = param
        p, t = param, param.type
        self.widget: QWidget
        if t == ParamType.BOOL:
            box = QCheckBox("사용")
            box.setChecked(bool(p.default))
            self.widget = box
        elif t == ParamType.CHOICE:
            combo = QComboBox()
            for value, label in p.choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(p.default)))
            self.widget = combo
        elif t == ParamType.INTEGER:
            spin = QSpinBox()
            spin.setRange(
                int(p.minimum if p.minimum is not None else -1_000_000_000),
                int(p.maximum if p.maximum is not None else 1_000_000_000),
            )
            spin.setValue(int(p.default or 0))
            spin.setGroupSeparatorShown(True)
            self.widget = spin
        elif t == ParamType.NUMBER:
            dspin = QDoubleSpinBox()
            dspin.setDecimals(2)
            dspin.setRange(
                float(p.minimum if p.minimum is not None else -1e12), float(p.maximum if p.maximum is not None else 1e12)
            )
            dspin.setValue(float(p.default or 0))
            self.widget = dspin
        elif t == ParamType.DATE and p.default is None:
            self.widget = OptionalDate(None, "yyyy-MM-dd")
        elif t in (ParamType.DATE, ParamType.MONTH):
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd" if t == ParamType.DATE else "yyyy년 M월")
            default = p.default
            if t == ParamType.MONTH and isinstance(default, str) and len(default) >= 7:
                default = dt.date(int(default[:4]), int(default[5:7]), 1)
            edit.setDate(_qdate(default))
            self.widget = edit
        else:  # TEXT, DATES, SECRET
            line = QLineEdit()
            line.setText(show_value(p.default) if p.default not in (None, "", ()) else "")
            if t == ParamType.DATES:
                line.setPlaceholderText("예: 2026-03-03, 2026-05-01 (쉼표로 구분)")
            self.widget = line
        self.widget.setMinimumWidth(220)
        if t not in (ParamType.TEXT, ParamType.DATES, ParamType.SECRET):
            self.widget.setMaximumWidth(320)

    def value(self) -> Any:
        w, t = self.widget, self.param.type
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QDoubleSpinBox):
            return plain_decimal(w.value())
        if isinstance(w, OptionalDate):
            return w.date()
        if isinstance(w, QDateEdit):
            d = w.date()
            return f"{d.year():04d}-{d.month():02d}" if t == ParamType.MONTH else dt.date(d.year(), d.month(), d.day())
        return w.text().strip() or None  # type: ignore[union-attr]


class ParamsPage(WizardPage):
    step = "설정"

    def __init__(self, state, wizard):  # type: ignore[no-untyped-def]
        super().__init__(state, wizard)
        self.heading("설정", "기본값은 규정에 따른 값입니다. 기관 방침이 다를 때만 바꾸십시오.")
        self.fields: dict[str, ParamField] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(16)
        for param in state.task.params:
            f = ParamField(param)
            self.fields[param.name] = f
            form.addRow(QLabel(param.label), f.widget)
            help_text = param.help + (f"  (근거: {param.basis})" if param.basis else "")
            if help_text:
                hint = QLabel(help_text)
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                form.addRow("", hint)
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
        w = self.fields[name].widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, QDateEdit):
            w.setDate(_qdate(value))
        elif isinstance(w, OptionalDate):
            w.set(value)
        else:
            w.setText(str(value))  # type: ignore[union-attr]

    def values(self) -> dict[str, Any]:
        return {name: f.value() for name, f in self.fields.items()}

    def leave(self) -> bool:
        problems = []
        values = self.values()
        for name, f in self.fields.items():
            try:
                parse_param(f.param, values[name])
            except InputError as exc:
                problems.append(str(exc))
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return False
        self.error.hide()
        self.state.params = values
        return True
