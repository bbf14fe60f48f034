"""A read-only or broken application home, and two first runs racing on a fresh one (issue 10).

Guards: a read-only HAENGBOT_HOME once made every command, even ``list``, die with an English
traceback (exit 1); a corrupt haengbot.sqlite3 made every task fail, even offline Excel ones; two
first runs together sometimes died on "database is locked" from ``PRAGMA journal_mode=WAL``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.context import RunContext
from core.korean import particle
from core.runner import execute
from core.spec import TaskSpec
from core.store import Store, StoreUnavailable
from tests.helpers import key_values, run_cli
from tests.support.readonly import read_only

ROOT = Path(__file__).resolve().parents[2]


def main_py(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=180
    )


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Error:" not in proc.stderr, proc.stderr


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "예시"
    assert run_cli("sample", "overtime-pay", "--dir", str(folder))[0] == 0
    assert run_cli("sample", "welfare-sms", "--dir", str(folder))[0] == 0
    return folder


def test_read_only_home_lists_describes_and_runs_excel_tasks_without_history(
    haengbot_home: Path, samples: Path, tmp_path: Path
) -> None:
    Store().start_run("overtime-pay", {}, {})  # a home that has been used: history on disk
    out = tmp_path / "결과.xlsx"
    with read_only(haengbot_home):
        listed = main_py(haengbot_home, "list")
        assert listed.returncode == 0, listed.stderr
        assert "overtime-pay" in listed.stdout
        no_traceback(listed)
        described = main_py(haengbot_home, "describe", "overtime-pay")
        assert described.returncode == 0 and "근무일자" in described.stdout
        no_traceback(described)

        ran = main_py(
            haengbot_home,
            *("run", "overtime-pay", "--input", f"records={samples / 'records.xlsx'}"),
            *("--input", f"payments={samples / 'payments.csv'}", "--output", str(out)),
        )
        assert ran.returncode == 0, ran.stderr
        no_traceback(ran)
        assert "주의: 실행 기록을 남기지 못했습니다(결과 파일은 만듭니다). 행봇 폴더에 쓸 수 없어" in ran.stderr
        assert key_values(out, "요약")  # the workbook is there and readable

        # A task that keeps a ledger stops before anything goes out: exit 3, in Korean, no output.
        sms_out = tmp_path / "문자.xlsx"
        sms = main_py(haengbot_home, "run", "welfare-sms", "--input", f"cases={samples / 'cases.xlsx'}", "--output", str(sms_out))
        assert sms.returncode == 3, sms.stderr
        no_traceback(sms)
        assert "행봇 폴더에 쓸 수 없어 실행 기록 데이터베이스를 열 수 없습니다" in sms.stderr
        assert not sms_out.exists()

        saved = main_py(haengbot_home, "settings", "set", "org.sigungu", "수원시")
        assert saved.returncode == 3
        no_traceback(saved)
        assert "설정 파일을 저장하지 못했습니다" in saved.stderr

        # The history that is there stays readable; writing says why in Korean.
        store = Store()
        try:
            assert [r.task for r in store.runs()] == ["overtime-pay"]
            with pytest.raises(StoreUnavailable, match="행봇 폴더에 쓸 수 없어"):
                store.start_run("overtime-pay", {}, {})
        finally:
            store.close()


def test_task_writing_through_its_own_connection_on_a_read_only_home_fails_in_korean(haengbot_home: Path, tmp_path: Path) -> None:
    """grant-alerts' seen store writes with its own BEGIN on ``store.connect()``: exit 3 in Korean, not a crash."""
    Store().start_run("overtime-pay", {}, {})
    spec = TaskSpec(
        id="writes-own-way",
        title="자체 기록 작업",
        department="시험",
        description="",
        basis="",
        inputs=(),
        params=(),
        run=lambda tables, params, ctx: ctx.store.connect().execute("DELETE FROM runs"),
    )
    with read_only(haengbot_home):
        ctx = RunContext()
        outcome = execute(spec, {}, {}, tmp_path / "o.xlsx", ctx)
        ctx.store.close()
    assert outcome.status == "failed" and outcome.error is not None
    assert str(outcome.error).startswith("행봇 폴더에 쓸 수 없어 실행 기록 데이터베이스를 열 수 없습니다")


def test_home_that_cannot_be_created_still_lists(tmp_path: Path) -> None:
    parent = tmp_path / "읽기전용"
    parent.mkdir()
    with read_only(parent):
        listed = main_py(parent / "행봇", "list")
    assert listed.returncode == 0, listed.stderr
    assert "welfare-sms" in listed.stdout
    no_traceback(listed)


def test_corrupt_database_is_moved_aside_never_deleted_and_excel_task_runs(
    haengbot_home: Path, samples: Path, tmp_path: Path
) -> None:
    db = haengbot_home / "haengbot.sqlite3"
    garbage = b"not a database, 1234567890 " * 400
    db.write_bytes(garbage)
    (haengbot_home / "haengbot.sqlite3-wal").write_bytes(b"old wal")
    out = tmp_path / "결과.xlsx"
    code, _, err = run_cli(
        "run", "overtime-pay", "--input", f"records={samples / 'records.xlsx'}", "--input", f"payments={samples / 'payments.csv'}",
        "--output", str(out),
    )  # fmt: skip
    assert code == 0, err
    moved = re.search(r"haengbot\.sqlite3\.corrupt-\d{8}-\d{6}", err)
    assert moved, err
    assert (
        f"실행 기록 데이터베이스(haengbot.sqlite3)가 손상되어 {moved.group(0)}{particle(moved.group(0), '으로/로')} 옮겨 두고 새로 만들었습니다."
        in err
    )
    assert (haengbot_home / moved.group(0)).read_bytes() == garbage
    assert (haengbot_home / f"{moved.group(0)}-wal").read_bytes() == b"old wal"
    assert [r.status for r in Store().runs()] == ["done"]  # the fresh database holds this run
    assert key_values(out, "요약")


CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from core.store import Store
start, base, homes = float(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
failed = 0
for i in range(homes):
    time.sleep(max(0.0, start + i * 0.04 - time.time()))  # every child opens fresh home i at the same moment
    try:
        Store(base / f"home{{i}}" / "haengbot.sqlite3").start_run("overtime-pay", {{}}, {{}})
    except Exception as exc:
        failed += 1
        print(repr(exc), file=sys.stderr)
sys.exit(1 if failed else 0)
"""


def test_first_runs_racing_on_a_fresh_home_never_see_database_locked(tmp_path: Path) -> None:
    """Four processes open each of 120 fresh homes at the same instant (before the fix: a few
    "database is locked" from PRAGMA journal_mode=WAL in every such batch)."""
    homes, children = 120, 4
    start = time.time() + 2.0  # every child has imported by then
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(start), str(tmp_path), str(homes)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(children)
    ]
    errors = [proc.communicate(timeout=300)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * children, "".join(errors)[-2000:]
    assert all(len(Store(tmp_path / f"home{i}" / "haengbot.sqlite3").runs()) == children for i in (0, homes // 2, homes - 1))


def test_sending_waits_after_a_corrupt_database_was_moved_aside(haengbot_home: Path, samples: Path, tmp_path: Path) -> None:
    """The moved file holds the notification ledger: sending on the fresh one could text people twice."""
    (haengbot_home / "haengbot.sqlite3").write_bytes(b"garbage " * 1000)
    cases = f"cases={samples / 'cases.xlsx'}"
    dry = run_cli("run", "welfare-sms", "--input", cases, "--output", str(tmp_path / "dry.xlsx"), "--dry-run")
    assert dry[0] == 0, dry[2]  # a dry run sends nothing: allowed
    code, _, err = run_cli("run", "welfare-sms", "--input", cases, "--output", str(tmp_path / "o.xlsx"))
    assert code == 3
    moved = re.search(r"haengbot\.sqlite3\.corrupt-\d{8}-\d{6}", err)
    assert moved and "지금 보내면 이미 받은 분께 다시 갈 수 있으므로 보내지 않았습니다" in err, err
    assert "python main.py store accept-recovery" in err and not (tmp_path / "o.xlsx").exists()
    assert not list((tmp_path).glob("*업로드*")) and not list((haengbot_home / "결과").glob("*.xlsx"))

    assert run_cli("store", "status")[1].endswith(f"손상되어 옮긴 파일(발송 멈춤): {moved.group(0)}\n")
    assert run_cli("store", "accept-recovery") == (
        0,
        f"확인 처리했습니다: {moved.group(0)}. 이제 문자·메일을 보낼 수 있습니다.\n",
        "",
    )
    code, _, err = run_cli("run", "welfare-sms", "--input", cases, "--output", str(tmp_path / "o.xlsx"))
    assert code == 0, err
