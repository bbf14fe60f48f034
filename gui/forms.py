"""One form builder for declared options: the wizard's 설정 page (params) and the 설정 dialog (settings).

Both used to have their own widget factory, and they disagreed: a cleared text field was "not given"
on the wizard's page and an empty string written to settings.toml in the dialog (a cleared relay
address became ``""`` and every source failed). Here one rule holds for both: **empty text means not
given** (``None``), so a param takes its declared default, as on the CLI, and a setting is removed
from the file, so its default applies again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
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
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.options import TEXT_TYPES, Option, OptionType
from core.params import show_value
from gui import dialogs

# Without a declared range, numbers may be anything a clerk plausibly types.
INTEGER_RANGE = (-1_000_000_000, 1_000_000_000)
NUMBER_RANGE = (-1e12, 1e12)


def _qdate(value: Any) -> QDate:
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    today = dt.date.today()
    return QDate(today.year, today.month, today.day)


def plain_decimal(value: float) -> str:
    """``10.0`` -> ``"10"``, never ``"1E+1"`` (``Decimal.normalize`` drops the zeros into an exponent)."""
    text = format(Decimal(str(round(value, 2))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def empty_means_not_given(text: str) -> str | None:
    """The one rule for text fields in every form: blank is "not given" (the default applies)."""
    return text.strip() or None


class OptionalDate(QWidget):
    """A date that may be left empty: an option whose declared default is None means "not given".

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


class OptionField:
    """The widget for one option and the value it holds, in the form ``core.params`` and settings accept.

    ``widget`` goes into the form; ``editor`` is the control the clerk types in (for a folder, the
    line beside 찾아보기…).
    """

    def __init__(self, option: Option, value: Any = None, *, use_default: bool = True):
        self.option = option
        t = option.type
        current = option.default if use_default and value is None else value
        self.editor: QWidget
        if t == OptionType.BOOL:
            box = QCheckBox("사용")
            box.setChecked(bool(current))
            self.editor = box
        elif t == OptionType.CHOICE:
            combo = QComboBox()
            for choice, label in option.choices:
                combo.addItem(label, choice)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            self.editor = combo
        elif t == OptionType.INTEGER:
            spin = QSpinBox()
            low, high = INTEGER_RANGE
            spin.setRange(
                int(option.minimum if option.minimum is not None else low),
                int(option.maximum if option.maximum is not None else high),
            )
            spin.setValue(int(current or 0))
            spin.setGroupSeparatorShown(True)
            self.editor = spin
        elif t == OptionType.NUMBER:
            dspin = QDoubleSpinBox()
            dspin.setDecimals(2)
            low_f, high_f = NUMBER_RANGE
            dspin.setRange(
                float(option.minimum if option.minimum is not None else low_f),
                float(option.maximum if option.maximum is not None else high_f),
            )
            dspin.setValue(float(current or 0))
            self.editor = dspin
        elif t == OptionType.DATE and option.default is None:
            self.editor = OptionalDate(current, "yyyy-MM-dd")
        elif t in (OptionType.DATE, OptionType.MONTH):
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd" if t == OptionType.DATE else "yyyy년 M월")
            if t == OptionType.MONTH and isinstance(current, str) and len(current) >= 7:
                current = dt.date(int(current[:4]), int(current[5:7]), 1)
            edit.setDate(_qdate(current))
            self.editor = edit
        else:  # text, dates, secret reference, path, url
            line = QLineEdit()
            line.setText(show_value(current) if current not in (None, "", ()) else "")
            if t == OptionType.DATES:
                line.setPlaceholderText("예: 2026-03-03, 2026-05-01 (쉼표로 구분)")
            elif option.default not in (None, "") and not use_default:
                line.setPlaceholderText(f"비우면 기본값: {show_value(option.default)}")
            self.editor = line
        self.editor.setMinimumWidth(220)
        if t not in TEXT_TYPES:
            self.editor.setMaximumWidth(320)
        self.widget = self.editor if t != OptionType.PATH else self._with_browse(self.editor)

    def _with_browse(self, line: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        browse = QPushButton("찾아보기…")
        browse.clicked.connect(self._browse)
        row.addWidget(line, 1)
        row.addWidget(browse)
        return box

    def _browse(self) -> None:
        line = self.editor
        assert isinstance(line, QLineEdit)
        path = dialogs.choose_dir(self.widget, self.option.label, line.text())
        if path:
            line.setText(path)

    def value(self) -> Any:
        w, t = self.editor, self.option.type
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
            return f"{d.year():04d}-{d.month():02d}" if t == OptionType.MONTH else dt.date(d.year(), d.month(), d.day())
        assert isinstance(w, QLineEdit)
        return empty_means_not_given(w.text())

    def set(self, value: Any) -> None:
        """Set the field as the clerk would (tests and saved presets)."""
        w = self.editor
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, OptionalDate):
            w.set(value)
        elif isinstance(w, QDateEdit):
            w.setDate(_qdate(value))
        else:
            assert isinstance(w, QLineEdit)
            w.setText("" if value is None else str(value))

    def fix(self) -> None:
        """Read-only (an environment variable decides it), but still legible and selectable where Qt allows."""
        if isinstance(self.editor, QLineEdit):
            self.editor.setReadOnly(True)
        else:
            self.editor.setEnabled(False)


def hint_label(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    return hint


# A custom row for an option type the plain field cannot draw (the 설정 dialog's 기관 picker):
# returns the row's widget, or None to leave the option out (drawn together with another one).
CustomRow = Callable[[Option], "tuple[str, QWidget, str] | None"]


def build_form(
    form: QFormLayout,
    options: Iterable[Option],
    *,
    values: Mapping[str, Any] | None = None,
    custom: Mapping[OptionType, CustomRow] | None = None,
    note: Callable[[Option], QWidget | None] = lambda option: None,
) -> dict[str, OptionField]:
    """Add one row per option to *form*: label, field, an optional note, then the help (and basis).

    *values* are the current values (the 설정 dialog's settings); without them the declared defaults
    show (the wizard). *note* may return a widget shown under the field (e.g. "fixed by the environment").
    """
    fields: dict[str, OptionField] = {}
    form.setVerticalSpacing(4)
    form.setHorizontalSpacing(14)
    for option in options:
        maker = (custom or {}).get(option.type)
        if maker is not None:
            row = maker(option)
            if row is None:
                continue
            label_text, widget, help_text = row
        else:
            field = OptionField(option, None if values is None else values.get(option.key), use_default=values is None)
            fields[option.key] = field
            label_text, widget = option.label, field.widget
            help_text = option.help + (f"  (근거: {option.basis})" if option.basis else "")
        label = QLabel(label_text)
        label.setWordWrap(True)
        label.setMinimumWidth(150)
        form.addRow(label, widget)
        extra = note(option)
        if extra is not None:
            form.addRow("", extra)
        if help_text:
            form.addRow("", hint_label(help_text))
    return fields
