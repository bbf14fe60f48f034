"""``RunStatus``: one enum where six modules spelled bare strings (issue 11)."""

from __future__ import annotations

from pathlib import Path

from core.cli import EXIT_BAD_INPUT, EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, STATUS_EXIT
from core.runstatus import RunStatus
from core.store import Store
from gui.run_text import STATUS_LABELS


def test_history_reads_back_the_enum(haengbot_home: Path) -> None:
    store = Store()
    run_id = store.start_run("overtime-pay", {}, {})
    record = store.run(run_id)
    assert record is not None and record.status is RunStatus.RUNNING
    store.finish_run(run_id, RunStatus.BAD_INPUT, message="입력 오류")
    record = store.run(run_id)
    assert record is not None and record.status is RunStatus.BAD_INPUT
    # The stored text is what older versions wrote, so their databases read back unchanged.
    assert store.connect().execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()[0] == "bad_input"


def test_every_status_has_a_label_and_every_ending_an_exit_code() -> None:
    assert STATUS_LABELS == {
        RunStatus.RUNNING: "실행 중",
        RunStatus.DONE: "완료",
        RunStatus.FAILED: "실패",
        RunStatus.CANCELLED: "취소",
        RunStatus.BAD_INPUT: "입력 오류",
    }
    assert STATUS_EXIT == {
        RunStatus.DONE: EXIT_OK,
        RunStatus.BAD_INPUT: EXIT_BAD_INPUT,
        RunStatus.FAILED: EXIT_FAILED,
        RunStatus.CANCELLED: EXIT_CANCELLED,
    }
