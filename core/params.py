"""Typed params from CLI strings or GUI values, validated against their declaration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core import values as V
from core.errors import InputError
from core.korean import particle
from core.spec import Param, ParamType, TaskSpec

TRUE = {"1", "true", "yes", "y", "on", "예", "네", "사용", "참"}
FALSE = {"0", "false", "no", "n", "off", "아니오", "아니요", "사용안함", "거짓"}

BAD_ROWS = Param(
    "on_bad_rows",
    "읽을 수 없는 행 처리",
    ParamType.CHOICE,
    "skip",
    "읽을 수 없는 값이 있는 행을 '오류행' 시트에 모으고 나머지로 계속할지, 곧바로 멈출지 정합니다.",
    choices=(("skip", "오류행으로 빼고 계속"), ("stop", "멈추고 알림")),
)


def _bad(param: Param, raw: Any, why: str) -> InputError:
    return InputError(f"설정 '{param.label}'({param.name}) 값 '{raw}'{particle(str(raw), '을/를')} 쓸 수 없습니다: {why}")


def parse_param(param: Param, raw: Any) -> Any:
    if raw is None:
        return param.default
    try:
        if param.type == ParamType.BOOL:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            raise ValueError("예/아니오(true/false)로 적어 주십시오")
        if param.type == ParamType.CHOICE:
            text = str(raw).strip()
            for value, label in param.choices:
                if text in (value, label):
                    return value
            allowed = ", ".join(v for v, _ in param.choices)
            raise ValueError(f"다음 중 하나여야 합니다: {allowed}")
        if param.type in (ParamType.NUMBER, ParamType.INTEGER):
            number = V.parse_decimal(raw)
            if param.type == ParamType.INTEGER:
                if number != number.to_integral_value():
                    raise ValueError("정수여야 합니다")
                number = Decimal(int(number))
            if param.minimum is not None and number < Decimal(str(param.minimum)):
                raise ValueError(f"{param.minimum} 이상이어야 합니다")
            if param.maximum is not None and number > Decimal(str(param.maximum)):
                raise ValueError(f"{param.maximum} 이하여야 합니다")
            # '1E+1' and '10' are the same number, but only one is something a clerk reads.
            return int(number) if param.type == ParamType.INTEGER else Decimal(format(number, "f"))
        if param.type == ParamType.DATE:
            return V.parse_date(raw)
        if param.type == ParamType.MONTH:
            return V.parse_month(raw)
        if param.type == ParamType.DATES:
            if isinstance(raw, (list, tuple)):
                return tuple(sorted({V.parse_date(x) for x in raw}))
            parts = [p for p in str(raw).replace(";", ",").split(",") if p.strip()]
            return tuple(sorted({V.parse_date(p.strip()) for p in parts}))
        return str(raw).strip()
    except ValueError as exc:
        raise _bad(param, raw, str(exc)) from None


def resolve_params(task: TaskSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    known = {p.name: p for p in task.params}
    for name in given:
        if name not in known:
            listed = ", ".join(known) or "(없음)"
            raise InputError(f"'{task.id}' 작업에는 '{name}' 설정이 없습니다. 있는 설정: {listed}")
    return {name: parse_param(param, given.get(name)) for name, param in known.items()}


def show_value(value: Any, param: Param | None = None) -> str:
    """A param value as a clerk reads it: Korean choice labels, ISO dates, plain numbers (never ``1E+1``)."""
    if param is not None and param.type == ParamType.CHOICE:
        labels = dict(param.choices)
        if value in labels:
            return labels[value]
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, tuple):
        return ", ".join(show_value(v) for v in value) or "(없음)"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or value == "":
        return "(없음)"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
