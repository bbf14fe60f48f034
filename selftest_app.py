"""The application's self-test: ``core.selftest``'s checks, told which tasks this build has, which one to
run on its samples, and how the GUI checks Qt.

``core`` knows no task and no Qt (the import-linter contracts say so), so the knowledge lives here, at
the application level, beside ``main.py``.
"""

from __future__ import annotations

from typing import TextIO

from core.selftest import main as run_self_test
from core.spec import TaskSpec
from tasks import registry

# The task run on its own samples: reads tables, writes a workbook, needs no credential and no network.
SAMPLE_TASK = "overtime-pay"


def sample_task() -> TaskSpec:
    return registry().get(SAMPLE_TASK)


def qt_check() -> tuple[str, str]:
    """Imported on call: a build whose Qt is broken still reports every other check."""
    from gui.selftest_qt import check

    return check()


def main(out: TextIO | None = None) -> int:
    return run_self_test(load_tasks=registry, sample_task=sample_task, qt_check=qt_check, out=out)
