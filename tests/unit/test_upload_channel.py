"""The upload-file channel never replaces a file, confirms only what is on disk, and sweeps killed writers' leftovers."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.notify.channels.base import Envelope
from core.notify.channels.upload import write_upload_file
from core.notify.message import Outgoing, prepare
from core.notify.notifier import ACCEPTED
from core.notify.service import send
from tests.support.notify_helpers import notify_ctx, notify_settings

ROOT = Path(__file__).resolve().parents[2]
CHILD = ROOT / "tests" / "support" / "upload_child.py"


def sheet_rows(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True)
    try:
        return [r for r in wb.active.iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()


def envelopes(n: int, tag: str) -> list[Envelope]:
    return [Envelope(i + 1, f"0109000{i:04d}", "", "SMS", f"{tag} {i}") for i in range(n)]


def test_two_runs_in_the_same_second_write_two_files_and_the_ledger_matches_them(tmp_path: Path) -> None:
    """Guards the lost-upload bug: two welfare-sms runs in one second wrote one name, the second
    replaced the first, and the ledger held 2x the messages the surviving file did."""
    home = tmp_path / "home"
    home.mkdir()
    notify_settings(home, **{"notify.upload_dir": str(tmp_path / "upload"), "notify.sender_number": ""})
    go = tmp_path / "go"
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(home), label, "400", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for label in ("A", "B")
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()
    reports = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    files = [Path(f) for r in reports for f in r["files"]]
    assert len(files) == 2 and len(set(files)) == 2
    assert all(r["statuses"] == [ACCEPTED] * 400 for r in reports)
    names = sorted(f.name for f in files)
    assert names == ["문자업로드_20260302_090000.xlsx", "문자업로드_20260302_090000_2.xlsx"]
    for report, label in zip(reports, ("A", "B"), strict=True):
        [path] = [Path(f) for f in report["files"]]
        rows = sheet_rows(path)
        assert [r[2] for r in rows] == [f"안내 {label}{i}" for i in range(400)]
    db = sqlite3.connect(home / "haengbot.sqlite3")
    try:
        by_file = dict(db.execute("SELECT provider_id, COUNT(*) FROM notify_ledger WHERE status = 'sent' GROUP BY provider_id"))
    finally:
        db.close()
    assert by_file == {f.name: len(sheet_rows(f)) for f in files} == {f.name: 400 for f in files}
    assert not list((tmp_path / "upload").glob(".upload-*"))


def test_an_existing_upload_file_is_never_replaced(tmp_path: Path) -> None:
    """Guards os.replace onto an existing name: the file already there (another run's) stays as it was."""
    target = tmp_path / "문자업로드_20260302_090000.xlsx"
    first = write_upload_file(target, envelopes(3, "첫 실행"))
    before = target.read_bytes()
    second = write_upload_file(target, envelopes(2, "둘째 실행"))
    assert first == target and second == tmp_path / "문자업로드_20260302_090000_2.xlsx"
    assert target.read_bytes() == before
    assert [r[2] for r in sheet_rows(second)] == ["둘째 실행 0", "둘째 실행 1"]


@pytest.mark.skipif(os.name == "nt", reason="Windows has no directory fsync")
def test_file_and_folder_are_fsynced_before_the_messages_count_as_sent(tmp_path: Path, monkeypatch) -> None:
    """Guards 'sent' rows with no durable file behind them: both fsyncs happen before the ledger is marked."""
    events: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append(f"fsync inode {os.fstat(fd).st_ino}")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    from core.notify import ledger as ledger_module

    real_mark = ledger_module.Ledger.mark

    def mark(self, marks):
        events.append("mark " + ",".join(m.status for m in marks))
        return real_mark(self, marks)

    monkeypatch.setattr(ledger_module.Ledger, "mark", mark)
    upload = tmp_path / "upload"
    ctx = notify_ctx(tmp_path, **{"notify.upload_dir": str(upload), "notify.sender_number": ""})
    report = send(ctx, prepare([Outgoing("t", "C1", "접수", "010-3000-0001", "안내")], channel="upload"), channel="upload")
    [path] = report.files
    done = events.index("mark sent")
    assert f"fsync inode {path.stat().st_ino}" in events[:done]  # the data (fsynced under its temporary name)
    assert f"fsync inode {upload.stat().st_ino}" in events[:done]  # the folder entry that names it


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


KILLED_WRITER = """
import sys, time
sys.path.insert(0, {root!r})
import xlsxwriter
from pathlib import Path
from core.notify.channels.base import Envelope
from core.notify.channels import upload
real_close = xlsxwriter.Workbook.close
def close_then_hang(self):
    real_close(self)
    print("written", flush=True)
    time.sleep(600)
xlsxwriter.Workbook.close = close_then_hang
upload.write_upload_file(Path({target!r}), [Envelope(1, "01012345678", "", "SMS", "안내")])
"""


def test_a_killed_writers_hidden_file_is_swept_by_the_next_upload(tmp_path: Path) -> None:
    """Guards the leak: a writer killed mid-write left .upload-*.xlsx with full phone numbers forever."""
    upload = tmp_path / "upload"
    upload.mkdir()
    code = KILLED_WRITER.format(root=str(ROOT), target=str(upload / "문자업로드_20260302_090000.xlsx"))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "written"
    [leftover] = list(upload.glob(".upload-*.xlsx"))
    assert sheet_rows(leftover)[0][0] == "01012345678"
    child.send_signal(signal.SIGKILL)
    child.wait()
    live = upload / f".upload-{os.getpid()}.inuse.xlsx"  # a writer still running: not ours to delete
    live.write_bytes(b"")
    legacy = upload / ".upload-k2j4h5x.xlsx"  # named before pids were in the name, and a day old
    legacy.write_bytes(b"")
    day_ago = time.time() - 86400
    os.utime(legacy, (day_ago, day_ago))
    ctx = notify_ctx(tmp_path, **{"notify.upload_dir": str(upload), "notify.sender_number": ""})
    report = send(ctx, prepare([Outgoing("t", "C1", "접수", "010-3000-0001", "안내")], channel="upload"), channel="upload")
    assert [o.status for o in report.outcomes] == [ACCEPTED]
    assert sorted(p.name for p in upload.glob(".upload-*")) == [live.name]


def test_a_dead_pids_leftover_goes_and_a_fresh_legacy_one_stays(tmp_path: Path) -> None:
    """The sweep keys on the pid in the name; an old-style name without pid is left until it is an hour old."""
    from core.notify.channels.upload import remove_stale_uploads

    dead = tmp_path / f".upload-{_dead_pid()}.x1y2.xlsx"
    fresh_legacy = tmp_path / ".upload-abcdefgh.xlsx"
    for p in (dead, fresh_legacy):
        p.write_bytes(b"")
    assert remove_stale_uploads(tmp_path) == [dead]
    assert fresh_legacy.exists()


def test_a_run_with_nothing_to_send_sweeps_too(tmp_path: Path) -> None:
    """A leftover must not wait for the next real upload: a dry run or an all-sent run sweeps it as well."""
    upload = tmp_path / "upload"
    upload.mkdir()
    dead = upload / f".upload-{_dead_pid()}.k3j2.xlsx"
    dead.write_bytes(b"")
    ctx = notify_ctx(tmp_path, dry_run=True, **{"notify.upload_dir": str(upload), "notify.sender_number": ""})
    send(ctx, prepare([Outgoing("t", "C1", "접수", "010-3000-0001", "안내")], channel="upload"), channel="upload")
    assert not dead.exists()
