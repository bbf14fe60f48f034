"""Files we write through a temporary file: the permissions an ordinary ``open()`` would give them, and
the rename made durable.

``tempfile.mkstemp`` creates its file 0600 (owner only), and ``os.replace`` keeps that mode, so a result
workbook on a shared 부서 folder could not be opened by the colleague it was made for. Before the
rename, the temporary file gets ``0o666 & ~umask``, as if it had been created with ``open(path, "w")``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SHAREABLE = 0o666


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux: /proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it; set it straight back
    os.umask(mask)
    return mask


def make_shareable(path: str | Path) -> None:
    """Give *path* the mode ``open()`` would have: ``0o666 & ~umask`` (0644 under the usual umask 022)."""
    os.chmod(path, SHAREABLE & ~current_umask())


def fsync_folder(folder: Path) -> None:
    """Make the renames in *folder* durable (POSIX); Windows has no directory handle to sync."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
