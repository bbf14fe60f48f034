"""Values as the robot types them and as it compares them after reading them back.

A read-back compares what the site shows with what was typed, so both sides go through the same
normalisation by the field's type: a date typed ``20260315`` through a mask and shown as
``2026.03.15`` is the same date; ``3`` and ``3.0`` hours are the same number; attachments compare
as the set of their file names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.masking import mask_name, mask_text
from core.webrobot.recipe import Field, as_text

_SPACES = re.compile(r"\s+")


def parse_date(value: Any) -> dt.date | None:
    """A date from a date object or text written 2026-03-15, 2026.03.15, 2026/3/15 or 20260315."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    parts = re.findall(r"\d+", text)
    try:
        if len(parts) == 1 and len(parts[0]) == 8:
            return dt.date(int(parts[0][:4]), int(parts[0][4:6]), int(parts[0][6:]))
        if len(parts) >= 3 and len(parts[0]) == 4:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


def file_names(value: Any) -> list[str]:
    """Attachment names from a path, a list of paths, or a cell listing them (comma or line separated)."""
    if isinstance(value, str | Path):
        items: Iterable[Any] = re.split(r"[,\n;]", str(value)) if isinstance(value, str) else [value]
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    names = []
    for item in items:
        text = str(item).strip()
        if text:
            names.append(Path(text).name if isinstance(item, Path) or "/" in text or "\\" in text else text)
    return names


def normalise(field: Field | None, value: Any) -> str:
    """The comparable form of *value* for *field* (None: plain text, spaces collapsed)."""
    kind = field.type if field else "text"
    if kind == "date":
        day = parse_date(value)
        return day.isoformat() if day else _SPACES.sub("", as_text(value))
    if kind == "number":
        text = re.sub(r"[^\d.\-]", "", as_text(value))
        try:
            return str(Decimal(text).normalize()) if text else ""
        except InvalidOperation:
            return text
    if kind == "file":
        return "|".join(sorted(file_names(value)))
    if kind == "check":
        return "1" if as_text(value).lower() in ("1", "true", "y", "yes", "예", "o", "v", "on", "checked") else "0"
    return _SPACES.sub(" ", as_text(value)).strip()


def shown(field: Field | None, value: Any) -> str:
    """A value as it may appear in a message: masked when the field is personal, else scrubbed of numbers."""
    text = ", ".join(file_names(value)) if field and field.type == "file" else as_text(value)
    if field and field.personal:
        return mask_name(text) if len(text) <= 6 else mask_text(text[:2] + "*" * (len(text) - 2))
    return mask_text(text)
