"""Notifications that never double-send: rules every message passes, the ledger, and the channels.

``core.notify`` never imports Qt. A task builds ``Outgoing`` messages, ``prepare`` checks them
(EUC-KR bytes, KS X 1001 characters, numbers, duplicates, advertising rules), ``Notifier`` records
each one in the ledger before it is sent and marks the provider's answer after.
"""

from __future__ import annotations

from core.notify.message import Outgoing, Prepared, prepare
from core.notify.text import LMS_MAX, SMS_MAX, SUBJECT_MAX, TextCheck, check_text, euckr_len

__all__ = ["LMS_MAX", "SMS_MAX", "SUBJECT_MAX", "Outgoing", "Prepared", "TextCheck", "check_text", "euckr_len", "prepare"]
