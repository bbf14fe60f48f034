"""welfare-sms never sends before it knows the result can be written, and never writes over an input."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from core.errors import RunFailed
from core.runner import execute
from tasks.welfare_sms import SPEC
from tests.e2e.test_welfare_sms_cli import cli
from tests.support.notify_helpers import notify_ctx
from tests.unit.test_welfare_sms import BASE, ROWS, write_cases


def ledger_rows(home: Path) -> int:
    db = home / "haengbot.sqlite3"
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM notify_ledger").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path, Path]:
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "out"
    (home / "settings.toml").write_text(f'[general]\noutput_dir = "{out.as_posix()}"\n', encoding="utf-8")
    done = cli("sample", "welfare-sms", "--dir", str(tmp_path / "in"), home=home)
    assert done.returncode == 0, done.stderr
    return home, tmp_path / "in" / "cases.xlsx", out


def test_output_that_is_a_folder_stops_before_any_message(tmp_path: Path, sample: tuple[Path, Path, Path]) -> None:
    """Guards the lost record: 13 SMS went out, then the run failed with no workbook."""
    home, cases, out = sample
    folder = tmp_path / "결과.xlsx"
    folder.mkdir()
    run = cli("run", "welfare-sms", "--input", f"cases={cases}", "--output", str(folder), home=home)
    assert run.returncode == 2, run.stderr
    assert f"결과 파일 자리에 폴더 '{folder}'가 지정되었습니다. 폴더 안의 파일 이름까지 지정하십시오" in run.stderr
    assert "Traceback" not in run.stderr
    assert ledger_rows(home) == 0
    assert not out.exists() or not list(out.glob("*문자업로드*"))


def test_output_under_a_file_stops_before_any_message(tmp_path: Path, sample: tuple[Path, Path, Path]) -> None:
    home, cases, _ = sample
    blocker = tmp_path / "보고서"
    blocker.write_text("파일", encoding="utf-8")
    run = cli("run", "welfare-sms", "--input", f"cases={cases}", "--output", str(blocker / "r.xlsx"), home=home)
    assert run.returncode == 2, run.stderr
    assert f"'{blocker}'는 폴더가 아니라 파일입니다" in run.stderr
    assert ledger_rows(home) == 0


def test_output_equal_to_the_input_is_refused(sample: tuple[Path, Path, Path]) -> None:
    """Guards the clerk's source: ``--output 예시/records.xlsx`` replaced the input with exit 0."""
    home, cases, _ = sample
    before = cases.read_bytes()
    run = cli("run", "welfare-sms", "--input", f"cases={cases}", "--output", str(cases), "--dry-run", home=home)
    assert run.returncode == 2, run.stderr
    assert "입력 파일 'cases.xlsx'(cases)과 같은 파일입니다" in run.stderr
    assert cases.read_bytes() == before


@pytest.mark.parametrize("how", ["dotted", "symlink", "hardlink"])
def test_output_reaching_the_input_through_a_link_is_refused(tmp_path: Path, how: str) -> None:
    cases = write_cases(tmp_path / "cases.xlsx", ROWS)
    before = cases.read_bytes()
    other = tmp_path / "links"
    other.mkdir()
    if how == "dotted":
        output = other / ".." / "cases.xlsx"
    else:
        output = other / "결과.xlsx"
        try:
            (output.symlink_to if how == "symlink" else output.hardlink_to)(cases)
        except OSError:
            pytest.skip(f"no {how} on this file system")
    ctx = notify_ctx(tmp_path / "home", dry_run=True)
    outcome = execute(SPEC, {"cases": cases}, {"base_date": BASE, "channel": "upload"}, output, ctx, record=False)
    assert outcome.status == "bad_input" and outcome.error is not None and outcome.error.exit_code == 2
    assert "입력 파일 'cases.xlsx'(cases)과 같은 파일입니다" in str(outcome.error)
    assert cases.read_bytes() == before


def test_result_not_written_after_sending_reports_what_was_sent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards 'a plain failure' after messages went out: exit 3, a Korean sentence with the count, the result kept."""
    import core.runner

    def disk_full(*args: object, **kwargs: object) -> None:
        raise RunFailed("결과 파일 'r.xlsx'을(를) 쓰는 중 디스크가 가득 찼습니다")

    monkeypatch.setattr(core.runner, "write_workbook", disk_full)
    up = tmp_path / "up"
    ctx = notify_ctx(tmp_path / "home", **{"notify.upload_dir": str(up), "notify.sender_number": ""})
    outcome = execute(
        SPEC,
        {"cases": write_cases(tmp_path / "c.xlsx", ROWS)},
        {"base_date": BASE, "channel": "upload"},
        tmp_path / "r.xlsx",
        ctx,
    )
    sent = ctx.store.connect().execute("SELECT COUNT(*) FROM notify_ledger WHERE status = 'sent'").fetchone()[0]
    assert sent > 0 and len(list(up.glob("*.xlsx"))) == 1
    assert outcome.status == "failed" and outcome.error is not None and outcome.error.exit_code == 3
    assert str(outcome.error) == (
        f"문자 {sent}건은 발송했지만 결과 파일을 쓰지 못했습니다: 결과 파일 'r.xlsx'을(를) 쓰는 중 디스크가 가득 찼습니다. "
        "보낸 내역은 발송 장부에 남아 있어 다시 실행해도 같은 문자를 다시 보내지 않습니다."
    )
    assert outcome.result is not None
    record = ctx.store.run(outcome.run_id or "")
    assert record is not None and record.status == "failed" and "발송했지만" in (record.message or "")


def test_a_folder_that_refuses_new_files_stops_before_any_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unwritable result folder (read-only share, ACL) is found by a real probe file, before anything is sent."""
    import core.runner

    folder = tmp_path / "결과"
    folder.mkdir()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(core.runner.tempfile, "mkstemp", refuse)
    up = tmp_path / "up"
    ctx = notify_ctx(tmp_path / "home", **{"notify.upload_dir": str(up), "notify.sender_number": ""})
    outcome = execute(
        SPEC, {"cases": write_cases(tmp_path / "c.xlsx", ROWS)}, {"base_date": BASE, "channel": "upload"}, folder / "r.xlsx", ctx
    )
    assert outcome.status == "bad_input" and outcome.error is not None and outcome.error.exit_code == 2
    assert str(outcome.error) == f"결과 폴더 '{folder}'에 파일을 쓸 수 없습니다(Permission denied). 다른 폴더를 지정하십시오."
    assert not up.exists() and ctx.store.connect().execute("SELECT COUNT(*) FROM notify_ledger").fetchone()[0] == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_folder_stops_before_any_message(tmp_path: Path) -> None:
    folder = tmp_path / "읽기전용"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        ctx = notify_ctx(tmp_path / "home", **{"notify.upload_dir": str(tmp_path / "up"), "notify.sender_number": ""})
        outcome = execute(
            SPEC,
            {"cases": write_cases(tmp_path / "c.xlsx", ROWS)},
            {"base_date": BASE, "channel": "upload"},
            folder / "r.xlsx",
            ctx,
        )
        assert outcome.status == "bad_input" and "에 파일을 쓸 수 없습니다" in str(outcome.error)
        assert not (tmp_path / "up").exists()
    finally:
        folder.chmod(0o700)
