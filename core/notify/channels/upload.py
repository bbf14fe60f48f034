"""An Excel file for a city's in-house SMS system (수신번호, 이름, 메시지, 제목). No network needed.

The file is the hand-over: once it is durably on disk, its messages count as sent in the ledger,
so the next run does not put them in a new file. Hence three rules (issue 10):

- An upload file is never replaced. Two runs in the same second must not write one name and lose
  the first run's 4,000 messages while the ledger holds 8,000 as sent. The finished temporary
  file is published with ``os.link`` (fails if the name exists, so the next free ``_2``, ``_3``…
  is taken); where links are not supported, the name is first reserved with ``O_EXCL`` and the
  reserved empty file, ours alone, is replaced.
- The ledger is marked only after ``send_batch`` returns, and it returns only after the file and
  its folder are fsynced: a power cut cannot leave "sent" rows with no file behind them.
- The file holds full phone numbers because it is what the in-house system imports: delete it
  after uploading. A temporary ``.upload-<pid>.*.xlsx`` left by a killed writer holds them too,
  so leftovers of dead processes are swept, as the result writer sweeps its own.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import time
from pathlib import Path

import xlsxwriter

from core.filemode import fsync_folder
from core.notify.channels.base import Delivery, Envelope, Rejected
from core.procs import pid_alive

COLUMNS = ("수신번호", "이름", "메시지", "제목", "유형")
TMP_PREFIX = ".upload-"
# Temporaries written before names carried a pid (mkstemp's random part only): swept once stale.
LEGACY_STALE_SECONDS = 3600


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def remove_stale_uploads(directory: Path, *, now: float | None = None) -> list[Path]:
    """Hidden temporaries of killed upload writers: full phone numbers nobody will ever import."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for candidate in directory.glob(f"{TMP_PREFIX}*.xlsx"):
        middle = candidate.name[len(TMP_PREFIX) : -len(".xlsx")]
        pid_text = middle.split(".", 1)[0]
        try:
            if pid_text.isdigit() and "." in middle:
                stale = not pid_alive(int(pid_text))
            else:
                stale = (now or time.time()) - candidate.stat().st_mtime > LEGACY_STALE_SECONDS
            if stale:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _write_xlsx(path: str, batch: list[Envelope]) -> None:
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("문자발송")
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "font_name": "맑은 고딕"})
    text = wb.add_format({"num_format": "@", "font_name": "맑은 고딕"})
    wrap = wb.add_format({"num_format": "@", "font_name": "맑은 고딕", "text_wrap": True, "valign": "top"})
    for c, name in enumerate(COLUMNS):
        ws.write_string(0, c, name, head)
    for r, env in enumerate(batch, start=1):
        ws.write_string(r, 0, env.to, text)
        if env.name:
            ws.write_string(r, 1, env.name, text)
        ws.write_string(r, 2, env.text, wrap)
        if env.subject:
            ws.write_string(r, 3, env.subject, text)
        ws.write_string(r, 4, env.kind, text)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 4, 16)
    ws.freeze_panes(1, 0)
    wb.close()


def _publish(tmp: Path, path: Path) -> None:
    """Give the finished *tmp* the name *path*, or raise FileExistsError: never onto an existing file."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:  # no hard links here (FAT, some network shares): reserve the name instead
        if exc.errno == errno.EEXIST:
            raise FileExistsError(str(path)) from None
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.replace(tmp, path)  # onto the empty file we have just created ourselves
        return
    tmp.unlink()


def write_upload_file(path: Path, batch: list[Envelope]) -> Path:
    """Write *batch* under *path*, or under ``<stem>_2``, ``_3``… if that name is taken. Returns the name used.

    Returns only once the file and the directory entry are on disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_uploads(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _write_xlsx(tmp_name, batch)
        _fsync_file(tmp)
        candidate, n = path, 1
        while True:
            try:
                _publish(tmp, candidate)
                break
            except FileExistsError:
                n += 1
                candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        fsync_folder(path.parent)
        return candidate
    finally:
        tmp.unlink(missing_ok=True)


def _clock() -> dt.datetime:
    return dt.datetime.now()


class UploadFileChannel:
    name = "upload"
    split_by_kind = False
    max_batch = 10**9  # one file per run

    def __init__(self, directory: Path, prefix: str = "문자업로드", *, now: dt.datetime | None = None):
        self.directory = Path(directory)
        self.prefix = prefix
        self.now = now
        self.files: list[Path] = []

    def send_batch(self, batch: list[Envelope]) -> list[Delivery]:
        stamp = (self.now or _clock()).strftime("%Y%m%d_%H%M%S")
        try:
            path = write_upload_file(self.directory / f"{self.prefix}_{stamp}.xlsx", batch)
        except OSError as exc:
            raise Rejected("file", f"업로드 파일을 쓰지 못했습니다: {exc.strerror or type(exc).__name__}") from None
        self.files.append(path)
        return [Delivery(env.ledger_id, "sent", path.name, "", "업로드 파일에 씀") for env in batch]

    def close(self) -> None:
        pass
