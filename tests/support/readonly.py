"""A really read-only folder for tests of a read-only application home.

``chmod 555`` stops an ordinary user but not root (CI containers often run as root), so as root the
folder is bind-mounted read-only on itself, as an IT-managed PC's home share would be; the kernel
then answers EROFS to everyone. Where neither works the test is skipped, never passed blindly.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """*folder* (and everything in it) read-only inside the block, writable again after it."""
    if os.name == "posix" and os.geteuid() == 0:
        bound = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0
        if bound and subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", str(folder)], capture_output=True)
            bound = False
        if not bound:
            pytest.skip("root without mount rights: cannot make a read-only folder here")
        try:
            yield folder
        finally:
            if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
                subprocess.run(["umount", "-l", str(folder)], check=True)  # a file still open: detach lazily
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for path in modes:
        path.chmod(stat.S_IMODE(modes[path]) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        if _writable(folder):
            pytest.skip("this file system ignores permissions: cannot make a read-only folder here")
        yield folder
    finally:
        for path, mode in modes.items():
            path.chmod(stat.S_IMODE(mode))
