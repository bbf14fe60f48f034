"""The 설정 page's widgets hold, untouched, exactly the values the CLI uses when a --param is left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.params import parse_param
from gui.wizard.params import OptionalDate, ParamField
from tasks import registry

PARAMS = [(task.id, param) for task in registry() for param in task.params]


@pytest.mark.parametrize(("task_id", "param"), PARAMS, ids=[f"{t}.{p.name}" for t, p in PARAMS])
def test_untouched_field_means_the_cli_default(qtbot, task_id: str, param) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: an untouched date field sent today (the CLI sends nothing), a number field sent '1E+1'."""
    field = ParamField(param)
    qtbot.addWidget(field.widget)
    assert parse_param(param, field.value()) == parse_param(param, None)


def test_optional_date_can_be_left_empty_and_given(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: '비우면 계산하지 않습니다' must be something the clerk can actually do in the window."""
    param = registry().get("local-income-tax").param("late_reference_date")
    field = ParamField(param)
    qtbot.addWidget(field.widget)
    assert isinstance(field.widget, OptionalDate) and field.value() is None
    assert not field.widget.edit.isEnabled()
    field.widget.given.setChecked(True)
    field.widget.edit.setDate(field.widget.edit.date().fromString("2026-11-30", "yyyy-MM-dd"))
    assert field.value() == dt.date(2026, 11, 30)
    field.widget.given.setChecked(False)
    assert field.value() is None


def test_number_field_is_plain_digits(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Guards issue 10: 정액분 reached 실행정보 as '1E+1'."""
    param = registry().get("overtime-pay").param("flat_hours")
    field = ParamField(param)
    qtbot.addWidget(field.widget)
    assert field.value() == "10"
    assert parse_param(param, "1E+1") == Decimal("10") and str(parse_param(param, "1E+1")) == "10"
    field.widget.setValue(7.5)  # type: ignore[attr-defined]
    assert field.value() == "7.5"
