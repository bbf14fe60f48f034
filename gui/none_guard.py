"""Keep ``None`` alive under PySide6 6.12.0 on CPython 3.11: its void methods return ``None`` without a reference.

Measured here (2026-11-27, PySide6-Essentials 6.12.0, Python 3.11.7): every call of a Qt method that
returns nothing (``widget.update()``, ``QTimer.start()``, ``QApplication.processEvents()`` …) lowers
``sys.getrefcount(None)`` by one. A fresh process holds a few thousand references to ``None``, a busy
window perhaps a hundred thousand; once the count reaches zero the interpreter aborts with "Fatal
Python error: none_dealloc" (``benchmarks/gui_stall.py`` died so after a few minutes of polling;
``tests/gui/test_gui_none_guard.py`` shows the loss). CPython 3.12 made ``None`` immortal; this
does the same for 3.11 by adding 2**40 references once, which no session can use up. Remove it
with a PySide6 that returns ``None`` properly (the test then says so).
"""

from __future__ import annotations

import ctypes
import sys

BALLAST = 1 << 40


def guard_none() -> bool:
    """Give ``None`` a reference count no session can exhaust (CPython before 3.12 only). True when done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal there
    if sys.getrefcount(None) > BALLAST // 2:
        return False  # already guarded
    ctypes.c_ssize_t.from_address(id(None)).value += BALLAST  # ob_refcnt is a PyObject's first field
    return True
