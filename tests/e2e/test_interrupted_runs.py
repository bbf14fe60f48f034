"""A run killed outright (SIGKILL, power cut) leaves no 'running' row and no temporary workbook behind;
a cancel that arrives after the last check point still discards the result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.context import RunContext
from core.runner import execute
from core.store import INTERRUPTED, Store
from core.writer import remove_stale_temporaries
from tasks import registry
from tests.helpers import start_cli_run_reading

ROOT = Path(__file__).resolve().parents[2]


def test_killed_cli_run_is_reported_as_interrupted(tmp_path: Path, haengbot_home: Path) -> None:
    proc, output = start_cli_run_reading(tmp_path, haengbot_home)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    store = Store(haengbot_home / "haengbot.sqlite3")  # opening the store repairs what the dead process left
    record = store.runs()[0]
    assert (record.status, record.message) == ("failed", INTERRUPTED)
    assert not output.exists()


def test_a_live_run_is_left_alone(haengbot_home: Path) -> None:
    store = Store()
    run_id = store.start_run("overtime-pay", {}, {})  # this very process: alive
    assert Store().run(run_id).status == "running"


def test_stale_temporary_of_a_dead_writer_is_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".결과.{dead_pid}.abc123.tmp.xlsx"
    stale.write_bytes(b"half written")
    mine = tmp_path / f".결과.{os.getpid()}.def456.tmp.xlsx"
    mine.write_bytes(b"being written")
    other = tmp_path / ".다른결과.1.x.tmp.xlsx"
    other.write_bytes(b"not ours")
    assert remove_stale_temporaries(tmp_path / "결과.xlsx") == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


def test_cancel_after_the_last_check_point_discards_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.writer as writer

    task = registry().get("overtime-pay")
    task.write_samples(tmp_path)
    ctx = RunContext()
    real_close = writer._Book.close

    def close_then_cancel(self: writer._Book) -> None:
        real_close(self)
        ctx.cancel_event.set()  # the clerk presses 취소 while the workbook is being finished

    monkeypatch.setattr(writer._Book, "close", close_then_cancel)
    outcome = execute(
        task,
        {"records": tmp_path / "records.xlsx", "payments": tmp_path / "payments.csv"},
        {},
        tmp_path / "out" / "결과.xlsx",
        ctx,
    )
    assert outcome.status == "cancelled"
    assert list((tmp_path / "out").iterdir()) == []
    assert Store().runs()[0].status == "cancelled"
