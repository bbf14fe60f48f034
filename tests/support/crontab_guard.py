"""The real crontab of the user running the tests, saved before and written back after, with two
lines that are not ours added so that a test can check they are left alone (issue 17)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from core.schedules import CronTab

FOREIGN = ["# someone else's job, kept as is", "15 3 * * 0 /usr/local/bin/backup --weekly # haengbot-like but not ours"]


@contextmanager
def guarded_crontab() -> Iterator[CronTab]:
    assert shutil.which("crontab"), "crontab is missing: run 'bash scripts/system-deps.sh test' (it installs cron)"
    saved = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    had = saved.returncode == 0
    tab = CronTab()
    tab.write([*saved.stdout.splitlines(), *FOREIGN] if had else FOREIGN)
    try:
        yield tab
    finally:
        if had:
            subprocess.run(["crontab", "-"], input=saved.stdout, text=True, check=True)
        else:
            subprocess.run(["crontab", "-r"], capture_output=True)
