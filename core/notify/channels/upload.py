"""An Excel file for a city's in-house SMS system (수신번호, 이름, 메시지, 제목). No network needed.

The file is the hand-over: once it is written (atomically), its messages count as sent in the
ledger, so the next run does not put them in a new file. The file holds full phone numbers
because it is what the in-house system imports: delete it after uploading.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import xlsxwriter

from core.notify.channels.base import Delivery, Envelope, Rejected

COLUMNS = ("수신번호", "이름", "메시지", "제목", "유형")


def write_upload_file(path: Path, batch: list[Envelope]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
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
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        stamp = (self.now or dt.datetime.now()).strftime("%Y%m%d_%H%M%S")
        path = self.directory / f"{self.prefix}_{stamp}.xlsx"
        n = 1
        while path.exists():
            n += 1
            path = self.directory / f"{self.prefix}_{stamp}_{n}.xlsx"
        try:
            write_upload_file(path, batch)
        except OSError as exc:
            raise Rejected("file", f"업로드 파일을 쓰지 못했습니다: {type(exc).__name__}") from None
        self.files.append(path)
        return [Delivery(env.ledger_id, "sent", path.name, "file", "업로드 파일에 씀") for env in batch]

    def close(self) -> None:
        pass
