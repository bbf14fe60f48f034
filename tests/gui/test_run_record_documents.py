"""The run record the window opens (``core.runner.begin_run``) names every path of a document input.

Guards the issue-11 merge: history used to list a document input's paths on one line (``describe_paths``);
the record now made by the window, before the run's child starts, must do the same, and so must a
record the window writes for a run cancelled before it had one.
"""

from __future__ import annotations

from pathlib import Path

from core.documents import DocumentChoice
from core.runner import begin_run
from core.runstatus import RunStatus
from core.store import Store
from gui.wizard.run import input_files, record_cancelled
from tests.support.docs_task import SPEC


def test_begin_run_lists_every_file_of_a_document_input(haengbot_home: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.hwpx", tmp_path / "b.hwpx"
    store = Store()
    run_id = begin_run(store, SPEC, {}, {"laws": tmp_path, "templates": DocumentChoice((a, b))})
    record = store.run(run_id)
    assert record is not None and record.status is RunStatus.RUNNING
    assert record.inputs == {"laws": str(tmp_path), "templates": f"{a}; {b}"}


def test_a_cancelled_run_without_a_record_lists_them_too(haengbot_home: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.hwpx", tmp_path / "b.hwpx"
    files = input_files({"templates": DocumentChoice((a, b))})
    assert files == {"templates": f"{a}; {b}"}
    record = Store().run(record_cancelled(None, SPEC.id, {}, files))
    assert record is not None and record.status is RunStatus.CANCELLED and record.inputs == files
