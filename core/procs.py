"""Is a process still alive? Without signalling it: on Windows ``os.kill(pid, 0)`` would terminate it."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def pid_alive(pid: int | None) -> bool:
    if not pid or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        process_query_limited_information, still_active = 0x1000, 259
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists, it is someone else's
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    # A zombie (dead, not yet reaped by its parent) still answers; /proc tells the truth on Linux.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def remove_dead_writers_temporaries(path: Path, tmp_suffix: str) -> list[Path]:
    """``.<stem>.<pid>.….<tmp_suffix>`` files beside *path* whose writing process is gone.

    The result workbook and the artifacts written beside it (core/artifacts.py) name their temporaries
    this way, so one sweep serves both; a live writer's temporary is never touched.
    """
    removed = []
    for candidate in path.parent.glob(f".{path.stem}.*{tmp_suffix}"):
        pid = candidate.name[len(path.stem) + 2 :].split(".")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
    return removed
