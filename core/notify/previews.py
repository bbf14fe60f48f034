"""Which task shows which send preview (the GUI's 발송 확인 page asks here). A light module: task
declarations register at start-up, and the preview code itself is imported when first called."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PreviewFn = Callable[[Any, Any, Any], Any]  # fn(tables, params, ctx) -> core.notify.preview.SendPreview
_PREVIEWS: dict[str, PreviewFn] = {}


def register_preview(task_id: str, fn: PreviewFn) -> None:
    _PREVIEWS[task_id] = fn


def preview_for(task_id: str) -> PreviewFn | None:
    return _PREVIEWS.get(task_id)
