"""Notifications that never double-send: rules every message passes, the ledger, and the channels.

``core.notify`` never imports Qt. A task builds ``Outgoing`` messages, ``prepare`` checks them
(EUC-KR bytes, KS X 1001 characters, numbers, duplicates, advertising rules), ``Notifier`` records
each one in the ledger before it is sent and marks the provider's answer after.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names re-exported lazily (PEP 562): task declarations import ``core.notify.config`` at start-up, and
# importing a submodule runs this file first; the text rules and message checks load on first use.
_EXPORTS = {
    "Outgoing": "core.notify.message",
    "Prepared": "core.notify.message",
    "prepare": "core.notify.message",
    "LMS_MAX": "core.notify.text",
    "SMS_MAX": "core.notify.text",
    "SUBJECT_MAX": "core.notify.text",
    "TextCheck": "core.notify.text",
    "check_text": "core.notify.text",
    "euckr_len": "core.notify.text",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'core.notify' has no attribute {name!r}")
